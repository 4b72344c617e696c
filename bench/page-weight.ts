import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

type ClientManifest = {
  entryJSFiles: Record<string, string[]>;
  entryCSSFiles: Record<string, { path: string }[]>;
};

const NEXT_DIR = path.resolve('.next');

function gzipSize(files: Iterable<string>) {
  let total = 0;
  for (const file of files) total += gzipSync(readFileSync(path.join(NEXT_DIR, file))).length;
  return total;
}

function clientManifest(routeDir: string): ClientManifest {
  const file = path.join(NEXT_DIR, 'server/app', routeDir, 'page_client-reference-manifest.js');
  const scope: { __RSC_MANIFEST?: Record<string, ClientManifest> } = {};
  new Function('globalThis', readFileSync(file, 'utf8'))(scope);
  return Object.values(scope.__RSC_MANIFEST ?? {})[0];
}

/**
 * First-load JavaScript and CSS of a route, from the build's own manifests: the framework's root
 * chunks plus every layout and page segment on the route's path. The "empty page" is the root
 * layout alone, which is all an empty page of this build would load.
 */
export function routeWeight(routeDir: string) {
  const rootMain: string[] = JSON.parse(
    readFileSync(path.join(NEXT_DIR, 'build-manifest.json'), 'utf8'),
  ).rootMainFiles;
  const manifest = clientManifest(routeDir);
  const segments = Object.keys(manifest.entryJSFiles).filter((key) => {
    const match = key.match(/^\[project\]\/app(.*)\/(layout|page)$/);
    return (
      match !== null &&
      `/${routeDir}`.startsWith(match[1]) &&
      (match[2] === 'layout' || match[1] === `/${routeDir}`)
    );
  });
  const js = new Set(rootMain);
  const css = new Set<string>();
  const emptyJs = new Set(rootMain);
  const emptyCss = new Set<string>();
  for (const key of segments) {
    for (const file of manifest.entryJSFiles[key] ?? []) js.add(file);
    for (const file of manifest.entryCSSFiles[key] ?? []) css.add(file.path);
    if (key === '[project]/app/layout') {
      for (const file of manifest.entryJSFiles[key] ?? []) emptyJs.add(file);
      for (const file of manifest.entryCSSFiles[key] ?? []) emptyCss.add(file.path);
    }
  }
  return {
    js: gzipSize(js),
    css: gzipSize(css),
    emptyJs: gzipSize(emptyJs),
    emptyCss: gzipSize(emptyCss),
  };
}
