import type { Metadata } from 'next';
import Link from 'next/link';
import { FormMessage } from '@/components/form-message';
import { ACCOUNT_CRUMBS, PageHeader } from '@/components/page-header';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/guards';
import { mfaOverview } from '@/lib/auth/mfa/methods';
import { RECOVERY_CODE_COUNT } from '@/lib/auth/mfa/recovery-codes';
import { formatDateTime } from '@/lib/format';
import { AuthenticatorAppCard } from './authenticator-app-card';
import { PasskeysCard } from './passkeys-card';
import { RecoveryCodesCard } from './recovery-codes-card';

export const metadata: Metadata = { title: 'Sign-in security' };

export default async function SignInSecurityPage() {
  const { user, mfaSetupRequired } = await requireSession({ duringMfaSetup: true });
  const overview = await mfaOverview(user);
  const enabled = overview.totp !== null || overview.passkeys.length > 0;
  return (
    <>
      <PageHeader
        crumbs={[
          ACCOUNT_CRUMBS.accountManagement,
          ACCOUNT_CRUMBS.basicInformation,
          { label: 'Sign-in security' },
        ]}
        title="Sign-in security"
        description="A second step after your password: an authenticator app or a passkey, with recovery codes in reserve."
      />
      <div className="grid max-w-3xl gap-4">
        {mfaSetupRequired && (
          <FormMessage
            state={{
              error:
                'Your administrator requires two-step verification. Set up an authenticator app or a passkey to continue to the console.',
            }}
          />
        )}
        {!mfaSetupRequired && overview.required && enabled && (
          <p className="text-muted-foreground text-sm">
            Your administrator requires two-step verification, so your last method cannot be
            removed.
          </p>
        )}
        {enabled && !mfaSetupRequired && (
          <p className="text-sm">
            Two-step verification is <strong>on</strong>.{' '}
            <Link
              className="text-primary underline-offset-4 hover:underline"
              href="/account/api-information/access-keys"
            >
              Continue to AccessKey Management
            </Link>
          </p>
        )}
        <Card>
          <CardHeader>
            <CardTitle>Authenticator app</CardTitle>
          </CardHeader>
          <CardContent>
            <AuthenticatorAppCard
              since={overview.totp ? formatDateTime(overview.totp.since) : null}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Passkeys</CardTitle>
          </CardHeader>
          <CardContent>
            <PasskeysCard
              passkeys={overview.passkeys.map((passkey) => ({
                id: passkey.id,
                name: passkey.name,
                created: formatDateTime(passkey.createdAt),
                lastUsed: passkey.lastUsedAt ? formatDateTime(passkey.lastUsedAt) : 'never',
              }))}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Recovery codes</CardTitle>
          </CardHeader>
          <CardContent>
            <RecoveryCodesCard
              left={overview.recoveryCodesLeft}
              total={RECOVERY_CODE_COUNT}
              enabled={enabled}
            />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
