import { useFormatter, useTranslations } from 'next-intl';
import { CardTableCell } from '@/components/card-table';
import { TableHead } from '@/components/ui/table';

// Status classes, the same in every language.
export const CLIENT_ERRORS = '4xx';
export const SERVER_ERRORS = '5xx';

/** The heads of the calls, 4xx, 5xx and failure-rate columns every usage table ends with. */
export function OutcomeHeads() {
  const t = useTranslations('usage');
  return (
    <>
      <TableHead className="text-right">{t('calls')}</TableHead>
      <TableHead className="text-right">{CLIENT_ERRORS}</TableHead>
      <TableHead className="text-right">{SERVER_ERRORS}</TableHead>
      <TableHead className="text-right">{t('failureRate')}</TableHead>
    </>
  );
}

/** One row's calls, 4xx, 5xx and failure rate (a dash when there were no calls). */
export function OutcomeCells({
  calls,
  clientErrors,
  serverErrors,
}: {
  calls: number;
  clientErrors: number;
  serverErrors: number;
}) {
  const t = useTranslations('usage');
  const format = useFormatter();
  const failed = clientErrors + serverErrors;
  return (
    <>
      <CardTableCell label={t('calls')} className="text-right tabular-nums">
        {format.number(calls)}
      </CardTableCell>
      <CardTableCell label={CLIENT_ERRORS} className="text-right tabular-nums">
        {format.number(clientErrors)}
      </CardTableCell>
      <CardTableCell label={SERVER_ERRORS} className="text-right tabular-nums">
        {format.number(serverErrors)}
      </CardTableCell>
      <CardTableCell label={t('failureRate')} className="text-right tabular-nums">
        {calls === 0
          ? '–'
          : format.number(failed / calls, { style: 'percent', maximumFractionDigits: 1 })}
      </CardTableCell>
    </>
  );
}
