import type { Formats } from 'use-intl/core';

/** Named formats, so every page writes a date the same way in each language. */
export const FORMATS = {
  dateTime: {
    dateTime: { dateStyle: 'medium', timeStyle: 'short' },
    date: { dateStyle: 'medium' },
  },
} satisfies Formats;
