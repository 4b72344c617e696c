import { Boxes } from 'lucide-react';
import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import {
  CardTable,
  CardTableBody,
  CardTableCell,
  CardTableHeader,
  CardTableRow,
} from '@/components/card-table';
import { PageHeader } from '@/components/page-header';
import { Badge } from '@/components/ui/badge';
import { TableHead, TableRow } from '@/components/ui/table';
import { requireAdmin } from '@/lib/auth/guards';
import { listProducts } from '@/lib/products/products';
import { byteSize } from '@/lib/products/validation';
import { ProductFormDialog } from './product-form-dialog';
import {
  DeleteProductButton,
  ProductEnabledSwitch,
  RotateSecretButton,
} from './product-row-actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('adminProducts'))('title') };
}

export default async function AdminProductsPage() {
  await requireAdmin();
  const products = await listProducts();
  const t = await getTranslations('adminProducts');
  const tNav = await getTranslations('nav');
  const tCommon = await getTranslations('common');
  const format = await getFormatter();
  return (
    <>
      <PageHeader
        crumbs={[
          { label: tNav('administration') },
          { label: tNav('adminProducts'), href: '/admin/products' },
        ]}
        title={t('title')}
        description={t('description', {
          gatewayPath: '/gateway/{slug}/',
          authorizePath: '/api/v1/authorize',
        })}
        actions={<ProductFormDialog />}
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
                <TableHead>{t('upstream')}</TableHead>
                <TableHead>{t('limits')}</TableHead>
                <TableHead>{t('scopedKeys')}</TableHead>
                <TableHead>{t('enabled')}</TableHead>
                <TableHead className="pr-4">
                  <span className="sr-only">{tCommon('actions')}</span>
                </TableHead>
              </TableRow>
            </CardTableHeader>
            <CardTableBody>
              {products.map((product) => (
                <CardTableRow key={product.id}>
                  <CardTableCell label={t('product')} labelAbove className="pl-4">
                    <div>
                      <span className="font-medium">{product.name}</span>
                      <span className="text-muted-foreground block font-mono text-xs">
                        {product.slug}
                      </span>
                      {product.previousSecretValidUntil && (
                        <span className="text-muted-foreground block text-xs">
                          {t('previousSecretUntil', {
                            time: format.dateTime(product.previousSecretValidUntil, 'dateTime'),
                          })}
                        </span>
                      )}
                    </div>
                  </CardTableCell>
                  <CardTableCell label={t('upstream')} className="font-mono text-xs break-all">
                    {product.upstreamUrl}
                  </CardTableCell>
                  <CardTableCell label={t('limits')} className="whitespace-nowrap">
                    {t('limitsValue', {
                      seconds: product.timeoutMs / 1000,
                      body: t('bodySize', byteSize(product.maxBodyBytes)),
                    })}
                  </CardTableCell>
                  <CardTableCell label={t('scopedKeys')}>
                    {format.number(product.scopedKeyCount)}
                  </CardTableCell>
                  <CardTableCell label={t('enabled')}>
                    <div className="flex items-center gap-2">
                      <ProductEnabledSwitch slug={product.slug} enabled={product.enabled} />
                      {!product.enabled && <Badge variant="secondary">{tCommon('disabled')}</Badge>}
                    </div>
                  </CardTableCell>
                  <CardTableCell className="pr-4 max-lg:pt-2">
                    <div className="flex gap-2 max-lg:flex-wrap">
                      <ProductFormDialog
                        product={{
                          slug: product.slug,
                          name: product.name,
                          description: product.description,
                          upstreamUrl: product.upstreamUrl,
                          timeoutSeconds: product.timeoutMs / 1000,
                          maxBodyMiB: product.maxBodyBytes / (1024 * 1024),
                          enabled: product.enabled,
                          slugFixed: product.scopedKeyCount > 0,
                        }}
                      />
                      <RotateSecretButton slug={product.slug} />
                      <DeleteProductButton
                        slug={product.slug}
                        scopedKeyCount={product.scopedKeyCount}
                      />
                    </div>
                  </CardTableCell>
                </CardTableRow>
              ))}
            </CardTableBody>
          </CardTable>
        </div>
      )}
    </>
  );
}
