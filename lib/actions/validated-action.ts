import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import type { User } from '@/db/schema';
import type { ActionState } from '@/lib/actions/action-state';
import type { Actor, RequestContext } from '@/lib/audit/record';
import { getCurrentSession, type CurrentSession } from '@/lib/auth/next-auth';
import { UserFacingError } from '@/lib/errors';
import { requestContext } from '@/lib/http/request-context';

export type ActionContext = {
  user: User;
  session: CurrentSession['session'];
  actor: NonNullable<Actor>;
  request: RequestContext;
};

export const SESSION_ENDED = 'Your session has ended. Sign in again to continue.';
export const NOT_ADMIN = 'Only administrators can do this.';
export const MFA_SETUP_REQUIRED =
  'Your administrator requires two-step verification. Set up an authenticator app or a passkey under Sign-in security first.';
export const UNEXPECTED_ERROR =
  'Something went wrong on our side and nothing was changed. Try again in a moment.';

function parseForm<S extends z.ZodType>(schema: S, formData: FormData) {
  const result = schema.safeParse(Object.fromEntries(formData));
  return result.success
    ? ({ data: result.data } as const)
    : ({ error: result.error.issues[0]?.message ?? 'The form is not valid.' } as const);
}

/** The one place an action's failure becomes its answer. */
function failure(error: unknown): ActionState {
  if (error instanceof UserFacingError) return { error: error.message };
  // Redirects and notFound() are thrown too; they are Next's to handle.
  unstable_rethrow(error);
  const detail =
    error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : 'unknown';
  console.error(`[action] request ${randomUUID()} failed: ${detail}`);
  return { error: UNEXPECTED_ERROR };
}

/** A signed-out action (a welcome link's form): the form validated with zod, failures answered once. */
export function validatedAction<S extends z.ZodType, R extends ActionState>(
  schema: S,
  action: (data: z.infer<S>) => Promise<R>,
) {
  return async (_previous: R | ActionState, formData: FormData): Promise<R | ActionState> => {
    const parsed = parseForm(schema, formData);
    if ('error' in parsed) return { error: parsed.error };
    try {
      return await action(parsed.data);
    } catch (error) {
      return failure(error);
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
    if (!current) return { error: SESSION_ENDED };
    if (current.mfaSetupRequired && !options.duringMfaSetup) return { error: MFA_SETUP_REQUIRED };
    const parsed = parseForm(schema, formData);
    if ('error' in parsed) return { error: parsed.error };
    try {
      return await action(parsed.data, {
        user: current.user,
        session: current.session,
        actor: { id: current.user.id, email: current.user.email },
        request: await requestContext(),
      });
    } catch (error) {
      return failure(error);
    }
  };
}

export function validatedActionWithAdmin<S extends z.ZodType, R extends ActionState>(
  schema: S,
  action: (data: z.infer<S>, context: ActionContext) => Promise<R>,
) {
  return validatedActionWithUser(schema, async (data, context) =>
    context.user.role === 'admin' ? action(data, context) : { error: NOT_ADMIN },
  );
}
