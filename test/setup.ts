import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { createDatabase } from '../scripts/postgres-cluster.mjs';

// Runs before each test file is imported, so before anything loads '@/db/schema', whose tables
// belong to the engine DATABASE_URL selects at that moment.

// Every test file gets its own throwaway data folder (generated secrets, the SQLite database) unless it sets one.
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'accesskey-unit-'));

// With TEST_DATABASE_URL (a PostgreSQL superuser URL) every test file gets its own empty database there.
const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl) {
  // The prefix is the run's (test/global-setup.ts drops what afterAll below could not).
  const prefix = process.env.TEST_DATABASE_PREFIX ?? 'unit';
  const database = await createDatabase(adminUrl, `${prefix}_${process.pid}`);
  process.env.DATABASE_URL = database.url;
  afterAll(async () => {
    // Registered first, so it runs after the test file's own afterAll hooks.
    const { closeDatabase } = await import('@/db');
    await closeDatabase();
    // `with (force)` also ends connections a test opened itself and left open.
    await database.drop();
  });
}
