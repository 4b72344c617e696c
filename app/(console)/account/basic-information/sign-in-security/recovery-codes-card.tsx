'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
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
  const t = useTranslations('signInSecurity');
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  return (
    <div className="grid gap-3 text-sm">
      <p className="text-muted-foreground">{t('recoveryDescription')}</p>
      {enabled ? (
        <div className="flex flex-wrap items-center gap-3">
          <span data-testid="recovery-codes-left">{t('codesLeft', { left, total })}</span>
          <Button type="button" variant="outline" size="sm" onClick={() => setConfirming(true)}>
            {t('generateCodes')}
          </Button>
        </div>
      ) : (
        <p>{t('codesAfterFirstMethod')}</p>
      )}
      {confirming && (
        <ConfirmIdentityDialog
          title={t('generateCodesTitle')}
          description={t('generateCodesDescription')}
          submitLabel={t('generate')}
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
