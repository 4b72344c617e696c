import { Search } from 'lucide-react';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import {
  CardTable,
  CardTableBody,
  CardTableCell,
  CardTableHeader,
  CardTableRow,
} from '@/components/card-table';
import { DateTime } from '@/components/date-time';
import { PageHeader } from '@/components/page-header';
import { PaginationLinks } from '@/components/pagination-links';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { TableHead, TableRow } from '@/components/ui/table';
import { requireAdmin } from '@/lib/auth/guards';
import { listUsers } from '@/lib/users/accounts';
import { CreateAccountDialog } from './create-account-dialog';
import { ProgrammaticAccessSwitch } from './programmatic-access-switch';
import { UserActionsMenu } from './user-actions-menu';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('users'))('title') };
}

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
  const t = await getTranslations();

  return (
    <>
      <PageHeader
        crumbs={[
          { label: t('nav.administration') },
          { label: t('nav.users'), href: '/admin/users' },
        ]}
        title={t('users.title')}
        description={t('users.description')}
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
            {t('users.searchPlaceholder')}
          </label>
          <Input
            id="user-search"
            name="q"
            type="search"
            defaultValue={q}
            placeholder={t('users.searchPlaceholder')}
            className="max-w-sm"
          />
          <Button type="submit" variant="secondary">
            <Search aria-hidden /> {t('users.search')}
          </Button>
          {q && (
            <Button asChild variant="ghost">
              <Link href="/admin/users">{t('users.clearSearch')}</Link>
            </Button>
          )}
        </form>
        <CardTable aria-label={t('users.tableLabel')}>
          <CardTableHeader>
            <TableRow>
              <TableHead className="pl-4">{t('common.email')}</TableHead>
              <TableHead>{t('common.name')}</TableHead>
              <TableHead>{t('common.role')}</TableHead>
              <TableHead>{t('common.programmaticAccess')}</TableHead>
              <TableHead className="text-right">{t('common.accessKeys')}</TableHead>
              <TableHead>{t('common.created')}</TableHead>
              <TableHead>{t('common.lastSignIn')}</TableHead>
              <TableHead className="pr-4">
                <span className="sr-only">{t('common.actions')}</span>
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
                  {q ? t('users.noMatch', { query: q }) : t('users.noAccounts')}
                </CardTableCell>
              </CardTableRow>
            )}
            {result.items.map((user) => (
              <CardTableRow key={user.id}>
                {/* Leaves room for the actions menu, which sits in the card's corner. */}
                <CardTableCell
                  label={t('common.email')}
                  labelAbove
                  className="pl-4 font-medium max-lg:pr-10"
                >
                  <span className="flex flex-wrap items-center gap-2">
                    {user.email}
                    {user.id === me.id && <Badge variant="outline">{t('users.you')}</Badge>}
                    {!user.passwordSet && (
                      <Badge variant="outline">{t('users.passwordNotSet')}</Badge>
                    )}
                    {user.disabled && <Badge variant="destructive">{t('common.disabled')}</Badge>}
                  </span>
                </CardTableCell>
                <CardTableCell label={t('common.name')}>{user.name}</CardTableCell>
                <CardTableCell label={t('common.role')}>
                  {user.role === 'admin' ? (
                    <Badge>{t('common.administrator')}</Badge>
                  ) : (
                    <Badge variant="secondary">{t('common.member')}</Badge>
                  )}
                </CardTableCell>
                <CardTableCell label={t('common.programmaticAccess')}>
                  <ProgrammaticAccessSwitch
                    userId={user.id}
                    email={user.email}
                    granted={user.programmaticAccess}
                    accessKeyCount={user.accessKeyCount}
                  />
                </CardTableCell>
                <CardTableCell label={t('common.accessKeys')} className="text-right tabular-nums">
                  {user.accessKeyCount}
                </CardTableCell>
                <CardTableCell label={t('common.created')} className="min-w-28 whitespace-normal">
                  <DateTime value={user.createdAt} />
                </CardTableCell>
                <CardTableCell
                  label={t('common.lastSignIn')}
                  className="min-w-28 whitespace-normal"
                >
                  {user.lastSignInAt ? (
                    <DateTime value={user.lastSignInAt} relative />
                  ) : (
                    t('common.never')
                  )}
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
            result.total > 0 ? t('users.summary', { from, to, total: result.total }) : undefined
          }
        />
      </Card>
    </>
  );
}
