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
import { formatCount, formatShare } from '@/lib/format';
import { forProduct, type UsageSeries } from '@/lib/usage/series';
import { UsageChart, type ChartBucket } from './usage-chart';

const fieldClass =
  'border-input dark:bg-input/30 focus-visible:border-ring focus-visible:ring-ring/50 h-9 w-full rounded-md border bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px] sm:w-56';

const hourName = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});
const dayName = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

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
        aria-label="Choose a product"
        className="flex flex-wrap items-end gap-3"
      >
        <div className="grid gap-1.5">
          <Label htmlFor="usage-product">Product</Label>
          <select
            id="usage-product"
            name="product"
            defaultValue={product ?? ''}
            className={fieldClass}
          >
            <option value="">All products</option>
            {products.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="outline">
          Show
        </Button>
      </form>

      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="Calls, last 24 hours" value={formatCount(day.calls)} />
        <Stat
          label="Failed, last 24 hours"
          value={formatCount(failed)}
          detail={`${formatShare(failed, day.calls)} of calls`}
        />
        <Stat
          label="5xx, last 24 hours"
          value={formatCount(day.serverErrors)}
          detail={`${formatShare(day.serverErrors, day.calls)} of calls`}
        />
        <Stat label="Calls, last 30 days" value={formatCount(shownDaily.totals.calls)} />
      </dl>

      <ChartCard
        series={shownHourly}
        title="Calls per hour, last 24 hours"
        name={(start) => `${hourName.format(start)} UTC`}
      />
      <ChartCard
        series={shownDaily}
        title="Calls per day, last 30 days"
        name={(start) => dayName.format(start)}
      />

      <Card className="min-w-0 gap-0 py-0">
        <h2 className="border-b px-4 py-3 text-sm font-medium">By product, last 30 days</h2>
        {daily.byProduct.length === 0 ? (
          <p className="text-muted-foreground px-4 py-6 text-sm">No calls in the last 30 days.</p>
        ) : (
          <CardTable>
            <CardTableHeader>
              <TableRow>
                <TableHead>Product</TableHead>
                <TableHead className="text-right">Last 24 hours</TableHead>
                <TableHead className="text-right">Calls</TableHead>
                <TableHead className="text-right">4xx</TableHead>
                <TableHead className="text-right">5xx</TableHead>
                <TableHead className="text-right">Failed</TableHead>
              </TableRow>
            </CardTableHeader>
            <CardTableBody>
              {daily.byProduct.map((entry) => (
                <CardTableRow key={entry.product}>
                  <CardTableCell label="Product" labelAbove className="font-mono">
                    {entry.product}
                  </CardTableCell>
                  <CardTableCell label="Last 24 hours" className="text-right tabular-nums">
                    {formatCount(hourlyCalls.get(entry.product) ?? 0)}
                  </CardTableCell>
                  <CardTableCell label="Calls" className="text-right tabular-nums">
                    {formatCount(entry.calls)}
                  </CardTableCell>
                  <CardTableCell label="4xx" className="text-right tabular-nums">
                    {formatCount(entry.clientErrors)}
                  </CardTableCell>
                  <CardTableCell label="5xx" className="text-right tabular-nums">
                    {formatCount(entry.serverErrors)}
                  </CardTableCell>
                  <CardTableCell label="Failed" className="text-right tabular-nums">
                    {formatShare(entry.clientErrors + entry.serverErrors, entry.calls)}
                  </CardTableCell>
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
  return (
    <Card className="min-w-0 gap-3 p-4">
      <UsageChart buckets={chartBuckets(series)} granularity={series.granularity} title={title} />
      <details className="text-sm">
        <summary className="text-muted-foreground hover:text-foreground w-fit cursor-pointer text-xs">
          Show the numbers
        </summary>
        <Table className="mt-2">
          <TableHeader>
            <TableRow>
              <TableHead>{series.granularity === 'hour' ? 'Hour (UTC)' : 'Day (UTC)'}</TableHead>
              <TableHead className="text-right">Calls</TableHead>
              <TableHead className="text-right">4xx</TableHead>
              <TableHead className="text-right">5xx</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {series.buckets.map((bucket) => (
              <TableRow key={bucket.start.getTime()}>
                <TableCell>{name(bucket.start)}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {formatCount(bucket.calls)}
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  {formatCount(bucket.clientErrors)}
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  {formatCount(bucket.serverErrors)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </details>
    </Card>
  );
}
