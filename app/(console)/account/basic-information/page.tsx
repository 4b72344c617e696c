import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { DateTime } from '@/components/date-time';
import { accountCrumbs, PageHeader } from '@/components/page-header';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/guards';
import { hasSecondFactor } from '@/lib/auth/mfa/policy';
import { isLocale } from '@/lib/i18n/locales';
import { browserLocale } from '@/lib/i18n/server';
import { ChangePasswordForm } from './change-password-form';
import { LanguageForm } from './language-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('basicInfo'))('title') };
}

export default async function BasicInformationPage() {
  const { user } = await requireSession();
  const twoStep = await hasSecondFactor(user.id);
  const t = await getTranslations();
  const crumbs = await accountCrumbs();
  const rows: [string, React.ReactNode][] = [
    [t('common.email'), user.email],
    [t('common.name'), user.name],
    [t('common.role'), user.role === 'admin' ? t('common.administrator') : t('common.member')],
    [
      t('common.programmaticAccess'),
      user.programmaticAccess ? (
        <Badge>{t('basicInfo.granted')}</Badge>
      ) : (
        <Badge variant="secondary">{t('basicInfo.notGranted')}</Badge>
      ),
    ],
    [t('common.created'), <DateTime key="created" value={user.createdAt} />],
    [
      t('common.lastSignIn'),
      user.lastSignInAt ? (
        <DateTime key="lastSignIn" value={user.lastSignInAt} />
      ) : (
        t('common.never')
      ),
    ],
  ];
  return (
    <>
      <PageHeader
        crumbs={[crumbs.accountManagement, crumbs.basicInformation]}
        title={t('basicInfo.title')}
        description={t('basicInfo.description')}
      />
      <div className="grid max-w-3xl gap-4">
        <Card>
          <CardHeader>
            <CardTitle>{t('basicInfo.account')}</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
              {rows.map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-muted-foreground">{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t('language.title')}</CardTitle>
            <CardDescription>{t('language.description')}</CardDescription>
          </CardHeader>
          <CardContent>
            <LanguageForm
              chosen={isLocale(user.locale) ? user.locale : null}
              browserLocale={await browserLocale()}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t('basicInfo.password')}</CardTitle>
          </CardHeader>
          <CardContent>
            <ChangePasswordForm />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t('basicInfo.signInSecurity')}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm">
            <p className="flex flex-wrap items-center gap-2">
              {t('basicInfo.twoStep')}
              {twoStep ? (
                <Badge>{t('basicInfo.twoStepOn')}</Badge>
              ) : (
                <Badge variant="secondary">{t('basicInfo.twoStepOff')}</Badge>
              )}
            </p>
            <Link
              className="text-primary mt-2 inline-block underline-offset-4 hover:underline"
              href="/account/basic-information/sign-in-security"
            >
              {t('basicInfo.manageSignInSecurity')}
            </Link>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t('basicInfo.apiInformation')}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm">
            <Link
              className="text-primary underline-offset-4 hover:underline"
              href="/account/api-information/access-keys"
            >
              {t('basicInfo.accessKeysLink')}
            </Link>
            <p className="text-muted-foreground mt-1">{t('basicInfo.accessKeysHint')}</p>
          </CardContent>
        </Card>
      </div>
    </>
  );
}
