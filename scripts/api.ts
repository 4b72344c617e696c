import { createApiClient } from '@/lib/open-api/client';

const USAGE = `Usage: npm run api -- <METHOD> <path> [JSON body]

  npm run api -- GET /api/v1/account
  npm run api -- GET '/api/v1/users?page=1&pageSize=10'
  npm run api -- PUT /api/v1/users/2/programmatic-access '{"enabled": true}'

Environment: ACCESSKEY_ID and ACCESSKEY_SECRET (an AccessKey from AccessKey Management),
API_BASE_URL (default http://localhost:3000).`;

async function main(args: string[]): Promise<number> {
  const [method, path, body, ...rest] = args;
  if (!method || !path || rest.length > 0 || !path.startsWith('/')) {
    console.error(USAGE);
    return 2;
  }
  const accessKeyId = process.env.ACCESSKEY_ID;
  const secret = process.env.ACCESSKEY_SECRET;
  const missing = [!accessKeyId && 'ACCESSKEY_ID', !secret && 'ACCESSKEY_SECRET'].filter(Boolean);
  if (!accessKeyId || !secret) {
    console.error(
      `Set ${missing.join(' and ')} to an AccessKey ID and Secret from AccessKey Management, for example:\n\n  ACCESSKEY_ID=... ACCESSKEY_SECRET=... npm run api -- GET /api/v1/account`,
    );
    return 2;
  }
  if (body !== undefined) {
    try {
      JSON.parse(body);
    } catch {
      console.error(`The body is not valid JSON: ${body}`);
      return 2;
    }
  }
  const baseUrl = process.env.API_BASE_URL || 'http://localhost:3000';
  const client = createApiClient({ baseUrl, accessKeyId, secret });
  let answer;
  try {
    answer = await client.request(method, path, body);
  } catch (error) {
    const reason = error instanceof Error ? (error.cause ?? error).toString() : String(error);
    console.error(`Could not reach ${baseUrl}: ${reason}`);
    return 1;
  }
  console.log(
    `HTTP ${answer.status} (request id ${answer.headers.get('x-cnc-request-id') ?? '-'})`,
  );
  console.log(typeof answer.json === 'string' ? answer.json : JSON.stringify(answer.json, null, 2));
  return answer.status < 400 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
