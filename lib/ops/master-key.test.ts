import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { databaseEngine } from '@/db/url';
import { prepareTestEnvironment } from '@/test/environment';

const OLD_KEY = Buffer.alloc(32, 3).toString('base64');
const NEW_KEY = Buffer.alloc(32, 4).toString('base64');

let cases = 0;
let open: { closeDatabase: () => Promise<void> } | undefined;

/**
 * A fresh data folder and module graph per case, since lib/config/env caches the environment. The database
 * is the one test/setup.ts gave this file (on PostgreSQL one per file), so each case starts by
 * emptying the AccessKey table: the rotation counts and checks every Secret in it.
 */
async function setUp(env: Record<string, string | undefined>) {
  const dir = prepareTestEnvironment(env);
  vi.resetModules();
  const db = await import('@/db');
  open = db;
  await db.migrateDatabase();
  const { accessKeys, totpCredentials } = await import('@/db/schema');
  await db.getDb().delete(accessKeys);
  await db.getDb().delete(totpCredentials);
  const { createUser } = await import('@/lib/users/accounts');
  const { runAdmin } = await import('@/lib/ops/admin-cli');
  const crypto = await import('@/lib/crypto');
  const context = { actor: null, request: { ip: null, userAgent: 'vitest' } };
  cases++;
  const user = await createUser(
    {
      email: `rotate-${cases}@example.test`,
      name: 'R',
      role: 'member',
      programmaticAccess: true,
      password: null,
    },
    context,
  );
  const insertSealed = (accessKeyId: string, secret: string, key: Buffer) =>
    db
      .getDb()
      .insert(accessKeys)
      .values({
        userId: user.id,
        accessKeyId,
        secretCiphertext: crypto.sealSecret(secret, accessKeyId, key),
      });
  const rows = () => db.getDb().select().from(accessKeys).orderBy(asc(accessKeys.id));
  const run = async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAdmin(['rotate-master-key'], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const totp = await import('@/lib/auth/mfa/totp');
  const insertTotp = (secret: string, key: Buffer) =>
    db
      .getDb()
      .insert(totpCredentials)
      .values({ userId: user.id, secretCiphertext: totp.sealTotpSecret(secret, user.id, key) });
  const totpRows = () => db.getDb().select().from(totpCredentials);
  return { dir, db, crypto, totp, insertSealed, insertTotp, rows, totpRows, run, userId: user.id };
}

const secrets = Array.from({ length: 4 }, (_, index) => ({
  id: `AKROTATE${String(index).padStart(16, '0')}`,
  secret: `secret-number-${index}-0123456789abcdefghij`,
}));

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(async () => {
  await open?.closeDatabase();
  open = undefined;
});

describe('rotate-master-key with the key in the environment', () => {
  it('re-seals every Secret under ACCESSKEY_MASTER_KEY using the previous key', async () => {
    const t = await setUp({
      ACCESSKEY_MASTER_KEY: NEW_KEY,
      ACCESSKEY_MASTER_KEY_PREVIOUS: OLD_KEY,
    });
    const oldKey = Buffer.from(OLD_KEY, 'base64');
    const newKey = Buffer.from(NEW_KEY, 'base64');
    for (const { id, secret } of secrets.slice(0, 3)) await t.insertSealed(id, secret, oldKey);
    await t.insertSealed(secrets[3].id, secrets[3].secret, newKey);

    const result = await t.run();
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('3 of 4 AccessKey Secrets re-encrypted, 1 already under it');
    expect(result.out).toContain(t.crypto.keyFingerprint(newKey));

    const rows = await t.rows();
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(t.crypto.sealedWith(row.secretCiphertext)).toBe(t.crypto.keyFingerprint(newKey));
      const expected = secrets.find((entry) => entry.id === row.accessKeyId)!.secret;
      expect(t.crypto.openSecret(row.secretCiphertext, row.accessKeyId, [newKey])).toBe(expected);
    }
  });

  it('re-seals product signing secrets too, the live previous one included', async () => {
    const t = await setUp({
      ACCESSKEY_MASTER_KEY: NEW_KEY,
      ACCESSKEY_MASTER_KEY_PREVIOUS: OLD_KEY,
    });
    const { products } = await import('@/db/schema');
    const { eq } = await import('drizzle-orm');
    await t.db.getDb().delete(products);
    const { createProduct, rotateSigningSecret } = await import('@/lib/products/products');
    const { openSigningSecret, sealSigningSecret } = await import('@/lib/products/signing-secret');
    const context = { actor: null, request: { ip: null, userAgent: 'vitest' } };
    const fields = { description: '', timeoutMs: 30_000, maxBodyBytes: 1024, enabled: true };
    const first = await createProduct(
      { ...fields, slug: 'rotated', name: 'R', upstreamUrl: 'http://127.0.0.1:9/' },
      context,
    );
    const second = await rotateSigningSecret('rotated', context);
    await createProduct(
      { ...fields, slug: 'stale', name: 'S', upstreamUrl: 'http://127.0.0.1:9/' },
      context,
    );
    // A previous secret past its 24 hours: dropped, not carried over.
    const stale = await rotateSigningSecret('stale', context, Date.now() - 25 * 60 * 60 * 1000);
    // As if sealed before the new master key was configured.
    const oldKey = Buffer.from(OLD_KEY, 'base64');
    const rotatedId = first.product.id;
    await t.db
      .getDb()
      .update(products)
      .set({
        signingSecretCiphertext: sealSigningSecret(second.signingSecret, rotatedId, oldKey),
        previousSigningSecretCiphertext: sealSigningSecret(first.signingSecret, rotatedId, oldKey),
      })
      .where(eq(products.id, rotatedId));

    const result = await t.run();
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('2 of 3 product signing secrets re-encrypted');

    const newKey = Buffer.from(NEW_KEY, 'base64');
    const rows = await t.db.getDb().select().from(products);
    const rotated = rows.find((row) => row.slug === 'rotated')!;
    expect(openSigningSecret(rotated.signingSecretCiphertext, rotated.id, [newKey])).toBe(
      second.signingSecret,
    );
    expect(openSigningSecret(rotated.previousSigningSecretCiphertext!, rotated.id, [newKey])).toBe(
      first.signingSecret,
    );
    const dropped = rows.find((row) => row.slug === 'stale')!;
    expect(dropped.previousSigningSecretCiphertext).toBeNull();
    expect(openSigningSecret(dropped.signingSecretCiphertext, dropped.id, [newKey])).toBe(
      stale.signingSecret,
    );
  });

  it('re-seals authenticator-app secrets too, still bound to their account', async () => {
    const t = await setUp({
      ACCESSKEY_MASTER_KEY: NEW_KEY,
      ACCESSKEY_MASTER_KEY_PREVIOUS: OLD_KEY,
    });
    const oldKey = Buffer.from(OLD_KEY, 'base64');
    const newKey = Buffer.from(NEW_KEY, 'base64');
    await t.insertSealed(secrets[0].id, secrets[0].secret, oldKey);
    const totpSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await t.insertTotp(totpSecret, oldKey);

    const result = await t.run();
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain(
      '2 of 2 secrets (1 AccessKey Secret, 1 authenticator-app secret) re-encrypted, 0 already under it',
    );
    const [row] = await t.totpRows();
    expect(t.crypto.sealedWith(row.secretCiphertext)).toBe(t.crypto.keyFingerprint(newKey));
    expect(t.totp.openTotpSecret(row.secretCiphertext, t.userId, [newKey])).toBe(totpSecret);
    expect(() => t.totp.openTotpSecret(row.secretCiphertext, t.userId + 1, [newKey])).toThrow();
  });

  it('changes nothing when an authenticator-app secret opens with neither key', async () => {
    const t = await setUp({
      ACCESSKEY_MASTER_KEY: NEW_KEY,
      ACCESSKEY_MASTER_KEY_PREVIOUS: undefined,
    });
    await t.insertSealed(secrets[0].id, secrets[0].secret, Buffer.from(NEW_KEY, 'base64'));
    await t.insertTotp('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', Buffer.from(OLD_KEY, 'base64'));
    const before = await t.totpRows();

    const result = await t.run();
    expect(result.code).toBe(1);
    expect(result.err).toContain(`authenticator app of account #${t.userId}`);
    expect(result.err).toContain('nothing was changed');
    expect(await t.totpRows()).toEqual(before);
  });

  it('changes nothing when a Secret opens with neither key', async () => {
    const t = await setUp({
      ACCESSKEY_MASTER_KEY: NEW_KEY,
      ACCESSKEY_MASTER_KEY_PREVIOUS: undefined,
    });
    await t.insertSealed(secrets[0].id, secrets[0].secret, Buffer.from(OLD_KEY, 'base64'));
    const before = await t.rows();

    const result = await t.run();
    expect(result.code).toBe(1);
    expect(result.err).toContain(secrets[0].id);
    expect(result.err).toContain('nothing was changed');
    expect(result.err).toContain('ACCESSKEY_MASTER_KEY_PREVIOUS');
    expect(await t.rows()).toEqual(before);
  });
});

// A generated key file belongs to one machine: a database that instances share is rotated through
// the environment only.
describe.runIf(databaseEngine(process.env.DATABASE_URL) === 'sqlite')(
  'rotate-master-key with the generated key file',
  () => {
    it('generates a new key, re-seals everything and replaces data/master-key', async () => {
      const t = await setUp({
        ACCESSKEY_MASTER_KEY: undefined,
        ACCESSKEY_MASTER_KEY_PREVIOUS: undefined,
      });
      const { createAccessKey } = await import('@/lib/access-keys/keys');
      const context = { actor: null, request: { ip: null, userAgent: 'vitest' } };
      const created = [
        await createAccessKey(t.userId, context),
        await createAccessKey(t.userId, context),
      ];
      const file = path.join(t.dir, 'master-key');
      const oldKey = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');

      const result = await t.run();
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toContain('2 of 2 AccessKey Secrets re-encrypted');

      const newKey = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
      expect(newKey).toHaveLength(32);
      expect(newKey.equals(oldKey)).toBe(false);
      expect(existsSync(`${file}.previous`)).toBe(false);
      expect(existsSync(`${file}.next`)).toBe(false);
      const rows = await t.rows();
      expect(rows).toHaveLength(2);
      for (const key of created) {
        const row = rows.find((entry) => entry.accessKeyId === key.accessKeyId)!;
        expect(t.crypto.openSecret(row.secretCiphertext, row.accessKeyId, [newKey])).toBe(
          key.secret,
        );
        expect(() =>
          t.crypto.openSecret(row.secretCiphertext, row.accessKeyId, [oldKey]),
        ).toThrow();
      }
      // The running code reads the replaced file: revealing still works with no restart of this process.
      const { revealAccessKeySecret } = await import('@/lib/access-keys/keys');
      expect((await revealAccessKeySecret(t.userId, created[0].id, context)).secret).toBe(
        created[0].secret,
      );
      // The Secrets' lookup hashes do not depend on the master key: a leak report still finds them.
      const { findKeysBySecrets } = await import('@/lib/access-keys/leaks');
      const found = await findKeysBySecrets(created.map((key) => key.secret));
      expect([...found.values()].map((key) => key.accessKeyId).sort()).toEqual(
        created.map((key) => key.accessKeyId).sort(),
      );
    });

    it('keeps the old key file when the re-encryption fails', async () => {
      const t = await setUp({
        ACCESSKEY_MASTER_KEY: undefined,
        ACCESSKEY_MASTER_KEY_PREVIOUS: undefined,
      });
      const file = path.join(t.dir, 'master-key');
      writeFileSync(file, `${OLD_KEY}\n`);
      await t.insertSealed(secrets[0].id, secrets[0].secret, Buffer.from(NEW_KEY, 'base64'));

      const result = await t.run();
      expect(result.code).toBe(1);
      expect(readFileSync(file, 'utf8').trim()).toBe(OLD_KEY);
      expect(existsSync(`${file}.previous`)).toBe(false);
      expect(existsSync(`${file}.next`)).toBe(false);
    });
  },
);

describe.runIf(databaseEngine(process.env.DATABASE_URL) === 'postgres')(
  'rotate-master-key on PostgreSQL',
  () => {
    it('refuses without ACCESSKEY_MASTER_KEY, so no instance is left without the key', async () => {
      const t = await setUp({
        ACCESSKEY_MASTER_KEY: undefined,
        ACCESSKEY_MASTER_KEY_PREVIOUS: undefined,
      });
      const file = path.join(t.dir, 'master-key');
      writeFileSync(file, `${OLD_KEY}\n`);
      await t.insertSealed(secrets[0].id, secrets[0].secret, Buffer.from(OLD_KEY, 'base64'));
      const before = await t.rows();

      const result = await t.run();
      expect(result.code).toBe(1);
      expect(result.err).toContain('Set ACCESSKEY_MASTER_KEY to the new key');
      expect(readFileSync(file, 'utf8').trim()).toBe(OLD_KEY);
      expect(await t.rows()).toEqual(before);
    });
  },
);
