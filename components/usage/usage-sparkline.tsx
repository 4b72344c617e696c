import type { Sparkline } from '@/lib/usage/series';

const WIDTH = 71;
const HEIGHT = 18;
const GAP = 1;

/**
 * A key's last 24 hours as tiny bars, rendered on the server: calls in the primary colour, the
 * failed ones (4xx and 5xx) over them in red. No script, so the list's first load stays as it was.
 */
export function UsageSparkline({ points }: { points: Sparkline }) {
  const max = Math.max(1, ...points.map((point) => point.calls));
  const bar = (WIDTH - GAP * (points.length - 1)) / points.length;
  const height = (count: number) => (count === 0 ? 0 : Math.max(1, (count / max) * HEIGHT));
  return (
    <svg
      aria-hidden
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width={WIDTH}
      height={HEIGHT}
      className="shrink-0"
      data-testid="usage-sparkline"
    >
      <line x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="stroke-border" />
      {points.map((point, index) => {
        const x = index * (bar + GAP);
        const calls = height(point.calls);
        const errors = height(point.errors);
        return (
          <g key={index}>
            {calls > 0 && (
              <rect
                x={x}
                y={HEIGHT - calls}
                width={bar}
                height={calls}
                className="fill-primary/70"
              />
            )}
            {errors > 0 && (
              <rect
                x={x}
                y={HEIGHT - errors}
                width={bar}
                height={errors}
                className="fill-destructive"
              />
            )}
          </g>
        );
      })}
    </svg>
  );
}
