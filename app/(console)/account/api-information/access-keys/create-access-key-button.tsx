'use client';

import { Plus } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import type { SecretPair } from './actions';

// Loaded when first opened, so the page's first load carries only the table and buttons.
const CreateAccessKeyDialog = dynamic(() =>
  import('./create-access-key-dialog').then((m) => m.CreateAccessKeyDialog),
);
const SecretDialog = dynamic(() => import('./secret-dialog').then((m) => m.SecretDialog));

export function CreateAccessKeyButton({
  email,
  maxLifetimeDays,
  today,
}: {
  email: string;
  maxLifetimeDays: number | null;
  /** The UTC day the page was rendered, 'YYYY-MM-DD', the first day a date may name. */
  today: string;
}) {
  const t = useTranslations('accessKeys');
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<SecretPair | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <>
      <Button ref={trigger} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <Plus aria-hidden /> {t('create')}
      </Button>
      {open && (
        <CreateAccessKeyDialog
          email={email}
          maxLifetimeDays={maxLifetimeDays}
          today={today}
          onClose={() => {
            setOpen(false);
            trigger.current?.focus();
          }}
          onCreated={(pair) => {
            setOpen(false);
            setSecret(pair);
          }}
        />
      )}
      {secret && <SecretDialog pair={secret} created onClose={() => setSecret(null)} />}
    </>
  );
}
