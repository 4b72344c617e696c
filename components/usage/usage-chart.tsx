'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useTheme } from 'next-themes';
import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One hour or day: its start (ms) and its calls by outcome. */
export type ChartBucket = {
  start: number;
  calls: number;
  clientErrors: number;
  serverErrors: number;
};

const HEIGHT = 220;
const AMBER = 'oklch(0.769 0.188 70.08)';
// Buckets are UTC hours and days, so they are named in UTC whatever the viewer's time zone.
const HOUR_LABEL = {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
} as const;
const DAY_LABEL = { day: 'numeric', month: 'short', timeZone: 'UTC' } as const;
const HOUR_READOUT = {
  ...HOUR_LABEL,
  day: 'numeric',
  month: 'short',
  timeZoneName: 'short',
} as const;
const DAY_READOUT = { dateStyle: 'medium', timeZone: 'UTC' } as const;
// HTTP status classes: the same in every language.
const CLIENT_ERRORS = '4xx';
const SERVER_ERRORS = '5xx';

/** The colours of the current theme, read from its CSS variables when the chart is drawn. */
function themeColours(element: HTMLElement) {
  const style = getComputedStyle(element);
  const value = (name: string) => style.getPropertyValue(name).trim();
  return {
    ok: value('--primary'),
    clientErrors: AMBER,
    serverErrors: value('--destructive'),
    axis: value('--muted-foreground'),
    grid: value('--border'),
  };
}

/**
 * Stacked bars of calls per hour or day: answered without error, 4xx and 5xx. uPlot draws on a
 * canvas, loaded only where a chart is shown; the numbers are also in the table beside each chart.
 */
export function UsageChart({
  buckets,
  granularity,
  title,
}: {
  buckets: ChartBucket[];
  granularity: 'hour' | 'day';
  title: string;
}) {
  const t = useTranslations('usageChart');
  const format = useFormatter();
  const container = useRef<HTMLDivElement>(null);
  const { resolvedTheme } = useTheme();
  const [hovered, setHovered] = useState<number | null>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    let chart: uPlot | undefined;
    let observer: ResizeObserver | undefined;
    let cancelled = false;
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      const colours = themeColours(element);
      const half = (granularity === 'hour' ? 3600 : 86400) / 2;
      const x = buckets.map((bucket) => bucket.start / 1000);
      // Bars drawn over each other, tallest first: each shows down to the next one's top.
      const total = buckets.map((bucket) => bucket.calls);
      const failed = buckets.map((bucket) => bucket.clientErrors + bucket.serverErrors);
      const server = buckets.map((bucket) => bucket.serverErrors);
      const bars = UPlot.paths.bars!({ size: [0.75, 28], gap: 1 });
      const series = (name: string, fill: string): uPlot.Series => ({
        label: name,
        fill,
        stroke: fill,
        width: 0,
        paths: bars,
        points: { show: false },
      });
      chart = new UPlot(
        {
          width: element.clientWidth,
          height: HEIGHT,
          legend: { show: false },
          cursor: { y: false, points: { show: false }, drag: { x: false, y: false } },
          scales: {
            x: { time: true, range: (_, min, max) => [min - half, max + half] },
            y: { range: (_, __, max) => [0, Math.max(4, Math.ceil(max * 1.1))] },
          },
          axes: [
            {
              stroke: colours.axis,
              grid: { show: false },
              ticks: { stroke: colours.grid },
              values: (_, splits) =>
                splits.map((split) =>
                  format.dateTime(split * 1000, granularity === 'hour' ? HOUR_LABEL : DAY_LABEL),
                ),
            },
            {
              stroke: colours.axis,
              grid: { stroke: colours.grid, width: 1 },
              ticks: { show: false },
              values: (_, splits) =>
                splits.map((split) => (Number.isInteger(split) ? format.number(split) : '')),
            },
          ],
          series: [
            {},
            series(t('succeeded'), colours.ok),
            series(CLIENT_ERRORS, colours.clientErrors),
            series(SERVER_ERRORS, colours.serverErrors),
          ],
          hooks: {
            setCursor: [(u) => setHovered(u.cursor.idx ?? null)],
          },
        },
        [x, total, failed, server],
        element,
      );
      observer = new ResizeObserver(() =>
        chart?.setSize({ width: element.clientWidth, height: HEIGHT }),
      );
      observer.observe(element);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart?.destroy();
    };
    // A language switch reloads the page; the formatter and labels change with it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [buckets, granularity, resolvedTheme]);

  const shown = hovered === null ? undefined : buckets[hovered];
  return (
    <figure className="grid gap-2">
      <figcaption className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
        <span className="font-medium">{title}</span>
        <span className="text-muted-foreground flex flex-wrap gap-3 text-xs" aria-hidden>
          <Swatch className="bg-primary" label={t('succeeded')} />
          <Swatch style={{ background: AMBER }} label={CLIENT_ERRORS} />
          <Swatch className="bg-destructive" label={SERVER_ERRORS} />
        </span>
      </figcaption>
      <p className="text-muted-foreground min-h-4 text-xs tabular-nums" aria-live="polite">
        {shown &&
          t('readout', {
            time: format.dateTime(shown.start, granularity === 'hour' ? HOUR_READOUT : DAY_READOUT),
            calls: shown.calls,
            clientErrors: shown.clientErrors,
            serverErrors: shown.serverErrors,
          })}
      </p>
      <div
        ref={container}
        role="img"
        aria-label={t('description', { title })}
        className="min-h-[220px] w-full"
      />
    </figure>
  );
}

function Swatch({
  className,
  style,
  label,
}: {
  className?: string;
  style?: React.CSSProperties;
  label: string;
}) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className={`inline-block size-2.5 rounded-sm ${className ?? ''}`} style={style} />
      {label}
    </span>
  );
}
