// The SQLite dialect; db/schema.postgres.ts mirrors it table for table (db/schema-drift.test.ts).
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { ACCESS_KEY_STATUSES, KEY_REMINDER_KINDS, KEY_REMINDER_STATES, ROLES } from './values';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // Always stored lower-cased, so the unique index is case-insensitive.
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull().default('member'),
    programmaticAccess: integer('programmatic_access', { mode: 'boolean' })
      .notNull()
      .default(false),
    // Null until the account holder sets a password through a welcome link.
    passwordHash: text('password_hash'),
    disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
    lastSignInAt: integer('last_sign_in_at', { mode: 'timestamp_ms' }),
    // The console language the account chose (lib/i18n/locales.ts); null follows the browser.
    locale: text('locale'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    uniqueIndex('users_email_idx').on(t.email),
    index('users_name_idx').on(t.name),
    index('users_created_at_idx').on(t.createdAt),
  ],
);

// One row per sign-in; the JWT carries only the row id, so deleting the row ends the session.
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    // End of the email-verification window that unlocks Create and Show.
    verifiedUntil: integer('verified_until', { mode: 'timestamp_ms' }),
    // The challenge of a passkey registration in progress in this session.
    passkeyChallenge: text('passkey_challenge'),
    passkeyChallengeExpiresAt: integer('passkey_challenge_expires_at', { mode: 'timestamp_ms' }),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

export const accessKeys = sqliteTable(
  'access_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessKeyId: text('access_key_id').notNull(),
    // AES-256-GCM sealed secret (lib/crypto.ts), bound to access_key_id.
    secretCiphertext: text('secret_ciphertext').notNull(),
    status: text('status', { enum: ACCESS_KEY_STATUSES }).notNull().default('enabled'),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    lastUsedIp: text('last_used_ip'),
    // True: the key opens every product. False: only those in access_key_products.
    allProducts: integer('all_products', { mode: 'boolean' }).notNull().default(true),
    name: text('name'),
    description: text('description'),
    // Null: the key never expires.
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    // JSON array of addresses and CIDR ranges (lib/access-keys/ip-allow-list.ts); null: any address.
    allowedIps: text('allowed_ips'),
    // SHA-256 hex of the Secret, to find the key a leaked Secret belongs to; null until backfilled.
    secretHash: text('secret_hash'),
    // Set when the Secret was reported or found leaked; the key is disabled for good.
    leakedAt: integer('leaked_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('access_keys_access_key_id_idx').on(t.accessKeyId),
    index('access_keys_user_id_idx').on(t.userId),
    uniqueIndex('access_keys_secret_hash_idx').on(t.secretHash),
    index('access_keys_expires_at_idx').on(t.expiresAt),
  ],
);

// The operator's own APIs that keys open, through /gateway/{slug}/ or forward-auth.
export const products = sqliteTable(
  'products',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    upstreamUrl: text('upstream_url').notNull(),
    timeoutMs: integer('timeout_ms').notNull().default(30_000),
    maxBodyBytes: integer('max_body_bytes').notNull().default(10_485_760),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    // AES-256-GCM sealed (lib/crypto.ts) with `product:<id>` as associated data.
    signingSecretCiphertext: text('signing_secret_ciphertext').notNull(),
    // The secret before the last rotation, still sent alongside the new one until it expires.
    previousSigningSecretCiphertext: text('previous_signing_secret_ciphertext'),
    previousSigningSecretExpiresAt: integer('previous_signing_secret_expires_at', {
      mode: 'timestamp_ms',
    }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [uniqueIndex('products_slug_idx').on(t.slug)],
);

// The products a key with all_products = false opens. A product with rows here cannot be deleted.
export const accessKeyProducts = sqliteTable(
  'access_key_products',
  {
    accessKeyId: integer('access_key_id')
      .notNull()
      .references(() => accessKeys.id, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.accessKeyId, t.productId] }),
    index('access_key_products_product_idx').on(t.productId),
  ],
);

export const verificationCodes = sqliteTable(
  'verification_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    // Set when the code is used or voided; a code is live only while this is null.
    consumedAt: integer('consumed_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('verification_codes_user_created_idx').on(t.userId, t.createdAt)],
);

export const passwordTokens = sqliteTable(
  'password_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('password_tokens_token_hash_idx').on(t.tokenHash)],
);

export const signInFailures = sqliteTable(
  'sign_in_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('sign_in_failures_email_ip_idx').on(t.email, t.ip, t.createdAt),
    index('sign_in_failures_ip_idx').on(t.ip, t.createdAt),
  ],
);

// Signatures of state-changing Open API calls seen inside the timestamp window.
export const apiNonces = sqliteTable(
  'api_nonces',
  {
    signature: text('signature').primaryKey(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('api_nonces_expires_at_idx').on(t.expiresAt)],
);

// Open API requests per AccessKey per fixed window, summed across every instance; other budgets
// (the leak reports of one address) use a name of their own, such as leak-report:203.0.113.7.
export const apiRateLimits = sqliteTable(
  'api_rate_limits',
  {
    accessKeyId: text('access_key_id').notNull(),
    windowStart: integer('window_start', { mode: 'timestamp_ms' }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accessKeyId, t.windowStart] })],
);

// Signed calls per AccessKey, product and UTC hour, added to by every instance (lib/usage/counter.ts).
// No foreign key to access_keys: a deleted key's calls stay in the per-product totals until pruned
// after 90 days, and key ids are never reused, so no row is ever read as another key's.
export const keyUsage = sqliteTable(
  'key_usage',
  {
    keyId: integer('key_id').notNull(),
    // A product slug, or 'open-api' for the console's own Open API.
    product: text('product').notNull(),
    hourStart: integer('hour_start', { mode: 'timestamp_ms' }).notNull(),
    calls: integer('calls').notNull().default(0),
    clientErrors: integer('client_errors').notNull().default(0),
    serverErrors: integer('server_errors').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.keyId, t.product, t.hourStart] }),
    index('key_usage_product_hour_idx').on(t.product, t.hourStart),
    index('key_usage_hour_idx').on(t.hourStart),
  ],
);

// Every key's calls together per product and UTC hour, added to by the same flush as key_usage: what
// the administrators' charts read, so they need not add up every key's rows.
export const productUsage = sqliteTable(
  'product_usage',
  {
    product: text('product').notNull(),
    hourStart: integer('hour_start', { mode: 'timestamp_ms' }).notNull(),
    calls: integer('calls').notNull().default(0),
    clientErrors: integer('client_errors').notNull().default(0),
    serverErrors: integer('server_errors').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.product, t.hourStart] }),
    index('product_usage_hour_idx').on(t.hourStart),
  ],
);

export const auditLogs = sqliteTable(
  'audit_logs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    // Kept so the row still says who acted after the account is gone.
    actorEmail: text('actor_email'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    // JSON with non-secret details such as old and new values.
    detail: text('detail'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_logs_created_at_idx').on(t.createdAt),
    index('audit_logs_actor_created_idx').on(t.actorId, t.createdAt),
    index('audit_logs_action_created_idx').on(t.action, t.createdAt),
    index('audit_logs_target_created_idx').on(t.targetType, t.targetId, t.createdAt),
  ],
);

// The development mailbox used when no mail provider is configured.
export const mailboxMessages = sqliteTable(
  'mailbox_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('mailbox_messages_to_idx').on(t.to, t.createdAt)],
);

// The authenticator app of an account: one per account, counted once confirmed by a code.
export const totpCredentials = sqliteTable(
  'totp_credentials',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // AES-256-GCM sealed base32 secret (lib/crypto.ts), bound to the account.
    secretCiphertext: text('secret_ciphertext').notNull(),
    confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
    // The newest 30-second step a code was accepted for; codes of that step or earlier are refused.
    lastUsedStep: integer('last_used_step'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('totp_credentials_user_id_idx').on(t.userId)],
);

export const passkeys = sqliteTable(
  'passkeys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // base64url, as WebAuthn names the credential.
    credentialId: text('credential_id').notNull(),
    publicKey: text('public_key').notNull(),
    counter: integer('counter').notNull().default(0),
    // JSON array of the transports the authenticator reported.
    transports: text('transports'),
    name: text('name').notNull(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('passkeys_credential_id_idx').on(t.credentialId),
    index('passkeys_user_id_idx').on(t.userId),
  ],
);

export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('recovery_codes_user_id_idx').on(t.userId)],
);

// A sign-in between its first and second step, bound to the browser by a cookie holding the token.
export const pendingSignIns = sqliteTable(
  'pending_sign_ins',
  {
    // SHA-256 of the cookie's token.
    id: text('id').primaryKey(),
    // Null for a passkey sign-in, whose account the passkey names.
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    // The WebAuthn challenge handed to the browser, if a passkey was asked for.
    challenge: text('challenge'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('pending_sign_ins_user_id_idx').on(t.userId),
    index('pending_sign_ins_expires_at_idx').on(t.expiresAt),
  ],
);

// Console-wide settings chosen by administrators, one row per key; lib/settings validates each value.
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});

// Expiry reminders claimed or sent: the primary key lets one instance alone claim each mail.
export const keyReminders = sqliteTable(
  'key_reminders',
  {
    keyId: integer('key_id')
      .notNull()
      .references(() => accessKeys.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: KEY_REMINDER_KINDS }).notNull(),
    state: text('state', { enum: KEY_REMINDER_STATES }).notNull(),
    attempts: integer('attempts').notNull().default(1),
    claimedAt: integer('claimed_at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.kind] })],
);
