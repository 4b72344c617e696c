import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { FormMessage } from '@/components/form-message';
import { accountCrumbs, PageHeader } from '@/components/page-header';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/guards';
import { mfaOverview } from '@/lib/auth/mfa/methods';
import { RECOVERY_CODE_COUNT } from '@/lib/auth/mfa/recovery-codes';
import { AuthenticatorAppCard } from './authenticator-app-card';
import { PasskeysCard } from './passkeys-card';
import { RecoveryCodesCard } from './recovery-codes-card';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('signInSecurity'))('title') };
}

export default async function SignInSecurityPage() {
  const { user, mfaSetupRequired } = await requireSession({ duringMfaSetup: true });
  const overview = await mfaOverview(user);
  const enabled = overview.totp !== null || overview.passkeys.length > 0;
  const t = await getTranslations('signInSecurity');
  const crumbs = await accountCrumbs();
  const format = await getFormatter();
  const when = (date: Date) => format.dateTime(date, 'dateTime');
  return (
    <>
      <PageHeader
        crumbs={[crumbs.accountManagement, crumbs.basicInformation, { label: t('title') }]}
        title={t('title')}
        description={t('description')}
      />
      <div className="grid max-w-3xl gap-4">
        {mfaSetupRequired && <FormMessage state={{ error: t('held') }} />}
        {!mfaSetupRequired && overview.required && enabled && (
          <p className="text-muted-foreground text-sm">{t('requiredNote')}</p>
        )}
        {enabled && !mfaSetupRequired && (
          <p className="text-sm">
            {t.rich('on', { strong: (chunks) => <strong>{chunks}</strong> })}{' '}
            <Link
              className="text-primary underline-offset-4 hover:underline"
              href="/account/api-information/access-keys"
            >
              {t('continue')}
            </Link>
          </p>
        )}
        <Card>
          <CardHeader>
            <CardTitle>{t('appTitle')}</CardTitle>
          </CardHeader>
          <CardContent>
            <AuthenticatorAppCard since={overview.totp ? when(overview.totp.since) : null} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t('passkeysTitle')}</CardTitle>
          </CardHeader>
          <CardContent>
            <PasskeysCard
              passkeys={overview.passkeys.map((passkey) => ({
                id: passkey.id,
                name: passkey.name,
                created: when(passkey.createdAt),
                lastUsed: passkey.lastUsedAt ? when(passkey.lastUsedAt) : null,
              }))}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t('recoveryTitle')}</CardTitle>
          </CardHeader>
          <CardContent>
            <RecoveryCodesCard
              left={overview.recoveryCodesLeft}
              total={RECOVERY_CODE_COUNT}
              enabled={enabled}
            />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
