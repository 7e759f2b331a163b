// Prioritise as a room runs it: a ranked round voted on one device passed around, closed
// and revealed; a dot ballot over budget refused; a named round's ballots hidden until
// the reveal.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, createRound, endKiosk, SELF_SERVE, DACH, INBOUND } from './support.mjs';

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

  await endKiosk(app);
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
  const stored = await app.storedWorkshop();
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

  await endKiosk(app);
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

test('while the device is passed round, Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y undo nothing: a cast ballot stays counted', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Undo-proof round', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  const status = async () => (await app.byTestId('round-status').textContent()).trim();
  const opened = await status();
  assert.equal(await app.byTestId('undo').isDisabled(), false, 'opening the round can be undone before anyone votes');
  await app.byTestId('vote-here').click();
  // Undo, redo and the library are off for as long as people vote on this device.
  assert.equal(await app.byTestId('undo').isDisabled(), true);
  assert.equal(await app.byTestId('redo').isDisabled(), true);
  assert.equal(await app.byTestId('library-button').isDisabled(), true);
  assert.match(await app.byTestId('undo').getAttribute('title'), /off while people vote on this device/);

  await voteRanked(app, 'Amara Okafor', [SELF_SERVE, INBOUND, DACH]);
  const votedOne = '1 of 12 voters have voted';
  assert.equal((await app.byTestId('voted-count').textContent()).trim(), votedOne);
  // The next voter tries every undo and redo key, on the name list and on their own ballot.
  // Each key is checked on its own (a redo right after an undo would hide the undo).
  const keys = ['Control+z', 'Control+Shift+z', 'Control+y', 'Meta+z', 'Meta+Shift+z'];
  const pressEach = async () => {
    for (const key of keys) {
      await app.page.keyboard.press(key);
      assert.equal((await app.byTestId('voted-count').textContent()).trim(), votedOne, `after ${key}`);
    }
  };
  await pressEach();
  await app.byTestId('pick-voter').filter({ hasText: 'Jonas Weber' }).click();
  await app.byTestId('submit-ballot').focus();
  await pressEach();
  await app.page.getByRole('button', { name: 'Not me — back' }).click();
  assert.equal((await app.byTestId('voted-count').textContent()).trim(), votedOne);
  assert.equal(await status(), opened, 'the round was not undone back to setup');
  assert.equal(await app.byTestId('voter-row').filter({ hasText: 'Amara Okafor' }).getByTestId('voted').textContent(), '✓ voted');

  // Once the device is back with the facilitator, nothing left to undo reaches the ballot:
  // the round's setup and opening were snapshots without it.
  await endKiosk(app);
  assert.equal(await app.byTestId('undo').isDisabled(), true, 'nothing before the ballot can be undone');
  assert.equal(await app.byTestId('library-button').isDisabled(), false);
  await pressEach();

  // And the ballot is in the stored copy.
  const w = await app.storedWorkshop();
  const round = w.rounds.find((r) => r.name === 'Undo-proof round');
  const amara = w.participants.find((p) => p.name === 'Amara Okafor').id;
  const ballots = round.ballots.map((b) => b.participant === amara);
  assert.deepEqual(ballots, [true], "Amara's ballot, and only hers, is stored");
  app.assertHealthy();
  await app.close();
});

test('removing a ballot asks first, is written on the round\'s record, and is not undone by Ctrl+Z', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Removal round', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  await app.byTestId('vote-here').click();
  // Behind the kiosk, out of reach; and off in any case.
  assert.equal(await app.byTestId('remove-ballot').isVisible(), false);
  assert.match(await app.byTestId('remove-ballot').textContent(), /off while people vote on this device/);
  assert.equal(await app.byTestId('remove-ballot-voter').count(), 0, 'no removal while the device is passed round');
  await voteRanked(app, 'Amara Okafor', [SELF_SERVE, INBOUND, DACH]);
  await endKiosk(app);

  await app.byTestId('remove-ballot').locator('summary').click();
  await app.byTestId('remove-ballot-voter').selectOption({ label: 'Amara Okafor' });
  await app.byTestId('remove-ballot-button').click();
  assert.match(await app.byTestId('confirm-remove-ballot').textContent(), /Remove Amara Okafor’s ballot from this round\? This cannot be undone/);
  await app.byTestId('confirm-remove-ballot').getByRole('button', { name: 'Keep it' }).click();
  assert.equal((await app.byTestId('voted-count').textContent()).trim(), '1 of 12 voters have voted', 'keeping it changes nothing');

  await app.byTestId('remove-ballot-button').click();
  await app.byTestId('confirm-remove-ballot-yes').click();
  assert.match(await app.waitForNotice(/Removed Amara Okafor’s ballot/), /on the round’s record/);
  assert.equal((await app.byTestId('voted-count').textContent()).trim(), '0 of 12 voters have voted');
  assert.match(await app.byTestId('removed-ballots').textContent(), /^Amara Okafor’s ballot was removed \(\d{4}-\d\d-\d\dT/);
  await app.page.keyboard.press('Control+z');
  assert.equal((await app.byTestId('voted-count').textContent()).trim(), '0 of 12 voters have voted', 'undo does not bring it back');

  const round = (await app.storedWorkshop()).rounds.find((r) => r.name === 'Removal round');
  const removed = { ballots: round.ballots.length, removed: round.removed_ballots.map((x) => x.name) };
  assert.deepEqual(removed, { ballots: 0, removed: ['Amara Okafor'] });
  app.assertHealthy();
  await app.close();
});

test('while the device goes round the room, the ballot codes panel (names, outcomes, choices) is out of sight', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Kiosk round', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  const devices = app.byTestId('own-devices');
  assert.equal(await devices.isVisible(), true);
  await app.byTestId('vote-here').click();
  await app.byTestId('pass-device').waitFor();
  assert.equal(await devices.isVisible(), false, 'the next voter cannot read the codes log');
  await endKiosk(app);
  await devices.waitFor();
  assert.equal(await devices.isVisible(), true, 'and it is back, as it was, for the facilitator');
  app.assertHealthy();
  await app.close();
});
