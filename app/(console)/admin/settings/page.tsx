import { KeyRound, TriangleAlert } from 'lucide-react';
import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import {
  countKeysBeyondPolicy,
  getKeyPolicy,
  MAX_LIFETIME_CHOICES,
} from '@/lib/access-keys/key-policy';
import { requireAdmin } from '@/lib/auth/guards';
import { KeyPolicyForm } from './key-policy-form';

export const metadata: Metadata = { title: 'Settings' };

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export default async function SettingsPage() {
  await requireAdmin();
  const policy = await getKeyPolicy();
  const beyond =
    policy.maxLifetimeDays === null ? null : await countKeysBeyondPolicy(policy.maxLifetimeDays);
  return (
    <>
      <PageHeader
        crumbs={[{ label: 'Administration' }, { label: 'Settings', href: '/admin/settings' }]}
        title="Settings"
        description="Console-wide rules that apply to every account."
      />
      <Card aria-labelledby="key-policy-title">
        <CardHeader>
          <CardTitle id="key-policy-title" className="flex items-center gap-2">
            <KeyRound className="size-4" aria-hidden /> Key policy
          </CardTitle>
          <CardDescription>
            How long a new AccessKey may live. Owners are mailed 7 days and 1 day before their key
            expires, and when it does; an expired key is refused by the Open API.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {beyond !== null && policy.maxLifetimeDays !== null && (
            <p
              data-testid="keys-beyond-policy"
              className="flex items-start gap-2 rounded-md border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-sm text-amber-800 dark:text-amber-300"
            >
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              <span>
                {beyond.total === 0
                  ? `Every existing AccessKey expires within ${policy.maxLifetimeDays} days.`
                  : `${plural(beyond.total, 'existing AccessKey')} ${beyond.total === 1 ? 'expires' : 'expire'} later than a key created today may (${beyond.neverExpire} never ${beyond.neverExpire === 1 ? 'expires' : 'expire'}). They keep their expiry until their owners replace them.`}
              </span>
            </p>
          )}
          <KeyPolicyForm maxLifetimeDays={policy.maxLifetimeDays} choices={MAX_LIFETIME_CHOICES} />
        </CardContent>
      </Card>
    </>
  );
}
