'use client';

import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';

export function CopyButton({ value, label }: { value: string; label: string }) {
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
      toast.success(`${label} copied to the clipboard.`);
    } catch {
      toast.error(`Could not copy the ${label}. Select the text and copy it by hand.`);
    }
  }

  return (
    <Button type="button" variant="outline" size="icon" aria-label={`Copy ${label}`} onClick={copy}>
      {copied ? <Check className="text-emerald-600" aria-hidden /> : <Copy aria-hidden />}
    </Button>
  );
}
