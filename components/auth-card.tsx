import { useTranslations } from 'next-intl';
import { LanguageSwitch } from '@/components/language-switch';
import { Logo } from '@/components/logo';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';

/** The centred card of the pages a visitor sees before signing in, with the language switch. */
export function AuthCard({
  title,
  description,
  children,
}: {
  title: string;
  description: React.ReactNode;
  children: React.ReactNode;
}) {
  const t = useTranslations('common');
  return (
    <main className="bg-muted/40 flex min-h-dvh flex-col items-center justify-center gap-3 p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <div className="mb-2 flex items-center gap-2 font-semibold">
            <Logo /> {t('appName')}
          </div>
          <CardTitle className="text-xl">{title}</CardTitle>
          <CardDescription>{description}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">{children}</CardContent>
      </Card>
      <LanguageSwitch />
    </main>
  );
}
