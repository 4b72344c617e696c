'use client';

import { Check, Copy } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';

export function CopyButton({ value, label }: { value: string; label: string }) {
  const t = useTranslations('copy');
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast.success(t('copied', { label }));
    } catch {
      toast.error(t('failed', { label }));
    }
  }

  return (
    <Button
      type="button"
      variant="outline"
      size="icon"
      aria-label={t('copy', { label })}
      onClick={copy}
    >
      {copied ? <Check className="text-emerald-600" aria-hidden /> : <Copy aria-hidden />}
    </Button>
  );
}
