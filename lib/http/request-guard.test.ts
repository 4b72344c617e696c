import { describe, expect, it } from 'vitest';
import {
  BODY_TOO_LARGE,
  CROSS_ORIGIN_REFUSED,
  refuseConsolePost,
  SERVER_ACTION_BODY_LIMIT_BYTES,
} from './request-guard';

const direct = { trustProxy: false };
const proxied = { trustProxy: true };

describe('refuseConsolePost', () => {
  it('lets same-origin posts, posts without an Origin and every GET through', () => {
    expect(
      refuseConsolePost(
        'POST',
        { host: 'console.test', origin: 'https://console.test', 'content-length': '20' },
        direct,
      ),
    ).toBeNull();
    expect(refuseConsolePost('POST', { host: 'console.test' }, direct)).toBeNull();
    expect(
      refuseConsolePost('GET', { host: 'console.test', origin: 'https://evil.example' }, direct),
    ).toBeNull();
  });

  it('refuses another site, an opaque origin and a missing Host with 403', () => {
    for (const headers of [
      { host: 'console.test', origin: 'https://evil.example' },
      { host: 'console.test', origin: 'null' },
      { host: 'console.test', origin: 'not a url' },
      { host: 'console.test', origin: 'https://console.test.evil.example' },
      { origin: 'https://console.test' },
    ]) {
      expect(refuseConsolePost('POST', headers, direct)).toEqual({
        status: 403,
        message: CROSS_ORIGIN_REFUSED,
      });
    }
  });

  it('ignores a client-sent X-Forwarded-Host unless a trusted proxy or Next sets it', () => {
    const headers = {
      host: 'console.test',
      'x-forwarded-host': 'evil.example',
      origin: 'https://evil.example',
    };
    expect(refuseConsolePost('POST', headers, direct)?.status).toBe(403);
    expect(refuseConsolePost('POST', headers, proxied)).toBeNull();
    // Next forwarding an action to another worker calls itself as localhost.
    expect(
      refuseConsolePost(
        'POST',
        {
          host: 'localhost:3000',
          'x-forwarded-host': '127.0.0.1:3000',
          'x-action-forwarded': '1',
          origin: 'http://127.0.0.1:3000',
        },
        direct,
      ),
    ).toBeNull();
    expect(
      refuseConsolePost(
        'POST',
        {
          host: 'internal:3000',
          'x-forwarded-host': 'console.test, other',
          origin: 'https://console.test',
        },
        proxied,
      ),
    ).toBeNull();
  });

  it('refuses a declared body over the limit with 413, and accepts one at it', () => {
    const at = { host: 'c.test', 'content-length': String(SERVER_ACTION_BODY_LIMIT_BYTES) };
    expect(refuseConsolePost('POST', at, direct)).toBeNull();
    expect(
      refuseConsolePost(
        'POST',
        { ...at, 'content-length': String(SERVER_ACTION_BODY_LIMIT_BYTES + 1) },
        direct,
      ),
    ).toEqual({ status: 413, message: BODY_TOO_LARGE });
  });
});
