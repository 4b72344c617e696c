import { KeyRound } from 'lucide-react';
import {
  CardTable,
  CardTableBody,
  CardTableCell,
  CardTableHeader,
  CardTableRow,
} from '@/components/card-table';
import { useFormatter, useTranslations } from 'next-intl';
import { DateTime } from '@/components/date-time';
import { Badge } from '@/components/ui/badge';
import { TableHead, TableRow } from '@/components/ui/table';
import { MAX_ACCESS_KEYS_PER_ACCOUNT, type AccessKeyListItem } from '@/lib/access-keys/keys';
import { productNames, type ProductChoice } from '@/lib/products/scope-label';
import {
  DeleteButton,
  KeyScopeButton,
  ShowSecretButton,
  StatusButton,
} from './access-key-row-actions';

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
  const t = useTranslations();
  const format = useFormatter();
  if (keys.length === 0) {
    return (
      <div className="bg-card grid justify-items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center">
        <KeyRound className="text-muted-foreground size-8" aria-hidden />
        <h2 className="font-medium">{t('accessKeys.emptyTitle')}</h2>
        <p className="text-muted-foreground max-w-xl text-sm">
          {t('accessKeys.emptyBody', { max: MAX_ACCESS_KEYS_PER_ACCOUNT })}
        </p>
      </div>
    );
  }
  return (
    <div className="bg-card min-w-0 rounded-lg border">
      <CardTable>
        <CardTableHeader>
          <TableRow>
            <TableHead>{t('common.accessKeyId')}</TableHead>
            <TableHead>{t('common.accessKeySecret')}</TableHead>
            <TableHead>{t('common.status')}</TableHead>
            <TableHead>{t('accessKeys.products')}</TableHead>
            <TableHead>{t('common.created')}</TableHead>
            <TableHead>{t('common.lastUsed')}</TableHead>
            <TableHead>
              <span className="sr-only">{t('common.actions')}</span>
            </TableHead>
          </TableRow>
        </CardTableHeader>
        <CardTableBody>
          {keys.map((key) => (
            <CardTableRow key={key.id}>
              <CardTableCell label={t('common.accessKeyId')} labelAbove className="font-mono">
                {key.accessKeyId}
              </CardTableCell>
              <CardTableCell
                label={t('common.accessKeySecret')}
                className="text-muted-foreground font-mono"
              >
                <span aria-hidden>{key.maskedSecret}</span>
                <span className="sr-only">{t('accessKeys.hidden')}</span>
              </CardTableCell>
              <CardTableCell label={t('common.status')}>
                {key.status === 'enabled' ? (
                  <Badge className="bg-emerald-600 text-white">{t('common.enabled')}</Badge>
                ) : (
                  <Badge variant="secondary">{t('common.disabled')}</Badge>
                )}
              </CardTableCell>
              <CardTableCell label={t('accessKeys.products')} className="max-w-56">
                {key.products === 'all' ? (
                  <span className="text-muted-foreground">{t('accessKeys.allProducts')}</span>
                ) : (
                  format.list(productNames(key.products, products))
                )}
              </CardTableCell>
              <CardTableCell label={t('common.created')} className="whitespace-nowrap">
                <DateTime value={key.createdAt} />
              </CardTableCell>
              <CardTableCell label={t('common.lastUsed')} className="whitespace-nowrap">
                {key.lastUsedAt ? (
                  <div>
                    <DateTime value={key.lastUsedAt} relative />
                    {key.lastUsedIp && (
                      <span className="text-muted-foreground block text-xs">
                        {t('accessKeys.lastUsedFrom', { ip: key.lastUsedIp })}
                      </span>
                    )}
                  </div>
                ) : (
                  <span className="text-muted-foreground">{t('common.never')}</span>
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
