'use client';

import type { ActionState } from '@/lib/actions/action-state';
import { UserPlus } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useEffectEvent, useState } from 'react';
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
import { MIN_PASSWORD_LENGTH, PASSWORD_LINK_HOURS } from '@/lib/auth/password-policy';
import { createAccountAction } from './actions';

const selectClass =
  'border-input dark:bg-input/30 focus-visible:border-ring focus-visible:ring-ring/50 h-9 w-full rounded-md border bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px]';

type Fields = {
  email: string;
  name: string;
  role: 'member' | 'admin';
  programmaticAccess: boolean;
  password: string;
};

const EMPTY: Fields = {
  email: '',
  name: '',
  role: 'member',
  programmaticAccess: false,
  password: '',
};

function CreateAccountForm({ onCreated }: { onCreated: (message: string) => void }) {
  const t = useTranslations();
  const [state, action] = useActionState<ActionState, FormData>(createAccountAction, {});
  // Controlled, because React resets uncontrolled fields after every submission, errors included.
  const [fields, setFields] = useState(EMPTY);
  const set = (patch: Partial<Fields>) => setFields((current) => ({ ...current, ...patch }));
  const created = useEffectEvent(onCreated);
  useEffect(() => {
    if (state.success) created(state.success);
  }, [state]);
  return (
    <form action={action} noValidate className="grid gap-4">
      <div className="grid gap-2">
        <Label htmlFor="new-account-email">{t('common.email')}</Label>
        <Input
          id="new-account-email"
          name="email"
          type="email"
          autoComplete="off"
          required
          value={fields.email}
          onChange={(event) => set({ email: event.target.value })}
        />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="new-account-name">{t('common.name')}</Label>
        <Input
          id="new-account-name"
          name="name"
          autoComplete="off"
          required
          maxLength={100}
          value={fields.name}
          onChange={(event) => set({ name: event.target.value })}
        />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="new-account-role">{t('common.role')}</Label>
        <select
          id="new-account-role"
          name="role"
          className={selectClass}
          value={fields.role}
          onChange={(event) => set({ role: event.target.value === 'admin' ? 'admin' : 'member' })}
        >
          <option value="member">{t('common.member')}</option>
          <option value="admin">{t('common.administrator')}</option>
        </select>
      </div>
      <div className="flex items-center gap-3">
        <Switch
          id="new-account-programmatic-access"
          name="programmaticAccess"
          value="on"
          checked={fields.programmaticAccess}
          onCheckedChange={(checked) => set({ programmaticAccess: checked })}
        />
        <Label htmlFor="new-account-programmatic-access">
          {t('users.grantProgrammaticAccess')}
        </Label>
      </div>
      <div className="grid gap-2">
        <Label htmlFor="new-account-password">{t('users.initialPassword')}</Label>
        <Input
          id="new-account-password"
          name="password"
          type="password"
          autoComplete="new-password"
          aria-describedby="new-account-password-hint"
          value={fields.password}
          onChange={(event) => set({ password: event.target.value })}
        />
        <p id="new-account-password-hint" className="text-muted-foreground text-xs">
          {t('users.initialPasswordHint', {
            hours: PASSWORD_LINK_HOURS,
            min: MIN_PASSWORD_LENGTH,
          })}
        </p>
      </div>
      {/* Success closes the dialog and shows a toast instead. */}
      <FormMessage state={{ error: state.error }} />
      <DialogFooter>
        <SubmitButton pendingText={t('users.creating')}>{t('users.createAccount')}</SubmitButton>
      </DialogFooter>
    </form>
  );
}

export function CreateAccountDialog() {
  const t = useTranslations();
  const [open, setOpen] = useState(false);
  // A new form per opening, so a closed dialog forgets what was typed and the last message.
  const [formKey, setFormKey] = useState(0);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setFormKey((key) => key + 1);
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden /> {t('users.createAccount')}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={t('common.closeDialog')}>
        <DialogHeader>
          <DialogTitle>{t('users.createAccount')}</DialogTitle>
          <DialogDescription>{t('users.createDescription')}</DialogDescription>
        </DialogHeader>
        <CreateAccountForm
          key={formKey}
          onCreated={(message) => {
            toast.success(message);
            setOpen(false);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
