import '@/lib/config/load-env-files';
import { closeDatabase, getEngine, migrateDatabase } from '@/db';
import { redactDatabaseUrl } from '@/db/url';
import { databaseFile, EnvError, getEnv } from '@/lib/config/env';

async function main() {
  try {
    await migrateDatabase();
    const target =
      getEngine() === 'postgres' ? redactDatabaseUrl(getEnv().DATABASE_URL!) : databaseFile();
    console.log(`Migrations applied to ${target}.`);
  } finally {
    await closeDatabase();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exitCode = 1;
});
