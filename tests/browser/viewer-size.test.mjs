// The viewer's budget: everything the page at view/ fetches on its first load (its HTML,
// the script, the wasm, the style sheet, the icon, and offline.js beside the app) stays
// under 150 KB (153,600 bytes) gzip at level 9. Sizes are deterministic, so this reads the
// built files rather than a browser's network log.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstLoadFiles, gzipTotal } from './support.mjs';

const BUDGET = 150 * 1024;

test('the viewer page downloads under 150 KB gzip', () => {
  const { total, sizes } = gzipTotal(firstLoadFiles('view'));
  console.log(`viewer first load, gzip -9: ${total} bytes (${sizes.join(', ')})`);
  assert.ok(total < BUDGET, `the viewer downloads ${total} bytes gzip, over the budget of ${BUDGET}`);
});
