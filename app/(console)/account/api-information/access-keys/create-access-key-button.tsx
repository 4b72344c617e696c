'use client';

import { Plus } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import type { ProductChoice, ProductScope } from '@/lib/products/scope-label';
import type { SecretPair } from './actions';

// Loaded when first opened, so the page's first load carries only the table and buttons.
const CreateAccessKeyDialog = dynamic(() =>
  import('./create-access-key-dialog').then((m) => m.CreateAccessKeyDialog),
);
const SecretDialog = dynamic(() => import('./secret-dialog').then((m) => m.SecretDialog));
// Its own chunk too, and only once a product is registered.
const NewKeyScopeMenu = dynamic(() =>
  import('./new-key-scope-menu').then((m) => m.NewKeyScopeMenu),
);

export function CreateAccessKeyButton({
  email,
  maxLifetimeDays,
  today,
  products,
}: {
  email: string;
  maxLifetimeDays: number | null;
  /** The UTC day the page was rendered, 'YYYY-MM-DD', the first day a date may name. */
  today: string;
  /** The enabled products a new key may be limited to; none registered: the menu is not shown. */
  products: readonly ProductChoice[];
}) {
  const t = useTranslations('accessKeys');
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<SecretPair | null>(null);
  const [scope, setScope] = useState<ProductScope>('all');
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <div className="flex flex-wrap items-center gap-2">
      {products.length > 0 && (
        <NewKeyScopeMenu products={products} scope={scope} onChange={setScope} />
      )}
      <Button ref={trigger} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <Plus aria-hidden /> {t('create')}
      </Button>
      {open && (
        <CreateAccessKeyDialog
          email={email}
          maxLifetimeDays={maxLifetimeDays}
          today={today}
          scope={scope}
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
    </div>
  );
}
