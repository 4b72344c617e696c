import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import i18next from 'eslint-plugin-i18next';
import { defineConfig, globalIgnores } from 'eslint/config';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // Dropping a field by destructuring it next to a rest element is how a row becomes a DTO.
      '@typescript-eslint/no-unused-vars': ['warn', { ignoreRestSiblings: true }],
    },
  },
  {
    // Every query is a promise on both engines: one left unawaited is a write that may never happen.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Imports run one way, app → components → lib → db; the unit-test harness (test/) serves tests only.
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './db',
              from: ['./app', './components', './lib', './test'],
              except: [],
              message: 'db/ depends on nothing of ours: hand it what it needs.',
            },
            {
              target: './lib',
              from: ['./app', './components'],
              message: 'lib/ must not import from app/ or components/.',
            },
            {
              target: './components',
              from: './app',
              message:
                'components/ must not import from app/: move the piece into the route that owns it.',
            },
            {
              target: ['./app', './components', './lib/**/!(*.test).ts', './lib/**/!(*.test).tsx'],
              from: './test',
              message: 'test/ is the unit-test harness: only tests may import it.',
            },
          ],
        },
      ],
    },
  },
  {
    // Every word a person reads comes from messages/*.json (next-intl), so each language has it.
    // Strings that never show are allowed: attributes below, and values typed as string literals
    // (variant="outline") since the rule asks the type checker. components/ui/ is generated.
    files: ['app/**/*.tsx', 'components/**/*.tsx', 'lib/mail/templates.tsx'],
    ignores: ['components/ui/**'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'should-validate-template': true,
          'jsx-attributes': {
            exclude: [
              'className',
              'style',
              'type',
              'key',
              'id',
              'name',
              'htmlFor',
              'href',
              'src',
              'rel',
              'method',
              'action',
              'value',
              'autoComplete',
              'inputMode',
              'pattern',
              'step',
              'lang',
              'attribute',
              'defaultTheme',
              'data-testid',
              'aria-controls',
              'aria-describedby',
              'aria-current',
              'aria-haspopup',
              'hrefFor',
            ],
          },
          'object-properties': { exclude: ['href'] },
          words: { exclude: ['[0-9!-/:-@[-`{-~—→·•…–“”\\s]+'] },
          callees: { exclude: ['t', 'rich', 'has', 'cn', 'buttonVariants', 'setTheme'] },
        },
      ],
    },
  },
  globalIgnores([
    '.next/**',
    'dist/**',
    'data/**',
    'next-env.d.ts',
    'test-results/**',
    'playwright-report/**',
  ]),
]);
