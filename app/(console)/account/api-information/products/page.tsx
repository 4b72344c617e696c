import { Boxes } from 'lucide-react';
import type { Metadata } from 'next';
import {
  CardTable,
  CardTableBody,
  CardTableCell,
  CardTableHeader,
  CardTableRow,
} from '@/components/card-table';
import { CopyButton } from '@/components/copy-button';
import { ACCOUNT_CRUMBS, PageHeader } from '@/components/page-header';
import { TableHead, TableRow } from '@/components/ui/table';
import { requireSession } from '@/lib/auth/guards';
import { appUrl } from '@/lib/config/env';
import { listEnabledProducts } from '@/lib/products/products';

export const metadata: Metadata = { title: 'Products' };

export default async function ProductsPage() {
  await requireSession();
  const products = await listEnabledProducts();
  const base = appUrl().replace(/\/$/, '');
  return (
    <>
      <PageHeader
        crumbs={[
          ACCOUNT_CRUMBS.accountManagement,
          ACCOUNT_CRUMBS.basicInformation,
          ACCOUNT_CRUMBS.apiInformation,
          ACCOUNT_CRUMBS.products,
        ]}
        title="Products"
        description="The APIs your AccessKeys open besides the Open API. Sign each request exactly as for the Open API and send it to the product's gateway URL; a key limited to chosen products opens only those."
      />
      {products.length === 0 ? (
        <div className="bg-card grid justify-items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center">
          <Boxes className="text-muted-foreground size-8" aria-hidden />
          <h2 className="font-medium">No products yet</h2>
          <p className="text-muted-foreground max-w-xl text-sm">
            An administrator registers the products that AccessKeys can call through the console.
            Until then your keys open the Open API only.
          </p>
        </div>
      ) : (
        <div className="bg-card min-w-0 rounded-lg border">
          <CardTable aria-label="Products">
            <CardTableHeader>
              <TableRow>
                <TableHead className="pl-4">Product</TableHead>
                <TableHead>Description</TableHead>
                <TableHead className="pr-4">Gateway URL</TableHead>
              </TableRow>
            </CardTableHeader>
            <CardTableBody>
              {products.map((product) => {
                const url = `${base}/gateway/${product.slug}/`;
                return (
                  <CardTableRow key={product.slug}>
                    <CardTableCell label="Product" labelAbove className="pl-4">
                      <div>
                        <span className="font-medium">{product.name}</span>
                        <span className="text-muted-foreground block font-mono text-xs">
                          {product.slug}
                        </span>
                      </div>
                    </CardTableCell>
                    <CardTableCell label="Description" className="text-muted-foreground">
                      {product.description || '—'}
                    </CardTableCell>
                    <CardTableCell label="Gateway URL" className="pr-4">
                      <div className="flex items-center gap-1">
                        <code className="font-mono text-xs break-all">{url}</code>
                        <CopyButton value={url} label={`${product.name} gateway URL`} />
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
