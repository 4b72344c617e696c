import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(__dirname) } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.next/**', 'dist/**'],
    environment: 'node',
    // With TEST_DATABASE_URL (PostgreSQL), every test file gets a database of its own: see both files.
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/setup.ts'],
    pool: 'forks',
    testTimeout: 20_000,
  },
});
