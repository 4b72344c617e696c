import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSync } from 'esbuild';
import pg from 'pg';
import { signRequest } from '@/lib/open-api/signing';
import {
  createDatabase,
  startThrowawayCluster,
  type TestDatabase,
  type ThrowawayCluster,
} from '../scripts/postgres-cluster.mjs';
import { runLoad, timePage, type LoadRequest, type LoadResult } from './load';
import { routeWeight } from './page-weight';
import type { Seeded, SeededKey } from './seed';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    connections: { type: 'string', default: '8' },
    'skip-build': { type: 'boolean', default: false },
    // sqlite (the embedded default) or postgres: see preparePostgres for where that one runs.
    db: { type: 'string', default: 'sqlite' },
    // Writes a V8 CPU profile of the console server to bench/profiles/ for each run.
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const quick = args.quick ?? false;
const durationMs = Number(args.duration ?? (quick ? 2 : 10)) * 1000;
const connections = Number(args.connections);
const volume = quick
  ? { accounts: 2_000, auditRows: 20_000, usageKeys: 500 }
  : { accounts: 100_000, auditRows: 1_000_000, usageKeys: 10_000 };
const pageIterations = quick ? 5 : 40;
const engine = args.db === 'postgres' || args.db === 'postgresql' ? 'postgres' : args.db;
if (engine !== 'sqlite' && engine !== 'postgres') {
  throw new Error(`--db must be sqlite or postgres, not ${args.db}.`);
}

const fmtCount = (value: number) => value.toLocaleString('en-US');

function log(message: string) {
  process.stderr.write(`[bench] ${message}\n`);
}

function rssMb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
}

async function waitForHealth(port: number) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The server did not become healthy.');
}

async function waitForPort(port: number) {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`Nothing listens on ${port}.`);
}

function bundleFloor() {
  for (const [entry, outfile] of [
    ['bench/floor-server.ts', 'dist/bench-floor.cjs'],
    ['bench/upstream-server.ts', 'dist/bench-upstream.cjs'],
  ]) {
    buildSync({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      logLevel: 'warning',
    });
  }
}

/** Registers the benchmark's product through the signed admin Open API, as an operator would. */
async function registerProduct(port: number, key: SeededKey, slug: string, upstreamUrl: string) {
  const body = JSON.stringify({ slug, name: 'Bench upstream', upstreamUrl });
  const url = `http://127.0.0.1:${port}/api/v1/products`;
  const response = await fetch(url, {
    method: 'POST',
    headers: signRequest({
      accessKeyId: key.accessKeyId,
      secret: key.secret,
      method: 'POST',
      url,
      body,
    }),
    body,
  });
  if (response.status !== 200)
    throw new Error(`Registering the product failed: ${response.status}`);
  await response.arrayBuffer();
}

/**
 * One download through the gateway, read and dropped as it arrives, while the server's RSS is
 * sampled: the growth shows whether the answer was streamed or held in memory.
 */
async function measureDownload(port: number, pid: number, key: SeededKey, path: string) {
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 20);
  const started = Date.now();
  let bytes = 0;
  try {
    const url = `http://127.0.0.1:${port}${path}`;
    const response = await fetch(url, {
      headers: signRequest({
        accessKeyId: key.accessKeyId,
        secret: key.secret,
        method: 'GET',
        url,
      }),
    });
    if (response.status !== 200) throw new Error(`The download answered ${response.status}.`);
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
    }
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, rssMb(pid));
  return {
    bytes,
    seconds: (Date.now() - started) / 1000,
    rssBeforeMb: before,
    rssPeakMb: peak,
    growthMb: peak - before,
  };
}

function startProcess(script: string, env: Record<string, string>) {
  const profile = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir=bench/profiles'] : [];
  return spawn(process.execPath, [...profile, script], {
    env: { ...process.env, ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
}

function stop(child: ChildProcess) {
  if (child.pid) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

function signed(
  port: number,
  key: SeededKey,
  method: string,
  pathAndQuery: string,
  body?: string,
): LoadRequest {
  const headers = signRequest({
    accessKeyId: key.accessKeyId,
    secret: key.secret,
    method,
    url: `http://127.0.0.1:${port}${pathAndQuery}`,
    body,
  });
  return { method, path: pathAndQuery, headers, body };
}

async function signInCookie(port: number, email: string, password: string) {
  const base = `http://127.0.0.1:${port}`;
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie.join('; ') },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: '/' }),
  });
  const session = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .find((cookie) => cookie.startsWith('authjs.session-token='));
  if (!session) throw new Error(`Sign-in as ${email} failed (${response.status}).`);
  return session;
}

type Row = { scenario: string } & LoadResult;

const USAGE_KEYS = 10_000;
const USAGE_PRODUCTS = 3;

/**
 * The heap the usage counters take with USAGE_KEYS keys active in one hour on USAGE_PRODUCTS
 * products each, and the time one flush of them all takes, measured in a process of its own.
 */
function measureUsageCounters(env: Record<string, string>) {
  const child = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      'bench/usage-memory.ts',
      String(USAGE_KEYS),
      String(USAGE_PRODUCTS),
    ],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`bench/usage-memory.ts failed: ${child.stderr}`);
  const measured = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
    keys: number;
    products: number;
    entries: number;
    heapBytes: number;
    nsPerCall: number;
    flushMs: number;
  };
  return {
    ...measured,
    heapMb: measured.heapBytes / 1024 / 1024,
    bytesPerEntry: measured.heapBytes / measured.entries,
  };
}

/**
 * The same load on two servers in alternating slices (A B, B A, ...), so that a machine busy with
 * other work slows both alike; each side's figures add up its slices.
 */
async function alternate(
  sides: { scenario: string; port: number; next: () => LoadRequest }[],
  rounds: number,
  durationMs: number,
  connections: number,
): Promise<Row[]> {
  const slices = new Map<string, LoadResult[]>(sides.map((side) => [side.scenario, []]));
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const result = await runLoad({
        port: side.port,
        connections,
        durationMs: durationMs / rounds,
        expectStatus: 200,
        next: side.next,
      });
      slices.get(side.scenario)!.push(result);
    }
  }
  return sides.map(({ scenario }) => {
    const parts = slices.get(scenario)!;
    const requests = parts.reduce((sum, part) => sum + part.requests, 0);
    const seconds = parts.reduce((sum, part) => sum + part.seconds, 0);
    const statuses: Record<string, number> = {};
    for (const part of parts) {
      for (const [status, count] of Object.entries(part.statuses)) {
        statuses[status] = (statuses[status] ?? 0) + count;
      }
    }
    const middle = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
    return {
      scenario,
      requests,
      errors: parts.reduce((sum, part) => sum + part.errors, 0),
      statuses,
      seconds,
      rps: requests / seconds,
      p50: middle(parts.map((part) => part.p50)),
      p99: Math.max(...parts.map((part) => part.p99)),
    };
  });
}

/**
 * A database of the benchmark's own on a PostgreSQL server: BENCH_DATABASE_URL or
 * TEST_DATABASE_URL (a server URL whose user may create databases), else a throwaway cluster with
 * PostgreSQL's durable defaults (fsync on), started here and removed again by `cleanup`.
 */
async function preparePostgres() {
  let server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  let cluster: ThrowawayCluster | undefined;
  if (!server) {
    log('starting a throwaway PostgreSQL cluster');
    cluster = await startThrowawayCluster({ durable: true });
    server = cluster.url;
  }
  let database: TestDatabase;
  let version: string;
  try {
    database = await createDatabase(server, 'accesskey_bench');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      version = (await client.query<{ server_version: string }>('show server_version')).rows[0]
        .server_version;
    } finally {
      await client.end();
    }
  } catch (error) {
    cluster?.stop();
    throw error;
  }
  let cleaned = false;
  return {
    url: database.url,
    label: `PostgreSQL ${version.split(' ')[0]}`,
    async cleanup() {
      if (cleaned) return;
      cleaned = true;
      if (cluster) cluster.stop();
      else await database.drop();
    },
  };
}

async function main() {
  // A build left from older code would be measured as if it were this one: build unless told not to.
  if (!args['skip-build'] || !existsSync('.next/BUILD_ID') || !existsSync('dist/server.cjs')) {
    log('building');
    if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0)
      throw new Error('Build failed.');
  }
  bundleFloor();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'accesskey-bench-'));
  const postgres = engine === 'postgres' ? await preparePostgres() : undefined;
  // Ctrl-C must not leave a cluster running or a database behind.
  process.once('SIGINT', () => {
    void (postgres?.cleanup() ?? Promise.resolve()).finally(() => process.exit(130));
  });
  try {
    await benchmark(dataDir, postgres);
  } finally {
    await postgres?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchmark(dataDir: string, postgres?: { url: string; label: string }) {
  const masterKey = randomBytes(32);
  const databaseFile = path.join(dataDir, 'console.db');
  const env = {
    DATA_DIR: dataDir,
    // Set either way, so a DATABASE_URL in the caller's environment cannot pick the engine.
    DATABASE_URL: postgres?.url ?? databaseFile,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    ACCESSKEY_MASTER_KEY: masterKey.toString('base64'),
    MAIL_TRANSPORT: 'log',
    API_RATE_LIMIT: '1000000000',
    HOST: '127.0.0.1',
  };
  Object.assign(process.env, env);

  log(
    `seeding ${volume.accounts.toLocaleString()} accounts, ${volume.auditRows.toLocaleString()} audit rows and ${volume.usageKeys.toLocaleString()} keys' usage`,
  );
  const seedStarted = Date.now();
  const { migrateDatabase, closeDatabase } = await import('@/db');
  await migrateDatabase();
  await closeDatabase();
  const { seed, seedPostgres } = await import('./seed');
  const seeded: Seeded = postgres
    ? await seedPostgres(postgres.url, volume, masterKey)
    : await seed(databaseFile, volume, masterKey);
  const seedSeconds = (Date.now() - seedStarted) / 1000;

  const port = 3900 + Math.floor(Math.random() * 50);
  let server = startProcess('dist/server.cjs', { ...env, PORT: String(port) });
  const rows: Row[] = [];
  const pages: Row[] = [];
  let rssIdle = 0;
  let rssAfter = 0;
  let download: Awaited<ReturnType<typeof measureDownload>> | undefined;
  const upstreamPort = port + 200;
  const upstream = startProcess('dist/bench-upstream.cjs', { PORT: String(upstreamPort) });
  try {
    await waitForHealth(port);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    rssIdle = rssMb(server.pid!);
    const load = (scenario: string, expectStatus: number, next: () => LoadRequest) =>
      runLoad({ port, connections, durationMs, expectStatus, next }).then((result) => {
        log(
          `${scenario}: ${Math.round(result.rps)} req/s, answers ${JSON.stringify(result.statuses)}`,
        );
        rows.push({ scenario, ...result });
      });

    let n = 0;
    const memberKey = seeded.member.keys[0];
    await load('GET /api/health', 200, () => ({ method: 'GET', path: '/api/health', headers: {} }));
    await load('signed GET /api/v1/account', 200, () =>
      signed(port, memberKey, 'GET', `/api/v1/account?n=${n++}`),
    );
    await load('rejected (bad signature)', 401, () => {
      const request = signed(port, memberKey, 'GET', `/api/v1/account?n=${n++}`);
      request.headers.Authorization = request.headers.Authorization.replace(/.$/, (c) =>
        c === '0' ? '1' : '0',
      );
      return request;
    });
    await load('signed PUT programmatic-access', 200, () =>
      signed(
        port,
        seeded.admin.key,
        'PUT',
        `/api/v1/users/${seeded.targetUserId}/programmatic-access?n=${n}`,
        JSON.stringify({ enabled: n++ % 2 === 0 }),
      ),
    );

    // The gateway: the same trivial upstream called directly, then through /gateway/bench/.
    await waitForPort(upstreamPort);
    await registerProduct(port, seeded.admin.key, 'bench', `http://127.0.0.1:${upstreamPort}`);
    const direct = await runLoad({
      port: upstreamPort,
      connections,
      durationMs,
      expectStatus: 200,
      next: () => signed(upstreamPort, memberKey, 'GET', `/ping?n=${n++}`),
    });
    log(`upstream direct: ${Math.round(direct.rps)} req/s`);
    rows.push({ scenario: 'upstream called directly', ...direct });
    await load('signed GET through /gateway/bench/', 200, () =>
      signed(port, memberKey, 'GET', `/gateway/bench/ping?n=${n++}`),
    );
    // Forward-auth: what nginx's auth_request sends for a signed GET of /v1/items.
    await load('signed GET /api/v1/authorize (forward-auth)', 200, () => {
      const original = `/v1/items?n=${n++}`;
      const request = signed(port, memberKey, 'GET', original);
      return {
        method: 'GET',
        path: '/api/v1/authorize',
        headers: {
          ...request.headers,
          'X-Original-Method': 'GET',
          'X-Original-URI': original,
          'X-Gateway-Product': 'bench',
        },
      };
    });

    rssAfter = rssMb(server.pid!);
    download = await measureDownload(port, server.pid!, memberKey, '/gateway/bench/big');
    log(
      `50 MiB through the gateway: ${download.seconds.toFixed(2)} s, RSS ${download.rssBeforeMb.toFixed(0)} → ${download.rssPeakMb.toFixed(0)} MB`,
    );

    // The floor runs alone: the console server is stopped so both have the same CPU to themselves.
    stop(server);
    const floorPort = port + 100;
    const floor = startProcess('dist/bench-floor.cjs', { ...env, PORT: String(floorPort) });
    try {
      await waitForPort(floorPort);
      const floorRows = await runLoad({
        port: floorPort,
        connections,
        durationMs,
        expectStatus: 200,
        next: () => signed(floorPort, memberKey, 'GET', `/api/v1/account?n=${n++}`),
      });
      log(`floor: ${Math.round(floorRows.rps)} req/s`);
      rows.push({ scenario: 'floor: verification on bare node:http', ...floorRows });
    } finally {
      stop(floor);
    }
    server = startProcess('dist/server.cjs', { ...env, PORT: String(port) });
    await waitForHealth(port);

    // Usage counting on (this server) and off (a second one on the same database), measured side
    // by side: the Open API and the gateway.
    const uncountedPort = port + 300;
    const uncounted = startProcess('dist/server.cjs', {
      ...env,
      PORT: String(uncountedPort),
      USAGE_COUNTING: 'false',
    });
    try {
      await waitForHealth(uncountedPort);
      const usageRows = await alternate(
        [
          {
            scenario: 'signed GET, usage counting on (A/B)',
            port,
            next: () => signed(port, memberKey, 'GET', `/api/v1/account?n=${n++}`),
          },
          {
            scenario: 'signed GET, usage counting off (A/B)',
            port: uncountedPort,
            next: () => signed(uncountedPort, memberKey, 'GET', `/api/v1/account?n=${n++}`),
          },
          {
            scenario: 'signed GET through /gateway/, usage counting on (A/B)',
            port,
            next: () => signed(port, memberKey, 'GET', `/gateway/bench/ping?n=${n++}`),
          },
          {
            scenario: 'signed GET through /gateway/, usage counting off (A/B)',
            port: uncountedPort,
            next: () => signed(uncountedPort, memberKey, 'GET', `/gateway/bench/ping?n=${n++}`),
          },
        ],
        quick ? 2 : 10,
        durationMs,
        connections,
      );
      for (const row of usageRows) log(`${row.scenario}: ${Math.round(row.rps)} req/s`);
      rows.push(...usageRows);
    } finally {
      stop(uncounted);
    }

    const memberCookie = await signInCookie(port, seeded.member.email, seeded.member.password);
    const adminCookie = await signInCookie(port, seeded.admin.email, seeded.admin.password);
    const base = `http://127.0.0.1:${port}`;
    const auditPage = Math.min(1000, Math.floor(volume.auditRows / 50));
    for (const [scenario, url, cookie] of [
      [
        'page: AccessKey Management (member)',
        `${base}/account/api-information/access-keys`,
        memberCookie,
      ],
      ['page: /admin/users?q=user4242', `${base}/admin/users?q=user4242`, adminCookie],
      [
        `page: /admin/audit-log?page=${auditPage}`,
        `${base}/admin/audit-log?page=${auditPage}`,
        adminCookie,
      ],
      [
        'page: AccessKey usage (member)',
        `${base}/account/api-information/access-keys/${memberKey.accessKeyId}`,
        memberCookie,
      ],
      ['page: /admin/usage', `${base}/admin/usage`, adminCookie],
    ] as const) {
      const result = await timePage(url, { cookie }, pageIterations);
      log(`${scenario}: p50 ${result.p50.toFixed(1)} ms`);
      pages.push({ scenario, ...result });
    }
  } finally {
    stop(server);
    stop(upstream);
  }

  const usageCounters = measureUsageCounters(env);
  log(
    `usage counters: ${usageCounters.entries} counts in ${usageCounters.heapMb.toFixed(1)} MB, flushed in ${Math.round(usageCounters.flushMs)} ms`,
  );

  const weights = Object.fromEntries(
    (
      [
        ['AccessKey Management', '(console)/account/api-information/access-keys'],
        ['AccessKey usage', '(console)/account/api-information/access-keys/[accessKeyId]'],
        ['Basic Information', '(console)/account/basic-information'],
        ['Sign in', '(auth)/login'],
      ] as const
    ).map(([name, dir]) => [name, routeWeight(dir)]),
  );

  const byName = (name: string) => rows.find((row) => row.scenario.startsWith(name))!;
  const health = byName('GET /api/health');
  const signedGet = byName('signed GET');
  const rejected = byName('rejected');
  const floor = byName('floor');
  const counted = byName('signed GET, usage counting on');
  const notCounted = byName('signed GET, usage counting off');
  const gatewayCounted = byName('signed GET through /gateway/, usage counting on');
  const gatewayNotCounted = byName('signed GET through /gateway/, usage counting off');
  const direct = byName('upstream called directly');
  const gateway = byName('signed GET through /gateway/');
  const authorize = byName('signed GET /api/v1/authorize');
  const accessKeyWeight = weights['AccessKey Management'];
  const targets = [
    { target: 'signed GET ≥ 0.9 × health', ratio: signedGet.rps / health.rps, goal: 0.9 },
    { target: 'rejected ≥ 0.9 × health', ratio: rejected.rps / health.rps, goal: 0.9 },
    { target: 'signed GET ≥ 0.5 × bare-node floor', ratio: signedGet.rps / floor.rps, goal: 0.5 },
    {
      target: 'signed GET with usage counting ≥ 0.95 × without',
      ratio: counted.rps / notCounted.rps,
      goal: 0.95,
    },
    {
      target: 'gateway with usage counting ≥ 0.95 × without',
      ratio: gatewayCounted.rps / gatewayNotCounted.rps,
      goal: 0.95,
    },
    {
      target: 'gateway ≥ 0.5 × upstream called directly',
      ratio: gateway.rps / direct.rps,
      goal: 0.5,
    },
    {
      target: 'gateway adds ≤ 1 ms at p50',
      ratio: gateway.p50 - direct.p50,
      goal: 1,
      lowerIsBetter: true,
    },
    { target: 'authorize ≥ 0.5 × bare-node floor', ratio: authorize.rps / floor.rps, goal: 0.5 },
    {
      target: '50 MiB through the gateway: RSS growth ≤ 50 MB',
      ratio: download!.growthMb,
      goal: 50,
      lowerIsBetter: true,
    },
    {
      target: 'admin users search p50 ≤ 50 ms',
      ratio: pages[1].p50,
      goal: 50,
      lowerIsBetter: true,
    },
    {
      target: 'audit-log page 1,000 p50 ≤ 50 ms',
      ratio: pages[2].p50,
      goal: 50,
      lowerIsBetter: true,
    },
    {
      target: 'AccessKey page first-load JS ≤ 1.2 × empty page',
      ratio: accessKeyWeight.js / accessKeyWeight.emptyJs,
      goal: 1.2,
      lowerIsBetter: true,
    },
    { target: 'server RSS after load ≤ 300 MB', ratio: rssAfter, goal: 300, lowerIsBetter: true },
    {
      target: `usage counters for ${fmtCount(USAGE_KEYS)} keys × ${USAGE_PRODUCTS} products ≤ 10 MB`,
      ratio: usageCounters.heapMb,
      goal: 10,
      lowerIsBetter: true,
    },
  ].map((t) => ({ ...t, met: t.lowerIsBetter ? t.ratio <= t.goal : t.ratio >= t.goal }));

  const results = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}`,
    database: postgres?.label ?? 'SQLite',
    quick,
    durationSeconds: durationMs / 1000,
    connections,
    seed: { ...volume, seconds: seedSeconds },
    scenarios: rows,
    pages,
    pageWeightBytesGzip: weights,
    memoryMb: { idle: rssIdle, afterLoad: rssAfter },
    usageCounters,
    gatewayDownload: download,
    targets,
  };

  const fmt = (value: number, digits = 0) =>
    value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const lines = [
    `AccessKey Console benchmark on ${results.database}, ${results.date.slice(0, 10)}, ${results.machine}`,
    `${quick ? 'quick' : 'full'} run: ${durationMs / 1000}s per scenario, ${connections} connections; seed ${fmt(volume.accounts)} accounts + ${fmt(volume.auditRows)} audit rows + ${fmt(volume.usageKeys)} keys busy for 24 hours in ${fmt(seedSeconds, 1)}s`,
    '',
    '| scenario | req/s | × health | p50 ms | p99 ms | errors |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.scenario} | ${fmt(row.rps)} | ${fmt(row.rps / health.rps, 2)} | ${fmt(row.p50, 2)} | ${fmt(row.p99, 2)} | ${row.errors} |`,
    ),
    ...pages.map(
      (row) =>
        `| ${row.scenario} | ${fmt(row.rps, 1)} | | ${fmt(row.p50, 1)} | ${fmt(row.p99, 1)} | ${row.errors} |`,
    ),
    '',
    '| route | first-load JS (gzip) | × empty page | CSS (gzip) |',
    '|---|---:|---:|---:|',
    ...Object.entries(weights).map(
      ([name, w]) =>
        `| ${name} | ${fmt(w.js / 1024, 1)} KiB | ${fmt(w.js / w.emptyJs, 2)} | ${fmt(w.css / 1024, 1)} KiB |`,
    ),
    `| (empty page) | ${fmt(accessKeyWeight.emptyJs / 1024, 1)} KiB | 1.00 | ${fmt(accessKeyWeight.emptyCss / 1024, 1)} KiB |`,
    '',
    `Server RSS: ${fmt(rssIdle)} MB idle, ${fmt(rssAfter)} MB after load`,
    `50 MiB through the gateway: ${fmt(download!.seconds, 2)} s, server RSS ${fmt(download!.rssBeforeMb)} → ${fmt(download!.rssPeakMb)} MB (growth ${fmt(download!.growthMb, 1)} MB)`,
    '',
    `Usage counters: ${fmt(usageCounters.keys)} keys × ${usageCounters.products} products active in one hour = ${fmt(usageCounters.entries)} counts in ${fmt(usageCounters.heapMb, 1)} MB of heap (${fmt(usageCounters.bytesPerEntry)} bytes each); one count costs ${fmt(usageCounters.nsPerCall)} ns; one flush of them all took ${fmt(usageCounters.flushMs)} ms`,
    '',
    '| target | measured | met |',
    '|---|---:|:---:|',
    ...targets.map((t) => `| ${t.target} | ${fmt(t.ratio, 2)} | ${t.met ? 'yes' : 'no'} |`),
  ];
  console.log(lines.join('\n'));
  mkdirSync('bench', { recursive: true });
  if (!quick) {
    // Each engine keeps its own figures: bench/results.{json,md} and bench/results.postgres.{json,md}.
    const base = postgres ? 'bench/results.postgres' : 'bench/results';
    writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(`${base}.md`, `${lines.join('\n')}\n`);
  } else {
    writeFileSync(path.join(dataDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
