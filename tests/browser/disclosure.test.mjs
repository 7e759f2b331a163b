// The disclosure policy as a facilitator meets it: a round closed but not revealed shows
// none of its results anywhere (the Align tree, the presenter window, the Resolve board,
// the ballots CSV, the Markdown report); revealed, they all do, naming the round. And the
// voters of a round are the people there when it opened.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, createRound, endKiosk, SELF_SERVE, DACH, INBOUND } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const ROUND = 'Hidden until revealed';

/** One participant takes the device, ranks goals and hands it on. */
async function voteRanked(app, voter, order) {
  await app.byTestId('pick-voter').filter({ hasText: voter }).click();
  for (const goal of order) await app.page.getByRole('button', { name: `Rank next: ${goal}` }).click();
  await app.byTestId('submit-ballot').click();
  await app.byTestId('ballot-cast').waitFor();
  await app.byTestId('next-voter').click();
}

/** Everything a result could show up in, as text: page by page. Inbound is in the new
 * round only (the demo's round did not rank it), so any priority it has comes from it. */
async function everywhere(app, presenter) {
  await app.goTo('align');
  const align = (await app.byTestId('priority').allTextContents()).join('\n');
  const inboundRow = app.byTestId('outline-row').filter({ has: app.byTestId('goal-button').filter({ hasText: INBOUND }) });
  const alignInbound = (await inboundRow.getByTestId('priority').allTextContents()).join('\n');
  const projector = (await presenter.getByTestId('presenter-tree').textContent()) ?? '';
  const inboundCard = presenter.locator('.goal-card').filter({ has: presenter.getByTestId('goal-title').filter({ hasText: INBOUND }) });
  const projectorInbound = (await inboundCard.getByTestId('priority').allTextContents()).join('\n');
  await app.goTo('resolve');
  const resolve = (await app.byTestId('conflict-summary').allTextContents()).join('\n');
  await app.goTo('export');
  const csv = (await app.download('export-csv')).text;
  const markdown = (await app.download('export-markdown')).text;
  const markdownInbound = markdown.split('\n').find((l) => l.trimStart().startsWith(`- **${INBOUND}**`)) ?? '';
  return { align, alignInbound, projector, projectorInbound, resolve, csv, markdown, markdownInbound };
}

/** Renames a goal and waits until the presenter shows it: the projector is up to date. */
async function syncPresenter(app, presenter, title) {
  await app.goTo('align');
  await app.byTestId('goal-button').filter({ hasText: 'Reach 99.9' }).first().click();
  await app.byTestId('edit-title').fill(title);
  await app.byTestId('edit-title').press('Enter');
  await presenter.getByTestId('goal-title').filter({ hasText: title }).waitFor();
}

test('a closed round shows nothing anywhere until it is revealed, then everywhere with its name', async () => {
  const app = await openApp(browser, server.url, '#align');
  const [presenter] = await Promise.all([app.page.waitForEvent('popup'), app.byTestId('open-presenter').click()]);
  await presenter.getByTestId('presenter-tree').waitFor();

  await app.goTo('prioritise');
  await createRound(app, { name: ROUND, method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  await app.byTestId('vote-here').click();
  // Product & Engineering put self-serve first and inbound last; Sales the reverse.
  await voteRanked(app, 'Amara Okafor', [SELF_SERVE, DACH, INBOUND]);
  await voteRanked(app, 'Jonas Weber', [SELF_SERVE, DACH, INBOUND]);
  await voteRanked(app, 'Lucía Fernández', [INBOUND, DACH, SELF_SERVE]);
  await endKiosk(app);
  await app.byTestId('close-round').click();
  assert.match(await app.byTestId('results-hidden').textContent(), /The results stay hidden until you reveal them\./);

  await syncPresenter(app, presenter, 'Reach 99.99% uptime');
  const hidden = await everywhere(app, presenter);
  for (const [where, text] of Object.entries(hidden)) {
    assert.ok(!text.includes(ROUND), `${where} shows the unrevealed round:\n${text}`);
  }
  assert.equal(hidden.alignInbound, '', 'no priority in the Align tree');
  assert.equal(hidden.projectorInbound, '', 'no priority on the projector');
  assert.ok(hidden.markdownInbound.includes('department goal') && !hidden.markdownInbound.includes('priority'), hidden.markdownInbound);
  // Nothing of the closed round is stored as a priority either.
  const stored = await app.storedWorkshop();
  assert.ok(stored.goals.every((g) => g.priority?.round !== stored.rounds.at(-1).id));
  // The demo's revealed round still shows, with its name: priorities say which round.
  assert.match(hidden.align, /priority #1 in “Department goals: first pass”/);

  await app.goTo('prioritise');
  await app.byTestId('round-tab').filter({ hasText: ROUND }).click();
  await app.byTestId('reveal-round').click();
  await app.byTestId('result-order').waitFor();
  await syncPresenter(app, presenter, 'Reach 99.999% uptime');
  const shown = await everywhere(app, presenter);
  assert.match(shown.align, new RegExp(`priority #1 in “${ROUND}”`));
  assert.equal(shown.alignInbound, `priority #3 in “${ROUND}”`);
  assert.equal(shown.projectorInbound, `priority #3 in “${ROUND}”`);
  assert.match(shown.markdownInbound, new RegExp(`priority #3 in “${ROUND}”`));
  assert.match(shown.projector, new RegExp(`priority #3 in “${ROUND}”`));
  assert.match(shown.resolve, new RegExp(`in round “${ROUND}”\\.`));
  assert.match(shown.csv, new RegExp(`,${ROUND},rank,Lucía Fernández,Sales,`));
  assert.match(shown.markdown, new RegExp(`priority #1 in “${ROUND}”`));
  await presenter.close();
  app.assertHealthy();
  await app.close();
});

test('people added after a round opened are not among its voters', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Fixed voters', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  assert.equal((await app.byTestId('voted-count').textContent()).trim(), '0 of 12 voters have voted');
  await app.goTo('define');
  await app.page.locator('#new-participant').fill('Late Arrival');
  await app.byTestId('add-participant').getByRole('button', { name: 'Add participant' }).click();
  await app.byTestId('participant-row').nth(12).waitFor();
  await app.goTo('prioritise');
  assert.equal((await app.byTestId('voted-count').textContent()).trim(), '0 of 12 voters have voted');
  assert.equal(await app.byTestId('voter-row').filter({ hasText: 'Late Arrival' }).count(), 0);
  assert.match(await app.byTestId('late-participants').textContent(), /1 participant\(s\) added after this round opened are not among its voters/);
  await app.byTestId('vote-here').click();
  assert.equal(await app.byTestId('pick-voter').filter({ hasText: 'Late Arrival' }).count(), 0, 'not offered the device');
  app.assertHealthy();
  await app.close();
});

test('an anonymous round never shows a group smaller than three, and says so', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await app.byTestId('new-round').click();
  await app.byTestId('round-name').fill('Secret round');
  await app.byTestId('method-ranked').check();
  await app.byTestId('round-anonymous').check();
  for (const goal of [SELF_SERVE, DACH, INBOUND]) await app.page.getByRole('checkbox', { name: goal, exact: true }).check();
  await app.byTestId('create-round').click();
  await app.byTestId('open-round').click();
  await app.byTestId('vote-here').click();
  // Two from Product & Engineering, one from Sales: Sales alone would be one person's ballot.
  await voteRanked(app, 'Amara Okafor', [SELF_SERVE, DACH, INBOUND]);
  await voteRanked(app, 'Jonas Weber', [SELF_SERVE, DACH, INBOUND]);
  await endKiosk(app);
  await app.byTestId('close-round').click();
  await app.byTestId('reveal-round').click();
  // Two ballots in all: no result at all.
  assert.match(await app.byTestId('results-withheld').textContent(), /has 2 ballot\(s\); results of fewer than 3 ballots would show how people voted, so they are withheld\./);
  assert.equal(await app.byTestId('result-order').count(), 0);

  // Re-opened for a third voter, then revealed: one group of three, named as such.
  await app.byTestId('reopen-round').click();
  await app.byTestId('vote-here').click();
  await voteRanked(app, 'Lucía Fernández', [INBOUND, DACH, SELF_SERVE]);
  await endKiosk(app);
  await app.byTestId('close-round').click();
  await app.byTestId('reveal-round').click();
  await app.byTestId('result-order').waitFor();
  const groups = await app.byTestId('department-orders').locator('h5').allTextContents();
  assert.deepEqual(groups, ['Other departments (Product & Engineering, Sales) (3 ballot(s))']);
  assert.match(await app.byTestId('groups-merged').textContent(), /departments with fewer than 3 ballots are shown together as “Other departments”/);
  await app.goTo('export');
  const csv = (await app.download('export-csv')).text.split('\n').filter((l) => l.includes('Secret round'));
  assert.equal(csv.length, 3 * 3);
  assert.ok(csv.every((l) => /,Secret round,rank,voter [123],other departments,/.test(l)), csv.join('\n'));
  app.assertHealthy();
  await app.close();
});
