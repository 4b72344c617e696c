import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import type { User } from '@/db/schema';
import type { ActionState } from '@/lib/actions/action-state';
import type { Actor, RequestContext } from '@/lib/audit/record';
import { getCurrentSession, type CurrentSession } from '@/lib/auth/next-auth';
import { UserFacingError } from '@/lib/errors';
import { requestContext } from '@/lib/http/request-context';
import type { Locale } from '@/lib/i18n/locales';
import { browserLocale, requestLocale } from '@/lib/i18n/server';
import { translate, translator, type ServerTranslator } from '@/lib/i18n/translator';
import { issueMessage } from '@/lib/i18n/validation';

export type ActionContext = {
  user: User;
  session: CurrentSession['session'];
  actor: NonNullable<Actor>;
  request: RequestContext;
  /** The language of this request: the account's choice, else the browser's. */
  locale: Locale;
  /** Translates the action's own answers (success sentences) into `locale`. */
  t: ServerTranslator;
};

function parseForm<S extends z.ZodType>(schema: S, formData: FormData, locale: Locale) {
  const result = schema.safeParse(Object.fromEntries(formData));
  return result.success
    ? ({ data: result.data } as const)
    : ({ error: issueMessage(locale, result.error.issues[0]) } as const);
}

/** The one place an action's failure becomes its answer, in the request's language. */
function failure(error: unknown, locale: Locale): ActionState {
  if (error instanceof UserFacingError) {
    return { error: translate(locale, `errors.${error.key}`, error.values) };
  }
  // Redirects and notFound() are thrown too; they are Next's to handle.
  unstable_rethrow(error);
  const detail =
    error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : 'unknown';
  console.error(`[action] request ${randomUUID()} failed: ${detail}`);
  return { error: translate(locale, 'errors.unexpected') };
}

/** A signed-out action (a welcome link's form): the form validated with zod, failures answered once. */
export function validatedAction<S extends z.ZodType, R extends ActionState>(
  schema: S,
  action: (data: z.infer<S>, context: { locale: Locale; t: ServerTranslator }) => Promise<R>,
) {
  return async (_previous: R | ActionState, formData: FormData): Promise<R | ActionState> => {
    const locale = await browserLocale();
    const parsed = parseForm(schema, formData, locale);
    if ('error' in parsed) return { error: parsed.error };
    try {
      return await action(parsed.data, { locale, t: translator(locale) });
    } catch (error) {
      return failure(error, locale);
    }
  };
}

type Options = {
  /** One of the few actions an account held by the MFA policy may run: setting up a method. */
  duringMfaSetup?: boolean;
};

/**
 * The one entry point of every signed-in server action: the account is loaded from the database
 * (role and Programmatic Access may have changed since sign-in) and the form validated with zod.
 * While the MFA policy holds the account at setup, only the setup actions run.
 */
export function validatedActionWithUser<S extends z.ZodType, R extends ActionState>(
  schema: S,
  action: (data: z.infer<S>, context: ActionContext) => Promise<R>,
  options: Options = {},
) {
  return async (_previous: R | ActionState, formData: FormData): Promise<R | ActionState> => {
    const current = await getCurrentSession();
    if (!current) return { error: translate(await browserLocale(), 'errors.sessionEnded') };
    const locale = await requestLocale();
    if (current.mfaSetupRequired && !options.duringMfaSetup) {
      return { error: translate(locale, 'errors.mfaSetupRequired') };
    }
    const parsed = parseForm(schema, formData, locale);
    if ('error' in parsed) return { error: parsed.error };
    try {
      return await action(parsed.data, {
        user: current.user,
        session: current.session,
        actor: { id: current.user.id, email: current.user.email },
        request: await requestContext(),
        locale,
        t: translator(locale),
      });
    } catch (error) {
      return failure(error, locale);
    }
  };
}

export function validatedActionWithAdmin<S extends z.ZodType, R extends ActionState>(
  schema: S,
  action: (data: z.infer<S>, context: ActionContext) => Promise<R>,
) {
  return validatedActionWithUser(schema, async (data, context) =>
    context.user.role === 'admin' ? action(data, context) : { error: context.t('errors.notAdmin') },
  );
}
