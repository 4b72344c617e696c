'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { ActionState } from '@/lib/actions/action-state';
import { validatedActionWithAdmin } from '@/lib/actions/validated-action';
import { setKeyPolicy } from '@/lib/access-keys/key-policy';
import { invalid } from '@/lib/i18n/validation';

const keyPolicySchema = z.object({
  // '' (or "none") for no maximum; a number of days is checked by setKeyPolicy.
  maxLifetimeDays: z
    .string({ error: invalid('chooseMaxLifetime') })
    .trim()
    .regex(/^(none|\d{1,5})?$/, invalid('chooseMaxLifetime'))
    .transform((value) => (value === '' || value === 'none' ? null : Number(value))),
});

export const setKeyPolicyAction = validatedActionWithAdmin(
  keyPolicySchema,
  async ({ maxLifetimeDays }, { actor, request, t }): Promise<ActionState> => {
    const policy = await setKeyPolicy({ maxLifetimeDays }, { actor, request });
    revalidatePath('/admin/settings');
    revalidatePath('/account/api-information/access-keys');
    return {
      success:
        policy.maxLifetimeDays === null
          ? t('keyPolicy.savedNone')
          : t('keyPolicy.saved', { days: policy.maxLifetimeDays }),
    };
  },
);
