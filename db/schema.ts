// The tables the domain code queries, for the engine DATABASE_URL selects. Both dialects share one
// TypeScript shape (the PostgreSQL one, whose query API is the asynchronous one both engines answer),
// so lib/ is written once; db/schema-drift.test.ts keeps the two definitions identical.
import { databaseEngine, databaseSettings } from './url';
import * as postgres from './schema.postgres';
import * as sqlite from './schema.sqlite';

const tables = (databaseEngine(databaseSettings().url) === 'postgres'
  ? postgres
  : sqlite) as unknown as typeof postgres;

export const {
  users,
  sessions,
  accessKeys,
  products,
  accessKeyProducts,
  verificationCodes,
  passwordTokens,
  signInFailures,
  apiNonces,
  apiRateLimits,
  keyUsage,
  productUsage,
  auditLogs,
  mailboxMessages,
  totpCredentials,
  passkeys,
  recoveryCodes,
  pendingSignIns,
  settings,
  keyReminders,
} = tables;

export * from './values';

export type User = typeof postgres.users.$inferSelect;
export type NewUser = typeof postgres.users.$inferInsert;
export type Session = typeof postgres.sessions.$inferSelect;
export type AccessKey = typeof postgres.accessKeys.$inferSelect;
export type NewAccessKey = typeof postgres.accessKeys.$inferInsert;
export type Product = typeof postgres.products.$inferSelect;
export type VerificationCode = typeof postgres.verificationCodes.$inferSelect;
export type AuditLog = typeof postgres.auditLogs.$inferSelect;
export type NewAuditLog = typeof postgres.auditLogs.$inferInsert;
export type KeyUsage = typeof postgres.keyUsage.$inferSelect;
export type MailboxMessage = typeof postgres.mailboxMessages.$inferSelect;
export type KeyReminder = typeof postgres.keyReminders.$inferSelect;
export type TotpCredential = typeof postgres.totpCredentials.$inferSelect;
export type Passkey = typeof postgres.passkeys.$inferSelect;
export type PendingSignIn = typeof postgres.pendingSignIns.$inferSelect;
