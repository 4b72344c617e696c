import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rule that keeps user-visible text in the catalogs, run with the repository's own config
// on planted code. The code is linted in place of an existing page or component (as an editor
// lints unsaved text), since the type-aware parser reads only files of the TypeScript project;
// nothing is written to disk.
const eslint = new ESLint({ cwd: process.cwd() });

async function literalStrings(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result.messages.find((message) => message.fatal);
  if (fatal) throw new Error(fatal.message);
  return result.messages
    .filter((message) => message.ruleId === 'i18next/no-literal-string')
    .map((message) => message.message);
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
    const found = await literalStrings('app/not-found.tsx', planted);
    expect(found).toHaveLength(6);
    expect(await literalStrings('components/form-message.tsx', planted)).toHaveLength(6);
  }, 180_000);

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
    expect(await literalStrings('components/form-message.tsx', clean)).toEqual([]);
  }, 180_000);
});
