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
import { KeyPolicyForm } from './key-policy-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('nav'))('settings') };
}

export default async function SettingsPage() {
  await requireAdmin();
  const policy = await getKeyPolicy();
  const beyond =
    policy.maxLifetimeDays === null ? null : await countKeysBeyondPolicy(policy.maxLifetimeDays);
  const t = await getTranslations('keyPolicy');
  const tNav = await getTranslations('nav');
  return (
    <>
      <PageHeader
        crumbs={[
          { label: tNav('administration') },
          { label: tNav('settings'), href: '/admin/settings' },
        ]}
        title={tNav('settings')}
        description={t('pageDescription')}
      />
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <KeyRound className="size-4" aria-hidden /> {t('title')}
          </CardTitle>
          <CardDescription>{t('description')}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {beyond !== null && policy.maxLifetimeDays !== null && (
            <p
              data-testid="keys-beyond-policy"
              className="flex items-start gap-2 rounded-md border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-sm text-amber-800 dark:text-amber-300"
            >
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              <span>
                {beyond.total === 0
                  ? t('allWithin', { days: policy.maxLifetimeDays })
                  : t('beyond', { total: beyond.total, never: beyond.neverExpire })}
              </span>
            </p>
          )}
          <KeyPolicyForm maxLifetimeDays={policy.maxLifetimeDays} choices={MAX_LIFETIME_CHOICES} />
        </CardContent>
      </Card>
    </>
  );
}
