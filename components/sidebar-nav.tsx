'use client';

import { ChevronDown, Menu } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { useTranslations, type Messages } from 'next-intl';
import { cn } from '@/lib/utils';

type NavKey = keyof Messages['nav'];
type NavNode = { label: NavKey; href?: string; children?: NavNode[] };

function tree(isAdmin: boolean, showMailbox: boolean): NavNode[] {
  const nodes: NavNode[] = [
    {
      label: 'accountManagement',
      children: [
        {
          label: 'basicInformation',
          href: '/account/basic-information',
          children: [
            { label: 'signInSecurity', href: '/account/basic-information/sign-in-security' },
            {
              label: 'apiInformation',
              children: [
                { label: 'accessKeys', href: '/account/api-information/access-keys' },
                { label: 'products', href: '/account/api-information/products' },
              ],
            },
          ],
        },
        { label: 'activity', href: '/account/activity' },
        ...(showMailbox ? [{ label: 'mailbox' as const, href: '/account/mailbox' }] : []),
      ],
    },
  ];
  if (isAdmin) {
    nodes.push({
      label: 'administration',
      children: [
        { label: 'users', href: '/admin/users' },
        { label: 'adminProducts', href: '/admin/products' },
        { label: 'usage', href: '/admin/usage' },
        { label: 'auditLog', href: '/admin/audit-log' },
        { label: 'settings', href: '/admin/settings' },
      ],
    });
  }
  return nodes;
}

function NavItems({
  nodes,
  pathname,
  depth,
}: {
  nodes: NavNode[];
  pathname: string;
  depth: number;
}) {
  const t = useTranslations('nav');
  return (
    <ul className={cn('grid gap-0.5', depth > 0 && 'border-border ml-3 border-l pl-2')}>
      {nodes.map((node) => {
        // A page below an entry (a key's usage under AccessKey Management) keeps the entry marked.
        const active =
          node.href !== undefined &&
          (pathname === node.href || pathname.startsWith(`${node.href}/`));
        return (
          <li key={node.label}>
            {node.href ? (
              <Link
                href={node.href}
                aria-current={active ? 'page' : undefined}
                className={cn(
                  'hover:bg-accent hover:text-accent-foreground block rounded-md px-2 py-1.5 text-sm',
                  active && 'bg-primary/10 text-primary font-medium',
                )}
              >
                {t(node.label)}
              </Link>
            ) : (
              <span
                className={cn(
                  'text-muted-foreground block px-2 py-1.5',
                  depth === 0 ? 'text-xs font-semibold tracking-wide uppercase' : 'text-sm',
                )}
              >
                {t(node.label)}
              </span>
            )}
            {node.children && (
              <NavItems nodes={node.children} pathname={pathname} depth={depth + 1} />
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function SidebarNav({ isAdmin, showMailbox }: { isAdmin: boolean; showMailbox: boolean }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const t = useTranslations('nav');
  return (
    <aside className="bg-sidebar text-sidebar-foreground border-b md:w-64 md:shrink-0 md:border-r md:border-b-0">
      <button
        type="button"
        className="flex w-full items-center gap-2 px-4 py-2 text-sm font-medium md:hidden"
        aria-expanded={open}
        aria-controls="console-nav"
        onClick={() => setOpen((value) => !value)}
      >
        <Menu className="size-4" aria-hidden /> {t('menu')}
        <ChevronDown
          className={cn('ml-auto size-4 transition-transform', open && 'rotate-180')}
          aria-hidden
        />
      </button>
      <nav
        id="console-nav"
        aria-label={t('console')}
        className={cn('grid gap-4 p-3 md:sticky md:top-12 md:block', !open && 'hidden')}
      >
        {tree(isAdmin, showMailbox).map((section) => (
          <NavItems key={section.label} nodes={[section]} pathname={pathname} depth={0} />
        ))}
      </nav>
    </aside>
  );
}
