import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { accountCrumbs, PageHeader } from '@/components/page-header';
import { UsagePanel } from '@/components/usage/usage-panel';
import { requireSession } from '@/lib/auth/guards';
import { productParam } from '@/lib/usage/product-param';
import { findUsageKey, readKeyOverview } from '@/lib/usage/series';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('usage'))('keyTitle') };
}

export default async function AccessKeyUsagePage({
  params,
  searchParams,
}: {
  params: Promise<{ accessKeyId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { user } = await requireSession();
  const { accessKeyId } = await params;
  // The account's own keys only, administrators' too: every key is under Administration → Usage.
  const key = await findUsageKey(accessKeyId, { ownerId: user.id });
  if (key === undefined) notFound();
  const { hourly, daily } = await readKeyOverview(key.id);
  const t = await getTranslations('usage');
  const crumbs = await accountCrumbs();
  return (
    <>
      <PageHeader
        crumbs={[
          crumbs.accountManagement,
          crumbs.basicInformation,
          crumbs.apiInformation,
          crumbs.accessKeys,
          { label: key.accessKeyId },
        ]}
        title={t('keyTitle')}
        description={t.rich('keyDescription', {
          id: key.accessKeyId,
          mono: (chunks) => <span className="font-mono">{chunks}</span>,
        })}
      />
      <UsagePanel
        hourly={hourly}
        daily={daily}
        product={productParam((await searchParams).product)}
        action={`/account/api-information/access-keys/${key.accessKeyId}`}
      />
    </>
  );
}
