'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useActionState, useState } from 'react';
import { toast } from 'sonner';
import { CopyButton } from '@/components/copy-button';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import type { ActionState } from '@/lib/actions/action-state';
import type { TotpSetup } from '@/lib/auth/mfa/totp';
import {
  confirmTotpSetupAction,
  removeTotpAction,
  startTotpSetupAction,
  type RecoveryCodesState,
} from './actions';
import { ConfirmIdentityDialog } from './confirm-identity-dialog';
import { RecoveryCodesDialog } from './recovery-codes-dialog';

function SetupDialog({
  setup,
  onDone,
  onClose,
}: {
  setup: TotpSetup;
  onDone: (result: RecoveryCodesState) => void;
  onClose: () => void;
}) {
  const [state, dispatch] = useActionState<ActionState, FormData>(async (previous, formData) => {
    const result = await confirmTotpSetupAction(previous, formData);
    if (result.success) onDone(result);
    return { error: result.error };
  }, {});
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Set up an authenticator app</DialogTitle>
          <DialogDescription>
            Scan the QR code with an authenticator app (Google Authenticator, Microsoft
            Authenticator, 1Password, …), or type the setup key into it. Then enter the code it
            shows.
          </DialogDescription>
        </DialogHeader>
        <div className="grid justify-items-center gap-3">
          {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server */}
          <img
            src={setup.qrCode}
            alt="QR code for your authenticator app"
            width={192}
            height={192}
            className="rounded-md bg-white p-1"
          />
          <div className="grid w-full gap-1">
            <Label htmlFor="setup-key">Setup key</Label>
            <div className="flex gap-2">
              <Input
                id="setup-key"
                readOnly
                value={setup.secret}
                className="font-mono text-xs"
                data-testid="totp-secret"
              />
              <CopyButton value={setup.secret} label="setup key" />
            </div>
          </div>
        </div>
        <form action={dispatch} className="grid gap-3">
          <div className="grid gap-2">
            <Label htmlFor="totp-code">Code from the app</Label>
            <Input
              id="totp-code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              required
            />
          </div>
          <FormMessage state={state} />
          <SubmitButton pendingText="Verifying…">Verify and turn on</SubmitButton>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function AuthenticatorAppCard({ since }: { since: string | null }) {
  const router = useRouter();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [removing, setRemoving] = useState(false);
  const [starting, setStarting] = useState(false);

  function start() {
    setStarting(true);
    startTransition(async () => {
      const result = await startTotpSetupAction({}, new FormData());
      setStarting(false);
      if (result.error) toast.error(result.error);
      else if ('setup' in result && result.setup) setSetup(result.setup);
    });
  }

  return (
    <div className="grid gap-3 text-sm">
      <p className="text-muted-foreground">
        A 6-digit code from an app on your phone, new every 30 seconds.
      </p>
      {since ? (
        <div className="flex flex-wrap items-center gap-3">
          <Badge>On</Badge>
          <span className="text-muted-foreground">since {since}</span>
          <Button type="button" variant="outline" size="sm" onClick={() => setRemoving(true)}>
            Remove authenticator app
          </Button>
        </div>
      ) : (
        <Button type="button" className="justify-self-start" onClick={start} disabled={starting}>
          Set up authenticator app
        </Button>
      )}
      {setup && (
        <SetupDialog
          setup={setup}
          onClose={() => setSetup(null)}
          onDone={(result) => {
            setSetup(null);
            toast.success(result.success);
            if (result.recoveryCodes) setCodes(result.recoveryCodes);
            router.refresh();
          }}
        />
      )}
      {removing && (
        <ConfirmIdentityDialog
          title="Remove the authenticator app?"
          description="Its codes stop working at once. Confirm with your password or a current code from the app."
          submitLabel="Remove"
          destructive
          action={removeTotpAction}
          onClose={() => setRemoving(false)}
          onDone={(result) => {
            setRemoving(false);
            toast.success(result.success);
            router.refresh();
          }}
        />
      )}
      {codes && <RecoveryCodesDialog codes={codes} onClose={() => setCodes(null)} />}
    </div>
  );
}
