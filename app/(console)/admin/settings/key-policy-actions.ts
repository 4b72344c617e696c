'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { ActionState } from '@/lib/actions/action-state';
import { validatedActionWithAdmin } from '@/lib/actions/validated-action';
import { LONGEST_MAX_LIFETIME_DAYS, setKeyPolicy } from '@/lib/access-keys/key-policy';

const CHOOSE = `Choose a maximum lifetime between 1 and ${LONGEST_MAX_LIFETIME_DAYS} days, or none.`;

const keyPolicySchema = z.object({
  // '' (or "none") for no maximum.
  maxLifetimeDays: z
    .string({ error: CHOOSE })
    .trim()
    .regex(/^(none|\d{1,5})?$/, CHOOSE)
    .transform((value) => (value === '' || value === 'none' ? null : Number(value))),
});

export const setKeyPolicyAction = validatedActionWithAdmin(
  keyPolicySchema,
  async ({ maxLifetimeDays }, { actor, request }): Promise<ActionState> => {
    const policy = await setKeyPolicy({ maxLifetimeDays }, { actor, request });
    revalidatePath('/admin/settings');
    revalidatePath('/account/api-information/access-keys');
    return {
      success:
        policy.maxLifetimeDays === null
          ? 'Key policy saved: AccessKeys may be created without an expiry.'
          : `Key policy saved: new AccessKeys expire within ${policy.maxLifetimeDays} days.`,
    };
  },
);
