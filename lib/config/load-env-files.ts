import { loadEnvConfig } from '@next/env';

// The server and the CLI read .env files exactly as Next does, before anything parses the environment.
loadEnvConfig(process.cwd(), process.argv.includes('--dev'));
