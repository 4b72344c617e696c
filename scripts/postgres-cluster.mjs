// A throwaway PostgreSQL server for tests and the benchmark: a fresh cluster in a temporary folder,
// listening on loopback only, removed again by stop(). Needs the server binaries (Debian: postgresql).
// Also: fresh databases on any server, for test runs that share one (TEST_DATABASE_URL).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

function findBinDir() {
  const candidates = [process.env.PG_BIN];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) candidates.push(dir);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) candidates.push(path.join(debian, version, 'bin'));
  }
  const found = candidates.find(
    (dir) => dir && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')),
  );
  if (!found) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them (Debian: apt-get install postgresql), set PG_BIN to their folder, or set TEST_DATABASE_URL to a server of your own.',
    );
  }
  return found;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the cluster and returns its superuser URL. `durable: false` turns off fsync and friends, for
 * tests; the benchmark keeps PostgreSQL's defaults.
 */
export async function startThrowawayCluster({ durable = false } = {}) {
  const bin = findBinDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'accesskey-pg-'));
  const data = path.join(dir, 'data');
  // initdb refuses to run as root; Debian's package provides the postgres account for this.
  const asRoot = process.getuid?.() === 0;
  const run = (command, args) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]]
      : [path.join(bin, command), args];
    const result = spawnSync(file, argv, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`${command} failed: ${(result.stderr || result.stdout || '').trim()}`);
    }
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '-N']);
  const settings = [
    `-c listen_addresses=127.0.0.1`,
    `-p ${port}`,
    `-k ${dir}`,
    '-c max_connections=200',
    ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ];
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'server.log'),
    '-o',
    settings.join(' '),
    '-w',
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A database name nobody else uses: the prefix, then random letters and digits. */
function uniqueName(prefix) {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix))
    throw new Error(`Unusable database name prefix: ${prefix}`);
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** The same server and credentials as `url`, another database. */
export function databaseUrl(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

async function withClient(adminUrl, work) {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'accesskey-tests' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database named `<prefix>_<random>` through a superuser URL (such as
 * TEST_DATABASE_URL) and returns its URL. drop() removes it again, ending any connection still open.
 */
export async function createDatabase(adminUrl, prefix) {
  const name = uniqueName(prefix);
  await withClient(adminUrl, (client) => client.query(`create database "${name}"`));
  return {
    name,
    url: databaseUrl(adminUrl, name),
    drop: () => dropDatabase(adminUrl, name),
  };
}

/** Drops the database, ending its connections first (PostgreSQL 13 and later). */
export async function dropDatabase(adminUrl, name) {
  await withClient(adminUrl, (client) =>
    client.query(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`),
  );
}

/** Drops every database whose name starts with `prefix` (an e2e run's main and isolated databases). */
export async function dropDatabases(adminUrl, prefix) {
  await withClient(adminUrl, async (client) => {
    const { rows } = await client.query(
      'select datname from pg_database where starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(`drop database if exists "${datname.replaceAll('"', '""')}" with (force)`);
    }
  });
}
