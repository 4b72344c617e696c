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
import { isExpired, timeLeft } from '@/lib/access-keys/expiry';
import {
  isUnused,
  MAX_ACCESS_KEYS_PER_ACCOUNT,
  type AccessKeyListItem,
} from '@/lib/access-keys/keys';
import { UNUSED_AFTER_DAYS } from '@/lib/access-keys/limits';
import { productNames, type ProductChoice } from '@/lib/products/scope-label';
import type { Sparkline } from '@/lib/usage/series';
import {
  DeleteButton,
  EditButton,
  KeyScopeButton,
  ShowSecretButton,
  StatusButton,
} from './access-key-row-actions';

/** Shown in a cell; longer lists say how many more there are. */
const ALLOW_LIST_SHOWN = 3;

function Expiry({ expiresAt, now }: { expiresAt: Date | null; now: number }) {
  const t = useTranslations('accessKeys');
  if (expiresAt === null) return <span className="text-muted-foreground">{t('noExpiry')}</span>;
  if (isExpired(expiresAt, now)) {
    return (
      <div className="text-destructive">
        {t.rich('expiredOn', {
          date: () => (
            <span className="block text-xs">
              <DateTime value={expiresAt} />
            </span>
          ),
        })}
      </div>
    );
  }
  const left = timeLeft(expiresAt, now);
  return (
    <div>
      {'days' in left
        ? t('expiresInDays', { days: left.days })
        : left.hours > 0
          ? t('expiresInHours', { hours: left.hours })
          : t('expiresSoon')}
      <span className="text-muted-foreground block text-xs">
        <DateTime value={expiresAt} />
      </span>
    </div>
  );
}

function AllowList({ entries }: { entries: string[] }) {
  const t = useTranslations('accessKeys');
  if (entries.length === 0) return <span className="text-muted-foreground">{t('anyAddress')}</span>;
  return (
    <ul className="font-mono text-xs" aria-label={t('allowedAddresses')}>
      {entries.slice(0, ALLOW_LIST_SHOWN).map((entry) => (
        <li key={entry}>{entry}</li>
      ))}
      {entries.length > ALLOW_LIST_SHOWN && (
        <li className="text-muted-foreground font-sans">
          {t('moreAddresses', { count: entries.length - ALLOW_LIST_SHOWN })}
        </li>
      )}
    </ul>
  );
}

export function AccessKeyTable({
  keys,
  usage,
  email,
  programmaticAccess,
  now,
  products,
}: {
  keys: AccessKeyListItem[];
  /** Each key's last 24 hours, by its id. */
  usage: ReadonlyMap<number, Sparkline>;
  email: string;
  programmaticAccess: boolean;
  /** The time the page was rendered: what "expires in" and "expired" are measured against. */
  now: number;
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
      <CardTable stackBelow="xl">
        <CardTableHeader stackBelow="xl">
          <TableRow>
            <TableHead>{t('common.accessKeyId')}</TableHead>
            <TableHead>{t('common.accessKeySecret')}</TableHead>
            <TableHead>{t('common.status')}</TableHead>
            <TableHead>{t('accessKeys.restrictions')}</TableHead>
            <TableHead>{t('common.created')}</TableHead>
            <TableHead>{t('common.lastUsed')}</TableHead>
            <TableHead>
              <span className="sr-only">{t('common.actions')}</span>
            </TableHead>
          </TableRow>
        </CardTableHeader>
        <CardTableBody stackBelow="xl">
          {keys.map((key) => {
            const expired = isExpired(key.expiresAt, now);
            return (
              <CardTableRow stackBelow="xl" key={key.id}>
                <CardTableCell stackBelow="xl" label={t('common.accessKeyId')} labelAbove>
                  {key.name && <span className="block font-medium">{key.name}</span>}
                  <span className="font-mono">{key.accessKeyId}</span>
                  {key.description && (
                    <span className="text-muted-foreground block max-w-64 text-xs break-words whitespace-pre-line">
                      {key.description}
                    </span>
                  )}
                </CardTableCell>
                <CardTableCell
                  stackBelow="xl"
                  label={t('common.accessKeySecret')}
                  className="text-muted-foreground font-mono"
                >
                  <span aria-hidden>{key.maskedSecret}</span>
                  <span className="sr-only">{t('accessKeys.hidden')}</span>
                </CardTableCell>
                <CardTableCell
                  stackBelow="xl"
                  label={t('common.status')}
                  className="min-w-32 whitespace-normal"
                >
                  {/* One element, so the card keeps the expiry beside its label. */}
                  <div className="grid gap-1">
                    <div className="flex flex-wrap gap-1">
                      {key.status === 'enabled' ? (
                        <Badge className="bg-emerald-600 text-white">{t('common.enabled')}</Badge>
                      ) : (
                        <Badge variant="secondary">{t('common.disabled')}</Badge>
                      )}
                      {key.leakedAt && (
                        <Badge variant="destructive" title={t('accessKeys.leakedTitle')}>
                          {t('accessKeys.leaked')}
                        </Badge>
                      )}
                      {isUnused(key, now) && (
                        <Badge variant="outline" className="text-amber-700 dark:text-amber-300">
                          {t('accessKeys.unused', { days: UNUSED_AFTER_DAYS })}
                        </Badge>
                      )}
                    </div>
                    <div className="text-sm">
                      <Expiry expiresAt={key.expiresAt} now={now} />
                    </div>
                  </div>
                </CardTableCell>
                <CardTableCell
                  stackBelow="xl"
                  label={t('accessKeys.restrictions')}
                  className="whitespace-normal"
                >
                  <dl className="grid max-w-48 gap-1">
                    <div>
                      <dt className="text-muted-foreground text-xs">{t('accessKeys.allowList')}</dt>
                      <dd>
                        <AllowList entries={key.allowedIps} />
                      </dd>
                    </div>
                    <div>
                      <dt className="text-muted-foreground text-xs">{t('accessKeys.products')}</dt>
                      <dd>
                        {key.products === 'all' ? (
                          <span className="text-muted-foreground">
                            {t('accessKeys.allProducts')}
                          </span>
                        ) : (
                          format.list(productNames(key.products, products))
                        )}
                      </dd>
                    </div>
                  </dl>
                </CardTableCell>
                <CardTableCell
                  stackBelow="xl"
                  label={t('common.created')}
                  className="min-w-28 whitespace-normal"
                >
                  <DateTime value={key.createdAt} />
                </CardTableCell>
                <CardTableCell
                  stackBelow="xl"
                  label={t('common.lastUsed')}
                  className="min-w-28 whitespace-normal"
                >
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
                <CardTableCell stackBelow="xl" className="max-xl:pt-2">
                  <div className="flex flex-wrap gap-2">
                    <EditButton accessKey={key} email={email} />
                    <StatusButton
                      accessKey={key}
                      canEnable={programmaticAccess && key.leakedAt === null}
                    />
                    <ShowSecretButton
                      accessKey={key}
                      email={email}
                      disabled={!programmaticAccess}
                    />
                    <KeyScopeButton accessKey={key} products={products} email={email} />
                    {(key.status === 'disabled' || expired) && <DeleteButton accessKey={key} />}
                  </div>
                </CardTableCell>
              </CardTableRow>
            );
          })}
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
