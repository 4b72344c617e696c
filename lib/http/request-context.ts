import { headers } from 'next/headers';
import type { RequestContext } from '@/lib/audit/record';
import { clientIp } from '@/lib/http/client-ip';

export { clientIp };

export function requestContextFrom(source: Headers): RequestContext {
  return { ip: clientIp(source.get('x-forwarded-for')), userAgent: source.get('user-agent') };
}

export async function requestContext(): Promise<RequestContext> {
  return requestContextFrom(await headers());
}
