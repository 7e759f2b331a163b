// Resolve, walking the demo: its conflicts on the board, a contention settled by
// prioritising one goal, a divergence sent to a runoff vote, both in the decision log and
// the tree, and undo taking back the last.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const DACH = 'Open the DACH market with launch pricing';
const MARGIN = 'Hold gross margin above 70%';

test('the demo\'s conflicts are settled on the record, and undo takes back the last', async () => {
  const app = await openApp(browser, server.url, '#resolve');
  const cards = app.byTestId('conflict');
  const kinds = await cards.evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.deepEqual(kinds, ['Contention', 'Divergence', 'Divergence', 'Divergence', 'Divergence', 'Divergence', 'Orphan']);
  const contention = cards.filter({ hasText: 'pull against each other' });
  assert.equal(
    (await contention.getByTestId('conflict-summary').textContent()).trim(),
    `“${DACH}” (priority #1) and “${MARGIN}” (priority #3) pull against each other, and both are in the top 3.`,
  );
  const dachDivergence = cards.filter({ hasText: `Sales ranks “${DACH}” 1st of 6 but Operations & Finance ranks it 6th` });
  assert.equal(await dachDivergence.count(), 1, 'the divergence names both departments and the places');

  // Contention: margin goes ahead, DACH waits; Sales and Operations agree.
  await contention.getByTestId('resolve-conflict').click();
  await contention.getByTestId('resolution-prioritise').check();
  await contention.getByTestId('winner').selectOption({ label: MARGIN });
  await contention.getByTestId('loser').selectOption({ label: DACH });
  await contention.getByTestId('rationale').fill('Margin funds the year; DACH launches without the discount in Q3.');
  await contention.getByLabel('Agreed by Sales').check();
  await contention.getByLabel('Agreed by Operations & Finance').check();
  await contention.getByTestId('apply-resolution').click();
  await app.waitForNotice(/Decision recorded in the log\./);
  assert.equal(await cards.filter({ hasText: 'pull against each other' }).count(), 0, 'the contention is settled');

  // Divergence on the community goal: a runoff over the contested goals.
  const community = cards.filter({ hasText: '“Customer community and academy”' });
  await community.getByTestId('resolve-conflict').click();
  await community.getByTestId('resolution-runoff').check();
  assert.match(await community.getByTestId('runoff-goals').textContent(), /A ranked runoff round opens over: Customer community and academy, /);
  await community.getByTestId('rationale').fill('Marketing and Customer Success disagree; the room re-votes on the contested goals.');
  await community.getByTestId('apply-resolution').click();
  await app.waitForNotice(/Decision recorded in the log\./);
  assert.match(await community.getByTestId('conflict-status').textContent(), /Waiting on the runoff round “Runoff: /);

  const log = app.byTestId('decision');
  assert.equal(await log.count(), 2);
  assert.match(await log.nth(0).textContent(), new RegExp(`“${MARGIN}” goes ahead; “${DACH}” is deferred\\.Why: Margin funds the year.*Agreed by Sales, Operations & Finance`));
  assert.match(await log.nth(1).textContent(), /Runoff round “Runoff: .*” \(open for voting\)\.Why: Marketing and Customer Success disagree/);

  // The tree shows the decision: DACH deferred, margin agreed.
  await app.goTo('align');
  const status = (title) => app.byTestId('outline-row').filter({ has: app.page.getByText(title, { exact: true }) }).locator('.status').textContent();
  assert.equal(await status(DACH), 'deferred');
  assert.equal(await status(MARGIN), 'agreed');
  // And Prioritise has the runoff round open.
  await app.goTo('prioritise');
  assert.match(await app.byTestId('round-tab').last().textContent(), /Runoff: .*open for voting/);

  // Undo takes back the runoff decision (round and log entry) in one step.
  await app.goTo('resolve');
  await app.page.locator('body').click({ position: { x: 5, y: 5 } });
  await app.page.keyboard.press('Control+z');
  await app.waitForNotice(/Undid the last resolution\./);
  assert.equal(await log.count(), 1);
  assert.equal((await community.getByTestId('conflict-status').textContent()).trim(), 'Open');
  await app.goTo('prioritise');
  assert.equal(await app.byTestId('round-tab').count(), 1);
  app.assertHealthy();
  await app.close();
});
