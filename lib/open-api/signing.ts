import { isUtf8 } from 'node:buffer';
import * as crypto from 'node:crypto';
import { createHash, createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

export const ALGORITHM = 'CNC-HMAC-SHA256';
// The one-shot hash (Node 20.12+) skips building a stream object per call, which counts on the
// verification path; older versions fall back to createHash.
const sha256Hex: (data: string | Uint8Array) => string =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data)
    : (data) => createHash('sha256').update(data).digest('hex');

export const EMPTY_PAYLOAD_HASH = sha256Hex('');

const MAX_AUTHORIZATION_LENGTH = 4096;
const DEFAULT_SIGNED_HEADERS: readonly string[] = ['content-type', 'host'];
const RESERVED_HEADERS = new Set([
  'host',
  'authorization',
  'x-cnc-accesskey',
  'x-cnc-timestamp',
  'x-cnc-auth-method',
]);
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;
const ACCESS_KEY_ID = /^[A-Za-z0-9._~+/=-]{1,128}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

type HeaderValues = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface CanonicalRequestInput {
  method: string;
  path: string;
  /** Raw query string as sent, without the leading '?'. */
  query: string;
  /** Lowercase header names. */
  headers: Readonly<Record<string, string | undefined>>;
  signedHeaders: readonly string[];
  payloadHash: string;
}

export interface SignRequestInput {
  accessKeyId: string;
  secret: string;
  method: string;
  url: string | URL;
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
}

export interface ParsedAuthorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

export interface VerifySignatureInput {
  /** The AccessKey Secret, or a KeyObject made from it once (createSecretKey) to reuse per call. */
  secret: string | KeyObject;
  method: string;
  path: string;
  query: string;
  /** The request's headers as received, lowercase-keyed (node's IncomingHttpHeaders fits). */
  headers: HeaderValues;
  signedHeaders: readonly string[];
  timestamp: string;
  payloadHash: string;
  signature: string;
}

/** The SDK signs an empty payload for GET whatever the body, and for any empty body. */
export function hashPayload(body: Uint8Array | string | undefined, method?: string): string {
  if (body === undefined || body.length === 0 || method === 'GET') return EMPTY_PAYLOAD_HASH;
  return sha256Hex(body);
}

export function canonicalRequest(input: CanonicalRequestInput): string {
  const result = buildCanonicalRequest(input, false);
  if (result === null) throw new TypeError('The query string has a malformed percent-encoding.');
  return result;
}

export function stringToSign(timestamp: string, canonical: string): string {
  return `${ALGORITHM}\n${timestamp}\n${sha256Hex(canonical)}`;
}

export function signature(secret: string, toSign: string): string {
  return createHmac('sha256', secret).update(toSign).digest('hex');
}

export function signRequest(input: SignRequestInput): Record<string, string> {
  const url = typeof input.url === 'string' ? new URL(input.url) : input.url;
  const method = input.method.toUpperCase();
  const seconds = input.timestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new TypeError('The timestamp must be a whole number of Unix seconds.');
  }
  const timestamp = String(seconds);

  let contentType = 'application/json';
  const extra: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-type') contentType = value;
    else if (RESERVED_HEADERS.has(lower)) throw new TypeError(`signRequest sets ${name} itself.`);
    else extra[name] = value;
  }

  const canonical = canonicalRequest({
    method,
    path: url.pathname,
    query: url.search.slice(1),
    headers: { 'content-type': contentType, host: url.host },
    signedHeaders: DEFAULT_SIGNED_HEADERS,
    payloadHash: hashPayload(input.body, method),
  });
  const hex = signature(input.secret, stringToSign(timestamp, canonical));

  return {
    ...extra,
    'Content-Type': contentType,
    'x-cnc-accessKey': input.accessKeyId,
    'x-cnc-timestamp': timestamp,
    'x-cnc-auth-method': 'AKSK',
    Authorization: `${ALGORITHM} Credential=${input.accessKeyId}, SignedHeaders=${DEFAULT_SIGNED_HEADERS.join(';')}, Signature=${hex}`,
  };
}

export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  if (typeof header !== 'string' || header.length > MAX_AUTHORIZATION_LENGTH) return null;
  const value = header.trim();
  if (!value.startsWith(ALGORITHM)) return null;
  const separator = value.charCodeAt(ALGORITHM.length);
  if (separator !== 0x20 && separator !== 0x09) return null;

  const parts = value.slice(ALGORITHM.length).split(',');
  if (parts.length !== 3) return null;

  let accessKeyId: string | undefined;
  let signedHeaders: string[] | null | undefined;
  let hex: string | undefined;
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq === -1) return null;
    const field = part.slice(eq + 1).trim();
    switch (part.slice(0, eq).trim()) {
      case 'Credential':
        if (accessKeyId !== undefined || !ACCESS_KEY_ID.test(field)) return null;
        accessKeyId = field;
        break;
      case 'SignedHeaders':
        if (signedHeaders !== undefined) return null;
        signedHeaders = parseSignedHeaders(field);
        if (signedHeaders === null) return null;
        break;
      case 'Signature':
        if (hex !== undefined || !HEX_SIGNATURE.test(field)) return null;
        hex = field;
        break;
      default:
        return null;
    }
  }
  if (accessKeyId === undefined || !signedHeaders || hex === undefined) return null;
  return { accessKeyId, signedHeaders, signature: hex };
}

export function verifySignature(input: VerifySignatureInput): boolean {
  if (!HEX_SIGNATURE.test(input.signature)) return false;
  const canonical = buildCanonicalRequest(input, true);
  if (canonical === null) return false;
  const expected = createHmac('sha256', input.secret)
    .update(stringToSign(input.timestamp, canonical))
    .digest();
  return timingSafeEqual(expected, Buffer.from(input.signature, 'hex'));
}

function parseSignedHeaders(list: string): string[] | null {
  const names = list.split(';');
  const seen = new Set<string>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i].trim().toLowerCase();
    if (!HEADER_NAME.test(name) || seen.has(name)) return null;
    seen.add(name);
    names[i] = name;
  }
  return seen.has('host') ? names : null;
}

/**
 * Mirrors the SDK's canonical form; `strict` (verification) additionally fails when a signed
 * header is absent or repeated, where the SDK would sign an empty value.
 */
function buildCanonicalRequest(
  input: Omit<CanonicalRequestInput, 'headers'> & { headers: HeaderValues },
  strict: boolean,
): string | null {
  // The SDK leaves the query of a POST out of the signature entirely.
  const query = input.method === 'POST' ? '' : decodeQuery(input.query);
  if (query === null) return null;

  const names =
    input.signedHeaders.length === 0
      ? DEFAULT_SIGNED_HEADERS
      : input.signedHeaders.map((name) => name.toLowerCase()).sort();
  let headerBlock = '';
  for (const name of names) {
    const value = input.headers[name];
    if (typeof value !== 'string' && strict) return null;
    headerBlock += `${name}:${typeof value === 'string' ? value.toLowerCase() : ''}\n`;
  }

  return `${input.method}\n${input.path}\n${query}\n${headerBlock}\n${names.join(';')}\n${input.payloadHash}`;
}

/**
 * Go's url.QueryUnescape: '+' is a space and %XX a byte. Where the SDK would sign an empty query
 * for a bad escape, this refuses, so no malformed query can borrow another's signature.
 */
function decodeQuery(query: string): string | null {
  if (query.indexOf('%') === -1 && query.indexOf('+') === -1) return query;
  const source = Buffer.from(query, 'utf8');
  const bytes = Buffer.allocUnsafe(source.length);
  let length = 0;
  for (let i = 0; i < source.length; i++) {
    const byte = source[i];
    if (byte === 0x25) {
      const high = hexValue(source[i + 1]);
      const low = hexValue(source[i + 2]);
      if (high < 0 || low < 0) return null;
      bytes[length++] = (high << 4) | low;
      i += 2;
    } else {
      bytes[length++] = byte === 0x2b ? 0x20 : byte;
    }
  }
  const decoded = bytes.subarray(0, length);
  return isUtf8(decoded) ? decoded.toString('utf8') : null;
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}
