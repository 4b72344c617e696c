'use client';

import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { Button } from '@/components/ui/button';
import { useToastAction } from '@/components/use-toast-action';
import type { AccessKeyStatus } from '@/db/schema';
import type { ProductChoice, ProductScope } from '@/lib/products/scope-label';
import { revealAccessKeySecretAction, setAccessKeyStatusAction } from './actions';
import type { EditableKey } from './edit-access-key-dialog';
import { SecretActionForm } from './secret-action-form';

// Loaded when first opened, so the page's first load carries only the table and buttons.
const DeleteAccessKeyDialog = dynamic(() =>
  import('./delete-access-key-dialog').then((m) => m.DeleteAccessKeyDialog),
);
const EditAccessKeyDialog = dynamic(() =>
  import('./edit-access-key-dialog').then((m) => m.EditAccessKeyDialog),
);
const KeyScopeDialog = dynamic(() => import('./key-scope-dialog').then((m) => m.KeyScopeDialog));

type Key = { id: number; accessKeyId: string; status: AccessKeyStatus };

/** Enable or Disable; a leaked key stays disabled (the server refuses to enable it too). */
export function StatusButton({ accessKey, canEnable }: { accessKey: Key; canEnable: boolean }) {
  const t = useTranslations('common');
  const [, dispatch] = useToastAction(setAccessKeyStatusAction);
  const next = accessKey.status === 'enabled' ? 'disabled' : 'enabled';
  return (
    <form action={dispatch}>
      <input type="hidden" name="id" value={accessKey.id} />
      <input type="hidden" name="status" value={next} />
      <SubmitButton
        size="sm"
        variant="outline"
        className="w-20"
        disabled={next === 'enabled' && !canEnable}
      >
        {next === 'enabled' ? t('enable') : t('disable')}
      </SubmitButton>
    </form>
  );
}

export function ShowSecretButton({
  accessKey,
  email,
  disabled,
}: {
  accessKey: Key;
  email: string;
  disabled: boolean;
}) {
  const t = useTranslations('accessKeys');
  return (
    <SecretActionForm
      action={revealAccessKeySecretAction}
      fields={{ id: String(accessKey.id) }}
      email={email}
      button={(pending) => (
        <SubmitButton size="sm" variant="outline" pending={pending} disabled={disabled}>
          {t('show')}
        </SubmitButton>
      )}
    />
  );
}

export function DeleteButton({ accessKey }: { accessKey: Key }) {
  const t = useTranslations('accessKeys');
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <>
      <Button
        ref={trigger}
        size="sm"
        variant="outline"
        className="text-destructive"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        {t('delete')}
      </Button>
      {open && (
        <DeleteAccessKeyDialog
          accessKey={accessKey}
          onClose={() => {
            setOpen(false);
            trigger.current?.focus();
          }}
        />
      )}
    </>
  );
}

export function EditButton({ accessKey, email }: { accessKey: EditableKey; email: string }) {
  const t = useTranslations('accessKeys');
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <>
      <Button
        ref={trigger}
        size="sm"
        variant="outline"
        aria-haspopup="dialog"
        aria-label={t('editLabel', { accessKeyId: accessKey.accessKeyId })}
        onClick={() => setOpen(true)}
      >
        {t('edit')}
      </Button>
      {open && (
        <EditAccessKeyDialog
          accessKey={accessKey}
          email={email}
          onClose={() => {
            setOpen(false);
            trigger.current?.focus();
          }}
        />
      )}
    </>
  );
}

export function KeyScopeButton({
  accessKey,
  products,
  email,
}: {
  accessKey: Key & { products: ProductScope };
  products: readonly ProductChoice[];
  email: string;
}) {
  const t = useTranslations('keyScope');
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="sm"
        variant="outline"
        aria-haspopup="dialog"
        aria-label={t('title', { accessKeyId: accessKey.accessKeyId })}
        onClick={() => setOpen(true)}
      >
        {t('button')}
      </Button>
      {open && (
        <KeyScopeDialog
          accessKey={accessKey}
          products={products}
          email={email}
          onDone={() => setOpen(false)}
        />
      )}
    </>
  );
}
