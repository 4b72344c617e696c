import { FileQuestion } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { LanguageSwitch } from '@/components/language-switch';
import { Button } from '@/components/ui/button';

export default function NotFound() {
  const t = useTranslations('notFound');
  return (
    <main className="flex min-h-[60dvh] flex-col items-center justify-center gap-3 p-6 text-center">
      <FileQuestion className="text-muted-foreground size-10" aria-hidden />
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <p className="text-muted-foreground max-w-md text-sm">{t('body')}</p>
      <Button asChild>
        <Link href="/account/api-information/access-keys">{t('back')}</Link>
      </Button>
      <LanguageSwitch className="mt-4" />
    </main>
  );
}
