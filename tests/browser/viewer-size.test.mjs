// The viewer's budget: everything the page at view/ fetches on its first load (its HTML,
// the script, the wasm, the style sheet, the icon, and offline.js beside the app) stays
// under 150 KB (153,600 bytes) gzip at level 9. Sizes are deterministic, so this reads the
// built files rather than a browser's network log.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DIST } from './support.mjs';

const BUDGET = 150 * 1024;

test('the viewer page downloads under 150 KB gzip', () => {
  const dir = path.join(DIST, 'view');
  const html = fs.readFileSync(path.join(dir, 'index.html'));
  const files = new Map([['index.html', html]]);
  // Every file the page names by href, src or module_or_path (trunk writes absolute
  // /view/… paths; offline.js and the manifest are named relative to the page).
  for (const [, name] of html.toString().matchAll(/(?:href|src|module_or_path:)\s*=?\s*["']([^"'#?]+)["']/g)) {
    const file = name.startsWith('/') ? path.join(DIST, name) : path.join(dir, name);
    if (fs.existsSync(file) && fs.statSync(file).isFile()) files.set(path.relative(DIST, file), fs.readFileSync(file));
  }
  const kinds = [...files.keys()].map((f) => path.extname(f));
  for (const kind of ['.wasm', '.js', '.css', '.html']) assert.ok(kinds.includes(kind), `the page names a ${kind} file`);
  let total = 0;
  const sizes = [];
  for (const [name, bytes] of files) {
    const gz = zlib.gzipSync(bytes, { level: 9 }).length;
    total += gz;
    sizes.push(`${name}: ${gz}`);
  }
  console.log(`viewer first load, gzip -9: ${total} bytes (${sizes.join(', ')})`);
  assert.ok(total < BUDGET, `the viewer downloads ${total} bytes gzip, over the budget of ${BUDGET}`);
});
