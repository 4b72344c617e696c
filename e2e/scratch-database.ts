import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { databaseEngine, type DatabaseEngine } from '@/db/url';
import { createDatabase } from '../scripts/postgres-cluster.mjs';

/**
 * The engine of this run: PostgreSQL when the run was given a server (TEST_DATABASE_URL, a superuser
 * URL on which every test database is created), the embedded SQLite file otherwise.
 */
export function runEngine(): DatabaseEngine {
  return databaseEngine(process.env.TEST_DATABASE_URL);
}

/**
 * A database of its own for servers a test starts beside the shared one: on PostgreSQL a fresh
 * database on the run's server, dropped again by `drop()`; on SQLite a file in a fresh folder.
 * `url` is what the servers get as DATABASE_URL.
 */
export type ScratchDatabase = {
  engine: DatabaseEngine;
  url: string;
  /** Runs one read-only statement and returns its rows (column names as in the schema). */
  query<T = Record<string, unknown>>(text: string): Promise<T[]>;
  /**
   * Runs one writing statement, written for this engine (see `engine`), such as moving a key's
   * expiry into the past; on SQLite through a connection of its own, closed at once.
   */
  execute(text: string): Promise<void>;
  /** Closes the test's own connection, e.g. before a server is killed (on SQLite the file is left alone). */
  close(): Promise<void>;
  /** Closes the test's connection and removes a PostgreSQL database (the servers must have stopped). */
  drop(): Promise<void>;
};

export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  if (runEngine() === 'postgres' && server) {
    // Named after the run's database, so the run's teardown removes whatever a failed test left.
    const created = await createDatabase(server, process.env.E2E_DATABASE_NAME ?? 'accesskey_e2e');
    let pool: pg.Pool | undefined;
    const close = async () => {
      const closing = pool;
      pool = undefined;
      await closing?.end();
    };
    const query = async <T>(text: string) => {
      if (!pool) {
        pool = new pg.Pool({ connectionString: created.url, max: 1 });
        pool.on('error', () => {});
      }
      return (await pool.query(text)).rows as T[];
    };
    return {
      engine: 'postgres',
      url: created.url,
      query,
      async execute(text: string) {
        await query(text);
      },
      close,
      async drop() {
        await close();
        // Forced: a server that was killed may leave connections behind for a moment.
        await created.drop();
      },
    };
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'accesskey-e2e-db-')), 'console.db');
  // Opened on first use, so a test that kills a server has not touched the file before.
  let database: Database.Database | undefined;
  const close = async () => {
    database?.close();
    database = undefined;
  };
  return {
    engine: 'sqlite',
    url: file,
    async query<T>(text: string) {
      database ??= new Database(file, { readonly: true });
      return database.prepare(text).all() as T[];
    },
    async execute(text: string) {
      const writer = new Database(file);
      try {
        writer.pragma('busy_timeout = 5000');
        writer.prepare(text).run();
      } finally {
        writer.close();
      }
    },
    close,
    drop: close,
  };
}
