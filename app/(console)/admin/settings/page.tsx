import { KeyRound, TriangleAlert } from 'lucide-react';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import {
  countKeysBeyondPolicy,
  getKeyPolicy,
  MAX_LIFETIME_CHOICES,
} from '@/lib/access-keys/key-policy';
import { requireAdmin } from '@/lib/auth/guards';
import { readSetting } from '@/lib/settings/settings';
import { KeyPolicyForm } from './key-policy-form';
import { MfaPolicyForm } from './mfa-policy-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings'))('title') };
}

/** Console-wide settings, one card per concern (lib/settings holds their definitions). */
export default async function SettingsPage() {
  await requireAdmin();
  const [mfaPolicy, keyPolicy] = await Promise.all([readSetting('mfaPolicy'), getKeyPolicy()]);
  const beyond =
    keyPolicy.maxLifetimeDays === null
      ? null
      : await countKeysBeyondPolicy(keyPolicy.maxLifetimeDays);
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
        <Card>
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <KeyRound className="size-4" aria-hidden /> {t('keyPolicy.title')}
            </CardTitle>
            <CardDescription>{t('keyPolicy.description')}</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            {beyond !== null && keyPolicy.maxLifetimeDays !== null && (
              <p
                data-testid="keys-beyond-policy"
                className="flex items-start gap-2 rounded-md border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-sm text-amber-800 dark:text-amber-300"
              >
                <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
                <span>
                  {beyond.total === 0
                    ? t('keyPolicy.allWithin', { days: keyPolicy.maxLifetimeDays })
                    : t('keyPolicy.beyond', {
                        total: beyond.total,
                        never: beyond.neverExpire,
                      })}
                </span>
              </p>
            )}
            <KeyPolicyForm
              maxLifetimeDays={keyPolicy.maxLifetimeDays}
              choices={MAX_LIFETIME_CHOICES}
            />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
