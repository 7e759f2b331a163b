// Prioritise as a room runs it: a ranked round voted on one device passed around, closed
// and revealed; a dot ballot over budget refused; a named round's ballots hidden until
// the reveal.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, createRound, SELF_SERVE, DACH, INBOUND } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });


/** One participant takes the device, ranks goals and hands it on. */
async function voteRanked(app, voter, order, rearrange) {
  await app.byTestId('pick-voter').filter({ hasText: voter }).click();
  for (const goal of order) await app.page.getByRole('button', { name: `Rank next: ${goal}` }).click();
  if (rearrange) await rearrange();
  await app.byTestId('submit-ballot').click();
  await app.byTestId('ballot-cast').waitFor();
  assert.match(await app.byTestId('ballot-cast').textContent(), new RegExp(`Thank you, ${voter}\\. Your ballot is in and hidden\\.Pass the device to the next person\\.`));
  // Nothing of the ballot is left on screen.
  assert.equal(await app.byTestId('ranked-goal').count(), 0);
  await app.byTestId('next-voter').click();
}

test('a ranked round voted by passing the device, closed and revealed, gives the Schulze order', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Revenue priorities', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  await app.byTestId('vote-here').click();
  // Amara: self-serve, inbound, DACH. Jonas: self-serve, DACH, inbound. Lucía: DACH,
  // self-serve, inbound. Self-serve beats DACH 2–1 and inbound 3–0; DACH beats inbound 2–1.
  await voteRanked(app, 'Amara Okafor', [SELF_SERVE, INBOUND, DACH]);
  await voteRanked(app, 'Jonas Weber', [SELF_SERVE, DACH, INBOUND]);
  await voteRanked(app, 'Lucía Fernández', [DACH, SELF_SERVE, INBOUND]);
  assert.equal((await app.byTestId('voted-count').textContent()).trim(), '3 of 12 voters have voted');

  await app.byTestId('close-round').click();
  assert.match(await app.byTestId('results-hidden').textContent(), /closed with 3 ballot\(s\)\. The results stay hidden until you reveal them\./);
  assert.equal(await app.byTestId('results').count(), 0);

  await app.byTestId('reveal-round').click();
  assert.deepEqual(await app.byTestId('result-goal').allTextContents(), [SELF_SERVE, DACH, INBOUND]);
  // The explanation shows the pairwise matrix the order came from.
  const pairwise = await app.byTestId('pairwise').locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
  assert.deepEqual(pairwise, [['—', '2', '3'], ['1', '—', '2'], ['0', '1', '—']]);
  assert.equal(await app.byTestId('pairwise-heatmap').count(), 1);
  assert.match(await app.byTestId('agreement').textContent(), /Kendall's W = /);

  // Revealing (not closing) recorded each goal's agreed priority in the workshop.
  await app.waitSaved();
  const stored = await app.page.evaluate(() => {
    const id = JSON.parse(localStorage.getItem('accord.library')).current;
    return JSON.parse(localStorage.getItem(`accord.workshop.${id}`));
  });
  const rankOf = (t) => stored.goals.find((g) => g.title === t).priority?.rank;
  assert.deepEqual([rankOf(SELF_SERVE), rankOf(DACH), rankOf(INBOUND)], [1, 2, 3]);
  app.assertHealthy();
  await app.close();
});

test('a dot ballot over budget is refused with a clear message and nothing is recorded', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Dots on revenue', method: 'dot', goals: [SELF_SERVE, DACH, INBOUND], dots: 3, cap: 2 });
  await app.byTestId('vote-here').click();
  await app.byTestId('pick-voter').filter({ hasText: 'Mei Chen' }).click();
  await app.page.getByLabel(`Dots for ${SELF_SERVE}`).fill('2');
  await app.page.getByLabel(`Dots for ${INBOUND}`).fill('2');
  assert.equal((await app.byTestId('dots-left').textContent()).trim(), '4 of 3 dots placed (at most 2 per goal)');
  await app.byTestId('submit-ballot').click();
  assert.equal(
    (await app.byTestId('ballot-problem').textContent()).trim(),
    'Mei Chen: You placed 4 dots but have 3; take 1 off before submitting.',
  );
  assert.equal((await app.byTestId('voted-count').textContent()).trim(), '0 of 12 voters have voted');
  await app.page.getByLabel(`Dots for ${SELF_SERVE}`).fill('1');
  await app.byTestId('submit-ballot').click();
  await app.byTestId('ballot-cast').waitFor();
  assert.equal((await app.byTestId('voted-count').textContent()).trim(), '1 of 12 voters have voted');
  app.assertHealthy();
  await app.close();
});

test('a named round hides every ballot until the reveal, then shows each with its voter', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Named round', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  await app.byTestId('vote-here').click();
  // Sofia reorders by keyboard (the arrow buttons), Daniel by dragging.
  await voteRanked(app, 'Sofia Rossi', [INBOUND, DACH], async () => {
    await app.page.getByRole('button', { name: `Move ${DACH} up` }).click();
  });
  await voteRanked(app, 'Daniel Kim', [DACH, INBOUND], async () => {
    const items = app.byTestId('ranked-goal');
    await items.nth(1).dragTo(items.nth(0));
  });
  // Who voted is visible; how, nowhere.
  const voted = await app.byTestId('voter-row').filter({ hasText: 'Sofia Rossi' }).getByTestId('voted').textContent();
  assert.equal(voted, '✓ voted');
  assert.equal(await app.byTestId('named-ballots').count(), 0);
  assert.equal(await app.byTestId('result-order').count(), 0);
  // Voting again starts from an empty ballot: nothing to read back.
  await app.byTestId('pick-voter').filter({ hasText: 'Sofia Rossi' }).click();
  assert.equal(await app.byTestId('ranked-goal').count(), 0);
  await app.page.getByRole('button', { name: 'Not me — back' }).click();

  await app.byTestId('close-round').click();
  assert.equal(await app.byTestId('named-ballots').count(), 0, 'closed is not revealed');
  await app.byTestId('reveal-round').click();
  const ballots = await app.byTestId('named-ballot').allTextContents();
  assert.deepEqual(ballots, [
    `Sofia Rossi1. ${DACH}  2. ${INBOUND}`,
    `Daniel Kim1. ${INBOUND}  2. ${DACH}`,
  ]);
  app.assertHealthy();
  await app.close();
});
