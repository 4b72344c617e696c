import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { createDatabase, type TestDatabase } from '@/scripts/postgres-cluster.mjs';
import { databaseEngine, redactDatabaseUrl } from '@/db/url';
import { prepareTestEnvironment, TEST_MASTER_KEY } from '@/test/environment';

// This file moves a SQLite database into PostgreSQL, so its own database (the one the lib functions
// seed) is always the SQLite file in its data folder, whatever test/setup.ts chose. Under
// TEST_DATABASE_URL the PostgreSQL database the setup created for this file is the target; nothing
// has loaded '@/db/schema' yet, so the engine can still be chosen here.
const adminUrl = process.env.TEST_DATABASE_URL;
const setupDatabase =
  databaseEngine(process.env.DATABASE_URL) === 'postgres' ? process.env.DATABASE_URL : undefined;
delete process.env.DATABASE_URL;
prepareTestEnvironment();

const SYSTEM = { actor: null, request: { ip: '203.0.113.9', userAgent: 'vitest' } };
const UNREACHABLE = 'postgres://console:hunter2-not-printed@127.0.0.1:1/console';

async function load() {
  const db = await import('@/db');
  await db.migrateDatabase();
  return {
    db,
    schema: await import('@/db/schema'),
    postgresSchema: await import('@/db/schema.postgres'),
    cli: await import('./admin-cli'),
    backup: await import('./backup'),
    env: await import('@/lib/config/env'),
  };
}

async function run(argv: string[]) {
  const { cli } = await load();
  const out: string[] = [];
  const err: string[] = [];
  const code = await cli.runAdmin(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(() => {
  // Mail goes to the local mailbox and is also printed; keep the test output readable.
  vi.spyOn(console, 'log').mockImplementation(() => {});
});

describe('migrate-to-postgres refuses before it touches PostgreSQL', () => {
  it('while the console server runs on the SQLite file', async () => {
    const { backup } = await load();
    backup.markServerRunning();
    try {
      const result = await run(['migrate-to-postgres', UNREACHABLE]);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(
        /The console server \(process \d+\) is using .*console\.db\. Stop it/,
      );
      expect(result.err).not.toContain('hunter2');
    } finally {
      backup.markServerStopped();
    }
  });

  it('when there is no SQLite database to copy', async () => {
    const { migrateToPostgres, MigrationError } = await import('./migrate-to-postgres');
    const missing = '/nonexistent/accesskey/console.db';
    await expect(migrateToPostgres(UNREACHABLE, { sourceFile: missing })).rejects.toThrow(
      MigrationError,
    );
    await expect(migrateToPostgres(UNREACHABLE, { sourceFile: missing })).rejects.toThrow(
      `There is no SQLite database at ${missing}`,
    );
    expect(existsSync(missing)).toBe(false);
  });

  it('names an unreachable server without its password', async () => {
    const result = await run(['migrate-to-postgres', UNREACHABLE]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('Could not prepare postgres://console:***@127.0.0.1:1/console');
    expect(result.err).not.toContain('hunter2');
  });
});

describe.skipIf(!adminUrl)(
  'migrate-to-postgres into PostgreSQL (skipped: set TEST_DATABASE_URL to a PostgreSQL superuser URL to run it)',
  () => {
    let target: string;
    let ownDatabase: TestDatabase | undefined;
    let redacted: string;
    const secrets = new Map<string, string>();

    beforeAll(async () => {
      if (setupDatabase) target = setupDatabase;
      else {
        ownDatabase = await createDatabase(adminUrl!, 'migrate_to_postgres');
        target = ownDatabase.url;
      }
      // A password in the URL shows it is never printed; a trust-authenticated server ignores it.
      const url = new URL(target);
      if (!url.password && !process.env.PGPASSWORD) {
        url.password = 'hunter2-not-printed';
        target = url.toString();
      }
      redacted = redactDatabaseUrl(target);

      // A database that has seen a bit of everything, written through the lib functions.
      const { db, schema } = await load();
      const users = await import('@/lib/users/accounts');
      const keys = await import('@/lib/access-keys/keys');
      const sessions = await import('@/lib/auth/sessions');
      const { recordAudit } = await import('@/lib/audit/record');
      const { inviteUser } = await import('@/lib/auth/password-links');
      const { sendVerificationCode } = await import('@/lib/access-keys/verification');
      const { recordSignInFailure } = await import('@/lib/auth/sign-in-throttle');
      const { flushRateLimits, takeRateLimit } = await import('@/lib/open-api/rate-limit');
      const { countUsage, flushUsage } = await import('@/lib/usage/counter');

      const admin = await users.createUser(
        {
          email: 'admin@example.test',
          name: 'Admin',
          role: 'admin',
          programmaticAccess: true,
          password: 'a-long-password-1',
        },
        SYSTEM,
      );
      const actor = { actor: { id: admin.id, email: admin.email }, request: SYSTEM.request };
      const member = await users.createUser(
        {
          email: 'member@example.test',
          name: 'Member',
          role: 'member',
          programmaticAccess: true,
          password: 'a-long-password-2',
        },
        actor,
      );
      const invited = await inviteUser(
        {
          email: 'invited@example.test',
          name: 'Invited',
          role: 'member',
          programmaticAccess: false,
        },
        { ...actor, locale: 'en' },
      );
      await users.setAccountDisabled(invited.id, true, actor);
      const { createProduct } = await import('@/lib/products/products');
      await createProduct(
        {
          slug: 'copied',
          name: 'Copied',
          description: '',
          upstreamUrl: 'http://127.0.0.1:9/',
          timeoutMs: 30_000,
          maxBodyBytes: 1024,
          enabled: true,
        },
        actor,
      );
      for (let index = 0; index < 3; index++) {
        const key = await keys.createAccessKey(member.id, actor, {
          name: index === 2 ? 'named' : null,
          expiry: index === 1 ? { kind: 'days', days: 7 } : { kind: 'never' },
          allowedIps: index === 2 ? ['192.0.2.0/24', '::1'] : [],
        });
        secrets.set(key.accessKeyId, key.secret);
        if (index === 0) await keys.setAccessKeyStatus(member.id, key.id, 'disabled', actor);
        countUsage(key.id, index === 1 ? 'copied' : 'open-api', index === 0 ? 403 : 200);
        if (index === 1) {
          // An expiry reminder sent, as the periodic job records it; a key limited to the
          // product, so its scope rows are copied too.
          const { sendDueReminders } = await import('@/lib/access-keys/reminders');
          expect((await sendDueReminders(Date.now() + 6 * 86_400_000)).sent).toBe(1);
          await keys.setAccessKeyScope(member.id, key.id, ['copied'], { verified: true }, actor);
        }
      }
      const { setKeyPolicy } = await import('@/lib/access-keys/key-policy');
      await setKeyPolicy({ maxLifetimeDays: 365 }, actor);
      const sessionId = await sessions.createSession(db.getDb(), member.id, SYSTEM.request);
      await sessions.markSessionVerified(sessionId);
      await sendVerificationCode({ ...member, locale: 'en' }, actor);
      await recordSignInFailure('member@example.test', '198.51.100.7');
      await takeRateLimit([...secrets.keys()][1]);
      await flushRateLimits();
      await flushUsage();
      await db
        .getDb()
        .insert(schema.apiNonces)
        .values({ signature: 'seen-signature', expiresAt: new Date(Date.now() + 300_000) });
      // Two-step sign-in: an authenticator app (sealed secret) with its recovery codes, a passkey,
      // a pending second step and the policy.
      // Written directly: the methods module loads the WebAuthn and mail libraries, which takes
      // this hook past its time on a busy machine.
      const { sealTotpSecret } = await import('@/lib/auth/mfa/totp');
      const { replaceRecoveryCodes } = await import('@/lib/auth/mfa/recovery-codes');
      await db
        .getDb()
        .insert(schema.totpCredentials)
        .values({
          userId: member.id,
          secretCiphertext: sealTotpSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', member.id),
          confirmedAt: new Date(),
          lastUsedStep: 59_887_291,
        });
      await db.transaction((tx) => replaceRecoveryCodes(tx, member.id));
      await db.getDb().insert(schema.passkeys).values({
        userId: member.id,
        credentialId: 'credential-id',
        publicKey: 'public-key',
        counter: 3,
        transports: '["internal"]',
        name: 'Laptop',
      });
      const { createPendingSignIn } = await import('@/lib/auth/mfa/pending-sign-in');
      await createPendingSignIn(db.getDb(), member.id);
      const { writeSetting } = await import('@/lib/settings/settings');
      await writeSetting(db.getDb(), 'mfaPolicy', 'admins', admin.id);
      // More audit rows than one batch of the copy holds.
      await db.transaction(async (tx) => {
        for (let index = 0; index < 1234; index++) {
          await recordAudit(tx, {
            action: 'auth.signed_in',
            actor: index % 2 ? admin : null,
            target: { type: 'user', id: member.id },
            detail: { index },
            request: SYSTEM.request,
          });
        }
      });
    });

    afterAll(async () => {
      await ownDatabase?.drop();
    });

    it('copies every table, rows and ids unchanged, and prints the counts', async () => {
      const result = await run(['migrate-to-postgres', target]);
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      expect(result.out).toContain(`into ${redacted}:`);
      expect(result.out).toMatch(/^ {2}users +3$/m);
      expect(result.out).toMatch(/^ {2}access_keys +3$/m);
      expect(result.out).toMatch(/^ {2}audit_logs +\d{4}$/m);
      expect(result.out).toContain('Give every instance the same ACCESSKEY_MASTER_KEY');
      for (const secret of ['hunter2', TEST_MASTER_KEY, process.env.AUTH_SECRET!]) {
        expect(result.out).not.toContain(secret);
      }

      const { db, schema, postgresSchema } = await load();
      const postgres = db.openDatabase(target);
      try {
        const sortRows = (rows: unknown[]) =>
          rows.map((row) => JSON.stringify(row)).sort((a, b) => a.localeCompare(b));
        const tableNames = (Object.keys(schema) as (keyof typeof schema)[]).filter((name) =>
          is(postgresSchema[name as keyof typeof postgresSchema], PgTable),
        ) as (keyof typeof schema & keyof typeof postgresSchema)[];
        expect(tableNames.length).toBeGreaterThan(5);
        for (const name of tableNames) {
          // The facade's tables are SQLite's here; PostgreSQL's are read through its own connection.
          const copied = await postgres.db.select().from(postgresSchema[name]);
          const original = await db.getDb().select().from(schema[name]);
          expect(original.length, `${name} was seeded`).toBeGreaterThan(0);
          expect(sortRows(copied), name).toEqual(sortRows(original));
        }

        // Secrets were copied sealed and open with the same master key.
        const { openSecret } = await import('@/lib/crypto');
        const keys = await postgres.db.select().from(postgresSchema.accessKeys);
        expect(keys).toHaveLength(secrets.size);
        for (const key of keys) {
          expect(openSecret(key.secretCiphertext, key.accessKeyId)).toBe(
            secrets.get(key.accessKeyId),
          );
        }

        // The identity sequences continue after the copied ids.
        const maxId = Math.max(
          ...(await db.getDb().select({ id: schema.users.id }).from(schema.users)).map(
            (row) => row.id,
          ),
        );
        const [fresh] = await postgres.db
          .insert(postgresSchema.users)
          .values({ email: 'after@example.test', name: 'After' })
          .returning({ id: postgresSchema.users.id });
        expect(fresh.id).toBe(maxId + 1);
        const [audit] = await postgres.db
          .insert(postgresSchema.auditLogs)
          .values({ action: 'user.created' })
          .returning({ id: postgresSchema.auditLogs.id });
        expect(audit.id).toBe((await db.getDb().$count(schema.auditLogs)) + 1);
      } finally {
        await db.closeConnection(postgres);
      }
    }, 60_000);

    it('refuses a second run into the now populated database, writing nothing', async () => {
      const { db, postgresSchema } = await load();
      const postgres = db.openDatabase(target);
      try {
        const count = () => postgres.db.$count(postgresSchema.auditLogs);
        const before = await count();
        // This time the URL comes from the environment, out of the process list.
        vi.stubEnv('TARGET_DATABASE_URL', target);
        const result = await run(['migrate-to-postgres']);
        vi.unstubAllEnvs();
        expect(result.code).toBe(1);
        expect(result.err).toContain(`${redacted} already holds data (users: 4, `);
        expect(result.err).toContain('nothing was written');
        expect(result.err).not.toContain('hunter2');
        expect(await count()).toBe(before);
      } finally {
        await db.closeConnection(postgres);
      }
    });
  },
);
