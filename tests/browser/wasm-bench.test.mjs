// The Schulze tally of 1,000 ranked ballots over 200 goals, measured in this browser's
// wasm for comparison with the native criterion figure. Printed, never asserted on time;
// the test checks that the measurement ran and found the same winner as natively.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('Schulze at 1,000 × 200 runs in wasm in headless Chromium', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}#lab/schulze`);
  const figure = page.getByTestId('lab-schulze-ms');
  await figure.waitFor({ timeout: 120_000 });
  const ms = Number(await figure.textContent());
  assert.ok(Number.isFinite(ms) && ms > 0);
  console.log(`# Schulze 1,000 ballots × 200 goals in wasm (Chromium): median ${ms} ms (for the record, not asserted)`);
  assert.match(await page.locator('main').textContent(), /winner: candidate 0\./);
  await page.close();
});
