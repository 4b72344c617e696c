// Child process for the cross-process write test: waits for "go" on stdin, then writes accounts.
import { closeDatabase } from '@/db';
import { createUser, setProgrammaticAccess, UserError } from '@/lib/users/accounts';

const [tag, rounds, targetId] = process.argv.slice(2);
const context = { actor: null, request: { ip: null, userAgent: 'write-test' } };

process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  const failed: string[] = [];
  for (let round = 0; round < Number(rounds); round++) {
    try {
      await createUser(
        {
          email: `${tag}-${round}@writes.test`,
          name: `Writer ${tag}`,
          role: 'member',
          programmaticAccess: false,
          password: null,
        },
        context,
      );
      await setProgrammaticAccess(Number(targetId), round % 2 === 0, context);
    } catch (error) {
      if (!(error instanceof UserError)) failed.push(String(error));
    }
  }
  await closeDatabase();
  process.stdout.write(`${JSON.stringify({ failed })}\n`);
  process.exit(0);
});
