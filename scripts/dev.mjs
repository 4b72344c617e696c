import { spawn } from 'node:child_process';

const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts', '--dev'], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'development' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
