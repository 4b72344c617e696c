import { Inbox } from 'lucide-react';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ACCOUNT_CRUMBS, PageHeader } from '@/components/page-header';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/guards';
import { mailTransport } from '@/lib/config/env';
import { formatDateTime } from '@/lib/format';
import { listMailboxMessages, MAILBOX_PAGE_SIZE } from '@/lib/mail/mailbox';

export const metadata: Metadata = { title: 'Mailbox' };

export default async function MailboxPage() {
  // Only the development mailbox exists here; with a real provider the mail is in the real inbox.
  if (mailTransport() !== 'log') notFound();
  const { user } = await requireSession();
  const messages = await listMailboxMessages(user.email);
  return (
    <>
      <PageHeader
        crumbs={[ACCOUNT_CRUMBS.accountManagement, { label: 'Mailbox' }]}
        title="Mailbox"
        description={`No mail provider is configured, so mail for ${user.email} is kept here (and printed to the server log) instead of being sent. The newest ${MAILBOX_PAGE_SIZE} messages are shown, newest first.`}
      />
      {messages.length === 0 ? (
        <div className="bg-card grid justify-items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center">
          <Inbox className="text-muted-foreground size-8" aria-hidden />
          <p className="text-muted-foreground text-sm">No mail for this account yet.</p>
        </div>
      ) : (
        <ol className="grid max-w-3xl gap-3" aria-label="Messages">
          {messages.map((message) => (
            <li key={message.id}>
              <Card>
                <CardHeader>
                  <CardTitle className="text-base">{message.subject}</CardTitle>
                  <p className="text-muted-foreground text-xs">
                    {formatDateTime(message.createdAt)}
                  </p>
                </CardHeader>
                <CardContent>
                  <pre className="font-sans text-sm whitespace-pre-wrap">{message.text}</pre>
                </CardContent>
              </Card>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
