import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from '@/lib/http/security-headers';

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
const SIGNED_IN_AREAS = ['/account', '/admin'];

function needsSession(pathname: string) {
  return (
    pathname === '/' ||
    SIGNED_IN_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`))
  );
}

/**
 * Sets a per-request CSP nonce, and sends visitors without a session cookie to /login. The redirect is
 * a convenience only: every page, action and route verifies the session against the database itself.
 */
export function proxy(request: NextRequest) {
  const https =
    request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, https, process.env.NODE_ENV === 'development');

  let response: NextResponse;
  if (
    needsSession(request.nextUrl.pathname) &&
    !SESSION_COOKIES.some((name) => request.cookies.has(name))
  ) {
    const url = new URL('/login', request.nextUrl);
    url.searchParams.set('callbackUrl', `${request.nextUrl.pathname}${request.nextUrl.search}`);
    response = NextResponse.redirect(url);
  } else {
    const headers = new Headers(request.headers);
    headers.set('x-nonce', nonce);
    headers.set('content-security-policy', csp);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set('content-security-policy', csp);
  if (https) response.headers.set('strict-transport-security', STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [{ type: 'header', key: 'next-router-prefetch' }],
    },
  ],
};
