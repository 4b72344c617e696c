import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { ApiPrincipal } from '@/lib/open-api/authenticate';
import { headerSafe } from './headers';

/** What the gateway signature covers, in this order, joined by "\n". */
export type GatewaySignatureFields = {
  /** Unix seconds, as sent in X-Gateway-Timestamp. */
  timestamp: string;
  method: string;
  /** The path and query exactly as the upstream receives them. */
  target: string;
  accountId: string;
  accessKeyId: string;
  requestId: string;
};

export function gatewayStringToSign(fields: GatewaySignatureFields): string {
  return [
    fields.timestamp,
    fields.method,
    fields.target,
    fields.accountId,
    fields.accessKeyId,
    fields.requestId,
  ].join('\n');
}

/** Lowercase hex HMAC-SHA256 per live secret, current first, comma-separated (two during a rotation). */
export function gatewaySignature(
  secrets: readonly (KeyObject | string)[],
  fields: GatewaySignatureFields,
): string {
  const toSign = gatewayStringToSign(fields);
  return secrets
    .map((secret) => createHmac('sha256', secret).update(toSign).digest('hex'))
    .join(',');
}

/** The upstream's side, as README shows it: any listed signature matches, within ±5 minutes. */
export function verifyGatewaySignature(
  secret: string,
  header: string,
  fields: GatewaySignatureFields,
  now = Date.now(),
): boolean {
  if (Math.abs(now / 1000 - Number(fields.timestamp)) > 300) return false;
  const expected = createHmac('sha256', secret).update(gatewayStringToSign(fields)).digest();
  return header.split(',').some((candidate) => {
    const given = Buffer.from(candidate.trim(), 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/**
 * The headers that tell an upstream who is calling, signed with the product's secret: sent
 * upstream by the gateway, answered to the proxy by forward-auth.
 */
export function identityHeaders(options: {
  principal: ApiPrincipal;
  requestId: string;
  method: string;
  target: string;
  secrets: readonly KeyObject[];
  now: number;
}): Record<string, string> {
  const { principal } = options;
  const timestamp = String(Math.floor(options.now / 1000));
  const accountId = String(principal.user.id);
  return {
    'x-accesskey-id': principal.accessKeyId,
    'x-account-id': accountId,
    'x-account-email': headerSafe(principal.user.email),
    'x-account-role': principal.user.role,
    'x-request-id': options.requestId,
    'x-gateway-timestamp': timestamp,
    'x-gateway-signature': gatewaySignature(options.secrets, {
      timestamp,
      method: options.method,
      target: options.target,
      accountId,
      accessKeyId: principal.accessKeyId,
      requestId: options.requestId,
    }),
  };
}
