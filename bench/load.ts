import net from 'node:net';

export type LoadRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
};
export type LoadResult = {
  requests: number;
  errors: number;
  /** Answers by HTTP status, to tell what the errors were. */
  statuses: Record<string, number>;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
};

function percentile(sorted: Float64Array, p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Closed-loop load over keep-alive connections: each connection sends its next request as soon as the
 * previous answer is read. `next()` builds every request afresh, so signed requests never repeat.
 * Raw sockets and a minimal HTTP/1.1 reader keep the generator several times cheaper than node:http,
 * so on a 2-core machine the server, not the generator, is what runs out of CPU.
 */
export async function runLoad(options: {
  port: number;
  connections: number;
  durationMs: number;
  warmupMs?: number;
  expectStatus: number;
  next: () => LoadRequest;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const warmupEnd = Date.now() + (options.warmupMs ?? 500);
  const end = warmupEnd + options.durationMs;
  let measuredStart = 0;
  const host = `127.0.0.1:${options.port}`;

  const connection = () =>
    new Promise<void>((resolve) => {
      const socket = net.connect(options.port, '127.0.0.1');
      socket.setNoDelay(true);
      let buffer: Buffer = Buffer.alloc(0);
      let started = 0n;

      const sendNext = () => {
        if (Date.now() >= end) {
          socket.end();
          return resolve();
        }
        const request = options.next();
        const body = request.body === undefined ? undefined : Buffer.from(request.body);
        let head = `${request.method} ${request.path} HTTP/1.1\r\nhost: ${host}\r\n`;
        for (const [name, value] of Object.entries(request.headers)) {
          if (name.toLowerCase() !== 'host') head += `${name}: ${value}\r\n`;
        }
        if (body) head += `content-length: ${body.length}\r\n`;
        started = process.hrtime.bigint();
        socket.write(body ? Buffer.concat([Buffer.from(`${head}\r\n`), body]) : `${head}\r\n`);
      };

      const finish = (status: number) => {
        const now = Date.now();
        if (now >= warmupEnd) {
          if (!measuredStart) measuredStart = now;
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          if (status !== options.expectStatus) errors++;
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
        sendNext();
      };

      socket.on('data', (chunk: Buffer) => {
        buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
        for (;;) {
          const headEnd = buffer.indexOf('\r\n\r\n');
          if (headEnd < 0) return;
          const head = buffer.subarray(0, headEnd).toString('latin1');
          const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
          if (buffer.length < headEnd + 4 + length) return;
          buffer = buffer.subarray(headEnd + 4 + length);
          finish(Number(head.slice(9, 12)));
        }
      });
      socket.on('error', () => {
        errors++;
        resolve();
      });
      socket.on('connect', sendNext);
    });

  await Promise.all(Array.from({ length: options.connections }, connection));

  const seconds = (Date.now() - measuredStart) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    errors,
    statuses,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

/** Sequential timings of one page, as a browser would ask for it. */
export async function timePage(url: string, headers: Record<string, string>, iterations: number) {
  const timings: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  for (let i = 0; i < iterations + 2; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(url, { headers, redirect: 'manual' });
    await response.arrayBuffer();
    if (response.status !== 200) errors++;
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    if (i >= 2) timings.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const sorted = Float64Array.from(timings).sort();
  const total = timings.reduce((sum, value) => sum + value, 0) / 1000;
  return {
    requests: timings.length,
    errors,
    statuses,
    seconds: total,
    rps: timings.length / total,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}
