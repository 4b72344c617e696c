import { render } from '@react-email/render';
import type { ReactElement } from 'react';
import { Resend } from 'resend';
import { getDb } from '@/db';
import { mailboxMessages } from '@/db/schema';
import { getEnv, mailTransport } from '@/lib/config/env';
import { withTimeout } from '@/lib/timeout';
import { UserFacingError } from '@/lib/errors';

export class MailError extends UserFacingError {}

const SEND_TIMEOUT_MS = 10_000;

let resend: Resend | undefined;

/** A mail already in its recipient's language: subject and body come from lib/mail/templates.tsx. */
export type Mail = { to: string; subject: string; body: ReactElement };

/** Sends through Resend when configured, else into the local mailbox; throws MailError on failure. */
export async function sendMail(mail: Mail): Promise<void> {
  const [html, text] = await Promise.all([
    render(mail.body),
    render(mail.body, { plainText: true }),
  ]);
  const env = getEnv();
  if (mailTransport(env) === 'log') {
    await getDb().insert(mailboxMessages).values({ to: mail.to, subject: mail.subject, text });
    console.log(`[mail] To: ${mail.to}\n[mail] Subject: ${mail.subject}\n${text}\n[mail] ---`);
    return;
  }
  resend ??= new Resend(env.RESEND_API_KEY);
  try {
    const { error } = await withTimeout(
      resend.emails.send({ from: env.MAIL_FROM, to: mail.to, subject: mail.subject, html, text }),
      SEND_TIMEOUT_MS,
      () => new Error('timeout'),
    );
    if (error) throw new Error(error.name);
  } catch (error) {
    // Only the provider's error class is logged: the message body holds the code.
    console.error(
      `[mail] sending failed: ${error instanceof Error ? error.message : 'unknown error'}`,
    );
    throw new MailError('mailFailed');
  }
}
