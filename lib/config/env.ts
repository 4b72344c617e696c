import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { databaseEngine, DEFAULT_DATA_DIR, DEFAULT_POOL_SIZE, sqliteFile } from '@/db/url';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(emptyAsUndefined, schema.optional());
const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const masterKey = z
  .string()
  .refine(
    (value) => Buffer.from(value, 'base64').length === 32,
    'must be 32 bytes, base64-encoded',
  );

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
  DATABASE_URL: optional(z.string().min(1)),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(DEFAULT_POOL_SIZE),
  AUTH_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  ACCESSKEY_MASTER_KEY: optional(masterKey),
  ACCESSKEY_MASTER_KEY_PREVIOUS: optional(masterKey),
  ADMIN_EMAIL: z.string().email().default('admin@example.com'),
  APP_URL: optional(z.string().url()),
  RESEND_API_KEY: optional(z.string().min(1)),
  RESEND_BASE_URL: optional(z.string().url()),
  MAIL_FROM: z.string().min(3).default('AccessKey Console <no-reply@accesskey-console.local>'),
  MAIL_TRANSPORT: optional(z.enum(['resend', 'log'])),
  TRUST_PROXY: flag.default(false),
  API_RATE_LIMIT: z.coerce.number().int().min(1).default(300),
  USAGE_COUNTING: flag.default(true),
  USAGE_FLUSH_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  KEY_REMINDER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) cached = parseEnv(process.env);
  return cached;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new EnvError(`Invalid environment configuration:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

/** A deployment that sets AUTH_SECRET itself is treated as production; a bare local run is not. */
export function isConfiguredDeployment(env: Env = getEnv()) {
  return env.AUTH_SECRET !== undefined;
}

export function dataDir(env: Env = getEnv()) {
  return path.resolve(env.DATA_DIR);
}

/**
 * The SQLite database file, from a path (relative ones from the working folder), `file:path` or a
 * `file:///absolute/path` URL; an error when DATABASE_URL selects PostgreSQL, which has none.
 */
export function databaseFile(env: Env = getEnv()) {
  if (databaseEngine(env.DATABASE_URL) === 'postgres') {
    throw new EnvError(
      'DATABASE_URL selects PostgreSQL; this works on the embedded SQLite file only.',
    );
  }
  try {
    return sqliteFile(env.DATABASE_URL, env.DATA_DIR);
  } catch (error) {
    throw new EnvError((error as Error).message);
  }
}

export function mailTransport(env: Env = getEnv()): 'resend' | 'log' {
  return env.MAIL_TRANSPORT ?? (env.RESEND_API_KEY ? 'resend' : 'log');
}

export function appUrl(env: Env = getEnv()) {
  return env.APP_URL ?? `http://localhost:${env.PORT}`;
}

/** Reads a generated secret from the data folder, creating it (mode 0600) on first use. */
function generatedSecret(name: string, create: () => string, env: Env) {
  const file = path.join(dataDir(env), name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, `${create()}\n`, { flag: 'wx', mode: 0o600 });
    console.warn(
      `[config] Generated ${file}. Production deployments must set ${name === 'auth-secret' ? 'AUTH_SECRET' : 'ACCESSKEY_MASTER_KEY'} themselves.`,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

export function authSecret(env: Env = getEnv()) {
  return (
    env.AUTH_SECRET ??
    generatedSecret('auth-secret', () => randomBytes(32).toString('base64url'), env)
  );
}

/** The current master key first, then the previous one kept for a rotation in progress. */
export function masterKeys(env: Env = getEnv()): Buffer[] {
  const current =
    env.ACCESSKEY_MASTER_KEY ??
    generatedSecret('master-key', () => randomBytes(32).toString('base64'), env);
  const keys = [Buffer.from(current, 'base64')];
  if (env.ACCESSKEY_MASTER_KEY_PREVIOUS)
    keys.push(Buffer.from(env.ACCESSKEY_MASTER_KEY_PREVIOUS, 'base64'));
  return keys;
}
