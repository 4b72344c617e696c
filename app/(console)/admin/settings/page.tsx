import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { requireAdmin } from '@/lib/auth/guards';
import { readSetting } from '@/lib/settings/settings';
import { MfaPolicyForm } from './mfa-policy-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings'))('title') };
}

/** Console-wide settings, one card per concern (lib/settings holds their definitions). */
export default async function SettingsPage() {
  await requireAdmin();
  const mfaPolicy = await readSetting('mfaPolicy');
  const t = await getTranslations();
  return (
    <>
      <PageHeader
        crumbs={[
          { label: t('nav.administration') },
          { label: t('nav.settings'), href: '/admin/settings' },
        ]}
        title={t('settings.title')}
        description={t('settings.description')}
      />
      <div className="grid max-w-3xl gap-4">
        <Card>
          <CardHeader>
            <CardTitle>{t('settings.signInSecurity')}</CardTitle>
            <CardDescription>{t('settings.signInSecurityDescription')}</CardDescription>
          </CardHeader>
          <CardContent>
            <MfaPolicyForm policy={mfaPolicy} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
