import { and, asc, eq, gt, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { getDb, transaction } from '@/db';
import { accessKeys, keyReminders, users, type KeyReminderKind } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { appUrl } from '@/lib/config/env';
import { sendMail, type Mail } from '@/lib/mail/send';
import { DEFAULT_LOCALE, isLocale } from '@/lib/i18n/locales';
import { expiryReminderMail } from '@/lib/mail/templates';
import { DAY_MS } from './expiry';
import { KEYS_PAGE } from './leaks';

/** Each reminder's moment, as the time before expiry; latest first. */
export const REMINDERS: readonly { kind: KeyReminderKind; before: number }[] = [
  { kind: 'expired', before: 0 },
  { kind: 'expires_in_1_day', before: DAY_MS },
  { kind: 'expires_in_7_days', before: 7 * DAY_MS },
];
/** An expired key is not mailed about once it has been expired this long (the job was off). */
const EXPIRED_MAIL_WITHIN_MS = 7 * DAY_MS;
/** A failed mail is tried again after this long, at most MAX_ATTEMPTS times in all. */
export const RETRY_AFTER_MS = 10 * 60 * 1000;
export const MAX_ATTEMPTS = 10;
/** Keys read per run; more wait for the next run (those done are not read again). */
const BATCH = 1000;

/**
 * The one reminder due for a key now, if any: the latest whose moment has come and that was still
 * ahead when the key was created (a key made to live 5 days gets no "7 days left" mail; one whose
 * 7-day reminder was missed gets the 1-day one, not both).
 */
export function dueReminder(
  key: { createdAt: Date; expiresAt: Date },
  now: number,
): KeyReminderKind | null {
  const expiresAt = key.expiresAt.getTime();
  if (now - expiresAt > EXPIRED_MAIL_WITHIN_MS) return null;
  for (const { kind, before } of REMINDERS) {
    const moment = expiresAt - before;
    if (now >= moment) return moment > key.createdAt.getTime() ? kind : null;
  }
  return null;
}

type Candidate = {
  keyId: number;
  userId: number;
  accessKeyId: string;
  name: string | null;
  expiresAt: Date;
  email: string;
  locale: string | null;
};

/**
 * Claims the send of one reminder in the database before anything is mailed: a new row for a first
 * try, or the `failed` row of an earlier try once RETRY_AFTER_MS has passed. Either is one statement
 * that only one instance can win (a primary key; a row lock on PostgreSQL, the write lock on
 * SQLite), so two instances never both send. A claim whose process dies before it records the
 * outcome stays `sending`: that reminder is not sent again (never twice beats surely once).
 */
async function claim(keyId: number, kind: KeyReminderKind, now: number): Promise<boolean> {
  const inserted = await getDb()
    .insert(keyReminders)
    .values({ keyId, kind, state: 'sending', attempts: 1, claimedAt: new Date(now) })
    .onConflictDoNothing()
    .returning({ keyId: keyReminders.keyId });
  if (inserted.length > 0) return true;
  const retried = await getDb()
    .update(keyReminders)
    .set({
      state: 'sending',
      attempts: sql`${keyReminders.attempts} + 1`,
      claimedAt: new Date(now),
    })
    .where(
      and(
        eq(keyReminders.keyId, keyId),
        eq(keyReminders.kind, kind),
        eq(keyReminders.state, 'failed'),
        lte(keyReminders.claimedAt, new Date(now - RETRY_AFTER_MS)),
        sql`${keyReminders.attempts} < ${MAX_ATTEMPTS}`,
      ),
    )
    .returning({ keyId: keyReminders.keyId });
  return retried.length > 0;
}

export type ReminderRun = { sent: number; failed: number };

/**
 * Sends every reminder due at `now`, each at most once per key and kind whatever the number of
 * instances running this at the same moment. Enabled keys of enabled accounts only; a leaked key is
 * disabled, so it gets none.
 */
export async function sendDueReminders(
  now = Date.now(),
  send: (mail: Mail) => Promise<void> = sendMail,
): Promise<ReminderRun> {
  const run: ReminderRun = { sent: 0, failed: 0 };
  // The kind due by time alone, in SQL, so keys whose reminder is already sent or being sent are not
  // read again: each run reads only what may still need a mail.
  const dueKind = sql`case when ${accessKeys.expiresAt} <= ${sql.param(new Date(now), accessKeys.expiresAt)} then 'expired' when ${accessKeys.expiresAt} <= ${sql.param(new Date(now + DAY_MS), accessKeys.expiresAt)} then 'expires_in_1_day' else 'expires_in_7_days' end`;
  const candidates = await getDb()
    .select({
      keyId: accessKeys.id,
      userId: accessKeys.userId,
      accessKeyId: accessKeys.accessKeyId,
      name: accessKeys.name,
      createdAt: accessKeys.createdAt,
      expiresAt: accessKeys.expiresAt,
      email: users.email,
      locale: users.locale,
    })
    .from(accessKeys)
    .innerJoin(users, eq(users.id, accessKeys.userId))
    .where(
      and(
        isNotNull(accessKeys.expiresAt),
        lte(accessKeys.expiresAt, new Date(now + 7 * DAY_MS)),
        gt(accessKeys.expiresAt, new Date(now - EXPIRED_MAIL_WITHIN_MS)),
        eq(accessKeys.status, 'enabled'),
        isNull(users.disabledAt),
        sql`not exists (select 1 from ${keyReminders} where ${keyReminders.keyId} = ${accessKeys.id} and ${keyReminders.kind} = ${dueKind} and ${keyReminders.state} <> 'failed')`,
      ),
    )
    .orderBy(asc(accessKeys.expiresAt))
    .limit(BATCH);
  for (const candidate of candidates) {
    const key = { ...candidate, expiresAt: candidate.expiresAt! };
    const kind = dueReminder(key, now);
    if (kind === null || !(await claim(key.keyId, kind, now))) continue;
    if (await deliver(key, kind, now, send)) run.sent++;
    else run.failed++;
  }
  return run;
}

async function deliver(
  key: Candidate,
  kind: KeyReminderKind,
  now: number,
  send: (mail: Mail) => Promise<void>,
): Promise<boolean> {
  const where = and(eq(keyReminders.keyId, key.keyId), eq(keyReminders.kind, kind));
  try {
    await send({
      to: key.email,
      ...expiryReminderMail(isLocale(key.locale) ? key.locale : DEFAULT_LOCALE, {
        kind,
        accessKeyId: key.accessKeyId,
        name: key.name,
        expiresAt: key.expiresAt,
        link: `${appUrl()}${KEYS_PAGE}`,
      }),
    });
  } catch {
    // Left for a later run: the claim becomes retryable; nothing was delivered.
    await getDb()
      .update(keyReminders)
      .set({ state: 'failed' })
      .where(where)
      .catch(() => {});
    console.error(`[reminders] could not mail the ${kind} reminder of ${key.accessKeyId}`);
    return false;
  }
  await transaction(async (tx) => {
    await tx
      .update(keyReminders)
      .set({ state: 'sent', sentAt: new Date(now) })
      .where(where);
    await recordAudit(tx, {
      action: 'access_key.expiry_reminder_sent',
      actor: null,
      target: { type: 'access_key', id: key.accessKeyId },
      detail: { ownerId: key.userId, reminder: kind, expiresAt: key.expiresAt.toISOString() },
      request: { ip: null, userAgent: 'expiry-reminders' },
    });
  });
  return true;
}

let timer: NodeJS.Timeout | undefined;

/**
 * The periodic job inside the server: a first run shortly after start, then one every `intervalMs`.
 * Runs never overlap in one process; the database keeps instances from sending twice. The timer is
 * unref'd, so it never keeps a stopping process alive.
 */
export function startReminderJob(intervalMs: number) {
  if (timer) return;
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    sendDueReminders()
      .catch((error: unknown) =>
        console.error(
          '[reminders] run failed:',
          error instanceof Error ? error.message : String(error),
        ),
      )
      .finally(() => {
        running = false;
      });
  };
  setTimeout(tick, Math.min(intervalMs, 5_000)).unref();
  timer = setInterval(tick, intervalMs);
  timer.unref();
}

export function stopReminderJob() {
  if (timer) clearInterval(timer);
  timer = undefined;
}
