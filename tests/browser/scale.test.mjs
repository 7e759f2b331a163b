// A 2,000-goal workshop stays usable: it opens collapsed, a subtree expands, a title is
// edited and the edit undone. The timings are printed for the record, never asserted
// (speed is measured by the benchmarks, not by tests).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const timed = async (page, label, action) => {
  const start = await page.evaluate(() => performance.now());
  await action();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  const ms = (await page.evaluate(() => performance.now())) - start;
  console.log(`# 2,000 goals: ${label}: ${ms.toFixed(0)} ms (for the record, not asserted)`);
};

test('a 2,000-goal workshop opens, expands, edits and undoes', async () => {
  const app = await openApp(browser, server.url, '#align');
  await app.openLibrary();
  await timed(app.page, 'create, save and show the collapsed outline', async () => {
    await app.byTestId('add-large').click();
    await app.waitForTitle('Generated workshop (2000 goals)');
    await app.byTestId('outline-row').first().waitFor();
  });
  const stored = await app.storedWorkshop();
  assert.equal(stored.goals.length, 2000);
  const topLevel = stored.goals.filter((g) => g.parent === null).length;
  assert.equal(await app.byTestId('outline-row').count(), topLevel, 'large workshops open with subtrees collapsed');

  const first = app.byTestId('outline-row').first();
  const firstId = await first.getAttribute('data-goal-id');
  const children = stored.goals.filter((g) => g.parent === firstId).length;
  assert.ok(children > 0);
  await timed(app.page, 'expand a subtree', async () => {
    await first.getByTestId('toggle').click();
    await app.page.waitForFunction((n) => document.querySelectorAll('[data-testid=outline-row]').length === n, topLevel + children);
  });

  const child = app.byTestId('outline-row').nth(1);
  const childId = await child.getAttribute('data-goal-id');
  const oldTitle = await child.getByTestId('goal-title').textContent();
  await child.getByTestId('goal-button').click();
  await timed(app.page, 'edit a title', async () => {
    await app.byTestId('edit-title').fill('Renamed at scale');
    await app.byTestId('edit-title').press('Enter');
    await app.page.locator(`[data-goal-id="${childId}"] [data-testid=goal-title]`, { hasText: 'Renamed at scale' }).waitFor();
  });
  await timed(app.page, 'undo', async () => {
    await app.byTestId('undo').click();
    await app.page.locator(`[data-goal-id="${childId}"] [data-testid=goal-title]`, { hasText: oldTitle }).waitFor();
  });
  assert.equal(await app.page.locator(`[data-goal-id="${childId}"] [data-testid=goal-title]`).textContent(), oldTitle);
  await timed(app.page, 'expand all 2,000 goals', async () => {
    await app.page.getByRole('button', { name: 'Expand all' }).click();
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid=outline-row]').length === 2000);
  });
  app.assertHealthy();
  await app.close();
});
