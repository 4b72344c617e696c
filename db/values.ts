export const ROLES = ['admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

export const ACCESS_KEY_STATUSES = ['enabled', 'disabled'] as const;
export type AccessKeyStatus = (typeof ACCESS_KEY_STATUSES)[number];
