import { and, eq, gt, isNull } from 'drizzle-orm';
import { getDb, transaction } from '@/db';
import { passwordTokens, users, type User } from '@/db/schema';
import { recordAudit, type Actor, type RequestContext } from '@/lib/audit/record';
import { randomToken, sha256Hex } from '@/lib/crypto';
import type { DbExecutor } from '@/db';
import { sendMail } from '@/lib/mail/send';
import { setPasswordMail } from '@/lib/mail/templates';
import { isLocale, type Locale } from '@/lib/i18n/locales';
import { appUrl } from '@/lib/config/env';
import { PASSWORD_LINK_HOURS } from '@/lib/auth/password-policy';
import {
  createUser,
  findUserByEmail,
  normalizeEmail,
  setPassword,
  UserError,
  type CreateUserInput,
} from '@/lib/users/accounts';
import { UserFacingError, type ErrorKey } from '@/lib/errors';
import type { MessageValues } from '@/lib/i18n/translator';

export { PASSWORD_LINK_HOURS };
const PASSWORD_LINK_MS = PASSWORD_LINK_HOURS * 60 * 60 * 1000;

/** Why a set-password link cannot be used, as the key of its sentence in the catalogs' `errors`. */
export const PASSWORD_LINK_PROBLEMS = {
  invalid: { key: 'linkInvalid', values: {} },
  used: { key: 'linkUsed', values: {} },
  expired: { key: 'linkExpired', values: { hours: PASSWORD_LINK_HOURS } },
} as const satisfies Record<string, { key: ErrorKey; values: MessageValues }>;

export type PasswordLinkProblem = keyof typeof PASSWORD_LINK_PROBLEMS;

export class PasswordLinkError extends UserFacingError {
  constructor(readonly problem: PasswordLinkProblem) {
    super(PASSWORD_LINK_PROBLEMS[problem].key, PASSWORD_LINK_PROBLEMS[problem].values);
  }
}

function passwordLink(token: string) {
  return `${appUrl()}/set-password?token=${encodeURIComponent(token)}`;
}

/** Stores the hash of a new token, voiding every earlier unused one of the account. */
async function storeToken(tx: DbExecutor, userId: number, token: string, now = new Date()) {
  await tx
    .update(passwordTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordTokens.userId, userId), isNull(passwordTokens.usedAt)));
  await tx.insert(passwordTokens).values({
    userId,
    tokenHash: sha256Hex(token),
    expiresAt: new Date(now.getTime() + PASSWORD_LINK_MS),
  });
}

function welcomeMail(user: Pick<User, 'email' | 'name'>, token: string, locale: Locale) {
  return {
    to: normalizeEmail(user.email),
    ...setPasswordMail(locale, {
      name: user.name,
      link: passwordLink(token),
      hours: PASSWORD_LINK_HOURS,
    }),
  };
}

/**
 * `locale` is the language of the request that sends the link (the administrator's); the mail is
 * written in the account's own choice when it has one, else in that.
 */
type Context = { actor: Actor; request: RequestContext; locale: Locale };

/**
 * Creates an account without a password and mails its holder a one-time link to set one. The mail
 * goes out first: when the provider fails, no account exists and the administrator can simply retry.
 */
export async function inviteUser(input: Omit<CreateUserInput, 'password'>, context: Context) {
  if (await findUserByEmail(input.email)) {
    throw new UserError('accountExists', { email: normalizeEmail(input.email) });
  }
  const token = randomToken();
  await sendMail(welcomeMail(input, token, context.locale));
  return createUser({ ...input, password: null }, context, {
    inTransaction: (tx, user) => storeToken(tx, user.id, token),
  });
}

/** Mails an existing account a fresh set-password link; earlier links stop working. */
export async function sendPasswordLink(userId: number, context: Context) {
  const [user] = await getDb().select().from(users).where(eq(users.id, userId));
  if (!user) throw new UserError('accountGone');
  const token = randomToken();
  await sendMail(welcomeMail(user, token, isLocale(user.locale) ? user.locale : context.locale));
  await transaction(async (tx) => {
    const [still] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!still) throw new UserError('accountGone');
    await storeToken(tx, userId, token);
    await recordAudit(tx, {
      action: 'user.password_link_sent',
      actor: context.actor,
      target: { type: 'user', id: userId },
      detail: { email: user.email },
      request: context.request,
    });
  });
  return user;
}

async function findToken(executor: DbExecutor, token: string) {
  const [row] = await executor
    .select({
      id: passwordTokens.id,
      userId: passwordTokens.userId,
      expiresAt: passwordTokens.expiresAt,
      usedAt: passwordTokens.usedAt,
      email: users.email,
    })
    .from(passwordTokens)
    .innerJoin(users, eq(users.id, passwordTokens.userId))
    .where(eq(passwordTokens.tokenHash, sha256Hex(token)));
  return row;
}

function problemOf(
  row: Awaited<ReturnType<typeof findToken>>,
  now: Date,
): PasswordLinkProblem | null {
  if (!row) return 'invalid';
  if (row.usedAt) return 'used';
  if (row.expiresAt <= now) return 'expired';
  return null;
}

/** Whether a link can still be used, and for which account; for the page before the form. */
export async function checkPasswordLink(
  token: string,
): Promise<{ email: string } | { problem: PasswordLinkProblem }> {
  if (!token) return { problem: 'invalid' };
  const row = await findToken(getDb(), token);
  const problem = problemOf(row, new Date());
  return problem ? { problem } : { email: row!.email };
}

/** Consumes the link and sets the password in one transaction: a second use always fails. */
export async function setPasswordWithLink(
  token: string,
  password: string,
  request: RequestContext,
) {
  // Checked before the (deliberately slow) password hash, so a bad link costs the server nothing.
  const row = await findToken(getDb(), token);
  const problem = problemOf(row, new Date());
  if (problem) throw new PasswordLinkError(problem);
  await setPassword(
    row!.userId,
    password,
    { actor: { id: row!.userId, email: row!.email }, request },
    {
      guard: async (tx) => {
        const [consumed] = await tx
          .update(passwordTokens)
          .set({ usedAt: new Date() })
          .where(
            and(
              eq(passwordTokens.id, row!.id),
              isNull(passwordTokens.usedAt),
              gt(passwordTokens.expiresAt, new Date()),
            ),
          )
          .returning({ id: passwordTokens.id });
        if (!consumed)
          throw new PasswordLinkError(problemOf(await findToken(tx, token), new Date()) ?? 'used');
      },
    },
  );
  return { email: row!.email };
}
