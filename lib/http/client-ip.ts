/**
 * The server sets x-forwarded-for from the socket unless TRUST_PROXY is on, in which case the
 * right-most entry is the address our own proxy saw; either way the last entry is trustworthy.
 */
export function clientIp(forwardedFor: string | null | undefined): string | null {
  if (!forwardedFor) return null;
  const last = forwardedFor.slice(forwardedFor.lastIndexOf(',') + 1).trim();
  return last ? last.slice(0, 64) : null;
}
