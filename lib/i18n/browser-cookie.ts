/** Sets a cookie for the whole console from the browser, for a year (the language, the time zone). */
export function setBrowserCookie(name: string, value: string) {
  const secure = location.protocol === 'https:' ? '; secure' : '';
  document.cookie = `${name}=${value}; path=/; max-age=31536000; samesite=lax${secure}`;
}
