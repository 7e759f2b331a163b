// Align as a facilitator runs it: goals added, moved by keyboard and by dragging, linked,
// illegal moves refused, deletion undone and redone, and a presenter window that follows.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Titles of the outline's rows, indented two spaces per level. */
async function outline(app) {
  return app.byTestId('outline-row').evaluateAll((rows) =>
    rows.map((r) => '  '.repeat(Number(getComputedStyle(r).getPropertyValue('--depth'))) + r.querySelector('[data-testid=goal-title]').textContent),
  );
}

function childrenOf(rows, parent) {
  const at = rows.findIndex((r) => r.trim() === parent);
  const depth = rows[at].length - rows[at].trimStart().length;
  const out = [];
  for (const row of rows.slice(at + 1)) {
    const d = row.length - row.trimStart().length;
    if (d <= depth) break;
    if (d === depth + 2) out.push(row.trim());
  }
  return out;
}

const goalButton = (app, title) => app.byTestId('goal-button').filter({ hasText: title });
const dragHandle = (app, title) => app.byTestId('outline-row').filter({ has: goalButton(app, title) }).getByTestId('drag-handle');

const storedWorkshop = (app) => app.storedWorkshop();

test('a goal is added under an objective, moved by keyboard and linked', async () => {
  const app = await openApp(browser, server.url, '#align');
  await goalButton(app, 'Run a lean, sustainable operation').click();
  // Selecting the objective offers it as the parent, one level down.
  assert.equal(await app.byTestId('new-goal-parent').inputValue(), 'g4');
  assert.equal(await app.byTestId('new-goal-level').inputValue(), 'department_goal');
  await app.byTestId('new-goal-title').fill('Renegotiate supplier contracts');
  await app.page.getByLabel('Department of the new goal').selectOption({ label: 'Operations & Finance' });
  await app.page.getByRole('button', { name: 'Add goal' }).click();

  let rows = await outline(app);
  assert.deepEqual(childrenOf(rows, 'Run a lean, sustainable operation'), [
    'Reduce cloud cost per customer by 25%', 'Hold gross margin above 70%', 'Renegotiate supplier contracts',
  ]);
  assert.equal(await app.byTestId('goal-parent').inputValue(), 'g4', 'the new goal is selected in the editor');

  // Keyboard: the new goal's row has focus; Alt+↑ moves it above its sibling.
  await goalButton(app, 'Renegotiate supplier contracts').focus();
  await app.page.keyboard.press('Alt+ArrowUp');
  rows = await outline(app);
  assert.deepEqual(childrenOf(rows, 'Run a lean, sustainable operation'), [
    'Reduce cloud cost per customer by 25%', 'Renegotiate supplier contracts', 'Hold gross margin above 70%',
  ]);
  // Focus stays on the moved goal, so a keyboard user can keep moving it.
  await app.page.waitForFunction(() => document.activeElement?.dataset.goalButton === 'g26');
  await app.page.keyboard.press('Alt+ArrowDown');
  await app.page.waitForFunction(() => document.activeElement?.dataset.goalButton === 'g26');
  await app.page.keyboard.press('Alt+ArrowUp');
  await app.page.waitForFunction(() => document.activeElement?.dataset.goalButton === 'g26');
  assert.deepEqual(childrenOf(await outline(app), 'Run a lean, sustainable operation')[1], 'Renegotiate supplier contracts');

  // Link it: it depends on "Reserved capacity and autoscaling", found by search.
  await app.byTestId('link-search').fill('reserved');
  await app.byTestId('link-target').selectOption({ label: 'Reserved capacity and autoscaling' });
  await app.page.getByRole('button', { name: 'Add link' }).click();
  assert.deepEqual(await app.byTestId('links-depends').getByTestId('linked-goal').allTextContents(), ['Reserved capacity and autoscaling']);
  // And it conflicts with the DACH launch pricing.
  await app.byTestId('link-kind').selectOption('conflicts');
  await app.byTestId('link-search').fill('DACH market');
  await app.byTestId('link-target').selectOption({ label: 'Open the DACH market with launch pricing' });
  await app.page.getByRole('button', { name: 'Add link' }).click();
  assert.deepEqual(await app.byTestId('links-conflicts').getByTestId('linked-goal').allTextContents(), ['Open the DACH market with launch pricing']);

  const stored = await storedWorkshop(app);
  const added = stored.goals.find((g) => g.title === 'Renegotiate supplier contracts');
  assert.equal(added.parent, 'g4');
  assert.equal(added.level, 'department_goal');
  assert.equal(added.department, 'd5');
  assert.deepEqual(added.depends_on, ['g23']);
  assert.deepEqual(added.conflicts_with, ['g6']);
  assert.deepEqual(stored.goals.find((g) => g.id === 'g6').conflicts_with, ['g14', 'g26']);
  app.assertHealthy();
  await app.close();
});

test('illegal moves are refused with a message that names the goals', async () => {
  const app = await openApp(browser, server.url, '#align');
  const before = await outline(app);
  // A department goal cannot go under the department goal above it.
  await goalButton(app, 'Hold gross margin above 70%').focus();
  await app.page.keyboard.press('Alt+ArrowRight');
  await app.waitForNotice(
    /“Hold gross margin above 70%” \(department goal\) can't go under “Reduce cloud cost per customer by 25%” \(department goal\): a goal must sit under a higher level\./,
  );
  // An objective cannot be dragged under anything. (Collapsed, both rows are on screen.)
  await app.page.getByRole('button', { name: 'Collapse all' }).click();
  await dragHandle(app, 'Run a lean, sustainable operation').dragTo(goalButton(app, 'Grow recurring revenue to €60M'));
  await app.waitForNotice(/“Run a lean, sustainable operation” is a company objective, so it sits directly under the strategy/);
  await app.page.getByRole('button', { name: 'Expand all' }).click();
  assert.deepEqual(await outline(app), before, 'nothing moved');
  app.assertHealthy();
  await app.close();
});

test('dragging the orphan onto an objective re-parents it and the score follows', async () => {
  const app = await openApp(browser, server.url, '#align');
  assert.equal(await app.byTestId('score-traced').textContent(), '95%');
  assert.equal(await app.byTestId('flag-orphan').count(), 1);
  assert.match(await app.byTestId('gap-orphans').textContent(), /Sponsor a booth at OutDoor Expo/);
  await app.page.getByRole('button', { name: 'Collapse all' }).click();
  assert.equal(await app.byTestId('outline-row').count(), 5, 'four objectives and the orphan');
  await dragHandle(app, 'Sponsor a booth at OutDoor Expo').dragTo(goalButton(app, 'Grow recurring revenue to €60M'));
  // The new parent opens to show where the goal went.
  assert.ok(childrenOf(await outline(app), 'Grow recurring revenue to €60M').includes('Sponsor a booth at OutDoor Expo'));
  assert.equal(await app.byTestId('score-traced').textContent(), '100%');
  assert.equal(await app.byTestId('flag-orphan').count(), 0);
  app.assertHealthy();
  await app.close();
});

test('deleting a subtree and undoing restores it exactly; redo deletes it again', async () => {
  const app = await openApp(browser, server.url, '#align');
  const beforeRows = await outline(app);
  const beforeStored = await storedWorkshop(app);

  await goalButton(app, 'Rebuild billing for usage-based pricing').click();
  await app.byTestId('delete-goal').click();
  assert.match(await app.byTestId('confirm-delete-goal').textContent(), /Delete “Rebuild billing for usage-based pricing” and the 2 goal\(s\) beneath it\?/);
  await app.byTestId('confirm-delete-goal-yes').click();
  assert.equal(await app.byTestId('outline-row').count(), 22);
  const afterDelete = await storedWorkshop(app);
  assert.equal(afterDelete.goals.length, 22);
  assert.deepEqual(afterDelete.goals.find((g) => g.title === 'Self-serve checkout and free trial').depends_on, [], 'links into the subtree went with it');

  await app.page.locator('body').click({ position: { x: 5, y: 400 } });
  await app.page.keyboard.press('Control+z');
  assert.deepEqual(await outline(app), beforeRows);
  const restored = await storedWorkshop(app);
  assert.deepEqual(restored.goals, beforeStored.goals, 'goals, order, parents and links are exactly as before');
  await app.waitForNotice(/Undid the last goal deletion\./);

  await app.byTestId('redo').click();
  assert.equal(await app.byTestId('outline-row').count(), 22);
  await app.byTestId('undo').click();
  assert.deepEqual(await outline(app), beforeRows);
  assert.equal(await app.byTestId('undo').isDisabled(), true, 'nothing more to undo');

  // A new change clears redo.
  await app.byTestId('redo').click();
  await app.byTestId('undo').click();
  await goalButton(app, 'Reach 99.95% uptime').click();
  await app.byTestId('edit-owner').fill('Jonas Weber');
  await app.byTestId('edit-owner').press('Tab');
  assert.equal(await app.byTestId('redo').isDisabled(), true);
  app.assertHealthy();
  await app.close();
});

test('the presenter window follows the facilitator live and shows only what is chosen', async () => {
  const app = await openApp(browser, server.url, '#align');
  const [presenter] = await Promise.all([app.page.waitForEvent('popup'), app.byTestId('open-presenter').click()]);
  await presenter.getByTestId('presenter-tree').waitFor();
  assert.equal(await presenter.getByTestId('presenter-title').textContent(), 'Northwind Outfitters — Annual planning 2027');
  assert.equal(await presenter.getByTestId('goal').count(), 25);
  assert.equal(await presenter.locator('input, select, textarea, button').count(), 0, 'no editing controls');

  await goalButton(app, 'Reach 99.95% uptime').click();
  await app.byTestId('edit-title').fill('Reach 99.99% uptime');
  await app.byTestId('edit-title').press('Enter');
  await presenter.getByTestId('goal-title').filter({ hasText: 'Reach 99.99% uptime' }).waitFor();

  await app.byTestId('projector-view').selectOption('blank');
  await presenter.waitForFunction(() => !document.querySelector('[data-testid=presenter-tree]'));
  assert.equal(await presenter.getByTestId('goal').count(), 0);
  assert.equal(await presenter.getByTestId('presenter-title').textContent(), 'Northwind Outfitters — Annual planning 2027');

  await app.byTestId('projector-view').selectOption('strategy');
  await presenter.getByTestId('presenter-strategy').waitFor();
  assert.match(await presenter.getByTestId('presenter-strategy').textContent(), /outdoor retailer in Europe/);

  // Closing the presenter loses nothing; the facilitator's work is saved as ever.
  await presenter.close();
  const stored = await storedWorkshop(app);
  assert.ok(stored.goals.some((g) => g.title === 'Reach 99.99% uptime'));
  app.assertHealthy();
  await app.close();
});

test('search and filters narrow the map, and a dependency loop is named goal by goal', async () => {
  const app = await openApp(browser, server.url, '#align');
  await app.byTestId('goal-search').fill('lighthouse');
  assert.deepEqual(await outline(app), [
    'Grow recurring revenue to €60M',
    '  Open the DACH market with launch pricing',
    '    Hire two DACH account executives',
    '      Close the first five DACH lighthouse customers',
  ]);
  await app.byTestId('goal-search').fill('');
  await app.page.getByLabel('Show department').selectOption({ label: 'Marketing' });
  assert.equal(await app.page.locator('[data-testid=outline-row].matched').count(), 4, 'the four Marketing goals match');
  await app.byTestId('status-filter').selectOption('agreed');
  assert.equal(await app.byTestId('outline-row').count(), 0, 'no Marketing goal is agreed yet');
  await app.byTestId('status-filter').selectOption('');
  await app.page.getByLabel('Show department').selectOption({ label: 'All departments' });
  assert.equal(await app.byTestId('outline-row').count(), 25);

  // Close a loop: the event pipeline now depends on checkout, which needs the billing
  // engine, which needs the pipeline.
  assert.equal(await app.byTestId('score-cycles').textContent(), '0');
  await goalButton(app, 'Usage event pipeline').click();
  await app.byTestId('link-search').fill('checkout');
  await app.byTestId('link-target').selectOption({ label: 'Self-serve checkout and free trial' });
  await app.page.getByRole('button', { name: 'Add link' }).click();
  assert.equal(await app.byTestId('score-cycles').textContent(), '1');
  assert.equal(
    (await app.byTestId('gap-cycles').textContent()).trim(),
    'These goals depend on one another in a loop: Usage event pipeline → Usage-based billing engine → Self-serve checkout and free trial',
  );
  assert.equal(await app.byTestId('flag-cycle').count(), 3);
  // Removing the link through the editor breaks the loop.
  await app.page.getByRole('button', { name: 'Remove link to Self-serve checkout and free trial' }).click();
  assert.equal(await app.byTestId('score-cycles').textContent(), '0');
  assert.equal(await app.byTestId('flag-cycle').count(), 0);
  app.assertHealthy();
  await app.close();
});

test('a title disguised with a right-to-left override, or holding a control character, is refused where it is typed', async () => {
  const app = await openApp(browser, server.url, '#align');
  const title = 'Reduce cloud cost per customer by 25%';
  await goalButton(app, title).click();
  const field = app.byTestId('edit-title');
  // "Fund gpj.exe" would display as "Fund exe.jpg".
  await field.fill('Fund \u202egpj.exe');
  // Typing that the workshop refuses waits; leaving the field says why.
  await field.blur();
  const said = await app.waitForNotice(/goal title contains a text-direction override \(U\+202E\)/);
  assert.match(said, /which can disguise what the text says/);
  assert.equal((await app.storedWorkshop()).goals.find((g) => g.id === 'g12').title, title, 'the stored title is unchanged');
  await field.fill('Bell\u0007 ringer');
  await field.blur();
  await app.waitForNotice(/goal title contains an invisible control character \(U\+0007\)/);
  assert.equal((await app.storedWorkshop()).goals.find((g) => g.id === 'g12').title, title);
  assert.equal(await goalButton(app, title).count(), 1, 'the outline still shows the real title');
  app.assertHealthy();
  await app.close();
});
