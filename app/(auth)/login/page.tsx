import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth-card';
import { FormMessage } from '@/components/form-message';
import { Separator } from '@/components/ui/separator';
import { MFA_SETUP_PATH } from '@/lib/auth/guards';
import { getCurrentSession } from '@/lib/auth/next-auth';
import { LoginForm } from './login-form';
import { PasskeySignInButton } from './passkey-sign-in-button';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; passwordSet?: string; expired?: string }>;
}) {
  const current = await getCurrentSession();
  if (current) {
    redirect(current.mfaSetupRequired ? MFA_SETUP_PATH : '/account/api-information/access-keys');
  }
  const { callbackUrl, passwordSet, expired } = await searchParams;
  const callback = typeof callbackUrl === 'string' ? callbackUrl : undefined;
  return (
    <AuthCard title="Sign in" description="Use the email and password of your login account.">
      {passwordSet === '1' && (
        <FormMessage state={{ success: 'Your password is set. Sign in with it.' }} />
      )}
      {expired === '1' && (
        <FormMessage
          state={{
            error: 'Your sign-in expired or was stopped after wrong answers. Sign in again.',
          }}
        />
      )}
      <LoginForm callbackUrl={callback} />
      <div className="text-muted-foreground flex items-center gap-3 text-xs">
        <Separator className="flex-1" />
        or
        <Separator className="flex-1" />
      </div>
      <PasskeySignInButton callbackUrl={callback} />
    </AuthCard>
  );
}
