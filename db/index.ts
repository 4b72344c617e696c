import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { databaseFile } from '@/lib/env';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

// Module-level on purpose: the Open API server and Next's bundle each keep their own connection.
let instance: Db | undefined;

export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  return drizzle(sqlite, { schema });
}

/** The process-wide connection, opened on first use so that `next build` never touches the database. */
export function getDb(): Db {
  instance ??= openDatabase(databaseFile());
  return instance;
}

export function migrateDatabase(db: Db = getDb()) {
  migrate(db, { migrationsFolder: path.join(process.cwd(), 'db/migrations') });
}

export function closeDatabase() {
  instance?.$client.close();
  instance = undefined;
}

export { schema };
