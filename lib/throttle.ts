export type Limit = { max: number; windowMs: number };

/**
 * When another attempt is allowed under every limit, or null when one is allowed now. Each check
 * gives the times of recent attempts, newest first (at least `max` of them where there are that many).
 */
export function nextAllowedAt(
  checks: { times: Date[]; limit: Limit }[],
  now = Date.now(),
): Date | null {
  const until = Math.max(
    0,
    ...checks.map(({ times, limit }) =>
      times.length >= limit.max ? times[limit.max - 1].getTime() + limit.windowMs : 0,
    ),
  );
  return until > now ? new Date(until) : null;
}

function count(value: number, unit: string) {
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

/** How long until `until`, for a retry message: seconds up to a minute, else whole minutes. */
export function waitFor(until: Date, now = Date.now(), unit: 'auto' | 'minutes' = 'auto') {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now) / 1000));
  if (unit === 'auto' && seconds <= 60) return count(seconds, 'second');
  return count(Math.ceil(seconds / 60), 'minute');
}
