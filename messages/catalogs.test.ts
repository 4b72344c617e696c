import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '@/lib/i18n/locales';
import { CATALOGS } from '@/lib/i18n/translator';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') entries.set(path, value);
    else for (const [inner, text] of flatten(value, path)) entries.set(inner, text);
  }
  return entries;
}

/** The arguments ({count}, {email}) and rich-text tags (<strong>) a message uses, sorted. */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if ('value' in element && element.type !== TYPE.literal) {
        found.add(element.type === TYPE.tag ? `<${element.value}>` : element.value);
      }
      if (element.type === TYPE.tag) walk(element.children);
      if (element.type === TYPE.plural || element.type === TYPE.select) {
        for (const option of Object.values(element.options)) walk(option.value);
      }
    }
  };
  walk(parse(message));
  return [...found].sort();
}

const flat = Object.fromEntries(
  LOCALES.map((locale) => [locale, flatten(CATALOGS[locale] as unknown as Tree)]),
) as Record<Locale, Map<string, string>>;
const english = flat[DEFAULT_LOCALE];

describe.each(LOCALES)('messages/%s.json', (locale) => {
  const catalog = flat[locale];

  it('has exactly the keys of every other catalog', () => {
    for (const other of LOCALES) {
      const missing = [...flat[other].keys()].filter((key) => !catalog.has(key));
      expect(missing, `keys of ${other}.json missing from ${locale}.json`).toEqual([]);
    }
  });

  it('has no empty message, and every message parses as ICU', () => {
    for (const [key, message] of catalog) {
      expect(message.trim(), key).not.toBe('');
      expect(() => parse(message), `${locale}: ${key}`).not.toThrow();
    }
  });

  it('uses the same placeholders and tags as English in every message', () => {
    for (const [key, message] of catalog) {
      const source = english.get(key);
      if (source === undefined) continue;
      expect(placeholders(message), `${locale}: ${key}`).toEqual(placeholders(source));
    }
  });
});

// messages/README.md: product terms stay in Latin letters; Programmatic Access has one fixed
// translation per language, used everywhere.
const PROGRAMMATIC_ACCESS: Record<Locale, string> = {
  en: 'Programmatic Access',
  ko: '프로그래밍 방식 액세스',
  'zh-CN': '编程访问',
};
const LATIN_TERMS = ['AccessKey ID', 'AccessKey Secret', 'AccessKey', 'Open API'];
// Sign-in security terms, matched in English whatever the case or number.
const MFA_TERMS: { english: RegExp; term: Record<Exclude<Locale, 'en'>, string> }[] = [
  { english: /two-step verification/i, term: { ko: '2단계 인증', 'zh-CN': '多因素认证' } },
  { english: /authenticator app/i, term: { ko: '인증 앱', 'zh-CN': '身份验证器应用' } },
  { english: /passkey/i, term: { ko: '패스키', 'zh-CN': '通行密钥' } },
  { english: /recovery code/i, term: { ko: '복구 코드', 'zh-CN': '恢复码' } },
];

describe.each(LOCALES)('the glossary in messages/%s.json', (locale) => {
  it('writes Programmatic Access and the sign-in security terms one way, and AccessKey terms in Latin letters', () => {
    for (const [key, source] of english) {
      const message = flat[locale].get(key) ?? '';
      if (source.includes('Programmatic Access')) {
        expect(message, `${locale}: ${key}`).toContain(PROGRAMMATIC_ACCESS[locale]);
      }
      if (locale !== 'en') {
        expect(message, `${locale}: ${key}`).not.toContain('Programmatic Access');
      }
      for (const term of LATIN_TERMS) {
        if (source.includes(term)) expect(message, `${locale}: ${key}`).toContain(term);
      }
      if (locale === 'en') continue;
      for (const { english, term } of MFA_TERMS) {
        if (english.test(source)) expect(message, `${locale}: ${key}`).toContain(term[locale]);
      }
    }
  });
});
