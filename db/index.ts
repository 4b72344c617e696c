import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import Database, { type Statement } from 'better-sqlite3';
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { drizzle as drizzleBetterSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePostgres, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzleSqliteProxy, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import pg from 'pg';
import * as postgresSchema from './schema.postgres';
import * as sqliteSchema from './schema.sqlite';
import { databaseEngine, databaseSettings, sqliteFile, type DatabaseEngine } from './url';

/**
 * One query API over both engines: PostgreSQL's asynchronous one. On SQLite the same calls run through
 * drizzle's proxy driver on a better-sqlite3 connection, so lib/ never forks on the engine.
 */
export type Db = NodePgDatabase<typeof postgresSchema>;
export type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];
/** The connection or an open transaction: what a write helper runs on. */
export type DbExecutor = Db | Transaction;

type SqliteConnection = {
  engine: 'sqlite';
  db: Db;
  proxy: SqliteRemoteDatabase<typeof sqliteSchema>;
  client: Database.Database;
  changes: { dataVersion: Statement<[], number>; totalChanges: Statement<[], number> };
};
type PostgresConnection = { engine: 'postgres'; db: Db; pool: pg.Pool };
export type Connection = SqliteConnection | PostgresConnection;

const MIGRATIONS = path.join(process.cwd(), 'db/migrations');
// Any constant shared by every instance: the key of the lock that serialises write transactions.
const WRITE_LOCK = 0x4143_4b53;
export const MIGRATION_LOCK = 0x4143_4b4d;
const MAX_CACHED_STATEMENTS = 500;

// Which transaction, if any, the running code belongs to (see sqliteClient), and which are still open.
const transactionScope = new AsyncLocalStorage<symbol>();
const openScopes = new Set<symbol>();

/**
 * The proxy driver's callback. A better-sqlite3 connection has one transaction at a time, and an
 * awaited statement lets other requests run in between, so while a transaction is open, statements
 * from outside it wait for its commit or rollback instead of joining it.
 */
type ProxyMethod = 'run' | 'all' | 'values' | 'get';

function sqliteClient(client: Database.Database) {
  const statements = new Map<string, Statement>();
  let owner: symbol | undefined;
  let ended: Promise<void> = Promise.resolve();
  let end = () => {};

  const execute = (text: string, params: unknown[], method: ProxyMethod) => {
    let statement = statements.get(text);
    if (statement === undefined) {
      statement = client.prepare(text);
      if (statements.size >= MAX_CACHED_STATEMENTS) statements.clear();
      statements.set(text, statement);
    }
    if (method === 'run' || !statement.reader) {
      statement.run(...params);
      return { rows: [] };
    }
    statement.raw(true);
    if (method === 'get') return { rows: statement.get(...params) as unknown[] };
    return { rows: statement.all(...params) as unknown[][] };
  };

  return async (text: string, params: unknown[], method: ProxyMethod) => {
    const scope = transactionScope.getStore();
    const begins = text.startsWith('begin');
    if (begins && scope === undefined) {
      throw new Error('Open transactions with transaction() from @/db.');
    }
    while (owner !== undefined && (begins || owner !== scope)) await ended;
    if (begins) {
      owner = scope;
      ended = new Promise((resolve) => (end = resolve));
    }
    const finish = () => {
      owner = undefined;
      end();
    };
    try {
      const result = execute(text, params, method);
      if (owner !== undefined && (text === 'commit' || text === 'rollback')) finish();
      return result;
    } catch (error) {
      if (begins || text === 'rollback') finish();
      throw error;
    }
  };
}

function openSqlite(file: string): SqliteConnection {
  if (file !== ':memory:') {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Owner-only from the first byte; SQLite gives its -wal and -shm files the same mode.
    closeSync(openSync(file, 'a', 0o600));
  }
  const client = new Database(file);
  client.pragma('journal_mode = WAL');
  client.pragma('busy_timeout = 5000');
  client.pragma('foreign_keys = ON');
  client.pragma('synchronous = NORMAL');
  const proxy = drizzleSqliteProxy(sqliteClient(client), { schema: sqliteSchema });
  return {
    engine: 'sqlite',
    // The tables in @/db/schema are this engine's; only their TypeScript shape is PostgreSQL's.
    db: proxy as unknown as Db,
    proxy,
    client,
    changes: {
      dataVersion: client.prepare<[], number>('pragma data_version').pluck(),
      totalChanges: client.prepare<[], number>('select total_changes()').pluck(),
    },
  };
}

function openPostgres(url: string, poolSize: number): PostgresConnection {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'accesskey-console',
    // The counterpart of SQLite's busy_timeout: a lock not granted in 5 s fails the statement.
    lock_timeout: 5000,
    // A server that stops answering fails the request (and the health check) instead of hanging it.
    connectionTimeoutMillis: 5000,
    // A transaction left open by a stuck request must not hold the write lock forever.
    idle_in_transaction_session_timeout: 60_000,
  });
  // An idle connection dropped by the server is replaced on next use; without a listener it would crash the process.
  pool.on('error', (error) =>
    console.error('[db] idle PostgreSQL connection failed:', error.message),
  );
  return { engine: 'postgres', db: drizzlePostgres(pool, { schema: postgresSchema }), pool };
}

/** A connection of its own to the database DATABASE_URL names (or the one given). */
export function openDatabase(url = databaseSettings().url): Connection {
  const { poolSize, dataDir } = databaseSettings();
  if (url !== undefined && databaseEngine(url) === 'postgres') return openPostgres(url, poolSize);
  return openSqlite(sqliteFile(url, dataDir));
}

// Module-level on purpose: the Open API server and Next's bundle each keep their own connection.
let instance: Connection | undefined;

/** The process-wide connection, opened on first use so that `next build` never touches the database. */
export function getConnection(): Connection {
  instance ??= openDatabase();
  return instance;
}

export function getDb(): Db {
  // On SQLite such a query would join the transaction; on PostgreSQL it is another connection,
  // which waits for the transaction's locks: refused on both, so SQLite's tests catch it too.
  const scope = transactionScope.getStore();
  if (scope !== undefined && openScopes.has(scope)) {
    throw new Error('Inside transaction(), query through its tx, not getDb().');
  }
  return getConnection().db;
}

export function getEngine(): DatabaseEngine {
  return getConnection().engine;
}

/** `column` matches the LIKE pattern whatever the case (escape character `\`), on either engine. */
export function containsIgnoringCase(column: SQLWrapper, pattern: string): SQL {
  // SQLite's LIKE already ignores ASCII case; PostgreSQL's needs ILIKE.
  return getEngine() === 'postgres'
    ? sql`${column} ilike ${pattern} escape '\\'`
    : sql`${column} like ${pattern} escape '\\'`;
}

/**
 * Runs `work` as one write transaction, serialised against every other write transaction on the
 * database, in this process or another instance: SQLite's BEGIN IMMEDIATE, or on PostgreSQL a
 * transaction-scoped advisory lock taken first. A check-then-write inside (the 5-key limit, the last
 * administrator) therefore sees every earlier commit. Queries inside must go through `tx`.
 */
export async function transaction<T>(
  work: (tx: Transaction) => Promise<T>,
  connection: Connection = getConnection(),
): Promise<T> {
  const outer = transactionScope.getStore();
  // Waiting for the write lock while holding it would wait forever.
  if (outer !== undefined && openScopes.has(outer)) {
    throw new Error('A transaction cannot open inside another; pass its tx down instead.');
  }
  const scope = Symbol('transaction');
  openScopes.add(scope);
  try {
    return await transactionScope.run(scope, () => {
      if (connection.engine === 'postgres') {
        return connection.db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(${WRITE_LOCK})`);
          return work(tx);
        });
      }
      return connection.proxy.transaction((tx) => work(tx as unknown as Transaction), {
        behavior: 'immediate',
      });
    });
  } finally {
    openScopes.delete(scope);
  }
}

/**
 * A value that changes whenever anything is committed to the database, by any connection; undefined
 * where the engine has no cheap way to tell (PostgreSQL), so a cache keyed on it is never reused.
 */
export function changeToken(connection: Connection = getConnection()): string | undefined {
  if (connection.engine !== 'sqlite') return undefined;
  return `${connection.changes.dataVersion.get()}:${connection.changes.totalChanges.get()}`;
}

/** A round trip to the database, for the health check. */
export async function pingDatabase(connection: Connection = getConnection()) {
  if (connection.engine === 'sqlite') {
    connection.client.prepare('select 1').get();
    return;
  }
  // query_timeout is pg's own client-side limit; its type declarations lack the per-query form.
  await connection.pool.query({ text: 'select 1', query_timeout: 5000 } as pg.QueryConfig);
}

/** The embedded database's own handle, for what only SQLite has (online backup). */
export function sqliteHandle(connection: Connection = getConnection()): Database.Database {
  if (connection.engine !== 'sqlite') {
    throw new Error(
      'This works on the embedded SQLite database only; DATABASE_URL selects PostgreSQL (use pg_dump and pg_restore).',
    );
  }
  return connection.client;
}

/** Applies the migrations of the selected engine; concurrent starts of several instances apply them once. */
export async function migrateDatabase(connection: Connection = getConnection()) {
  if (connection.engine === 'sqlite') {
    migrateSqlite(drizzleBetterSqlite(connection.client), {
      migrationsFolder: path.join(MIGRATIONS, 'sqlite'),
    });
    return;
  }
  const client = await connection.pool.connect();
  try {
    // Waits as long as another instance migrates: the pool's lock_timeout is for requests.
    await client.query('set lock_timeout = 0');
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePostgres(drizzlePostgres(client), {
      migrationsFolder: path.join(MIGRATIONS, 'postgres'),
    });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.query('reset lock_timeout').catch(() => {});
    client.release();
  }
}

export async function closeConnection(connection: Connection) {
  if (connection.engine === 'postgres') await connection.pool.end();
  else connection.client.close();
}

export async function closeDatabase() {
  const closing = instance;
  instance = undefined;
  if (closing) await closeConnection(closing);
}
