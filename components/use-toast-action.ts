'use client';

import { useActionState } from 'react';
import { toast } from 'sonner';
import type { ActionState } from '@/lib/actions/action-state';

/** Fields as a form, for actions started from code (menus, switches) rather than a <form>. */
export function formDataOf(fields: Record<string, string>) {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) formData.set(name, value);
  return formData;
}

/**
 * Runs a server action and reports its outcome as a toast. `onResult` sees the whole answer (a
 * Secret, a request to verify first); the state kept by React holds only the two sentences, so a
 * Secret never outlives the component that shows it.
 */
export function useToastAction<R extends ActionState>(
  action: (previous: ActionState, formData: FormData) => Promise<R>,
  options: { onResult?: (result: R) => void; onSuccess?: () => void } = {},
) {
  return useActionState<ActionState, FormData>(async (previous, formData) => {
    const result = await action(previous, formData);
    options.onResult?.(result);
    if (result.error) toast.error(result.error);
    else if (result.success) {
      toast.success(result.success);
      options.onSuccess?.();
    }
    return { error: result.error, success: result.success };
  }, {});
}
