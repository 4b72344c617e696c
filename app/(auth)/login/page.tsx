import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AuthCard } from '@/components/auth-card';
import { FormMessage } from '@/components/form-message';
import { getCurrentSession } from '@/lib/auth/next-auth';
import { LoginForm } from './login-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('login'))('title') };
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; passwordSet?: string }>;
}) {
  if (await getCurrentSession()) redirect('/account/api-information/access-keys');
  const { callbackUrl, passwordSet } = await searchParams;
  const t = await getTranslations('login');
  return (
    <AuthCard title={t('title')} description={t('description')}>
      {passwordSet === '1' && <FormMessage state={{ success: t('passwordSet') }} />}
      <LoginForm callbackUrl={typeof callbackUrl === 'string' ? callbackUrl : undefined} />
    </AuthCard>
  );
}
