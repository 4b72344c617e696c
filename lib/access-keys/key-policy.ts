import { gt, isNull, or, sql } from 'drizzle-orm';
import { getDb, transaction, type DbExecutor } from '@/db';
import { accessKeys } from '@/db/schema';
import { recordAudit, type Actor, type RequestContext } from '@/lib/audit/record';
import { UserFacingError } from '@/lib/errors';
import {
  LONGEST_MAX_LIFETIME_DAYS,
  readSetting,
  SETTINGS,
  writeSetting,
  type KeyPolicy,
} from '@/lib/settings/settings';
import { latestExpiry } from './expiry';

export { LONGEST_MAX_LIFETIME_DAYS, type KeyPolicy } from '@/lib/settings/settings';

export const KEY_POLICY_SETTING = SETTINGS.keyPolicy.key;
/** The maximum lifetimes offered; the server takes any whole number of days up to 10 years. */
export const MAX_LIFETIME_CHOICES = [7, 30, 60, 90, 180, 365] as const;

export class KeyPolicyError extends UserFacingError {}

/**
 * The policy now in force (Administration → Settings → Key policy); read inside a write transaction,
 * the one a create is checked against.
 */
export async function getKeyPolicy(executor: DbExecutor = getDb()): Promise<KeyPolicy> {
  return readSetting('keyPolicy', executor);
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
    await writeSetting(tx, 'keyPolicy', { maxLifetimeDays: days }, context.actor?.id ?? null);
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
