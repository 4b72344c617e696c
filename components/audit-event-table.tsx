import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@/components/ui/table';
import type { AuditListItem } from '@/lib/audit/log';
import { formatDateTime } from '@/lib/format';

function targetLabel(event: AuditListItem) {
  if (!event.targetType) return '—';
  if (event.targetType === 'user') return event.targetEmail ?? `Account #${event.targetId}`;
  if (event.targetType === 'access_key') return `AccessKey ${event.targetId}`;
  // Session ids identify a sign-in; they are not shown.
  if (event.targetType === 'session') return 'Session';
  return `${event.targetType} ${event.targetId ?? ''}`.trim();
}

function detailText(detail: AuditListItem['detail']) {
  if (!detail) return '';
  const { from, to, ...rest } = detail;
  const parts = Object.entries(rest).map(([key, value]) => `${key}: ${String(value)}`);
  if (from !== undefined || to !== undefined) parts.push(`${String(from)} → ${String(to)}`);
  return parts.join(' · ');
}

/** Audit events as a table; shared by the administrator's audit log and an account's activity. */
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
    <Table aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHead className="pl-4">Time</TableHead>
          <TableHead>Actor</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Target</TableHead>
          <TableHead>Details</TableHead>
          <TableHead className="pr-4">Source</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {events.length === 0 && (
          <TableRow>
            <TableCell colSpan={6} className="text-muted-foreground p-6 text-center">
              {emptyText}
            </TableCell>
          </TableRow>
        )}
        {events.map((event) => (
          <TableRow key={event.id}>
            <TableCell className="pl-4 whitespace-nowrap">
              <time dateTime={event.createdAt.toISOString()}>
                {formatDateTime(event.createdAt)}
              </time>
            </TableCell>
            <TableCell>{event.actorEmail ?? 'System'}</TableCell>
            <TableCell>
              <span title={event.action}>{event.actionLabel}</span>
            </TableCell>
            <TableCell>{targetLabel(event)}</TableCell>
            <TableCell className="max-w-xs text-xs break-words whitespace-normal">
              {detailText(event.detail)}
            </TableCell>
            <TableCell className="max-w-[14rem] pr-4">
              <span className="block">{event.ip ?? '—'}</span>
              {event.userAgent && (
                <span
                  className="text-muted-foreground block truncate text-xs"
                  title={event.userAgent}
                >
                  {event.userAgent}
                </span>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
