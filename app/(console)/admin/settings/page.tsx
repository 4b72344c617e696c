import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { requireAdmin } from '@/lib/auth/guards';
import { readSetting } from '@/lib/settings/settings';
import { MfaPolicyForm } from './mfa-policy-form';

export const metadata: Metadata = { title: 'Settings' };

/** Console-wide settings, one card per concern (lib/settings holds their definitions). */
export default async function SettingsPage() {
  await requireAdmin();
  const mfaPolicy = await readSetting('mfaPolicy');
  return (
    <>
      <PageHeader
        crumbs={[{ label: 'Administration' }, { label: 'Settings' }]}
        title="Settings"
        description="Rules that apply to every account of the console."
      />
      <div className="grid max-w-3xl gap-4">
        <Card>
          <CardHeader>
            <CardTitle>Sign-in security</CardTitle>
            <CardDescription>
              Accounts the policy applies to and that have no authenticator app or passkey are sent,
              right after their password, to set one up; until they do, nothing else in the console
              works for them.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <MfaPolicyForm policy={mfaPolicy} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
