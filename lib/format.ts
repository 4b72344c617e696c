const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** Server-rendered times are shown in UTC, labelled, so every viewer reads the same value. */
export function formatDateTime(value: Date) {
  return `${dateTime.format(value)} UTC`;
}
