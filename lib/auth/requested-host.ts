import { NextRequest } from 'next/server';

function first(value: string | null) {
  return value?.split(',')[0]?.trim() || null;
}

/**
 * Next hands route handlers a URL on the name the server was started with (localhost), and
 * Auth.js builds its redirects from it. This puts the host the client asked for in its place, as
 * Auth.js's own server-side signIn and signOut already do, so /api/auth redirects stay on the site.
 */
export function withRequestedHost(request: NextRequest): NextRequest {
  const host = first(request.headers.get('x-forwarded-host')) ?? first(request.headers.get('host'));
  if (!host) return request;
  const protocol = first(request.headers.get('x-forwarded-proto')) === 'https' ? 'https' : 'http';
  let origin: string;
  try {
    origin = new URL(`${protocol}://${host}`).origin;
  } catch {
    return request;
  }
  // request.url, not nextUrl: nextUrl already follows the Host header, Auth.js reads request.url.
  const url = new URL(request.url);
  if (url.origin === origin) return request;
  return new NextRequest(`${origin}${url.pathname}${url.search}`, request);
}
