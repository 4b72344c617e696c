'use server';

import { getDb } from '@/db';
import { recordAudit } from '@/lib/audit/record';
import { getCurrentSession, signOut } from '@/lib/auth/next-auth';
import { requestContext } from '@/lib/http/request-context';

export async function signOutAction() {
  const current = await getCurrentSession();
  if (current) {
    await recordAudit(getDb(), {
      action: 'auth.signed_out',
      actor: { id: current.user.id, email: current.user.email },
      target: { type: 'user', id: current.user.id },
      request: await requestContext(),
    });
  }
  await signOut({ redirectTo: '/login' });
}
