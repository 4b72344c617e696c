import { Table, TableBody, TableCell, TableHeader, TableRow } from '@/components/ui/table';
import { cn } from '@/lib/utils';

// A table from the lg breakpoint up (xl for a table with many columns: `stackBelow="xl"` on each
// part). Below it, where the sidebar or a phone leaves too little width for every column, each row
// stacks into a card of label / value lines, so every value and the row's actions show without
// scrolling sideways. The labels are CSS generated content from data-label, not markup: a cell's
// text stays its value alone wherever the table shows its column headers instead.

type StackBelow = 'lg' | 'xl';
type Stacking = { stackBelow?: StackBelow };

// Spelled out per breakpoint, so Tailwind finds every class in the source.
const CLASSES = {
  lg: {
    table: 'max-lg:block',
    header: 'max-lg:hidden',
    body: 'max-lg:block',
    row: 'max-lg:relative max-lg:grid max-lg:grid-cols-[fit-content(8rem)_minmax(0,1fr)] max-lg:gap-x-4 max-lg:gap-y-2 max-lg:p-4',
    cell: 'max-lg:col-span-2 max-lg:max-w-none max-lg:min-w-0 max-lg:p-0 max-lg:text-left max-lg:whitespace-normal max-lg:[overflow-wrap:anywhere]',
    unlabelled: 'max-lg:block',
    labelled:
      'max-lg:before:text-muted-foreground max-lg:before:font-sans max-lg:before:text-xs max-lg:before:font-normal max-lg:before:content-[attr(data-label)]',
    beside: 'max-lg:grid max-lg:grid-cols-subgrid max-lg:items-baseline',
    above: 'max-lg:flex max-lg:flex-col max-lg:gap-0.5',
  },
  xl: {
    table: 'max-xl:block',
    header: 'max-xl:hidden',
    body: 'max-xl:block',
    row: 'max-xl:relative max-xl:grid max-xl:grid-cols-[fit-content(8rem)_minmax(0,1fr)] max-xl:gap-x-4 max-xl:gap-y-2 max-xl:p-4',
    cell: 'max-xl:col-span-2 max-xl:max-w-none max-xl:min-w-0 max-xl:p-0 max-xl:text-left max-xl:whitespace-normal max-xl:[overflow-wrap:anywhere]',
    unlabelled: 'max-xl:block',
    labelled:
      'max-xl:before:text-muted-foreground max-xl:before:font-sans max-xl:before:text-xs max-xl:before:font-normal max-xl:before:content-[attr(data-label)]',
    beside: 'max-xl:grid max-xl:grid-cols-subgrid max-xl:items-baseline',
    above: 'max-xl:flex max-xl:flex-col max-xl:gap-0.5',
  },
} as const;

export function CardTable({
  stackBelow = 'lg',
  className,
  ...props
}: React.ComponentProps<typeof Table> & Stacking) {
  return <Table className={cn(CLASSES[stackBelow].table, className)} {...props} />;
}

export function CardTableHeader({
  stackBelow = 'lg',
  className,
  ...props
}: React.ComponentProps<typeof TableHeader> & Stacking) {
  return <TableHeader className={cn(CLASSES[stackBelow].header, className)} {...props} />;
}

export function CardTableBody({
  stackBelow = 'lg',
  className,
  ...props
}: React.ComponentProps<typeof TableBody> & Stacking) {
  return <TableBody className={cn(CLASSES[stackBelow].body, className)} {...props} />;
}

export function CardTableRow({
  stackBelow = 'lg',
  className,
  ...props
}: React.ComponentProps<typeof TableRow> & Stacking) {
  return <TableRow className={cn(CLASSES[stackBelow].row, className)} {...props} />;
}

/**
 * In the card, a cell with a `label` shows it beside its value (above it with `labelAbove`, for the
 * value that names the row), so its value must be a single element or run of text. A cell without
 * a label spans the card.
 */
export function CardTableCell({
  label,
  labelAbove = false,
  stackBelow = 'lg',
  className,
  ...props
}: React.ComponentProps<typeof TableCell> & Stacking & { label?: string; labelAbove?: boolean }) {
  const classes = CLASSES[stackBelow];
  return (
    <TableCell
      data-label={label}
      className={cn(
        classes.cell,
        !label && classes.unlabelled,
        label && classes.labelled,
        label && !labelAbove && classes.beside,
        label && labelAbove && classes.above,
        className,
      )}
      {...props}
    />
  );
}
