export type DatabaseEngine = 'sqlite' | 'postgres';

/** `postgres://…` or `postgresql://…` selects PostgreSQL; anything else, or nothing, the embedded SQLite file. */
export function databaseEngine(url = process.env.DATABASE_URL): DatabaseEngine {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
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
