import type { Metadata } from 'next';
import Link from 'next/link';
import { ACCOUNT_CRUMBS, PageHeader } from '@/components/page-header';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/guards';
import { hasSecondFactor } from '@/lib/auth/mfa/policy';
import { formatDateTime } from '@/lib/format';
import { ChangePasswordForm } from './change-password-form';

export const metadata: Metadata = { title: 'Basic Information' };

export default async function BasicInformationPage() {
  const { user } = await requireSession();
  const twoStep = await hasSecondFactor(user.id);
  const rows: [string, React.ReactNode][] = [
    ['Email', user.email],
    ['Name', user.name],
    ['Role', user.role === 'admin' ? 'Administrator' : 'Member'],
    [
      'Programmatic Access',
      user.programmaticAccess ? (
        <Badge>Granted</Badge>
      ) : (
        <Badge variant="secondary">Not granted</Badge>
      ),
    ],
    ['Created', formatDateTime(user.createdAt)],
    ['Last sign-in', user.lastSignInAt ? formatDateTime(user.lastSignInAt) : 'Never'],
  ];
  return (
    <>
      <PageHeader
        crumbs={[ACCOUNT_CRUMBS.accountManagement, ACCOUNT_CRUMBS.basicInformation]}
        title="Basic Information"
        description="The login account you are signed in with."
      />
      <div className="grid max-w-3xl gap-4">
        <Card>
          <CardHeader>
            <CardTitle>Account</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
              {rows.map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-muted-foreground">{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Password</CardTitle>
          </CardHeader>
          <CardContent>
            <ChangePasswordForm />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Sign-in security</CardTitle>
          </CardHeader>
          <CardContent className="text-sm">
            <p>
              Two-step verification:{' '}
              {twoStep ? <Badge>On</Badge> : <Badge variant="secondary">Off</Badge>}
            </p>
            <Link
              className="text-primary mt-2 inline-block underline-offset-4 hover:underline"
              href="/account/basic-information/sign-in-security"
            >
              Manage sign-in security
            </Link>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>API Information Management</CardTitle>
          </CardHeader>
          <CardContent className="text-sm">
            <Link
              className="text-primary underline-offset-4 hover:underline"
              href="/account/api-information/access-keys"
            >
              AccessKey Management
            </Link>
            <p className="text-muted-foreground mt-1">
              Create and manage the AccessKeys your programs use to call the Open API.
            </p>
          </CardContent>
        </Card>
      </div>
    </>
  );
}
