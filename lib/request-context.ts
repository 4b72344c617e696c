import { headers } from 'next/headers';
import type { RequestContext } from '@/lib/audit';
import { clientIp } from '@/lib/client-ip';

export { clientIp };

export function requestContextFrom(source: Headers): RequestContext {
  return { ip: clientIp(source.get('x-forwarded-for')), userAgent: source.get('user-agent') };
}

export async function requestContext(): Promise<RequestContext> {
  return requestContextFrom(await headers());
}
