import { expect, type Page, type Request } from '@playwright/test';
import { spawn, type StdioOptions } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { getDb, getEngine, sqliteHandle } from '@/db';
import { auditLogs, users } from '@/db/schema';
import { mailsTo } from './fixtures';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';

export const BULK_DOMAIN = 'bulk-seed.test';
export const BULK_COUNT = 100_000;

export function bulkEmail(index: number) {
  return `bulk-${String(index).padStart(6, '0')}@${BULK_DOMAIN}`;
}

/**
 * 100,000 accounts generated inside the database in one statement. The first account doubles as
 * the marker, so parallel workers and reruns seed exactly once.
 */
export async function seedBulkAccounts() {
  const start = Date.UTC(2020, 0, 1);
  if (getEngine() === 'postgres') {
    // No write lock of the console's (see transaction() in @/db): its writes go on meanwhile. A
    // second worker waits on the first one's rows, then skips them all (ON CONFLICT).
    await getDb().transaction(async (tx) => {
      await tx.execute(sql`set local lock_timeout = '60s'`);
      await tx.execute(sql`
        insert into users (email, name, role, programmatic_access, created_at, updated_at)
        select 'bulk-' || lpad(i::text, 6, '0') || '@' || ${BULK_DOMAIN}::text,
               'Seeded Person ' || lpad(i::text, 6, '0'), 'member', false,
               to_timestamp(${start / 1000}::double precision) + i * interval '1 minute',
               to_timestamp(${start / 1000}::double precision) + i * interval '1 minute'
        from generate_series(0, ${BULK_COUNT - 1}::int) as i
        on conflict (email) do nothing`);
    });
    return;
  }
  const sqlite = sqliteHandle();
  // The worker's writes wait for another worker's seeding rather than fail.
  sqlite.pragma('busy_timeout = 60000');
  sqlite
    .transaction(() => {
      if (sqlite.prepare('select 1 from users where email = ?').get(bulkEmail(0))) return;
      // Generated inside SQLite: one statement, well under a second, so the server's writes barely wait.
      sqlite
        .prepare(
          `with recursive seq(i) as (select 0 union all select i + 1 from seq where i < ? - 1)
           insert into users (email, name, role, programmatic_access, created_at, updated_at)
           select printf('bulk-%06d@' || ?, i), printf('Seeded Person %06d', i), 'member', 0,
                  ? + i * 60000, ? + i * 60000
           from seq`,
        )
        .run(BULK_COUNT, BULK_DOMAIN, start, start);
    })
    .immediate();
}

export async function userRow(id: number) {
  const [row] = await getDb().select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function auditRowsAbout(userId: number) {
  return getDb()
    .select()
    .from(auditLogs)
    .where(eq(auditLogs.targetId, String(userId)));
}

/** The set-password link from the newest welcome mail, as a path on the server under test. */
export async function welcomeLinkPath(email: string) {
  let link: string | undefined;
  await expect
    .poll(async () => {
      link = (await mailsTo(email))
        .at(-1)
        ?.text.match(/https?:\/\/\S+\/set-password\?token=[\w-]+/)?.[0];
      return link;
    })
    .toBeTruthy();
  const url = new URL(link!);
  return `${url.pathname}${url.search}`;
}

/** What a browser sent for a server action, so a test can send it again from someone else. */
export type CapturedAction = { id: string; contentType: string; body: string };

export async function captureServerAction(page: Page, trigger: () => Promise<void>) {
  const [request] = await Promise.all([
    page.waitForRequest((r: Request) => r.method() === 'POST' && !!r.headers()['next-action']),
    trigger(),
  ]);
  const headers = request.headers();
  return {
    id: headers['next-action'],
    contentType: headers['content-type'],
    body: request.postDataBuffer()?.toString('utf8') ?? '',
  } satisfies CapturedAction;
}

/** Replays a captured action call with the given page's cookies (the member's session). */
export async function replayServerAction(
  page: Page,
  captured: CapturedAction,
  rewrite: (body: string) => string,
) {
  const response = await page.request.post('/admin/users', {
    headers: {
      'next-action': captured.id,
      'content-type': captured.contentType,
      accept: 'text/x-component',
      origin: new URL(page.url()).origin,
    },
    data: Buffer.from(rewrite(captured.body), 'utf8'),
  });
  return { status: response.status(), text: await response.text() };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

type IsolatedOptions = {
  dataDir?: string;
  port?: number;
  env?: Record<string, string>;
  database?: ScratchDatabase;
};

/** What an isolated console gets: a configured deployment's settings, DATA_DIR and a database. */
function isolatedEnv(
  options: IsolatedOptions,
  dataDir: string,
  port: number,
  database: ScratchDatabase,
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    AUTH_SECRET: 'e2e-isolated-auth-secret-long-enough-0123456789',
    ACCESSKEY_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
    MAIL_TRANSPORT: 'log',
    ADMIN_EMAIL: 'root@isolated.test',
    ...options.env,
  };
}

/** The built server as a direct node process in a group of its own, so a signal ends all of it. */
function spawnConsole(env: NodeJS.ProcessEnv, stdio: StdioOptions) {
  const server = spawn(process.execPath, ['dist/server.cjs'], { env, detached: true, stdio });
  const exited = new Promise<number | null>((resolve) =>
    server.once('exit', (code) => resolve(code)),
  );
  const signal = (name: NodeJS.Signals) => {
    if (!server.pid) return;
    try {
      process.kill(-server.pid, name);
    } catch {
      // already gone
    }
  };
  return { server, exited, signal };
}

/**
 * A second console with its own empty database, for scenarios that need the whole installation
 * to themselves (such as being the only administrator) without disturbing parallel tests. Given
 * the `dataDir` (and `port`) of an earlier one, it starts again on the same folder; given a
 * `database`, it uses that one (an earlier server's, or one shared by several) instead of a fresh one.
 * The database of the run's engine: on PostgreSQL a fresh database on TEST_DATABASE_URL's server.
 * Its output goes to `server.log` in the data folder, or to `logFile` (for a data folder that the
 * server is to create itself).
 */
export async function startIsolatedServer(options: IsolatedOptions & { logFile?: string } = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'accesskey-e2e-isolated-'));
  const port = options.port ?? (await freePort());
  // A database made here is this server's to drop; one passed in belongs to whoever made it.
  const database = options.database ?? (await createScratchDatabase());
  const env = isolatedEnv(options, dataDir, port, database);
  const adminEmail = env.ADMIN_EMAIL!;
  const logFile = options.logFile ?? path.join(dataDir, 'server.log');
  const log = openSync(logFile, 'a');
  const { server, exited, signal } = spawnConsole(env, ['ignore', log, log]);
  closeSync(log);
  const release = () => (options.database ? Promise.resolve() : database.drop());
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null || Date.now() > deadline) {
      signal('SIGKILL');
      await exited;
      await release();
      throw new Error(`The isolated console did not start; see ${logFile}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const adminFile = path.join(dataDir, 'initial-admin.txt');
  return {
    baseURL,
    dataDir,
    port,
    database,
    /** The first administrator, which the server that found the database empty created. */
    get admin() {
      if (!existsSync(adminFile)) {
        throw new Error(`${baseURL} did not create the first administrator (no ${adminFile}).`);
      }
      const password = readFileSync(adminFile, 'utf8').match(/password: (\S+)/)![1];
      return { email: adminEmail, password };
    },
    /** Rows of a read-only statement written for both engines (no pragma, no `?` parameters). */
    query<T = Record<string, unknown>>(text: string) {
      return database.query<T>(text);
    },
    /** Ends the server the hard way, as the OOM killer or a crash would, and waits for it. */
    async kill() {
      await database.close();
      signal('SIGKILL');
      await exited;
    },
    /** Ends the server, waits for it, and drops the database it made. */
    async stop() {
      signal('SIGTERM');
      await exited;
      await release();
    },
  };
}

export type IsolatedServer = Awaited<ReturnType<typeof startIsolatedServer>>;

/**
 * Starts an isolated console (as startIsolatedServer would) that is expected to refuse to start, and
 * returns its exit code and what it printed. One that is still running after a minute is ended.
 */
export async function startRefusedServer(options: IsolatedOptions = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'accesskey-e2e-isolated-'));
  const database = options.database ?? (await createScratchDatabase());
  const env = isolatedEnv(options, dataDir, options.port ?? (await freePort()), database);
  const { server, signal } = spawnConsole(env, ['ignore', 'pipe', 'pipe']);
  const output = { stdout: '', stderr: '' };
  server.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
  server.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => signal('SIGKILL'), 60_000);
  // 'close', not 'exit': the output is read to its end.
  const code = await new Promise<number | null>((resolve) =>
    server.once('close', (exitCode) => resolve(exitCode)),
  );
  clearTimeout(timer);
  if (!options.database) await database.drop();
  return { code, ...output };
}
