// Throughput of the signed Open API against /api/health on the production server:
//   npm run build && npx tsx bench/open-api.ts [seconds] [connections]
// Starts dist/server.cjs on a temp data folder, writes one account and key straight into its
// database, then drives keep-alive connections with pre-built requests (one in flight each).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 8);
const only = process.argv[4];
const port = Number(process.env.BENCH_PORT ?? 3490);
const dataDir = mkdtempSync(path.join(tmpdir(), 'accesskey-bench-'));
Object.assign(process.env, {
  DATA_DIR: dataDir,
  PORT: String(port),
  HOST: '127.0.0.1',
  AUTH_SECRET: 'bench-auth-secret-that-is-long-enough-0123456789',
  ACCESSKEY_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
  MAIL_TRANSPORT: 'log',
});

/** User plus system CPU time the server process has used, from /proc (Linux). */
function serverCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

type Result = { requests: number; perSecond: number; statuses: Record<number, number> };

function drive(request: Buffer, durationMs: number): Promise<Result> {
  return new Promise((resolve) => {
    let requests = 0;
    let open = connections;
    const statuses: Record<number, number> = {};
    const deadline = Date.now() + durationMs;
    for (let i = 0; i < connections; i++) {
      const socket = connect(port, '127.0.0.1');
      socket.setNoDelay(true);
      let pending: Buffer = Buffer.alloc(0);
      socket.on('connect', () => socket.write(request));
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        for (;;) {
          const end = pending.indexOf('\r\n\r\n');
          if (end === -1) return;
          const head = pending.subarray(0, end).toString('latin1');
          const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
          if (pending.length < end + 4 + length) return;
          pending = pending.subarray(end + 4 + length);
          const status = Number(head.slice(9, 12));
          statuses[status] = (statuses[status] ?? 0) + 1;
          requests++;
          if (Date.now() < deadline) {
            socket.write(request);
          } else {
            socket.end();
            if (--open === 0) {
              resolve({
                requests,
                perSecond: Math.round(requests / (durationMs / 1000)),
                statuses,
              });
            }
            return;
          }
        }
      });
    }
  });
}

function rawGet(pathname: string, headers: Record<string, string> = {}) {
  const lines = [`GET ${pathname} HTTP/1.1`, `Host: 127.0.0.1:${port}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

async function main() {
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const server = spawn(process.execPath, [...nodeArgs, 'dist/server.cjs'], {
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
      } catch {
        if (i > 300) throw new Error('The server did not start.');
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { createUser } = await import('@/lib/users');
    const { insertAccessKey } = await import('@/e2e/api-fixtures');
    const { signRequest } = await import('@/lib/signing');
    const user = await createUser(
      {
        email: 'bench@example.test',
        name: 'Bench',
        role: 'member',
        programmaticAccess: true,
        password: null,
      },
      { actor: null, request: { ip: null, userAgent: 'bench' } },
    );
    const key = insertAccessKey(user.id);
    // A GET may be repeated for the whole 5-minute window, so one signature serves the run.
    const signed = signRequest({
      accessKeyId: key.accessKeyId,
      secret: key.secret,
      method: 'GET',
      url: `http://127.0.0.1:${port}/api/v1/account`,
    });

    const targets = {
      health: rawGet('/api/health'),
      account: rawGet('/api/v1/account', signed),
      notFound: rawGet('/api/v1/nothing'),
      notFoundSigned: rawGet('/api/v1/nothing', signed),
      healthSigned: rawGet('/api/health', signed),
    };
    // Targets take turns in short rounds so a busy machine weighs on each of them alike.
    const names = Object.keys(targets).filter((name) => !only || only.split(',').includes(name));
    const totals: Record<string, { requests: number; cpuMs: number; statuses: Set<number> }> = {};
    for (const name of names) await drive(targets[name as keyof typeof targets], 1000);
    const rounds = Math.max(1, Math.round(seconds / 2));
    for (let round = 0; round < rounds; round++) {
      for (const name of names) {
        const before = serverCpuMs(server.pid!);
        const result = await drive(targets[name as keyof typeof targets], 2000);
        const total = (totals[name] ??= { requests: 0, cpuMs: 0, statuses: new Set() });
        total.requests += result.requests;
        total.cpuMs += serverCpuMs(server.pid!) - before;
        for (const status of Object.keys(result.statuses)) total.statuses.add(Number(status));
      }
    }
    const report = Object.fromEntries(
      Object.entries(totals).map(([name, total]) => [
        name,
        {
          perSecond: Math.round(total.requests / (rounds * 2)),
          serverCpuMicrosPerRequest: Number(((total.cpuMs * 1000) / total.requests).toFixed(1)),
          statuses: [...total.statuses],
        },
      ]),
    );
    console.log(JSON.stringify({ rounds, secondsEach: 2, connections, report }, null, 2));
    if (report.account && report.health) {
      console.log(
        `signed GET /api/v1/account: ${report.account.perSecond} req/s, ${report.account.serverCpuMicrosPerRequest} µs server CPU each = ${(
          report.account.perSecond / report.health.perSecond
        ).toFixed(
          2,
        )} x /api/health (${report.health.perSecond} req/s, ${report.health.serverCpuMicrosPerRequest} µs)`,
      );
    }
  } finally {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
