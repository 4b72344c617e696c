import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { withRequestedHost } from './requested-host';

function request(headers: Record<string, string>, init: { method?: string; body?: string } = {}) {
  return new NextRequest('http://localhost:3000/api/auth/signin?callbackUrl=%2Fa', {
    ...init,
    headers,
  });
}

describe('withRequestedHost', () => {
  it('puts the host the client asked for in place of the server name', () => {
    const original = request({ host: 'console.example.com' });
    // What Next hands the route: nextUrl follows Host, the url Auth.js reads does not.
    expect(original.url).toBe('http://localhost:3000/api/auth/signin?callbackUrl=%2Fa');
    const moved = withRequestedHost(original);
    expect(moved.url).toBe('http://console.example.com/api/auth/signin?callbackUrl=%2Fa');
  });

  it('follows the first forwarded host and protocol', () => {
    const moved = withRequestedHost(
      request({
        host: 'internal:3000',
        'x-forwarded-host': 'console.example.com, proxy.internal',
        'x-forwarded-proto': 'https',
      }),
    );
    expect(new URL(moved.url).origin).toBe('https://console.example.com');
  });

  it('keeps the body of a post', async () => {
    const moved = withRequestedHost(
      request(
        { host: '127.0.0.1:3710', 'content-type': 'application/x-www-form-urlencoded' },
        { method: 'POST', body: 'csrfToken=abc' },
      ),
    );
    expect(moved.method).toBe('POST');
    expect(await moved.text()).toBe('csrfToken=abc');
  });

  it('leaves a request alone when the host is missing or not a host', () => {
    for (const headers of [{}, { host: 'bad host/with spaces' }] as Record<string, string>[]) {
      const original = request(headers);
      expect(withRequestedHost(original)).toBe(original);
    }
  });
});
