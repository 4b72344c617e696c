import '@/lib/config/load-env-files';
import { createServer } from 'node:http';
import next from 'next';
import { closeDatabase } from '@/db';
import { markServerRunning, markServerStopped } from '@/lib/ops/backup';
import { prepareRuntime } from '@/lib/ops/bootstrap';
import { startReminderJob } from '@/lib/access-keys/reminders';
import { EnvError, getEnv } from '@/lib/config/env';
import { MAX_DRAINED_BYTES } from '@/lib/open-api/http';
import { handleFastPath, isFastPath } from '@/lib/open-api/server';
import { refuseConsolePost } from '@/lib/http/request-guard';
import { stopUsageCounting } from '@/lib/usage/counter';
import { PRIVATE_ANSWER_HEADERS } from '@/lib/http/security-headers';

async function main() {
  const dev = process.argv.includes('--dev');
  await prepareRuntime();
  const env = getEnv();
  // Expiry reminder mails; every instance runs it, the database lets one alone send each mail.
  startReminderJob(env.KEY_REMINDER_INTERVAL_SECONDS * 1000);
  const app = next({ dev, dir: process.cwd(), hostname: 'localhost', port: env.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer((req, res) => {
    // Without a trusted proxy in front, the socket is the only honest source of the client address.
    if (!env.TRUST_PROXY) req.headers['x-forwarded-for'] = req.socket.remoteAddress;
    if (isFastPath(req.url)) {
      handleFastPath(req, res).catch((error: unknown) => {
        console.error('[api] unhandled error', error instanceof Error ? error.message : error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ code: 'InternalError', message: 'The request could not be processed.' }),
        );
      });
      return;
    }
    const refusal = refuseConsolePost(req.method, req.headers, { trustProxy: env.TRUST_PROXY });
    if (refusal) {
      const answer = () => {
        res.writeHead(refusal.status, {
          'content-type': 'text/plain; charset=utf-8',
          ...PRIVATE_ANSWER_HEADERS,
          connection: 'close',
        });
        res.end(refusal.message);
      };
      // A moderate body is read and discarded first, so the client (or a proxy still sending it)
      // reads the answer instead of a reset connection; a huge one is cut off at once.
      if (Number(req.headers['content-length'] ?? 0) > MAX_DRAINED_BYTES) return answer();
      req.on('end', answer);
      req.on('error', () => res.destroy());
      req.resume();
      return;
    }
    void handle(req, res);
  });
  if (dev) server.on('upgrade', app.getUpgradeHandler());
  server.keepAliveTimeout = 65_000;
  server.listen(env.PORT, env.HOST, () => {
    markServerRunning();
    console.log(`AccessKey Console listening on http://localhost:${env.PORT}`);
  });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    markServerStopped();
    let finished: Promise<void> | undefined;
    // Once the last request was answered (or after 5 s, whatever is still open), the usage counts
    // of the last interval are written before the database closes.
    const finish = () =>
      (finished ??= stopUsageCounting()
        .catch(() => {})
        .then(() => closeDatabase())
        .finally(() => process.exit(0)));
    server.close(() => void finish());
    server.closeIdleConnections();
    setTimeout(() => void finish(), 5000).unref();
    // A database that does not answer must not keep a stopped server alive.
    setTimeout(() => process.exit(0), 15_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
