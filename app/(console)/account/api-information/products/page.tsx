import { Boxes } from 'lucide-react';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import {
  CardTable,
  CardTableBody,
  CardTableCell,
  CardTableHeader,
  CardTableRow,
} from '@/components/card-table';
import { CopyButton } from '@/components/copy-button';
import { accountCrumbs, PageHeader } from '@/components/page-header';
import { TableHead, TableRow } from '@/components/ui/table';
import { requireSession } from '@/lib/auth/guards';
import { appUrl } from '@/lib/config/env';
import { gatewayUrl } from '@/lib/gateway/path';
import { listEnabledProducts } from '@/lib/products/products';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('products'))('title') };
}

export default async function ProductsPage() {
  await requireSession();
  const products = await listEnabledProducts();
  const t = await getTranslations('products');
  const crumbs = await accountCrumbs();
  return (
    <>
      <PageHeader
        crumbs={[
          crumbs.accountManagement,
          crumbs.basicInformation,
          crumbs.apiInformation,
          crumbs.products,
        ]}
        title={t('title')}
        description={t('description')}
      />
      {products.length === 0 ? (
        <div className="bg-card grid justify-items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center">
          <Boxes className="text-muted-foreground size-8" aria-hidden />
          <h2 className="font-medium">{t('emptyTitle')}</h2>
          <p className="text-muted-foreground max-w-xl text-sm">{t('emptyBody')}</p>
        </div>
      ) : (
        <div className="bg-card min-w-0 rounded-lg border">
          <CardTable aria-label={t('tableLabel')}>
            <CardTableHeader>
              <TableRow>
                <TableHead className="pl-4">{t('product')}</TableHead>
                <TableHead>{t('descriptionColumn')}</TableHead>
                <TableHead className="pr-4">{t('gatewayUrl')}</TableHead>
              </TableRow>
            </CardTableHeader>
            <CardTableBody>
              {products.map((product) => {
                const url = gatewayUrl(appUrl(), product.slug);
                return (
                  <CardTableRow key={product.slug}>
                    <CardTableCell label={t('product')} labelAbove className="pl-4">
                      <div>
                        <span className="font-medium">{product.name}</span>
                        <span className="text-muted-foreground block font-mono text-xs">
                          {product.slug}
                        </span>
                      </div>
                    </CardTableCell>
                    <CardTableCell label={t('descriptionColumn')} className="text-muted-foreground">
                      {product.description || '—'}
                    </CardTableCell>
                    <CardTableCell label={t('gatewayUrl')} className="pr-4">
                      <div className="flex items-center gap-1">
                        <code className="font-mono text-xs break-all">{url}</code>
                        <CopyButton value={url} label={t('copyLabel', { name: product.name })} />
                      </div>
                    </CardTableCell>
                  </CardTableRow>
                );
              })}
            </CardTableBody>
          </CardTable>
        </div>
      )}
    </>
  );
}
