import { and, eq, inArray, isNull } from 'drizzle-orm';
import { getDb, transaction } from '@/db';
import { accessKeys, users, type AccessKeyStatus } from '@/db/schema';
import { recordAudit, type Actor, type RequestContext } from '@/lib/audit/record';
import { appUrl } from '@/lib/config/env';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@/lib/i18n/locales';
import { sendMail } from '@/lib/mail/send';
import { leakedKeyMail } from '@/lib/mail/templates';
import { isFormattedSecret, SECRET_PREFIX, secretHash } from './secret-format';

export const KEYS_PAGE = '/account/api-information/access-keys';
/** No Secret this console issued is longer; anything longer is not looked up. */
const MAX_SECRET_LENGTH = 512;
const MAX_URL_IN_AUDIT = 500;
const LOOKUP_BATCH = 100;

/** A key a Secret belongs to, as a leak report or a scan names it (never the Secret). */
export type FoundKey = {
  keyId: number;
  accessKeyId: string;
  userId: number;
  email: string;
  /** The language the owner's mail is written in. */
  locale: Locale;
  name: string | null;
  status: AccessKeyStatus;
  leakedAt: Date | null;
};

/** Where a Secret was seen: the reported URL, or a scanned file and line. */
export type Sighting = { secret: string; url: string | null };

export type LeakedKey = FoundKey & { url: string | null };

/** Could this be one of our Secrets? A prefixed one must pass its checksum; an old one has no shape. */
function worthLookingUp(secret: string) {
  if (secret.length === 0 || secret.length > MAX_SECRET_LENGTH) return false;
  return !secret.startsWith(SECRET_PREFIX) || isFormattedSecret(secret);
}

/** The keys these Secrets belong to, by Secret; Secrets of no key are simply absent. */
export async function findKeysBySecrets(
  secrets: readonly string[],
): Promise<Map<string, FoundKey>> {
  const byHash = new Map<string, string>();
  for (const secret of secrets) if (worthLookingUp(secret)) byHash.set(secretHash(secret), secret);
  const found = new Map<string, FoundKey>();
  const hashes = [...byHash.keys()];
  for (let start = 0; start < hashes.length; start += LOOKUP_BATCH) {
    const rows = await getDb()
      .select({
        hash: accessKeys.secretHash,
        keyId: accessKeys.id,
        accessKeyId: accessKeys.accessKeyId,
        userId: accessKeys.userId,
        email: users.email,
        locale: users.locale,
        name: accessKeys.name,
        status: accessKeys.status,
        leakedAt: accessKeys.leakedAt,
      })
      .from(accessKeys)
      .innerJoin(users, eq(users.id, accessKeys.userId))
      .where(inArray(accessKeys.secretHash, hashes.slice(start, start + LOOKUP_BATCH)));
    for (const { hash, locale, ...key } of rows) {
      found.set(byHash.get(hash!)!, { ...key, locale: isLocale(locale) ? locale : DEFAULT_LOCALE });
    }
  }
  return found;
}

/**
 * Disables each key and marks it leaked, with one audit row each naming where it was seen, in one
 * transaction. A key already marked leaked is left as it is (a second report changes nothing), so
 * the keys returned are those that changed now, for mailing their owners.
 */
export async function disableLeakedKeys(
  sightings: readonly { key: FoundKey; url: string | null }[],
  context: { actor: Actor; request: RequestContext; via: 'report' | 'scan' },
  now = Date.now(),
): Promise<LeakedKey[]> {
  const seen = new Set<number>();
  const fresh = sightings.filter(({ key }) => {
    if (key.leakedAt !== null || seen.has(key.keyId)) return false;
    seen.add(key.keyId);
    return true;
  });
  if (fresh.length === 0) return [];
  return transaction(async (tx) => {
    const leaked: LeakedKey[] = [];
    for (const { key, url } of fresh) {
      const [before] = await tx
        .select({ status: accessKeys.status })
        .from(accessKeys)
        .where(
          and(
            eq(accessKeys.id, key.keyId),
            eq(accessKeys.userId, key.userId),
            isNull(accessKeys.leakedAt),
          ),
        );
      // Deleted, or marked by a report that committed first.
      if (!before) continue;
      await tx
        .update(accessKeys)
        .set({ status: 'disabled', leakedAt: new Date(now) })
        .where(and(eq(accessKeys.id, key.keyId), eq(accessKeys.userId, key.userId)));
      await recordAudit(tx, {
        action: 'access_key.leaked',
        actor: context.actor,
        target: { type: 'access_key', id: key.accessKeyId },
        detail: {
          ownerId: key.userId,
          via: context.via,
          url: url === null ? null : url.slice(0, MAX_URL_IN_AUDIT),
          from: before.status,
          to: 'disabled',
        },
        request: context.request,
      });
      leaked.push({ ...key, status: 'disabled', leakedAt: new Date(now), url });
    }
    return leaked;
  });
}

/** Tells each owner what leaked and what to do. A failed mail is logged; the key stays disabled. */
export async function mailLeakedKeyOwners(leaked: readonly LeakedKey[]): Promise<number> {
  let sent = 0;
  for (const key of leaked) {
    try {
      await sendMail({
        to: key.email,
        ...leakedKeyMail(key.locale, {
          accessKeyId: key.accessKeyId,
          name: key.name,
          url: key.url,
          link: `${appUrl()}${KEYS_PAGE}`,
        }),
      });
      sent++;
    } catch {
      // sendMail has logged the provider's error class; nothing here names the Secret.
      console.error(`[leaks] could not mail the owner of leaked AccessKey ${key.accessKeyId}`);
    }
  }
  return sent;
}

/**
 * A leak report: every Secret that belongs to a key not yet marked leaked disables it at once. The
 * answer is the same whatever matched; the keys returned are for mailing their owners.
 */
export async function reportLeakedSecrets(
  sightings: readonly Sighting[],
  context: { actor: Actor; request: RequestContext; via: 'report' | 'scan' },
  now = Date.now(),
): Promise<LeakedKey[]> {
  const keys = await findKeysBySecrets(sightings.map((sighting) => sighting.secret));
  const matched = sightings.flatMap(({ secret, url }) => {
    const key = keys.get(secret);
    return key ? [{ key, url }] : [];
  });
  return disableLeakedKeys(matched, context, now);
}
