// `npm run test:postgres`: the unit and e2e suites against PostgreSQL. Uses the server TEST_DATABASE_URL
// names (a superuser URL; each test file and the e2e run create their own database there), or else
// starts a throwaway cluster on loopback and removes it afterwards, whatever the outcome.
//   --unit   only the unit suite      --e2e   only the e2e suite
// The e2e suite runs on the existing build (dist/server.cjs, .next); it builds only when one is missing.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startThrowawayCluster } from './postgres-cluster.mjs';

process.chdir(path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));

const args = new Set(process.argv.slice(2));
for (const arg of args) {
  if (arg !== '--unit' && arg !== '--e2e') {
    console.error(`Unknown option ${arg}. Usage: npm run test:postgres [-- --unit | --e2e]`);
    process.exit(2);
  }
}
const runUnit = !args.has('--e2e') || args.has('--unit');
const runE2e = !args.has('--unit') || args.has('--e2e');

function redact(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function banner(text) {
  console.log(`\n=== ${text} ===\n`);
}

let child;
function run(command, args, env) {
  return new Promise((resolve) => {
    // A process group of its own, so a signal to this script reaches the runner's workers too.
    child = spawn(command, args, { stdio: 'inherit', env, detached: process.platform !== 'win32' });
    child.once('error', (error) => {
      console.error(`${command} could not start: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      child = undefined;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// No DATABASE_URL of the caller's: the suites set it to the database they create.
const { DATABASE_URL: _ignored, ...baseEnv } = process.env;

let cluster;
let adminUrl = process.env.TEST_DATABASE_URL;
let status = 0;

// Interrupted: pass the signal on, let the running suite end, skip the rest, still stop the cluster.
let interrupted = false;
for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(name, () => {
    interrupted = true;
    if (!child?.pid) return;
    try {
      process.kill(process.platform === 'win32' ? child.pid : -child.pid, name);
    } catch {
      // already gone
    }
  });
}

try {
  if (adminUrl) {
    if (!/^postgres(ql)?:\/\//i.test(adminUrl)) {
      throw new Error(
        'TEST_DATABASE_URL must be a postgres:// URL of a superuser (it creates databases).',
      );
    }
    console.log(`PostgreSQL from TEST_DATABASE_URL: ${redact(adminUrl)}`);
  } else {
    cluster = await startThrowawayCluster();
    adminUrl = cluster.url;
    console.log(`PostgreSQL: throwaway cluster at ${adminUrl} (loopback only)`);
  }
  const env = { ...baseEnv, TEST_DATABASE_URL: adminUrl };
  const results = [];

  if (runUnit && !interrupted) {
    banner('Unit suite on PostgreSQL');
    const code = await run(npm, ['run', 'test:unit'], env);
    results.push(['unit suite', code]);
  }

  if (runE2e && !interrupted) {
    if (!existsSync('dist/server.cjs') || !existsSync('.next/BUILD_ID')) {
      banner('No build found: npm run build');
      const code = await run(npm, ['run', 'build'], baseEnv);
      if (code !== 0) results.push(['build', code]);
    } else {
      console.log('\nReusing the existing build (dist/server.cjs, .next).');
    }
    if (!interrupted && !results.some(([name]) => name === 'build')) {
      banner('E2E suite on PostgreSQL');
      const code = await run(npm, ['run', 'test:e2e'], env);
      results.push(['e2e suite', code]);
    }
  }

  banner(interrupted ? 'Engine: PostgreSQL (interrupted)' : 'Engine: PostgreSQL');
  for (const [name, code] of results) {
    console.log(`  ${name}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`}`);
  }
  status = results.find(([, code]) => code !== 0)?.[1] ?? (interrupted ? 130 : 0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  status = 1;
} finally {
  if (cluster) {
    try {
      cluster.stop();
      console.log('Throwaway PostgreSQL cluster stopped and removed.');
    } catch (error) {
      console.error(`Could not stop the throwaway cluster: ${error.message}`);
      status ||= 1;
    }
  }
}
process.exit(status);
