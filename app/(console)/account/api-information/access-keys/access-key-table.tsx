import { KeyRound } from 'lucide-react';
import {
  CardTable,
  CardTableBody,
  CardTableCell,
  CardTableHeader,
  CardTableRow,
} from '@/components/card-table';
import { Badge } from '@/components/ui/badge';
import { TableHead, TableRow } from '@/components/ui/table';
import { MAX_ACCESS_KEYS_PER_ACCOUNT, type AccessKeyListItem } from '@/lib/access-keys/keys';
import { formatDateTime } from '@/lib/format';
import {
  DeleteButton,
  KeyScopeButton,
  ShowSecretButton,
  StatusButton,
} from './access-key-row-actions';
import { scopeLabel, type ProductChoice } from '@/lib/products/scope-label';

export function AccessKeyTable({
  keys,
  email,
  programmaticAccess,
  products,
}: {
  keys: AccessKeyListItem[];
  email: string;
  programmaticAccess: boolean;
  products: readonly ProductChoice[];
}) {
  if (keys.length === 0) {
    return (
      <div className="bg-card grid justify-items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center">
        <KeyRound className="text-muted-foreground size-8" aria-hidden />
        <h2 className="font-medium">No AccessKeys yet</h2>
        <p className="text-muted-foreground max-w-xl text-sm">
          An AccessKey is an ID and a Secret that let your programs call the Open API as this
          account; your password is only for signing in to the console. Each account can hold up to{' '}
          {MAX_ACCESS_KEYS_PER_ACCOUNT} AccessKeys.
        </p>
      </div>
    );
  }
  return (
    <div className="bg-card min-w-0 rounded-lg border">
      <CardTable>
        <CardTableHeader>
          <TableRow>
            <TableHead>AccessKey ID</TableHead>
            <TableHead>AccessKey Secret</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Products</TableHead>
            <TableHead>Created</TableHead>
            <TableHead>Last used</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </CardTableHeader>
        <CardTableBody>
          {keys.map((key) => (
            <CardTableRow key={key.id}>
              <CardTableCell label="AccessKey ID" labelAbove className="font-mono">
                {key.accessKeyId}
              </CardTableCell>
              <CardTableCell label="AccessKey Secret" className="text-muted-foreground font-mono">
                <span aria-hidden>{key.maskedSecret}</span>
                <span className="sr-only">Hidden</span>
              </CardTableCell>
              <CardTableCell label="Status">
                {key.status === 'enabled' ? (
                  <Badge className="bg-emerald-600 text-white">Enabled</Badge>
                ) : (
                  <Badge variant="secondary">Disabled</Badge>
                )}
              </CardTableCell>
              <CardTableCell label="Products" className="max-w-56">
                {key.products === 'all' ? (
                  <span className="text-muted-foreground">All products</span>
                ) : (
                  scopeLabel(key.products, products)
                )}
              </CardTableCell>
              <CardTableCell label="Created" className="whitespace-nowrap">
                {formatDateTime(key.createdAt)}
              </CardTableCell>
              <CardTableCell label="Last used" className="whitespace-nowrap">
                {key.lastUsedAt ? (
                  <div>
                    {formatDateTime(key.lastUsedAt)}
                    {key.lastUsedIp && (
                      <span className="text-muted-foreground block text-xs">
                        from {key.lastUsedIp}
                      </span>
                    )}
                  </div>
                ) : (
                  <span className="text-muted-foreground">Never</span>
                )}
              </CardTableCell>
              <CardTableCell className="max-lg:pt-2">
                <div className="flex gap-2 max-lg:flex-wrap">
                  <StatusButton accessKey={key} canEnable={programmaticAccess} />
                  <ShowSecretButton accessKey={key} email={email} disabled={!programmaticAccess} />
                  <KeyScopeButton accessKey={key} products={products} email={email} />
                  {key.status === 'disabled' && <DeleteButton accessKey={key} />}
                </div>
              </CardTableCell>
            </CardTableRow>
          ))}
        </CardTableBody>
      </CardTable>
    </div>
  );
}
