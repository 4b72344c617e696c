// Kept apart from verification.ts and sessions.ts (database, node:crypto) so that browser code can
// state the rules it shows.
export const CODE_LENGTH = 6;
export const CODE_TTL_MS = 10 * 60 * 1000;
/** How long one verified code unlocks Create and Show in the sign-in session. */
export const VERIFICATION_WINDOW_MS = 20 * 60 * 1000;
