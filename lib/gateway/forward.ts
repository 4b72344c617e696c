import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Pool, type Dispatcher } from 'undici';
import { ApiError } from '@/lib/open-api/errors';
import { forwardableResponseHeaders } from './headers';

const MAX_POOLS = 256;
const CONNECTIONS_PER_UPSTREAM = 128;
const CONNECT_TIMEOUT_MS = 10_000;
/** Answers that declare at most this length are read whole and written in one call. */
const SMALL_ANSWER_BYTES = 64 * 1024;

// One keep-alive pool per upstream origin, shared by every product that points there.
const pools = new Map<string, Pool>();

function poolFor(origin: string): Pool {
  let pool = pools.get(origin);
  if (pool === undefined) {
    if (pools.size >= MAX_POOLS) {
      const [oldest, stale] = pools.entries().next().value!;
      pools.delete(oldest);
      void stale.close();
    }
    pool = new Pool(origin, {
      connections: CONNECTIONS_PER_UPSTREAM,
      keepAliveTimeout: 10_000,
      connect: { timeout: CONNECT_TIMEOUT_MS },
    });
    pools.set(origin, pool);
  }
  return pool;
}

/** Closes every upstream pool (tests and shutdown). */
export async function closeUpstreamPools() {
  const closing = [...pools.values()].map((pool) => pool.close());
  pools.clear();
  await Promise.allSettled(closing);
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);
const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause === undefined ? undefined : codeOf(cause);
}

/** What the client is told when the upstream gave no answer. */
function upstreamFailure(error: unknown, timedOut: boolean): ApiError {
  const code = codeOf(error);
  if (timedOut || (code !== undefined && TIMEOUT_CODES.has(code))) {
    return new ApiError('UpstreamTimeout');
  }
  if (code !== undefined && !UNAVAILABLE_CODES.has(code)) {
    console.error(`[gateway] upstream request failed: ${code}`);
  }
  return new ApiError('UpstreamUnavailable');
}

export type ForwardRequest = {
  origin: string;
  /** Path and query as the upstream receives them. */
  target: string;
  method: string;
  headers: Record<string, string | string[]>;
  body: Buffer | undefined;
  timeoutMs: number;
  requestId: string;
};

/** How a forwarded call ended: the upstream's status, or the client went away first. */
export type ForwardOutcome = { status: number } | { status: null };

/**
 * Sends the request to the upstream and streams its answer (status, headers, body) to `res` as it
 * arrives, so a large download never sits in memory. No answer within the product's timeout is an
 * UpstreamTimeout (504), a refused or dropped connection UpstreamUnavailable (502), both thrown
 * before anything was written. A client that disconnects aborts the upstream request.
 */
export async function forwardToUpstream(
  request: ForwardRequest,
  res: ServerResponse,
): Promise<ForwardOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const onClose = () => controller.abort();
  res.once('close', onClose);
  let answer: Dispatcher.ResponseData;
  try {
    answer = await poolFor(request.origin).request({
      path: request.target,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      headersTimeout: request.timeoutMs,
      bodyTimeout: request.timeoutMs,
    });
  } catch (error) {
    res.off('close', onClose);
    if (res.destroyed) return { status: null };
    throw upstreamFailure(error, timedOut);
  } finally {
    clearTimeout(timer);
  }
  const headers = {
    ...forwardableResponseHeaders(answer.headers),
    'x-cnc-request-id': request.requestId,
  };
  try {
    const declared = Number(answer.headers['content-length']);
    if (declared <= SMALL_ANSWER_BYTES) {
      // Status line, headers and body in one write: most API answers are small, and writing them
      // as they stream costs a system call per piece.
      const body = Buffer.from(await answer.body.arrayBuffer());
      res.writeHead(answer.statusCode, headers);
      res.end(body);
    } else {
      res.writeHead(answer.statusCode, headers);
      await pipeline(answer.body, res);
    }
  } catch (error) {
    // A small answer lost before anything was written is told as such.
    if (!res.headersSent && !res.destroyed) throw upstreamFailure(error, false);
    // The upstream dropped mid-body or the client left: the status line is gone, so the
    // connection is cut and the client sees a truncated answer, never a false success.
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
  return { status: answer.statusCode };
}
