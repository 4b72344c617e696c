import { Search } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import {
  CardTable,
  CardTableBody,
  CardTableCell,
  CardTableHeader,
  CardTableRow,
} from '@/components/card-table';
import { PageHeader } from '@/components/page-header';
import { PaginationLinks } from '@/components/pagination-links';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { TableHead, TableRow } from '@/components/ui/table';
import { requireAdmin } from '@/lib/auth/guards';
import { formatDateTime } from '@/lib/format';
import { listUsers } from '@/lib/users/accounts';
import { CreateAccountDialog } from './create-account-dialog';
import { ProgrammaticAccessSwitch } from './programmatic-access-switch';
import { UserActionsMenu } from './user-actions-menu';

export const metadata: Metadata = { title: 'Users' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const { user: me } = await requireAdmin();
  const params = await searchParams;
  const q = (first(params.q) ?? '').trim().slice(0, 100);
  const requestedPage = Number.parseInt(first(params.page) ?? '1', 10);
  const result = await listUsers({ q, page: Number.isFinite(requestedPage) ? requestedPage : 1 });
  const hrefFor = (page: number) => {
    const next = new URLSearchParams();
    if (q) next.set('q', q);
    if (page > 1) next.set('page', String(page));
    const query = next.toString();
    return query ? `/admin/users?${query}` : '/admin/users';
  };
  const from = (result.page - 1) * result.pageSize + 1;
  const to = from + result.items.length - 1;

  return (
    <>
      <PageHeader
        crumbs={[{ label: 'Administration' }, { label: 'Users', href: '/admin/users' }]}
        title="Users"
        description="Login accounts of the console. Programmatic Access lets an account create AccessKeys and call the Open API with them."
        actions={<CreateAccountDialog />}
      />
      <Card className="gap-0 py-0">
        <form
          key={q}
          role="search"
          method="get"
          action="/admin/users"
          className="flex flex-wrap items-center gap-2 border-b p-4"
        >
          <label htmlFor="user-search" className="sr-only">
            Search by email or name
          </label>
          <Input
            id="user-search"
            name="q"
            type="search"
            defaultValue={q}
            placeholder="Search by email or name"
            className="max-w-sm"
          />
          <Button type="submit" variant="secondary">
            <Search aria-hidden /> Search
          </Button>
          {q && (
            <Button asChild variant="ghost">
              <Link href="/admin/users">Clear search</Link>
            </Button>
          )}
        </form>
        <CardTable aria-label="Accounts">
          <CardTableHeader>
            <TableRow>
              <TableHead className="pl-4">Email</TableHead>
              <TableHead>Name</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Programmatic Access</TableHead>
              <TableHead className="text-right">AccessKeys</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Last sign-in</TableHead>
              <TableHead className="pr-4">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </CardTableHeader>
          <CardTableBody>
            {result.items.length === 0 && (
              <CardTableRow>
                <CardTableCell
                  colSpan={8}
                  className="text-muted-foreground p-6 text-center max-lg:text-center"
                >
                  {q ? `No account matches “${q}”.` : 'There are no accounts yet.'}
                </CardTableCell>
              </CardTableRow>
            )}
            {result.items.map((user) => (
              <CardTableRow key={user.id}>
                {/* Leaves room for the actions menu, which sits in the card's corner. */}
                <CardTableCell label="Email" labelAbove className="pl-4 font-medium max-lg:pr-10">
                  <span className="flex flex-wrap items-center gap-2">
                    {user.email}
                    {user.id === me.id && <Badge variant="outline">You</Badge>}
                    {!user.passwordSet && <Badge variant="outline">Password not set</Badge>}
                    {user.disabled && <Badge variant="destructive">Disabled</Badge>}
                  </span>
                </CardTableCell>
                <CardTableCell label="Name">{user.name}</CardTableCell>
                <CardTableCell label="Role">
                  {user.role === 'admin' ? (
                    <Badge>Administrator</Badge>
                  ) : (
                    <Badge variant="secondary">Member</Badge>
                  )}
                </CardTableCell>
                <CardTableCell label="Programmatic Access">
                  <ProgrammaticAccessSwitch
                    userId={user.id}
                    email={user.email}
                    granted={user.programmaticAccess}
                    accessKeyCount={user.accessKeyCount}
                  />
                </CardTableCell>
                <CardTableCell label="AccessKeys" className="text-right tabular-nums">
                  {user.accessKeyCount}
                </CardTableCell>
                <CardTableCell label="Created" className="min-w-28 whitespace-normal">
                  {formatDateTime(user.createdAt)}
                </CardTableCell>
                <CardTableCell label="Last sign-in" className="min-w-28 whitespace-normal">
                  {user.lastSignInAt ? formatDateTime(user.lastSignInAt) : 'Never'}
                </CardTableCell>
                <CardTableCell className="pr-4 text-right max-lg:absolute max-lg:top-3 max-lg:right-3">
                  <UserActionsMenu
                    userId={user.id}
                    email={user.email}
                    role={user.role}
                    disabled={user.disabled}
                    isSelf={user.id === me.id}
                  />
                </CardTableCell>
              </CardTableRow>
            ))}
          </CardTableBody>
        </CardTable>
        <PaginationLinks
          page={result.page}
          pageCount={result.pageCount}
          hasNext={result.page < result.pageCount}
          hrefFor={hrefFor}
          summary={
            result.total > 0
              ? `Showing ${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')} of ${result.total.toLocaleString('en-US')} account${result.total === 1 ? '' : 's'}`
              : undefined
          }
        />
      </Card>
    </>
  );
}
