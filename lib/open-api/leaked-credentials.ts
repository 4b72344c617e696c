import type { IncomingMessage, ServerResponse } from 'node:http';
import ipaddr from 'ipaddr.js';
import { mailLeakedKeyOwners, reportLeakedSecrets } from '@/lib/access-keys/leaks';
import type { RequestContext } from '@/lib/audit/record';
import { ApiError } from './errors';
import { readBody, sendJson } from './http';
import { RATE_LIMIT_WINDOW_MS, takeRateLimit } from './rate-limit';
import { leakReportSchema, type LeakReceiptBody } from './schemas';

export const LEAK_REPORT_PATH = '/api/v1/leaked-credentials';
export const MAX_LEAK_REPORT_BYTES = 64 * 1024;
/** Reports per source address per rate-limit window (5 minutes), across instances. */
export const LEAK_REPORTS_PER_WINDOW = 20;

/**
 * Whose budget a report counts against: an IPv4 address, or the /64 an IPv6 address belongs to (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would be no limit).
 */
export function reportBucket(ip: string | null): string {
  if (ip === null || !ipaddr.isValid(ip)) return 'leak-report:unknown';
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return `leak-report:${address.toString()}`;
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${address.toNormalizedString()}/64`);
  return `leak-report:${network.toString()}/64`;
}

/**
 * POST /api/v1/leaked-credentials, unsigned: whoever holds a Secret has shown that it leaked. Every
 * reported Secret that belongs to a key disables the key at once (marked leaked, audited with the
 * reported URL); its owner is mailed after the answer. The answer is 202 with the number of reports
 * received whatever matched, so the endpoint tells nobody whether a string is a live Secret; and a
 * Secret that matched is dead by the time anyone could act on the answer.
 *
 * The body carries Secrets: it is never logged, and no answer repeats any part of it.
 */
export async function handleLeakReport(
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  context: RequestContext,
  now = Date.now(),
) {
  if (req.method !== 'POST') throw new ApiError('MethodNotAllowed', undefined, { allow: 'POST' });
  const limit = await takeRateLimit(reportBucket(context.ip), now, LEAK_REPORTS_PER_WINDOW);
  if (!limit.allowed) {
    throw new ApiError(
      'TooManyRequests',
      `This address (or its IPv6 /64) sent more than ${LEAK_REPORTS_PER_WINDOW} leak reports in ${RATE_LIMIT_WINDOW_MS / 60_000} minutes. Try again in ${limit.retryAfterSeconds} seconds, with up to 100 reports in one request.`,
      { 'retry-after': String(limit.retryAfterSeconds) },
    );
  }
  const body = await readBody(req, MAX_LEAK_REPORT_BYTES, 'a leak report');
  let json: unknown;
  try {
    json = JSON.parse(body?.toString('utf8') ?? '');
  } catch {
    throw new ApiError(
      'InvalidParameter',
      'The body must be a JSON list such as [{"secret": "…", "url": "https://…"}].',
    );
  }
  const parsed = leakReportSchema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(
      'InvalidParameter',
      parsed.error.issues[0]?.message ?? 'The body must be a JSON list of {"secret", "url"}.',
    );
  }
  const leaked = await reportLeakedSecrets(
    parsed.data.map((item) => ({ secret: item.secret, url: item.url ?? null })),
    { actor: null, request: context, via: 'report' },
    now,
  );
  const receipt: LeakReceiptBody = { received: parsed.data.length };
  sendJson(res, 202, receipt, requestId);
  if (leaked.length > 0) void mailLeakedKeyOwners(leaked);
}
