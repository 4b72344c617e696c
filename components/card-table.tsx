import { Table, TableBody, TableCell, TableHeader, TableRow } from '@/components/ui/table';
import { cn } from '@/lib/utils';

// A table from the lg breakpoint up. Below it, where the sidebar or a phone leaves too little width
// for every column, each row stacks into a card of label / value lines, so every value and the row's
// actions show without scrolling sideways. The labels are CSS generated content from data-label, not
// markup: a cell's text stays its value alone wherever the table shows its column headers instead.

export function CardTable({ className, ...props }: React.ComponentProps<typeof Table>) {
  return <Table className={cn('max-lg:block', className)} {...props} />;
}

export function CardTableHeader({ className, ...props }: React.ComponentProps<typeof TableHeader>) {
  return <TableHeader className={cn('max-lg:hidden', className)} {...props} />;
}

export function CardTableBody({ className, ...props }: React.ComponentProps<typeof TableBody>) {
  return <TableBody className={cn('max-lg:block', className)} {...props} />;
}

export function CardTableRow({ className, ...props }: React.ComponentProps<typeof TableRow>) {
  return (
    <TableRow
      className={cn(
        'max-lg:relative max-lg:grid max-lg:grid-cols-[fit-content(8rem)_minmax(0,1fr)] max-lg:gap-x-4 max-lg:gap-y-2 max-lg:p-4',
        className,
      )}
      {...props}
    />
  );
}

/**
 * In the card, a cell with a `label` shows it beside its value (above it with `labelAbove`, for the
 * value that names the row), so its value must be a single element or run of text. A cell without
 * a label spans the card.
 */
export function CardTableCell({
  label,
  labelAbove = false,
  className,
  ...props
}: React.ComponentProps<typeof TableCell> & { label?: string; labelAbove?: boolean }) {
  return (
    <TableCell
      data-label={label}
      className={cn(
        'max-lg:col-span-2 max-lg:max-w-none max-lg:min-w-0 max-lg:p-0 max-lg:text-left max-lg:whitespace-normal max-lg:[overflow-wrap:anywhere]',
        !label && 'max-lg:block',
        label &&
          'max-lg:before:text-muted-foreground max-lg:before:font-sans max-lg:before:text-xs max-lg:before:font-normal max-lg:before:content-[attr(data-label)]',
        label && !labelAbove && 'max-lg:grid max-lg:grid-cols-subgrid max-lg:items-baseline',
        label && labelAbove && 'max-lg:flex max-lg:flex-col max-lg:gap-0.5',
        className,
      )}
      {...props}
    />
  );
}
