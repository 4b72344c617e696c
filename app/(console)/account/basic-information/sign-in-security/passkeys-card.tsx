'use client';

import { KeyRound, Loader2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { formDataOf } from '@/components/use-toast-action';
import { createPasskey } from '@/app/(auth)/login/passkey-ceremony';
import {
  passkeyRegistrationOptionsAction,
  registerPasskeyAction,
  removePasskeyAction,
} from './actions';
import { ConfirmIdentityDialog } from './confirm-identity-dialog';
import { RecoveryCodesDialog } from './recovery-codes-dialog';

/** Dates already written in the viewer's language and time zone; `lastUsed` null when never. */
export type PasskeyRow = { id: number; name: string; created: string; lastUsed: string | null };

export function PasskeysCard({ passkeys }: { passkeys: PasskeyRow[] }) {
  const t = useTranslations();
  const router = useRouter();
  const [name, setName] = useState('');
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<PasskeyRow | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  async function add() {
    setAdding(true);
    try {
      const started = await passkeyRegistrationOptionsAction({}, new FormData());
      if (started.error) return toast.error(started.error);
      if (!('options' in started) || !started.options) return;
      const created = await createPasskey(started.options);
      if ('problem' in created) return toast.error(t(`passkeyPrompt.${created.problem}`));
      const result = await registerPasskeyAction({}, formDataOf({ response: created.json, name }));
      if (result.error) return toast.error(result.error);
      toast.success(result.success);
      setName('');
      if ('recoveryCodes' in result && result.recoveryCodes) setCodes(result.recoveryCodes);
      router.refresh();
    } finally {
      setAdding(false);
    }
  }

  return (
    <div className="grid gap-4 text-sm">
      <p className="text-muted-foreground">{t('signInSecurity.passkeysDescription')}</p>
      {passkeys.length > 0 && (
        <ul aria-label={t('signInSecurity.passkeysTitle')} className="divide-y rounded-md border">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 p-3">
              <KeyRound className="text-muted-foreground size-4" aria-hidden />
              <span className="font-medium">{passkey.name}</span>
              <span className="text-muted-foreground text-xs">
                {passkey.lastUsed
                  ? t('signInSecurity.passkeyUsed', {
                      created: passkey.created,
                      lastUsed: passkey.lastUsed,
                    })
                  : t('signInSecurity.passkeyNeverUsed', { created: passkey.created })}
              </span>
              <Button
                type="button"
                variant="outline"
                size="sm"
                className="ml-auto"
                aria-label={t('signInSecurity.removePasskeyLabel', { name: passkey.name })}
                onClick={() => setRemoving(passkey)}
              >
                {t('signInSecurity.remove')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-2">
          <Label htmlFor="passkey-name">{t('signInSecurity.passkeyName')}</Label>
          <Input
            id="passkey-name"
            value={name}
            maxLength={64}
            placeholder={t('signInSecurity.passkeyNamePlaceholder')}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <Button type="button" onClick={add} disabled={adding}>
          {adding ? <Loader2 className="animate-spin" aria-hidden /> : <KeyRound aria-hidden />}
          {t('signInSecurity.addPasskey')}
        </Button>
      </div>
      {removing && (
        <ConfirmIdentityDialog
          title={t('signInSecurity.removePasskeyTitle', { name: removing.name })}
          description={t('signInSecurity.removePasskeyDescription')}
          submitLabel={t('signInSecurity.remove')}
          destructive
          action={removePasskeyAction}
          fields={{ id: String(removing.id) }}
          onClose={() => setRemoving(null)}
          onDone={(result) => {
            setRemoving(null);
            toast.success(result.success);
            router.refresh();
          }}
        />
      )}
      {codes && <RecoveryCodesDialog codes={codes} onClose={() => setCodes(null)} />}
    </div>
  );
}
