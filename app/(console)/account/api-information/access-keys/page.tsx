import { ShieldAlert } from 'lucide-react';
import type { Metadata } from 'next';
import { ACCOUNT_CRUMBS, PageHeader } from '@/components/page-header';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { utcDay } from '@/lib/access-keys/expiry';
import { getKeyPolicy } from '@/lib/access-keys/key-policy';
import { listAccessKeys, MAX_ACCESS_KEYS_PER_ACCOUNT } from '@/lib/access-keys/keys';
import { requireSession } from '@/lib/auth/guards';
import { AccessKeyTable } from './access-key-table';
import { CreateAccessKeyButton } from './create-access-key-button';

export const metadata: Metadata = { title: 'AccessKey Management' };

/** The account's keys, the policy in force, and the moment they were read. */
async function loadKeys(userId: number) {
  const [keys, policy] = await Promise.all([listAccessKeys(userId), getKeyPolicy()]);
  return { keys, policy, now: Date.now() };
}

export default async function AccessKeysPage() {
  const { user } = await requireSession();
  const { keys, policy, now } = await loadKeys(user.id);
  const full = keys.length >= MAX_ACCESS_KEYS_PER_ACCOUNT;
  return (
    <>
      <PageHeader
        crumbs={[
          ACCOUNT_CRUMBS.accountManagement,
          ACCOUNT_CRUMBS.basicInformation,
          ACCOUNT_CRUMBS.apiInformation,
          ACCOUNT_CRUMBS.accessKeys,
        ]}
        title="AccessKey Management"
        description="Your programs call the Open API with an AccessKey ID and its Secret. Keep the Secret private; creating a key and showing a Secret again ask you to verify your email first."
        actions={
          <div className="flex items-center gap-3">
            <p className="text-muted-foreground text-sm" data-testid="access-key-count">
              <span className="text-foreground font-medium">
                {keys.length} of {MAX_ACCESS_KEYS_PER_ACCOUNT}
              </span>{' '}
              AccessKeys
            </p>
            {user.programmaticAccess && (
              <CreateAccessKeyButton
                email={user.email}
                maxLifetimeDays={policy.maxLifetimeDays}
                today={utcDay(now)}
              />
            )}
          </div>
        }
      />
      <div className="grid min-w-0 gap-4">
        {!user.programmaticAccess && (
          <Alert>
            <ShieldAlert aria-hidden />
            <AlertTitle>Programmatic Access is not granted</AlertTitle>
            <AlertDescription>
              An administrator must grant Programmatic Access to this account before you can create
              AccessKeys or show and enable existing ones. Until then the Open API rejects every
              call signed with this account&apos;s keys.
            </AlertDescription>
          </Alert>
        )}
        {user.programmaticAccess && full && (
          <p className="text-muted-foreground text-sm">
            This account holds the maximum of {MAX_ACCESS_KEYS_PER_ACCOUNT} AccessKeys. To free a
            slot, disable a key you no longer need (or pick an expired one) and delete it.
          </p>
        )}
        <AccessKeyTable
          keys={keys}
          email={user.email}
          programmaticAccess={user.programmaticAccess}
          now={now}
        />
      </div>
    </>
  );
}
