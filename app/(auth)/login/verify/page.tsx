import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth-card';
import { getCurrentSession } from '@/lib/auth/next-auth';
import { listPasskeys } from '@/lib/auth/mfa/passkeys';
import { findPendingSignIn, PENDING_SIGN_IN_COOKIE } from '@/lib/auth/mfa/pending-sign-in';
import { findTotpCredential } from '@/lib/auth/mfa/totp';
import { SecondStepForm } from './second-step-form';

export const metadata: Metadata = { title: 'Two-step verification' };

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
  return (
    <AuthCard
      title="Two-step verification"
      description="Your password was right. Confirm that it is you with your second factor."
    >
      <SecondStepForm
        hasApp={hasApp}
        hasPasskey={hasPasskey}
        callbackUrl={typeof callbackUrl === 'string' ? callbackUrl : undefined}
      />
      <Link
        href="/login"
        className="text-muted-foreground text-center text-sm underline-offset-4 hover:underline"
      >
        Cancel and sign in again
      </Link>
    </AuthCard>
  );
}
