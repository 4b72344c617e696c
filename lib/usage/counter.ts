import { sql, type SQLWrapper } from 'drizzle-orm';
import { getDb } from '@/db';
import { keyUsage, productUsage } from '@/db/schema';
import { getEnv } from '@/lib/config/env';
import { pruneUsage } from './prune';

export const HOUR_MS = 60 * 60 * 1000;
export { OPEN_API_PRODUCT, UNKNOWN_PRODUCT } from './products';

/**
 * Counts (key, product, hour) held in memory at most, about 10 MB (some 95 bytes each, measured by
 * `npm run bench`): 10,000 keys busy on 5 products through two hours of a database outage. Past it,
 * calls that would need a new entry go uncounted (and are reported); those of entries already held
 * are still added.
 */
export const MAX_USAGE_ENTRIES = 100_000;
// Rows per INSERT statement: well below either engine's limit on bound parameters.
const ROWS_PER_STATEMENT = 500;

export type UsageCounts = { calls: number; clientErrors: number; serverErrors: number };
type ByKey = Map<number, UsageCounts>;
/** hour start (ms) → product → key id → counts */
type Pending = Map<number, Map<string, ByKey>>;
export type UsageRow = UsageCounts & { keyId: number; product: string; hourStart: number };
type ProductRow = UsageCounts & { product: string; hourStart: number };

// Calls counted since the last flush began.
let pending: Pending = new Map();
let entries = 0;
let uncounted = 0;
// Counts a flush took from `pending` and has not stored yet, per table: a failed write leaves them
// here for the next flush, which never counts them into the products' totals twice.
const unwrittenKeys = new Map<string, UsageRow>();
const unwrittenProducts = new Map<string, ProductRow>();
// The hour the last call fell in and its products, so a call costs two Map lookups.
let currentHour = -1;
let current: Map<string, ByKey> | undefined;
let timer: NodeJS.Timeout | undefined;
let flushing: Promise<void> | undefined;
let nextPrune = 0;

function hourOf(hourStart: number) {
  let products = pending.get(hourStart);
  if (products === undefined) {
    products = new Map();
    pending.set(hourStart, products);
  }
  return products;
}

function entryOf(products: Map<string, ByKey>, product: string, keyId: number) {
  let byKey = products.get(product);
  if (byKey === undefined) {
    byKey = new Map();
    products.set(product, byKey);
  }
  let counts = byKey.get(keyId);
  if (counts === undefined) {
    if (entries + unwrittenKeys.size >= MAX_USAGE_ENTRIES) return undefined;
    counts = { calls: 0, clientErrors: 0, serverErrors: 0 };
    byKey.set(keyId, counts);
    entries += 1;
  }
  return counts;
}

/**
 * Counts one signed call of the key (access_keys.id) for a product by the status it was answered
 * with: 4xx and 5xx each have their own count. In memory only; flushUsage writes it.
 */
export function countUsage(keyId: number, product: string, status: number, now = Date.now()) {
  if (!getEnv().USAGE_COUNTING) return;
  const hourStart = now - (now % HOUR_MS);
  if (hourStart !== currentHour || current === undefined) {
    current = hourOf(hourStart);
    currentHour = hourStart;
  }
  const counts = entryOf(current, product, keyId);
  if (counts === undefined) {
    uncounted += 1;
    return;
  }
  counts.calls += 1;
  if (status >= 500) counts.serverErrors += 1;
  else if (status >= 400) counts.clientErrors += 1;
  if (timer === undefined) startFlushing();
}

/** The database's own words: drizzle's wrapper would add the statement and its 3,000 parameters. */
function reason(error: unknown) {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

function startFlushing() {
  timer = setInterval(() => {
    flushUsage().catch(() => {
      // Reported by flushUsage; the counts wait for the next interval.
    });
  }, getEnv().USAGE_FLUSH_SECONDS * 1000);
  timer.unref();
}

function rowsOf(batch: Pending): UsageRow[] {
  const rows: UsageRow[] = [];
  for (const [hourStart, products] of batch) {
    for (const [product, byKey] of products) {
      for (const [keyId, counts] of byKey) rows.push({ keyId, product, hourStart, ...counts });
    }
  }
  return rows;
}

function addTo<Row extends UsageCounts>(map: Map<string, Row>, id: string, row: Row) {
  const held = map.get(id);
  if (held === undefined) {
    map.set(id, { ...row });
    return;
  }
  held.calls += row.calls;
  held.clientErrors += row.clientErrors;
  held.serverErrors += row.serverErrors;
}

/** Moves what was counted so far into the counts to write, the products' totals summed once. */
function takePending() {
  const rows = rowsOf(pending);
  pending = new Map();
  entries = 0;
  current = undefined;
  for (const row of rows) {
    addTo(unwrittenKeys, `${row.hourStart}\u0000${row.product}\u0000${row.keyId}`, row);
    addTo(unwrittenProducts, `${row.hourStart}\u0000${row.product}`, {
      product: row.product,
      hourStart: row.hourStart,
      calls: row.calls,
      clientErrors: row.clientErrors,
      serverErrors: row.serverErrors,
    });
  }
}

const addedUp = (column: SQLWrapper, name: string) => sql`${column} + excluded.${sql.raw(name)}`;

/**
 * Adds rows to the stored counts. Additive on conflict, so every instance sharing the database adds
 * its own calls to the same row and none is lost or counted twice.
 */
function addKeyRows(rows: readonly UsageRow[]) {
  return getDb()
    .insert(keyUsage)
    .values(rows.map((row) => ({ ...row, hourStart: new Date(row.hourStart) })))
    .onConflictDoUpdate({
      target: [keyUsage.keyId, keyUsage.product, keyUsage.hourStart],
      set: {
        calls: addedUp(keyUsage.calls, 'calls'),
        clientErrors: addedUp(keyUsage.clientErrors, 'client_errors'),
        serverErrors: addedUp(keyUsage.serverErrors, 'server_errors'),
      },
    });
}

function addProductRows(rows: readonly ProductRow[]) {
  return getDb()
    .insert(productUsage)
    .values(rows.map((row) => ({ ...row, hourStart: new Date(row.hourStart) })))
    .onConflictDoUpdate({
      target: [productUsage.product, productUsage.hourStart],
      set: {
        calls: addedUp(productUsage.calls, 'calls'),
        clientErrors: addedUp(productUsage.clientErrors, 'client_errors'),
        serverErrors: addedUp(productUsage.serverErrors, 'server_errors'),
      },
    });
}

/** Writes `held` in statements of ROWS_PER_STATEMENT, forgetting each row once it is stored. */
async function writeHeld<Row>(held: Map<string, Row>, write: (rows: Row[]) => Promise<unknown>) {
  const rows = [...held];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    await write(chunk.map(([, row]) => row));
    for (const [id] of chunk) held.delete(id);
    // SQLite writes synchronously: let waiting requests in between two statements.
    if (start + ROWS_PER_STATEMENT < rows.length) await new Promise(setImmediate);
  }
}

async function writePending(now: number) {
  takePending();
  try {
    await writeHeld(unwrittenKeys, addKeyRows);
    await writeHeld(unwrittenProducts, addProductRows);
  } catch (error) {
    console.error(
      `[usage] could not write ${unwrittenKeys.size + unwrittenProducts.size} usage counts; they are kept for the next flush:`,
      reason(error),
    );
    throw error;
  }
  if (uncounted > 0) {
    console.error(
      `[usage] ${uncounted} calls were not counted: more than ${MAX_USAGE_ENTRIES} usage counts waited for the database.`,
    );
    uncounted = 0;
  }
  if (now >= nextPrune) {
    nextPrune = now + HOUR_MS;
    try {
      await pruneUsage(now);
    } catch (error) {
      console.error('[usage] could not prune old usage counts:', reason(error));
    }
  }
}

/**
 * Writes every count held in memory to the database, one flush at a time; runs every
 * USAGE_FLUSH_SECONDS while calls are counted, and once more at a graceful stop. Counts a failed write
 * could not store stay in memory for the next flush.
 */
export async function flushUsage(now = Date.now()): Promise<void> {
  while (flushing !== undefined) await flushing.catch(() => {});
  if (pending.size === 0 && unwrittenKeys.size === 0 && unwrittenProducts.size === 0) {
    if (now < nextPrune) return;
  }
  flushing = writePending(now).finally(() => {
    flushing = undefined;
  });
  return flushing;
}

/** At a graceful stop: no more timer, and whatever was counted written. */
export async function stopUsageCounting() {
  if (timer !== undefined) clearInterval(timer);
  timer = undefined;
  await flushUsage();
}

/** What is held in memory now, for tests and the benchmark: counted since the last flush, or unwritten. */
export function pendingUsage(): { rows: UsageRow[]; entries: number; uncounted: number } {
  return {
    rows: [...rowsOf(pending), ...unwrittenKeys.values()],
    entries: entries + unwrittenKeys.size,
    uncounted,
  };
}

export function resetUsageForTests() {
  pending = new Map();
  unwrittenKeys.clear();
  unwrittenProducts.clear();
  entries = 0;
  uncounted = 0;
  current = undefined;
  currentHour = -1;
  nextPrune = 0;
  if (timer !== undefined) clearInterval(timer);
  timer = undefined;
}
