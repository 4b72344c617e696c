// No imports: the console's dialogs state it too.

/** How long the secret before a rotation keeps signing alongside the new one. */
export const PREVIOUS_SECRET_TTL_MS = 24 * 60 * 60 * 1000;
export const PREVIOUS_SECRET_TTL_HOURS = PREVIOUS_SECRET_TTL_MS / (60 * 60 * 1000);
