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
  // The app moves focus a frame after a press (e.g. "Facilitator" in the kiosk focuses
  // "Keep voting"): let that land first, or a quick Tab is overtaken by it and the next
  // key works the wrong control. A person cannot press within that frame; a test can.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
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
  // Reaches a control with Tab and works it with a key.
  const press = async (locator, k = 'Enter') => { await tabTo(page, locator); await key(k); };
  // Reaches a field (or a select, which picks by typing) with Tab and types into it.
  const typeInto = async (locator, text) => { await tabTo(page, locator); await type(text); };

  // Define.
  await tabTo(page, app.byTestId('define-title'));
  await key('Control+A');
  await type('Keyboard offsite');
  await key('Enter');
  await app.waitForTitle('Keyboard offsite');
  await typeInto(page.getByLabel('New department'), 'Research');
  await key('Enter');
  await typeInto(page.getByLabel('New participant', { exact: true }), 'Kim Keys');
  await key('Enter');
  await page.getByRole('textbox', { name: 'Name of participant Kim Keys' }).waitFor();

  // Align: three goals, chosen level, parent and department by typing into the selects.
  await press(app.byTestId('phase-align'));
  await app.byTestId('add-goal').waitFor();
  const addGoal = async (title, { level, parent, department } = {}) => {
    await typeInto(app.byTestId('new-goal-title'), title);
    if (level) await typeInto(app.byTestId('new-goal-level'), level);
    if (parent) await typeInto(app.byTestId('new-goal-parent'), parent);
    if (department) await typeInto(page.getByLabel('Department of the new goal'), department);
    await press(app.byTestId('add-goal').getByRole('button', { name: 'Add goal' }));
    await page.getByTestId('outline-row').filter({ hasText: title }).first().waitFor();
  };
  await addGoal(OBJECTIVE, { level: 'company' });
  await addGoal(SHORTCUTS, { level: 'department', parent: 'Win teams', department: 'Research' });
  await addGoal(DOCS, { level: 'department', parent: 'Win teams', department: 'Research' });
  const row = (title) => app.byTestId('outline-row').filter({ hasText: title }).first();
  assert.match(await row(SHORTCUTS).textContent(), /Research/);

  // Prioritise: a ranked round on the two new goals, Kim votes, close, reveal.
  await press(app.byTestId('phase-prioritise'));
  await press(app.byTestId('new-round'));
  await typeInto(app.byTestId('round-name'), 'Keyboard round');
  await press(app.byTestId('method-ranked'), 'Space');
  for (const goal of [SHORTCUTS, DOCS]) {
    await press(page.getByRole('checkbox', { name: goal, exact: true }), 'Space');
  }
  await press(app.byTestId('create-round'));
  await press(app.byTestId('open-round'));
  await press(app.byTestId('vote-here'));
  await press(app.byTestId('pick-voter').filter({ hasText: 'Kim Keys' }));
  for (const goal of [DOCS, SHORTCUTS]) {
    await press(page.getByRole('button', { name: `Rank next: ${goal}` }));
  }
  // Changed her mind: shortcuts first, with the arrow button.
  await press(page.getByRole('button', { name: `Move ${SHORTCUTS} up` }));
  await press(app.byTestId('submit-ballot'));
  await app.byTestId('ballot-cast').waitFor();
  // The facilitator ends the kiosk, by keyboard too.
  await press(app.byTestId('kiosk-facilitator'));
  await press(app.byTestId('kiosk-end'));
  await app.byTestId('kiosk').waitFor({ state: 'detached' });
  await press(app.byTestId('close-round'));
  await press(app.byTestId('reveal-round'));
  await app.byTestId('result-goal').first().waitFor();
  assert.deepEqual(await app.byTestId('result-goal').allTextContents(), [SHORTCUTS, DOCS]);

  // Resolve: settle the first conflict on the board, on the record.
  await press(app.byTestId('phase-resolve'));
  const decisionsBefore = await app.byTestId('decision').count();
  await press(app.byTestId('resolve-conflict').first());
  await typeInto(app.byTestId('rationale'), 'Agreed in the room, by keyboard.');
  await press(app.byTestId('apply-resolution'));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=decision]').length === n + 1, decisionsBefore);
  assert.match(await app.byTestId('decision-log').textContent(), /Agreed in the room, by keyboard\./);

  // Export: the agreed goal tree, downloaded.
  await press(app.byTestId('phase-export'));
  await tabTo(page, app.byTestId('export-goal-tree'));
  const [download] = await Promise.all([page.waitForEvent('download'), key('Enter')]);
  const tree = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(tree.workshop, 'Keyboard offsite');
  const text = JSON.stringify(tree);
  assert.ok(text.includes(SHORTCUTS) && text.includes('Agreed in the room, by keyboard.'));
  app.assertHealthy();
  await app.close();
});
