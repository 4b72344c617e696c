import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db';
import { users, type Role, type User } from '@/db/schema';
import { recordAudit, type Actor, type RequestContext } from '@/lib/audit';
import type { DbExecutor } from '@/lib/db-types';
import { hashPassword } from '@/lib/password';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@/lib/password-policy';
import { endAllSessions, endVerificationWindows } from '@/lib/sessions';

export const emailSchema = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .max(254, 'Email address is too long.')
  .pipe(z.email({ error: 'Enter a valid email address.' }));

export const passwordSchema = z
  .string({ error: 'Enter a password.' })
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `Password must be at most ${MAX_PASSWORD_LENGTH} characters.`);

/** The two fields of NewPasswordFields, to spread into a form's object schema. */
export const newPasswordFields = {
  newPassword: passwordSchema,
  confirmPassword: z.string({ error: 'Repeat the password.' }),
};

export function passwordsMatch(data: { newPassword: string; confirmPassword: string }) {
  return data.newPassword === data.confirmPassword;
}

export const PASSWORDS_DIFFER = 'The two passwords are not the same.';

export const nameSchema = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(100, 'Name must be at most 100 characters.');

export class UserError extends Error {}

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(email: string): Promise<User | undefined> {
  return getDb()
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .get();
}

export async function findUserById(id: number): Promise<User | undefined> {
  return getDb().select().from(users).where(eq(users.id, id)).get();
}

export async function countUsers() {
  return (
    getDb()
      .select({ count: sql<number>`count(*)` })
      .from(users)
      .get()?.count ?? 0
  );
}

export type CreateUserInput = {
  email: string;
  name: string;
  role: Role;
  programmaticAccess: boolean;
  password: string | null;
};

export async function createUser(
  input: CreateUserInput,
  context: { actor: Actor; request: RequestContext },
  options: { inTransaction?: (tx: DbExecutor, user: User) => void } = {},
): Promise<User> {
  const email = normalizeEmail(input.email);
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  const db = getDb();
  // IMMEDIATE, like every transaction here that reads before it writes: a deferred one fails at
  // once with "database is locked" if another process wrote after its read, and waiting cannot help.
  return db.transaction(
    (tx) => {
      if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
        throw new UserError(`An account with the email ${email} already exists.`);
      }
      const user = tx
        .insert(users)
        .values({
          email,
          name: input.name,
          role: input.role,
          programmaticAccess: input.programmaticAccess,
          passwordHash,
        })
        .returning()
        .get();
      recordAudit(tx, {
        action: 'user.created',
        actor: context.actor,
        target: { type: 'user', id: user.id },
        detail: { email, role: input.role, programmaticAccess: input.programmaticAccess },
        request: context.request,
      });
      options.inTransaction?.(tx, user);
      return user;
    },
    { behavior: 'immediate' },
  );
}

/**
 * Sets a new password and ends every open session of the account. `guard` runs first in the same
 * transaction (a one-time link consumes itself there); throwing from it changes nothing.
 */
export async function setPassword(
  userId: number,
  password: string,
  context: { actor: Actor; request: RequestContext },
  options: { guard?: (tx: DbExecutor) => void } = {},
) {
  const passwordHash = await hashPassword(password);
  getDb().transaction(
    (tx) => {
      options.guard?.(tx);
      const updated = tx
        .update(users)
        .set({ passwordHash, updatedAt: new Date() })
        .where(eq(users.id, userId))
        .returning({ id: users.id })
        .get();
      if (!updated) throw new UserError('The account no longer exists.');
      endAllSessions(tx, userId);
      recordAudit(tx, {
        action: 'user.password_set',
        actor: context.actor,
        target: { type: 'user', id: userId },
        request: context.request,
      });
    },
    { behavior: 'immediate' },
  );
}

export type UserListItem = {
  id: number;
  email: string;
  name: string;
  role: Role;
  programmaticAccess: boolean;
  disabled: boolean;
  /** False until the holder sets a password, e.g. through the welcome link. */
  passwordSet: boolean;
  accessKeyCount: number;
  createdAt: Date;
  lastSignInAt: Date | null;
};

export const USERS_PAGE_SIZE = 25;

function likePattern(query: string) {
  return `%${query.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** One page of accounts, newest first; `q` matches a substring of the email or the name. */
export async function listUsers(options: { q?: string; page?: number; pageSize?: number } = {}) {
  const pageSize = Math.min(Math.max(options.pageSize ?? USERS_PAGE_SIZE, 1), 100);
  const q = options.q?.trim().slice(0, 100) ?? '';
  const where = q
    ? sql`(${users.email} like ${likePattern(q)} escape '\\' or ${users.name} like ${likePattern(q)} escape '\\')`
    : undefined;
  const db = getDb();
  const pageOf = (page: number) =>
    db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        programmaticAccess: users.programmaticAccess,
        disabledAt: users.disabledAt,
        passwordSet: sql<number>`${users.passwordHash} is not null`,
        accessKeyCount: sql<number>`(select count(*) from access_keys where access_keys.user_id = ${users.id})`,
        createdAt: users.createdAt,
        lastSignInAt: users.lastSignInAt,
        // A search cannot use an index: counting in the same pass reads the table once, not twice.
        total: q ? sql<number>`count(*) over ()` : sql<number>`0`,
      })
      .from(users)
      .where(where)
      .orderBy(desc(users.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .all();
  const countAll = () =>
    db
      .select({ count: sql<number>`count(*)` })
      .from(users)
      .where(where)
      .get()?.count ?? 0;

  let page = Math.max(Math.trunc(options.page ?? 1), 1);
  let rows = q ? pageOf(page) : [];
  let total = q && rows.length > 0 ? rows[0].total : q && page === 1 ? 0 : countAll();
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  if (!q || rows.length === 0) {
    // Past the last page (or no search): clamp and read the page that exists.
    page = Math.min(page, pageCount);
    rows = total === 0 ? [] : pageOf(page);
    if (q && rows.length > 0) total = rows[0].total;
  }
  const items: UserListItem[] = rows.map(({ disabledAt, passwordSet, total: _total, ...row }) => ({
    ...row,
    disabled: disabledAt !== null,
    passwordSet: passwordSet === 1,
  }));
  return { items, total, page, pageSize, pageCount };
}

/** Grants or revokes Programmatic Access; a no-op when nothing changes, audited otherwise. */
export async function setProgrammaticAccess(
  userId: number,
  enabled: boolean,
  context: { actor: Actor; request: RequestContext },
): Promise<User> {
  return getDb().transaction(
    (tx) => {
      const user = tx.select().from(users).where(eq(users.id, userId)).get();
      if (!user) throw new UserError('The account no longer exists.');
      if (user.programmaticAccess === enabled) return user;
      const updated = tx
        .update(users)
        .set({ programmaticAccess: enabled, updatedAt: new Date() })
        .where(eq(users.id, userId))
        .returning()
        .get();
      recordAudit(tx, {
        action: enabled ? 'user.programmatic_access_granted' : 'user.programmatic_access_revoked',
        actor: context.actor,
        target: { type: 'user', id: userId },
        detail: { email: user.email, from: user.programmaticAccess, to: enabled },
        request: context.request,
      });
      return updated;
    },
    { behavior: 'immediate' },
  );
}

/** Read inside the immediate transaction that changes a role or a status, so it cannot race. */
function countActiveAdmins(executor: DbExecutor) {
  return (
    executor
      .select({ count: sql<number>`count(*)` })
      .from(users)
      .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
      .get()?.count ?? 0
  );
}

export const LAST_ADMIN =
  'This is the last administrator. Make another account an administrator first, so the console always has one.';

/**
 * Makes an account an administrator or a member. The count of administrators is read inside the
 * same immediate transaction as the change, so two concurrent demotions cannot remove the last one.
 */
export async function setRole(
  userId: number,
  role: Role,
  context: { actor: Actor; request: RequestContext },
): Promise<User> {
  const db = getDb();
  return db.transaction(
    (tx) => {
      const user = tx.select().from(users).where(eq(users.id, userId)).get();
      if (!user) throw new UserError('The account no longer exists.');
      if (user.role === role) return user;
      if (user.role === 'admin' && user.disabledAt === null && countActiveAdmins(tx) <= 1) {
        throw new UserError(LAST_ADMIN);
      }
      const updated = tx
        .update(users)
        .set({ role, updatedAt: new Date() })
        .where(eq(users.id, userId))
        .returning()
        .get();
      // A demotion also ends the email-verification window of every open session.
      if (role !== 'admin') endVerificationWindows(tx, userId);
      recordAudit(tx, {
        action: 'user.role_changed',
        actor: context.actor,
        target: { type: 'user', id: userId },
        detail: { email: user.email, from: user.role, to: role },
        request: context.request,
      });
      return updated;
    },
    { behavior: 'immediate' },
  );
}

export const CANNOT_DISABLE_SELF =
  'You cannot disable your own account. Ask another administrator to do it.';

export const LAST_ACTIVE_ADMIN =
  'This is the last active administrator. Make another account an administrator first, so the console always has one.';

/**
 * Disables or enables an account. Disabling ends every open session in the same transaction, so
 * the account is signed out everywhere at once. Active administrators are counted inside the same
 * immediate transaction, so concurrent requests can never disable the last one.
 */
export async function setAccountDisabled(
  userId: number,
  disabled: boolean,
  context: { actor: Actor; request: RequestContext },
): Promise<User> {
  if (disabled && context.actor?.id === userId) throw new UserError(CANNOT_DISABLE_SELF);
  return getDb().transaction(
    (tx) => {
      const user = tx.select().from(users).where(eq(users.id, userId)).get();
      if (!user) throw new UserError('The account no longer exists.');
      if ((user.disabledAt !== null) === disabled) return user;
      if (disabled && user.role === 'admin' && countActiveAdmins(tx) <= 1) {
        throw new UserError(LAST_ACTIVE_ADMIN);
      }
      const now = new Date();
      const updated = tx
        .update(users)
        .set({ disabledAt: disabled ? now : null, updatedAt: now })
        .where(eq(users.id, userId))
        .returning()
        .get();
      if (disabled) endAllSessions(tx, userId);
      recordAudit(tx, {
        action: disabled ? 'user.disabled' : 'user.enabled',
        actor: context.actor,
        target: { type: 'user', id: userId },
        detail: { email: user.email },
        request: context.request,
      });
      return updated;
    },
    { behavior: 'immediate' },
  );
}
