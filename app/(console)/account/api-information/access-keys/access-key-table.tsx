import { KeyRound } from 'lucide-react';
import {
  CardTable,
  CardTableBody,
  CardTableCell,
  CardTableHeader,
  CardTableRow,
} from '@/components/card-table';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { DateTime } from '@/components/date-time';
import { UsageSparkline } from '@/components/usage/usage-sparkline';
import { Badge } from '@/components/ui/badge';
import { TableHead, TableRow } from '@/components/ui/table';
import { MAX_ACCESS_KEYS_PER_ACCOUNT, type AccessKeyListItem } from '@/lib/access-keys/keys';
import { productNames, type ProductChoice } from '@/lib/products/scope-label';
import type { Sparkline } from '@/lib/usage/series';
import {
  DeleteButton,
  KeyScopeButton,
  ShowSecretButton,
  StatusButton,
} from './access-key-row-actions';

export function AccessKeyTable({
  keys,
  usage,
  email,
  programmaticAccess,
  products,
}: {
  keys: AccessKeyListItem[];
  /** Each key's last 24 hours, by its id. */
  usage: ReadonlyMap<number, Sparkline>;
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
                <div className="grid justify-items-start gap-1">
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
                  <UsageLink accessKeyId={key.accessKeyId} points={usage.get(key.id) ?? []} />
                </div>
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

/** The key's last 24 hours as a sparkline and a count, linking to its usage page. */
function UsageLink({ accessKeyId, points }: { accessKeyId: string; points: Sparkline }) {
  const t = useTranslations('accessKeys');
  const calls = points.reduce((sum, point) => sum + point.calls, 0);
  const failed = points.reduce((sum, point) => sum + point.errors, 0);
  const summary = t('usageSummary', { calls, failed });
  return (
    <Link
      href={`/account/api-information/access-keys/${accessKeyId}`}
      aria-label={t('usageLink', { id: accessKeyId, summary })}
      title={summary}
      className="hover:bg-accent -mx-1 inline-flex items-center gap-2 rounded-md px-1 py-0.5 whitespace-nowrap"
    >
      <UsageSparkline points={points} />
      <span className="text-muted-foreground text-xs tabular-nums">
        {t('usageShort', { calls })}
      </span>
    </Link>
  );
}
