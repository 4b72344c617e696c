import { Inbox } from 'lucide-react';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { DateTime } from '@/components/date-time';
import { accountCrumbs, PageHeader } from '@/components/page-header';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/guards';
import { mailTransport } from '@/lib/config/env';
import { listMailboxMessages, MAILBOX_PAGE_SIZE } from '@/lib/mail/mailbox';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('mailbox'))('title') };
}

export default async function MailboxPage() {
  // Only the development mailbox exists here; with a real provider the mail is in the real inbox.
  if (mailTransport() !== 'log') notFound();
  const { user } = await requireSession();
  const messages = await listMailboxMessages(user.email);
  const t = await getTranslations('mailbox');
  const crumbs = await accountCrumbs();
  return (
    <>
      <PageHeader
        crumbs={[crumbs.accountManagement, { label: t('title') }]}
        title={t('title')}
        description={t('description', { email: user.email, count: MAILBOX_PAGE_SIZE })}
      />
      {messages.length === 0 ? (
        <div className="bg-card grid justify-items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center">
          <Inbox className="text-muted-foreground size-8" aria-hidden />
          <p className="text-muted-foreground text-sm">{t('empty')}</p>
        </div>
      ) : (
        <ol className="grid max-w-3xl gap-3" aria-label={t('listLabel')}>
          {messages.map((message) => (
            <li key={message.id}>
              <Card>
                <CardHeader>
                  <CardTitle className="text-base">{message.subject}</CardTitle>
                  <p className="text-muted-foreground text-xs">
                    <DateTime value={message.createdAt} />
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
