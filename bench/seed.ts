import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { AUDIT_ACTIONS } from '@/lib/audit';
import { sealSecret } from '@/lib/crypto';
import { hashPassword } from '@/lib/password';

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

/** Seeds a migrated database directly: one transaction per table, prepared statements. */
export async function seed(
  file: string,
  volume: { accounts: number; auditRows: number },
  masterKey: Buffer,
) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const adminPassword = 'bench-admin-password';
  const memberPassword = 'bench-member-password';
  const [adminHash, memberHash] = await Promise.all([
    hashPassword(adminPassword),
    hashPassword(memberPassword),
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
    const dummyHash =
      'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    for (let i = 0; i < volume.accounts; i++) {
      const id = insertUser.run(
        `user${i}@bench.example`,
        `Bench User ${i}`,
        'member',
        i % 3 === 0 ? 1 : 0,
        dummyHash,
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
  db.close();

  const seeded: Seeded = {
    admin: { email: 'bench-admin@example.com', password: adminPassword, key: adminKey },
    member: { email: 'bench-member@example.com', password: memberPassword, keys: memberKeys },
    targetUserId,
  };
  return seeded;
}
