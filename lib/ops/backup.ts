import Database from 'better-sqlite3';
import {
  copyFileSync,
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { sqliteHandle } from '@/db';
import { databaseEngine } from '@/db/url';
import { databaseFile, getEnv } from '@/lib/config/env';

export class BackupError extends Error {}

/** Beside the SQLite file; a PostgreSQL server is shared by design and has none. */
function pidFile(
  file = databaseEngine(getEnv().DATABASE_URL) === 'sqlite' ? databaseFile() : undefined,
) {
  return file === undefined ? undefined : `${file}.server.pid`;
}

/** Written by the server at start, so that a restore can tell the database is in use. */
export function markServerRunning() {
  const file = pidFile();
  if (file) writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
}

export function markServerStopped() {
  const file = pidFile();
  try {
    if (file && readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
  } catch {
    // already gone
  }
}

/** The console server using the SQLite file (the configured one by default), if one runs. */
export function runningServerPid(database?: string): number | null {
  const file = pidFile(database);
  if (!file) return null;
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8').trim());
  } catch {
    return null;
  }
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

function checkDatabaseFile(file: string) {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok')
      throw new BackupError(`${file} failed its integrity check: ${String(integrity)}.`);
    const tables = db
      .prepare("select name from sqlite_master where type = 'table'")
      .pluck()
      .all() as string[];
    if (!tables.includes('users') || !tables.includes('access_keys')) {
      throw new BackupError(`${file} is not an AccessKey Console database.`);
    }
    return db.prepare('select count(*) from users').pluck().get() as number;
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} is not a readable SQLite database.`);
  } finally {
    db?.close();
  }
}

/** SQLite's online backup: a consistent copy taken page by page while the server keeps serving. */
export async function backupDatabase(target: string) {
  if (existsSync(target))
    throw new BackupError(`${target} already exists; choose a new file name.`);
  await sqliteHandle().backup(target);
  return { accounts: checkDatabaseFile(target) };
}

export async function restoreDatabase(source: string) {
  const pid = runningServerPid();
  if (pid !== null) {
    throw new BackupError(
      `The console server (process ${pid}) is using ${databaseFile()}. Stop it before restoring.`,
    );
  }
  const accounts = checkDatabaseFile(source);
  const target = databaseFile();
  const staging = `${target}.restoring`;
  copyFileSync(source, staging);
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staging, target);
  return { accounts };
}
