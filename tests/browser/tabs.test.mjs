// Two tabs on one workshop never lose an edit: one tab edits, the other follows its saves
// read-only with a banner; the edit is handed over on request, and taken over by itself
// when the editing tab closes or crashes. Every edit from either tab survives a reload.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, AppPage, axeProblems, watch } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** A second tab of the same browser profile on the same page. */
async function secondTab(app, hash) {
  const page = await app.context.newPage();
  const problems = watch(page);
  await page.goto(app.baseUrl + hash);
  await page.getByTestId('workshop-title').waitFor();
  const tab = new AppPage(page, app.baseUrl);
  tab.problems = problems;
  tab.context = app.context;
  return tab;
}

async function setTitle(tab, title) {
  await tab.byTestId('define-title').fill(title);
  await tab.byTestId('define-title').press('Enter');
  await tab.waitSaved();
}

async function editing(tab) {
  await tab.page.waitForFunction(() => !document.querySelector('[data-testid=read-only-banner]'));
  await tab.waitSaved();
}

async function following(tab) {
  await tab.byTestId('read-only-banner').waitFor();
  assert.match(await tab.byTestId('save-status').textContent(), /^Read-only here/);
}

test('two tabs edit the same workshop in turn and both edits survive a reload', async () => {
  const a = await openApp(browser, server.url, '#define');
  await editing(a);
  const b = await secondTab(a, '#define');
  await following(b);
  assert.deepEqual(await axeProblems(b.page), [], 'the read-only tab passes axe-core');

  // Tab A edits; tab B follows its save.
  await setTitle(a, 'Edited in tab A');
  await b.waitForTitle('Edited in tab A');
  // Tab B cannot change anything while it follows.
  await b.byTestId('define-strategy').fill('Typed in the following tab');
  await b.byTestId('define-strategy').press('Tab');
  assert.match(await b.waitForNotice(/edited in another tab/), /Choose “Edit here instead” to edit here\./);
  // Nor add ballot codes: they would be counted in a copy that is not saved.
  await b.goTo('prioritise');
  await b.byTestId('codes-input').fill('ACB1.AAAA');
  await b.byTestId('add-codes').click();
  assert.match(await b.byTestId('code-result').first().textContent(), /^✗ Not added: This workshop is being edited in another tab/);
  await b.goTo('define');

  // B asks for the workshop: A saves, hands over and follows.
  await b.byTestId('edit-here').click();
  await editing(b);
  await following(a);
  await b.byTestId('define-strategy').fill('Strategy written in tab B');
  await b.byTestId('define-strategy').press('Tab');
  await b.waitSaved();
  await a.page.waitForFunction(() => document.querySelector('[data-testid=define-strategy]')?.value === 'Strategy written in tab B');

  // And back to A for one more edit.
  await a.byTestId('edit-here').click();
  await editing(a);
  await setTitle(a, 'Edited in A, then B, then A');

  for (const tab of [a, b]) {
    await tab.reload();
    assert.equal(await tab.title(), 'Edited in A, then B, then A');
    assert.equal(await tab.byTestId('define-strategy').inputValue(), 'Strategy written in tab B');
  }
  assert.deepEqual([...a.problems, ...b.problems], []);
  await a.context.close();
});

test('when the editing tab crashes, the other tab takes over and keeps every saved edit', async () => {
  const a = await openApp(browser, server.url, '#define');
  await editing(a);
  await setTitle(a, 'Saved before the crash');
  const b = await secondTab(a, '#define');
  await following(b);

  // Crash tab A's renderer (the DevTools command never answers: the page is gone).
  const crashed = new Promise((resolve) => a.page.once('crash', resolve));
  const cdp = await a.context.newCDPSession(a.page);
  cdp.send('Page.crash').catch(() => {});
  await crashed;
  await editing(b);
  assert.equal(await b.title(), 'Saved before the crash');
  await setTitle(b, 'Carried on after the crash');
  await b.reload();
  assert.equal(await b.title(), 'Carried on after the crash');
  await a.context.close();
});

test('a workshop another tab is editing cannot be renamed or deleted from the library here', async () => {
  const a = await openApp(browser, server.url, '#define');
  await editing(a);
  const demo = await a.title();
  const b = await secondTab(a, '#define');
  await following(b);
  // B starts a workshop of its own, so the demo is only in its library list.
  await b.openLibrary();
  await b.byTestId('new-workshop').click();
  await editing(b);
  await b.openLibrary();
  const row = b.byTestId('library-row').filter({ hasText: demo });
  await row.getByTestId('rename-workshop').click();
  await row.getByTestId('rename-input').fill('Renamed behind its back');
  await row.getByRole('button', { name: 'Save title' }).click();
  assert.match(await b.waitForNotice(/open in another tab/), /rename or delete it there, or close that tab first/);
  await row.getByTestId('delete-workshop').click();
  await row.getByTestId('confirm-delete').click();
  assert.match(await b.waitForNotice(/open in another tab/), /open in another tab/);
  assert.ok((await b.libraryTitles()).includes(demo), 'still listed');

  // Once tab A has closed, the rename goes through.
  await a.page.close();
  await b.openLibrary();
  await row.getByTestId('rename-workshop').click();
  await row.getByTestId('rename-input').fill('Renamed after A closed');
  await row.getByRole('button', { name: 'Save title' }).click();
  await b.page.waitForFunction(() => [...document.querySelectorAll('[data-testid=open-workshop]')].some((e) => e.textContent.includes('Renamed after A closed')));
  await b.context.close();
});

test('handing the workshop to another tab keeps what the editing tab was typing', async () => {
  const a = await openApp(browser, server.url, '#define');
  await editing(a);
  const b = await secondTab(a, '#define');
  await following(b);
  // A types a title and never leaves the field; B asks for the workshop straight away.
  await a.byTestId('define-title').click();
  await a.page.keyboard.press('Control+A');
  await a.page.keyboard.type('Typed in A, handed to B');
  await b.byTestId('edit-here').click();
  await editing(b);
  await following(a);
  assert.equal(await b.title(), 'Typed in A, handed to B');
  assert.equal(await b.byTestId('define-title').inputValue(), 'Typed in A, handed to B');
  // A leaving its field now refuses nothing: what it typed is in the copy it follows.
  await a.page.keyboard.press('Tab');
  const notice = await a.page.evaluate(() => document.querySelector('[data-testid=notice]')?.textContent ?? '');
  assert.doesNotMatch(notice, /Choose “Edit here instead”/);
  await b.reload();
  assert.equal(await b.title(), 'Typed in A, handed to B');
  assert.deepEqual([...a.problems, ...b.problems], []);
  await a.context.close();
});
