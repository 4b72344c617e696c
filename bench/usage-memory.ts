// Run by bench/run.ts as `node --expose-gc --import tsx bench/usage-memory.ts KEYS PRODUCTS`, with
// DATABASE_URL naming the benchmark's migrated database: the heap the usage counters take with KEYS
// keys active in one hour on PRODUCTS products each, what one count costs, and how long writing them
// all takes.
import { countUsage, flushUsage, pendingUsage } from '@/lib/usage/counter';

function heapUsed(gc: () => void) {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function main() {
  const [keys, products] = process.argv.slice(2).map(Number);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with --expose-gc.');
  const now = Date.now();
  const names = Array.from({ length: products }, (_, index) =>
    index === 0 ? 'open-api' : `product-${index}`,
  );
  // Loads the environment and the counter's first entry before the heap is measured.
  countUsage(0, 'open-api', 200, now);
  const before = heapUsed(gc);
  for (let round = 0; round < 3; round++) {
    for (let keyId = 1; keyId <= keys; keyId++) {
      for (const product of names) countUsage(keyId, product, round === 2 ? 500 : 200, now);
    }
  }
  const after = heapUsed(gc);
  const { entries } = pendingUsage();
  // The cost of one count on the hot path, as a call to an entry already held, once compiled.
  const calls = 3_000_000;
  const run = () => {
    for (let call = 0; call < calls; call++) {
      countUsage((call % keys) + 1, names[call % products], 200, now);
    }
  };
  run();
  const timed = process.hrtime.bigint();
  run();
  const nsPerCall = Number(process.hrtime.bigint() - timed) / calls;
  const started = process.hrtime.bigint();
  await flushUsage(now);
  const flushMs = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    JSON.stringify({ keys, products, entries, heapBytes: after - before, nsPerCall, flushMs }),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
