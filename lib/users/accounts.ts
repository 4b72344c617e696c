import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { containsIgnoringCase, getDb, transaction, type DbExecutor } from '@/db';
import { users, type Role, type User } from '@/db/schema';
import { recordAudit, type Actor, type RequestContext } from '@/lib/audit/record';
import { hashPassword } from '@/lib/auth/password';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@/lib/auth/password-policy';
import { endAllSessions, endVerificationWindows } from '@/lib/auth/sessions';
import { UserFacingError } from '@/lib/errors';
import type { Locale } from '@/lib/i18n/locales';
import { invalid } from '@/lib/i18n/validation';

export const MAX_EMAIL_LENGTH = 254;

export const emailSchema = z
  .string({ error: invalid('emailRequired') })
  .trim()
  .toLowerCase()
  .max(MAX_EMAIL_LENGTH, invalid('emailTooLong'))
  .pipe(z.email({ error: invalid('emailInvalid') }));

export const passwordSchema = z
  .string({ error: invalid('passwordRequired') })
  .min(MIN_PASSWORD_LENGTH, invalid('passwordTooShort'))
  .max(MAX_PASSWORD_LENGTH, invalid('passwordTooLong'));

/** The two fields of NewPasswordFields, to spread into a form's object schema. */
export const newPasswordFields = {
  newPassword: passwordSchema,
  confirmPassword: z.string({ error: invalid('repeatPassword') }),
};

export function passwordsMatch(data: { newPassword: string; confirmPassword: string }) {
  return data.newPassword === data.confirmPassword;
}

export const PASSWORDS_DIFFER = invalid('passwordsDiffer');

export const nameSchema = z
  .string({ error: invalid('nameRequired') })
  .trim()
  .min(1, invalid('nameRequired'))
  .max(100, invalid('nameTooLong'))
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), invalid('nameControlCharacters'));

export class UserError extends UserFacingError {}

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(email: string): Promise<User | undefined> {
  const [user] = await getDb()
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)));
  return user;
}

export async function findUserById(id: number): Promise<User | undefined> {
  const [user] = await getDb().select().from(users).where(eq(users.id, id));
  return user;
}

export async function countUsers() {
  return getDb().$count(users);
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
  options: { inTransaction?: (tx: DbExecutor, user: User) => Promise<void> } = {},
): Promise<User> {
  const email = normalizeEmail(input.email);
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  // A write transaction, like every one here that reads before it writes: the check and the insert
  // see the same data, whatever another process or instance commits meanwhile.
  return transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) {
      throw new UserError('accountExists', { email });
    }
    const [user] = await tx
      .insert(users)
      .values({
        email,
        name: input.name,
        role: input.role,
        programmaticAccess: input.programmaticAccess,
        passwordHash,
      })
      .returning();
    await recordAudit(tx, {
      action: 'user.created',
      actor: context.actor,
      target: { type: 'user', id: user.id },
      detail: { email, role: input.role, programmaticAccess: input.programmaticAccess },
      request: context.request,
    });
    await options.inTransaction?.(tx, user);
    return user;
  });
}

/**
 * Sets a new password and ends every open session of the account. `guard` runs first in the same
 * transaction (a one-time link consumes itself there); throwing from it changes nothing.
 */
export async function setPassword(
  userId: number,
  password: string,
  context: { actor: Actor; request: RequestContext },
  options: { guard?: (tx: DbExecutor) => Promise<void> } = {},
) {
  const passwordHash = await hashPassword(password);
  await transaction(async (tx) => {
    await options.guard?.(tx);
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning({ id: users.id });
    if (!updated) throw new UserError('accountGone');
    await endAllSessions(tx, userId);
    await recordAudit(tx, {
      action: 'user.password_set',
      actor: context.actor,
      target: { type: 'user', id: userId },
      request: context.request,
    });
  });
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
  // No stored value holds U+0000 (PostgreSQL refuses it in text), so such a search matches nothing.
  if (q.includes('\u0000')) return { items: [], total: 0, page: 1, pageSize, pageCount: 1 };
  const where = q
    ? or(
        containsIgnoringCase(users.email, likePattern(q)),
        containsIgnoringCase(users.name, likePattern(q)),
      )
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
        passwordSet: sql<boolean>`${users.passwordHash} is not null`.mapWith(Boolean),
        accessKeyCount:
          sql<number>`(select count(*) from access_keys where access_keys.user_id = ${users.id})`.mapWith(
            Number,
          ),
        createdAt: users.createdAt,
        lastSignInAt: users.lastSignInAt,
        // A search cannot use an index: counting in the same pass reads the table once, not twice.
        total: (q ? sql`count(*) over ()` : sql`0`).mapWith(Number),
      })
      .from(users)
      .where(where)
      .orderBy(desc(users.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
  const countAll = () => db.$count(users, where);

  let page = Math.max(Math.trunc(options.page ?? 1), 1);
  let rows = q ? await pageOf(page) : [];
  let total = q && rows.length > 0 ? rows[0].total : q && page === 1 ? 0 : await countAll();
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  if (!q || rows.length === 0) {
    // Past the last page (or no search): clamp and read the page that exists.
    page = Math.min(page, pageCount);
    rows = total === 0 ? [] : await pageOf(page);
    if (q && rows.length > 0) total = rows[0].total;
  }
  const items: UserListItem[] = rows.map(({ disabledAt, total: _total, ...row }) => ({
    ...row,
    disabled: disabledAt !== null,
  }));
  return { items, total, page, pageSize, pageCount };
}

/** Grants or revokes Programmatic Access; a no-op when nothing changes, audited otherwise. */
export async function setProgrammaticAccess(
  userId: number,
  enabled: boolean,
  context: { actor: Actor; request: RequestContext },
): Promise<User> {
  return transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) throw new UserError('accountGone');
    if (user.programmaticAccess === enabled) return user;
    const [updated] = await tx
      .update(users)
      .set({ programmaticAccess: enabled, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    await recordAudit(tx, {
      action: enabled ? 'user.programmatic_access_granted' : 'user.programmatic_access_revoked',
      actor: context.actor,
      target: { type: 'user', id: userId },
      detail: { email: user.email, from: user.programmaticAccess, to: enabled },
      request: context.request,
    });
    return updated;
  });
}

/** Read inside the write transaction that changes a role or a status, so it cannot race. */
function countActiveAdmins(executor: DbExecutor) {
  return executor.$count(users, and(eq(users.role, 'admin'), isNull(users.disabledAt)));
}

/**
 * Makes an account an administrator or a member. The count of administrators is read inside the
 * same write transaction as the change, so two concurrent demotions cannot remove the last one.
 */
export async function setRole(
  userId: number,
  role: Role,
  context: { actor: Actor; request: RequestContext },
): Promise<User> {
  return transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) throw new UserError('accountGone');
    if (user.role === role) return user;
    if (user.role === 'admin' && user.disabledAt === null && (await countActiveAdmins(tx)) <= 1) {
      throw new UserError('lastAdmin');
    }
    const [updated] = await tx
      .update(users)
      .set({ role, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    // A demotion also ends the email-verification window of every open session.
    if (role !== 'admin') await endVerificationWindows(tx, userId);
    await recordAudit(tx, {
      action: 'user.role_changed',
      actor: context.actor,
      target: { type: 'user', id: userId },
      detail: { email: user.email, from: user.role, to: role },
      request: context.request,
    });
    return updated;
  });
}

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
  if (disabled && context.actor?.id === userId) throw new UserError('cannotDisableSelf');
  return transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) throw new UserError('accountGone');
    if ((user.disabledAt !== null) === disabled) return user;
    if (disabled && user.role === 'admin' && (await countActiveAdmins(tx)) <= 1) {
      throw new UserError('lastActiveAdmin');
    }
    const now = new Date();
    const [updated] = await tx
      .update(users)
      .set({ disabledAt: disabled ? now : null, updatedAt: now })
      .where(eq(users.id, userId))
      .returning();
    if (disabled) await endAllSessions(tx, userId);
    await recordAudit(tx, {
      action: disabled ? 'user.disabled' : 'user.enabled',
      actor: context.actor,
      target: { type: 'user', id: userId },
      detail: { email: user.email },
      request: context.request,
    });
    return updated;
  });
}

/**
 * Sets the console language the account chose, or null to follow the browser; audited in the same
 * transaction, and a no-op when nothing changes.
 */
export async function setAccountLocale(
  userId: number,
  locale: Locale | null,
  context: { actor: Actor; request: RequestContext },
): Promise<void> {
  await transaction(async (tx) => {
    const [user] = await tx
      .select({ locale: users.locale })
      .from(users)
      .where(eq(users.id, userId));
    if (!user) throw new UserError('accountGone');
    if (user.locale === locale) return;
    await tx.update(users).set({ locale, updatedAt: new Date() }).where(eq(users.id, userId));
    await recordAudit(tx, {
      action: 'user.locale_changed',
      actor: context.actor,
      target: { type: 'user', id: userId },
      detail: { from: user.locale, to: locale },
      request: context.request,
    });
  });
}
