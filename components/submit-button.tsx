'use client';

import { Loader2 } from 'lucide-react';
import { useFormStatus } from 'react-dom';
import { Button } from '@/components/ui/button';

/** `pending` also covers an action dispatched outside the form, e.g. a retry after verification. */
export function SubmitButton({
  children,
  pendingText,
  pending: pendingElsewhere = false,
  ...props
}: React.ComponentProps<typeof Button> & { pendingText?: string; pending?: boolean }) {
  const status = useFormStatus();
  const pending = status.pending || pendingElsewhere;
  return (
    <Button type="submit" {...props} disabled={pending || props.disabled} aria-disabled={pending}>
      {pending && <Loader2 className="animate-spin" aria-hidden />}
      {pending && pendingText ? pendingText : children}
    </Button>
  );
}
