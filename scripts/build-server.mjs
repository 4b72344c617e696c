// Bundles server.ts and the lib/ code it uses; node_modules stay external and load at run time,
// except the ESM-only packages of the translator (use-intl and its ICU formatter), which are bundled
// so that this CommonJS file does not depend on Node's require() of ES modules.
import { build } from 'esbuild';

const BUNDLED = /^(use-intl|intl-messageformat|icu-minify|@formatjs\/|@schummar\/)/;

await build({
  entryPoints: ['server.ts'],
  outfile: 'dist/server.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-packages',
      setup(pluginBuild) {
        // A bare specifier names a package ('@/…' is this repository, through tsconfig paths).
        pluginBuild.onResolve({ filter: /^[^./]/ }, ({ path }) =>
          path.startsWith('@/') || BUNDLED.test(path) ? undefined : { path, external: true },
        );
      },
    },
  ],
});
