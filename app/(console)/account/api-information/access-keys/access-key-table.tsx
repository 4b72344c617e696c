import { KeyRound } from 'lucide-react';
import Link from 'next/link';
import {
  CardTable,
  CardTableBody,
  CardTableCell,
  CardTableHeader,
  CardTableRow,
} from '@/components/card-table';
import { Badge } from '@/components/ui/badge';
import { TableHead, TableRow } from '@/components/ui/table';
import { MAX_ACCESS_KEYS_PER_ACCOUNT, type AccessKeyListItem } from '@/lib/access-keys/keys';
import { UsageSparkline } from '@/components/usage/usage-sparkline';
import { formatCount, formatDateTime } from '@/lib/format';
import type { Sparkline } from '@/lib/usage/series';
import { DeleteButton, ShowSecretButton, StatusButton } from './access-key-row-actions';

/** Calls in the last 24 hours, and how many of them failed, in words. */
function usageSummary(points: Sparkline) {
  const calls = points.reduce((sum, point) => sum + point.calls, 0);
  const errors = points.reduce((sum, point) => sum + point.errors, 0);
  if (calls === 0) return { calls, text: 'No calls in the last 24 hours' };
  const callText = `${formatCount(calls)} ${calls === 1 ? 'call' : 'calls'} in the last 24 hours`;
  return {
    calls,
    text: errors === 0 ? callText : `${callText}, ${formatCount(errors)} failed`,
  };
}

export function AccessKeyTable({
  keys,
  usage,
  email,
  programmaticAccess,
}: {
  keys: AccessKeyListItem[];
  /** Each key's last 24 hours, by its id. */
  usage: ReadonlyMap<number, Sparkline>;
  email: string;
  programmaticAccess: boolean;
}) {
  if (keys.length === 0) {
    return (
      <div className="bg-card grid justify-items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center">
        <KeyRound className="text-muted-foreground size-8" aria-hidden />
        <h2 className="font-medium">No AccessKeys yet</h2>
        <p className="text-muted-foreground max-w-xl text-sm">
          An AccessKey is an ID and a Secret that let your programs call the Open API as this
          account; your password is only for signing in to the console. Each account can hold up to{' '}
          {MAX_ACCESS_KEYS_PER_ACCOUNT} AccessKeys.
        </p>
      </div>
    );
  }
  return (
    <div className="bg-card min-w-0 rounded-lg border">
      <CardTable>
        <CardTableHeader>
          <TableRow>
            <TableHead>AccessKey ID</TableHead>
            <TableHead>AccessKey Secret</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Created</TableHead>
            <TableHead>Last used</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </CardTableHeader>
        <CardTableBody>
          {keys.map((key) => (
            <CardTableRow key={key.id}>
              <CardTableCell label="AccessKey ID" labelAbove className="font-mono">
                {key.accessKeyId}
              </CardTableCell>
              <CardTableCell label="AccessKey Secret" className="text-muted-foreground font-mono">
                <span aria-hidden>{key.maskedSecret}</span>
                <span className="sr-only">Hidden</span>
              </CardTableCell>
              <CardTableCell label="Status">
                {key.status === 'enabled' ? (
                  <Badge className="bg-emerald-600 text-white">Enabled</Badge>
                ) : (
                  <Badge variant="secondary">Disabled</Badge>
                )}
              </CardTableCell>
              <CardTableCell label="Created" className="whitespace-nowrap">
                {formatDateTime(key.createdAt)}
              </CardTableCell>
              <CardTableCell label="Last used" className="whitespace-nowrap">
                <div className="grid justify-items-start gap-1">
                  {key.lastUsedAt ? (
                    <div>
                      {formatDateTime(key.lastUsedAt)}
                      {key.lastUsedIp && (
                        <span className="text-muted-foreground block text-xs">
                          from {key.lastUsedIp}
                        </span>
                      )}
                    </div>
                  ) : (
                    <span className="text-muted-foreground">Never</span>
                  )}
                  <UsageLink accessKeyId={key.accessKeyId} points={usage.get(key.id) ?? []} />
                </div>
              </CardTableCell>
              <CardTableCell className="max-lg:pt-2">
                <div className="flex gap-2 max-lg:flex-wrap">
                  <StatusButton accessKey={key} canEnable={programmaticAccess} />
                  <ShowSecretButton accessKey={key} email={email} disabled={!programmaticAccess} />
                  {key.status === 'disabled' && <DeleteButton accessKey={key} />}
                </div>
              </CardTableCell>
            </CardTableRow>
          ))}
        </CardTableBody>
      </CardTable>
    </div>
  );
}

function UsageLink({ accessKeyId, points }: { accessKeyId: string; points: Sparkline }) {
  const summary = usageSummary(points);
  return (
    <Link
      href={`/account/api-information/access-keys/${accessKeyId}`}
      aria-label={`Usage of ${accessKeyId}: ${summary.text}`}
      title={summary.text}
      className="hover:bg-accent -mx-1 inline-flex items-center gap-2 rounded-md px-1 py-0.5 whitespace-nowrap"
    >
      <UsageSparkline points={points} />
      <span className="text-muted-foreground text-xs tabular-nums">
        {formatCount(summary.calls)} in 24 h
      </span>
    </Link>
  );
}
