import { eq, gt, isNull, or, sql } from 'drizzle-orm';
import { getDb, transaction, type DbExecutor } from '@/db';
import { accessKeys, settings } from '@/db/schema';
import { recordAudit, type Actor, type RequestContext } from '@/lib/audit/record';
import { UserFacingError } from '@/lib/errors';
import { latestExpiry } from './expiry';

/** What administrators set under Administration → Settings → Key policy. */
export type KeyPolicy = { maxLifetimeDays: number | null };

export const KEY_POLICY_SETTING = 'key_policy';
export const DEFAULT_KEY_POLICY: KeyPolicy = { maxLifetimeDays: null };
/** The maximum lifetimes offered; the server takes any whole number of days up to 10 years. */
export const MAX_LIFETIME_CHOICES = [7, 30, 60, 90, 180, 365] as const;
export const LONGEST_MAX_LIFETIME_DAYS = 3650;

export class KeyPolicyError extends UserFacingError {}

function parsePolicy(value: string | undefined): KeyPolicy {
  if (value === undefined) return DEFAULT_KEY_POLICY;
  try {
    const parsed = JSON.parse(value) as { maxLifetimeDays?: unknown };
    const days = parsed.maxLifetimeDays;
    return {
      maxLifetimeDays:
        typeof days === 'number' &&
        Number.isInteger(days) &&
        days >= 1 &&
        days <= LONGEST_MAX_LIFETIME_DAYS
          ? days
          : null,
    };
  } catch {
    return DEFAULT_KEY_POLICY;
  }
}

/** The policy now in force; read inside a write transaction, the one a create is checked against. */
export async function getKeyPolicy(executor: DbExecutor = getDb()): Promise<KeyPolicy> {
  const [row] = await executor
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, KEY_POLICY_SETTING));
  return parsePolicy(row?.value);
}

export async function setKeyPolicy(
  policy: KeyPolicy,
  context: { actor: Actor; request: RequestContext },
): Promise<KeyPolicy> {
  const days = policy.maxLifetimeDays;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > LONGEST_MAX_LIFETIME_DAYS)) {
    throw new KeyPolicyError('keyPolicyInvalid', { max: LONGEST_MAX_LIFETIME_DAYS });
  }
  return transaction(async (tx) => {
    const before = await getKeyPolicy(tx);
    if (before.maxLifetimeDays === days) return before;
    const value = JSON.stringify({ maxLifetimeDays: days });
    await tx
      .insert(settings)
      .values({ key: KEY_POLICY_SETTING, value, updatedAt: new Date() })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
    await recordAudit(tx, {
      action: 'settings.key_policy_changed',
      actor: context.actor,
      target: { type: 'setting', id: KEY_POLICY_SETTING },
      detail: { from: before.maxLifetimeDays, to: days },
      request: context.request,
    });
    return { maxLifetimeDays: days };
  });
}

/**
 * The keys that outlive the limit: not yet expired, and either never expiring or expiring later than
 * a key created now could. They keep their expiry; the policy page counts them.
 */
export async function countKeysBeyondPolicy(
  maxLifetimeDays: number,
  now = Date.now(),
): Promise<{ total: number; neverExpire: number }> {
  const latest = latestExpiry(now, maxLifetimeDays);
  const [row] = await getDb()
    .select({
      total: sql<number>`cast(count(*) as integer)`,
      neverExpire: sql<number>`cast(coalesce(sum(case when ${accessKeys.expiresAt} is null then 1 else 0 end), 0) as integer)`,
    })
    .from(accessKeys)
    .where(or(isNull(accessKeys.expiresAt), gt(accessKeys.expiresAt, latest)));
  return { total: Number(row?.total ?? 0), neverExpire: Number(row?.neverExpire ?? 0) };
}
