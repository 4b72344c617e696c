import { sql } from 'drizzle-orm';
import { getDb } from '@/db';

export function checkHealth(): { status: 'ok' } | { status: 'error'; reason: string } {
  try {
    getDb().get(sql`select 1`);
    return { status: 'ok' };
  } catch {
    return { status: 'error', reason: 'The database is unreachable.' };
  }
}
