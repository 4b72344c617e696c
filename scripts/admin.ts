import '@/lib/load-env-files';
import { closeDatabase } from '@/db';
import { runAdmin } from '@/lib/admin-cli';
import { EnvError } from '@/lib/env';

runAdmin(process.argv.slice(2), { out: console.log, err: console.error })
  .then((code) => {
    closeDatabase();
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    console.error(error instanceof EnvError ? error.message : error);
    process.exitCode = 1;
  });
