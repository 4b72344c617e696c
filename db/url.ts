import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type DatabaseEngine = 'sqlite' | 'postgres';

export const DEFAULT_DATA_DIR = './data';
export const DEFAULT_POOL_SIZE = 10;

/**
 * `postgres://…` or `postgresql://…` selects PostgreSQL; anything else, or nothing, the embedded SQLite
 * file. The URL is always passed: a default would read the process's own DATABASE_URL in place of an
 * explicit undefined.
 */
export function databaseEngine(url: string | undefined): DatabaseEngine {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}

/**
 * The SQLite file a DATABASE_URL names, or `console.db` in the data folder: a path (a relative one from
 * the working folder), `file:path`, or a `file:///absolute/path` URL.
 */
export function sqliteFile(url: string | undefined, dataDir: string) {
  if (!url) return path.join(path.resolve(dataDir), 'console.db');
  if (url === ':memory:') return url;
  if (url.startsWith('file://')) {
    try {
      return fileURLToPath(url);
    } catch {
      throw new Error(
        `DATABASE_URL: ${url} names no local file. Write file:///absolute/path.db, file:./relative/path.db, or the path alone.`,
      );
    }
  }
  // `file:./x.db` and `file:/srv/x.db` are paths behind a prefix, not URLs: nothing is decoded.
  return path.resolve(url.startsWith('file:') ? url.slice('file:'.length) : url);
}

/**
 * The database variables, read straight from the environment: the data layer depends on nothing of
 * the app's. lib/config/env.ts validates the same variables, with these defaults, when the server starts.
 */
export function databaseSettings(source: Record<string, string | undefined> = process.env) {
  const url = source.DATABASE_URL || undefined;
  return {
    url,
    poolSize: Number(source.DATABASE_POOL_SIZE || DEFAULT_POOL_SIZE),
    dataDir: source.DATA_DIR || DEFAULT_DATA_DIR,
  };
}

/** The URL with its password replaced, for messages and logs. */
export function redactDatabaseUrl(url: string) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    return databaseEngine(url) === 'postgres' ? 'postgres://…' : url;
  }
}
