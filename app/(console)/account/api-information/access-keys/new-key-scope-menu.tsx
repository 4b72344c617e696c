'use client';

import { ChevronDown } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { productNames, type ProductChoice, type ProductScope } from '@/lib/products/scope-label';
import { toggled } from './product-scope';

/** Beside Create AccessKey: which products the new key opens. */
export function NewKeyScopeMenu({
  products,
  scope,
  onChange,
}: {
  products: readonly ProductChoice[];
  scope: ProductScope;
  onChange: (scope: ProductScope) => void;
}) {
  const t = useTranslations('keyScope');
  const format = useFormatter();
  const chosen = scope === 'all' ? t('all') : format.list(productNames(scope, products));
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" aria-label={t('menuLabel', { products: chosen })}>
          <span className="max-w-48 truncate">{t('menuButton', { products: chosen })}</span>
          <ChevronDown aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>{t('menuTitle')}</DropdownMenuLabel>
        <DropdownMenuCheckboxItem checked={scope === 'all'} onCheckedChange={() => onChange('all')}>
          {t('all')}
        </DropdownMenuCheckboxItem>
        <DropdownMenuSeparator />
        {products.map((product) => (
          <DropdownMenuCheckboxItem
            key={product.slug}
            checked={scope !== 'all' && scope.includes(product.slug)}
            // Stays open, so several products can be ticked in a row.
            onSelect={(event) => event.preventDefault()}
            onCheckedChange={() => onChange(toggled(scope, product.slug))}
          >
            {product.name}
          </DropdownMenuCheckboxItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
