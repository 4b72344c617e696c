import { KeyRound } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@/components/ui/table';
import { MAX_ACCESS_KEYS_PER_ACCOUNT, type AccessKeyListItem } from '@/lib/access-keys/keys';
import { formatDateTime } from '@/lib/format';
import { DeleteButton, ShowSecretButton, StatusButton } from './access-key-row-actions';

export function AccessKeyTable({
  keys,
  email,
  programmaticAccess,
}: {
  keys: AccessKeyListItem[];
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
      <Table>
        <TableHeader>
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
        </TableHeader>
        <TableBody>
          {keys.map((key) => (
            <TableRow key={key.id}>
              <TableCell className="font-mono">{key.accessKeyId}</TableCell>
              <TableCell className="text-muted-foreground font-mono">
                <span aria-hidden>{key.maskedSecret}</span>
                <span className="sr-only">Hidden</span>
              </TableCell>
              <TableCell>
                {key.status === 'enabled' ? (
                  <Badge className="bg-emerald-600 text-white">Enabled</Badge>
                ) : (
                  <Badge variant="secondary">Disabled</Badge>
                )}
              </TableCell>
              <TableCell className="whitespace-nowrap">{formatDateTime(key.createdAt)}</TableCell>
              <TableCell className="whitespace-nowrap">
                {key.lastUsedAt ? (
                  <>
                    {formatDateTime(key.lastUsedAt)}
                    {key.lastUsedIp && (
                      <span className="text-muted-foreground block text-xs">
                        from {key.lastUsedIp}
                      </span>
                    )}
                  </>
                ) : (
                  <span className="text-muted-foreground">Never</span>
                )}
              </TableCell>
              <TableCell>
                <div className="flex gap-2">
                  <StatusButton accessKey={key} canEnable={programmaticAccess} />
                  <ShowSecretButton accessKey={key} email={email} disabled={!programmaticAccess} />
                  {key.status === 'disabled' && <DeleteButton accessKey={key} />}
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
