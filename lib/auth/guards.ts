import { notFound, redirect } from 'next/navigation';
import { getCurrentSession } from '@/lib/auth/next-auth';

export const MFA_SETUP_PATH = '/account/basic-information/sign-in-security';

/**
 * For server components: the signed-in account, or a redirect to /login. An account the MFA policy
 * holds is sent to the setup page from every page but that one (`duringMfaSetup`).
 */
export async function requireSession(options: { duringMfaSetup?: boolean } = {}) {
  const current = await getCurrentSession();
  if (!current) redirect('/login');
  if (current.mfaSetupRequired && !options.duringMfaSetup) redirect(MFA_SETUP_PATH);
  return current;
}

/** Administrators only; everyone else sees the ordinary 404, so admin pages are not even confirmed. */
export async function requireAdmin() {
  const current = await requireSession();
  if (current.user.role !== 'admin') notFound();
  return current;
}

/** For route handlers: the session, or null when there is none or the MFA policy holds it at setup. */
export async function sessionForRoute() {
  const current = await getCurrentSession();
  return current && !current.mfaSetupRequired ? current : null;
}
