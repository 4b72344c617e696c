import { defineConfig } from 'drizzle-kit';

// The embedded default. PostgreSQL has its own: drizzle.postgres.config.ts (`npm run db:generate` runs both).
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.sqlite.ts',
  out: './db/migrations/sqlite',
});
