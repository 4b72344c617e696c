const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** Server-rendered times are shown in UTC, labelled, so every viewer reads the same value. */
export function formatDateTime(value: Date) {
  return `${dateTime.format(value)} UTC`;
}

const count = new Intl.NumberFormat('en-US');

export function formatCount(value: number) {
  return count.format(value);
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** The share of `part` in `whole`, or a dash when there is nothing to share. */
export function formatShare(part: number, whole: number) {
  return whole === 0 ? '–' : percent.format(part / whole);
}
