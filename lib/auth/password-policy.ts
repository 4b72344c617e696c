// Kept apart from lib/auth/password.ts (node:crypto) so that browser code can import the rule.
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
/** How long a set-password link mailed to an account works. */
export const PASSWORD_LINK_HOURS = 24;
