import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AuthCard } from '@/components/auth-card';
import { FormMessage } from '@/components/form-message';
import { Button } from '@/components/ui/button';
import { checkPasswordLink, PASSWORD_LINK_PROBLEMS } from '@/lib/auth/password-links';
import { SetPasswordForm } from './set-password-form';

// The token is in the URL: keep it out of the Referer of anything this page links to.
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('setPassword'))('title'), referrer: 'no-referrer' };
}

export default async function SetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token: raw } = await searchParams;
  const token = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 200) ?? '';
  const link = await checkPasswordLink(token);
  const t = await getTranslations();
  const problem = 'problem' in link ? PASSWORD_LINK_PROBLEMS[link.problem] : undefined;
  return (
    <AuthCard
      title={t('setPassword.title')}
      description={
        'email' in link
          ? t('setPassword.description', { email: link.email })
          : t('setPassword.unusable')
      }
    >
      {'email' in link ? (
        <SetPasswordForm token={token} email={link.email} />
      ) : (
        <>
          {problem && <FormMessage state={{ error: t(`errors.${problem.key}`, problem.values) }} />}
          <Button asChild variant="outline">
            <Link href="/login">{t('setPassword.goToSignIn')}</Link>
          </Button>
        </>
      )}
    </AuthCard>
  );
}
