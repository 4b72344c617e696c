import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import type { Account } from './fixtures';

export const BASE_URL =
  process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;

type ManifestEntry = { workers: Record<string, unknown>; filename: string; exportedName: string };

export type ServerAction = {
  /** `file#export`, as the matrix and fuzz tables name actions. */
  name: string;
  id: string;
  /** A page whose bundle holds the action, where a browser would post it. */
  page: string;
};

/** 'app/(console)/admin/users/page' → '/admin/users' */
function pagePath(worker: string) {
  const segments = worker
    .replace(/^app\//, '')
    .replace(/(^|\/)page$/, '')
    .split('/')
    .filter((segment) => segment !== '' && !/^\(.*\)$/.test(segment));
  return `/${segments.join('/')}`;
}

let built: Map<string, ServerAction> | undefined;

/** Every server action of the production build, read from Next's own manifest. */
export function builtServerActions(): Map<string, ServerAction> {
  if (built) return built;
  const manifest = JSON.parse(
    readFileSync(path.join(process.cwd(), '.next/server/server-reference-manifest.json'), 'utf8'),
  ) as { node: Record<string, ManifestEntry> };
  built = new Map(
    Object.entries(manifest.node).map(([id, entry]) => {
      const name = `${entry.filename}#${entry.exportedName}`;
      return [name, { name, id, page: pagePath(Object.keys(entry.workers).sort()[0]) }];
    }),
  );
  return built;
}

export function serverAction(name: string): ServerAction {
  const action = builtServerActions().get(name);
  if (!action) throw new Error(`The build has no server action ${name}.`);
  return action;
}

export type Fields = Record<string, string>;
export type Headers = Record<string, string | undefined>;

/**
 * The body React's `encodeReply` sends for `action(previousState, formData)`: the form's entries
 * under the `_1_` prefix, then the argument list in field 0 pointing at them.
 */
export async function encodeActionArguments(fields: Fields) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(`_1_${name}`, value);
  form.set('0', JSON.stringify([{}, '$K1']));
  return multipart(form);
}

/** A no-JavaScript form post, the way a cross-site page would submit one. */
export async function encodeFormPost(action: ServerAction, fields: Fields) {
  const form = new FormData();
  form.append(`$ACTION_ID_${action.id}`, '');
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return multipart(form);
}

async function multipart(form: FormData) {
  const encoded = new Response(form);
  return {
    body: Buffer.from(await encoded.arrayBuffer()),
    contentType: encoded.headers.get('content-type')!,
  };
}

export type Reply = { status: number; headers: IncomingHttpHeaders; text: string };

export type ActionReply = Reply & {
  /** The state the action returned, when it returned one. */
  state: Record<string, unknown> | null;
  /** Where the action sent the browser (`redirect()`), if anywhere. */
  redirect: string | null;
  /** Size of the request body in bytes. */
  sent: number;
};

/**
 * The rows of an RSC payload by id: `id:json\n`, or `id:T<hex byte length>,<text>` for a long
 * string (such as a data URL), which has no line end of its own.
 */
function payloadRows(text: string) {
  const bytes = Buffer.from(text, 'utf8');
  const rows = new Map<string, string>();
  let at = 0;
  while (at < bytes.length) {
    const colon = bytes.indexOf(':', at);
    if (colon < 0) break;
    const id = bytes.subarray(at, colon).toString('utf8');
    if (bytes[colon + 1] === 0x54 /* T */) {
      const comma = bytes.indexOf(',', colon);
      const length = parseInt(bytes.subarray(colon + 2, comma).toString('utf8'), 16);
      rows.set(id, bytes.subarray(comma + 1, comma + 1 + length).toString('utf8'));
      at = comma + 1 + length;
      continue;
    }
    let end = bytes.indexOf('\n', colon);
    if (end < 0) end = bytes.length;
    rows.set(id, bytes.subarray(colon + 1, end).toString('utf8'));
    at = end + 1;
  }
  return rows;
}

/** Finds the action's return value in the RSC payload: row 0 names its row as `"a":"$@N"`. */
export function actionState(text: string): Record<string, unknown> | null {
  const rows = payloadRows(text);
  const root = rows.get('0');
  if (!root?.startsWith('{')) return null;
  const pointer = (JSON.parse(root) as { a?: unknown }).a;
  if (typeof pointer !== 'string' || !pointer.startsWith('$@')) return null;
  const row = rows.get(pointer.slice(2));
  return row?.startsWith('{') ? (JSON.parse(row) as Record<string, unknown>) : null;
}

/**
 * A browser-like HTTP client with its own cookie jar, speaking to the console without a page: it
 * posts server actions as React does, and sends whatever headers a test sets (Host included).
 */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseURL = BASE_URL) {}

  cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** A second client holding the same cookies, e.g. to keep a session after this one signs out. */
  clone() {
    const copy = new ConsoleClient(this.baseURL);
    for (const [name, value] of this.cookies) copy.cookies.set(name, value);
    return copy;
  }

  async send(
    method: string,
    target: string,
    options: { headers?: Headers; body?: Buffer | string } = {},
  ): Promise<Reply> {
    const url = new URL(target, this.baseURL);
    // A header set to undefined is left out, e.g. to send an action without an Origin.
    const headers = Object.fromEntries(
      Object.entries(options.headers ?? {}).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    const cookie = this.cookieHeader();
    if (cookie && !('cookie' in headers)) headers.cookie = cookie;
    if (options.body !== undefined)
      headers['content-length'] = String(Buffer.byteLength(options.body));
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = httpRequest(url, { method, headers, setHost: !('host' in headers) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(options.body);
    });
    this.keepCookies(reply.headers['set-cookie']);
    return reply;
  }

  private keepCookies(setCookie: string[] | undefined) {
    for (const line of setCookie ?? []) {
      const [pair, ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key, setting] = attribute.trim().split('=');
        return (
          (key.toLowerCase() === 'max-age' && Number(setting) <= 0) ||
          (key.toLowerCase() === 'expires' && Date.parse(setting) < Date.now())
        );
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** Calls a server action the way the console's own forms do. */
  async action(
    name: string,
    fields: Fields = {},
    options: { page?: string; headers?: Headers } = {},
  ): Promise<ActionReply> {
    const action = serverAction(name);
    const { body, contentType } = await encodeActionArguments(fields);
    const reply = await this.send('POST', options.page ?? action.page, {
      headers: {
        'next-action': action.id,
        'content-type': contentType,
        accept: 'text/x-component',
        origin: this.baseURL,
        ...options.headers,
      },
      body,
    });
    const redirect = reply.headers['x-action-redirect'];
    return {
      ...reply,
      state: reply.headers['content-type']?.startsWith('text/x-component')
        ? actionState(reply.text)
        : null,
      redirect: typeof redirect === 'string' ? redirect.split(';')[0] : null,
      sent: body.length,
    };
  }

  /** Signs in; an account with a second factor answers the second step with `secondStep()`'s fields. */
  async signIn(account: Pick<Account, 'email' | 'password'>, secondStep?: () => Promise<Fields>) {
    let reply = await this.action('app/(auth)/login/actions.ts#signInWithPasswordAction', {
      email: account.email,
      password: account.password,
    });
    if (secondStep && reply.redirect?.startsWith('/login/verify')) {
      reply = await this.action(
        'app/(auth)/login/actions.ts#verifySecondStepAction',
        await secondStep(),
      );
    }
    if (!reply.redirect || !this.cookies.has('authjs.session-token')) {
      throw new Error(`Sign-in failed for ${account.email}: ${reply.status} ${reply.text}`);
    }
    return this;
  }
}
