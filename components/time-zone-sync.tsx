'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { setBrowserCookie } from '@/lib/i18n/browser-cookie';
import { TIME_ZONE_COOKIE } from '@/lib/i18n/locales';

/**
 * Tells the server the browser's time zone (the `tz` cookie), so server-rendered times are the
 * viewer's. Until it knows, the server writes UTC; the page is refreshed once when they differ.
 */
export function TimeZoneSync({ serverTimeZone }: { serverTimeZone: string }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    const current = document.cookie
      .split('; ')
      .find((cookie) => cookie.startsWith(`${TIME_ZONE_COOKIE}=`))
      ?.slice(TIME_ZONE_COOKIE.length + 1);
    if (current === zone) return;
    setBrowserCookie(TIME_ZONE_COOKIE, zone);
    if (zone !== serverTimeZone) router.refresh();
  }, [router, serverTimeZone]);
  return null;
}
