// What comes in: large workshop files (kept only when they fit, and never half-kept),
// the same size limit for opening, keeping and downloading, stored entries nobody can
// see, and text pasted on the page that is not a file.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveDist, launch, openApp, fillStorage } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const DEMO = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../public/demo/northwind-annual-planning.json'), 'utf8'));
const DEMO_TITLE = DEMO.title;
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** A deterministic stream of numbers (so every run builds the same files). */
function lcg(seed) {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
}

const WORDS = 'align revenue customer market team growth plan launch quarter retention cost margin platform scale onboarding pipeline partner product support billing usage churn health'.split(' ');

/**
 * The demo with `count` more department goals under its objectives, each described by
 * `describe(i)`; written minified or pretty.
 */
function bigWorkshop(title, count, describe, pretty = false) {
  const doc = structuredClone(DEMO);
  doc.title = title;
  doc.rounds = [];
  doc.decisions = [];
  for (const g of doc.goals) g.priority = null;
  for (let i = 0; i < count; i++) {
    doc.goals.push({
      id: `g${1000 + i}`, title: `Extra goal ${i}`, description: describe(i), level: 'department_goal',
      parent: `g${1 + (i % 4)}`, department: `d${1 + (i % 5)}`, owner: '', effort: null, metric: '', target: '',
      status: 'proposed', depends_on: [], conflicts_with: [], priority: null,
    });
  }
  return pretty ? JSON.stringify(doc, null, 2) : JSON.stringify(doc);
}

const wordy = (next, length) => {
  let s = '';
  while (s.length < length) s += WORDS[next() % WORDS.length] + ' ';
  return s.slice(0, length).trim();
};
const noise = (next, length) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[next() % alphabet.length];
  return s;
};

const workshopKeys = async (app) => Object.keys(await app.storage()).filter((k) => k.startsWith('accord.workshop.')).sort();

test('a 2.8 MB workshop file is kept (stored deflated) and survives a reload', async () => {
  const app = await openApp(browser, server.url);
  await app.waitSaved();
  const next = lcg(1);
  const file = bigWorkshop('Big planning', 1500, () => wordy(next, 1750));
  assert.ok(file.length > 2.7e6 && file.length < 3e6, `${file.length} bytes`);
  await app.importFile('big.accord.json', file);
  await app.waitForNotice(/Opened “Big planning” from big\.accord\.json\./);
  await app.waitSaved();
  assert.equal((await app.storedWorkshop()).goals.length, 25 + 1500);
  const stored = await app.storage();
  const used = Object.entries(stored).reduce((n, [k, v]) => n + k.length + v.length, 0);
  console.log(`2.8 MB file: ${file.length} bytes; everything stored now takes ${used} characters`);
  await app.reload();
  assert.equal(await app.title(), 'Big planning');
  assert.deepEqual((await app.libraryTitles()).sort(), ['Big planning', DEMO_TITLE].sort());
  app.assertHealthy();
  await app.close();
});

test('a file too large for the browser is refused before “Opened”, and nothing of it is left behind', async () => {
  const app = await openApp(browser, server.url);
  await app.waitSaved();
  const before = await workshopKeys(app);
  // 7.5 MB of text that does not compress: it cannot fit a browser's storage.
  const next = lcg(2);
  const file = bigWorkshop('Huge planning', 1950, () => noise(next, 3700));
  assert.ok(file.length > 7.3e6 && file.length <= MAX_FILE_BYTES, `${file.length} bytes`);
  await app.importFile('huge.accord.json', file);
  const said = await app.waitForNotice(/was not opened/);
  assert.match(said, /“Huge planning” from huge\.accord\.json was not opened: This workshop needs [\d.]+ MB of browser storage even compressed, more than the 5\.00 MB a browser keeps for a site/);
  assert.match(said, /Nothing was changed; the workshop that was open stays open\./);
  assert.doesNotMatch(said, /Opened/);
  assert.equal(await app.title(), DEMO_TITLE, 'the open workshop stays open');
  assert.deepEqual(await workshopKeys(app), before, 'no stored entry is left behind');
  assert.deepEqual(await app.libraryTitles(), [DEMO_TITLE]);
  assert.equal(await app.byTestId('storage-banner').count(), 0, 'and saving still works');
  app.assertHealthy();
  await app.close();
});

test('a file Accord would write back larger than it opens is refused at opening, so no download is ever refused', async () => {
  const app = await openApp(browser, server.url);
  await app.waitSaved();
  // Minified it is under the limit; as Accord writes workshops (indented), it is over.
  const next = lcg(3);
  const file = bigWorkshop('Dense planning', 5000, () => wordy(next, 1380));
  const pretty = JSON.stringify(JSON.parse(file), null, 2);
  assert.ok(file.length <= MAX_FILE_BYTES && pretty.length > MAX_FILE_BYTES, `${file.length} / ${pretty.length}`);
  await app.importFile('dense.accord.json', file);
  const said = await app.waitForNotice(/was not opened/);
  assert.match(said, /This workshop's file is [\d.]+ MB as Accord writes it, over the 8\.00 MB limit for keeping, opening and downloading workshops/);
  assert.equal(await app.title(), DEMO_TITLE);
  app.assertHealthy();
  await app.close();
});

test('a stored workshop missing from the library index is listed again, so it can be opened or deleted', async () => {
  const app = await openApp(browser, server.url);
  await app.waitSaved();
  const orphan = { ...structuredClone(DEMO), title: 'Lost and found' };
  await app.page.evaluate((text) => localStorage.setItem('accord.workshop.00000000000000aa', text), JSON.stringify(orphan));
  await app.reload();
  assert.deepEqual((await app.libraryTitles()).sort(), [DEMO_TITLE, 'Lost and found'].sort());
  app.assertHealthy();
  await app.close();
});

test('text pasted on the page that is not an Accord file is answered, not ignored', async () => {
  const app = await openApp(browser, server.url);
  const paste = (text) => app.page.evaluate((t) => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', t);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, text);
  await paste('Meeting notes: remember the DACH pricing');
  await app.waitForNotice(/The pasted text is not an Accord file, so nothing was opened/);
  await paste('Here is my vote ACB1.AQIDBAUGBwgAAAABabcdefghijkl');
  await app.waitForNotice(/That looks like ballot codes: paste them into the box for codes/);
  assert.equal(await app.title(), DEMO_TITLE);
  app.assertHealthy();
  await app.close();
});

test('when storage is full, damaged data that could not be kept aside is never said to be kept: it is downloaded', async () => {
  const app = await openApp(browser, server.url);
  await app.waitSaved();
  const damaged = '{"format": "accord-workshop", "version": 1, "title": "Northwind", "goals": [';
  const id = await app.page.evaluate((damaged) => {
    const id = JSON.parse(localStorage.getItem('accord.library')).current;
    localStorage.setItem(`accord.workshop.${id}`, damaged);
    return id;
  }, damaged);
  await fillStorage(app.page);
  await app.reload();
  const recovery = app.byTestId('recovery');
  assert.match(await recovery.textContent(), /The damaged data could not be set aside \(This browser's storage is full\); download it before doing anything else\./);
  assert.equal((await app.storage())[`accord.damaged.${id}`], undefined);
  // Restoring the good copy takes the recovery screen away, so the data goes with a download.
  const [download] = await Promise.all([app.page.waitForEvent('download'), app.byTestId('restore-good').click()]);
  assert.equal(fs.readFileSync(await download.path(), 'utf8'), damaged);
  const said = await app.waitForNotice(/The last good copy is back/);
  assert.match(said, /the damaged data could not be kept in this browser, so it has been downloaded/);
  assert.doesNotMatch(said, /still kept aside/);
  await app.close();
});
