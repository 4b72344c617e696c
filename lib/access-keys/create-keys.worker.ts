// Child process for the cross-process limit test: waits for "go" on stdin, then fires its creates.
import { closeDatabase } from '@/db';
import { AccessKeyError, createAccessKey } from '@/lib/access-keys/keys';

const [userId, attempts] = process.argv.slice(2).map(Number);
const context = { actor: null, request: { ip: null, userAgent: 'limit-test' } };

process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  const results = await Promise.allSettled(
    Array.from({ length: attempts }, () => createAccessKey(userId, context)),
  );
  const summary = { created: 0, refused: [] as string[], failed: [] as string[] };
  for (const result of results) {
    if (result.status === 'fulfilled') summary.created++;
    else if (result.reason instanceof AccessKeyError) summary.refused.push(result.reason.message);
    else summary.failed.push(String(result.reason));
  }
  await closeDatabase();
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exit(0);
});
