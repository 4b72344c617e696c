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

/** Whole seconds until `until`, at least one: how long a retry message says to wait. */
export function secondsUntil(until: Date, now = Date.now()) {
  return Math.max(1, Math.ceil((until.getTime() - now) / 1000));
}

/** Whole minutes until `until`, rounded up, at least one. */
export function minutesUntil(until: Date, now = Date.now()) {
  return Math.ceil(secondsUntil(until, now) / 60);
}
