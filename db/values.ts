export const ROLES = ['admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

export const ACCESS_KEY_STATUSES = ['enabled', 'disabled'] as const;
export type AccessKeyStatus = (typeof ACCESS_KEY_STATUSES)[number];

/** The expiry reminders mailed to a key's owner, each at most once per key. */
export const KEY_REMINDER_KINDS = ['expires_in_7_days', 'expires_in_1_day', 'expired'] as const;
export type KeyReminderKind = (typeof KEY_REMINDER_KINDS)[number];

/** sending: claimed by one instance; sent: delivered; failed: the mail failed, a later run retries. */
export const KEY_REMINDER_STATES = ['sending', 'sent', 'failed'] as const;
export type KeyReminderState = (typeof KEY_REMINDER_STATES)[number];
