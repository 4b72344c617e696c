'use client';

import { useSyncExternalStore } from 'react';
import { formatDateTime } from '@/lib/format';

const local = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

const subscribe = () => () => {};

/**
 * A moment in the viewer's own time zone. The server, which does not know it, renders UTC
 * (labelled); the browser rewrites it after hydration, so both renders agree at first.
 */
export function LocalDateTime({ value }: { value: string }) {
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const date = new Date(value);
  return <time dateTime={value}>{inBrowser ? local.format(date) : formatDateTime(date)}</time>;
}
