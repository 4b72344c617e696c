import {
  CardTable,
  CardTableBody,
  CardTableCell,
  CardTableHeader,
  CardTableRow,
} from '@/components/card-table';
import { TableHead, TableRow } from '@/components/ui/table';
import type { AuditListItem } from '@/lib/audit/log';
import { formatDateTime } from '@/lib/format';

function targetLabel(event: AuditListItem) {
  if (!event.targetType) return '—';
  if (event.targetType === 'user') return event.targetEmail ?? `Account #${event.targetId}`;
  if (event.targetType === 'access_key') return `AccessKey ${event.targetId}`;
  // Session ids identify a sign-in; they are not shown.
  if (event.targetType === 'session') return 'Session';
  if (event.targetType === 'setting') return `Setting ${event.targetId ?? ''}`.trim();
  return `${event.targetType} ${event.targetId ?? ''}`.trim();
}

function detailText(detail: AuditListItem['detail']) {
  if (!detail) return '';
  const { from, to, ...rest } = detail;
  const parts = Object.entries(rest).map(([key, value]) => `${key}: ${String(value)}`);
  if (from !== undefined || to !== undefined) parts.push(`${String(from)} → ${String(to)}`);
  return parts.join(' · ');
}

/**
 * Audit events as a table, or cards on a narrow screen; shared by the administrator's audit log and
 * an account's activity.
 */
export function AuditEventTable({
  events,
  emptyText,
  label,
}: {
  events: AuditListItem[];
  emptyText: string;
  label: string;
}) {
  return (
    <CardTable aria-label={label}>
      <CardTableHeader>
        <TableRow>
          <TableHead className="pl-4">Time</TableHead>
          <TableHead>Actor</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Target</TableHead>
          <TableHead>Details</TableHead>
          <TableHead className="pr-4">Source</TableHead>
        </TableRow>
      </CardTableHeader>
      <CardTableBody>
        {events.length === 0 && (
          <CardTableRow>
            <CardTableCell
              colSpan={6}
              className="text-muted-foreground p-6 text-center max-lg:text-center"
            >
              {emptyText}
            </CardTableCell>
          </CardTableRow>
        )}
        {events.map((event) => (
          <CardTableRow key={event.id}>
            <CardTableCell label="Time" className="pl-4 whitespace-nowrap">
              <time dateTime={event.createdAt.toISOString()}>
                {formatDateTime(event.createdAt)}
              </time>
            </CardTableCell>
            <CardTableCell label="Actor">{event.actorEmail ?? 'System'}</CardTableCell>
            <CardTableCell label="Action">
              <span title={event.action}>{event.actionLabel}</span>
            </CardTableCell>
            <CardTableCell label="Target">{targetLabel(event)}</CardTableCell>
            <CardTableCell
              label="Details"
              className="max-w-xs text-xs break-words whitespace-normal max-lg:empty:hidden"
            >
              {detailText(event.detail)}
            </CardTableCell>
            <CardTableCell label="Source" className="max-w-[14rem] pr-4">
              <div>
                <span className="block">{event.ip ?? '—'}</span>
                {event.userAgent && (
                  <span
                    className="text-muted-foreground block truncate text-xs"
                    title={event.userAgent}
                  >
                    {event.userAgent}
                  </span>
                )}
              </div>
            </CardTableCell>
          </CardTableRow>
        ))}
      </CardTableBody>
    </CardTable>
  );
}
