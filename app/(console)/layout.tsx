import { KeyRound } from 'lucide-react';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AccountMenu } from '@/components/account-menu';
import { SidebarNav } from '@/components/sidebar-nav';
import { ThemeToggle } from '@/components/theme-toggle';
import { getCurrentSession } from '@/lib/auth';
import { mailTransport } from '@/lib/env';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const current = await getCurrentSession();
  if (!current) redirect('/login');
  const { user } = current;
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="bg-background/95 sticky top-0 z-30 flex h-12 items-center gap-3 border-b px-3 backdrop-blur sm:px-4">
        <Link
          href="/account/api-information/access-keys"
          className="flex items-center gap-2 text-sm font-semibold"
        >
          <KeyRound className="text-primary size-5" aria-hidden />
          <span>AccessKey Console</span>
        </Link>
        <div className="ml-auto flex items-center gap-1">
          <ThemeToggle />
          <AccountMenu email={user.email} name={user.name} />
        </div>
      </header>
      <div className="flex flex-1 flex-col md:flex-row">
        <SidebarNav isAdmin={user.role === 'admin'} showMailbox={mailTransport() === 'log'} />
        <main id="main" className="bg-muted/30 min-w-0 flex-1 p-4 sm:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
