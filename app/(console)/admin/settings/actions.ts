'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { ActionState } from '@/lib/actions/action-state';
import { validatedActionWithAdmin } from '@/lib/actions/validated-action';
import { setMfaPolicy } from '@/lib/auth/mfa/policy';
import { invalid } from '@/lib/i18n/validation';
import { MFA_POLICIES } from '@/lib/settings/settings';

export const setMfaPolicyAction = validatedActionWithAdmin(
  z.object({ policy: z.enum(MFA_POLICIES, { error: invalid('choosePolicy') }) }),
  async ({ policy }, { user, actor, request, t }): Promise<ActionState> => {
    const { changed } = await setMfaPolicy(policy, {
      actor: { ...actor, role: user.role },
      request,
    });
    revalidatePath('/admin/settings');
    return {
      success: changed
        ? t('settings.policyChanged', { policy })
        : t('settings.policyUnchanged', { policy }),
    };
  },
);
