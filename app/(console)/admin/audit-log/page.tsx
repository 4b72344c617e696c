import { Download, Filter } from 'lucide-react';
import type { Metadata } from 'next';
import { getTimeZone, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { AuditEventTable, auditActionLabel } from '@/components/audit-event-table';
import { PageHeader } from '@/components/page-header';
import { PaginationLinks } from '@/components/pagination-links';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { AUDIT_ACTIONS } from '@/lib/audit/record';
import { auditFilterParams, listAuditEvents, parseAuditFilter } from '@/lib/audit/log';
import { requireAdmin } from '@/lib/auth/guards';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auditLog'))('title') };
}

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
  const t = await getTranslations('auditLog');
  const tNav = await getTranslations('nav');
  const tEvents = await getTranslations('auditEvents');

  return (
    <>
      <PageHeader
        crumbs={[
          { label: tNav('administration') },
          { label: tNav('auditLog'), href: '/admin/audit-log' },
        ]}
        title={t('title')}
        description={t('description', { timeZone: await getTimeZone() })}
        actions={
          <Button asChild variant="outline">
            <a href={`/admin/audit-log/export?${auditFilterParams(filter)}`} download>
              <Download aria-hidden /> {t('exportCsv')}
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
          aria-label={t('filterLabel')}
          className="grid gap-3 border-b p-4 sm:grid-cols-2 lg:grid-cols-[1.4fr_1.4fr_1fr_1fr_auto] lg:items-end"
        >
          <div className="grid gap-1.5">
            <Label htmlFor="audit-actor">{t('actor')}</Label>
            <Input
              id="audit-actor"
              name="actor"
              type="text"
              inputMode="email"
              defaultValue={filter.actor ?? ''}
              placeholder={t('anyActor')}
            />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="audit-action">{t('action')}</Label>
            <select
              id="audit-action"
              name="action"
              defaultValue={filter.action ?? ''}
              className={fieldClass}
            >
              <option value="">{t('allActions')}</option>
              {AUDIT_ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {auditActionLabel(action, tEvents)}
                </option>
              ))}
            </select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="audit-from">{t('from')}</Label>
            <Input id="audit-from" name="from" type="date" defaultValue={day(filter.from)} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="audit-to">{t('to')}</Label>
            <Input id="audit-to" name="to" type="date" defaultValue={day(filter.to)} />
          </div>
          <div className="flex gap-2">
            <Button type="submit" variant="secondary">
              <Filter aria-hidden /> {t('apply')}
            </Button>
            {filtered && (
              <Button asChild variant="ghost">
                <Link href="/admin/audit-log">{t('clear')}</Link>
              </Button>
            )}
          </div>
        </form>
        {rangeInverted && (
          <p className="text-destructive border-b px-4 py-2 text-sm">{t('rangeInverted')}</p>
        )}
        <AuditEventTable
          label={t('tableLabel')}
          events={result.items}
          emptyText={filtered ? t('noMatch') : t('empty')}
        />
        <PaginationLinks page={result.page} hasNext={result.hasNext} hrefFor={hrefFor} />
      </Card>
    </>
  );
}
