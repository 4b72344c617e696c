import path from 'node:path';

export type DatabaseEngine = 'sqlite' | 'postgres';

export const DEFAULT_DATA_DIR = './data';
export const DEFAULT_POOL_SIZE = 10;

/** `postgres://…` or `postgresql://…` selects PostgreSQL; anything else, or nothing, the embedded SQLite file. */
export function databaseEngine(url = process.env.DATABASE_URL): DatabaseEngine {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}

/** The SQLite file a DATABASE_URL names (a path or a `file:` URL), or `console.db` in the data folder. */
export function sqliteFile(url: string | undefined, dataDir: string) {
  if (!url) return path.join(path.resolve(dataDir), 'console.db');
  if (url === ':memory:') return url;
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
