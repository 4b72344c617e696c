import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'vitest';

/**
 * Starts `worker` (a script's absolute path) once per argument list, each in its own process on the
 * test's database; when every one has said "ready", says "go" to all at once, so their writes race.
 * Returns the one-line JSON summary each printed.
 */
export async function raceWorkers<Summary>(worker: string, argsPerChild: string[][]) {
  const children = argsPerChild.map((args) =>
    spawn(process.execPath, ['--import', 'tsx', worker, ...args], {
      cwd: path.resolve(__dirname, '..'),
      env: process.env,
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const lines = children.map((child) =>
    createInterface({ input: child.stdout })[Symbol.asyncIterator](),
  );
  await Promise.all(lines.map(async (line) => expect((await line.next()).value).toBe('ready')));
  for (const child of children) child.stdin.write('go\n');
  return Promise.all(
    lines.map(async (line) => JSON.parse((await line.next()).value as string) as Summary),
  );
}
