import type { IncomingMessage, ServerResponse } from 'node:http';
import { PRIVATE_ANSWER_HEADERS } from '@/lib/http/security-headers';
import { formatBytes } from '@/lib/products/validation';
import { ApiError } from './errors';

export const MAX_BODY_BYTES = 1024 * 1024;
// Past this much an oversized body is no longer drained for a clean answer: the socket is cut.
export const MAX_DRAINED_BYTES = 16 * MAX_BODY_BYTES;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  requestId?: string,
  headers?: Readonly<Record<string, string>>,
) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...PRIVATE_ANSWER_HEADERS,
    ...(requestId === undefined ? undefined : { 'x-cnc-request-id': requestId }),
    ...headers,
  });
  res.end(payload);
}

export function sendApiError(res: ServerResponse, error: ApiError, requestId: string) {
  sendJson(
    res,
    error.status,
    { code: error.code, message: error.message, requestId },
    requestId,
    error.headers,
  );
}

/** `where` names whose limit it is: the Open API, a product, leak reports. */
export function payloadTooLarge(
  limit: number,
  headers?: Readonly<Record<string, string>>,
  where: string = limit === MAX_BODY_BYTES ? 'the Open API' : 'this product',
) {
  return new ApiError(
    'PayloadTooLarge',
    `The request body is larger than ${formatBytes(limit)}, the limit of ${where}.`,
    headers,
  );
}

/**
 * The body's exact bytes (the signature covers them), or undefined when the request has none.
 * Refuses more than `limit` (1 MiB for the Open API) without buffering it; a moderate excess is
 * drained unread so the client reads the 413 cleanly, a huge one ends the connection.
 */
export function readBody(
  req: IncomingMessage,
  limit: number = MAX_BODY_BYTES,
  where?: string,
): Promise<Buffer | undefined> {
  const declared = req.headers['content-length'];
  if (declared === undefined && req.headers['transfer-encoding'] === undefined) {
    return Promise.resolve(undefined);
  }
  const drainCap = limit + MAX_DRAINED_BYTES;
  if (declared !== undefined && Number(declared) > limit) {
    if (Number(declared) > drainCap) {
      return Promise.reject(payloadTooLarge(limit, { connection: 'close' }, where));
    }
    drain(req, 0, drainCap);
    return Promise.reject(payloadTooLarge(limit, undefined, where));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      drain(req, size, drainCap);
      reject(payloadTooLarge(limit, undefined, where));
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function drain(req: IncomingMessage, counted: number, cap: number) {
  let seen = counted;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > cap) req.socket.destroy();
  });
  req.resume();
}
