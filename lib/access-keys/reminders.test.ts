import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareTestEnvironment } from '@/test/environment';
import { raceWorkers } from '@/test/race-workers';

prepareTestEnvironment();
const { getDb, migrateDatabase } = await import('@/db');
const { accessKeys, auditLogs, keyReminders, mailboxMessages } = await import('@/db/schema');
const { and, eq, inArray } = await import('drizzle-orm');
const { createAccessKey } = await import('@/lib/access-keys/keys');
const { DAY_MS } = await import('@/lib/access-keys/expiry');
const reminders = await import('@/lib/access-keys/reminders');
const { createUser, setAccountDisabled } = await import('@/lib/users/accounts');
const { MailError } = await import('@/lib/mail/send');

const context = { actor: null, request: { ip: null, userAgent: 'vitest' } };
const HOUR = 3_600_000;
let sequence = 0;

beforeAll(async () => {
  await migrateDatabase();
});

async function owner() {
  sequence++;
  return createUser(
    {
      email: `reminders-${sequence}@example.test`,
      name: `Reminders ${sequence}`,
      role: 'member',
      programmaticAccess: true,
      password: null,
    },
    context,
  );
}

/** A key of `userId` created `createdAgo` before `now`, expiring `expiresIn` after it. */
async function keyExpiring(
  userId: number,
  now: number,
  expiresIn: number,
  createdAgo = 30 * DAY_MS,
) {
  const key = await createAccessKey(userId, context, {}, now - createdAgo);
  await getDb()
    .update(accessKeys)
    .set({ expiresAt: new Date(now + expiresIn) })
    .where(and(eq(accessKeys.id, key.id), eq(accessKeys.userId, userId)));
  return key;
}

async function subjectsTo(email: string) {
  const mails = await getDb().select().from(mailboxMessages).where(eq(mailboxMessages.to, email));
  return mails.map((mail) => mail.subject).sort();
}

describe('dueReminder', () => {
  const now = Date.UTC(2026, 11, 7, 12);
  const key = (expiresIn: number, createdAgo = 30 * DAY_MS) => ({
    createdAt: new Date(now - createdAgo),
    expiresAt: new Date(now + expiresIn),
  });

  it('is the latest reminder whose moment has come', () => {
    expect(reminders.dueReminder(key(8 * DAY_MS), now)).toBeNull();
    expect(reminders.dueReminder(key(7 * DAY_MS), now)).toBe('expires_in_7_days');
    expect(reminders.dueReminder(key(2 * DAY_MS), now)).toBe('expires_in_7_days');
    expect(reminders.dueReminder(key(DAY_MS), now)).toBe('expires_in_1_day');
    expect(reminders.dueReminder(key(1), now)).toBe('expires_in_1_day');
    expect(reminders.dueReminder(key(0), now)).toBe('expired');
    expect(reminders.dueReminder(key(-6 * DAY_MS), now)).toBe('expired');
  });

  it('skips a reminder whose moment came before the key existed, and long-expired keys', () => {
    // A 7-day key: its "7 days left" moment is its creation.
    expect(reminders.dueReminder(key(7 * DAY_MS, 0), now)).toBeNull();
    expect(reminders.dueReminder(key(6 * DAY_MS, HOUR), now)).toBeNull();
    // Created 3 hours before its last day began: the 1-day reminder is due.
    expect(reminders.dueReminder(key(DAY_MS - HOUR, 3 * HOUR), now)).toBe('expires_in_1_day');
    expect(reminders.dueReminder(key(-8 * DAY_MS), now)).toBeNull();
  });
});

describe('sendDueReminders', () => {
  it('mails each due reminder once, to the owner, and audits it', async () => {
    const now = Date.UTC(2030, 0, 10, 12);
    const user = await owner();
    const week = await keyExpiring(user.id, now, 5 * DAY_MS);
    const day = await keyExpiring(user.id, now, 20 * HOUR);
    const gone = await keyExpiring(user.id, now, -HOUR);
    await keyExpiring(user.id, now, 30 * DAY_MS);

    expect(await reminders.sendDueReminders(now)).toEqual({ sent: 3, failed: 0 });
    expect(await reminders.sendDueReminders(now)).toEqual({ sent: 0, failed: 0 });
    expect(await reminders.sendDueReminders(now + HOUR)).toEqual({ sent: 0, failed: 0 });
    expect(await subjectsTo(user.email)).toEqual(
      [
        `Your AccessKey ${day.accessKeyId} expires tomorrow`,
        `Your AccessKey ${gone.accessKeyId} has expired`,
        `Your AccessKey ${week.accessKeyId} expires in 7 days`,
      ].sort(),
    );
    const audits = await getDb()
      .select()
      .from(auditLogs)
      .where(
        and(
          eq(auditLogs.action, 'access_key.expiry_reminder_sent'),
          eq(auditLogs.targetId, week.accessKeyId),
        ),
      );
    expect(JSON.parse(audits[0].detail!)).toMatchObject({ reminder: 'expires_in_7_days' });

    // Time moves on: the week key's last day and the day key's expiry, then the week key's expiry.
    expect(await reminders.sendDueReminders(now + 4 * DAY_MS + HOUR)).toMatchObject({ sent: 2 });
    expect(await reminders.sendDueReminders(now + 5 * DAY_MS)).toMatchObject({ sent: 1 });
    expect(await reminders.sendDueReminders(now + 5 * DAY_MS)).toMatchObject({ sent: 0 });
    expect(await subjectsTo(user.email)).toHaveLength(6);
  });

  it('sends nothing for disabled keys, disabled accounts or leaked keys', async () => {
    const now = Date.UTC(2030, 1, 10, 12);
    const user = await owner();
    const disabled = await keyExpiring(user.id, now, 2 * DAY_MS);
    await getDb()
      .update(accessKeys)
      .set({ status: 'disabled', leakedAt: new Date(now) })
      .where(eq(accessKeys.id, disabled.id));
    const other = await owner();
    await keyExpiring(other.id, now, 2 * DAY_MS);
    await setAccountDisabled(other.id, true, context);
    await reminders.sendDueReminders(now);
    expect(await subjectsTo(user.email)).toEqual([]);
    expect(await subjectsTo(other.email)).toEqual([]);
  });

  it('leaves a failed mail for a later run, which sends it once', async () => {
    const now = Date.UTC(2030, 2, 10, 12);
    const user = await owner();
    const key = await keyExpiring(user.id, now, 3 * DAY_MS);
    const outage = async () => {
      throw new MailError('mailFailed');
    };
    const sent: string[] = [];
    const working = async (mail: { to: string; subject: string }) => {
      sent.push(mail.subject);
    };
    expect(await reminders.sendDueReminders(now, outage)).toMatchObject({ sent: 0, failed: 1 });
    const [row] = await getDb().select().from(keyReminders).where(eq(keyReminders.keyId, key.id));
    expect(row).toMatchObject({ state: 'failed', attempts: 1, sentAt: null });
    // Not before the retry delay.
    expect(await reminders.sendDueReminders(now + 60_000, working)).toMatchObject({ sent: 0 });
    const later = now + reminders.RETRY_AFTER_MS;
    expect(await reminders.sendDueReminders(later, working)).toMatchObject({ sent: 1 });
    expect(
      await reminders.sendDueReminders(later + reminders.RETRY_AFTER_MS, working),
    ).toMatchObject({ sent: 0 });
    expect(sent).toEqual([`Your AccessKey ${key.accessKeyId} expires in 7 days`]);
    const [after] = await getDb().select().from(keyReminders).where(eq(keyReminders.keyId, key.id));
    expect(after).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('two workers racing (4 processes, 3 runs each) send each reminder exactly once', async () => {
    const now = Date.UTC(2030, 3, 10, 12);
    const users = [await owner(), await owner(), await owner()];
    const keys = [];
    for (const user of users) {
      keys.push(await keyExpiring(user.id, now, 3 * DAY_MS));
      keys.push(await keyExpiring(user.id, now, 10 * HOUR));
      keys.push(await keyExpiring(user.id, now, -10 * HOUR));
    }
    const summaries = await raceWorkers<{ sent: number; failed: number; errors: string[] }>(
      path.join(__dirname, 'send-reminders.worker.ts'),
      Array.from({ length: 4 }, () => [String(now), '3']),
    );
    expect(summaries.flatMap((summary) => summary.errors)).toEqual([]);
    expect(summaries.reduce((sum, summary) => sum + summary.sent, 0)).toBe(keys.length);
    for (const user of users) expect(await subjectsTo(user.email)).toHaveLength(3);
    const rows = await getDb()
      .select()
      .from(keyReminders)
      .where(
        inArray(
          keyReminders.keyId,
          keys.map((key) => key.id),
        ),
      );
    expect(rows).toHaveLength(keys.length);
    expect(rows.every((row) => row.state === 'sent' && row.attempts === 1)).toBe(true);
  }, 60_000);
});
