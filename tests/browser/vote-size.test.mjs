// The participant's budget: everything the page at vote/ fetches on its first load (its
// HTML, the script, the wasm, the style sheet, the icon, and offline.js beside the app)
// stays within 150 KB (153,600 bytes) gzip at level 9, as `scripts/size-report.sh
// --enforce /vote/` counts it. Sizes are deterministic, so this reads the built files
// rather than a browser's network log. The page draws with direct DOM calls and is built
// without the `facilitator` feature, so it links no Leptos: that is checked too, by the
// names Leptos's wasm-bindgen glue would bring.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DIST } from './support.mjs';

const BUDGET = 150 * 1024;

test('the participant page downloads within 150 KB gzip, and links no Leptos', () => {
  const dir = path.join(DIST, 'vote');
  const html = fs.readFileSync(path.join(dir, 'index.html'));
  const files = new Map([['vote/index.html', html]]);
  // Every file the page names by href, src or module_or_path, except the manifest and the
  // home-screen icon (fetched only on install), as the size report counts them.
  const text = html.toString();
  const named = [...text.matchAll(/<(?:link|script)[^>]*>/g)].map(([tag]) => tag).filter((tag) => !/rel="(manifest|apple-touch-icon)"/.test(tag));
  const refs = [
    ...named.flatMap((tag) => [...tag.matchAll(/(?:href|src)="([^"#?]+)"/g)].map((m) => m[1])),
    ...[...text.matchAll(/(?:from|module_or_path:)\s*'([^'#?]+)'/g)].map((m) => m[1]),
  ];
  for (const name of refs) {
    const file = name.startsWith('/') ? path.join(DIST, name) : path.join(dir, name);
    assert.ok(fs.existsSync(file) && fs.statSync(file).isFile(), `the page names ${name}, which is not in dist`);
    files.set(path.relative(DIST, file), fs.readFileSync(file));
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
  console.log(`participant page first load, gzip -9: ${total} bytes of ${BUDGET} (${sizes.join(', ')})`);
  assert.ok(total <= BUDGET, `the participant page downloads ${total} bytes gzip, over the budget of ${BUDGET}`);

  // No Leptos: neither its style sheets nor the stream exports its server functions bring.
  assert.ok([...files.keys()].every((f) => !/\/(main|results)-[0-9a-f]+\.css$/.test(f)), 'the facilitator\'s style sheets are not loaded');
  const glue = [...files].find(([name]) => name.endsWith('.js') && name.startsWith('vote/'))[1].toString();
  assert.doesNotMatch(glue, /IntoUnderlying|leptos|tachys/i, 'the wasm glue carries no Leptos or server_fn exports');
});
