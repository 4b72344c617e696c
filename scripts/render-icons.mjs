// Renders public/apple-touch-icon.png from public/favicon.svg with the Chromium the browser tests use,
// so the PNG follows the SVG: run `node scripts/render-icons.mjs` after changing the icon.
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SOURCE = 'public/favicon.svg';
const TARGET = 'public/apple-touch-icon.png';
const SIZE = 180;
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

const svg = readFileSync(SOURCE, 'utf8');
// iOS rounds the icon's corners itself and would fill transparent ones black: the tile goes square.
const square = svg.replace(/(<rect\b[^>]*?)\s+rx="[^"]*"/, '$1');
if (square === svg) throw new Error(`${SOURCE}: no rounded tile (<rect rx="…">) to square off.`);

const browser = await chromium.launch(
  existsSync(SYSTEM_CHROMIUM)
    ? { executablePath: SYSTEM_CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] }
    : {},
);
try {
  const page = await browser.newPage({
    viewport: { width: SIZE, height: SIZE },
    deviceScaleFactor: 1,
  });
  const src = `data:image/svg+xml;base64,${Buffer.from(square).toString('base64')}`;
  await page.setContent(
    `<body style="margin:0"><img src="${src}" width="${SIZE}" height="${SIZE}" alt=""></body>`,
  );
  await page.locator('img').screenshot({ path: TARGET });
} finally {
  await browser.close();
}
console.log(`${TARGET}: ${SIZE}x${SIZE} from ${SOURCE}`);
