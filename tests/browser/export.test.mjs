// Agree and export: the demo's agreed tree downloaded and checked, opened in a fresh
// profile as a read-only viewer and used to seed a workshop; reports downloaded; a broken
// file refused with its JSON path while the open workshop stays as it was; files dropped
// on the page and pasted.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const DEMO = 'Northwind Outfitters — Annual planning 2027';

test('the agreed tree is exported, opened read-only elsewhere, and seeds a workshop', async () => {
  const facilitator = await openApp(browser, server.url, '#export');
  const file = await facilitator.download('export-goal-tree');
  assert.equal(file.name, 'northwind-outfitters-annual-planning-2027.goal-tree.json');
  const tree = JSON.parse(file.text);
  assert.equal(tree.format, 'accord-goal-tree');
  assert.equal(tree.version, 1);
  assert.deepEqual(tree.tree.map((g) => g.title), [
    'Grow recurring revenue to €60M', 'Customers renew because they succeed',
    "A platform that carries three times today's customers", 'Run a lean, sustainable operation',
  ]);
  const selfServe = tree.tree[0].children[0];
  assert.equal(selfServe.priority.rank, 1);
  assert.equal(selfServe.priority.round_name, 'Department goals: first pass');
  assert.deepEqual(tree.unaligned.map((g) => g.title), ['Sponsor a booth at OutDoor Expo']);

  // Reports are real downloads with real contents.
  assert.match((await facilitator.download('export-markdown')).text, /^# Northwind Outfitters — Annual planning 2027\n/);
  assert.match((await facilitator.download('export-csv')).text, /^round,round_name,method,voter,department,goal,goal_title,value\nr1,/);
  assert.match((await facilitator.download('export-svg')).text, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  // The report also goes to the real clipboard.
  await facilitator.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  await facilitator.byTestId('copy-markdown').click();
  await facilitator.waitForNotice(/The Markdown report is on the clipboard\./);
  assert.match(await facilitator.page.evaluate(() => navigator.clipboard.readText()), /^# Northwind Outfitters — Annual planning 2027\n/);
  // The print view holds the tree, shown only on paper.
  assert.equal(await facilitator.byTestId('print-view').isVisible(), false);
  await facilitator.page.emulateMedia({ media: 'print' });
  assert.equal(await facilitator.byTestId('print-view').isVisible(), true);
  assert.equal(await facilitator.page.locator('nav.phases').isVisible(), false);
  facilitator.assertHealthy();
  await facilitator.close();

  // Another team opens it in their own browser.
  const other = await openApp(browser, server.url);
  await other.importFile(file.name, file.text);
  assert.match(await other.byTestId('viewer').textContent(), new RegExp(`Goal tree of “${DEMO}” \\(read-only\\)`));
  assert.equal(await other.byTestId('viewer-goal').count(), 25);
  assert.equal(await other.byTestId('viewer').locator('input, select, textarea').count(), 0, 'nothing to edit');
  await other.byTestId('seed-from-tree').click();
  await other.waitForNotice(/Started a workshop from the goal tree/);
  assert.equal((await other.libraryTitles()).filter((t) => t === DEMO).length, 2, 'the demo and the seeded copy');
  other.assertHealthy();
  await other.close();
});

test('a broken goal tree is refused with its JSON path and the open workshop is untouched', async () => {
  const app = await openApp(browser, server.url);
  const before = await app.storage();
  const broken = { format: 'accord-goal-tree', version: 1, workshop: 'X', strategy: '', exported: '2026-11-27T09:00:00.000Z',
    departments: [], tree: [{ id: 'g1', title: 'A', level: 5 }], unaligned: [], deferred: [], rejected: [], decisions: [] };
  await app.importFile('broken-tree.json', JSON.stringify(broken));
  assert.match(await app.byTestId('import-problems').textContent(), /^\$\.tree\[0\]\.level: invalid type: integer `5`, expected a string/);
  assert.equal(await app.byTestId('viewer').count(), 0);
  assert.equal(await app.title(), DEMO);
  const after = await app.storage();
  assert.equal(after[Object.keys(after).find((k) => /^accord\.workshop\.[0-9a-f]{16}$/.test(k))],
    before[Object.keys(before).find((k) => /^accord\.workshop\.[0-9a-f]{16}$/.test(k))]);
  app.assertHealthy();
  await app.close();
});

test('a file dropped on the page or a document pasted is opened like a picked file', async () => {
  const app = await openApp(browser, server.url, '#export');
  const file = await app.download('export-goal-tree');
  await app.page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'dropped.goal-tree.json', { type: 'application/json' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, file.text);
  await app.waitForNotice(/Opened the goal tree of “Northwind Outfitters — Annual planning 2027” from dropped\.goal-tree\.json, read-only\./);
  await app.byTestId('close-viewer').click();
  const workshop = (await app.download('export-workshop')).text.replace(DEMO, 'Pasted planning');
  await app.page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', text);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, workshop);
  await app.waitForNotice(/Opened “Pasted planning” from the pasted text\./);
  assert.equal(await app.title(), 'Pasted planning');
  app.assertHealthy();
  await app.close();
});
