// A whole workshop by keyboard alone: every control is reached with Tab (never clicked)
// and worked with Enter, Space, arrows and typing: define, add goals, vote, resolve,
// export.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serveDist, launch, openApp } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Presses Tab until `locator` has focus; fails if it is not in the tab order. */
async function tabTo(page, locator) {
  const target = await locator.elementHandle();
  for (let presses = 0; presses < 600; presses++) {
    if (await page.evaluate((el) => document.activeElement === el, target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${locator} cannot be reached with Tab`);
}

const OBJECTIVE = 'Win teams who live on the keyboard';
const SHORTCUTS = 'Ship shortcuts for every action';
const DOCS = 'Document every shortcut';

test('a complete workshop run by keyboard alone: define, add goals, vote, resolve, export', async () => {
  const app = await openApp(browser, server.url, '#define');
  const { page } = app;
  const key = (k) => page.keyboard.press(k);
  const type = (t) => page.keyboard.type(t);

  // Define.
  await tabTo(page, app.byTestId('define-title'));
  await key('Control+A');
  await type('Keyboard offsite');
  await key('Enter');
  await app.waitForTitle('Keyboard offsite');
  await tabTo(page, page.getByLabel('New department'));
  await type('Research');
  await key('Enter');
  await tabTo(page, page.getByLabel('New participant', { exact: true }));
  await type('Kim Keys');
  await key('Enter');
  await page.getByRole('textbox', { name: 'Name of participant Kim Keys' }).waitFor();

  // Align: three goals, chosen level, parent and department by typing into the selects.
  await tabTo(page, app.byTestId('phase-align'));
  await key('Enter');
  await app.byTestId('add-goal').waitFor();
  const addGoal = async (title, { level, parent, department } = {}) => {
    await tabTo(page, app.byTestId('new-goal-title'));
    await type(title);
    if (level) { await tabTo(page, app.byTestId('new-goal-level')); await type(level); }
    if (parent) { await tabTo(page, app.byTestId('new-goal-parent')); await type(parent); }
    if (department) { await tabTo(page, page.getByLabel('Department of the new goal')); await type(department); }
    await tabTo(page, app.byTestId('add-goal').getByRole('button', { name: 'Add goal' }));
    await key('Enter');
    await page.getByTestId('outline-row').filter({ hasText: title }).first().waitFor();
  };
  await addGoal(OBJECTIVE, { level: 'company' });
  await addGoal(SHORTCUTS, { level: 'department', parent: 'Win teams', department: 'Research' });
  await addGoal(DOCS, { level: 'department', parent: 'Win teams', department: 'Research' });
  const row = (title) => app.byTestId('outline-row').filter({ hasText: title }).first();
  assert.match(await row(SHORTCUTS).textContent(), /Research/);

  // Prioritise: a ranked round on the two new goals, Kim votes, close, reveal.
  await tabTo(page, app.byTestId('phase-prioritise'));
  await key('Enter');
  await tabTo(page, app.byTestId('new-round'));
  await key('Enter');
  await tabTo(page, app.byTestId('round-name'));
  await type('Keyboard round');
  await tabTo(page, app.byTestId('method-ranked'));
  await key('Space');
  for (const goal of [SHORTCUTS, DOCS]) {
    await tabTo(page, page.getByRole('checkbox', { name: goal, exact: true }));
    await key('Space');
  }
  await tabTo(page, app.byTestId('create-round'));
  await key('Enter');
  await tabTo(page, app.byTestId('open-round'));
  await key('Enter');
  await tabTo(page, app.byTestId('vote-here'));
  await key('Enter');
  await tabTo(page, app.byTestId('pick-voter').filter({ hasText: 'Kim Keys' }));
  await key('Enter');
  for (const goal of [DOCS, SHORTCUTS]) {
    await tabTo(page, page.getByRole('button', { name: `Rank next: ${goal}` }));
    await key('Enter');
  }
  // Changed her mind: shortcuts first, with the arrow button.
  await tabTo(page, page.getByRole('button', { name: `Move ${SHORTCUTS} up` }));
  await key('Enter');
  await tabTo(page, app.byTestId('submit-ballot'));
  await key('Enter');
  await app.byTestId('ballot-cast').waitFor();
  await tabTo(page, app.byTestId('close-round'));
  await key('Enter');
  await tabTo(page, app.byTestId('reveal-round'));
  await key('Enter');
  await app.byTestId('result-goal').first().waitFor();
  assert.deepEqual(await app.byTestId('result-goal').allTextContents(), [SHORTCUTS, DOCS]);

  // Resolve: settle the first conflict on the board, on the record.
  await tabTo(page, app.byTestId('phase-resolve'));
  await key('Enter');
  const decisionsBefore = await app.byTestId('decision').count();
  await tabTo(page, app.byTestId('resolve-conflict').first());
  await key('Enter');
  await tabTo(page, app.byTestId('rationale'));
  await type('Agreed in the room, by keyboard.');
  await tabTo(page, app.byTestId('apply-resolution'));
  await key('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=decision]').length === n + 1, decisionsBefore);
  assert.match(await app.byTestId('decision-log').textContent(), /Agreed in the room, by keyboard\./);

  // Export: the agreed goal tree, downloaded.
  await tabTo(page, app.byTestId('phase-export'));
  await key('Enter');
  await tabTo(page, app.byTestId('export-goal-tree'));
  const [download] = await Promise.all([page.waitForEvent('download'), key('Enter')]);
  const tree = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(tree.workshop, 'Keyboard offsite');
  const text = JSON.stringify(tree);
  assert.ok(text.includes(SHORTCUTS) && text.includes('Agreed in the room, by keyboard.'));
  app.assertHealthy();
  await app.close();
});
