import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AuthCard } from '@/components/auth-card';
import { getCurrentSession } from '@/lib/auth/next-auth';
import { listPasskeys } from '@/lib/auth/mfa/passkeys';
import { findPendingSignIn, PENDING_SIGN_IN_COOKIE } from '@/lib/auth/mfa/pending-sign-in';
import { findTotpCredential } from '@/lib/auth/mfa/totp';
import { SecondStepForm } from './second-step-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('secondStep'))('title') };
}

export default async function VerifyPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  if (await getCurrentSession()) redirect('/account/api-information/access-keys');
  const found = await findPendingSignIn((await cookies()).get(PENDING_SIGN_IN_COOKIE)?.value);
  if (!found?.user) redirect('/login?expired=1');
  const { callbackUrl } = await searchParams;
  const hasApp = Boolean((await findTotpCredential(found.user.id))?.confirmedAt);
  const hasPasskey = (await listPasskeys(found.user.id)).length > 0;
  const t = await getTranslations('secondStep');
  return (
    <AuthCard title={t('title')} description={t('description')}>
      <SecondStepForm
        hasApp={hasApp}
        hasPasskey={hasPasskey}
        callbackUrl={typeof callbackUrl === 'string' ? callbackUrl : undefined}
      />
      <Link
        href="/login"
        className="text-muted-foreground text-center text-sm underline-offset-4 hover:underline"
      >
        {t('cancel')}
      </Link>
    </AuthCard>
  );
}
