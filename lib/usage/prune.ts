import { lt } from 'drizzle-orm';
import { getDb } from '@/db';
import { keyUsage } from '@/db/schema';

export const USAGE_RETENTION_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes the counts of hours that began more than USAGE_RETENTION_DAYS before `now`. */
export async function pruneUsage(now = Date.now()) {
  await getDb()
    .delete(keyUsage)
    .where(lt(keyUsage.hourStart, new Date(now - USAGE_RETENTION_DAYS * DAY_MS)));
}
