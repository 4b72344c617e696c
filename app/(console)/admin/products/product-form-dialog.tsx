'use client';

import { Pencil, Plus } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { toast } from 'sonner';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Switch } from '@/components/ui/switch';
import type { ActionState } from '@/lib/actions/action-state';
import {
  createProductAction,
  updateProductAction,
  type ProductActionState,
  type SigningSecret,
} from './actions';
import { SigningSecretDialog } from './signing-secret-dialog';

/** The product as the form edits it: seconds and MiB, as people think of them. */
export type ProductFormValues = {
  slug: string;
  name: string;
  description: string;
  upstreamUrl: string;
  timeoutSeconds: number;
  maxBodyMiB: number;
  enabled: boolean;
  /** Keys are scoped to it: the slug cannot change. */
  slugFixed: boolean;
};

const NEW_PRODUCT: ProductFormValues = {
  slug: '',
  name: '',
  description: '',
  upstreamUrl: '',
  timeoutSeconds: 30,
  maxBodyMiB: 10,
  enabled: true,
  slugFixed: false,
};

function ProductForm({
  initial,
  editing,
  onDone,
}: {
  initial: ProductFormValues;
  editing: boolean;
  onDone: (result: ProductActionState) => void;
}) {
  const t = useTranslations('adminProducts');
  const [state, action] = useActionState<ProductActionState, FormData>(
    async (previous: ActionState, formData: FormData) => {
      const result = await (editing ? updateProductAction : createProductAction)(
        previous,
        formData,
      );
      if (!result.error) onDone(result);
      // The secret goes to the dialog, never into the state React keeps.
      return { error: result.error };
    },
    {},
  );
  const [fields, setFields] = useState(initial);
  const set = (patch: Partial<ProductFormValues>) =>
    setFields((current) => ({ ...current, ...patch }));
  const id = (name: string) => `product-${name}`;
  return (
    <form action={action} noValidate className="grid gap-4">
      {editing && <input type="hidden" name="currentSlug" value={initial.slug} />}
      <div className="grid gap-2 sm:grid-cols-2">
        <div className="grid gap-2">
          <Label htmlFor={id('name')}>{t('name')}</Label>
          <Input
            id={id('name')}
            name="name"
            required
            maxLength={100}
            value={fields.name}
            onChange={(event) => set({ name: event.target.value })}
          />
        </div>
        <div className="grid gap-2">
          <Label htmlFor={id('slug')}>{t('slug')}</Label>
          <Input
            id={id('slug')}
            name="slug"
            required
            maxLength={40}
            pattern="[a-z0-9-]{2,40}"
            readOnly={fields.slugFixed}
            aria-describedby={id('slug-hint')}
            className="font-mono"
            value={fields.slug}
            onChange={(event) => set({ slug: event.target.value })}
          />
          <p id={id('slug-hint')} className="text-muted-foreground text-xs">
            {fields.slugFixed ? t('slugFixed') : t('slugHint', { gatewayPath: '/gateway/{slug}/' })}
          </p>
        </div>
      </div>
      <div className="grid gap-2">
        <Label htmlFor={id('upstream')}>{t('upstreamUrl')}</Label>
        <Input
          id={id('upstream')}
          name="upstreamUrl"
          type="url"
          required
          placeholder={t('upstreamPlaceholder')}
          aria-describedby={id('upstream-hint')}
          className="font-mono"
          value={fields.upstreamUrl}
          onChange={(event) => set({ upstreamUrl: event.target.value })}
        />
        <p id={id('upstream-hint')} className="text-muted-foreground text-xs">
          {t('upstreamHint')}
        </p>
      </div>
      <div className="grid gap-2">
        <Label htmlFor={id('description')}>{t('descriptionLabel')}</Label>
        <Input
          id={id('description')}
          name="description"
          maxLength={500}
          value={fields.description}
          onChange={(event) => set({ description: event.target.value })}
        />
      </div>
      <div className="grid gap-2 sm:grid-cols-2">
        <div className="grid gap-2">
          <Label htmlFor={id('timeout')}>{t('timeout')}</Label>
          <Input
            id={id('timeout')}
            name="timeoutSeconds"
            type="number"
            min={1}
            max={300}
            required
            value={fields.timeoutSeconds}
            onChange={(event) => set({ timeoutSeconds: Number(event.target.value) })}
          />
        </div>
        <div className="grid gap-2">
          <Label htmlFor={id('body')}>{t('bodyLimit')}</Label>
          <Input
            id={id('body')}
            name="maxBodyMiB"
            type="number"
            min={0}
            max={100}
            step="any"
            required
            value={fields.maxBodyMiB}
            onChange={(event) => set({ maxBodyMiB: Number(event.target.value) })}
          />
        </div>
      </div>
      <div className="flex items-center gap-3">
        <Switch
          id={id('enabled')}
          name="enabled"
          value="on"
          checked={fields.enabled}
          onCheckedChange={(checked) => set({ enabled: checked })}
        />
        <Label htmlFor={id('enabled')}>{t('enabledLabel')}</Label>
      </div>
      <FormMessage state={{ error: state.error }} />
      <DialogFooter>
        <SubmitButton pendingText={editing ? t('saving') : t('creating')}>
          {editing ? t('save') : t('create')}
        </SubmitButton>
      </DialogFooter>
    </form>
  );
}

export function ProductFormDialog({ product }: { product?: ProductFormValues }) {
  const t = useTranslations();
  const editing = product !== undefined;
  const [open, setOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [secret, setSecret] = useState<SigningSecret | null>(null);
  const shown = (result: ProductActionState) => {
    if (result.success) toast.success(result.success);
    if (result.secret) setSecret(result.secret);
    setOpen(false);
  };
  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (next) setFormKey((key) => key + 1);
        }}
      >
        <DialogTrigger asChild>
          {editing ? (
            <Button
              size="sm"
              variant="outline"
              aria-label={t('adminProducts.editTitle', { slug: product.slug })}
            >
              <Pencil aria-hidden /> {t('adminProducts.edit')}
            </Button>
          ) : (
            <Button>
              <Plus aria-hidden /> {t('adminProducts.register')}
            </Button>
          )}
        </DialogTrigger>
        <DialogContent className="sm:max-w-2xl" closeLabel={t('common.closeDialog')}>
          <DialogHeader>
            <DialogTitle>
              {editing
                ? t('adminProducts.editTitle', { slug: product.slug })
                : t('adminProducts.register')}
            </DialogTitle>
            <DialogDescription>
              {t('adminProducts.dialogDescription', { gatewayPath: '/gateway/{slug}/' })}
            </DialogDescription>
          </DialogHeader>
          <ProductForm
            key={formKey}
            initial={product ?? NEW_PRODUCT}
            editing={editing}
            onDone={shown}
          />
        </DialogContent>
      </Dialog>
      {secret && <SigningSecretDialog secret={secret} onClose={() => setSecret(null)} />}
    </>
  );
}
