// The participant's budget: everything the page at vote/ fetches on its first load (its
// HTML, the script, the wasm, the style sheet, the icon, and offline.js beside the app)
// stays within 150 KB (153,600 bytes) gzip at level 9, as `scripts/size-report.sh
// --enforce /vote/` counts it. Sizes are deterministic, so this reads the built files
// rather than a browser's network log. The page draws with direct DOM calls and is built
// without the `facilitator` feature, so it links no Leptos: that is checked too, by the
// names Leptos's wasm-bindgen glue would bring.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstLoadFiles, gzipTotal } from './support.mjs';

const BUDGET = 150 * 1024;

test('the participant page downloads within 150 KB gzip, and links no Leptos', () => {
  const files = firstLoadFiles('vote');
  const { total, sizes } = gzipTotal(files);
  console.log(`participant page first load, gzip -9: ${total} bytes of ${BUDGET} (${sizes.join(', ')})`);
  assert.ok(total <= BUDGET, `the participant page downloads ${total} bytes gzip, over the budget of ${BUDGET}`);

  // No Leptos: neither its style sheets nor the stream exports its server functions bring.
  assert.ok([...files.keys()].every((f) => !/\/(main|results)-[0-9a-f]+\.css$/.test(f)), 'the facilitator\'s style sheets are not loaded');
  const glue = [...files].find(([name]) => name.endsWith('.js') && name.startsWith('vote/'))[1].toString();
  assert.doesNotMatch(glue, /IntoUnderlying|leptos|tachys/i, 'the wasm glue carries no Leptos or server_fn exports');
});
