import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/page-header';
import { UsagePanel } from '@/components/usage/usage-panel';
import { requireAdmin } from '@/lib/auth/guards';
import { productParam } from '@/lib/usage/product-param';
import { findUsageKey, readKeyOverview } from '@/lib/usage/series';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('usage'))('keyTitle') };
}

export default async function AdminKeyUsagePage({
  params,
  searchParams,
}: {
  params: Promise<{ accessKeyId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin();
  const { accessKeyId } = await params;
  const key = await findUsageKey(accessKeyId, { anyOwner: true });
  if (key === undefined) notFound();
  const { hourly, daily } = await readKeyOverview(key.id);
  const t = await getTranslations('usage');
  const tNav = await getTranslations('nav');
  return (
    <>
      <PageHeader
        crumbs={[
          { label: tNav('administration') },
          { label: tNav('usage'), href: '/admin/usage' },
          { label: key.accessKeyId },
        ]}
        title={t('keyTitle')}
        description={t.rich('adminKeyDescription', {
          id: key.accessKeyId,
          email: key.ownerEmail,
          mono: (chunks) => <span className="font-mono">{chunks}</span>,
        })}
      />
      <UsagePanel
        hourly={hourly}
        daily={daily}
        product={productParam((await searchParams).product)}
        action={`/admin/usage/keys/${key.accessKeyId}`}
      />
    </>
  );
}
