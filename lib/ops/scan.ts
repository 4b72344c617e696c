// `npm run admin -- scan PATH…`: finds this console's Secrets in files by their format and checksum
// (lib/access-keys/secret-format.ts), and says which keys they belong to.
import { createReadStream } from 'node:fs';
import { open, opendir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  disableLeakedKeys,
  findKeysBySecrets,
  mailLeakedKeyOwners,
  type FoundKey,
} from '@/lib/access-keys/leaks';
import { findSecrets } from '@/lib/access-keys/secret-format';
import type { RequestContext } from '@/lib/audit/record';

/** Folders never entered: installed packages, and git's compressed objects (use gitleaks on history). */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
const SNIFF_BYTES = 8192;

/** Where a Secret was found. The Secret itself stays in memory and is never printed. */
export type Sighting = { file: string; line: number; secret: string };

export type ScanReport = {
  files: number;
  binaries: number;
  unreadable: string[];
  /** Every sighting, with the key its Secret belongs to (null: no key in this database). */
  findings: { file: string; line: number; key: FoundKey | null }[];
  /** Keys disabled by this run (with --disable). */
  disabled: FoundKey[];
  mailed: number;
};

/** A file whose first 8 KiB hold a NUL byte is binary, as git and grep decide. */
async function isBinary(file: string) {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}

async function* linesWithSecrets(file: string): AsyncGenerator<Sighting> {
  const lines = createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let number = 0;
  for await (const text of lines) {
    number++;
    for (const { secret } of findSecrets(text)) yield { file, line: number, secret };
  }
}

type Walk = { files: number; binaries: number; unreadable: string[] };

/**
 * Every file under `root` (or `root` itself), depth first in name order. Symbolic links inside the
 * tree are not followed: what they point to within the tree is scanned where it lives, and nothing
 * outside the tree is reached through them. A path given on the command line is taken as given.
 */
async function* filesUnder(root: string, walk: Walk): AsyncGenerator<string> {
  let info;
  try {
    info = await stat(root);
  } catch (error) {
    walk.unreadable.push(`${root} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    return;
  }
  if (info.isFile()) {
    yield root;
    return;
  }
  if (!info.isDirectory()) return;
  const pending = [root];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    let entries;
    try {
      entries = [];
      for await (const entry of await opendir(folder)) entries.push(entry);
    } catch (error) {
      walk.unreadable.push(`${folder} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const folders: string[] = [];
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) folders.push(full);
      } else if (entry.isFile()) {
        yield full;
      }
    }
    pending.push(...folders.reverse());
  }
}

/** Every Secret in this console's format, checksum verified, in the files under `roots`. */
export async function findSightings(roots: readonly string[]) {
  const walk: Walk = { files: 0, binaries: 0, unreadable: [] };
  const sightings: Sighting[] = [];
  for (const root of roots) {
    for await (const file of filesUnder(root, walk)) {
      try {
        if (await isBinary(file)) {
          walk.binaries++;
          continue;
        }
        walk.files++;
        for await (const sighting of linesWithSecrets(file)) sightings.push(sighting);
      } catch (error) {
        walk.unreadable.push(`${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
      }
    }
  }
  return { ...walk, sightings };
}

/**
 * Scans the paths, matches what it finds against the database, and with `disable` disables (marked
 * leaked, audited, owner mailed) every key found that is not already marked.
 */
export async function scanForSecrets(
  roots: readonly string[],
  options: { disable: boolean; request: RequestContext },
): Promise<ScanReport> {
  const found = await findSightings(roots);
  const keys = await findKeysBySecrets(found.sightings.map((sighting) => sighting.secret));
  const findings = found.sightings.map(({ file, line, secret }) => ({
    file,
    line,
    key: keys.get(secret) ?? null,
  }));
  let disabled: FoundKey[] = [];
  let mailed = 0;
  if (options.disable) {
    const leaked = await disableLeakedKeys(
      findings.flatMap(({ file, line, key }) => (key ? [{ key, url: `${file}:${line}` }] : [])),
      { actor: null, request: options.request, via: 'scan' },
    );
    mailed = await mailLeakedKeyOwners(leaked);
    disabled = leaked;
  }
  return {
    files: found.files,
    binaries: found.binaries,
    unreadable: found.unreadable,
    findings,
    disabled,
    mailed,
  };
}
