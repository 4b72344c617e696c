import { signRequest } from '@/lib/open-api/signing';

export interface ApiClientOptions {
  baseUrl: string;
  accessKeyId: string;
  secret: string;
  fetch?: typeof globalThis.fetch;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  json: unknown;
}

export interface ApiClient {
  /** A string body is sent verbatim (e.g. pretty-printed JSON); anything else is serialised once. */
  request(method: string, pathWithQuery: string, body?: unknown): Promise<ApiResponse>;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl.slice(0, -1) : options.baseUrl;
  const send = options.fetch ?? globalThis.fetch;

  return {
    async request(method, pathWithQuery, body) {
      const url = base + (pathWithQuery.startsWith('/') ? pathWithQuery : `/${pathWithQuery}`);
      const verb = method.toUpperCase();
      const payload = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
      const headers = signRequest({
        accessKeyId: options.accessKeyId,
        secret: options.secret,
        method: verb,
        url,
        body: payload,
      });
      const response = await send(url, { method: verb, headers, body: payload });
      const text = await response.text();
      return { status: response.status, headers: response.headers, json: parseJson(text) };
    },
  };
}

/** A server that is not the console (a proxy's HTML error page) still gives a readable answer. */
function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
