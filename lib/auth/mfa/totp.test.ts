import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareTestEnvironment } from '@/test/environment';

prepareTestEnvironment();
const { getDb, migrateDatabase, transaction } = await import('@/db');
const { totpCredentials } = await import('@/db/schema');
const { createUser } = await import('@/lib/users/accounts');
const totp = await import('./totp');

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
// A moment 10 s into a 30-second step.
const NOW = (1_800_000_000 - (1_800_000_000 % 30) + 10) * 1000;
const STEP = totp.totpStep(NOW / 1000);

/** The code an authenticator app shows `steps` steps away from NOW. */
const codeAt = (steps: number, secret = SECRET) =>
  generate({ secret, epoch: NOW / 1000 + steps * 30 });

beforeAll(async () => {
  await migrateDatabase();
});

describe('TOTP codes', () => {
  it('are RFC 6238 SHA-1 codes: the RFC’s own test vector', async () => {
    // RFC 6238 appendix B, SHA-1 seed "12345678901234567890", T = 59 s → 94287082 (8 digits).
    const seed = new TextEncoder().encode('12345678901234567890');
    expect(await generate({ secret: seed, epoch: 59, digits: 8 })).toBe('94287082');
  });

  it('accept the current step and one step either side, nothing further', async () => {
    for (const steps of [-1, 0, 1]) {
      expect(await totp.matchingStep(SECRET, await codeAt(steps), { now: NOW })).toBe(STEP + steps);
    }
    for (const steps of [-3, -2, 2, 3]) {
      expect(await totp.matchingStep(SECRET, await codeAt(steps), { now: NOW })).toBeNull();
    }
  });

  it('refuse a code of a step at or before the last accepted one', async () => {
    const code = await codeAt(0);
    expect(await totp.matchingStep(SECRET, code, { now: NOW, afterStep: STEP - 1 })).toBe(STEP);
    expect(await totp.matchingStep(SECRET, code, { now: NOW, afterStep: STEP })).toBeNull();
    expect(
      await totp.matchingStep(SECRET, await codeAt(-1), { now: NOW, afterStep: STEP }),
    ).toBeNull();
    expect(await totp.matchingStep(SECRET, await codeAt(1), { now: NOW, afterStep: STEP })).toBe(
      STEP + 1,
    );
  });

  it('refuse anything that is not six digits without asking the library', async () => {
    for (const input of ['', '12345', '1234567', 'abcdef', ' 123456', '12345６']) {
      expect(await totp.matchingStep(SECRET, input, { now: NOW })).toBeNull();
    }
  });

  it('come with an otpauth URI and a QR code, and the secret sealed to its account', async () => {
    const setup = totp.totpSetupFor('someone@example.test', SECRET);
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/AccessKey%20Console:someone%40example\.test\?/);
    expect(setup.uri).toContain(`secret=${SECRET}`);
    expect(setup.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(setup.qrCode.split(',')[1], 'base64').toString()).toContain('<svg');
    const sealed = totp.sealTotpSecret(SECRET, 7);
    expect(sealed).not.toContain(SECRET);
    expect(totp.openTotpSecret(sealed, 7)).toBe(SECRET);
    expect(() => totp.openTotpSecret(sealed, 8)).toThrow();
  });
});

describe('accepting a code for an account', () => {
  async function accountWithApp() {
    const user = await createUser(
      {
        email: `totp-${Math.random().toString(36).slice(2)}@example.test`,
        name: 'T',
        role: 'member',
        programmaticAccess: false,
        password: null,
      },
      { actor: null, request: { ip: null, userAgent: 'vitest' } },
    );
    await getDb()
      .insert(totpCredentials)
      .values({
        userId: user.id,
        secretCiphertext: totp.sealTotpSecret(SECRET, user.id),
        confirmedAt: new Date(NOW),
      });
    return user.id;
  }

  it('takes a code once: the same code again is a replay', async () => {
    const userId = await accountWithApp();
    const code = await codeAt(0);
    const accept = () =>
      transaction((tx) => totp.acceptTotpCode(tx, userId, code, { confirmed: true, now: NOW }));
    expect(await accept()).toBe(true);
    expect(await accept()).toBe(false);
    expect((await totp.findTotpCredential(userId))?.lastUsedStep).toBe(STEP);
  });

  it('lets only one of two racing requests with the same code through', async () => {
    const userId = await accountWithApp();
    const code = await codeAt(1);
    const results = await Promise.all(
      [1, 2].map(() =>
        transaction((tx) => totp.acceptTotpCode(tx, userId, code, { confirmed: true, now: NOW })),
      ),
    );
    expect(results.sort()).toEqual([false, true]);
  });

  it('does not take codes for an app still being set up as a sign-in code, nor the reverse', async () => {
    const userId = await accountWithApp();
    const code = await codeAt(0);
    expect(
      await transaction((tx) =>
        totp.acceptTotpCode(tx, userId, code, { confirmed: false, now: NOW }),
      ),
    ).toBe(false);
  });
});
