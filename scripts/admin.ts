import '@/lib/config/load-env-files';
import { closeDatabase } from '@/db';
import { runAdmin } from '@/lib/ops/admin-cli';
import { EnvError } from '@/lib/config/env';

async function main() {
  try {
    process.exitCode = await runAdmin(process.argv.slice(2), {
      out: console.log,
      err: console.error,
    });
  } finally {
    // A PostgreSQL pool keeps the process alive until it is closed.
    await closeDatabase();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exitCode = 1;
});
