// The foundation as a facilitator meets it: the demo on first visit, a workshop created,
// edited and still there after a reload, the library, damaged storage, bad files, user
// text that looks like markup, and a full storage quota.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, serveDist, launch, openApp, axeProblems, unpackStored, fillStorage } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const DEMO_TITLE = 'Northwind Outfitters — Annual planning 2027';

test('a first visit opens the demo workshop with every part filled in', async () => {
  const app = await openApp(browser, server.url);
  assert.equal(await app.title(), DEMO_TITLE);
  await app.waitSaved();
  assert.equal(await app.byTestId('department-row').count(), 5);
  assert.equal(await app.byTestId('participant-row').count(), 12);
  assert.equal(await app.byTestId('department-name').first().inputValue(), 'Product & Engineering');

  await app.goTo('align');
  assert.equal(await app.byTestId('outline-row').count(), 25);
  assert.match(await app.byTestId('gap-orphans').textContent(), /Sponsor a booth at OutDoor Expo/);
  assert.equal(await app.byTestId('flag-orphan').count(), 1);
  assert.equal(await app.byTestId('score-traced').textContent(), '95%');
  assert.equal(await app.byTestId('score-supported').textContent(), '100%');
  assert.match(await app.byTestId('matrix').textContent(), /3 goal\(s\) · 72 pw/);

  // Unbuilt phases say so honestly.
  // Every phase is built: none says otherwise.
  for (const phase of ['prioritise', 'resolve', 'export']) {
    await app.goTo(phase);
    assert.doesNotMatch(await app.page.locator('main').textContent(), /not built yet/i);
  }

  // The demo is stored as a workshop like any other: as its file ships (plain JSON, which
  // loads like any stored copy), so a first visit needs no save path to keep it.
  assert.deepEqual(await app.libraryTitles(), [DEMO_TITLE]);
  const stored = await app.storage();
  const keys = Object.keys(stored).filter((k) => /^accord\.workshop\.[0-9a-f]{16}$/.test(k));
  assert.equal(keys.length, 1);
  assert.equal(stored[keys[0]], fs.readFileSync(path.join(DIST, 'demo', 'northwind-annual-planning.json'), 'utf8'), 'stored as it ships');
  assert.equal(stored[`${keys[0]}.good`], stored[keys[0]], 'and as its last good copy');
  assert.equal(JSON.parse(unpackStored(stored[keys[0]])).goals.length, 25);
  // Its first change is saved as every save is: deflated, checked to load back.
  await app.byTestId('phase-define').click();
  await app.byTestId('define-title').fill(`${DEMO_TITLE} (ours)`);
  await app.byTestId('define-title').press('Enter');
  await app.waitSaved();
  const changed = (await app.storage())[keys[0]];
  assert.match(changed, /^ACZ1\./, 'stored deflated');
  assert.equal(JSON.parse(unpackStored(changed)).title, `${DEMO_TITLE} (ours)`);
  app.assertHealthy();
  await app.close();
});

test('a new workshop is created, edited, and still there after a reload', async () => {
  const app = await openApp(browser, server.url);
  await app.openLibrary();
  await app.byTestId('new-workshop').click();
  assert.equal(await app.title(), 'Untitled workshop');

  await app.byTestId('define-title').fill('Platform offsite Q1');
  await app.byTestId('define-title').press('Tab');
  // Typed key by key, as a person does: the field keeps focus and every character.
  await app.byTestId('define-strategy').click();
  await app.page.keyboard.type('Ship the platform people trust.');
  for (const [name, capacity] of [['Engineering', '120'], ['Design', '']]) {
    await app.page.getByLabel('New department').fill(name);
    await app.page.getByRole('button', { name: 'Add department' }).click();
    if (capacity) {
      await app.page.getByLabel(`Capacity of ${name} in person-weeks`).fill(capacity);
      await app.page.getByLabel(`Capacity of ${name} in person-weeks`).press('Tab');
    }
  }
  await app.page.getByLabel('New participant', { exact: true }).fill('Ada Lovelace');
  await app.page.getByLabel('Department of the new participant').selectOption({ label: 'Engineering' });
  await app.page.getByRole('button', { name: 'Add participant' }).click();
  await app.page.getByLabel('New participant', { exact: true }).fill('Grace Hopper');
  await app.page.getByRole('button', { name: 'Add participant' }).click();
  await app.page.getByLabel('Department of Grace Hopper').selectOption({ label: 'Design' });
  await app.waitSaved();

  await app.reload();
  assert.equal(await app.title(), 'Platform offsite Q1');
  assert.equal(await app.byTestId('define-strategy').inputValue(), 'Ship the platform people trust.');
  assert.deepEqual(await app.byTestId('department-name').evaluateAll((els) => els.map((e) => e.value)), ['Engineering', 'Design']);
  assert.equal(await app.page.getByLabel('Capacity of Engineering in person-weeks').inputValue(), '120');
  assert.equal(await app.page.getByLabel('Capacity of Design in person-weeks').inputValue(), '');
  assert.deepEqual(await app.byTestId('participant-name').evaluateAll((els) => els.map((e) => e.value)), ['Ada Lovelace', 'Grace Hopper']);
  assert.equal(await app.page.getByLabel('Department of Ada Lovelace').inputValue(), 'd1');
  assert.equal(await app.page.getByLabel('Department of Grace Hopper').inputValue(), 'd2');
  assert.deepEqual(await app.libraryTitles(), ['Platform offsite Q1', DEMO_TITLE]);
  app.assertHealthy();
  await app.close();
});

test('the library renames, duplicates and deletes (with confirmation) and opens workshops', async () => {
  const app = await openApp(browser, server.url);
  await app.openLibrary();
  const row = app.byTestId('library-row').filter({ hasText: DEMO_TITLE });
  await row.getByTestId('rename-workshop').click();
  await row.getByTestId('rename-input').fill('Northwind 2027');
  await row.getByRole('button', { name: 'Save title' }).click();
  assert.equal(await app.title(), 'Northwind 2027');

  await app.byTestId('library-row').filter({ hasText: 'Northwind 2027' }).getByTestId('duplicate-workshop').click();
  assert.deepEqual((await app.libraryTitles()).sort(), ['Copy of Northwind 2027', 'Northwind 2027']);

  // Open the copy: the whole workshop came along.
  await app.byTestId('open-workshop').filter({ hasText: 'Copy of Northwind 2027' }).click();
  assert.equal(await app.title(), 'Copy of Northwind 2027');
  await app.goTo('align');
  assert.equal(await app.byTestId('outline-row').count(), 25);

  // Deleting asks first; keeping it changes nothing.
  await app.openLibrary();
  const copy = app.byTestId('library-row').filter({ hasText: 'Copy of Northwind 2027' });
  await copy.getByTestId('delete-workshop').click();
  assert.match(await copy.getByRole('alert').textContent(), /Delete “Copy of Northwind 2027” from this browser\?/);
  await copy.getByRole('button', { name: 'Keep it' }).click();
  assert.equal((await app.libraryTitles()).length, 2);
  await copy.getByTestId('delete-workshop').click();
  await copy.getByTestId('confirm-delete').click();
  assert.deepEqual(await app.libraryTitles(), ['Northwind 2027']);
  assert.equal(await app.title(), 'Northwind 2027', 'deleting the open workshop opens the next one');

  await app.reload();
  assert.deepEqual(await app.libraryTitles(), ['Northwind 2027']);
  const keys = Object.keys(await app.storage()).filter((k) => k.startsWith('accord.workshop.'));
  assert.equal(keys.length, 2, 'one workshop and its last good copy are stored');
  app.assertHealthy();
  await app.close();
});

test('a refused change says why and leaves the workshop as it was', async () => {
  const app = await openApp(browser, server.url);
  await app.page.getByRole('button', { name: 'Remove department Sales' }).click();
  assert.equal(
    (await app.byTestId('notice').textContent()).replace('Dismiss', '').trim(),
    '“Sales” still has 3 goal(s) and 2 participant(s); move them to another department first.',
  );
  assert.equal(await app.byTestId('department-row').count(), 5);

  const marketing = app.page.getByLabel('Name of department Marketing');
  await marketing.fill('sales');
  await marketing.press('Tab');
  assert.match(await app.byTestId('notice').textContent(), /There is already a department called “sales”/);
  assert.equal(await app.page.getByLabel('Name of department Marketing').inputValue(), 'Marketing', 'the field shows the kept name');
  app.assertHealthy();
  await app.close();
});

test('capacity and effort fields take whole person-weeks within a bound, and say so otherwise', async () => {
  const app = await openApp(browser, server.url);
  const sales = app.page.getByLabel('Capacity of Sales in person-weeks');
  assert.equal(await sales.getAttribute('max'), '100000');
  await sales.fill('4294967296');
  await sales.press('Tab');
  assert.match(await app.notice(), /That capacity is too large; the most Accord takes is 100000 person-weeks\./);
  assert.equal(await app.page.getByLabel('Capacity of Sales in person-weeks').inputValue(), '60', 'the field shows the kept capacity');
  await app.goTo('align');
  await app.byTestId('goal-button').filter({ hasText: 'Reach 99.95% uptime' }).click();
  const effort = app.byTestId('edit-effort');
  const kept = await effort.inputValue();
  await effort.fill('99999999999999999999');
  await effort.press('Tab');
  await app.waitForNotice(/That effort is too large; the most Accord takes is 100000 person-weeks\./);
  assert.equal(await app.byTestId('edit-effort').inputValue(), kept);
  app.assertHealthy();
  await app.close();
});

test('a damaged stored workshop is set aside, offered back, and never overwritten', async () => {
  const app = await openApp(browser, server.url);
  await app.openLibrary();
  await app.byTestId('new-workshop').click();
  await app.byTestId('define-title').fill('Board prep');
  await app.byTestId('define-title').press('Enter');
  await app.waitSaved();

  // Cut off mid-file, as a crash in the middle of writing would leave it.
  const damaged = '{"format": "accord-workshop", "version": 1, "title": "Board prep", "goals": [';
  const id = await app.page.evaluate((damaged) => {
    const id = JSON.parse(localStorage.getItem('accord.library')).current;
    localStorage.setItem(`accord.workshop.${id}`, damaged);
    return id;
  }, damaged);
  await app.reload();

  const recovery = app.byTestId('recovery');
  assert.match(await recovery.textContent(), /“Board prep” could not be opened/);
  assert.match(await app.byTestId('recovery-problems').textContent(), /not valid JSON \(line 1, column \d+/);
  assert.match(await recovery.textContent(), /nothing has been overwritten/);
  assert.deepEqual(await axeProblems(app.page), [], 'the recovery screen passes axe-core');
  const stored = await app.storage();
  assert.equal(stored[`accord.damaged.${id}`], damaged, 'the damaged data is kept aside');
  assert.equal(stored[`accord.workshop.${id}`], damaged, 'and the stored copy is not overwritten');

  const file = await app.download('download-damaged');
  assert.equal(file.text, damaged);
  assert.equal(file.name, 'board-prep-damaged.json');

  await app.byTestId('restore-good').click();
  assert.equal(await app.title(), 'Board prep');
  assert.equal(await app.byTestId('define-title').inputValue(), 'Board prep');
  await app.reload();
  assert.equal(await app.title(), 'Board prep');
  assert.equal((await app.storage())[`accord.damaged.${id}`], damaged, 'still kept after recovery');
  app.assertHealthy();
  await app.close();
});

test('user text that looks like markup is shown as text and creates no element', async () => {
  const app = await openApp(browser, server.url);
  const evil = '<img src=x onerror=alert(1)>';
  const file = {
    format: 'accord-workshop', version: 1, title: `Workshop ${evil}`, strategy: evil,
    created: '2026-11-27T09:00:00.000Z', updated: '2026-11-27T09:00:00.000Z',
    departments: [{ id: 'd1', name: evil, colour: '#2563eb' }],
    participants: [],
    goals: [
      { id: 'g1', title: 'Grow', level: 'objective' },
      { id: 'g2', title: evil, level: 'department_goal', parent: 'g1', department: 'd1', owner: evil, description: evil },
    ],
  };
  await app.importFile('evil.accord.json', JSON.stringify(file));
  assert.equal(await app.title(), `Workshop ${evil}`);
  assert.equal(await app.page.getByLabel(`Name of department ${evil}`).inputValue(), evil);
  await app.goTo('align');
  const goal = app.byTestId('goal-title').filter({ hasText: 'onerror' });
  assert.equal(await goal.textContent(), evil);
  assert.equal(await app.page.locator('img').count(), 0, 'no <img> element was created');
  assert.equal(await app.page.evaluate(() => document.body.innerHTML.includes('<img')), false);
  app.assertHealthy(); // includes: no alert dialog opened
  await app.close();
});

test('a bad file is refused with each problem and its place, and nothing changes', async () => {
  const app = await openApp(browser, server.url);
  const before = await app.libraryTitles();
  const bad = {
    format: 'accord-workshop', version: 1, title: 'Broken', created: '2026-11-27T09:00:00.000Z', updated: 'soon',
    departments: [{ id: 'd1', name: 'Ops', colour: 'orange' }],
    goals: [
      { id: 'g1', title: 'Grow', level: 'objective', parent: 'g9' },
      { id: 'g1', title: 'Grow again', level: 'objective' },
    ],
  };
  await app.importFile('broken.json', JSON.stringify(bad));
  const problems = await app.byTestId('import-problems').locator('li').allTextContents();
  assert.match(await app.byTestId('notice').textContent(), /broken\.json could not be opened\. Nothing was changed\./);
  assert.ok(problems.includes('$.updated: "soon" is not a UTC time like "2026-11-27T09:30:00.000Z"'), problems.join('\n'));
  assert.ok(problems.includes('$.departments[0].colour: "orange" is not a colour like "#2563eb"'), problems.join('\n'));
  assert.ok(problems.includes('$.goals[1].id: Two goals have the ID g1.'), problems.join('\n'));
  assert.ok(problems.includes('$.goals[0].parent: refers to goal "g9", which is not in the file'), problems.join('\n'));

  await app.importFile('future.json', JSON.stringify({ format: 'accord-workshop', version: 7 }));
  assert.match(await app.byTestId('import-problems').textContent(), /\$\.version: the file was made by a newer Accord \(format version 7\)/);

  assert.equal(await app.title(), DEMO_TITLE);
  assert.deepEqual(await app.libraryTitles(), before);
  app.assertHealthy();
  await app.close();
});

test('a full storage quota is shown, work continues in memory, and saving resumes', async () => {
  const app = await openApp(browser, server.url);
  await app.waitSaved();
  // A first change, so the demo is stored as every save stores it (deflated; a first visit
  // keeps its file as it ships, larger), and the save below needs more room, not less.
  await app.byTestId('define-strategy').fill('Grow in Europe.');
  await app.waitSaved();
  // Fill this profile's localStorage to the brim.
  await fillStorage(app.page);
  // A longer strategy than the demo's, so the workshop needs more room than it had
  // (varied text: workshops are stored deflated, and a repeated phrase would shrink it).
  const longStrategy = Array.from({ length: 300 }, (_, i) => `step${(i * 7919) % 1000}`).join(' ');
  await app.byTestId('define-strategy').fill(longStrategy);
  const banner = app.byTestId('storage-banner');
  await banner.waitFor();
  assert.match(await banner.textContent(), /This browser has room for \d+ KB more and this workshop needs \d+ KB, so your latest changes are kept in this window only/);
  assert.equal((await app.byTestId('save-status').textContent()).trim(), 'Not saved');

  // Nothing is lost: the offered download holds the latest change.
  const file = await app.download('banner-export');
  assert.equal(JSON.parse(file.text).strategy, longStrategy);
  assert.equal(file.name, 'northwind-outfitters-annual-planning-2027.accord.json');

  await app.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('junk.')).forEach((k) => localStorage.removeItem(k)));
  await app.byTestId('define-strategy').fill('Storage has room again.');
  await app.waitSaved();
  assert.equal(await banner.count(), 0);
  await app.reload();
  assert.equal(await app.byTestId('define-strategy').inputValue(), 'Storage has room again.');
  app.assertHealthy();
  await app.close();
});

test('the Export phase downloads the workshop file, and it opens again as it was', async () => {
  const app = await openApp(browser, server.url);
  await app.goTo('export');
  const file = await app.download('export-workshop');
  const doc = JSON.parse(file.text);
  assert.equal(doc.format, 'accord-workshop');
  assert.equal(doc.version, 1);
  assert.equal(doc.goals.length, 25);
  await app.importFile(file.name, file.text);
  assert.match(await app.byTestId('notice').textContent(), /Opened “Northwind Outfitters — Annual planning 2027” from/);
  assert.equal((await app.libraryTitles()).length, 2);
  app.assertHealthy();
  await app.close();
});

/** The open workshop as stored in this browser (what a reload or a crash finds). */
async function stored(page) {
  const raw = await page.evaluate(() => {
    const id = JSON.parse(localStorage.getItem('accord.library'))?.current;
    return id && localStorage.getItem(`accord.workshop.${id}`);
  });
  return raw ? JSON.parse(unpackStored(raw)) : null;
}

/** Waits until the stored workshop satisfies `check` (polled; stored copies are deflated). */
async function waitStored(page, check) {
  for (;;) {
    const w = await stored(page);
    if (w && check(w)) return;
    await page.waitForTimeout(50);
  }
}

const focused = (page) => page.evaluate(() => document.activeElement?.dataset.testid ?? document.activeElement?.id);

test('text typed and never left is saved while the field still has focus, and survives a reload', async () => {
  const app = await openApp(browser, server.url, '#define');
  const strategy = 'Win the mid-market by being the outfitter people trust ';
  await app.byTestId('define-strategy').click();
  await app.page.keyboard.press('Control+A');
  await app.page.keyboard.type(strategy);
  await waitStored(app.page, (w) => w.strategy === 'Win the mid-market by being the outfitter people trust ');
  assert.equal(await focused(app.page), 'define-strategy', 'the field was never left');
  assert.equal(await app.byTestId('define-strategy').inputValue(), strategy, 'every character, the last space too');

  await app.goTo('align');
  await app.byTestId('goal-button').filter({ hasText: 'Launch a self-serve plan for small teams' }).click();
  await app.byTestId('edit-title').click();
  await app.page.keyboard.press('End');
  await app.page.keyboard.type(' (pilot)');
  await app.byTestId('edit-owner').click();
  await app.page.keyboard.press('Control+A');
  await app.page.keyboard.type('Mei Chen ');
  await waitStored(app.page, (w) => w.goals.some((g) => g.title === 'Launch a self-serve plan for small teams (pilot)' && g.owner === 'Mei Chen'));
  assert.equal(await focused(app.page), 'edit-owner');
  assert.equal(await app.byTestId('edit-owner').inputValue(), 'Mei Chen ', 'the field keeps what was typed while in it');

  await app.reload();
  assert.equal(await app.byTestId('goal-button').filter({ hasText: 'Launch a self-serve plan for small teams (pilot)' }).count(), 1);
  await app.goTo('define');
  assert.equal(await app.byTestId('define-strategy').inputValue(), strategy);
  app.assertHealthy();
  await app.close();
});

test('typing in one field is one undo step', async () => {
  const app = await openApp(browser, server.url, '#define');
  const title = app.byTestId('define-title');
  const before = await title.inputValue();
  await title.click();
  await app.page.keyboard.press('End');
  await app.page.keyboard.type(' — draft');
  await app.byTestId('define-strategy').click();
  await app.waitSaved();
  assert.equal(await app.title(), `${before} — draft`);
  await app.byTestId('undo').click();
  assert.equal(await title.inputValue(), before, 'one undo takes back the whole typing');
  assert.equal(await app.byTestId('undo').isDisabled(), true);
  app.assertHealthy();
  await app.close();
});

test('text typed and the page closed at once is there when the workshop is opened again', async () => {
  const app = await openApp(browser, server.url, '#define');
  await app.waitSaved();
  await app.byTestId('define-title').click();
  await app.page.keyboard.press('Control+A');
  await app.page.keyboard.type('Typed and closed straight away');
  // No wait at all: the page's own flush on leaving must keep it.
  await app.page.close();
  const page = await app.context.newPage();
  await page.goto(app.baseUrl + '#define');
  await page.getByTestId('workshop-title').waitFor();
  assert.equal((await stored(page)).title, 'Typed and closed straight away');
  assert.equal(await page.getByTestId('define-title').inputValue(), 'Typed and closed straight away');
  await app.context.close();
});
