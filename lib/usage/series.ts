import { and, desc, eq, gte, inArray, lt, sql, type SQLWrapper } from 'drizzle-orm';
import { getDb } from '@/db';
import { accessKeys, keyUsage, productUsage, users } from '@/db/schema';
import { HOUR_MS, type UsageCounts } from './counter';

export const DAY_MS = 24 * HOUR_MS;
export const GRANULARITIES = ['hour', 'day'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
const BUCKET_MS: Record<Granularity, number> = { hour: HOUR_MS, day: DAY_MS };
/** The longest series one read returns: a week of hours, or the 90 days usage is kept. */
export const MAX_BUCKETS: Record<Granularity, number> = { hour: 7 * 24, day: 90 };

/** Whole UTC hours or days: from the start of the first bucket to the end of the last (exclusive). */
export type UsageRange = { granularity: Granularity; from: Date; to: Date };
export type ProductUsage = UsageCounts & { product: string };
export type UsageBucket = UsageCounts & { start: Date; byProduct: ProductUsage[] };
export type UsageSeries = UsageRange & {
  totals: UsageCounts;
  /** Every product with calls in the range, most calls first. */
  byProduct: ProductUsage[];
  /** One per hour or day of the range, oldest first, zero where nothing was called. */
  buckets: UsageBucket[];
};
type HourRow = UsageCounts & { product: string; hourStart: Date };

const zero = (): UsageCounts => ({ calls: 0, clientErrors: 0, serverErrors: 0 });

function add(into: UsageCounts, counts: UsageCounts) {
  into.calls += counts.calls;
  into.clientErrors += counts.clientErrors;
  into.serverErrors += counts.serverErrors;
}

/** The buckets that overlap [from, to): `from` rounded down and `to` rounded up to whole buckets. */
export function alignRange(granularity: Granularity, from: Date, to: Date): UsageRange {
  const size = BUCKET_MS[granularity];
  const start = Math.floor(from.getTime() / size) * size;
  const end = Math.max(start + size, Math.ceil(to.getTime() / size) * size);
  return { granularity, from: new Date(start), to: new Date(end) };
}

/** The last `count` hours or days, the current one included. */
export function lastBuckets(granularity: Granularity, count: number, now = Date.now()): UsageRange {
  const size = BUCKET_MS[granularity];
  const end = Math.floor(now / size) * size + size;
  return { granularity, from: new Date(end - count * size), to: new Date(end) };
}

export function bucketCount(range: UsageRange) {
  return Math.round((range.to.getTime() - range.from.getTime()) / BUCKET_MS[range.granularity]);
}

function sortedProducts(byProduct: Map<string, UsageCounts>): ProductUsage[] {
  return [...byProduct]
    .map(([product, counts]) => ({ product, ...counts }))
    .sort((a, b) => b.calls - a.calls || a.product.localeCompare(b.product));
}

/** Sums hourly rows into the range's hours or days, every bucket present. */
export function bucketUsage(rows: readonly HourRow[], range: UsageRange): UsageSeries {
  const size = BUCKET_MS[range.granularity];
  const first = range.from.getTime();
  const buckets = Array.from({ length: bucketCount(range) }, (_, index) => ({
    start: new Date(first + index * size),
    totals: zero(),
    byProduct: new Map<string, UsageCounts>(),
  }));
  const totals = zero();
  const byProduct = new Map<string, UsageCounts>();
  for (const row of rows) {
    const bucket = buckets[Math.floor((row.hourStart.getTime() - first) / size)];
    if (bucket === undefined) continue;
    add(bucket.totals, row);
    let product = bucket.byProduct.get(row.product);
    if (product === undefined) bucket.byProduct.set(row.product, (product = zero()));
    add(product, row);
    add(totals, row);
    let overall = byProduct.get(row.product);
    if (overall === undefined) byProduct.set(row.product, (overall = zero()));
    add(overall, row);
  }
  return {
    ...range,
    totals,
    byProduct: sortedProducts(byProduct),
    buckets: buckets.map((bucket) => ({
      start: bucket.start,
      ...bucket.totals,
      byProduct: sortedProducts(bucket.byProduct),
    })),
  };
}

const inRange = (range: UsageRange) =>
  and(gte(keyUsage.hourStart, range.from), lt(keyUsage.hourStart, range.to));

// PostgreSQL sums integers as bigint, which its driver reads as a string.
const total = (column: SQLWrapper) => sql<number>`sum(${column})`.mapWith(Number);

/** One key's calls per hour or day in the range, split by product. */
export async function readKeyUsage(keyId: number, range: UsageRange): Promise<UsageSeries> {
  const rows = await getDb()
    .select({
      product: keyUsage.product,
      hourStart: keyUsage.hourStart,
      calls: keyUsage.calls,
      clientErrors: keyUsage.clientErrors,
      serverErrors: keyUsage.serverErrors,
    })
    .from(keyUsage)
    .where(and(eq(keyUsage.keyId, keyId), inRange(range)));
  return bucketUsage(rows, range);
}

/**
 * Every key's calls together per hour or day in the range, split by product (administrators):
 * from product_usage, which the flush keeps beside key_usage, so no key's rows are read.
 */
export async function readProductUsage(range: UsageRange): Promise<UsageSeries> {
  const rows = await getDb()
    .select({
      product: productUsage.product,
      hourStart: productUsage.hourStart,
      calls: productUsage.calls,
      clientErrors: productUsage.clientErrors,
      serverErrors: productUsage.serverErrors,
    })
    .from(productUsage)
    .where(and(gte(productUsage.hourStart, range.from), lt(productUsage.hourStart, range.to)));
  return bucketUsage(rows, range);
}

/** What a usage page shows: the last 24 hours by the hour, the last 30 days by the day. */
export type UsageOverview = { hourly: UsageSeries; daily: UsageSeries };

/** One key's overview. */
export async function readKeyOverview(keyId: number, now = Date.now()): Promise<UsageOverview> {
  const [hourly, daily] = await Promise.all([
    readKeyUsage(keyId, lastBuckets('hour', 24, now)),
    readKeyUsage(keyId, lastBuckets('day', 30, now)),
  ]);
  return { hourly, daily };
}

/** Every key's overview together, and the busiest keys of the last 24 hours (administrators). */
export async function readProductOverview(
  product?: string,
  now = Date.now(),
): Promise<UsageOverview & { busiest: KeyTotals[] }> {
  const day = lastBuckets('hour', 24, now);
  const [hourly, daily, busiest] = await Promise.all([
    readProductUsage(day),
    readProductUsage(lastBuckets('day', 30, now)),
    readBusiestKeys(day, { product }),
  ]);
  return { hourly, daily, busiest };
}

export type Sparkline = { calls: number; errors: number }[];
export const SPARKLINE_HOURS = 24;

/** For each key, its calls and failed calls (4xx and 5xx) in each of the last 24 hours, oldest first. */
export async function readSparklines(
  keyIds: readonly number[],
  now = Date.now(),
): Promise<Map<number, Sparkline>> {
  const range = lastBuckets('hour', SPARKLINE_HOURS, now);
  const lines = new Map<number, Sparkline>(
    keyIds.map((id) => [
      id,
      Array.from({ length: SPARKLINE_HOURS }, () => ({ calls: 0, errors: 0 })),
    ]),
  );
  if (keyIds.length === 0) return lines;
  const rows = await getDb()
    .select({
      keyId: keyUsage.keyId,
      hourStart: keyUsage.hourStart,
      calls: total(keyUsage.calls),
      errors: sql<number>`sum(${keyUsage.clientErrors} + ${keyUsage.serverErrors})`.mapWith(Number),
    })
    .from(keyUsage)
    .where(and(inArray(keyUsage.keyId, [...keyIds]), inRange(range)))
    .groupBy(keyUsage.keyId, keyUsage.hourStart);
  for (const row of rows) {
    const hour = Math.floor((row.hourStart.getTime() - range.from.getTime()) / HOUR_MS);
    const point = lines.get(row.keyId)?.[hour];
    if (point === undefined) continue;
    point.calls += row.calls;
    point.errors += row.errors;
  }
  return lines;
}

export type KeyTotals = UsageCounts & {
  keyId: number;
  /** Null once the key was deleted: its calls still count in the products' totals. */
  accessKeyId: string | null;
  ownerEmail: string | null;
};

/** The keys with the most calls in the range, optionally for one product (administrators). */
export async function readBusiestKeys(
  range: UsageRange,
  options: { product?: string; limit?: number } = {},
): Promise<KeyTotals[]> {
  const where =
    options.product === undefined
      ? inRange(range)
      : and(inRange(range), eq(keyUsage.product, options.product));
  // Summed and cut to the top first, so only those few rows meet the keys and their owners.
  const busiest = getDb()
    .select({
      keyId: keyUsage.keyId,
      calls: total(keyUsage.calls).as('calls'),
      clientErrors: total(keyUsage.clientErrors).as('client_errors'),
      serverErrors: total(keyUsage.serverErrors).as('server_errors'),
    })
    .from(keyUsage)
    .where(where)
    .groupBy(keyUsage.keyId)
    .orderBy(desc(sql`calls`), keyUsage.keyId)
    .limit(options.limit ?? 20)
    .as('busiest');
  return getDb()
    .select({
      keyId: busiest.keyId,
      accessKeyId: accessKeys.accessKeyId,
      ownerEmail: users.email,
      calls: busiest.calls,
      clientErrors: busiest.clientErrors,
      serverErrors: busiest.serverErrors,
    })
    .from(busiest)
    .leftJoin(accessKeys, eq(accessKeys.id, busiest.keyId))
    .leftJoin(users, eq(users.id, accessKeys.userId))
    .orderBy(desc(busiest.calls), busiest.keyId);
}

export type UsageKey = { id: number; accessKeyId: string; userId: number; ownerEmail: string };
/** Whose keys a reader may see: one account's own, or every account's (administrators). */
export type KeyScope = { ownerId: number } | { anyOwner: true };

/** The key with this AccessKey ID within `scope`; undefined otherwise, whether it exists or not. */
export async function findUsageKey(
  accessKeyId: string,
  scope: KeyScope,
): Promise<UsageKey | undefined> {
  const [key] = await getDb()
    .select({
      id: accessKeys.id,
      accessKeyId: accessKeys.accessKeyId,
      userId: accessKeys.userId,
      ownerEmail: users.email,
    })
    .from(accessKeys)
    .innerJoin(users, eq(users.id, accessKeys.userId))
    .where(
      'ownerId' in scope
        ? and(eq(accessKeys.accessKeyId, accessKeyId), eq(accessKeys.userId, scope.ownerId))
        : eq(accessKeys.accessKeyId, accessKeyId),
    )
    .limit(1);
  return key;
}

/** The series as it reads for one product: every bucket's counts those of that product alone. */
export function forProduct(series: UsageSeries, product: string): UsageSeries {
  const only = (list: ProductUsage[]) => list.filter((entry) => entry.product === product);
  const countsOf = (list: ProductUsage[]) => {
    const [entry] = only(list);
    return entry === undefined
      ? zero()
      : { calls: entry.calls, clientErrors: entry.clientErrors, serverErrors: entry.serverErrors };
  };
  return {
    ...series,
    totals: countsOf(series.byProduct),
    byProduct: only(series.byProduct),
    buckets: series.buckets.map((bucket) => ({
      start: bucket.start,
      ...countsOf(bucket.byProduct),
      byProduct: only(bucket.byProduct),
    })),
  };
}
