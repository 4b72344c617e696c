import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth-card';
import { FormMessage } from '@/components/form-message';
import { getCurrentSession } from '@/lib/auth/next-auth';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; passwordSet?: string }>;
}) {
  if (await getCurrentSession()) redirect('/account/api-information/access-keys');
  const { callbackUrl, passwordSet } = await searchParams;
  return (
    <AuthCard title="Sign in" description="Use the email and password of your login account.">
      {passwordSet === '1' && (
        <FormMessage state={{ success: 'Your password is set. Sign in with it.' }} />
      )}
      <LoginForm callbackUrl={typeof callbackUrl === 'string' ? callbackUrl : undefined} />
    </AuthCard>
  );
}
