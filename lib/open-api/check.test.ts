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
  expiresAt: null,
  allowedIps: null,
  leakedAt: null,
  allProducts: true,
  productIds: [],
};
const ip = '192.0.2.10';

describe('checkKey', () => {
  it('passes a live key of an enabled account with Programmatic Access', () => {
    expect(checkKey({ key, now: 0, ip })).toBeNull();
  });

  it('refuses in order: account disabled, then key disabled, then no Programmatic Access', () => {
    const everything = {
      ...key,
      disabledAt: new Date(0),
      status: 'disabled' as const,
      programmaticAccess: false,
    };
    expect(checkKey({ key: everything, now: 0, ip })).toEqual({ code: 'AccountDisabled' });
    expect(checkKey({ key: { ...everything, disabledAt: null }, now: 0, ip })).toEqual({
      code: 'AccessKeyDisabled',
      audit: 'api.rejected_key_disabled',
    });
    expect(checkKey({ key: { ...key, programmaticAccess: false }, now: 0, ip })).toEqual({
      code: 'ProgrammaticAccessDenied',
      audit: 'api.rejected_programmatic_access',
    });
  });
});

describe('the key policy rules', () => {
  const now = Date.UTC(2026, 11, 1, 12);
  const listed = JSON.stringify(['192.0.2.0/24', '2001:db8::/32', '::1']);

  it('refuses an expired key with AccessKeyExpired, from the very millisecond it expires', () => {
    const expiring = { ...key, expiresAt: new Date(now) };
    expect(checkKey({ key: expiring, now: now - 1, ip })).toBeNull();
    expect(checkKey({ key: expiring, now, ip })).toEqual({
      code: 'AccessKeyExpired',
      audit: 'api.rejected_key_expired',
    });
  });

  it('lets in listed addresses and ranges, IPv4-mapped IPv6 as its IPv4 form', () => {
    const limited = { ...key, allowedIps: listed };
    for (const from of ['192.0.2.10', '::ffff:192.0.2.200', '2001:db8:1::5', '::1']) {
      expect(checkKey({ key: limited, now, ip: from }), from).toBeNull();
    }
  });

  it('refuses other addresses with SourceIpDenied, naming the address seen', () => {
    const limited = { ...key, allowedIps: listed };
    for (const from of ['192.0.3.1', '::ffff:10.0.0.1', '2001:db9::1', '127.0.0.1', null]) {
      const refusal = checkKey({ key: limited, now, ip: from });
      expect(refusal, String(from)).toMatchObject({
        code: 'SourceIpDenied',
        audit: 'api.rejected_source_ip',
      });
      expect(refusal?.message).toContain(from ?? 'an unknown address');
    }
  });

  it('tells a caller from elsewhere nothing else: the address is checked first', () => {
    const everything = {
      ...key,
      allowedIps: listed,
      disabledAt: new Date(0),
      status: 'disabled' as const,
      expiresAt: new Date(0),
      programmaticAccess: false,
    };
    expect(checkKey({ key: everything, now, ip: '203.0.113.1' })?.code).toBe('SourceIpDenied');
    expect(checkKey({ key: everything, now, ip: '192.0.2.1' })?.code).toBe('AccountDisabled');
  });

  it('says a leaked key was leaked, under AccessKeyDisabled', () => {
    const leaked = { ...key, status: 'disabled' as const, leakedAt: new Date(now) };
    const refusal = checkKey({ key: leaked, now, ip });
    expect(refusal?.code).toBe('AccessKeyDisabled');
    expect(refusal?.message).toMatch(/leaked/);
  });

  it('refuses a disabled key before an expired one, and an expired one before a missing permission', () => {
    const expired = { ...key, expiresAt: new Date(now - 1), programmaticAccess: false };
    expect(checkKey({ key: { ...expired, status: 'disabled' }, now, ip })?.code).toBe(
      'AccessKeyDisabled',
    );
    expect(checkKey({ key: expired, now, ip })?.code).toBe('AccessKeyExpired');
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
    expect(checkTarget({ key, now: 0, ip })).toBeNull();
    expect(checkTarget({ key, now: 0, ip, target: { slug: 'orders', product } })).toBeNull();
    expect(
      checkTarget({ key: scoped, now: 0, ip, target: { slug: 'orders', product } }),
    ).toBeNull();
  });

  it('refuses an unknown or disabled product before the scope, then a product outside it', () => {
    const disabled = { ...product, enabled: false };
    for (const target of [
      { slug: 'orders', product: undefined },
      { slug: 'orders', product: disabled },
    ]) {
      expect(checkTarget({ key: { ...scoped, productIds: [] }, now: 0, ip, target })).toEqual({
        code: 'ProductNotFound',
        message: 'No enabled product has the slug orders.',
      });
    }
    // A slug that is no slug is not echoed back.
    expect(checkTarget({ key, now: 0, ip, target: { slug: '<b>', product: undefined } })).toEqual({
      code: 'ProductNotFound',
      message: undefined,
    });
    expect(
      checkTarget({
        key: { ...scoped, productIds: [3] },
        now: 0,
        ip,
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
