import { z } from 'zod';
import type { User } from '@/db/schema';
import type { ActionState } from '@/lib/actions/action-state';
import type { Actor, RequestContext } from '@/lib/audit/record';
import { getCurrentSession, type CurrentSession } from '@/lib/auth/next-auth';
import { requestContext } from '@/lib/http/request-context';

export type ActionContext = {
  user: User;
  session: CurrentSession['session'];
  actor: NonNullable<Actor>;
  request: RequestContext;
};

export const SESSION_ENDED = 'Your session has ended. Sign in again to continue.';

function parseForm<S extends z.ZodType>(schema: S, formData: FormData) {
  const result = schema.safeParse(Object.fromEntries(formData));
  return result.success
    ? ({ data: result.data } as const)
    : ({ error: result.error.issues[0]?.message ?? 'The form is not valid.' } as const);
}

/**
 * The one entry point of every signed-in server action: the account is loaded from the database
 * (role and Programmatic Access may have changed since sign-in) and the form validated with zod.
 */
export function validatedActionWithUser<S extends z.ZodType, R extends ActionState>(
  schema: S,
  action: (data: z.infer<S>, context: ActionContext) => Promise<R>,
) {
  return async (_previous: R | ActionState, formData: FormData): Promise<R | ActionState> => {
    const current = await getCurrentSession();
    if (!current) return { error: SESSION_ENDED };
    const parsed = parseForm(schema, formData);
    if ('error' in parsed) return { error: parsed.error };
    return action(parsed.data, {
      user: current.user,
      session: current.session,
      actor: { id: current.user.id, email: current.user.email },
      request: await requestContext(),
    });
  };
}

export const NOT_ADMIN = 'Only administrators can do this.';

export function validatedActionWithAdmin<S extends z.ZodType, R extends ActionState>(
  schema: S,
  action: (data: z.infer<S>, context: ActionContext) => Promise<R>,
) {
  return validatedActionWithUser(schema, async (data, context) =>
    context.user.role === 'admin' ? action(data, context) : { error: NOT_ADMIN },
  );
}
