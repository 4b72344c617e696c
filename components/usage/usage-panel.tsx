import {
  CardTable,
  CardTableBody,
  CardTableCell,
  CardTableHeader,
  CardTableRow,
} from '@/components/card-table';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@/components/ui/table';
import { useFormatter, useTranslations } from 'next-intl';
import { UNKNOWN_PRODUCT } from '@/lib/usage/products';
import { forProduct, type UsageSeries } from '@/lib/usage/series';
import { CLIENT_ERRORS, OutcomeCells, OutcomeHeads, SERVER_ERRORS } from './outcome-columns';
import { UsageChart, type ChartBucket } from './usage-chart';

// HTTP status classes: the same in every language.

const fieldClass =
  'border-input dark:bg-input/30 focus-visible:border-ring focus-visible:ring-ring/50 h-9 w-full rounded-md border bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px] sm:w-56';

const HOUR_NAME = {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
} as const;
const DAY_NAME = { dateStyle: 'medium', timeZone: 'UTC' } as const;

function chartBuckets(series: UsageSeries): ChartBucket[] {
  return series.buckets.map((bucket) => ({
    start: bucket.start.getTime(),
    calls: bucket.calls,
    clientErrors: bucket.clientErrors,
    serverErrors: bucket.serverErrors,
  }));
}

/**
 * Calls per hour for 24 hours and per day for 30 days, by outcome, for every product or the one
 * chosen (`?product=`), and each product's share: a key's usage, or all keys' for administrators.
 */
export function UsagePanel({
  hourly,
  daily,
  product,
  action,
}: {
  hourly: UsageSeries;
  daily: UsageSeries;
  /** The product to show alone; every product when undefined. */
  product?: string;
  /** Where the product filter sends its GET. */
  action: string;
}) {
  const t = useTranslations('usage');
  const format = useFormatter();
  const count = (value: number) => format.number(value);
  const productName = (name: string) => (name === UNKNOWN_PRODUCT ? t('unknownProduct') : name);
  // The share of `part` in `whole`, or a dash when there is nothing to share.
  const share = (part: number, whole: number) =>
    whole === 0 ? '–' : format.number(part / whole, { style: 'percent', maximumFractionDigits: 1 });
  const products = daily.byProduct.map((entry) => entry.product);
  if (product !== undefined && !products.includes(product)) products.push(product);
  const shownHourly = product === undefined ? hourly : forProduct(hourly, product);
  const shownDaily = product === undefined ? daily : forProduct(daily, product);
  const day = shownHourly.totals;
  const failed = day.clientErrors + day.serverErrors;
  const hourlyCalls = new Map(hourly.byProduct.map((entry) => [entry.product, entry.calls]));

  return (
    <div className="grid min-w-0 gap-4">
      <form
        method="get"
        action={action}
        aria-label={t('filterLabel')}
        className="flex flex-wrap items-end gap-3"
      >
        <div className="grid gap-1.5">
          <Label htmlFor="usage-product">{t('product')}</Label>
          <select
            id="usage-product"
            name="product"
            defaultValue={product ?? ''}
            className={fieldClass}
          >
            <option value="">{t('allProducts')}</option>
            {products.map((name) => (
              <option key={name} value={name}>
                {productName(name)}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="outline">
          {t('show')}
        </Button>
      </form>

      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label={t('calls24h')} value={count(day.calls)} />
        <Stat
          label={t('failed24h')}
          value={count(failed)}
          detail={t('shareOfCalls', { share: share(failed, day.calls) })}
        />
        <Stat
          label={t('serverErrors24h')}
          value={count(day.serverErrors)}
          detail={t('shareOfCalls', { share: share(day.serverErrors, day.calls) })}
        />
        <Stat label={t('calls30d')} value={count(shownDaily.totals.calls)} />
      </dl>

      <ChartCard
        series={shownHourly}
        title={t('hourlyTitle')}
        name={(start) => format.dateTime(start, HOUR_NAME)}
      />
      <ChartCard
        series={shownDaily}
        title={t('dailyTitle')}
        name={(start) => format.dateTime(start, DAY_NAME)}
      />

      <Card className="min-w-0 gap-0 py-0">
        <h2 className="border-b px-4 py-3 text-sm font-medium">{t('byProduct')}</h2>
        {daily.byProduct.length === 0 ? (
          <p className="text-muted-foreground px-4 py-6 text-sm">{t('noCalls30d')}</p>
        ) : (
          <CardTable>
            <CardTableHeader>
              <TableRow>
                <TableHead>{t('product')}</TableHead>
                <TableHead className="text-right">{t('last24h')}</TableHead>
                <OutcomeHeads />
              </TableRow>
            </CardTableHeader>
            <CardTableBody>
              {daily.byProduct.map((entry) => (
                <CardTableRow key={entry.product}>
                  <CardTableCell
                    label={t('product')}
                    labelAbove
                    className={entry.product === UNKNOWN_PRODUCT ? undefined : 'font-mono'}
                  >
                    {productName(entry.product)}
                  </CardTableCell>
                  <CardTableCell label={t('last24h')} className="text-right tabular-nums">
                    {count(hourlyCalls.get(entry.product) ?? 0)}
                  </CardTableCell>
                  <OutcomeCells
                    calls={entry.calls}
                    clientErrors={entry.clientErrors}
                    serverErrors={entry.serverErrors}
                  />
                </CardTableRow>
              ))}
            </CardTableBody>
          </CardTable>
        )}
      </Card>
    </div>
  );
}

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="bg-card grid gap-1 rounded-lg border p-4">
      <dt className="text-muted-foreground text-xs">{label}</dt>
      <dd className="text-xl font-semibold tabular-nums">{value}</dd>
      {detail && <dd className="text-muted-foreground text-xs">{detail}</dd>}
    </div>
  );
}

function ChartCard({
  series,
  title,
  name,
}: {
  series: UsageSeries;
  title: string;
  name: (start: Date) => string;
}) {
  const t = useTranslations('usage');
  const format = useFormatter();
  return (
    <Card className="min-w-0 gap-3 p-4">
      <UsageChart buckets={chartBuckets(series)} granularity={series.granularity} title={title} />
      <details className="text-sm">
        <summary className="text-muted-foreground hover:text-foreground w-fit cursor-pointer text-xs">
          {t('showNumbers')}
        </summary>
        <Table className="mt-2">
          <TableHeader>
            <TableRow>
              <TableHead>{series.granularity === 'hour' ? t('hourUtc') : t('dayUtc')}</TableHead>
              <TableHead className="text-right">{t('calls')}</TableHead>
              <TableHead className="text-right">{CLIENT_ERRORS}</TableHead>
              <TableHead className="text-right">{SERVER_ERRORS}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {series.buckets.map((bucket) => (
              <TableRow key={bucket.start.getTime()}>
                <TableCell>{name(bucket.start)}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {format.number(bucket.calls)}
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  {format.number(bucket.clientErrors)}
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  {format.number(bucket.serverErrors)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </details>
    </Card>
  );
}
