import type { Metadata } from 'next';
import { getTimeZone, getTranslations } from 'next-intl/server';
import { AuditEventTable } from '@/components/audit-event-table';
import { accountCrumbs, PageHeader } from '@/components/page-header';
import { PaginationLinks } from '@/components/pagination-links';
import { Card } from '@/components/ui/card';
import { listAccountActivity } from '@/lib/audit/log';
import { requireSession } from '@/lib/auth/guards';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('activity'))('title') };
}

export default async function ActivityPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  const { user } = await requireSession();
  const { page: pageParam } = await searchParams;
  const requested = Number.parseInt(
    Array.isArray(pageParam) ? pageParam[0] : (pageParam ?? '1'),
    10,
  );
  const result = await listAccountActivity(user.id, {
    page: Number.isFinite(requested) ? requested : 1,
  });
  const t = await getTranslations('activity');
  const crumbs = await accountCrumbs();
  return (
    <>
      <PageHeader
        crumbs={[crumbs.accountManagement, { label: t('title'), href: '/account/activity' }]}
        title={t('title')}
        description={t('description', { timeZone: await getTimeZone() })}
      />
      <Card className="gap-0 py-0">
        <AuditEventTable
          label={t('tableLabel')}
          // Where an administrator acted from is theirs to know, not the account holder's.
          events={result.items.map((event) =>
            event.actorId === user.id ? event : { ...event, ip: null, userAgent: null },
          )}
          emptyText={t('empty')}
        />
        <PaginationLinks
          page={result.page}
          hasNext={result.hasNext}
          hrefFor={(page) => (page > 1 ? `/account/activity?page=${page}` : '/account/activity')}
        />
      </Card>
    </>
  );
}
