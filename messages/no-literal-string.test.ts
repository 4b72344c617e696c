import { rmSync, writeFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rule that keeps user-visible text in the catalogs, run with the repository's own config
// on files planted for a moment where pages and components live (the type-aware parser only reads
// files of the TypeScript project).
const eslint = new ESLint({ cwd: process.cwd() });

async function literalStrings(filePath: string, code: string) {
  writeFileSync(filePath, code);
  try {
    const [result] = await eslint.lintFiles([filePath]);
    const fatal = result.messages.find((message) => message.fatal);
    if (fatal) throw new Error(fatal.message);
    return result.messages
      .filter((message) => message.ruleId === 'i18next/no-literal-string')
      .map((message) => message.message);
  } finally {
    rmSync(filePath, { force: true });
  }
}

describe('i18next/no-literal-string', () => {
  it('refuses text, labels and template sentences written into a page or a component', async () => {
    const planted = `export function Planted({ count }: { count: number }) {
  return (
    <section aria-label="Planted keys">
      <h2>Hello there</h2>
      <input placeholder="Search accounts" />
      <p title={\`\${count} keys\`}>{count > 1 ? 'Several keys' : 'One key'}</p>
    </section>
  );
}
`;
    const found = await literalStrings('app/(console)/planted-literal.fixture.tsx', planted);
    expect(found).toHaveLength(6);
    expect(await literalStrings('components/planted-literal.fixture.tsx', planted)).toHaveLength(6);
  }, 60_000);

  it('allows what no one reads: class names, ids, paths, typed variants, symbols, translated text', async () => {
    const clean = `import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';

export function Clean({ id }: { id: number }) {
  const t = useTranslations('common');
  return (
    <div className="flex gap-2" data-testid="clean">
      <Button variant="outline" size="sm" type="button">{t('cancel')}</Button>
      <Link href={\`/admin/users?page=\${id}\`} rel="next">—</Link>
      <input name="email" type="email" autoComplete="username" />
    </div>
  );
}
`;
    expect(await literalStrings('components/planted-clean.fixture.tsx', clean)).toEqual([]);
  }, 60_000);
});
