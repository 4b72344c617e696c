import { notFound, redirect } from 'next/navigation';
import { getCurrentSession } from '@/lib/auth/next-auth';

/** For server components: the signed-in account, or a redirect to /login. */
export async function requireSession() {
  const current = await getCurrentSession();
  if (!current) redirect('/login');
  return current;
}

/** Administrators only; everyone else sees the ordinary 404, so admin pages are not even confirmed. */
export async function requireAdmin() {
  const current = await requireSession();
  if (current.user.role !== 'admin') notFound();
  return current;
}
