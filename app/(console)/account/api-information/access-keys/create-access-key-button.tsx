'use client';

import { Plus } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import type { ProductChoice, ProductScope } from '@/lib/products/scope-label';
import { createAccessKeyAction } from './actions';
import { scopeField } from './product-scope';
import { SecretActionForm } from './secret-action-form';

// Its own chunk: the page's first load stays the table and buttons.
const NewKeyScopeMenu = dynamic(() =>
  import('./new-key-scope-menu').then((m) => m.NewKeyScopeMenu),
);

export function CreateAccessKeyButton({
  email,
  products,
}: {
  email: string;
  products: readonly ProductChoice[];
}) {
  const t = useTranslations('accessKeys');
  const [scope, setScope] = useState<ProductScope>('all');
  return (
    <div className="flex flex-wrap items-center gap-2">
      {products.length > 0 && (
        <NewKeyScopeMenu products={products} scope={scope} onChange={setScope} />
      )}
      <SecretActionForm
        action={createAccessKeyAction}
        fields={{ products: scopeField(scope) }}
        email={email}
        purpose="create"
        button={(pending) => (
          <SubmitButton pending={pending} pendingText={t('creating')}>
            <Plus aria-hidden /> {t('create')}
          </SubmitButton>
        )}
      />
    </div>
  );
}
