import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, migrateDatabase } from '@/db';
import { auditLogs, sessions, users } from '@/db/schema';
import { createSession, findActiveSession } from '@/lib/auth/sessions';
import { authenticate } from '@/lib/auth/sign-in';
import { errorMessage } from '@/lib/errors';
import { createUser, setAccountDisabled, UserError } from './accounts';

const request = { ip: '127.0.0.1', userAgent: 'vitest' };
const system = { actor: null, request };
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  await migrateDatabase();
});

let counter = 0;
function account(role: 'admin' | 'member' = 'member') {
  counter += 1;
  return createUser(
    {
      email: `disable-${counter}@example.test`,
      name: `Disable ${counter}`,
      role,
      programmaticAccess: true,
      password: PASSWORD,
    },
    system,
  );
}

function asActor(user: { id: number; email: string }) {
  return { actor: { id: user.id, email: user.email }, request };
}

async function disabledAt(id: number) {
  const [row] = await getDb().select({ at: users.disabledAt }).from(users).where(eq(users.id, id));
  return row?.at;
}

function sessionCount(userId: number) {
  return getDb().$count(sessions, eq(sessions.userId, userId));
}

function auditActions(userId: number, ...actions: string[]) {
  return getDb()
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.targetId, String(userId)), inArray(auditLogs.action, actions)))
    .orderBy(asc(auditLogs.id));
}

describe('setAccountDisabled', () => {
  it('disables the account, ends every session in the same step and audits who did it', async () => {
    const admin = await account('admin');
    const member = await account();
    const first = await createSession(getDb(), member.id, request);
    await createSession(getDb(), member.id, request);
    expect(await findActiveSession(first)).not.toBeNull();

    await setAccountDisabled(member.id, true, asActor(admin));
    expect(await disabledAt(member.id)).toBeInstanceOf(Date);
    expect(await sessionCount(member.id)).toBe(0);
    expect(await findActiveSession(first)).toBeNull();
    const [row] = await auditActions(member.id, 'user.disabled');
    expect(row).toMatchObject({ actorId: admin.id, actorEmail: admin.email, targetType: 'user' });
    expect(JSON.parse(row.detail ?? '{}')).toEqual({ email: member.email });

    // Disabling again changes nothing and writes nothing.
    await setAccountDisabled(member.id, true, asActor(admin));
    expect(await auditActions(member.id, 'user.disabled')).toHaveLength(1);

    await setAccountDisabled(member.id, false, asActor(admin));
    expect(await disabledAt(member.id)).toBeNull();
    expect(await auditActions(member.id, 'user.enabled')).toHaveLength(1);
  });

  it('refuses sign-in with the right password while disabled, in the same words as a wrong one', async () => {
    const admin = await account('admin');
    const member = await account();
    await setAccountDisabled(member.id, true, asActor(admin));
    const refused = await authenticate({ email: member.email, password: PASSWORD }, request);
    expect(refused).toEqual({ status: 'invalid' });
    const wrong = await authenticate(
      { email: member.email, password: 'not the password' },
      request,
    );
    expect(wrong).toEqual(refused);
    const reasons = (await auditActions(member.id, 'auth.sign_in_failed')).map(
      (row) => JSON.parse(row.detail ?? '{}').reason,
    );
    expect(reasons).toEqual(['account_disabled', 'account_disabled']);
    expect(await sessionCount(member.id)).toBe(0);

    await setAccountDisabled(member.id, false, asActor(admin));
    const restored = await authenticate({ email: member.email, password: PASSWORD }, request);
    expect(restored.status).toBe('ok');
    if (restored.status === 'ok')
      expect(await findActiveSession(restored.sessionId)).not.toBeNull();
  });

  it('treats a live session of a disabled account as signed out', async () => {
    const member = await account();
    const sessionId = await createSession(getDb(), member.id, request);
    // Set directly, as another instance or an operator might, without ending the sessions.
    await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, member.id));
    expect(await findActiveSession(sessionId)).toBeNull();
    await getDb().update(users).set({ disabledAt: null }).where(eq(users.id, member.id));
    expect((await findActiveSession(sessionId))?.user.id).toBe(member.id);
  });

  it('never lets administrators disable themselves', async () => {
    const admin = await account('admin');
    await account('admin');
    await expect(setAccountDisabled(admin.id, true, asActor(admin))).rejects.toThrow(
      errorMessage('cannotDisableSelf'),
    );
    expect(await disabledAt(admin.id)).toBeNull();
    expect(await auditActions(admin.id, 'user.disabled')).toHaveLength(0);
  });

  it('refuses an account that no longer exists', async () => {
    await expect(setAccountDisabled(999_999, true, system)).rejects.toBeInstanceOf(UserError);
  });

  it('keeps one active administrator when every administrator is disabled at once', async () => {
    await Promise.all([account('admin'), account('admin')]);
    const activeAdmins = () =>
      getDb()
        .select()
        .from(users)
        .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
        .orderBy(asc(users.id));
    const everyAdmin = await activeAdmins();
    expect(everyAdmin.length).toBeGreaterThan(2);
    const results = await Promise.allSettled(
      everyAdmin.map((admin) => setAccountDisabled(admin.id, true, system)),
    );
    const refused = results.filter((result) => result.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toEqual(new UserError('lastActiveAdmin'));
    const [last] = await activeAdmins();
    expect(await activeAdmins()).toHaveLength(1);
    expect(
      await getDb()
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.targetId, String(last.id)), eq(auditLogs.action, 'user.disabled'))),
    ).toHaveLength(0);

    // A member can still be disabled, and a disabled administrator enabled again.
    const member = await account();
    await setAccountDisabled(member.id, true, system);
    await setAccountDisabled(everyAdmin.find((a) => a.id !== last.id)!.id, false, system);
    expect(await activeAdmins()).toHaveLength(2);
  });
});
