import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type DbExecutor } from '@/db';
import { settings } from '@/db/schema';

export const MFA_POLICIES = ['nobody', 'admins', 'everyone'] as const;
export type MfaPolicy = (typeof MFA_POLICIES)[number];

/** The longest maximum AccessKey lifetime an administrator may set: 10 years. */
export const LONGEST_MAX_LIFETIME_DAYS = 3650;
/** How long a new AccessKey may live, in days; null for no maximum. */
export type KeyPolicy = { maxLifetimeDays: number | null };

/**
 * Every console-wide setting an administrator chooses: its row key, the values it takes and the
 * value it has until someone chooses. A new setting is one more entry here; values are stored as JSON.
 */
export const SETTINGS = {
  mfaPolicy: {
    key: 'mfa_policy',
    schema: z.enum(MFA_POLICIES),
    fallback: 'nobody' as MfaPolicy,
  },
  keyPolicy: {
    key: 'key_policy',
    schema: z.object({
      maxLifetimeDays: z.number().int().min(1).max(LONGEST_MAX_LIFETIME_DAYS).nullable(),
    }),
    fallback: { maxLifetimeDays: null } as KeyPolicy,
  },
} as const;

type Definitions = typeof SETTINGS;
export type SettingName = keyof Definitions;
export type SettingValue<N extends SettingName> = z.infer<Definitions[N]['schema']>;

function parse<N extends SettingName>(name: N, stored: string | undefined): SettingValue<N> {
  const definition = SETTINGS[name];
  if (stored === undefined) return definition.fallback as SettingValue<N>;
  try {
    const parsed = definition.schema.safeParse(JSON.parse(stored));
    if (parsed.success) return parsed.data as SettingValue<N>;
  } catch {
    // fall through: a value written by hand that is not JSON
  }
  console.error(`[settings] ${definition.key} holds an unreadable value; using the default.`);
  return definition.fallback as SettingValue<N>;
}

export async function readSetting<N extends SettingName>(
  name: N,
  executor: DbExecutor = getDb(),
): Promise<SettingValue<N>> {
  const [row] = await executor
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, SETTINGS[name].key));
  return parse(name, row?.value);
}

/** Writes a setting; call it inside the transaction that records its audit row. */
export async function writeSetting<N extends SettingName>(
  executor: DbExecutor,
  name: N,
  value: SettingValue<N>,
  updatedBy: number | null,
) {
  const definition = SETTINGS[name];
  const stored = JSON.stringify(definition.schema.parse(value));
  const updatedAt = new Date();
  await executor
    .insert(settings)
    .values({ key: definition.key, value: stored, updatedBy, updatedAt })
    .onConflictDoUpdate({ target: settings.key, set: { value: stored, updatedBy, updatedAt } });
}
