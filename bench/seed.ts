import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { AUDIT_ACTIONS } from '@/lib/audit/record';
import { sealSecret } from '@/lib/crypto';
import { hashPassword } from '@/lib/auth/password';

export type SeededKey = { accessKeyId: string; secret: string };
export type Seeded = {
  admin: { email: string; password: string; key: SeededKey };
  member: { email: string; password: string; keys: SeededKey[] };
  targetUserId: number;
};

function newKey(): SeededKey {
  return {
    accessKeyId: `AK${randomBytes(12).toString('hex').toUpperCase()}`,
    secret: randomBytes(30).toString('base64url'),
  };
}

const ADMIN_PASSWORD = 'bench-admin-password';
const MEMBER_PASSWORD = 'bench-member-password';
// A well-formed hash no password matches: the bulk accounts exist to be listed and searched.
const DUMMY_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

function seeded(adminKey: SeededKey, memberKeys: SeededKey[], targetUserId: number): Seeded {
  return {
    admin: { email: 'bench-admin@example.com', password: ADMIN_PASSWORD, key: adminKey },
    member: { email: 'bench-member@example.com', password: MEMBER_PASSWORD, keys: memberKeys },
    targetUserId,
  };
}

/** Seeds a migrated SQLite file directly: one transaction per table, prepared statements. */
export type Volume = { accounts: number; auditRows: number; usageKeys: number };

const HOUR = 3_600_000;
const PRODUCTS = ['open-api', 'weather', 'billing'];

/**
 * Usage as `usageKeys` busy keys leave it: each called every hour of the last 24 on one product,
 * and 30 days of every product's totals; plus 30 days of hourly calls for the member's keys.
 * The busy keys' ids belong to no key row, as a deleted key's would.
 */
const USAGE_SQLITE = `
  with recursive k(i) as (select 0 union all select i + 1 from k where i < :keys - 1),
                 h(j) as (select 0 union all select j + 1 from h where j < 23)
  insert into key_usage (key_id, product, hour_start, calls, client_errors, server_errors)
  select 1000000 + i, case i % 3 when 0 then 'open-api' when 1 then 'weather' else 'billing' end,
         :hour - j * ${HOUR}, 1 + (i * 7 + j) % 50, (i + j) % 3, ((i + j) % 41 = 0)
  from k, h;`;

export async function seed(file: string, volume: Volume, masterKey: Buffer) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const [adminHash, memberHash] = await Promise.all([
    hashPassword(ADMIN_PASSWORD),
    hashPassword(MEMBER_PASSWORD),
  ]);

  const insertUser = db.prepare(
    'insert into users (email, name, role, programmatic_access, password_hash, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertKey = db.prepare(
    'insert into access_keys (user_id, access_key_id, secret_ciphertext, status, created_at) values (?, ?, ?, ?, ?)',
  );
  const now = Date.now();
  const adminKey = newKey();
  const memberKeys = Array.from({ length: 5 }, newKey);
  let adminId = 0;
  let targetUserId = 0;

  db.transaction(() => {
    adminId = Number(
      insertUser.run('bench-admin@example.com', 'Bench Admin', 'admin', 1, adminHash, now, now)
        .lastInsertRowid,
    );
    const memberId = Number(
      insertUser.run('bench-member@example.com', 'Bench Member', 'member', 1, memberHash, now, now)
        .lastInsertRowid,
    );
    insertKey.run(
      adminId,
      adminKey.accessKeyId,
      sealSecret(adminKey.secret, adminKey.accessKeyId, masterKey),
      'enabled',
      now,
    );
    for (const key of memberKeys) {
      insertKey.run(
        memberId,
        key.accessKeyId,
        sealSecret(key.secret, key.accessKeyId, masterKey),
        'enabled',
        now,
      );
    }
    for (let i = 0; i < volume.accounts; i++) {
      const id = insertUser.run(
        `user${i}@bench.example`,
        `Bench User ${i}`,
        'member',
        i % 3 === 0 ? 1 : 0,
        DUMMY_HASH,
        now - (volume.accounts - i) * 1000,
        now,
      ).lastInsertRowid;
      if (i === 0) targetUserId = Number(id);
    }
  })();

  const insertAudit = db.prepare(
    'insert into audit_logs (actor_id, actor_email, action, target_type, target_id, ip, user_agent, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (let i = 0; i < volume.auditRows; i++) {
      const action = AUDIT_ACTIONS[i % AUDIT_ACTIONS.length];
      insertAudit.run(
        adminId,
        'bench-admin@example.com',
        action,
        'user',
        String(targetUserId + (i % 1000)),
        '127.0.0.1',
        'bench',
        now - (volume.auditRows - i) * 30,
      );
    }
  })();

  const hour = now - (now % HOUR);
  db.transaction(() => {
    db.prepare(USAGE_SQLITE).run({ keys: volume.usageKeys, hour });
    const insertUsage = db.prepare(
      'insert into key_usage (key_id, product, hour_start, calls, client_errors, server_errors) select id, ?, ?, ?, ?, ? from access_keys where access_key_id = ?',
    );
    const insertProduct = db.prepare(
      'insert into product_usage (product, hour_start, calls, client_errors, server_errors) values (?, ?, ?, ?, ?)',
    );
    for (let j = 0; j < 30 * 24; j++) {
      for (const [index, key] of memberKeys.entries()) {
        insertUsage.run(
          PRODUCTS[index % 3],
          hour - j * HOUR,
          20 + (j % 24),
          j % 4,
          0,
          key.accessKeyId,
        );
      }
      for (const product of PRODUCTS) {
        insertProduct.run(product, hour - j * HOUR, 1000 + (j % 24) * 50, j % 30, j % 7);
      }
    }
  })();
  db.close();

  return seeded(adminKey, memberKeys, targetUserId);
}

/**
 * The same data in a migrated PostgreSQL database, generated by the server itself
 * (`insert … select … from generate_series`), then analysed so the planner knows the volumes.
 */
export async function seedPostgres(url: string, volume: Volume, masterKey: Buffer) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const [adminHash, memberHash] = await Promise.all([
      hashPassword(ADMIN_PASSWORD),
      hashPassword(MEMBER_PASSWORD),
    ]);
    const now = Date.now();
    const adminKey = newKey();
    const memberKeys = Array.from({ length: 5 }, newKey);
    const at = (ms: number) => new Date(ms).toISOString();

    const people = await client.query<{ id: number }>(
      `insert into users (email, name, role, programmatic_access, password_hash, created_at, updated_at)
       values ('bench-admin@example.com', 'Bench Admin', 'admin', true, $1, $3, $3),
              ('bench-member@example.com', 'Bench Member', 'member', true, $2, $3, $3)
       returning id`,
      [adminHash, memberHash, at(now)],
    );
    const [adminId, memberId] = people.rows.map((row) => row.id);
    const keys = [
      { userId: adminId, key: adminKey },
      ...memberKeys.map((key) => ({ userId: memberId, key })),
    ];
    await client.query(
      `insert into access_keys (user_id, access_key_id, secret_ciphertext, status, created_at)
       select owner, id, sealed, 'enabled', $4
       from unnest($1::int[], $2::text[], $3::text[]) as k(owner, id, sealed)`,
      [
        keys.map((entry) => entry.userId),
        keys.map((entry) => entry.key.accessKeyId),
        keys.map((entry) => sealSecret(entry.key.secret, entry.key.accessKeyId, masterKey)),
        at(now),
      ],
    );

    // Milliseconds since the epoch, as the SQLite seed writes them, turned into timestamps.
    const instant = (ms: string) => `to_timestamp((${ms})::double precision / 1000)`;
    await client.query(
      `insert into users (email, name, role, programmatic_access, password_hash, created_at, updated_at)
       select 'user' || i || '@bench.example', 'Bench User ' || i, 'member', i % 3 = 0, $1,
              ${instant('$2::bigint - ($3::bigint - i) * 1000')}, ${instant('$2::bigint')}
       from generate_series(0, $3::int - 1) as i
       order by i`,
      [DUMMY_HASH, now, volume.accounts],
    );
    const target = await client.query<{ id: number }>(
      `select id from users where email = 'user0@bench.example'`,
    );
    const targetUserId = target.rows[0]?.id ?? 0;

    await client.query(
      `insert into audit_logs (actor_id, actor_email, action, target_type, target_id, ip, user_agent, created_at)
       select $1, 'bench-admin@example.com', ($2::text[])[i % cardinality($2::text[]) + 1], 'user',
              ($3::int + i % 1000)::text, '127.0.0.1', 'bench',
              ${instant('$4::bigint - ($5::bigint - i) * 30')}
       from generate_series(0, $5::int - 1) as i
       order by i`,
      [adminId, [...AUDIT_ACTIONS], targetUserId, now, volume.auditRows],
    );
    const hour = now - (now % HOUR);
    await client.query(
      `insert into key_usage (key_id, product, hour_start, calls, client_errors, server_errors)
       select 1000000 + i, ($1::text[])[i % 3 + 1], ${instant(`$2::bigint - j * ${HOUR}`)},
              1 + (i * 7 + j) % 50, (i + j) % 3, case when (i + j) % 41 = 0 then 1 else 0 end
       from generate_series(0, $3::int - 1) as i, generate_series(0, 23) as j`,
      [PRODUCTS, hour, volume.usageKeys],
    );
    await client.query(
      `insert into key_usage (key_id, product, hour_start, calls, client_errors, server_errors)
       select k.id, ($1::text[])[(k.n - 1) % 3 + 1], ${instant(`$2::bigint - j * ${HOUR}`)},
              20 + j % 24, j % 4, 0
       from (select id, row_number() over (order by id) as n from access_keys
             where access_key_id = any($3::text[])) as k,
            generate_series(0, 30 * 24 - 1) as j`,
      [PRODUCTS, hour, memberKeys.map((key) => key.accessKeyId)],
    );
    await client.query(
      `insert into product_usage (product, hour_start, calls, client_errors, server_errors)
       select p, ${instant(`$2::bigint - j * ${HOUR}`)}, 1000 + (j % 24) * 50, j % 30, j % 7
       from unnest($1::text[]) as p, generate_series(0, 30 * 24 - 1) as j`,
      [PRODUCTS, hour],
    );
    await client.query('analyze');
    return seeded(adminKey, memberKeys, targetUserId);
  } finally {
    await client.end();
  }
}
