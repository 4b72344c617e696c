import type { Metadata } from 'next';
import Link from 'next/link';
import { ACCOUNT_CRUMBS, PageHeader } from '@/components/page-header';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { getCurrentSession } from '@/lib/auth/next-auth';
import { formatDateTime } from '@/lib/format';
import { ChangePasswordForm } from './change-password-form';

export const metadata: Metadata = { title: 'Basic Information' };

export default async function BasicInformationPage() {
  const current = await getCurrentSession();
  if (!current) return null;
  const { user } = current;
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
