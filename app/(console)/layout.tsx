import { CircleUser } from 'lucide-react';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Logo } from '@/components/logo';
import { SidebarNav } from '@/components/sidebar-nav';
import { SignOutButton } from './sign-out-button';
import { ThemeToggle } from '@/components/theme-toggle';
import { getCurrentSession } from '@/lib/auth/next-auth';
import { mailTransport } from '@/lib/config/env';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const current = await getCurrentSession();
  if (!current) redirect('/login');
  const { user, mfaSetupRequired } = current;
  const t = await getTranslations();
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="bg-background/95 sticky top-0 z-30 flex h-12 items-center gap-3 border-b px-3 backdrop-blur sm:px-4">
        <Link
          href="/account/api-information/access-keys"
          className="flex items-center gap-2 text-sm font-semibold"
        >
          <Logo />
          <span>{t('common.appName')}</span>
        </Link>
        <div className="ml-auto flex items-center gap-1">
          <ThemeToggle />
          <Link
            href="/account/basic-information"
            title={t('header.signedInAs', { name: user.name })}
            className="hover:bg-accent flex h-8 items-center gap-2 rounded-md px-2 text-sm"
          >
            <CircleUser className="size-4" aria-hidden />
            <span className="sr-only sm:not-sr-only sm:max-w-56 sm:truncate">{user.email}</span>
          </Link>
          <SignOutButton />
        </div>
      </header>
      <div className="flex flex-1 flex-col md:flex-row">
        {/* Held by the MFA policy, the account sees only Sign-in security (every page redirects there). */}
        {!mfaSetupRequired && (
          <SidebarNav isAdmin={user.role === 'admin'} showMailbox={mailTransport() === 'log'} />
        )}
        <main id="main" className="bg-muted/30 min-w-0 flex-1 p-4 sm:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
