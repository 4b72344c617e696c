import { useTranslations } from 'next-intl';
import {
  CardTable,
  CardTableBody,
  CardTableCell,
  CardTableHeader,
  CardTableRow,
} from '@/components/card-table';
import { DateTime } from '@/components/date-time';
import { TableHead, TableRow } from '@/components/ui/table';
import type { AuditListItem } from '@/lib/audit/log';
import { AUDIT_ACTIONS, type AuditAction } from '@/lib/audit/record';

type Translate = ReturnType<typeof useTranslations<'auditEvents'>>;

function targetLabel(event: AuditListItem, t: Translate) {
  if (!event.targetType) return '—';
  if (event.targetType === 'user') {
    return event.targetEmail ?? t('targetAccount', { id: event.targetId ?? '' });
  }
  if (event.targetType === 'access_key') return t('targetAccessKey', { id: event.targetId ?? '' });
  if (event.targetType === 'product') return t('targetProduct', { slug: event.targetId ?? '' });
  // Session ids identify a sign-in; they are not shown.
  if (event.targetType === 'session') return t('targetSession');
  if (event.targetType === 'setting' && event.targetId === 'mfa_policy')
    return t('targetMfaPolicy');
  if (event.targetType === 'setting' && event.targetId === 'key_policy') {
    return t('targetKeyPolicy');
  }
  if (event.targetType === 'setting') return t('targetSetting', { id: event.targetId ?? '' });
  return `${event.targetType} ${event.targetId ?? ''}`.trim();
}

/** An audit action in words; an action this version does not know is shown as recorded. */
export function auditActionLabel(action: string, t: Translate) {
  return (AUDIT_ACTIONS as readonly string[]).includes(action)
    ? t(`actions.${action as AuditAction}`)
    : action;
}

function detailText(detail: AuditListItem['detail'], t: Translate) {
  if (!detail) return '';
  const { from, to, ...rest } = detail;
  const parts = Object.entries(rest).map(([key, value]) => {
    const name = t.has(`detailFields.${key}` as 'detailFields.email')
      ? t(`detailFields.${key}` as 'detailFields.email')
      : key;
    return `${name}: ${String(value)}`;
  });
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
  const t = useTranslations('auditEvents');
  return (
    <CardTable aria-label={label}>
      <CardTableHeader>
        <TableRow>
          <TableHead className="pl-4">{t('time')}</TableHead>
          <TableHead>{t('actor')}</TableHead>
          <TableHead>{t('action')}</TableHead>
          <TableHead>{t('target')}</TableHead>
          <TableHead>{t('details')}</TableHead>
          <TableHead className="pr-4">{t('source')}</TableHead>
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
            <CardTableCell label={t('time')} className="pl-4 whitespace-nowrap">
              <DateTime value={event.createdAt} />
            </CardTableCell>
            <CardTableCell label={t('actor')}>{event.actorEmail ?? t('system')}</CardTableCell>
            <CardTableCell label={t('action')}>
              <span title={event.action}>{auditActionLabel(event.action, t)}</span>
            </CardTableCell>
            <CardTableCell label={t('target')}>{targetLabel(event, t)}</CardTableCell>
            <CardTableCell
              label={t('details')}
              className="max-w-xs text-xs break-words whitespace-normal max-lg:empty:hidden"
            >
              {detailText(event.detail, t)}
            </CardTableCell>
            <CardTableCell label={t('source')} className="max-w-[14rem] pr-4">
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
