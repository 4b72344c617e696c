import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ACCOUNT_CRUMBS, PageHeader } from '@/components/page-header';
import { UsagePanel } from '@/components/usage/usage-panel';
import { requireSession } from '@/lib/auth/guards';
import { findUsageKey, readKeyOverview } from '@/lib/usage/series';
import { productParam } from '@/lib/usage/product-param';

export const metadata: Metadata = { title: 'AccessKey usage' };

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
  return (
    <>
      <PageHeader
        crumbs={[
          ACCOUNT_CRUMBS.accountManagement,
          ACCOUNT_CRUMBS.basicInformation,
          ACCOUNT_CRUMBS.apiInformation,
          ACCOUNT_CRUMBS.accessKeys,
          { label: key.accessKeyId },
        ]}
        title="AccessKey usage"
        description={
          <>
            Calls signed with <span className="font-mono">{key.accessKeyId}</span>, by product and
            outcome. Hours and days are UTC; the latest calls show within a few seconds.
          </>
        }
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
