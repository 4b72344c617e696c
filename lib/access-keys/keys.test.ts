import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { raceWorkers } from '@/test/race-workers';
import { prepareTestEnvironment } from '@/test/environment';

prepareTestEnvironment();
const { getDb, migrateDatabase } = await import('@/db');
const { accessKeys, auditLogs } = await import('@/db/schema');
const { asc, eq } = await import('drizzle-orm');
const keys = await import('@/lib/access-keys/keys');
const { errorMessage } = await import('@/lib/errors');
const { openSecret } = await import('@/lib/crypto');
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
    (error: unknown) => (error instanceof keys.AccessKeyError ? error.message : String(error)),
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
      expect(secret).toMatch(/^[0-9A-Za-z]{40}$/);
      ids.add(id);
      secrets.add(secret);
    }
    expect(ids.size).toBe(2000);
    expect(secrets.size).toBe(2000);
    // 40 characters from 62 symbols: log2(62) * 40 > 128.
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
