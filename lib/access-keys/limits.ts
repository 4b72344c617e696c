// Plain numbers the console's forms need in the browser too: nothing here imports server code.

export const MAX_KEY_NAME_LENGTH = 64;
export const MAX_KEY_DESCRIPTION_LENGTH = 256;
export const MAX_ALLOWED_IPS = 20;
/** The lifetimes offered at creation, in days; a date is the other choice. */
export const EXPIRY_DAYS = [7, 30, 60, 90, 365] as const;
/** A key not used for this long (or never used since it was created that long ago) is flagged. */
export const UNUSED_AFTER_DAYS = 90;
