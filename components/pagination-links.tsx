import { ChevronLeft, ChevronRight } from 'lucide-react';
import Link from 'next/link';
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
  return (
    <nav
      aria-label="Pagination"
      className="flex flex-wrap items-center justify-between gap-3 border-t px-4 py-3 text-sm"
    >
      <p className="text-muted-foreground">{summary}</p>
      <div className="flex items-center gap-2">
        <span className="whitespace-nowrap">
          Page {page.toLocaleString('en-US')}
          {pageCount !== undefined && ` of ${pageCount.toLocaleString('en-US')}`}
        </span>
        {page > 1 ? (
          <Button asChild variant="outline" size="sm">
            <Link href={hrefFor(page - 1)} rel="prev">
              <ChevronLeft aria-hidden /> Previous page
            </Link>
          </Button>
        ) : (
          <Button variant="outline" size="sm" disabled>
            <ChevronLeft aria-hidden /> Previous page
          </Button>
        )}
        {hasNext ? (
          <Button asChild variant="outline" size="sm">
            <Link href={hrefFor(page + 1)} rel="next">
              Next page <ChevronRight aria-hidden />
            </Link>
          </Button>
        ) : (
          <Button variant="outline" size="sm" disabled>
            Next page <ChevronRight aria-hidden />
          </Button>
        )}
      </div>
    </nav>
  );
}
