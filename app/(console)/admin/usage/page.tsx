import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
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
import { productParam } from '@/lib/usage/product-param';
import { UNKNOWN_PRODUCT } from '@/lib/usage/products';
import { readProductOverview } from '@/lib/usage/series';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('usage'))('adminTitle') };
}

// HTTP status classes: the same in every language.
const CLIENT_ERRORS = '4xx';
const SERVER_ERRORS = '5xx';

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
  const format = await getFormatter();
  const count = (value: number) => format.number(value);
  const share = (part: number, whole: number) =>
    whole === 0 ? '–' : format.number(part / whole, { style: 'percent', maximumFractionDigits: 1 });
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
                  <TableHead className="text-right">{t('calls')}</TableHead>
                  <TableHead className="text-right">{CLIENT_ERRORS}</TableHead>
                  <TableHead className="text-right">{SERVER_ERRORS}</TableHead>
                  <TableHead className="text-right">{t('failureRate')}</TableHead>
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
                    <CardTableCell label={t('calls')} className="text-right tabular-nums">
                      {count(key.calls)}
                    </CardTableCell>
                    <CardTableCell label={CLIENT_ERRORS} className="text-right tabular-nums">
                      {count(key.clientErrors)}
                    </CardTableCell>
                    <CardTableCell label={SERVER_ERRORS} className="text-right tabular-nums">
                      {count(key.serverErrors)}
                    </CardTableCell>
                    <CardTableCell label={t('failureRate')} className="text-right tabular-nums">
                      {share(key.clientErrors + key.serverErrors, key.calls)}
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
