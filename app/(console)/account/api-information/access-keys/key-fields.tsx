'use client';

import { useTranslations } from 'next-intl';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import {
  MAX_ALLOWED_IPS,
  MAX_KEY_DESCRIPTION_LENGTH,
  MAX_KEY_NAME_LENGTH,
} from '@/lib/access-keys/limits';

export const fieldClass =
  'border-input dark:bg-input/30 placeholder:text-muted-foreground focus-visible:border-ring focus-visible:ring-ring/50 w-full rounded-md border bg-transparent px-3 py-2 text-sm shadow-xs outline-none focus-visible:ring-[3px]';

// Addresses from the documentation ranges (RFC 5737, RFC 3849): the same in every language.
const ALLOW_LIST_EXAMPLE = '203.0.113.7\n198.51.100.0/24\n2001:db8::/32';

/** Name, description and IP allow-list: the fields Create and Edit share. */
export function KeyFields({
  defaults = {},
}: {
  defaults?: { name?: string | null; description?: string | null; allowedIps?: string[] };
}) {
  const t = useTranslations('keyForm');
  return (
    <>
      <div className="grid gap-2">
        <Label htmlFor="key-name">{t('name')}</Label>
        <Input
          id="key-name"
          name="name"
          maxLength={MAX_KEY_NAME_LENGTH}
          defaultValue={defaults.name ?? ''}
          placeholder={t('namePlaceholder')}
          autoComplete="off"
        />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="key-description">{t('description')}</Label>
        <textarea
          id="key-description"
          name="description"
          rows={2}
          maxLength={MAX_KEY_DESCRIPTION_LENGTH}
          defaultValue={defaults.description ?? ''}
          className={fieldClass}
        />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="key-allowed-ips">{t('allowList')}</Label>
        <textarea
          id="key-allowed-ips"
          name="allowedIps"
          rows={3}
          defaultValue={(defaults.allowedIps ?? []).join('\n')}
          placeholder={ALLOW_LIST_EXAMPLE}
          spellCheck={false}
          aria-describedby="key-allowed-ips-help"
          className={`${fieldClass} font-mono`}
        />
        <p id="key-allowed-ips-help" className="text-muted-foreground text-xs">
          {t('allowListHelp', { max: MAX_ALLOWED_IPS })}
        </p>
      </div>
    </>
  );
}
