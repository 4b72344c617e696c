import { createSecretKey, type KeyObject } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { changeToken, getDb, type Db } from '@/db';
import { accessKeyProducts, accessKeys, users, type AccessKeyStatus, type Role } from '@/db/schema';
import { masterKeys } from '@/lib/config/env';
import { openSecret } from '@/lib/crypto';

const MAX_CACHED_KEYS = 10_000;

/** What a signed request is checked against: the key, its account, and the Secret to verify with. */
export type KeyRow = {
  keyId: number;
  userId: number;
  secretCiphertext: string;
  status: AccessKeyStatus;
  email: string;
  name: string;
  role: Role;
  programmaticAccess: boolean;
  disabledAt: Date | null;
  /** Null: never expires. */
  expiresAt: Date | null;
  /** The stored IP allow-list (JSON), null for any address; see allowListMatcher. */
  allowedIps: string | null;
  leakedAt: Date | null;
  /** True: the key opens every product; false: only those in productIds. */
  allProducts: boolean;
  productIds: readonly number[];
};

/** Built once per connection; on PostgreSQL a named statement, so the hot path skips parse and plan. */
function prepareKeyQuery(db: Db) {
  return db
    .select({
      keyId: accessKeys.id,
      userId: accessKeys.userId,
      secretCiphertext: accessKeys.secretCiphertext,
      status: accessKeys.status,
      expiresAt: accessKeys.expiresAt,
      allowedIps: accessKeys.allowedIps,
      leakedAt: accessKeys.leakedAt,
      email: users.email,
      name: users.name,
      role: users.role,
      programmaticAccess: users.programmaticAccess,
      disabledAt: users.disabledAt,
      allProducts: accessKeys.allProducts,
    })
    .from(accessKeys)
    .innerJoin(users, eq(users.id, accessKeys.userId))
    .where(eq(accessKeys.accessKeyId, sql.placeholder('accessKeyId')))
    .prepare('api_find_key');
}

function prepareScopeQuery(db: Db) {
  return db
    .select({ productId: accessKeyProducts.productId })
    .from(accessKeyProducts)
    .where(eq(accessKeyProducts.accessKeyId, sql.placeholder('keyId')))
    .prepare('api_key_scope');
}

let queriesOf:
  | {
      db: Db;
      key: ReturnType<typeof prepareKeyQuery>;
      scope: ReturnType<typeof prepareScopeQuery>;
    }
  | undefined;

function queries() {
  const db = getDb();
  if (queriesOf?.db !== db) {
    queriesOf = { db, key: prepareKeyQuery(db), scope: prepareScopeQuery(db) };
  }
  return queriesOf;
}

const ALL_PRODUCTS: readonly number[] = [];

/** The key row with its scope: a second read only for keys limited to chosen products. */
async function readKey(accessKeyId: string): Promise<KeyRow | undefined> {
  const { key, scope } = queries();
  const [row] = await key.execute({ accessKeyId });
  if (row === undefined) return undefined;
  if (row.allProducts) return { ...row, productIds: ALL_PRODUCTS };
  const scoped = await scope.execute({ keyId: row.keyId });
  return { ...row, productIds: scoped.map((entry) => entry.productId) };
}

// Key rows (status, permission, account state) are reused only while the database is unchanged:
// on SQLite the change token moves on any commit by any connection (the console's own, the CLI,
// another instance), so a disable or revoke applies to the very next request, wherever it was made.
// PostgreSQL offers no such token, so there every request reads the row.
const rows = new Map<string, KeyRow>();
let rowsToken: string | undefined;

/** The key and its account as the database holds them now, or undefined when no key has this ID. */
export async function loadKey(accessKeyId: string): Promise<KeyRow | undefined> {
  const token = changeToken();
  if (token === undefined || token !== rowsToken) {
    rows.clear();
    rowsToken = token;
  }
  const cached = rows.get(accessKeyId);
  if (cached !== undefined) return cached;
  const row = await readKey(accessKeyId);
  // Another call may have seen a newer token while this one waited for the row.
  if (row === undefined || token === undefined || token !== rowsToken) return row;
  if (rows.size >= MAX_CACHED_KEYS) rows.clear();
  rows.set(accessKeyId, row);
  return row;
}

let keys: Buffer[] | undefined;
// A ciphertext always opens to the same Secret, so the opened HMAC key is reused while the row
// still holds that exact ciphertext; a re-sealed, deleted or replaced key misses the cache.
const secrets = new Map<string, { sealed: string; key: KeyObject }>();

/** The key's Secret, opened with the master key, as an HMAC key. */
export function secretOf(accessKeyId: string, sealed: string): KeyObject {
  const cached = secrets.get(accessKeyId);
  if (cached !== undefined && cached.sealed === sealed) return cached.key;
  keys ??= masterKeys();
  const key = createSecretKey(Buffer.from(openSecret(sealed, accessKeyId, keys), 'utf8'));
  if (secrets.size >= MAX_CACHED_KEYS) secrets.clear();
  secrets.set(accessKeyId, { sealed, key });
  return key;
}
