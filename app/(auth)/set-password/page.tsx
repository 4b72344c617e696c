import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/auth-card';
import { FormMessage } from '@/components/form-message';
import { Button } from '@/components/ui/button';

import { checkPasswordLink, PASSWORD_LINK_PROBLEMS } from '@/lib/auth/password-links';
import { SetPasswordForm } from './set-password-form';

// The token is in the URL: keep it out of the Referer of anything this page links to.
export const metadata: Metadata = { title: 'Set your password', referrer: 'no-referrer' };

export default async function SetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token: raw } = await searchParams;
  const token = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 200) ?? '';
  const link = await checkPasswordLink(token);
  return (
    <AuthCard
      title="Set your password"
      description={
        'email' in link ? `Choose the password for ${link.email}.` : 'This link cannot be used.'
      }
    >
      {'email' in link ? (
        <SetPasswordForm token={token} email={link.email} />
      ) : (
        <>
          <FormMessage state={{ error: PASSWORD_LINK_PROBLEMS[link.problem] }} />
          <Button asChild variant="outline">
            <Link href="/login">Go to sign in</Link>
          </Button>
        </>
      )}
    </AuthCard>
  );
}
