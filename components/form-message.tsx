import { AlertCircle, CheckCircle2 } from 'lucide-react';
import { cn } from '@/lib/utils';

/** Inline result of a form action; role="alert" so screen readers announce it. */
export function FormMessage({
  state,
  className,
}: {
  state: { error?: string; success?: string };
  className?: string;
}) {
  if (!state.error && !state.success) return null;
  const Icon = state.error ? AlertCircle : CheckCircle2;
  return (
    <p
      role="alert"
      data-testid="form-message"
      className={cn(
        'flex items-start gap-2 rounded-md border px-3 py-2 text-sm',
        state.error
          ? 'border-destructive/30 bg-destructive/10 text-destructive'
          : 'border-emerald-600/30 bg-emerald-600/10 text-emerald-700 dark:text-emerald-400',
        className,
      )}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <span>{state.error ?? state.success}</span>
    </p>
  );
}
