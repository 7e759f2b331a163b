// A room of twelve, as a facilitator runs it with no server: one room code on the screen,
// twelve phones (separate browser profiles, phone viewports) that join once and vote in
// three rounds (ranked, dots, a runoff from Resolve), codes back through the scan station
// (Chromium's fake camera playing the phones' QR codes), a pasted chat export, and one
// phone at a time. The facilitator's clicks and each phone's taps are counted and
// printed: the facilitator's do not grow with the room beyond one scan or paste per
// ballot. A thirteenth profile with the room link and the whole chat reads nothing, and a
// second phone claiming Amara is flagged, never counted.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveDist, launch, openApp, createRound, watch, rasterise, y4m, AppPage, SELF_SERVE, DACH, INBOUND } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const AMARA = 'Amara Okafor';

/** Counts what a person does: each click or fill is one action. */
class Hands {
  constructor(page) { this.page = page; this.actions = 0; }
  async click(locator) { this.actions += 1; await locator.click(); }
  async fill(locator, text) { this.actions += 1; await locator.fill(text); }
}

/** A phone: its own profile, phone-sized, that opens the room link (a scan of the projector's code). */
async function phoneFor(link) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(link);
  return { context, page, problems, hands: new Hands(page) };
}

/** Scanning the room code again: the same phone opens the (new) link. */
async function rescan(phone, link) {
  await phone.page.goto('about:blank');
  await phone.page.goto(link);
  phone.hands.actions += 1;
}

async function join(phone, name) {
  await phone.hands.click(phone.page.getByTestId('join-as').filter({ hasText: name }));
  await phone.page.getByTestId('room-you').waitFor();
  assert.match(await phone.page.getByTestId('room-you').textContent(), new RegExp(`You are ${name}`));
}

function round(phone, name) {
  return phone.page.locator(`[data-testid=room-round][data-round-name="${name}"]`);
}

async function rank(phone, roundName, order) {
  for (const goal of order) await phone.hands.click(round(phone, roundName).getByRole('button', { name: `Rank next: ${goal}` }));
}

async function dots(phone, roundName, marks) {
  for (const [goal, n] of marks) {
    for (let i = 0; i < n; i++) await phone.hands.click(round(phone, roundName).getByRole('button', { name: `One more dot on ${goal}` }));
  }
}

/** Sends every round filled in as one code; returns the code's text. */
async function send(phone) {
  await phone.hands.click(phone.page.getByTestId('send-ballots'));
  await phone.page.getByTestId('room-code-out').waitFor();
  return phone.page.getByTestId('room-code').inputValue();
}

async function backToBallots(phone) {
  await phone.hands.click(phone.page.getByTestId('room-code-done'));
}

/** Pastes text into the collect box; returns the result lines added. */
async function paste(app, hands, text) {
  const before = await app.page.getByTestId('code-result').count();
  await hands.fill(app.page.getByTestId('codes-input'), text);
  await hands.click(app.page.getByTestId('add-codes'));
  await app.page.waitForFunction((n) => document.querySelectorAll('[data-testid=code-result]').length > n, before);
  await app.page.waitForTimeout(300);
  const after = await app.page.getByTestId('code-result').count();
  return (await app.page.getByTestId('code-result').allTextContents()).slice(0, after - before);
}

async function roomLink(app, hands) {
  if (!(await app.page.getByTestId('room-panel').isVisible())) await hands.click(app.page.getByTestId('open-room'));
  await app.page.getByTestId('room-link').waitFor();
  return app.page.getByTestId('room-link').inputValue();
}

/** Who has voted in the round, from the stored workshop (what would be exported). */
async function ballotsIn(app, roundName) {
  const w = await app.storedWorkshop();
  return w.rounds.find((r) => r.name === roundName)?.ballots ?? [];
}

test('a room of twelve votes three rounds from their own phones with one room code', { timeout: 15 * 60_000 }, async () => {
  let app = await openApp(browser, server.url, '#prioritise');
  let facilitator = new Hands(app.page);
  const roster = (await app.storedWorkshop()).participants;
  const people = roster.map((p) => p.name);
  assert.equal(people.length, 12, 'the demo room');
  const clicks = {};

  // Round 1, ranked. The facilitator sets it up and opens the room.
  const RANKED = 'Revenue bets';
  await createRound(app, { name: RANKED, method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  let start = facilitator.actions;
  const link1 = await roomLink(app, facilitator);
  assert.match(link1, /\/vote\/#room=ACR1\.[A-Z2-7]+$/);
  const qr = app.page.locator('[data-testid=room-qr] [data-testid=qr-code]');
  const version = Number(await qr.getAttribute('data-qr-version'));
  console.log(`room link for round 1: ${link1.length} characters, QR version ${version}`);

  const phones = [];
  const orders = [[SELF_SERVE, DACH, INBOUND], [DACH, INBOUND, SELF_SERVE], [INBOUND, SELF_SERVE]];
  const codes1 = [];
  const pictures = [];
  for (const [i, name] of people.entries()) {
    const phone = await phoneFor(link1);
    await join(phone, name);
    await rank(phone, RANKED, orders[i % orders.length]);
    codes1.push(await send(phone));
    // The phone held up to the facilitator's camera: its QR code as the camera sees it.
    pictures.push(await rasterise(phone.page, '[data-testid=room-code-out] [data-testid=qr-code]', 3));
    phones.push(phone);
  }
  for (const code of codes1) assert.match(code, /^ACB1\.[A-Za-z0-9_-]+$/);

  // Codes back through the scan station: the phones' QR codes in one looping video.
  const video = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accord-room-')), 'phones.y4m');
  fs.writeFileSync(video, y4m(pictures, 640, 480));
  const camBrowser = await launch(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
  try {
    // The facilitator's laptop, with its camera: the same storage (workshop and keys).
    const context = await camBrowser.newContext({ storageState: await app.context.storageState(), permissions: ['camera'], viewport: { width: 1366, height: 768 } });
    await app.context.close();
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${server.url}#prioritise`);
    await page.getByTestId('workshop-title').waitFor();
    app = Object.assign(new AppPage(page, server.url), { context, problems });
    const station = new Hands(page);
    await station.click(page.getByTestId('scan-codes'));
    await page.waitForFunction(() => /counted \(12 of 12\)/.test(document.querySelector('[data-testid=scan-station]')?.textContent ?? ''), null, { timeout: 120_000 });
    await station.click(page.getByTestId('station-done'));
    clicks[RANKED] = facilitator.actions - start + station.actions;
    facilitator = new Hands(page);
    assert.equal((await ballotsIn(app, RANKED)).length, 12, 'every phone counted once');
    assert.deepEqual(problems, []);
  } finally {
    // The camera browser stays for the rest of the session: the facilitator's laptop.
  }

  // Round 1 closes and is revealed; round 2 (dots) opens. Phones scan the room code again.
  await facilitator.click(app.page.getByTestId('close-round'));
  await facilitator.click(app.page.getByTestId('reveal-round'));
  const DOTS = 'Where the dots go';
  await createRound(app, { name: DOTS, method: 'dot', goals: [SELF_SERVE, DACH, INBOUND], dots: 3 });
  start = facilitator.actions;
  const link2 = await roomLink(app, facilitator);
  assert.notEqual(link2, link1, 'the room code follows the open rounds');
  const chat = [];
  for (const [i, phone] of phones.entries()) {
    await rescan(phone, link2);
    assert.match(await phone.page.getByTestId('room-you').textContent(), new RegExp(`You are ${people[i]}`), 'joined once: the phone knows who it is');
    assert.equal(await round(phone, RANKED).count(), 0, 'the closed round is gone');
    // Departments disagree: the first department's people put their dots on the self-serve
    // plan, everyone else on inbound pipeline (so Resolve finds a divergence to re-vote on).
    const first = roster[i].department === roster[0].department;
    await dots(phone, DOTS, first ? [[SELF_SERVE, 3]] : [[INBOUND, 2], [DACH, 1]]);
    chat.push(`[10:${String(i).padStart(2, '0')}] ${people[i]}: here's mine ${await send(phone)} 👍`);
  }
  // One paste of the whole chat export.
  const lines2 = await paste(app, facilitator, chat.join('\n'));
  assert.equal(lines2.length, 12);
  assert.ok(lines2.every((l) => l.startsWith('✓ Accepted:')), lines2.join('\n'));
  clicks[DOTS] = facilitator.actions - start;
  assert.equal((await ballotsIn(app, DOTS)).length, 12);

  // A thirteenth profile has the room link and the whole chat. With its own Accord, every
  // code is refused: the codes are sealed to the facilitator's key, which it does not have.
  const outsider = await openApp(browser, server.url, '#prioritise');
  await outsider.page.getByTestId('codes-input').fill(chat.join('\n'));
  await outsider.page.getByTestId('add-codes').click();
  await outsider.page.waitForFunction(() => document.querySelectorAll('[data-testid=code-result]').length === 12);
  const outsiderLines = await outsider.page.getByTestId('code-result').allTextContents();
  assert.ok(outsiderLines.every((l) => /Rejected: this ballot code was made for another workshop/.test(l)), outsiderLines.join('\n'));
  // Nor does the link or a code carry any vote in the clear.
  for (const code of chat) assert.doesNotMatch(code, new RegExp(`${SELF_SERVE}|"g"|dots`));
  await outsider.context.close();

  // Round 3: a runoff from Resolve, over the goals the departments disagree on.
  await facilitator.click(app.page.getByTestId('close-round'));
  await facilitator.click(app.page.getByTestId('reveal-round'));
  await app.page.goto(`${server.url}#resolve`);
  const community = app.page.locator('[data-testid=conflict][data-kind=Divergence]').first();
  await facilitator.click(community.getByTestId('resolve-conflict'));
  await facilitator.click(community.getByTestId('resolution-runoff'));
  await facilitator.fill(community.getByTestId('rationale'), 'The room re-votes on the contested goals.');
  await facilitator.click(community.getByTestId('apply-resolution'));
  await app.waitForNotice(/Decision recorded in the log\./).catch(async (e) => {
    const shot = path.join(os.tmpdir(), 'accord-room-resolve.png');
    await app.page.screenshot({ path: shot, fullPage: true });
    throw new Error(`${e.message}; save status: ${await app.page.getByTestId('save-status').textContent()}; screenshot ${shot}`);
  });
  await app.goTo('prioritise');
  const stored = await app.storedWorkshop().catch(async (e) => {
    const said = await app.page.evaluate(() => [...document.querySelectorAll('[data-testid=save-status], [data-testid=notice], .banner, [role=alert]')].map((n) => n.textContent).join(' | '));
    throw new Error(`${e.message}; the page says: ${said}`);
  });
  const runoff = stored.rounds.find((r) => r.name.startsWith('Runoff:'));
  assert.ok(runoff && runoff.status === 'open', 'the runoff is open');
  start = facilitator.actions;
  const link3 = await roomLink(app, facilitator);
  const codes3 = [];
  for (const phone of phones) {
    await rescan(phone, link3);
    const buttons = round(phone, runoff.name).getByRole('button', { name: /^Rank next: / });
    await phone.hands.click(buttons.first());
    codes3.push(await send(phone));
  }
  // One paste per ballot, as codes arrive in a chat one by one.
  for (const code of codes3) {
    const [line] = await paste(app, facilitator, code);
    assert.match(line, /^✓ Accepted:/);
  }
  clicks[runoff.name] = facilitator.actions - start;

  // Someone else's phone claims to be Amara in the runoff: flagged, never counted.
  const impostor = await phoneFor(link3);
  await join(impostor, AMARA);
  await impostor.hands.click(round(impostor, runoff.name).getByRole('button', { name: /^Rank next: / }).last());
  const flagged = await paste(app, new Hands(app.page), await send(impostor));
  assert.equal(flagged.length, 1);
  assert.match(flagged[0], /Not counted yet: this code for Amara Okafor comes from another phone/);
  await app.page.getByTestId('choose-counted').first().click();
  const amaraBallot = (await ballotsIn(app, runoff.name)).find((b) => b.participant === 'p1');
  assert.ok(amaraBallot, 'Amara\'s own ballot still counts');
  await impostor.context.close();

  // The figures: the facilitator's actions per round do not grow with the room.
  const taps = phones.map((p) => p.hands.actions);
  console.log(`facilitator's actions per round (12 phones): ${JSON.stringify(clicks)}`);
  console.log(`each phone's taps over three rounds: min ${Math.min(...taps)}, max ${Math.max(...taps)}, total ${taps.reduce((a, b) => a + b, 0)}`);
  assert.ok(clicks[RANKED] <= 3, `round 1 by the scan station: ${clicks[RANKED]} actions`);
  assert.ok(clicks[DOTS] <= 3, `round 2 by one paste: ${clicks[DOTS]} actions`);
  assert.ok(clicks[runoff.name] <= 2 * 12 + 2, `round 3 by one paste per ballot: ${clicks[runoff.name]} actions`);
  for (const phone of phones) {
    assert.deepEqual(phone.problems, []);
    await phone.context.close();
  }
  await camBrowser.close();
});
