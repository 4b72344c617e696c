import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AuthCard } from '@/components/auth-card';
import { FormMessage } from '@/components/form-message';
import { Separator } from '@/components/ui/separator';
import { MFA_SETUP_PATH } from '@/lib/auth/guards';
import { getCurrentSession } from '@/lib/auth/next-auth';
import { LoginForm } from './login-form';
import { PasskeySignInButton } from './passkey-sign-in-button';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('login'))('title') };
}

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
  const t = await getTranslations('login');
  return (
    <AuthCard title={t('title')} description={t('description')}>
      {passwordSet === '1' && <FormMessage state={{ success: t('passwordSet') }} />}
      {expired === '1' && <FormMessage state={{ error: t('expired') }} />}
      <LoginForm callbackUrl={callback} />
      <div className="text-muted-foreground flex items-center gap-3 text-xs">
        <Separator className="flex-1" />
        {t('or')}
        <Separator className="flex-1" />
      </div>
      <PasskeySignInButton callbackUrl={callback} />
    </AuthCard>
  );
}
