export const GATEWAY_PREFIX = '/gateway/';

export type GatewayPath = { slug: string; rest: string };

/**
 * `/gateway/{slug}/{rest…}` → slug and the rest (`''` or starting with `/`), as sent: the
 * signature covers the path as the client sent it, so nothing is decoded or normalised here.
 * Null for a path with `.` or `..` segments (also percent-encoded), which an upstream could
 * resolve to something outside the product's path prefix.
 */
export function parseGatewayPath(path: string): GatewayPath | null {
  const end = path.indexOf('/', GATEWAY_PREFIX.length);
  const slug = path.slice(GATEWAY_PREFIX.length, end === -1 ? undefined : end);
  const rest = end === -1 ? '' : path.slice(end);
  if (slug === '' || hasDotSegment(rest)) return null;
  return { slug, rest };
}

function hasDotSegment(path: string): boolean {
  if (!path.includes('.') && !/%2e/i.test(path)) return false;
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      decoded = segment;
    }
    for (const part of decoded.split(/[/\\]/)) if (part === '.' || part === '..') return true;
  }
  return false;
}

/** The path and query the upstream receives: its base URL's path prefix, then the rest, then the query unchanged. */
export function upstreamTarget(basePath: string, rest: string, query: string): string {
  const prefix = basePath.endsWith('/') ? basePath.slice(0, -1) : basePath;
  const path = prefix + rest || '/';
  return query === '' ? path : `${path}?${query}`;
}

/** Where a product is called through the console's gateway, from the console's public URL. */
export function gatewayUrl(appUrl: string, slug: string): string {
  return `${appUrl.replace(/\/$/, '')}${GATEWAY_PREFIX}${slug}/`;
}
