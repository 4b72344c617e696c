'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { ActionState } from '@/lib/actions/action-state';
import { validatedActionWithAdmin } from '@/lib/actions/validated-action';
import { MFA_POLICY_LABELS, setMfaPolicy } from '@/lib/auth/mfa/policy';
import { MFA_POLICIES } from '@/lib/settings/settings';

export const setMfaPolicyAction = validatedActionWithAdmin(
  z.object({ policy: z.enum(MFA_POLICIES, { error: 'Choose whom the policy applies to.' }) }),
  async ({ policy }, { user, actor, request }): Promise<ActionState> => {
    const { changed } = await setMfaPolicy(policy, {
      actor: { ...actor, role: user.role },
      request,
    });
    revalidatePath('/admin/settings');
    const who = MFA_POLICY_LABELS[policy].toLowerCase();
    if (!changed) return { success: `Two-step verification is already required of ${who}.` };
    return {
      success:
        policy === 'nobody'
          ? 'Two-step verification is now optional for everyone.'
          : `Two-step verification is now required of ${who}. Those without it set it up at their next page.`,
    };
  },
);
