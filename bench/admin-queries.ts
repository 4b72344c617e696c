/**
 * Times the administration queries at scale: 100,000 accounts and 1,000,000 audit events in a
 * throw-away database. Run with `npx tsx bench/admin-queries.ts` (DATA_DIR defaults to a temp dir).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'accesskey-bench-'));
delete process.env.DATABASE_URL;

const ACCOUNTS = 100_000;
const EVENTS = 1_000_000;
const RUNS = 20;

async function main() {
  const { getDb, migrateDatabase, closeDatabase } = await import('@/db');
  const { listUsers } = await import('@/lib/users');
  const { auditEventBatches, listAccountActivity, listAuditEvents } =
    await import('@/lib/audit-log');
  const { AUDIT_ACTIONS } = await import('@/lib/audit');

  migrateDatabase();
  const sqlite = getDb().$client;
  const seeded = Date.now();
  sqlite.transaction(() => {
    const user = sqlite.prepare(
      `insert into users (email, name, role, created_at, updated_at) values (?, ?, ?, ?, ?)`,
    );
    for (let i = 0; i < ACCOUNTS; i++) {
      const at = 1_700_000_000_000 + i * 1000;
      const n = String(i).padStart(6, '0');
      user.run(`bench-${n}@bench.test`, `Bench Person ${n}`, i < 3 ? 'admin' : 'member', at, at);
    }
    const event = sqlite.prepare(
      `insert into audit_logs (actor_id, actor_email, action, target_type, target_id, ip, user_agent, created_at)
       values (?, ?, ?, 'user', ?, '10.0.0.1', 'bench', ?)`,
    );
    for (let i = 0; i < EVENTS; i++) {
      const actor = (i % ACCOUNTS) + 1;
      const target = ((i * 7) % ACCOUNTS) + 1;
      const action = AUDIT_ACTIONS[i % AUDIT_ACTIONS.length];
      event.run(
        actor,
        `bench-${String(actor - 1).padStart(6, '0')}@bench.test`,
        action,
        String(target),
        1_700_000_000_000 + i * 100,
      );
    }
  })();
  console.log(`seeded ${ACCOUNTS} accounts and ${EVENTS} events in ${Date.now() - seeded} ms`);

  async function time(label: string, run: () => Promise<unknown>) {
    await run();
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await run();
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)];
    console.log(
      `${label.padEnd(48)} median ${median.toFixed(2)} ms, max ${samples.at(-1)!.toFixed(2)} ms`,
    );
  }

  await time('users: page 1', () => listUsers({}));
  await time('users: page 4,000 (last)', () => listUsers({ page: 4000 }));
  await time('users: search, dense matches', () => listUsers({ q: 'bench.test' }));
  await time('users: search, one match', () => listUsers({ q: '054321' }));
  await time('users: search, no match', () => listUsers({ q: 'nobody-at-all' }));
  await time('audit: page 1', () => listAuditEvents({}));
  await time('audit: page 1,000', () => listAuditEvents({}, { page: 1000 }));
  await time('audit: page 20,000 (last)', () => listAuditEvents({}, { page: 20_000 }));
  await time('audit: actor filter, page 1', () =>
    listAuditEvents({ actor: 'bench-000042@bench.test' }),
  );
  await time('audit: action filter, page 1,000', () =>
    listAuditEvents({ action: 'auth.signed_in' }, { page: 1000 }),
  );
  await time('audit: time range, page 100', () =>
    listAuditEvents(
      { from: new Date('2023-11-15T00:00:00Z'), to: new Date('2023-11-15T00:00:00Z') },
      { page: 100 },
    ),
  );
  await time('audit: action + actor filter', () =>
    listAuditEvents({ action: 'auth.signed_in', actor: 'bench-000042@bench.test' }),
  );
  // Worst case: actions are spread evenly here, so `user.*` events (scanned for the target) are
  // 30% of the table instead of the few percent a real log holds.
  await time('activity: one account, page 1', () => listAccountActivity(43));
  const exported = performance.now();
  let rows = 0;
  for await (const batch of auditEventBatches({ action: 'auth.signed_in' })) rows += batch.length;
  console.log(`export: ${rows} rows in batches in ${(performance.now() - exported).toFixed(0)} ms`);
  closeDatabase();
}

void main();
