import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
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
import { OutcomeCells, OutcomeHeads } from '@/components/usage/outcome-columns';
import { UsagePanel } from '@/components/usage/usage-panel';
import { requireAdmin } from '@/lib/auth/guards';
import { productParam } from '@/lib/usage/product-param';
import { UNKNOWN_PRODUCT } from '@/lib/usage/products';
import { readProductOverview } from '@/lib/usage/series';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('usage'))('adminTitle') };
}

// HTTP status classes: the same in every language.

export default async function AdminUsagePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin();
  const product = productParam((await searchParams).product);
  const { hourly, daily, busiest } = await readProductOverview(product);
  const t = await getTranslations('usage');
  const tNav = await getTranslations('nav');
  const tCommon = await getTranslations('common');
  return (
    <>
      <PageHeader
        crumbs={[{ label: tNav('administration') }, { label: tNav('usage'), href: '/admin/usage' }]}
        title={t('adminTitle')}
        description={t('adminDescription')}
      />
      <div className="grid min-w-0 gap-4">
        <UsagePanel hourly={hourly} daily={daily} product={product} action="/admin/usage" />
        <Card className="min-w-0 gap-0 py-0">
          <h2 className="border-b px-4 py-3 text-sm font-medium">
            {product === undefined
              ? t('busiest')
              : t('busiestFor', {
                  product: product === UNKNOWN_PRODUCT ? t('unknownProduct') : product,
                })}
          </h2>
          {busiest.length === 0 ? (
            <p className="text-muted-foreground px-4 py-6 text-sm">{t('noCalls24h')}</p>
          ) : (
            <CardTable>
              <CardTableHeader>
                <TableRow>
                  <TableHead>{tCommon('accessKeyId')}</TableHead>
                  <TableHead>{t('owner')}</TableHead>
                  <OutcomeHeads />
                </TableRow>
              </CardTableHeader>
              <CardTableBody>
                {busiest.map((key) => (
                  <CardTableRow key={key.keyId}>
                    <CardTableCell label={tCommon('accessKeyId')} labelAbove className="font-mono">
                      {key.accessKeyId === null ? (
                        <span className="text-muted-foreground font-sans">{t('deletedKey')}</span>
                      ) : (
                        <Link
                          href={`/admin/usage/keys/${key.accessKeyId}`}
                          className="text-primary underline-offset-4 hover:underline"
                        >
                          {key.accessKeyId}
                        </Link>
                      )}
                    </CardTableCell>
                    <CardTableCell label={t('owner')}>{key.ownerEmail ?? '–'}</CardTableCell>
                    <OutcomeCells
                      calls={key.calls}
                      clientErrors={key.clientErrors}
                      serverErrors={key.serverErrors}
                    />
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
