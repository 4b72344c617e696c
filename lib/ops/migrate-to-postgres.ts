// Moves an embedded SQLite database into PostgreSQL, for a deployment that grows from one machine to
// several instances (`npm run admin -- migrate-to-postgres <url>`, README "Scaling out").
import { existsSync } from 'node:fs';
import { DrizzleQueryError, getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  closeConnection,
  migrateDatabase,
  openDatabase,
  sqliteHandle,
  transaction,
  type Connection,
} from '@/db';
import * as postgresSchema from '@/db/schema.postgres';
import * as sqliteSchema from '@/db/schema.sqlite';
import { runningServerPid } from '@/lib/ops/backup';
import { databaseEngine, redactDatabaseUrl } from '@/db/url';

export class MigrationError extends Error {}

export type TableReport = { table: string; rows: number };
export type MigrationReport = { source: string; target: string; tables: TableReport[] };

const BATCH_SIZE = 500;

type TablePair = { name: string; sqlite: SQLiteTable; postgres: PgTable };

/** Every table, parents before the tables whose foreign keys point at them. */
function tablesInCopyOrder(): TablePair[] {
  const pairs = new Map<string, TablePair>();
  for (const [key, table] of Object.entries(sqliteSchema)) {
    if (!is(table, SQLiteTable)) continue;
    const postgres = (postgresSchema as Record<string, unknown>)[key];
    // db/schema-drift.test.ts keeps the two schemas alike; this guards a build where they are not.
    if (!is(postgres, PgTable)) throw new Error(`db/schema.postgres.ts has no table ${key}.`);
    pairs.set(getTableName(table), { name: getTableName(table), sqlite: table, postgres });
  }
  const ordered: TablePair[] = [];
  const visiting = new Set<string>();
  const visit = (pair: TablePair) => {
    if (ordered.includes(pair)) return;
    if (visiting.has(pair.name)) throw new Error(`Foreign keys form a cycle at ${pair.name}.`);
    visiting.add(pair.name);
    for (const foreignKey of getTableConfig(pair.sqlite).foreignKeys) {
      const parent = pairs.get(getTableName(foreignKey.reference().foreignTable));
      if (parent && parent !== pair) visit(parent);
    }
    visiting.delete(pair.name);
    ordered.push(pair);
  };
  for (const pair of pairs.values()) visit(pair);
  return ordered;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Reads `table` from SQLite in rowid order, `size` rows at a time, as the objects drizzle would
 * insert: timestamps as Dates, booleans as booleans, so PostgreSQL gets its own types.
 */
function* sqliteBatches(client: ReturnType<typeof sqliteHandle>, table: SQLiteTable, size: number) {
  const columns = Object.entries(getTableColumns(table));
  const statement = client
    .prepare(
      `select rowid, ${columns.map(([, column]) => quote(column.name)).join(', ')} from ${quote(getTableName(table))} where rowid > ? order by rowid limit ?`,
    )
    .raw(true);
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const rows = statement.all(after, size) as unknown[][];
    if (rows.length === 0) return;
    after = rows[rows.length - 1][0] as number;
    yield rows.map((row) =>
      Object.fromEntries(
        columns.map(([key, column], index) => {
          const value = row[index + 1];
          if (value === null) return [key, null];
          // SQLite stores U+0000, PostgreSQL refuses it in text: older rows (a sign-in failure
          // for such an address) keep their meaning with the replacement character.
          if (typeof value === 'string') {
            return [key, column.mapFromDriverValue(value.replaceAll('\u0000', '\ufffd'))];
          }
          return [key, column.mapFromDriverValue(value)];
        }),
      ),
    );
    if (rows.length < size) return;
  }
}

async function existingRows(target: Connection, pairs: TablePair[]) {
  if (target.engine !== 'postgres') throw new Error('The target must be PostgreSQL.');
  const found: TableReport[] = [];
  for (const { name } of pairs) {
    // Before the first migration the tables do not exist yet, which is as empty as it gets.
    const exists = await target.pool.query<{ present: boolean }>(
      'select to_regclass($1) is not null as present',
      [quote(name)],
    );
    if (!exists.rows[0]?.present) continue;
    const counted = await target.pool.query<{ rows: string }>(
      `select count(*) as rows from ${quote(name)}`,
    );
    const rows = Number(counted.rows[0]?.rows ?? 0);
    if (rows > 0) found.push({ table: name, rows });
  }
  return found;
}

function refuseNonEmpty(found: TableReport[], target: string) {
  if (found.length === 0) return;
  const summary = found.map((entry) => `${entry.table}: ${entry.rows}`).join(', ');
  throw new MigrationError(
    `${target} already holds data (${summary}). migrate-to-postgres copies into an empty database only, so nothing was written; create a new database (or drop this one) and run it again.`,
  );
}

/**
 * What went wrong, in words safe to print: a failed query's own text would list its parameters
 * (password hashes, sealed Secrets), so only the database's reason is kept, and the URL's password is
 * blanked out wherever it appears.
 */
function reasonFor(url: string) {
  let secrets: string[] = [url];
  try {
    const password = new URL(url).password;
    if (password) secrets = [url, password, decodeURIComponent(password)];
  } catch {
    // not a URL: blank it out whole
  }
  return (error: unknown): string => {
    if (error instanceof DrizzleQueryError) {
      return error.cause ? reasonFor(url)(error.cause) : 'a query failed';
    }
    const text = error instanceof Error ? error.message : String(error);
    return secrets.reduce((result, secret) => result.replaceAll(secret, '***'), text);
  };
}

/**
 * Copies every table of the SQLite database in `sourceFile` into the PostgreSQL database at
 * `targetUrl`, which must be empty: its migrations are applied first, then all rows are copied with
 * their ids in one transaction that commits only when every table's row count matches, and the id
 * sequences are moved past the copied ids. AccessKey Secrets stay sealed, so the PostgreSQL
 * deployment needs the same master key. The server must not be running on the SQLite file.
 */
export async function migrateToPostgres(
  targetUrl: string,
  { sourceFile, batchSize = BATCH_SIZE }: { sourceFile: string; batchSize?: number },
): Promise<MigrationReport> {
  let parsed: URL | undefined;
  try {
    parsed = new URL(targetUrl);
  } catch {
    // The URL itself is not echoed: it may carry a password.
  }
  if (!parsed || databaseEngine(targetUrl) !== 'postgres' || parsed.pathname.length < 2) {
    throw new MigrationError(
      'Name the PostgreSQL database to copy into, for example postgres://console:PASSWORD@db.internal:5432/console.',
    );
  }
  const target = redactDatabaseUrl(targetUrl);
  if (sourceFile === ':memory:' || !existsSync(sourceFile)) {
    throw new MigrationError(
      `There is no SQLite database at ${sourceFile}. Run this with the settings (DATA_DIR, or DATABASE_URL naming the file) of the console whose database you are moving.`,
    );
  }
  const pid = runningServerPid(sourceFile);
  if (pid !== null) {
    throw new MigrationError(
      `The console server (process ${pid}) is using ${sourceFile}. Stop it before migrating, so that no change made during the copy is lost.`,
    );
  }

  const pairs = tablesInCopyOrder();
  const reason = reasonFor(targetUrl);
  const source = openDatabase(sourceFile);
  let destination: Connection | undefined;
  try {
    // An older database file gets the current schema first, the one PostgreSQL's migrations create.
    await migrateDatabase(source);
    const client = sqliteHandle(source);
    destination = openDatabase(targetUrl);
    const postgres = destination;
    if (postgres.engine !== 'postgres') throw new Error('The target must be PostgreSQL.');
    try {
      refuseNonEmpty(await existingRows(postgres, pairs), target);
      await migrateDatabase(postgres);
    } catch (error) {
      if (error instanceof MigrationError) throw error;
      throw new MigrationError(`Could not prepare ${target}: ${reason(error)}`);
    }

    // A write transaction on SQLite too: nothing can change the file while it is being copied.
    client.exec('begin immediate');
    try {
      const tables = await transaction(async (tx) => {
        // Checked again under the write lock every instance takes, in case one started meanwhile.
        const present: TableReport[] = [];
        for (const pair of pairs) {
          const rows = await tx.$count(pair.postgres);
          if (rows > 0) present.push({ table: pair.name, rows });
        }
        refuseNonEmpty(present, target);

        const report: TableReport[] = [];
        for (const pair of pairs) {
          const expected = client
            .prepare(`select count(*) from ${quote(pair.name)}`)
            .pluck()
            .get() as number;
          let copied = 0;
          for (const rows of sqliteBatches(client, pair.sqlite, batchSize)) {
            await tx.insert(pair.postgres).values(rows);
            copied += rows.length;
          }
          const identities = Object.values(getTableColumns(pair.postgres)).filter(
            (column) => (column as { generatedIdentity?: unknown }).generatedIdentity !== undefined,
          );
          for (const column of identities) {
            // The next generated id follows the largest copied one (is_called false: used as is).
            await tx.execute(
              sql`select setval(pg_get_serial_sequence(${quote(pair.name)}, ${column.name}), coalesce(max(${sql.identifier(column.name)}), 0) + 1, false) from ${sql.identifier(pair.name)}`,
            );
          }
          const stored = await tx.$count(pair.postgres);
          if (stored !== expected || copied !== expected) {
            throw new MigrationError(
              `${pair.name}: ${expected} rows in SQLite but ${stored} in PostgreSQL after the copy; rolled back, no rows were copied.`,
            );
          }
          report.push({ table: pair.name, rows: expected });
        }
        return report;
      }, postgres);
      return { source: sourceFile, target, tables };
    } catch (error) {
      if (error instanceof MigrationError) throw error;
      throw new MigrationError(
        `The copy into ${target} failed and was rolled back, no rows were copied: ${reason(error)}`,
      );
    } finally {
      // Only read: rolling back leaves the SQLite file exactly as it was.
      if (client.inTransaction) client.exec('rollback');
    }
  } finally {
    await closeConnection(source);
    if (destination) await closeConnection(destination);
  }
}
