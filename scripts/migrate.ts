import '@/lib/load-env-files';
import { closeDatabase, migrateDatabase } from '@/db';
import { databaseFile } from '@/lib/env';

migrateDatabase();
closeDatabase();
console.log(`Migrations applied to ${databaseFile()}.`);
