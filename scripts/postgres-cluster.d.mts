// Types for scripts/postgres-cluster.mjs, so TypeScript (tests, e2e, the benchmark) can import it.

export type ThrowawayCluster = { url: string; stop(): void };
export function startThrowawayCluster(options?: { durable?: boolean }): Promise<ThrowawayCluster>;

export type TestDatabase = { name: string; url: string; drop(): Promise<void> };
export function databaseUrl(url: string, name: string): string;
export function createDatabase(adminUrl: string, prefix: string): Promise<TestDatabase>;
export function dropDatabase(adminUrl: string, name: string): Promise<void>;
export function dropDatabases(adminUrl: string, prefix: string): Promise<void>;
