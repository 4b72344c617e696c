import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { cache } from 'react';
import { z } from 'zod';
import { authSecret } from '@/lib/config/env';
import { requestContextFrom } from '@/lib/http/request-context';
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

class SignInThrottled extends CredentialsSignin {
  code = SIGN_IN_THROTTLED;
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
          if (result.status !== 'ok') return null;
          return {
            id: String(result.user.id),
            email: result.user.email,
            name: result.user.name,
            sid: result.sessionId,
          };
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

/** The signed-in account, read from the database on every request so revocations apply at once. */
export const getCurrentSession = cache(async () => {
  const session = await auth();
  if (!session?.sid) return null;
  return findActiveSession(session.sid);
});

export type CurrentSession = NonNullable<Awaited<ReturnType<typeof getCurrentSession>>>;
