import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Every test file gets its own throwaway data folder (database, generated secrets) unless it sets one.
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'accesskey-unit-'));
