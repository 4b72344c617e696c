import { beforeAll, describe, expect, it } from 'vitest';
import { prepareTestEnvironment } from '@/test/environment';

prepareTestEnvironment();
const { getDb, migrateDatabase } = await import('@/db');
const { accessKeys, auditLogs, products } = await import('@/db/schema');
const { and, desc, eq } = await import('drizzle-orm');
const keys = await import('@/lib/access-keys/keys');
const { createUser } = await import('@/lib/users/accounts');
const productsModule = await import('./products');
const { openSigningSecret, liveSealedSecrets, SIGNING_SECRET_PREFIX } =
  await import('./signing-secret');
const { checkUpstreamUrl, newProductSchema, productChangeSchema, formatBytes } =
  await import('./validation');
const { ScopeError } = await import('./scopes');
const { errorMessage } = await import('@/lib/errors');
const { translate } = await import('@/lib/i18n/translator');
const { issueMessage } = await import('@/lib/i18n/validation');

const context = { actor: null, request: { ip: '192.0.2.1', userAgent: 'vitest' } };
let sequence = 0;

function input(slug: string, overrides: Record<string, unknown> = {}) {
  return newProductSchema.parse({
    slug,
    name: `Product ${slug}`,
    upstreamUrl: 'http://127.0.0.1:9/base',
    ...overrides,
  });
}

async function member() {
  sequence++;
  return createUser(
    {
      email: `scope-${sequence}@example.test`,
      name: `Scope ${sequence}`,
      role: 'member',
      programmaticAccess: true,
      password: null,
    },
    context,
  );
}

function refusal(promise: Promise<unknown>) {
  return promise.then(
    () => 'no refusal',
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}

async function lastAudit(action: string) {
  const [row] = await getDb()
    .select()
    .from(auditLogs)
    .where(eq(auditLogs.action, action))
    .orderBy(desc(auditLogs.id))
    .limit(1);
  return row;
}

beforeAll(async () => {
  await migrateDatabase();
});

describe('upstream URL validation', () => {
  it('keeps http and https URLs with a path prefix, normalised', () => {
    expect(checkUpstreamUrl(' https://api.internal:8443/v1 ')).toEqual({
      url: 'https://api.internal:8443/v1',
    });
    expect(checkUpstreamUrl('http://10.0.0.5')).toEqual({ url: 'http://10.0.0.5/' });
  });

  it('refuses other schemes, credentials, queries, fragments and junk with a sentence', () => {
    for (const [value, key, words] of [
      ['ftp://files.internal/', 'upstreamUrlScheme', 'http:// or https://'],
      ['file:///etc/passwd', 'upstreamUrlScheme', 'http:// or https://'],
      ['https://user:pw@api.internal/', 'upstreamUrlCredentials', 'user name or password'],
      ['https://api.internal/?token=1', 'upstreamUrlQuery', 'query or fragment'],
      ['https://api.internal/#x', 'upstreamUrlQuery', 'query or fragment'],
      ['api.internal/v1', 'upstreamUrlInvalid', 'not a valid URL'],
      ['', 'upstreamUrlRequired', 'Enter the upstream URL'],
    ] as const) {
      expect(checkUpstreamUrl(value), value).toEqual({ error: key });
      expect(translate('en', `validation.${key}`)).toContain(words);
    }
    // The form answers in the administrator's language, the Open API in English.
    const issue = newProductSchema.safeParse({ ...input('ok'), upstreamUrl: 'x'.repeat(2001) })
      .error!.issues[0];
    expect(issueMessage('en', issue)).toBe('The upstream URL must be at most 2,000 characters.');
    expect(issueMessage('ko', issue)).toBe('업스트림 URL은 2,000자 이하여야 합니다.');
  });

  it('applies the slug rule and the numeric bounds', () => {
    expect(newProductSchema.safeParse({ ...input('ok'), slug: 'Has Caps' }).success).toBe(false);
    expect(newProductSchema.safeParse({ ...input('ok'), slug: 'a' }).success).toBe(false);
    expect(newProductSchema.safeParse({ ...input('ok'), slug: 'x'.repeat(41) }).success).toBe(
      false,
    );
    // Usage counts the Open API's own calls as open-api: no product may take the name.
    for (const schema of [newProductSchema, productChangeSchema]) {
      const reserved = schema.safeParse({ ...input('ok'), slug: 'open-api' }).error!.issues[0];
      expect(issueMessage('en', reserved)).toBe(
        'The slug open-api is reserved: usage counts Open API calls under it. Choose another.',
      );
    }
    expect(input('ok')).toMatchObject({ timeoutMs: 30_000, maxBodyBytes: 10 * 1024 * 1024 });
    expect(productChangeSchema.safeParse({ timeoutMs: 999 }).success).toBe(false);
    expect(productChangeSchema.safeParse({ timeoutMs: 300_001 }).success).toBe(false);
    expect(productChangeSchema.safeParse({ timeoutMs: 300_000 }).success).toBe(true);
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MiB');
    expect(formatBytes(1536)).toBe('1536 bytes');
  });
});

describe('products', () => {
  it('are created with a sealed signing secret returned once, and audited', async () => {
    const { product, signingSecret } = await productsModule.createProduct(input('orders'), context);
    expect(signingSecret.startsWith(SIGNING_SECRET_PREFIX)).toBe(true);
    expect(
      Buffer.from(signingSecret.slice(SIGNING_SECRET_PREFIX.length), 'base64url'),
    ).toHaveLength(32);
    expect(product).not.toHaveProperty('signingSecretCiphertext');
    const [row] = await getDb().select().from(products).where(eq(products.id, product.id));
    expect(row.signingSecretCiphertext).not.toContain(signingSecret);
    expect(openSigningSecret(row.signingSecretCiphertext, row.id)).toBe(signingSecret);
    // Bound to the product: another product's context does not open it.
    expect(() => openSigningSecret(row.signingSecretCiphertext, row.id + 1)).toThrow();
    const audit = await lastAudit('product.created');
    expect(audit).toMatchObject({ targetType: 'product', targetId: 'orders' });
    expect(audit.detail).not.toContain(signingSecret);

    expect(await refusal(productsModule.createProduct(input('orders'), context))).toBe(
      'Another product already uses the slug orders.',
    );
  });

  it('rotate: a new secret, the previous one signing for 24 hours, then not', async () => {
    const created = await productsModule.createProduct(input('rotating'), context);
    const now = Date.now();
    const rotated = await productsModule.rotateSigningSecret('rotating', context, now);
    expect(rotated.signingSecret).not.toBe(created.signingSecret);
    expect(rotated.previousValidUntil.getTime()).toBe(now + 24 * 60 * 60 * 1000);
    const [row] = await getDb().select().from(products).where(eq(products.slug, 'rotating'));
    const open = (sealed: string[]) => sealed.map((value) => openSigningSecret(value, row.id));
    expect(open(liveSealedSecrets(row, now))).toEqual([
      rotated.signingSecret,
      created.signingSecret,
    ]);
    expect(open(liveSealedSecrets(row, now + 24 * 60 * 60 * 1000))).toEqual([
      rotated.signingSecret,
    ]);
    const audit = await lastAudit('product.signing_secret_rotated');
    expect(audit.detail).not.toContain(rotated.signingSecret);
    expect(audit.detail).not.toContain(created.signingSecret);
  });

  it('update: audits old and new values; the slug is fixed once keys are scoped to it', async () => {
    await productsModule.createProduct(input('billing'), context);
    const updated = await productsModule.updateProduct(
      'billing',
      { name: 'Billing API', timeoutMs: 5000, enabled: false },
      context,
    );
    expect(updated).toMatchObject({ name: 'Billing API', timeoutMs: 5000, enabled: false });
    const audit = await lastAudit('product.updated');
    expect(JSON.parse(audit.detail!)).toMatchObject({
      nameFrom: 'Product billing',
      nameTo: 'Billing API',
      enabledFrom: true,
      enabledTo: false,
    });
    const renamed = await productsModule.updateProduct('billing', { slug: 'billing-v2' }, context);
    expect(renamed.slug).toBe('billing-v2');
    await productsModule.updateProduct('billing-v2', { enabled: true }, context);

    const owner = await member();
    await keys.createAccessKey(owner.id, context, { products: ['billing-v2'] });
    expect(
      await refusal(productsModule.updateProduct('billing-v2', { slug: 'billing-v3' }, context)),
    ).toBe('The slug of billing-v2 cannot change: 1 AccessKey is scoped to it.');
    expect(await refusal(productsModule.updateProduct('nope', { name: 'x' }, context))).toBe(
      'No product has the slug nope.',
    );
    // Answered in English by the Open API, in the administrator's language by the console.
    const refused = await productsModule
      .updateProduct('billing-v2', { slug: 'billing-v3' }, context)
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ key: 'productSlugFixed', values: { count: 1 } });
    expect(errorMessage('productSlugFixed', { slug: 'billing-v2', count: 1 }, 'zh-CN')).toBe(
      '无法修改 billing-v2 的标识：有 1 个 AccessKey 指定了此产品。',
    );
  });

  it('delete: refused while keys are scoped to it (nothing saved is lost), allowed after', async () => {
    await productsModule.createProduct(input('search'), context);
    const owner = await member();
    const key = await keys.createAccessKey(owner.id, context, { products: ['search'] });
    expect(await refusal(productsModule.deleteProduct('search', context))).toMatch(
      /^search cannot be deleted: 1 AccessKey is scoped to it\. Disable the product instead/,
    );
    expect((await productsModule.findProduct('search'))?.scopedKeyCount).toBe(1);

    await keys.setAccessKeyScope(owner.id, key.id, 'all', { verified: true }, context);
    expect(await productsModule.deleteProduct('search', context)).toEqual({ slug: 'search' });
    expect(await productsModule.findProduct('search')).toBeUndefined();
    expect((await lastAudit('product.deleted')).targetId).toBe('search');
  });
});

describe('AccessKey scopes', () => {
  it('existing and new keys open all products unless products are chosen', async () => {
    await productsModule.createProduct(input('maps'), context);
    await productsModule.createProduct(input('mail'), context);
    const owner = await member();
    await keys.createAccessKey(owner.id, context);
    await keys.createAccessKey(owner.id, context, { products: ['mail', 'maps', 'mail'] });
    const listed = await keys.listAccessKeys(owner.id);
    expect(listed.map((key) => key.products)).toEqual([['mail', 'maps'], 'all']);
    expect(await refusal(keys.createAccessKey(owner.id, context, { products: [] }))).toBe(
      'Choose at least one product, or all products.',
    );
    expect(
      await refusal(keys.createAccessKey(owner.id, context, { products: ['no-such'] })),
    ).toMatch(/^No enabled product has the slug no-such\./);
    // What cannot be a slug is not repeated back.
    expect(
      await refusal(keys.createAccessKey(owner.id, context, { products: ['9'.repeat(400)] })),
    ).toMatch(/^No enabled product has the slugs you chose\./);
  });

  it('narrowing needs no verification; widening does; each change is audited', async () => {
    const owner = await member();
    const { id } = await keys.createAccessKey(owner.id, context);
    const set = (scope: 'all' | string[], verified: boolean) =>
      keys.setAccessKeyScope(owner.id, id, scope, { verified }, context);

    expect((await set(['maps'], false)).products).toEqual(['maps']);
    expect(await refusal(set(['maps', 'mail'], false))).toBe(
      'Verify your email to let this AccessKey open more products.',
    );
    expect(await refusal(set('all', false))).toBe(
      'Verify your email to let this AccessKey open more products.',
    );
    expect((await set(['maps', 'mail'], true)).products).toEqual(['mail', 'maps']);
    expect((await set(['mail'], false)).products).toEqual(['mail']);
    expect((await set('all', true)).products).toBe('all');

    const audit = await lastAudit('access_key.scope_changed');
    expect(JSON.parse(audit.detail!)).toMatchObject({ from: 'mail', to: 'all' });
  });

  it('a product disabled since stays in a scope saved again, but cannot be added', async () => {
    await productsModule.createProduct(input('legacy'), context);
    const owner = await member();
    const { id } = await keys.createAccessKey(owner.id, context, { products: ['legacy', 'maps'] });
    await productsModule.updateProduct('legacy', { enabled: false }, context);
    const result = await keys.setAccessKeyScope(
      owner.id,
      id,
      ['legacy'],
      { verified: false },
      context,
    );
    expect(result.products).toEqual(['legacy']);
    const other = await keys.createAccessKey(owner.id, context, { products: ['maps'] });
    const refused = keys.setAccessKeyScope(
      owner.id,
      other.id,
      ['legacy'],
      { verified: true },
      context,
    );
    await expect(refused).rejects.toBeInstanceOf(ScopeError);
  });

  it('another account cannot change a key’s scope; deleting a key drops its scope rows', async () => {
    const owner = await member();
    const intruder = await member();
    const { id } = await keys.createAccessKey(owner.id, context, { products: ['maps'] });
    expect(
      await refusal(keys.setAccessKeyScope(intruder.id, id, 'all', { verified: true }, context)),
    ).toBe(errorMessage('accessKeyNotFound'));
    const scoped = async () => (await productsModule.findProduct('maps'))!.scopedKeyCount;
    const before = await scoped();
    await keys.setAccessKeyStatus(owner.id, id, 'disabled', context);
    await keys.deleteAccessKey(owner.id, id, context);
    const [left] = await getDb()
      .select()
      .from(accessKeys)
      .where(and(eq(accessKeys.id, id), eq(accessKeys.userId, owner.id)));
    expect(left).toBeUndefined();
    expect(await scoped()).toBe(before - 1);
  });
});
