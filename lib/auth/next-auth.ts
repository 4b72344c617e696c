import NextAuth, { CredentialsSignin, type NextAuthConfig, type User } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { z } from 'zod';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { authSecret } from '@/lib/config/env';
import { requestContextFrom } from '@/lib/http/request-context';
import { browserLocaleOf } from '@/lib/i18n/locales';
import { parseCredentialResponse } from '@/lib/auth/mfa/passkeys';
import {
  PENDING_SIGN_IN_COOKIE,
  pendingCookieOptions,
  pendingTokenFrom,
} from '@/lib/auth/mfa/pending-sign-in';
import { mfaSetupRequired } from '@/lib/auth/mfa/policy';
import {
  completePasskeySignIn,
  completeSecondStep,
  type SecondStepResult,
} from '@/lib/auth/mfa/second-step';
import { endSession, findActiveSession, SESSION_MAX_AGE_SECONDS } from '@/lib/auth/sessions';
import { authenticate } from '@/lib/auth/sign-in';

declare module 'next-auth' {
  interface Session {
    sid?: string;
  }
  interface User {
    sid?: string;
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    sid?: string;
  }
}

export const SIGN_IN_THROTTLED = 'throttled';

export const SECOND_STEP_REQUIRED = 'second_step';
export const SIGN_IN_EXPIRED = 'expired';

class SignInThrottled extends CredentialsSignin {
  code = SIGN_IN_THROTTLED;
}

/** The password was right and the account has a second factor: the pending cookie is set. */
class SecondStepRequired extends CredentialsSignin {
  code = SECOND_STEP_REQUIRED;
}

class SignInExpired extends CredentialsSignin {
  code = SIGN_IN_EXPIRED;
}

const secondStepSchema = z.object({
  code: z.string().max(64).optional(),
  passkey: z.string().max(65_536).optional(),
});

const passkeySchema = z.object({ passkey: z.string().max(65_536) });

/** What a second step or passkey sign-in ends in: a user for Auth.js, or the reason it refuses. */
async function finishSignIn(result: SecondStepResult): Promise<User | null> {
  if (result.status === 'throttled') throw new SignInThrottled();
  if (result.status === 'expired') {
    (await cookies()).delete(PENDING_SIGN_IN_COOKIE);
    throw new SignInExpired();
  }
  if (result.status !== 'ok') return null;
  (await cookies()).delete(PENDING_SIGN_IN_COOKIE);
  return {
    id: String(result.user.id),
    email: result.user.email,
    name: result.user.name,
    sid: result.sessionId,
  };
}

const credentialsSchema = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});

function config(): NextAuthConfig {
  return {
    secret: authSecret(),
    // The console's own server sets the forwarded headers; see server.ts.
    trustHost: true,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/login' },
    providers: [
      Credentials({
        credentials: {
          email: { label: 'Email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(credentials, request) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const result = await authenticate(parsed.data, requestContextFrom(request.headers));
          if (result.status === 'throttled') throw new SignInThrottled();
          if (result.status === 'second_step') {
            (await cookies()).set(PENDING_SIGN_IN_COOKIE, result.token, pendingCookieOptions());
            throw new SecondStepRequired();
          }
          if (result.status !== 'ok') return null;
          return {
            id: String(result.user.id),
            email: result.user.email,
            name: result.user.name,
            sid: result.sessionId,
          };
        },
      }),
      // The second step of a sign-in whose password was right; the pending sign-in is the cookie's.
      Credentials({
        id: 'second-factor',
        credentials: { code: {}, passkey: {} },
        async authorize(credentials, request) {
          const parsed = secondStepSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const token = pendingTokenFrom(request.headers.get('cookie'));
          const context = requestContextFrom(request.headers);
          const locale = browserLocaleOf(request.headers);
          if (parsed.data.passkey !== undefined) {
            const passkey = parseCredentialResponse<AuthenticationResponseJSON>(
              parsed.data.passkey,
            );
            if (!passkey) return null;
            return finishSignIn(await completeSecondStep(token, { passkey }, context, locale));
          }
          const code = parsed.data.code?.trim();
          if (!code) return null;
          return finishSignIn(await completeSecondStep(token, { code }, context, locale));
        },
      }),
      // A passkey alone (discoverable, user-verified), answering the challenge the cookie names.
      Credentials({
        id: 'passkey',
        credentials: { passkey: {} },
        async authorize(credentials, request) {
          const parsed = passkeySchema.safeParse(credentials);
          if (!parsed.success) return null;
          const passkey = parseCredentialResponse<AuthenticationResponseJSON>(parsed.data.passkey);
          if (!passkey) return null;
          const token = pendingTokenFrom(request.headers.get('cookie'));
          return finishSignIn(
            await completePasskeySignIn(token, passkey, requestContextFrom(request.headers)),
          );
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user?.sid) {
          token.sid = user.sid;
          return token;
        }
        // Every read checks the database, so a token whose session has ended (sign-out, password
        // change, disable) answers as no session at all, is not renewed, and shows no email.
        return token.sid && (await findActiveSession(token.sid)) ? token : null;
      },
      session({ session, token }) {
        return { ...session, sid: token.sid };
      },
    },
    events: {
      async signOut(message) {
        if ('token' in message && message.token?.sid) await endSession(message.token.sid);
      },
    },
    logger: {
      // A wrong password is an expected outcome, audited in the database, not a server error.
      error(error) {
        if (error instanceof CredentialsSignin) return;
        console.error(`[auth] ${error.name}: ${error.message}`);
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(config);

/**
 * The signed-in account, read from the database on every request so revocations apply at once.
 * `mfaSetupRequired`: the MFA policy holds this account at the setup page until it adds a method.
 */
export const getCurrentSession = cache(async () => {
  const session = await auth();
  if (!session?.sid) return null;
  const found = await findActiveSession(session.sid);
  if (!found) return null;
  return { ...found, mfaSetupRequired: await mfaSetupRequired(found.user) };
});

export type CurrentSession = NonNullable<Awaited<ReturnType<typeof getCurrentSession>>>;
