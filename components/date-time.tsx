import { useFormatter, useNow } from 'next-intl';

/**
 * A moment in the viewer's language and time zone. `relative` writes it as "3 minutes ago", with
 * the full date and time as its tooltip.
 */
export function DateTime({ value, relative = false }: { value: Date; relative?: boolean }) {
  const format = useFormatter();
  const now = useNow();
  const absolute = format.dateTime(value, 'dateTime');
  return (
    <time dateTime={value.toISOString()} title={relative ? absolute : undefined}>
      {relative ? format.relativeTime(value, now) : absolute}
    </time>
  );
}
