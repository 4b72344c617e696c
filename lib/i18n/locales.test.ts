import { describe, expect, it } from 'vitest';
import {
  browserLocaleOf,
  isLocale,
  isTimeZone,
  localeForTag,
  matchAcceptLanguage,
} from './locales';

describe('localeForTag', () => {
  it.each([
    ['en', 'en'],
    ['en-US', 'en'],
    ['EN-gb', 'en'],
    ['ko', 'ko'],
    ['ko-KR', 'ko'],
    ['zh', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['zh_CN', 'zh-CN'],
  ])('%s is %s', (tag, locale) => {
    expect(localeForTag(tag)).toBe(locale);
  });

  it.each(['zh-TW', 'zh-HK', 'zh-Hant', 'zh-Hant-TW', 'ja', 'de-DE', 'kok', 'enx', ''])(
    '%s is none of ours',
    (tag) => {
      expect(localeForTag(tag)).toBeNull();
    },
  );
});

describe('matchAcceptLanguage', () => {
  it('takes the best of our languages by quality, then by order', () => {
    expect(matchAcceptLanguage('ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('ko');
    expect(matchAcceptLanguage('zh-CN,zh;q=0.9')).toBe('zh-CN');
    expect(matchAcceptLanguage('en;q=0.5, ko;q=0.8')).toBe('ko');
    expect(matchAcceptLanguage('ja-JP,ja;q=0.9,zh-Hans;q=0.8,en;q=0.7')).toBe('zh-CN');
    expect(matchAcceptLanguage('de, en')).toBe('en');
    expect(matchAcceptLanguage('fr, ko;q=0.1')).toBe('ko');
  });

  it('skips what it cannot serve or what is refused', () => {
    expect(matchAcceptLanguage('zh-TW,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(matchAcceptLanguage('zh-TW,en;q=0.8')).toBe('en');
    expect(matchAcceptLanguage('ko;q=0, en')).toBe('en');
    expect(matchAcceptLanguage('ja, de')).toBeNull();
    expect(matchAcceptLanguage('*')).toBeNull();
    expect(matchAcceptLanguage('')).toBeNull();
    expect(matchAcceptLanguage(null)).toBeNull();
    expect(matchAcceptLanguage(';;;,,,q=abc')).toBeNull();
  });
});

describe('isLocale and isTimeZone', () => {
  it('accept only the listed languages and known IANA zones', () => {
    expect(isLocale('zh-CN')).toBe(true);
    expect(isLocale('zh')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
    expect(isTimeZone('Asia/Seoul')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('Asia/Seoul; path=/')).toBe(false);
    expect(isTimeZone(undefined)).toBe(false);
  });
});

describe('browserLocaleOf', () => {
  const of = (headers: Record<string, string>) => browserLocaleOf(new Headers(headers));

  it('takes the switch’s cookie first, then Accept-Language, then English', () => {
    expect(of({ cookie: 'a=1; locale=ko; tz=UTC', 'accept-language': 'zh-CN' })).toBe('ko');
    expect(of({ cookie: 'locale=ja', 'accept-language': 'zh-CN,zh;q=0.9' })).toBe('zh-CN');
    expect(of({ cookie: 'xlocale=ko' })).toBe('en');
    expect(of({})).toBe('en');
  });
});
