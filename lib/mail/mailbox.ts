import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { mailboxMessages, type MailboxMessage } from '@/db/schema';

export const MAILBOX_PAGE_SIZE = 50;

/** The newest messages of the local development mailbox addressed to one account. */
export async function listMailboxMessages(email: string): Promise<MailboxMessage[]> {
  return getDb()
    .select()
    .from(mailboxMessages)
    .where(eq(mailboxMessages.to, email))
    .orderBy(desc(mailboxMessages.createdAt), desc(mailboxMessages.id))
    .limit(MAILBOX_PAGE_SIZE);
}
