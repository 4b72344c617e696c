// The PostgreSQL dialect of db/schema.sqlite.ts, table for table (db/schema-drift.test.ts).
import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ACCESS_KEY_STATUSES, KEY_REMINDER_KINDS, KEY_REMINDER_STATES, ROLES } from './values';

// Milliseconds, as SQLite keeps them, so a value reads back the same on either engine.
const instant = (name: string) =>
  timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });
const createdAt = () => instant('created_at').notNull().defaultNow();
/** Indexes PostgreSQL has and SQLite has not; db/schema-drift.test.ts allows exactly these. */
export const SEARCH_INDEXES = ['users_email_trgm_idx', 'users_name_trgm_idx'] as const;

const serialId = () => integer('id').primaryKey().generatedByDefaultAsIdentity();

export const users = pgTable(
  'users',
  {
    id: serialId(),
    // Always stored lower-cased, so the unique index is case-insensitive.
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull().default('member'),
    programmaticAccess: boolean('programmatic_access').notNull().default(false),
    // Null until the account holder sets a password through a welcome link.
    passwordHash: text('password_hash'),
    disabledAt: instant('disabled_at'),
    lastSignInAt: instant('last_sign_in_at'),
    // The console language the account chose (lib/i18n/locales.ts); null follows the browser.
    locale: text('locale'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_idx').on(t.email),
    index('users_name_idx').on(t.name),
    index('users_created_at_idx').on(t.createdAt),
    // The one difference from SQLite, which scans: the administrators' substring search
    // (ILIKE '%…%') walks these trigram indexes instead of the table.
    index(SEARCH_INDEXES[0]).using('gin', t.email.op('gin_trgm_ops')),
    index(SEARCH_INDEXES[1]).using('gin', t.name.op('gin_trgm_ops')),
  ],
);

// One row per sign-in; the JWT carries only the row id, so deleting the row ends the session.
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: instant('expires_at').notNull(),
    // End of the email-verification window that unlocks Create and Show.
    verifiedUntil: instant('verified_until'),
    // The challenge of a passkey registration in progress in this session.
    passkeyChallenge: text('passkey_challenge'),
    passkeyChallengeExpiresAt: instant('passkey_challenge_expires_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

export const accessKeys = pgTable(
  'access_keys',
  {
    id: serialId(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessKeyId: text('access_key_id').notNull(),
    // AES-256-GCM sealed secret (lib/crypto.ts), bound to access_key_id.
    secretCiphertext: text('secret_ciphertext').notNull(),
    status: text('status', { enum: ACCESS_KEY_STATUSES }).notNull().default('enabled'),
    lastUsedAt: instant('last_used_at'),
    lastUsedIp: text('last_used_ip'),
    // True: the key opens every product. False: only those in access_key_products.
    allProducts: boolean('all_products').notNull().default(true),
    name: text('name'),
    description: text('description'),
    // Null: the key never expires.
    expiresAt: instant('expires_at'),
    // JSON array of addresses and CIDR ranges (lib/access-keys/ip-allow-list.ts); null: any address.
    allowedIps: text('allowed_ips'),
    // SHA-256 hex of the Secret, to find the key a leaked Secret belongs to; null until backfilled.
    secretHash: text('secret_hash'),
    // Set when the Secret was reported or found leaked; the key is disabled for good.
    leakedAt: instant('leaked_at'),
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
export const products = pgTable(
  'products',
  {
    id: serialId(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    upstreamUrl: text('upstream_url').notNull(),
    timeoutMs: integer('timeout_ms').notNull().default(30_000),
    maxBodyBytes: integer('max_body_bytes').notNull().default(10_485_760),
    enabled: boolean('enabled').notNull().default(true),
    // AES-256-GCM sealed (lib/crypto.ts) with `product:<id>` as associated data.
    signingSecretCiphertext: text('signing_secret_ciphertext').notNull(),
    // The secret before the last rotation, still sent alongside the new one until it expires.
    previousSigningSecretCiphertext: text('previous_signing_secret_ciphertext'),
    previousSigningSecretExpiresAt: instant('previous_signing_secret_expires_at'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('products_slug_idx').on(t.slug)],
);

// The products a key with all_products = false opens. A product with rows here cannot be deleted.
export const accessKeyProducts = pgTable(
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

export const verificationCodes = pgTable(
  'verification_codes',
  {
    id: serialId(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    expiresAt: instant('expires_at').notNull(),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    // Set when the code is used or voided; a code is live only while this is null.
    consumedAt: instant('consumed_at'),
    createdAt: createdAt(),
  },
  (t) => [index('verification_codes_user_created_idx').on(t.userId, t.createdAt)],
);

export const passwordTokens = pgTable(
  'password_tokens',
  {
    id: serialId(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('password_tokens_token_hash_idx').on(t.tokenHash)],
);

export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: serialId(),
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
export const apiNonces = pgTable(
  'api_nonces',
  {
    signature: text('signature').primaryKey(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [index('api_nonces_expires_at_idx').on(t.expiresAt)],
);

// Open API requests per AccessKey per fixed window, summed across every instance; other budgets
// (the leak reports of one address) use a name of their own, such as leak-report:203.0.113.7.
export const apiRateLimits = pgTable(
  'api_rate_limits',
  {
    accessKeyId: text('access_key_id').notNull(),
    windowStart: instant('window_start').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accessKeyId, t.windowStart] })],
);

// Signed calls per AccessKey, product and UTC hour, added to by every instance (lib/usage/counter.ts).
// No foreign key to access_keys: a deleted key's calls stay in the per-product totals until pruned
// after 90 days, and key ids are never reused, so no row is ever read as another key's.
export const keyUsage = pgTable(
  'key_usage',
  {
    keyId: integer('key_id').notNull(),
    // A product slug, or 'open-api' for the console's own Open API.
    product: text('product').notNull(),
    hourStart: instant('hour_start').notNull(),
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
export const productUsage = pgTable(
  'product_usage',
  {
    product: text('product').notNull(),
    hourStart: instant('hour_start').notNull(),
    calls: integer('calls').notNull().default(0),
    clientErrors: integer('client_errors').notNull().default(0),
    serverErrors: integer('server_errors').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.product, t.hourStart] }),
    index('product_usage_hour_idx').on(t.hourStart),
  ],
);

export const auditLogs = pgTable(
  'audit_logs',
  {
    // SQLite's integer keys are 64-bit; the log is the one table that may outgrow 32.
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
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
export const mailboxMessages = pgTable(
  'mailbox_messages',
  {
    id: serialId(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('mailbox_messages_to_idx').on(t.to, t.createdAt)],
);

// The authenticator app of an account: one per account, counted once confirmed by a code.
export const totpCredentials = pgTable(
  'totp_credentials',
  {
    id: serialId(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // AES-256-GCM sealed base32 secret (lib/crypto.ts), bound to the account.
    secretCiphertext: text('secret_ciphertext').notNull(),
    confirmedAt: instant('confirmed_at'),
    // The newest 30-second step a code was accepted for; codes of that step or earlier are refused.
    lastUsedStep: bigint('last_used_step', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('totp_credentials_user_id_idx').on(t.userId)],
);

export const passkeys = pgTable(
  'passkeys',
  {
    id: serialId(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // base64url, as WebAuthn names the credential.
    credentialId: text('credential_id').notNull(),
    publicKey: text('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    // JSON array of the transports the authenticator reported.
    transports: text('transports'),
    name: text('name').notNull(),
    lastUsedAt: instant('last_used_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('passkeys_credential_id_idx').on(t.credentialId),
    index('passkeys_user_id_idx').on(t.userId),
  ],
);

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: serialId(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: instant('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('recovery_codes_user_id_idx').on(t.userId)],
);

// A sign-in between its first and second step, bound to the browser by a cookie holding the token.
export const pendingSignIns = pgTable(
  'pending_sign_ins',
  {
    // SHA-256 of the cookie's token.
    id: text('id').primaryKey(),
    // Null for a passkey sign-in, whose account the passkey names.
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    // The WebAuthn challenge handed to the browser, if a passkey was asked for.
    challenge: text('challenge'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    expiresAt: instant('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('pending_sign_ins_user_id_idx').on(t.userId),
    index('pending_sign_ins_expires_at_idx').on(t.expiresAt),
  ],
);

// Console-wide settings chosen by administrators, one row per key; lib/settings validates each value.
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

// Expiry reminders claimed or sent: the primary key lets one instance alone claim each mail.
export const keyReminders = pgTable(
  'key_reminders',
  {
    keyId: integer('key_id')
      .notNull()
      .references(() => accessKeys.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: KEY_REMINDER_KINDS }).notNull(),
    state: text('state', { enum: KEY_REMINDER_STATES }).notNull(),
    attempts: integer('attempts').notNull().default(1),
    claimedAt: instant('claimed_at').notNull(),
    sentAt: instant('sent_at'),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.kind] })],
);
