import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/page-header';
import { UsagePanel } from '@/components/usage/usage-panel';
import { requireAdmin } from '@/lib/auth/guards';
import { productParam } from '@/lib/usage/product-param';
import { findUsageKey, readKeyOverview } from '@/lib/usage/series';

export const metadata: Metadata = { title: 'AccessKey usage' };

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
  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Administration' },
          { label: 'Usage', href: '/admin/usage' },
          { label: key.accessKeyId },
        ]}
        title="AccessKey usage"
        description={
          <>
            Calls signed with <span className="font-mono">{key.accessKeyId}</span> of{' '}
            {key.ownerEmail}, by product and outcome. Hours and days are UTC.
          </>
        }
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
