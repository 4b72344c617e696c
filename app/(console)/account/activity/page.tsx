import type { Metadata } from 'next';
import { AuditEventTable } from '@/components/audit-event-table';
import { ACCOUNT_CRUMBS, PageHeader } from '@/components/page-header';
import { PaginationLinks } from '@/components/pagination-links';
import { Card } from '@/components/ui/card';
import { listAccountActivity } from '@/lib/audit/log';
import { requireSession } from '@/lib/auth/guards';

export const metadata: Metadata = { title: 'Activity' };

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
  return (
    <>
      <PageHeader
        crumbs={[
          ACCOUNT_CRUMBS.accountManagement,
          { label: 'Activity', href: '/account/activity' },
        ]}
        title="Activity"
        description="Security events of your account, newest first: what you did, and what administrators did to it. Times are UTC."
      />
      <Card className="gap-0 py-0">
        <AuditEventTable
          label="Your activity"
          // Where an administrator acted from is theirs to know, not the account holder's.
          events={result.items.map((event) =>
            event.actorId === user.id ? event : { ...event, ip: null, userAgent: null },
          )}
          emptyText="No activity yet."
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
