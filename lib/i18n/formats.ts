import type { Formats } from 'use-intl/core';

/**
 * Named formats, so every page writes a date the same way in each language. A 24-hour clock in
 * every language: an operator's console reads times against logs, and ICU's Korean writes AM/PM.
 */
export const FORMATS = {
  dateTime: {
    dateTime: { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' },
    date: { dateStyle: 'medium' },
  },
} satisfies Formats;
