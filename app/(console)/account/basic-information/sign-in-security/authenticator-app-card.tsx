'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
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
  const t = useTranslations('signInSecurity');
  const [state, dispatch] = useActionState<ActionState, FormData>(async (previous, formData) => {
    const result = await confirmTotpSetupAction(previous, formData);
    if (result.success) onDone(result);
    return { error: result.error };
  }, {});
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{t('setupTitle')}</DialogTitle>
          <DialogDescription>{t('setupDescription')}</DialogDescription>
        </DialogHeader>
        <div className="grid justify-items-center gap-3">
          {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server */}
          <img
            src={setup.qrCode}
            alt={t('qrCode')}
            width={192}
            height={192}
            className="rounded-md bg-white p-1"
          />
          <div className="grid w-full gap-1">
            <Label htmlFor="setup-key">{t('setupKey')}</Label>
            <div className="flex gap-2">
              <Input
                id="setup-key"
                readOnly
                value={setup.secret}
                className="font-mono text-xs"
                data-testid="totp-secret"
              />
              <CopyButton value={setup.secret} label={t('setupKeyCopyLabel')} />
            </div>
          </div>
        </div>
        <form action={dispatch} className="grid gap-3">
          <div className="grid gap-2">
            <Label htmlFor="totp-code">{t('codeFromApp')}</Label>
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
          <SubmitButton pendingText={t('verifying')}>{t('verifyAndTurnOn')}</SubmitButton>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function AuthenticatorAppCard({ since }: { since: string | null }) {
  const t = useTranslations('signInSecurity');
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
      <p className="text-muted-foreground">{t('appDescription')}</p>
      {since ? (
        <div className="flex flex-wrap items-center gap-3">
          <Badge>{t('appOn')}</Badge>
          <span className="text-muted-foreground">{t('appSince', { since })}</span>
          <Button type="button" variant="outline" size="sm" onClick={() => setRemoving(true)}>
            {t('removeApp')}
          </Button>
        </div>
      ) : (
        <Button type="button" className="justify-self-start" onClick={start} disabled={starting}>
          {t('setUpApp')}
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
          title={t('removeAppTitle')}
          description={t('removeAppDescription')}
          submitLabel={t('remove')}
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
