'use client';

import { Loader2, LogOut } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useFormStatus } from 'react-dom';
import { signOutAction } from './actions';
import { Button } from '@/components/ui/button';

function Submit() {
  const { pending } = useFormStatus();
  const t = useTranslations('header');
  return (
    <Button type="submit" variant="ghost" size="sm" disabled={pending} aria-label={t('signOut')}>
      {pending ? <Loader2 className="animate-spin" aria-hidden /> : <LogOut aria-hidden />}
      <span className="hidden sm:inline">{t('signOut')}</span>
    </Button>
  );
}

export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <Submit />
    </form>
  );
}
