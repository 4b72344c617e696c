import { useTranslations } from 'next-intl';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password-policy';

/** "New password" and "Repeat new password", posted as newPassword and confirmPassword. */
export function NewPasswordFields({ autoFocus }: { autoFocus?: boolean }) {
  const t = useTranslations('passwordFields');
  return (
    <>
      <div className="grid gap-2">
        <Label htmlFor="newPassword">{t('newPassword')}</Label>
        <Input
          id="newPassword"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          minLength={MIN_PASSWORD_LENGTH}
          required
          autoFocus={autoFocus}
          aria-describedby="newPassword-hint"
        />
        <p id="newPassword-hint" className="text-muted-foreground text-xs">
          {t('hint', { min: MIN_PASSWORD_LENGTH })}
        </p>
      </div>
      <div className="grid gap-2">
        <Label htmlFor="confirmPassword">{t('repeat')}</Label>
        <Input
          id="confirmPassword"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
        />
      </div>
    </>
  );
}
