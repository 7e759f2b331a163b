// The room, as the facilitator and the projector meet it: "Open the room" shows the room
// QR and link on the facilitator's screen and puts the presenter window on the room view
// in the same click; ballots counted show up on both as "1 of 12"; names only for a named
// round; the revealed result on the projector; walk-ins kept in the stored workshop.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveDist, launch, openApp, createRound, endKiosk, axeProblems, SELF_SERVE, DACH, INBOUND } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SHOTS = process.env.SCREENSHOTS ?? '';
const DEMO = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../public/demo/northwind-annual-planning.json'), 'utf8'));

async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

/** Opens the presenter window from Align (it shows the goal tree first) and comes back. */
async function openPresenter(app) {
  await app.goTo('align');
  const [presenter] = await Promise.all([app.page.waitForEvent('popup'), app.byTestId('open-presenter').click()]);
  await presenter.getByTestId('presenter-tree').waitFor();
  await app.goTo('prioritise');
  return presenter;
}

/** One participant takes the device and ranks goals; then the facilitator takes it back. */
async function castHere(app, voter, order) {
  await app.byTestId('vote-here').click();
  await app.byTestId('pick-voter').filter({ hasText: voter }).click();
  for (const goal of order) await app.page.getByRole('button', { name: `Rank next: ${goal}` }).click();
  await app.byTestId('submit-ballot').click();
  await app.byTestId('ballot-cast').waitFor();
  await app.byTestId('next-voter').click();
  await endKiosk(app);
}

async function waitText(page, testId, expected) {
  await page.waitForFunction(
    ([id, want]) => [...document.querySelectorAll(`[data-testid=${id}]`)].some((e) => e.textContent.trim() === want),
    [testId, expected],
  );
}

test('opening the room shows its QR and link here and puts the projector on the room view, which follows the count to the result', async () => {
  const app = await openApp(browser, server.url, '#align');
  const presenter = await openPresenter(app);
  await presenter.setViewportSize({ width: 1920, height: 1080 });
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });

  await app.byTestId('open-room').click();
  await app.byTestId('room-panel').waitFor();
  // The QR, with its version said beside it.
  const qr = app.byTestId('room-qr').getByTestId('qr-code');
  const version = await qr.getAttribute('data-qr-version');
  const size = (await app.byTestId('room-qr-size').textContent()).trim();
  const [, v, modules] = size.match(/^QR version (\d+), (\d+) × \2 modules$/) ?? [];
  assert.equal(v, version, size);
  assert.equal(Number(modules), 17 + 4 * Number(version));
  // The link: the participant page with the room code in the fragment.
  const link = await app.byTestId('room-link').inputValue();
  assert.ok(link.startsWith(`${server.url}vote/#room=ACR1.`), link);
  assert.match(link.slice(link.indexOf('ACR1.') + 5), /^[A-Z2-7]+$/, 'base32 after the prefix');

  // The projector is on the room view, with the same code, the question and the count.
  const room = presenter.getByTestId('presenter-room');
  await room.waitFor();
  const projectorQr = presenter.getByTestId('presenter-room-qr').getByTestId('qr-code');
  assert.equal(await projectorQr.locator('path').getAttribute('d'), await qr.locator('path').getAttribute('d'), 'the same code');
  assert.equal((await presenter.getByTestId('presenter-round-name').textContent()).trim(), 'Revenue bets');
  assert.match(await room.textContent(), /Rank the goals, most important first/);
  await waitText(presenter, 'presenter-count', '0 of 12 ballots in');
  assert.match(await presenter.getByTestId('presenter-timer').textContent(), /^Voting for \d+:\d\d$/);

  // Large enough for the back row: square, at least 60% of the window's height, and
  // nothing spilling sideways.
  const box = await projectorQr.boundingBox();
  assert.ok(Math.abs(box.width - box.height) < 1, `square: ${box.width}×${box.height}`);
  assert.ok(box.height >= 0.6 * 1080, `tall: ${box.height}`);
  assert.ok(box.y + box.height <= 1080, 'inside the window');
  console.log(`room QR for a 3-goal round of the demo: version ${version}, ${modules} × ${modules} modules; `
    + `${Math.round(box.height)} px tall on a 1920×1080 projector (${(box.height / (Number(modules) + 8)).toFixed(1)} px per module)`);
  const spill = await presenter.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(spill <= 0, `spills sideways by ${spill}px`);
  const smallest = await presenter.evaluate(() => Math.min(...[...document.querySelectorAll('[data-testid=presenter-room] :is(p, h2, figcaption)')]
    .map((e) => parseFloat(getComputedStyle(e).fontSize))));
  assert.ok(smallest >= 28, `text at least 28 px: ${smallest}`);
  await shot(presenter, 'projector-room-1920');
  assert.deepEqual(await axeProblems(presenter), [], 'axe on the room view');
  await app.page.setViewportSize({ width: 1366, height: 768 });
  await app.byTestId('room-panel').scrollIntoViewIfNeeded();
  await shot(app.page, 'panel-1366');
  const panelSpill = await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(panelSpill <= 0, `the panel spills sideways by ${panelSpill}px`);
  assert.deepEqual(await axeProblems(app.page), [], 'axe on the room panel');

  // A ballot counted: "1 of 12" here and on the projector, with the name (a named round).
  await castHere(app, 'Amara Okafor', [SELF_SERVE, INBOUND, DACH]);
  await waitText(app.page, 'room-count', 'Revenue bets: 1 of 12 ballots in · voted: Amara Okafor');
  await waitText(presenter, 'presenter-count', '1 of 12 ballots in');
  assert.equal((await presenter.getByTestId('presenter-voted').textContent()).trim(), 'Voted: Amara Okafor');
  await castHere(app, 'Jonas Weber', [SELF_SERVE, DACH, INBOUND]);
  await waitText(presenter, 'presenter-count', '2 of 12 ballots in');
  assert.equal((await presenter.getByTestId('presenter-voted').textContent()).trim(), 'Voted: Amara Okafor, Jonas Weber');

  // Closed: no figure anywhere on the projector, and no join code (nothing open).
  await app.byTestId('close-round').click();
  await presenter.getByTestId('presenter-room-note').filter({ hasText: 'Voting is closed with 2 ballot(s)' }).waitFor();
  assert.equal(await presenter.getByTestId('presenter-room-qr').count(), 0);
  assert.equal(await presenter.getByTestId('presenter-result').count(), 0);
  assert.ok(!(await presenter.textContent('main')).includes(SELF_SERVE), 'no goal of the closed round is shown');
  await app.byTestId('room-problem').filter({ hasText: 'Open a round first' }).waitFor();

  // Revealed: the result in big type, in rank order.
  await app.byTestId('reveal-round').click();
  await presenter.getByTestId('presenter-result').waitFor();
  assert.equal((await presenter.getByTestId('presenter-winner').textContent()).trim(), `“${SELF_SERVE}” comes first`);
  const rows = await presenter.getByTestId('presenter-result-row').allTextContents();
  assert.equal(rows.length, 3);
  assert.ok(rows[0].includes(SELF_SERVE) && rows[0].startsWith('1'), rows[0]);
  await shot(presenter, 'projector-result-1920');
  assert.deepEqual(await axeProblems(presenter), [], 'axe on the result');
  await presenter.close();
  app.assertHealthy();
  await app.close();
});

test('an anonymous round shows the count but never who voted; ties are shown tied', async () => {
  const app = await openApp(browser, server.url, '#align');
  const presenter = await openPresenter(app);
  await app.byTestId('new-round').click();
  await app.byTestId('round-name').fill('Secret dots');
  await app.byTestId('method-dot').check();
  await app.byTestId('round-dots').fill('2');
  await app.byTestId('round-anonymous').check();
  for (const goal of [SELF_SERVE, DACH, INBOUND]) await app.page.getByRole('checkbox', { name: goal, exact: true }).check();
  await app.byTestId('create-round').click();
  await app.byTestId('open-round').click();
  await app.byTestId('open-room').click();
  await waitText(presenter, 'presenter-count', '0 of 12 ballots in');
  assert.match(await presenter.getByTestId('presenter-room').textContent(), /Spread 2 dots over the goals that matter most/);

  // Three voters: two dots on self-serve, two on DACH, one each on both.
  const voters = [['Amara Okafor', [SELF_SERVE, SELF_SERVE]], ['Jonas Weber', [DACH, DACH]], ['Lucía Fernández', [SELF_SERVE, DACH]]];
  for (const [voter, dots] of voters) {
    await app.byTestId('vote-here').click();
    await app.byTestId('pick-voter').filter({ hasText: voter }).click();
    for (const goal of dots) await app.page.getByRole('button', { name: `One more dot on ${goal}` }).click();
    await app.byTestId('submit-ballot').click();
    await app.byTestId('ballot-cast').waitFor();
    await app.byTestId('next-voter').click();
    await endKiosk(app);
  }
  await waitText(presenter, 'presenter-count', '3 of 12 ballots in');
  await waitText(app.page, 'room-count', 'Secret dots: 3 of 12 ballots in');
  assert.equal(await presenter.getByTestId('presenter-voted').count(), 0);
  assert.equal(await app.byTestId('room-voted').count(), 0);
  for (const [voter] of voters) {
    assert.ok(!(await presenter.textContent('main')).includes(voter), `the projector names ${voter}`);
    assert.ok(!(await app.byTestId('room-panel').textContent()).includes(voter), `the panel names ${voter}`);
  }

  await app.byTestId('close-round').click();
  await app.byTestId('reveal-round').click();
  await presenter.getByTestId('presenter-result').waitFor();
  assert.equal((await presenter.getByTestId('presenter-winner').textContent()).trim(), `Tied for first: “${SELF_SERVE}” and “${DACH}”`);
  const rows = await presenter.getByTestId('presenter-result-row').allTextContents();
  assert.ok(rows[0].startsWith('=1') && rows[0].includes('(tied)'), rows[0]);
  assert.ok(rows[1].startsWith('=1') && rows[1].includes('(tied)'), rows[1]);
  assert.ok(rows[2].startsWith('3') && rows[2].includes(INBOUND) && !rows[2].includes('(tied)'), rows[2]);
  await presenter.close();
  app.assertHealthy();
  await app.close();
});

test('walk-ins are an undoable setting kept in the stored workshop; with no open round the panel says what to do', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await app.byTestId('open-room').click();
  assert.match(await app.byTestId('room-problem').textContent(), /Open a round first/);
  const walkIns = app.byTestId('walk-ins');
  assert.equal(await walkIns.isChecked(), false);
  await walkIns.check();
  assert.equal((await app.storedWorkshop()).room?.walk_ins, true);
  await app.byTestId('undo').click();
  await app.page.waitForFunction(() => !document.querySelector('[data-testid=walk-ins]').checked);
  assert.equal((await app.storedWorkshop()).room?.walk_ins ?? false, false);
  await walkIns.check();
  await app.waitSaved();
  await app.reload();
  await app.byTestId('open-room').click();
  assert.equal(await app.byTestId('walk-ins').isChecked(), true, 'kept across a reload');
  app.assertHealthy();
  await app.close();
});

test('a room link too long for one QR code says so and still offers the link for the chat', async () => {
  // The demo with every goal title padded to 200 characters that do not compress.
  let x = 7;
  const next = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const doc = structuredClone(DEMO);
  doc.title = 'Too big for one code';
  doc.rounds = [];
  doc.decisions = [];
  for (const g of doc.goals) {
    g.priority = null;
    let pad = ' ';
    while (g.title.length + pad.length < 200) pad += alphabet[next() % alphabet.length];
    g.title += pad;
  }
  const app = await openApp(browser, server.url, '#prioritise');
  await app.importFile('too-big.accord.json', JSON.stringify(doc));
  await app.waitForTitle('Too big for one code');
  const presenter = await openPresenter(app);
  await app.byTestId('new-round').click();
  await app.byTestId('round-name').fill('Everything at once');
  for (const box of await app.byTestId('round-goal').all()) await box.check();
  await app.byTestId('create-round').click();
  await app.byTestId('open-round').click();
  await app.byTestId('open-room').click();
  assert.match(await app.byTestId('room-too-big').textContent(), /too long for one QR code \(\d+ characters\)/);
  assert.equal(await app.byTestId('room-panel').getByTestId('qr-code').count(), 0, 'no broken code');
  assert.equal(await app.byTestId('room-qr-size').count(), 0);
  assert.ok((await app.byTestId('room-link').inputValue()).startsWith(`${server.url}vote/#room=ACR1.`));
  assert.ok(await app.byTestId('copy-room-link').isVisible());
  // The projector says so too, and still counts.
  await presenter.getByTestId('presenter-room').getByTestId('qr-too-big').waitFor();
  await waitText(presenter, 'presenter-count', '0 of 12 ballots in');
  await presenter.close();
  app.assertHealthy();
  await app.close();
});
