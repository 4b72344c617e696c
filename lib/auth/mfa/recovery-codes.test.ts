import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareTestEnvironment } from '@/test/environment';

prepareTestEnvironment();
const { getDb, migrateDatabase, transaction } = await import('@/db');
const { recoveryCodes } = await import('@/db/schema');
const { createUser } = await import('@/lib/users/accounts');
const codes = await import('./recovery-codes');

beforeAll(async () => {
  await migrateDatabase();
});

async function account() {
  const user = await createUser(
    {
      email: `codes-${Math.random().toString(36).slice(2)}@example.test`,
      name: 'R',
      role: 'member',
      programmaticAccess: false,
      password: null,
    },
    { actor: null, request: { ip: null, userAgent: 'vitest' } },
  );
  return user.id;
}

const spend = (userId: number, code: string) =>
  transaction((tx) => codes.spendRecoveryCode(tx, userId, code));

describe('recovery codes', () => {
  it('are ten distinct codes of about 79 random bits, easy to read back', () => {
    const batch = Array.from({ length: 1000 }, codes.generateRecoveryCode);
    expect(new Set(batch).size).toBe(batch.length);
    for (const code of batch.slice(0, 50)) {
      expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      expect(code).not.toMatch(/[01ilo]/);
    }
  });

  it('are stored as hashes bound to the account, never in clear', async () => {
    const userId = await account();
    const issued = await transaction((tx) => codes.replaceRecoveryCodes(tx, userId));
    expect(issued).toHaveLength(codes.RECOVERY_CODE_COUNT);
    const rows = await getDb().select().from(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows);
    for (const code of issued) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replaceAll('-', ''));
    }
    expect(rows.map((row) => row.codeHash).sort()).toEqual(
      issued.map((code) => codes.hashRecoveryCode(userId, code)).sort(),
    );
    expect(codes.hashRecoveryCode(userId, issued[0])).not.toBe(
      codes.hashRecoveryCode(userId + 1, issued[0]),
    );
  });

  it('work once each, typed in any case, with or without dashes', async () => {
    const userId = await account();
    const [first, second] = await transaction((tx) => codes.replaceRecoveryCodes(tx, userId));
    expect(await spend(userId, first.toUpperCase().replaceAll('-', ' '))).toBe(true);
    expect(await spend(userId, first)).toBe(false);
    expect(await spend(userId, second.replaceAll('-', ''))).toBe(true);
    expect(await codes.recoveryCodesLeft(userId)).toBe(8);
  });

  it('work only for their own account', async () => {
    const [owner, other] = [await account(), await account()];
    const [code] = await transaction((tx) => codes.replaceRecoveryCodes(tx, owner));
    expect(await spend(other, code)).toBe(false);
    expect(await codes.recoveryCodesLeft(owner)).toBe(10);
  });

  it('die when new ones are generated', async () => {
    const userId = await account();
    const old = await transaction((tx) => codes.replaceRecoveryCodes(tx, userId));
    const fresh = await transaction((tx) => codes.replaceRecoveryCodes(tx, userId));
    for (const code of old) expect(await spend(userId, code)).toBe(false);
    expect(await spend(userId, fresh[0])).toBe(true);
  });

  it('refuse anything not shaped like a code', async () => {
    const userId = await account();
    await transaction((tx) => codes.replaceRecoveryCodes(tx, userId));
    for (const input of ['', '123456', 'aaaa-aaaa-aaaa', 'a'.repeat(1000), "' or 1=1 --"]) {
      expect(await spend(userId, input)).toBe(false);
    }
    expect(await codes.recoveryCodesLeft(userId)).toBe(10);
  });

  it('let only one of two racing requests spend the same code', async () => {
    const userId = await account();
    const [code] = await transaction((tx) => codes.replaceRecoveryCodes(tx, userId));
    const results = await Promise.all([spend(userId, code), spend(userId, code)]);
    expect(results.sort()).toEqual([false, true]);
  });
});
