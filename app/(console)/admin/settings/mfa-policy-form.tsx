'use client';

import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { Label } from '@/components/ui/label';
import { useActionState } from 'react';
import type { ActionState } from '@/lib/actions/action-state';
import type { MfaPolicy } from '@/lib/settings/settings';
import { setMfaPolicyAction } from './actions';

const CHOICES: { value: MfaPolicy; label: string; hint: string }[] = [
  { value: 'nobody', label: 'Nobody', hint: 'Each account chooses for itself.' },
  { value: 'admins', label: 'Administrators', hint: 'Every administrator must use it.' },
  { value: 'everyone', label: 'Everyone', hint: 'Every account must use it.' },
];

export function MfaPolicyForm({ policy }: { policy: MfaPolicy }) {
  const [state, action] = useActionState<ActionState, FormData>(setMfaPolicyAction, {});
  return (
    <form action={action} className="grid max-w-lg gap-4">
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-medium">Require two-step verification for</legend>
        {CHOICES.map((choice) => (
          <div key={choice.value} className="flex items-start gap-2">
            <input
              type="radio"
              id={`policy-${choice.value}`}
              name="policy"
              value={choice.value}
              defaultChecked={policy === choice.value}
              className="accent-primary mt-1"
            />
            <Label htmlFor={`policy-${choice.value}`} className="grid gap-0.5 font-normal">
              <span className="font-medium">{choice.label}</span>
              <span className="text-muted-foreground text-xs">{choice.hint}</span>
            </Label>
          </div>
        ))}
      </fieldset>
      <FormMessage state={state} />
      <SubmitButton className="justify-self-start" pendingText="Saving…">
        Save
      </SubmitButton>
    </form>
  );
}
