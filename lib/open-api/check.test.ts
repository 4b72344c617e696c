import { describe, expect, it } from 'vitest';
import { checkKey, readSignedHeaders, REQUEST_WINDOW_SECONDS } from './check';
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
