'use client';

import { Eye, EyeOff } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { CopyButton } from '@/components/copy-button';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

/**
 * A read-only value with a copy button; `secret` adds a hide/reveal toggle. The field keeps its
 * size and monospace font either way, so revealing never moves the layout.
 */
export function SecretField({
  label,
  value,
  secret = false,
}: {
  label: string;
  value: string;
  secret?: boolean;
}) {
  const t = useTranslations('copy');
  const id = useId();
  const [hidden, setHidden] = useState(false);
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex items-center gap-2">
        <Input
          id={id}
          readOnly
          value={value}
          type={secret && hidden ? 'password' : 'text'}
          spellCheck={false}
          autoComplete="off"
          className="font-mono text-sm"
          onFocus={(event) => event.currentTarget.select()}
        />
        {secret && (
          <Button
            type="button"
            variant="outline"
            size="icon"
            aria-label={hidden ? t('reveal', { label }) : t('hide', { label })}
            aria-pressed={hidden}
            onClick={() => setHidden((value) => !value)}
          >
            {hidden ? <Eye aria-hidden /> : <EyeOff aria-hidden />}
          </Button>
        )}
        <CopyButton value={value} label={label} />
      </div>
    </div>
  );
}
