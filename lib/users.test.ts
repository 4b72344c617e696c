import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, migrateDatabase } from '@/db';
import { auditLogs, sessions, users } from '@/db/schema';
import { createSession, markSessionVerified } from './sessions';
import { createUser, LAST_ADMIN, setRole, UserError } from './users';

const context = { actor: null, request: { ip: '127.0.0.1', userAgent: 'vitest' } };

beforeAll(() => {
  process.env.DATABASE_URL = ':memory:';
  migrateDatabase();
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

function roleOf(id: number) {
  return getDb().select({ role: users.role }).from(users).where(eq(users.id, id)).get()?.role;
}

function roleChanges(id: number) {
  return getDb()
    .select()
    .from(auditLogs)
    .where(eq(auditLogs.targetId, String(id)))
    .all()
    .filter((row) => row.action === 'user.role_changed');
}

describe('setRole', () => {
  it('never demotes the last administrator, and changes nothing when it refuses', async () => {
    const only = await account('admin');
    await expect(setRole(only.id, 'member', context)).rejects.toThrow(LAST_ADMIN);
    expect(roleOf(only.id)).toBe('admin');
    expect(roleChanges(only.id)).toHaveLength(0);

    const second = await account('member');
    await setRole(second.id, 'admin', context);
    await setRole(only.id, 'member', context);
    expect(roleOf(only.id)).toBe('member');
    await expect(setRole(second.id, 'member', context)).rejects.toThrow(LAST_ADMIN);
    expect(roleOf(second.id)).toBe('admin');
  });

  it('a demotion ends the verification window of every open session at once', async () => {
    const admin = await account('admin');
    await account('admin');
    const first = createSession(getDb(), admin.id, context.request);
    const second = createSession(getDb(), admin.id, context.request);
    await markSessionVerified(first);
    await markSessionVerified(second);
    await setRole(admin.id, 'member', context);
    const windows = getDb()
      .select({ verifiedUntil: sessions.verifiedUntil })
      .from(sessions)
      .where(eq(sessions.userId, admin.id))
      .all();
    expect(windows).toEqual([{ verifiedUntil: null }, { verifiedUntil: null }]);
  });

  it('audits the change with the old and new role', async () => {
    const member = await account('member');
    await setRole(member.id, 'admin', context);
    const [row] = roleChanges(member.id);
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
    const everyAdmin = getDb().select().from(users).where(eq(users.role, 'admin')).all();
    const results = await Promise.allSettled(
      everyAdmin.map((admin) => setRole(admin.id, 'member', context)),
    );
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    expect(getDb().select().from(users).where(eq(users.role, 'admin')).all()).toHaveLength(1);
  });
});
