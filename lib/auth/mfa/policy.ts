import { eq, sql } from 'drizzle-orm';
import { getDb, transaction, type DbExecutor } from '@/db';
import { users, type Role } from '@/db/schema';
import { recordAudit, type Actor, type RequestContext } from '@/lib/audit/record';
import { UserFacingError } from '@/lib/errors';
import { readSetting, writeSetting, type MfaPolicy } from '@/lib/settings/settings';

export function policyApplies(policy: MfaPolicy, role: Role) {
  return policy === 'everyone' || (policy === 'admins' && role === 'admin');
}

/** Whether the account has a second factor: a confirmed authenticator app or a passkey. */
export async function hasSecondFactor(userId: number, executor: DbExecutor = getDb()) {
  // Both engines answer exists() in one round trip; SQLite as 0/1, PostgreSQL as a boolean.
  const [row] = await executor
    .select({
      totp: sql<unknown>`exists (select 1 from totp_credentials where user_id = ${userId} and confirmed_at is not null)`,
      passkey: sql<unknown>`exists (select 1 from passkeys where user_id = ${userId})`,
    })
    .from(users)
    .where(eq(users.id, userId));
  return row !== undefined && (Number(row.totp) === 1 || Number(row.passkey) === 1);
}

/**
 * Whether the policy holds this account at the setup page: it applies to the account's role and the
 * account has no second factor yet. Read on every request, so a policy change, a role change or a
 * method added or removed on any instance counts at once.
 */
export async function mfaSetupRequired(user: { id: number; role: Role }) {
  const policy = await readSetting('mfaPolicy');
  if (!policy || policy === 'nobody' || !policyApplies(policy, user.role)) return false;
  return !(await hasSecondFactor(user.id));
}

/** Whether the policy requires a second factor of this account (so its last one cannot be removed). */
export async function mfaRequiredFor(user: { role: Role }, executor: DbExecutor = getDb()) {
  return policyApplies(await readSetting('mfaPolicy', executor), user.role);
}

export async function setMfaPolicy(
  policy: MfaPolicy,
  context: { actor: NonNullable<Actor> & { role: Role }; request: RequestContext },
) {
  return transaction(async (tx) => {
    const previous = await readSetting('mfaPolicy', tx);
    if (previous === policy) return { changed: false };
    if (
      policyApplies(policy, context.actor.role) &&
      !(await hasSecondFactor(context.actor.id, tx))
    ) {
      throw new UserFacingError('enforceWithoutOwnMfa');
    }
    await writeSetting(tx, 'mfaPolicy', policy, context.actor.id);
    await recordAudit(tx, {
      action: 'settings.mfa_policy_changed',
      actor: context.actor,
      target: { type: 'setting', id: 'mfa_policy' },
      detail: { from: previous, to: policy },
      request: context.request,
    });
    return { changed: true };
  });
}
