// Renders the app icons (PNG, for the web app manifest) from public/icon.svg with the
// same headless Chromium the tests use. Run by hand when the icon changes:
//   node scripts/make-icons.mjs
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const svg = fs.readFileSync(path.join(root, 'public/icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
// "any" icons are the rounded tile; the maskable one is full-bleed with the mark inside
// the 80% safe zone, because launchers crop it to their own shape.
const maskable = svg.replace('rx="14"', 'rx="0"').replace('<path', '<g transform="translate(6.4 6.4) scale(0.8)"><path').replace('</svg>', '</g></svg>');
for (const [name, size, source] of [['icon-192.png', 192, svg], ['icon-512.png', 512, svg], ['icon-maskable-512.png', 512, maskable]]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${source.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: path.join(root, 'public/icons', name), omitBackground: true });
}
await browser.close();
