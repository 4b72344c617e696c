import { Boxes } from 'lucide-react';
import type { Metadata } from 'next';
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
import { formatDateTime } from '@/lib/format';
import { listProducts } from '@/lib/products/products';
import { formatBytes } from '@/lib/products/validation';
import { ProductFormDialog } from './product-form-dialog';
import {
  DeleteProductButton,
  ProductEnabledSwitch,
  RotateSecretButton,
} from './product-row-actions';

export const metadata: Metadata = { title: 'Products' };

export default async function AdminProductsPage() {
  await requireAdmin();
  const products = await listProducts();
  return (
    <>
      <PageHeader
        crumbs={[{ label: 'Administration' }, { label: 'Products', href: '/admin/products' }]}
        title="Products"
        description="Your own APIs that AccessKeys open: through the console's gateway at /gateway/{slug}/, or behind your nginx, Envoy, Traefik or Caddy asking /api/v1/authorize."
        actions={<ProductFormDialog />}
      />
      {products.length === 0 ? (
        <div className="bg-card grid justify-items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center">
          <Boxes className="text-muted-foreground size-8" aria-hidden />
          <h2 className="font-medium">No products yet</h2>
          <p className="text-muted-foreground max-w-xl text-sm">
            Register a product to let AccessKeys call it. Each product gets a signing secret its
            upstream uses to check that a request came through the console.
          </p>
        </div>
      ) : (
        <div className="bg-card min-w-0 rounded-lg border">
          <CardTable aria-label="Products">
            <CardTableHeader>
              <TableRow>
                <TableHead className="pl-4">Product</TableHead>
                <TableHead>Upstream</TableHead>
                <TableHead>Limits</TableHead>
                <TableHead>Scoped keys</TableHead>
                <TableHead>Enabled</TableHead>
                <TableHead className="pr-4">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </CardTableHeader>
            <CardTableBody>
              {products.map((product) => (
                <CardTableRow key={product.id}>
                  <CardTableCell label="Product" labelAbove className="pl-4">
                    <div>
                      <span className="font-medium">{product.name}</span>
                      <span className="text-muted-foreground block font-mono text-xs">
                        {product.slug}
                      </span>
                      {product.previousSecretValidUntil && (
                        <span className="text-muted-foreground block text-xs">
                          Previous secret valid until{' '}
                          {formatDateTime(product.previousSecretValidUntil)}
                        </span>
                      )}
                    </div>
                  </CardTableCell>
                  <CardTableCell label="Upstream" className="font-mono text-xs break-all">
                    {product.upstreamUrl}
                  </CardTableCell>
                  <CardTableCell label="Limits" className="whitespace-nowrap">
                    {product.timeoutMs / 1000} s, {formatBytes(product.maxBodyBytes)}
                  </CardTableCell>
                  <CardTableCell label="Scoped keys">{product.scopedKeyCount}</CardTableCell>
                  <CardTableCell label="Enabled">
                    <div className="flex items-center gap-2">
                      <ProductEnabledSwitch slug={product.slug} enabled={product.enabled} />
                      {!product.enabled && <Badge variant="secondary">Disabled</Badge>}
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
