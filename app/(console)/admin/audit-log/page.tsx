import { Download, Filter } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditEventTable } from '@/components/audit-event-table';
import { PageHeader } from '@/components/page-header';
import { PaginationLinks } from '@/components/pagination-links';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { AUDIT_ACTIONS } from '@/lib/audit/record';
import {
  auditActionLabel,
  auditFilterParams,
  listAuditEvents,
  parseAuditFilter,
} from '@/lib/audit/log';
import { requireAdmin } from '@/lib/auth/guards';

export const metadata: Metadata = { title: 'Audit Log' };

const fieldClass =
  'border-input dark:bg-input/30 focus-visible:border-ring focus-visible:ring-ring/50 h-9 w-full rounded-md border bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px]';

const day = (date: Date | undefined) => date?.toISOString().slice(0, 10) ?? '';

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin();
  const { filter, page } = parseAuditFilter(await searchParams);
  const result = await listAuditEvents(filter, { page });
  const filtered = Object.values(filter).some((value) => value !== undefined);
  const hrefFor = (target: number) =>
    `/admin/audit-log?${auditFilterParams(filter, target > 1 ? { page: String(target) } : {})}`;
  const rangeInverted = filter.from && filter.to && filter.from > filter.to;

  return (
    <>
      <PageHeader
        crumbs={[{ label: 'Administration' }, { label: 'Audit Log', href: '/admin/audit-log' }]}
        title="Audit Log"
        description="Every security event in the console, newest first: who did what, to what, when and from where. Times are UTC."
        actions={
          <Button asChild variant="outline">
            <a href={`/admin/audit-log/export?${auditFilterParams(filter)}`} download>
              <Download aria-hidden /> Export CSV
            </a>
          </Button>
        }
      />
      <Card className="gap-0 py-0">
        <form
          // Remounts on every filter change, so "Clear filters" also clears the fields.
          key={auditFilterParams(filter).toString()}
          method="get"
          action="/admin/audit-log"
          aria-label="Filter audit events"
          className="grid gap-3 border-b p-4 sm:grid-cols-2 lg:grid-cols-[1.4fr_1.4fr_1fr_1fr_auto] lg:items-end"
        >
          <div className="grid gap-1.5">
            <Label htmlFor="audit-actor">Actor email</Label>
            <Input
              id="audit-actor"
              name="actor"
              type="text"
              inputMode="email"
              defaultValue={filter.actor ?? ''}
              placeholder="Any actor"
            />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="audit-action">Action</Label>
            <select
              id="audit-action"
              name="action"
              defaultValue={filter.action ?? ''}
              className={fieldClass}
            >
              <option value="">All actions</option>
              {AUDIT_ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {auditActionLabel(action)}
                </option>
              ))}
            </select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="audit-from">From</Label>
            <Input id="audit-from" name="from" type="date" defaultValue={day(filter.from)} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="audit-to">To</Label>
            <Input id="audit-to" name="to" type="date" defaultValue={day(filter.to)} />
          </div>
          <div className="flex gap-2">
            <Button type="submit" variant="secondary">
              <Filter aria-hidden /> Apply filters
            </Button>
            {filtered && (
              <Button asChild variant="ghost">
                <Link href="/admin/audit-log">Clear filters</Link>
              </Button>
            )}
          </div>
        </form>
        {rangeInverted && (
          <p className="text-destructive border-b px-4 py-2 text-sm">
            The “From” date is after the “To” date, so no event can match.
          </p>
        )}
        <AuditEventTable
          label="Audit events"
          events={result.items}
          emptyText={filtered ? 'No event matches these filters.' : 'No events yet.'}
        />
        <PaginationLinks page={result.page} hasNext={result.hasNext} hrefFor={hrefFor} />
      </Card>
    </>
  );
}
