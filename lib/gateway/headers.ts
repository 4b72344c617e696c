import type { IncomingHttpHeaders } from 'node:http';

// RFC 9110 §7.6.1 connection-specific fields, plus what undici sets itself (host, content-length)
// or refuses (expect).
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
const SET_BY_CLIENT_LIBRARY = new Set(['host', 'content-length', 'expect']);

/**
 * Headers a client must not be able to send upstream: the signature and anything derived from the
 * Secret, and every header the gateway vouches for (identity, gateway signature, forwarding).
 */
const NEVER_FORWARDED = new Set([
  'authorization',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-real-ip',
  'x-request-id',
]);
const NEVER_FORWARDED_PREFIXES = ['x-cnc-', 'x-accesskey-', 'x-account-', 'x-gateway-'];

function listedInConnection(headers: IncomingHttpHeaders): Set<string> | undefined {
  const value = headers.connection;
  if (value === undefined) return undefined;
  return new Set(
    value
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The client's headers minus hop-by-hop, credentials and anything the gateway itself vouches for. */
export function forwardableRequestHeaders(
  headers: IncomingHttpHeaders,
): Record<string, string | string[]> {
  const named = listedInConnection(headers);
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (HOP_BY_HOP.has(name) || SET_BY_CLIENT_LIBRARY.has(name) || NEVER_FORWARDED.has(name)) {
      continue;
    }
    if (named?.has(name)) continue;
    if (NEVER_FORWARDED_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
    out[name] = value;
  }
  return out;
}

/** The upstream's answer headers minus hop-by-hop ones; Node frames the body itself. */
export function forwardableResponseHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const named = listedInConnection(headers as IncomingHttpHeaders);
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || HOP_BY_HOP.has(name) || named?.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/** A header value safe to send: an e-mail address outside ASCII is percent-encoded. */
export function headerSafe(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}
