'use client';

import { useActionState } from 'react';
import { toast } from 'sonner';
import type { ActionState } from '@/lib/actions/action-state';

/** Runs a server action and reports its outcome as a toast. */
export function useToastAction(
  action: (previous: ActionState, formData: FormData) => Promise<ActionState>,
  onSuccess?: () => void,
) {
  return useActionState<ActionState, FormData>(async (previous, formData) => {
    const result = await action(previous, formData);
    if (result.error) toast.error(result.error);
    else if (result.success) {
      toast.success(result.success);
      onSuccess?.();
    }
    return result;
  }, {});
}
