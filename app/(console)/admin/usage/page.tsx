import type { Metadata } from 'next';
import Link from 'next/link';
import {
  CardTable,
  CardTableBody,
  CardTableCell,
  CardTableHeader,
  CardTableRow,
} from '@/components/card-table';
import { PageHeader } from '@/components/page-header';
import { Card } from '@/components/ui/card';
import { TableHead, TableRow } from '@/components/ui/table';
import { UsagePanel } from '@/components/usage/usage-panel';
import { requireAdmin } from '@/lib/auth/guards';
import { formatCount, formatShare } from '@/lib/format';
import { productParam } from '@/lib/usage/product-param';
import { readProductOverview } from '@/lib/usage/series';

export const metadata: Metadata = { title: 'Usage' };

export default async function AdminUsagePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin();
  const product = productParam((await searchParams).product);
  const { hourly, daily, busiest } = await readProductOverview(product);
  return (
    <>
      <PageHeader
        crumbs={[{ label: 'Administration' }, { label: 'Usage', href: '/admin/usage' }]}
        title="Usage"
        description="Calls signed with every account's AccessKeys, per product and outcome, and the keys that call most. Hours and days are UTC; the latest calls show within a few seconds."
      />
      <div className="grid min-w-0 gap-4">
        <UsagePanel hourly={hourly} daily={daily} product={product} action="/admin/usage" />
        <Card className="min-w-0 gap-0 py-0">
          <h2 className="border-b px-4 py-3 text-sm font-medium">
            Busiest AccessKeys, last 30 days{product === undefined ? '' : ` (${product})`}
          </h2>
          {busiest.length === 0 ? (
            <p className="text-muted-foreground px-4 py-6 text-sm">No calls in the last 30 days.</p>
          ) : (
            <CardTable>
              <CardTableHeader>
                <TableRow>
                  <TableHead>AccessKey ID</TableHead>
                  <TableHead>Owner</TableHead>
                  <TableHead className="text-right">Calls</TableHead>
                  <TableHead className="text-right">4xx</TableHead>
                  <TableHead className="text-right">5xx</TableHead>
                  <TableHead className="text-right">Failed</TableHead>
                </TableRow>
              </CardTableHeader>
              <CardTableBody>
                {busiest.map((key) => (
                  <CardTableRow key={key.keyId}>
                    <CardTableCell label="AccessKey ID" labelAbove className="font-mono">
                      {key.accessKeyId === null ? (
                        <span className="text-muted-foreground font-sans">Deleted key</span>
                      ) : (
                        <Link
                          href={`/admin/usage/keys/${key.accessKeyId}`}
                          className="text-primary underline-offset-4 hover:underline"
                        >
                          {key.accessKeyId}
                        </Link>
                      )}
                    </CardTableCell>
                    <CardTableCell label="Owner">{key.ownerEmail ?? '–'}</CardTableCell>
                    <CardTableCell label="Calls" className="text-right tabular-nums">
                      {formatCount(key.calls)}
                    </CardTableCell>
                    <CardTableCell label="4xx" className="text-right tabular-nums">
                      {formatCount(key.clientErrors)}
                    </CardTableCell>
                    <CardTableCell label="5xx" className="text-right tabular-nums">
                      {formatCount(key.serverErrors)}
                    </CardTableCell>
                    <CardTableCell label="Failed" className="text-right tabular-nums">
                      {formatShare(key.clientErrors + key.serverErrors, key.calls)}
                    </CardTableCell>
                  </CardTableRow>
                ))}
              </CardTableBody>
            </CardTable>
          )}
        </Card>
      </div>
    </>
  );
}
