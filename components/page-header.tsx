import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import { Fragment } from 'react';
import {
  Breadcrumb,
  BreadcrumbItem,
  BreadcrumbLink,
  BreadcrumbList,
  BreadcrumbPage,
  BreadcrumbSeparator,
} from '@/components/ui/breadcrumb';

export type Crumb = { label: string; href?: string };

export function PageHeader({
  crumbs,
  title,
  description,
  actions,
}: {
  crumbs: Crumb[];
  title: string;
  description?: React.ReactNode;
  actions?: React.ReactNode;
}) {
  const t = useTranslations('nav');
  return (
    <div className="mb-5 grid gap-3">
      <Breadcrumb aria-label={t('breadcrumb')}>
        <BreadcrumbList>
          {crumbs.map((crumb, index) => (
            <Fragment key={crumb.label}>
              {index > 0 && <BreadcrumbSeparator>/</BreadcrumbSeparator>}
              <BreadcrumbItem>
                {index === crumbs.length - 1 ? (
                  <BreadcrumbPage>{crumb.label}</BreadcrumbPage>
                ) : crumb.href ? (
                  <BreadcrumbLink asChild>
                    <Link href={crumb.href}>{crumb.label}</Link>
                  </BreadcrumbLink>
                ) : (
                  <span>{crumb.label}</span>
                )}
              </BreadcrumbItem>
            </Fragment>
          ))}
        </BreadcrumbList>
      </Breadcrumb>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-1">
          <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
          {description && <p className="text-muted-foreground max-w-3xl text-sm">{description}</p>}
        </div>
        {actions}
      </div>
    </div>
  );
}

/** The console map's crumbs, in the request's language. */
export async function accountCrumbs() {
  const t = await getTranslations('nav');
  return {
    accountManagement: { label: t('accountManagement') },
    basicInformation: { label: t('basicInformation'), href: '/account/basic-information' },
    apiInformation: { label: t('apiInformation') },
    accessKeys: { label: t('accessKeys'), href: '/account/api-information/access-keys' },
    products: { label: t('products'), href: '/account/api-information/products' },
  } satisfies Record<string, Crumb>;
}
