import { KeyRound } from 'lucide-react';
import {
  CardTable,
  CardTableBody,
  CardTableCell,
  CardTableHeader,
  CardTableRow,
} from '@/components/card-table';
import { LocalDateTime } from '@/components/local-date-time';
import { Badge } from '@/components/ui/badge';
import { TableHead, TableRow } from '@/components/ui/table';
import { describeTimeLeft, isExpired } from '@/lib/access-keys/expiry';
import {
  isUnused,
  MAX_ACCESS_KEYS_PER_ACCOUNT,
  type AccessKeyListItem,
} from '@/lib/access-keys/keys';
import { UNUSED_AFTER_DAYS } from '@/lib/access-keys/limits';
import { formatDateTime } from '@/lib/format';
import { DeleteButton, EditButton, ShowSecretButton, StatusButton } from './access-key-row-actions';

/** Shown in a cell; longer lists say how many more there are. */
const ALLOW_LIST_SHOWN = 3;

function Expiry({ expiresAt, now }: { expiresAt: Date | null; now: number }) {
  if (expiresAt === null) return <span className="text-muted-foreground">No expiry</span>;
  const iso = expiresAt.toISOString();
  if (isExpired(expiresAt, now)) {
    return (
      <div className="text-destructive">
        Expired on
        <span className="block text-xs">
          <LocalDateTime value={iso} />
        </span>
      </div>
    );
  }
  return (
    <div>
      {describeTimeLeft(expiresAt, now)}
      <span className="text-muted-foreground block text-xs">
        <LocalDateTime value={iso} />
      </span>
    </div>
  );
}

function AllowList({ entries }: { entries: string[] }) {
  if (entries.length === 0) return <span className="text-muted-foreground">Any address</span>;
  return (
    <ul className="font-mono text-xs" aria-label="Allowed addresses">
      {entries.slice(0, ALLOW_LIST_SHOWN).map((entry) => (
        <li key={entry}>{entry}</li>
      ))}
      {entries.length > ALLOW_LIST_SHOWN && (
        <li className="text-muted-foreground font-sans">
          and {entries.length - ALLOW_LIST_SHOWN} more
        </li>
      )}
    </ul>
  );
}

export function AccessKeyTable({
  keys,
  email,
  programmaticAccess,
  now,
}: {
  keys: AccessKeyListItem[];
  email: string;
  programmaticAccess: boolean;
  /** The time the page was rendered: what "expires in" and "expired" are measured against. */
  now: number;
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
            <TableHead>Expires</TableHead>
            <TableHead>IP allow-list</TableHead>
            <TableHead>Created</TableHead>
            <TableHead>Last used</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </CardTableHeader>
        <CardTableBody>
          {keys.map((key) => {
            const expired = isExpired(key.expiresAt, now);
            return (
              <CardTableRow key={key.id}>
                <CardTableCell label="AccessKey ID" labelAbove>
                  {key.name && <span className="block font-medium">{key.name}</span>}
                  <span className="font-mono">{key.accessKeyId}</span>
                  {key.description && (
                    <span className="text-muted-foreground block max-w-64 text-xs break-words whitespace-pre-line">
                      {key.description}
                    </span>
                  )}
                </CardTableCell>
                <CardTableCell label="AccessKey Secret" className="text-muted-foreground font-mono">
                  <span aria-hidden>{key.maskedSecret}</span>
                  <span className="sr-only">Hidden</span>
                </CardTableCell>
                <CardTableCell label="Status">
                  <div className="flex flex-wrap gap-1">
                    {key.status === 'enabled' ? (
                      <Badge className="bg-emerald-600 text-white">Enabled</Badge>
                    ) : (
                      <Badge variant="secondary">Disabled</Badge>
                    )}
                    {key.leakedAt && (
                      <Badge
                        variant="destructive"
                        title={`Reported leaked on ${formatDateTime(key.leakedAt)}; it cannot be enabled again.`}
                      >
                        Leaked
                      </Badge>
                    )}
                    {expired && <Badge variant="outline">Expired</Badge>}
                    {isUnused(key, now) && (
                      <Badge variant="outline" className="text-amber-700 dark:text-amber-300">
                        Unused for {UNUSED_AFTER_DAYS} days
                      </Badge>
                    )}
                  </div>
                </CardTableCell>
                <CardTableCell label="Expires" className="min-w-32 whitespace-normal">
                  <Expiry expiresAt={key.expiresAt} now={now} />
                </CardTableCell>
                <CardTableCell label="IP allow-list">
                  <AllowList entries={key.allowedIps} />
                </CardTableCell>
                <CardTableCell label="Created" className="min-w-28 whitespace-normal">
                  {formatDateTime(key.createdAt)}
                </CardTableCell>
                <CardTableCell label="Last used" className="min-w-28 whitespace-normal">
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
                </CardTableCell>
                <CardTableCell className="max-lg:pt-2">
                  <div className="flex gap-2 max-lg:flex-wrap lg:grid lg:grid-cols-2">
                    <EditButton accessKey={key} email={email} />
                    <StatusButton
                      accessKey={key}
                      canEnable={programmaticAccess && key.leakedAt === null}
                    />
                    <ShowSecretButton
                      accessKey={key}
                      email={email}
                      disabled={!programmaticAccess}
                    />
                    {(key.status === 'disabled' || expired) && <DeleteButton accessKey={key} />}
                  </div>
                </CardTableCell>
              </CardTableRow>
            );
          })}
        </CardTableBody>
      </CardTable>
    </div>
  );
}
