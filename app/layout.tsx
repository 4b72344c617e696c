import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getMessages, getTimeZone, getTranslations } from 'next-intl/server';
import { ThemeProvider } from 'next-themes';
import { TimeZoneSync } from '@/components/time-zone-sync';
import { Toaster } from '@/components/ui/sonner';
import { clientMessages } from '@/lib/i18n/client-messages';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return {
    title: { default: t('appName'), template: `%s · ${t('appName')}` },
    description: t('appDescription'),
    icons: {
      icon: { url: '/favicon.svg', type: 'image/svg+xml' },
      apple: { url: '/apple-touch-icon.png', sizes: '180x180', type: 'image/png' },
    },
  };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Reading the nonce also renders every page per request, so each gets its own.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  const locale = await getLocale();
  const timeZone = await getTimeZone();
  const t = await getTranslations('common');
  return (
    <html lang={locale} suppressHydrationWarning>
      <body className="min-h-dvh">
        <NextIntlClientProvider messages={clientMessages(await getMessages())}>
          <ThemeProvider
            nonce={nonce}
            attribute="class"
            defaultTheme="system"
            enableSystem
            disableTransitionOnChange
          >
            {children}
            <Toaster
              richColors
              closeButton
              containerAriaLabel={t('notifications')}
              toastOptions={{ closeButtonAriaLabel: t('closeToast') }}
            />
            <TimeZoneSync serverTimeZone={timeZone} />
          </ThemeProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
