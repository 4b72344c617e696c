import { ChevronLeft, ChevronRight } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';

/** Previous / next links for a server-paginated list; the current page lives in the URL. */
export function PaginationLinks({
  page,
  pageCount,
  hasNext,
  hrefFor,
  summary,
}: {
  page: number;
  /** Omitted when counting would cost more than the list itself. */
  pageCount?: number;
  hasNext: boolean;
  hrefFor: (page: number) => string;
  summary?: React.ReactNode;
}) {
  const t = useTranslations('pagination');
  return (
    <nav
      aria-label={t('label')}
      className="flex flex-wrap items-center justify-between gap-3 border-t px-4 py-3 text-sm"
    >
      <p className="text-muted-foreground">{summary}</p>
      <div className="flex items-center gap-2">
        <span className="whitespace-nowrap">
          {pageCount === undefined ? t('page', { page }) : t('pageOf', { page, pageCount })}
        </span>
        {page > 1 ? (
          <Button asChild variant="outline" size="sm">
            <Link href={hrefFor(page - 1)} rel="prev">
              <ChevronLeft aria-hidden /> {t('previous')}
            </Link>
          </Button>
        ) : (
          <Button variant="outline" size="sm" disabled>
            <ChevronLeft aria-hidden /> {t('previous')}
          </Button>
        )}
        {hasNext ? (
          <Button asChild variant="outline" size="sm">
            <Link href={hrefFor(page + 1)} rel="next">
              {t('next')} <ChevronRight aria-hidden />
            </Link>
          </Button>
        ) : (
          <Button variant="outline" size="sm" disabled>
            {t('next')} <ChevronRight aria-hidden />
          </Button>
        )}
      </div>
    </nav>
  );
}
