import { describe, expect, it } from 'vitest';
import { checkKey, checkTarget, readSignedHeaders, REQUEST_WINDOW_SECONDS } from './check';
import { ApiError } from './errors';
import type { KeyRow } from './key-store';

const key: KeyRow = {
  keyId: 1,
  userId: 1,
  secretCiphertext: 'v1.x.y.z',
  status: 'enabled',
  email: 'a@example.test',
  name: 'A',
  role: 'member',
  programmaticAccess: true,
  disabledAt: null,
  allProducts: true,
  productIds: [],
};

describe('checkKey', () => {
  it('passes a live key of an enabled account with Programmatic Access', () => {
    expect(checkKey({ key, now: 0 })).toBeNull();
  });

  it('refuses in order: account disabled, then key disabled, then no Programmatic Access', () => {
    const everything = {
      ...key,
      disabledAt: new Date(0),
      status: 'disabled' as const,
      programmaticAccess: false,
    };
    expect(checkKey({ key: everything, now: 0 })).toEqual({ code: 'AccountDisabled' });
    expect(checkKey({ key: { ...everything, disabledAt: null }, now: 0 })).toEqual({
      code: 'AccessKeyDisabled',
      audit: 'api.rejected_key_disabled',
    });
    expect(checkKey({ key: { ...key, programmaticAccess: false }, now: 0 })).toEqual({
      code: 'ProgrammaticAccessDenied',
      audit: 'api.rejected_programmatic_access',
    });
  });
});

describe('checkTarget', () => {
  const product = {
    id: 7,
    slug: 'orders',
    enabled: true,
    upstreamUrl: 'http://127.0.0.1:9/',
    timeoutMs: 30_000,
    maxBodyBytes: 1024,
    signingSecretCiphertext: 'v1.x.y.z',
    previousSigningSecretCiphertext: null,
    previousSigningSecretExpiresAt: null,
  };
  const scoped = { ...key, allProducts: false, productIds: [3, 7] };

  it('passes the Open API, any product for an all-products key, a product in the scope', () => {
    expect(checkTarget({ key, now: 0 })).toBeNull();
    expect(checkTarget({ key, now: 0, target: { slug: 'orders', product } })).toBeNull();
    expect(checkTarget({ key: scoped, now: 0, target: { slug: 'orders', product } })).toBeNull();
  });

  it('refuses an unknown or disabled product before the scope, then a product outside it', () => {
    const disabled = { ...product, enabled: false };
    for (const target of [
      { slug: 'orders', product: undefined },
      { slug: 'orders', product: disabled },
    ]) {
      expect(checkTarget({ key: { ...scoped, productIds: [] }, now: 0, target })).toEqual({
        code: 'ProductNotFound',
        message: 'No enabled product has the slug orders.',
      });
    }
    // A slug that is no slug is not echoed back.
    expect(checkTarget({ key, now: 0, target: { slug: '<b>', product: undefined } })).toEqual({
      code: 'ProductNotFound',
      message: undefined,
    });
    expect(
      checkTarget({
        key: { ...scoped, productIds: [3] },
        now: 0,
        target: { slug: 'orders', product },
      }),
    ).toMatchObject({ code: 'ProductAccessDenied', audit: 'api.rejected_product_scope' });
  });
});

describe('readSignedHeaders', () => {
  const now = 1_700_000_000_000;
  const signature = 'ab'.repeat(32);
  const headers = (timestamp: string) => ({
    authorization: `CNC-HMAC-SHA256 Credential=AKEXAMPLE, SignedHeaders=content-type;host, Signature=${signature}`,
    'x-cnc-accesskey': 'AKEXAMPLE',
    'x-cnc-timestamp': timestamp,
  });
  const code = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as ApiError).code;
    }
    return null;
  };

  it('reads the credential, signed headers, signature and time', () => {
    expect(readSignedHeaders(headers('1700000000'), now)).toEqual({
      accessKeyId: 'AKEXAMPLE',
      signedHeaders: ['content-type', 'host'],
      signature,
      timestamp: '1700000000',
      seconds: 1_700_000_000,
    });
  });

  it('refuses a missing header, a mismatched key header, a bad or stale time', () => {
    expect(code(() => readSignedHeaders({}, now))).toBe('MissingAuthorization');
    expect(
      code(() =>
        readSignedHeaders({ ...headers('1700000000'), 'x-cnc-accesskey': 'AKOTHER' }, now),
      ),
    ).toBe('MissingAuthorization');
    expect(code(() => readSignedHeaders(headers('1e9'), now))).toBe('MissingAuthorization');
    const stale = String(1_700_000_000 - REQUEST_WINDOW_SECONDS - 1);
    expect(code(() => readSignedHeaders(headers(stale), now))).toBe('RequestExpired');
    const edge = String(1_700_000_000 - REQUEST_WINDOW_SECONDS);
    expect(code(() => readSignedHeaders(headers(edge), now))).toBeNull();
  });
});
