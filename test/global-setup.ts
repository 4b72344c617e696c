import { randomBytes } from 'node:crypto';
import { dropDatabases } from '../scripts/postgres-cluster.mjs';

/**
 * With TEST_DATABASE_URL, names this run's databases (see test/setup.ts) and drops whatever is left
 * of them at the end: a file whose tests are all skipped never runs its afterAll hooks, and a crashed
 * worker none at all. The test workers inherit the prefix from this process.
 */
export default function setup() {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return;
  const prefix = `unit_${randomBytes(4).toString('hex')}`;
  process.env.TEST_DATABASE_PREFIX = prefix;
  return () => dropDatabases(adminUrl, prefix);
}
