import { lt } from 'drizzle-orm';
import { getDb } from '@/db';
import { keyUsage, productUsage } from '@/db/schema';

export const USAGE_RETENTION_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes the counts of hours that began more than USAGE_RETENTION_DAYS before `now`. */
export async function pruneUsage(now = Date.now()) {
  const oldest = new Date(now - USAGE_RETENTION_DAYS * DAY_MS);
  await getDb().delete(keyUsage).where(lt(keyUsage.hourStart, oldest));
  await getDb().delete(productUsage).where(lt(productUsage.hourStart, oldest));
}
