import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, migrateDatabase } from '@/db';
import { auditLogs, sessions, users } from '@/db/schema';
import { createSession, markSessionVerified } from '@/lib/auth/sessions';
import { errorMessage } from '@/lib/errors';
import { createUser, setAccountLocale, setRole, UserError } from './accounts';

const context = { actor: null, request: { ip: '127.0.0.1', userAgent: 'vitest' } };

beforeAll(async () => {
  await migrateDatabase();
});

let counter = 0;
function account(role: 'admin' | 'member') {
  counter += 1;
  return createUser(
    {
      email: `user-${counter}@example.test`,
      name: `User ${counter}`,
      role,
      programmaticAccess: false,
      password: null,
    },
    context,
  );
}

async function roleOf(id: number) {
  const [row] = await getDb().select({ role: users.role }).from(users).where(eq(users.id, id));
  return row?.role;
}

function roleChanges(id: number) {
  return getDb()
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.targetId, String(id)), eq(auditLogs.action, 'user.role_changed')))
    .orderBy(asc(auditLogs.id));
}

describe('setRole', () => {
  it('never demotes the last administrator, and changes nothing when it refuses', async () => {
    const only = await account('admin');
    await expect(setRole(only.id, 'member', context)).rejects.toThrow(errorMessage('lastAdmin'));
    expect(await roleOf(only.id)).toBe('admin');
    expect(await roleChanges(only.id)).toHaveLength(0);

    const second = await account('member');
    await setRole(second.id, 'admin', context);
    await setRole(only.id, 'member', context);
    expect(await roleOf(only.id)).toBe('member');
    await expect(setRole(second.id, 'member', context)).rejects.toThrow(errorMessage('lastAdmin'));
    expect(await roleOf(second.id)).toBe('admin');
  });

  it('a demotion ends the verification window of every open session at once', async () => {
    const admin = await account('admin');
    await account('admin');
    const first = await createSession(getDb(), admin.id, context.request);
    const second = await createSession(getDb(), admin.id, context.request);
    await markSessionVerified(first);
    await markSessionVerified(second);
    await setRole(admin.id, 'member', context);
    const windows = await getDb()
      .select({ verifiedUntil: sessions.verifiedUntil })
      .from(sessions)
      .where(eq(sessions.userId, admin.id));
    expect(windows).toEqual([{ verifiedUntil: null }, { verifiedUntil: null }]);
  });

  it('audits the change with the old and new role', async () => {
    const member = await account('member');
    await setRole(member.id, 'admin', context);
    const [row] = await roleChanges(member.id);
    expect(JSON.parse(row.detail ?? '{}')).toEqual({
      email: member.email,
      from: 'member',
      to: 'admin',
    });
  });

  it('refuses an account that no longer exists', async () => {
    await expect(setRole(999_999, 'admin', context)).rejects.toBeInstanceOf(UserError);
  });

  it('keeps one administrator when every administrator is demoted', async () => {
    await Promise.all([account('admin'), account('admin'), account('admin')]);
    const everyAdmin = await getDb().select().from(users).where(eq(users.role, 'admin'));
    const results = await Promise.allSettled(
      everyAdmin.map((admin) => setRole(admin.id, 'member', context)),
    );
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    expect(await getDb().select().from(users).where(eq(users.role, 'admin'))).toHaveLength(1);
  });
});

describe('the account language', () => {
  async function localeOf(id: number) {
    const [row] = await getDb()
      .select({ locale: users.locale })
      .from(users)
      .where(eq(users.id, id));
    return row?.locale;
  }

  function localeChanges(id: number) {
    return getDb()
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.targetId, String(id)), eq(auditLogs.action, 'user.locale_changed')))
      .orderBy(asc(auditLogs.id));
  }

  it('is stored on the account, audited with what it was, and cleared to follow the browser', async () => {
    const member = await account('member');
    const self = { actor: { id: member.id, email: member.email }, request: context.request };
    expect(await localeOf(member.id)).toBeNull();

    await setAccountLocale(member.id, 'ko', self);
    await setAccountLocale(member.id, 'ko', self);
    await setAccountLocale(member.id, null, self);

    expect(await localeOf(member.id)).toBeNull();
    const changes = await localeChanges(member.id);
    expect(changes.map((row) => JSON.parse(row.detail!))).toEqual([
      { from: null, to: 'ko' },
      { from: 'ko', to: null },
    ]);
    expect(changes[0].actorId).toBe(member.id);
  });

  it('refuses an account that no longer exists and writes nothing', async () => {
    await expect(setAccountLocale(999_999, 'zh-CN', context)).rejects.toThrow(
      errorMessage('accountGone'),
    );
    expect(await localeChanges(999_999)).toHaveLength(0);
  });
});
