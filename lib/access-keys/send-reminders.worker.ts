// Child process for the reminder race test: waits for "go" on stdin, then runs the job `runs` times at once.
import { closeDatabase } from '@/db';
import { sendDueReminders } from '@/lib/access-keys/reminders';

const [now, runs] = process.argv.slice(2).map(Number);
// stdout carries the protocol with the test; the local mailbox's log lines go to stderr.
console.log = () => {};

process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  const summary = { sent: 0, failed: 0, errors: [] as string[] };
  const results = await Promise.allSettled(
    Array.from({ length: runs }, () => sendDueReminders(now)),
  );
  for (const result of results) {
    if (result.status === 'fulfilled') {
      summary.sent += result.value.sent;
      summary.failed += result.value.failed;
    } else summary.errors.push(String(result.reason));
  }
  await closeDatabase();
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exit(0);
});
