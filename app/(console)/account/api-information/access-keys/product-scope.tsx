'use client';

import { ChevronDown } from 'lucide-react';
import dynamic from 'next/dynamic';
import { startTransition, useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { formDataOf, useToastAction } from '@/components/use-toast-action';
import { scopeLabel, type ProductChoice, type ProductScope } from '@/lib/products/scope-label';
import { setAccessKeyScopeAction } from './actions';

const VerifyEmailDialog = dynamic(() =>
  import('./verify-email-dialog').then((m) => m.VerifyEmailDialog),
);

/** The form field: "all", or the chosen slugs joined by commas. */
export function scopeField(scope: ProductScope) {
  return scope === 'all' ? 'all' : scope.join(',');
}

/** Unticking the last chosen product goes back to all products: a scope is never empty. */
function toggled(scope: ProductScope, slug: string): ProductScope {
  if (scope === 'all') return [slug];
  const next = scope.includes(slug) ? scope.filter((s) => s !== slug) : [...scope, slug];
  return next.length === 0 ? 'all' : next;
}

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
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="outline"
          aria-label={`The new AccessKey opens: ${scopeLabel(scope, products)}`}
        >
          <span className="max-w-48 truncate">Opens: {scopeLabel(scope, products)}</span>
          <ChevronDown aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>The new AccessKey opens</DropdownMenuLabel>
        <DropdownMenuCheckboxItem checked={scope === 'all'} onCheckedChange={() => onChange('all')}>
          All products
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

/**
 * On a key's row: change which products it opens. Opening more asks for the email verification
 * first (the server says so), then saves the same choice again; opening fewer saves at once.
 */
export function KeyScopeButton({
  accessKey,
  products,
  email,
}: {
  accessKey: { id: number; accessKeyId: string; products: ProductScope };
  products: readonly ProductChoice[];
  email: string;
}) {
  const [open, setOpen] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [scope, setScope] = useState<ProductScope>(accessKey.products);
  // A product the key opens may since have been disabled: it stays listed while it is chosen.
  const listed = [
    ...products,
    ...(accessKey.products === 'all' ? [] : accessKey.products)
      .filter((slug) => !products.some((p) => p.slug === slug))
      .map((slug) => ({ slug, name: slug })),
  ];
  const fields = { id: String(accessKey.id), products: scopeField(scope) };
  const [, dispatch, pending] = useToastAction(setAccessKeyScopeAction, {
    onResult(result) {
      // One dialog at a time: the choice is kept and saved again once the email is verified.
      if ('verificationRequired' in result && result.verificationRequired) {
        setOpen(false);
        setVerifying(true);
      }
    },
    onSuccess: () => setOpen(false),
  });
  return (
    <>
      <Button
        size="sm"
        variant="outline"
        aria-haspopup="dialog"
        aria-label={`Products of ${accessKey.accessKeyId}`}
        onClick={() => {
          setScope(accessKey.products);
          setOpen(true);
        }}
      >
        Products
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Products of {accessKey.accessKeyId}</DialogTitle>
            <DialogDescription>
              Which products this key opens through the gateway. Opening more asks you to verify
              your email; opening fewer applies at once.
            </DialogDescription>
          </DialogHeader>
          <form action={dispatch} className="grid gap-4">
            <input type="hidden" name="id" value={fields.id} />
            <input type="hidden" name="products" value={fields.products} />
            <fieldset className="grid gap-2">
              <legend className="sr-only">Products</legend>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="scope-kind"
                  checked={scope === 'all'}
                  onChange={() => setScope('all')}
                />
                All products
              </label>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="scope-kind"
                  checked={scope !== 'all'}
                  disabled={listed.length === 0}
                  onChange={() => setScope(listed.length > 0 ? [listed[0].slug] : 'all')}
                />
                Chosen products
              </label>
              <div className="ml-6 grid gap-1">
                {listed.map((product) => (
                  <label key={product.slug} className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={scope !== 'all' && scope.includes(product.slug)}
                      onChange={() => setScope(toggled(scope, product.slug))}
                    />
                    {product.name}
                    <span className="text-muted-foreground font-mono text-xs">{product.slug}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <DialogFooter>
              <SubmitButton pending={pending} pendingText="Saving…">
                Save
              </SubmitButton>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      {verifying && (
        <VerifyEmailDialog
          open
          onOpenChange={setVerifying}
          email={email}
          purpose="let this AccessKey open more products"
          onVerified={() => {
            setVerifying(false);
            startTransition(() => dispatch(formDataOf(fields)));
          }}
        />
      )}
    </>
  );
}
