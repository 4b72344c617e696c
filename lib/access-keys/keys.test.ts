import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { raceWorkers } from '@/test/race-workers';
import { prepareTestEnvironment } from '@/test/environment';

prepareTestEnvironment();
const { getDb, migrateDatabase } = await import('@/db');
const { accessKeys, auditLogs } = await import('@/db/schema');
const { asc, desc, eq } = await import('drizzle-orm');
const keys = await import('@/lib/access-keys/keys');
const { errorMessage, UserFacingError } = await import('@/lib/errors');
const { openSecret, sealSecret } = await import('@/lib/crypto');
const { secretHash } = await import('@/lib/access-keys/secret-format');
const { setKeyPolicy } = await import('@/lib/access-keys/key-policy');
const { DAY_MS } = await import('@/lib/access-keys/expiry');
const { parseAllowList } = await import('@/lib/access-keys/ip-allow-list');
const { createUser, setProgrammaticAccess } = await import('@/lib/users/accounts');

const context = { actor: null, request: { ip: '192.0.2.1', userAgent: 'vitest' } };
let sequence = 0;

async function newAccount(programmaticAccess = true) {
  sequence++;
  return createUser(
    {
      email: `owner-${sequence}@example.test`,
      name: `Owner ${sequence}`,
      role: 'member',
      programmaticAccess,
      password: null,
    },
    context,
  );
}

function refusal(promise: Promise<unknown>) {
  return promise.then(
    () => 'no refusal',
    (error: unknown) => (error instanceof UserFacingError ? error.message : String(error)),
  );
}

beforeAll(async () => {
  await migrateDatabase();
});

describe('identifiers', () => {
  it('AccessKey IDs are long, printable and unique; Secrets carry at least 128 bits', () => {
    const ids = new Set<string>();
    const secrets = new Set<string>();
    for (let index = 0; index < 2000; index++) {
      const id = keys.generateAccessKeyId();
      const secret = keys.generateAccessKeySecret();
      expect(id).toMatch(/^AK[0-9A-Z]{22}$/);
      expect(secret).toMatch(/^akcsk_[0-9A-Za-z]{46}$/);
      ids.add(id);
      secrets.add(secret);
    }
    expect(ids.size).toBe(2000);
    expect(secrets.size).toBe(2000);
    // 40 random characters from 62 symbols (then the checksum): log2(62) * 40 > 128.
    expect(Math.log2(62) * 40).toBeGreaterThan(128);
  });
});

describe('createAccessKey', () => {
  it('stores the Secret sealed and lists the key without it', async () => {
    const user = await newAccount();
    const created = await keys.createAccessKey(user.id, context);
    const [row] = await getDb().select().from(accessKeys).where(eq(accessKeys.id, created.id));
    expect(row.userId).toBe(user.id);
    expect(row.status).toBe('enabled');
    expect(row.secretCiphertext).not.toContain(created.secret);
    expect(openSecret(row.secretCiphertext, created.accessKeyId)).toBe(created.secret);

    const list = await keys.listAccessKeys(user.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      accessKeyId: created.accessKeyId,
      status: 'enabled',
      lastUsedAt: null,
      maskedSecret: keys.SECRET_MASK,
    });
    const payload = JSON.stringify(list);
    expect(payload).not.toContain(created.secret);
    expect(payload).not.toContain(row.secretCiphertext);

    const audits = await getDb().select().from(auditLogs);
    expect(audits.some((audit) => audit.action === 'access_key.created')).toBe(true);
    expect(JSON.stringify(audits)).not.toContain(created.secret);
  });

  it('50 concurrent creates end with exactly 5 keys', async () => {
    const user = await newAccount();
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => refusal(keys.createAccessKey(user.id, context))),
    );
    expect(outcomes.filter((outcome) => outcome === 'no refusal')).toHaveLength(5);
    expect(
      outcomes.filter((outcome) => outcome === errorMessage('accessKeyLimitReached', { max: 5 })),
    ).toHaveLength(45);
    expect(await keys.countAccessKeys(user.id)).toBe(keys.MAX_ACCESS_KEYS_PER_ACCOUNT);
  });

  it('50 creates racing from separate processes end with exactly 5 keys', async () => {
    const user = await newAccount();
    const summaries = await raceWorkers<{ created: number; refused: string[]; failed: string[] }>(
      path.join(__dirname, 'create-keys.worker.ts'),
      Array.from({ length: 5 }, () => [String(user.id), '10']),
    );
    expect(summaries.flatMap((summary) => summary.failed)).toEqual([]);
    expect(summaries.reduce((sum, summary) => sum + summary.created, 0)).toBe(5);
    const refused = summaries.flatMap((summary) => summary.refused);
    expect(refused).toHaveLength(45);
    expect(new Set(refused)).toEqual(new Set([errorMessage('accessKeyLimitReached', { max: 5 })]));
    expect(await keys.countAccessKeys(user.id)).toBe(5);
  }, 60_000);

  it('the limit counts disabled keys, and deleting one frees a slot', async () => {
    const user = await newAccount();
    const created = [];
    for (let index = 0; index < 5; index++)
      created.push(await keys.createAccessKey(user.id, context));
    await keys.setAccessKeyStatus(user.id, created[0].id, 'disabled', context);
    expect(await refusal(keys.createAccessKey(user.id, context))).toBe(
      errorMessage('accessKeyLimitReached', { max: 5 }),
    );
    await keys.deleteAccessKey(user.id, created[0].id, context);
    expect(await refusal(keys.createAccessKey(user.id, context))).toBe('no refusal');
  });
});

describe('Programmatic Access', () => {
  it('without it, create, show and enable are refused; disable and delete still work', async () => {
    const user = await newAccount();
    const key = await keys.createAccessKey(user.id, context);
    await setProgrammaticAccess(user.id, false, context);

    expect(await refusal(keys.createAccessKey(user.id, context))).toBe(
      errorMessage('programmaticAccessRequired'),
    );
    expect(await refusal(keys.revealAccessKeySecret(user.id, key.id, context))).toBe(
      errorMessage('programmaticAccessRequired'),
    );
    await keys.setAccessKeyStatus(user.id, key.id, 'disabled', context);
    expect(await refusal(keys.setAccessKeyStatus(user.id, key.id, 'enabled', context))).toBe(
      errorMessage('programmaticAccessRequired'),
    );
    await keys.deleteAccessKey(user.id, key.id, context);
    expect(await keys.listAccessKeys(user.id)).toEqual([]);
  });
});

describe('managing keys', () => {
  it('enable, disable, show and delete are audited', async () => {
    const user = await newAccount();
    const key = await keys.createAccessKey(user.id, context);
    expect(await keys.setAccessKeyStatus(user.id, key.id, 'disabled', context)).toEqual({
      accessKeyId: key.accessKeyId,
      status: 'disabled',
    });
    await keys.setAccessKeyStatus(user.id, key.id, 'enabled', context);
    expect(await keys.revealAccessKeySecret(user.id, key.id, context)).toEqual({
      accessKeyId: key.accessKeyId,
      secret: key.secret,
    });
    await keys.setAccessKeyStatus(user.id, key.id, 'disabled', context);
    await keys.deleteAccessKey(user.id, key.id, context);

    const actions = await getDb()
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.targetId, key.accessKeyId))
      .orderBy(asc(auditLogs.id));
    expect(actions.map((audit) => audit.action)).toEqual([
      'access_key.created',
      'access_key.disabled',
      'access_key.enabled',
      'access_key.shown',
      'access_key.disabled',
      'access_key.deleted',
    ]);
    expect(actions.every((audit) => audit.ip === '192.0.2.1' && audit.userAgent === 'vitest')).toBe(
      true,
    );
    expect(JSON.stringify(actions)).not.toContain(key.secret);
  });

  it('an enabled key cannot be deleted', async () => {
    const user = await newAccount();
    const key = await keys.createAccessKey(user.id, context);
    expect(await refusal(keys.deleteAccessKey(user.id, key.id, context))).toBe(
      errorMessage('deleteRequiresDisabled'),
    );
    expect(await keys.countAccessKeys(user.id)).toBe(1);
  });

  it("another account's key is out of reach", async () => {
    const owner = await newAccount();
    const other = await newAccount();
    const key = await keys.createAccessKey(owner.id, context);
    await keys.setAccessKeyStatus(owner.id, key.id, 'disabled', context);
    // Each attempt gets its rejection handler at once: they run concurrently, and one that is
    // refused before the loop reaches it would otherwise be an unhandled rejection.
    const attempts = [
      refusal(keys.revealAccessKeySecret(other.id, key.id, context)),
      refusal(keys.setAccessKeyStatus(other.id, key.id, 'enabled', context)),
      refusal(keys.deleteAccessKey(other.id, key.id, context)),
    ];
    expect(await Promise.all(attempts)).toEqual(Array(3).fill(errorMessage('accessKeyNotFound')));
    expect(await keys.listAccessKeys(other.id)).toEqual([]);
    expect((await keys.listAccessKeys(owner.id))[0].status).toBe('disabled');
  });
});

describe('names, expiry and allow-lists at creation', () => {
  it('stores them, lists them, keeps the lookup hash of the Secret and audits them', async () => {
    const user = await newAccount();
    const now = Date.UTC(2026, 11, 7, 12);
    const created = await keys.createAccessKey(
      user.id,
      context,
      {
        name: 'deploy bot',
        description: 'Used by CI',
        expiry: { kind: 'days', days: 30 },
        allowedIps: parseAllowList('192.0.2.0/24 ::1'),
      },
      now,
    );
    expect(created).toMatchObject({ name: 'deploy bot', expiresAt: new Date(now + 30 * DAY_MS) });
    const [row] = await getDb().select().from(accessKeys).where(eq(accessKeys.id, created.id));
    expect(row.secretHash).toBe(secretHash(created.secret));
    const [listed] = await keys.listAccessKeys(user.id);
    expect(listed).toMatchObject({
      name: 'deploy bot',
      description: 'Used by CI',
      expiresAt: new Date(now + 30 * DAY_MS),
      allowedIps: ['192.0.2.0/24', '::1'],
      leakedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(row.secretHash!);
    const [audit] = await getDb()
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.targetId, created.accessKeyId));
    expect(JSON.parse(audit.detail!)).toEqual({
      ownerId: user.id,
      name: 'deploy bot',
      expiresAt: new Date(now + 30 * DAY_MS).toISOString(),
      allowedIps: '192.0.2.0/24, ::1',
      products: 'all',
    });
  });

  it('enforces the maximum lifetime inside the transaction, whatever the caller asks', async () => {
    const user = await newAccount();
    const admin = { actor: null, request: context.request };
    await setKeyPolicy({ maxLifetimeDays: 30 }, admin);
    try {
      expect(
        await refusal(keys.createAccessKey(user.id, context, { expiry: { kind: 'never' } })),
      ).toMatch(/^Keys must expire within 30 days/);
      expect(
        await refusal(
          keys.createAccessKey(user.id, context, { expiry: { kind: 'days', days: 60 } }),
        ),
      ).toMatch(/^Keys must expire within 30 days/);
      expect(await keys.countAccessKeys(user.id)).toBe(0);
      expect(
        await refusal(
          keys.createAccessKey(user.id, context, { expiry: { kind: 'days', days: 30 } }),
        ),
      ).toBe('no refusal');
    } finally {
      await setKeyPolicy({ maxLifetimeDays: null }, admin);
    }
  });
});

describe('updateAccessKey', () => {
  const changes = (allowedIps: string, name: string | null = null) => ({
    name,
    description: null,
    allowedIps: parseAllowList(allowedIps),
  });

  it('renames and narrows without verification, and audits what changed', async () => {
    const user = await newAccount();
    const key = await keys.createAccessKey(user.id, context);
    const unverified = { ...context, mayWiden: false };
    expect(
      await keys.updateAccessKey(user.id, key.id, changes('192.0.2.0/24', 'bot'), unverified),
    ).toEqual({
      status: 'updated',
      accessKeyId: key.accessKeyId,
      changed: ['name', 'IP allow-list'],
    });
    expect(
      await keys.updateAccessKey(user.id, key.id, changes('192.0.2.7', 'bot'), unverified),
    ).toMatchObject({
      status: 'updated',
      changed: ['IP allow-list'],
    });
    const [audit] = await getDb()
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.action, 'access_key.updated'))
      .orderBy(desc(auditLogs.id))
      .limit(1);
    expect(JSON.parse(audit.detail!)).toEqual({
      ownerId: user.id,
      changed: 'IP allow-list',
      allowedIps: '192.0.2.7',
      previousAllowedIps: '192.0.2.0/24',
    });
  });

  it('asks for verification before widening or clearing, and changes nothing until then', async () => {
    const user = await newAccount();
    const key = await keys.createAccessKey(user.id, context, {
      allowedIps: parseAllowList('192.0.2.7'),
    });
    const unverified = { ...context, mayWiden: false };
    for (const wider of ['192.0.2.0/24', '192.0.2.7 198.51.100.1', '']) {
      expect(await keys.updateAccessKey(user.id, key.id, changes(wider, 'x'), unverified)).toEqual({
        status: 'verification_required',
      });
    }
    expect((await keys.listAccessKeys(user.id))[0]).toMatchObject({
      name: null,
      allowedIps: ['192.0.2.7'],
    });
    expect(
      await keys.updateAccessKey(user.id, key.id, changes(''), { ...context, mayWiden: true }),
    ).toMatchObject({ status: 'updated' });
    expect((await keys.listAccessKeys(user.id))[0].allowedIps).toEqual([]);
  });

  it('leaves a field it is not given as it is', async () => {
    const user = await newAccount();
    const key = await keys.createAccessKey(user.id, context, {
      name: 'kept',
      allowedIps: parseAllowList('192.0.2.7'),
    });
    expect(
      await keys.updateAccessKey(
        user.id,
        key.id,
        { description: 'only this' },
        { ...context, mayWiden: false },
      ),
    ).toMatchObject({ status: 'updated', changed: ['description'] });
    expect((await keys.listAccessKeys(user.id))[0]).toMatchObject({
      name: 'kept',
      description: 'only this',
      allowedIps: ['192.0.2.7'],
    });
  });

  it("cannot reach another account's key", async () => {
    const owner = await newAccount();
    const other = await newAccount();
    const key = await keys.createAccessKey(owner.id, context);
    expect(
      await refusal(
        keys.updateAccessKey(other.id, key.id, changes('', 'mine'), { ...context, mayWiden: true }),
      ),
    ).toBe(errorMessage('accessKeyNotFound'));
    expect((await keys.listAccessKeys(owner.id))[0].name).toBeNull();
  });
});

describe('expired and leaked keys', () => {
  it('an expired key can be deleted without disabling it first', async () => {
    const user = await newAccount();
    const now = Date.now();
    const key = await keys.createAccessKey(
      user.id,
      context,
      { expiry: { kind: 'days', days: 7 } },
      now,
    );
    expect(await refusal(keys.deleteAccessKey(user.id, key.id, context, now))).toBe(
      errorMessage('deleteRequiresDisabled'),
    );
    await keys.deleteAccessKey(user.id, key.id, context, now + 7 * DAY_MS);
    expect(await keys.countAccessKeys(user.id)).toBe(0);
  });

  it('a leaked key cannot be enabled again', async () => {
    const user = await newAccount();
    const key = await keys.createAccessKey(user.id, context);
    await getDb()
      .update(accessKeys)
      .set({ status: 'disabled', leakedAt: new Date() })
      .where(eq(accessKeys.id, key.id));
    expect(await refusal(keys.setAccessKeyStatus(user.id, key.id, 'enabled', context))).toBe(
      errorMessage('leakedKeyStaysDisabled'),
    );
    await keys.deleteAccessKey(user.id, key.id, context);
  });

  it('isUnused flags keys not used, or never used since creation, for 90 days', () => {
    const now = Date.UTC(2026, 11, 7);
    const daysAgo = (days: number) => new Date(now - days * DAY_MS);
    expect(keys.isUnused({ createdAt: daysAgo(10), lastUsedAt: null }, now)).toBe(false);
    expect(keys.isUnused({ createdAt: daysAgo(90), lastUsedAt: null }, now)).toBe(true);
    expect(keys.isUnused({ createdAt: daysAgo(400), lastUsedAt: daysAgo(89) }, now)).toBe(false);
    expect(keys.isUnused({ createdAt: daysAgo(400), lastUsedAt: daysAgo(91) }, now)).toBe(true);
  });
});

describe('backfillSecretHashes', () => {
  it('fills the hash of keys created before it existed, and skips what it cannot open', async () => {
    const user = await newAccount();
    const secret = 'an-old-style-secret-of-forty-characters!';
    const [old] = await getDb()
      .insert(accessKeys)
      .values({
        userId: user.id,
        accessKeyId: 'AKOLDSTYLE000000000001',
        secretCiphertext: sealSecret(secret, 'AKOLDSTYLE000000000001'),
      })
      .returning({ id: accessKeys.id });
    await getDb().insert(accessKeys).values({
      userId: user.id,
      accessKeyId: 'AKUNREADABLE0000000001',
      secretCiphertext: 'v1.deadbeef.x.y',
    });
    const report = await keys.backfillSecretHashes();
    expect(report.unreadable).toEqual(['AKUNREADABLE0000000001']);
    expect(report.filled).toBeGreaterThanOrEqual(1);
    const [row] = await getDb().select().from(accessKeys).where(eq(accessKeys.id, old.id));
    expect(row.secretHash).toBe(secretHash(secret));
    expect((await keys.backfillSecretHashes()).filled).toBe(0);
  });
});
