'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { regenerateRecoveryCodesAction } from './actions';
import { ConfirmIdentityDialog } from './confirm-identity-dialog';
import { RecoveryCodesDialog } from './recovery-codes-dialog';

export function RecoveryCodesCard({
  left,
  total,
  enabled,
}: {
  left: number;
  total: number;
  enabled: boolean;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  return (
    <div className="grid gap-3 text-sm">
      <p className="text-muted-foreground">
        Single-use codes for when your authenticator app and passkeys are out of reach. Using one
        emails you.
      </p>
      {enabled ? (
        <div className="flex flex-wrap items-center gap-3">
          <span data-testid="recovery-codes-left">
            {left} of {total} codes left
          </span>
          <Button type="button" variant="outline" size="sm" onClick={() => setConfirming(true)}>
            Generate new recovery codes
          </Button>
        </div>
      ) : (
        <p>You get them with your first authenticator app or passkey.</p>
      )}
      {confirming && (
        <ConfirmIdentityDialog
          title="Generate new recovery codes?"
          description="Your current codes stop working at once. Confirm with your password or a current code from your authenticator app."
          submitLabel="Generate"
          action={regenerateRecoveryCodesAction}
          onClose={() => setConfirming(false)}
          onDone={(result) => {
            setConfirming(false);
            toast.success(result.success);
            if ('recoveryCodes' in result && result.recoveryCodes) setCodes(result.recoveryCodes);
            router.refresh();
          }}
        />
      )}
      {codes && <RecoveryCodesDialog codes={codes} onClose={() => setCodes(null)} />}
    </div>
  );
}
