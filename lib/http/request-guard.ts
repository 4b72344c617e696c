import type { IncomingHttpHeaders } from 'node:http';

/** Next's own limit for server action bodies, set explicitly in next.config.ts so both agree. */
export const SERVER_ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

export const CROSS_ORIGIN_REFUSED = 'Requests from other sites are refused.';
export const BODY_TOO_LARGE =
  'The form is larger than 1 MiB. Shorten what you entered and try again.';

export type Refusal = { status: 403 | 413; message: string };

function firstHeader(value: string | string[] | undefined) {
  const first = Array.isArray(value) ? value[0] : value?.split(',')[0];
  return first?.trim() || undefined;
}

function originHost(origin: string) {
  try {
    return new URL(origin).host;
  } catch {
    // "null" (sandboxed frames, some redirects) and garbage match no host.
    return null;
  }
}

/**
 * Checks a POST before Next handles it (server actions and Auth.js). Next refuses a cross-origin
 * server action and an oversized body itself, but answers both with a 500, which hides an attack
 * among our own faults. The site's name is the Host header; X-Forwarded-Host counts only when a
 * trusted proxy sets it, or when Next forwards an action to the worker that holds it (it calls
 * itself as localhost and keeps the original name there). A browser cannot send either header to
 * another site, so neither opens a way around the check.
 */
export function refuseConsolePost(
  method: string | undefined,
  headers: IncomingHttpHeaders,
  options: { trustProxy: boolean },
): Refusal | null {
  if (method !== 'POST') return null;
  const origin = headers.origin;
  if (origin !== undefined) {
    const forwarded = options.trustProxy || headers['x-action-forwarded'] === '1';
    const host = (forwarded ? firstHeader(headers['x-forwarded-host']) : undefined) ?? headers.host;
    if (!host || originHost(origin) !== host) {
      return { status: 403, message: CROSS_ORIGIN_REFUSED };
    }
  }
  const declared = headers['content-length'];
  if (declared !== undefined && Number(declared) > SERVER_ACTION_BODY_LIMIT_BYTES) {
    return { status: 413, message: BODY_TOO_LARGE };
  }
  return null;
}
