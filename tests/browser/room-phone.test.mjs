// The phone's side of the room: a phone opens the room link (its own profile, a phone's
// viewport), says once who it is, fills in every open round, and sends them as one code
// that the facilitator's collect box counts round by round. Reopening the link keeps who
// the phone is and its drafts and picks up new rounds; "not you?" makes a new key that
// the facilitator is asked about; a walk-in cannot take a listed name; damaged links and
// damaged kept records are met with words, never a broken page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { serveDist, launch, openApp, createRound, watch, axeProblems, SELF_SERVE, DACH, INBOUND } from './support.mjs';

const JSQR = createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js');
const SHOTS = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-room-phone-'));

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const AMARA = 'Amara Okafor';
const PHONE = { width: 390, height: 844 };

/** The facilitator's room link, as the room panel shows it now. */
async function roomLink(app) {
  if (!(await app.byTestId('room-link').count())) await app.byTestId('open-room').click();
  await app.byTestId('room-link').waitFor();
  return app.byTestId('room-link').inputValue();
}

/** A phone of its own (a separate profile) with the room link open. */
async function openPhone(link, viewport = PHONE) {
  const context = await browser.newContext({ viewport, isMobile: true, hasTouch: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(link);
  await page.locator('[data-testid=room-join], [data-testid=room-ballots], [data-testid=room-problem]').first().waitFor();
  return { page, context, problems };
}

function round(page, name) {
  return page.locator(`[data-testid=room-round][data-round-name="${name}"]`);
}

async function joinAs(page, name) {
  await page.getByTestId('join-as').filter({ hasText: name }).click();
  await page.getByTestId('room-you').waitFor();
}

/** Taps "Send my ballots" and returns the code from the code screen. */
async function send(page) {
  await page.getByTestId('send-ballots').click();
  await page.getByTestId('room-code-out').waitFor();
  return page.getByTestId('room-code').inputValue();
}

/** Pastes codes into the facilitator's collect box; returns the newest `lines` lines. */
async function addCodes(app, text, lines) {
  const before = await app.byTestId('code-result').count();
  await app.byTestId('codes-input').fill(text);
  await app.byTestId('add-codes').click();
  await app.page.waitForFunction((n) => document.querySelectorAll('[data-testid=code-result]').length >= n, before + lines);
  return (await app.byTestId('code-result').allTextContents()).slice(0, lines);
}

/** Nothing wider than the screen: no sideways scrolling, no element past the right edge. */
async function assertNoSpill(page, where) {
  const spill = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const over = [...document.querySelectorAll('body *')]
      .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > width + 1; })
      .map((e) => `${e.tagName.toLowerCase()}${e.dataset.testid ? `[${e.dataset.testid}]` : ''} right=${Math.round(e.getBoundingClientRect().right)}`);
    return { scroll: document.documentElement.scrollWidth, width, over: over.slice(0, 5) };
  });
  assert.ok(spill.scroll <= spill.width, `${where}: the page scrolls sideways (${spill.scroll} > ${spill.width})`);
  assert.deepEqual(spill.over, [], `${where}: elements spill past the right edge`);
}

/** Every control a thumb meets is at least 44 px tall (and buttons 44 px wide). */
async function assertLargeTargets(page, where) {
  const small = await page.evaluate(() => [...document.querySelectorAll('button, input, select')]
    .filter((e) => e.offsetParent !== null)
    .map((e) => ({ e, r: e.getBoundingClientRect() }))
    .filter(({ e, r }) => r.height < 44 || (e.tagName === 'BUTTON' && r.width < 44))
    .map(({ e, r }) => `${e.tagName.toLowerCase()} "${(e.textContent || e.getAttribute('aria-label') || '').trim()}" ${Math.round(r.width)}×${Math.round(r.height)}`));
  assert.deepEqual(small, [], `${where}: targets smaller than 44 px`);
}

/** No button breaks a word of its label across lines (a squeezed button). */
async function assertWordsWhole(page, where) {
  const broken = await page.evaluate(() => [...document.querySelectorAll('button')]
    .filter((b) => b.offsetParent !== null && b.textContent.trim())
    .filter((b) => {
      const range = document.createRange();
      range.selectNodeContents(b);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      return lines > b.textContent.trim().split(/\s+/).length;
    })
    .map((b) => b.textContent.trim()));
  assert.deepEqual(broken, [], `${where}: buttons too narrow for their words`);
}

/** Reads the QR code as the screen shows it (a screenshot), with jsQR. */
async function readQrOnScreen(page) {
  const shot = await page.screenshot();
  await page.addScriptTag({ path: JSQR });
  return page.evaluate(async (png) => {
    const image = new Image();
    image.src = `data:image/png;base64,${png}`;
    await image.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height });
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    return window.jsQR(context.getImageData(0, 0, image.width, image.height).data, image.width, image.height)?.data;
  }, shot.toString('base64'));
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** The JSON inside a room link (read here independently of the app: base32, raw deflate). */
function readRoom(link) {
  const body = link.split('#room=ACR1.')[1];
  let bits = 0, acc = 0; const bytes = [];
  for (const c of body) { acc = (acc << 5) | BASE32.indexOf(c); bits += 5; if (bits >= 8) { bits -= 8; bytes.push((acc >> bits) & 255); } }
  return JSON.parse(zlib.inflateRawSync(Buffer.from(bytes)).toString('utf8'));
}
function writeRoom(link, doc) {
  const bytes = zlib.deflateRawSync(Buffer.from(JSON.stringify(doc)));
  let bits = 0, acc = 0, out = '';
  for (const b of bytes) { acc = ((acc << 8) | b) & 0xffff; bits += 8; while (bits >= 5) { bits -= 5; out += BASE32[(acc >> bits) & 31]; } }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  return `${link.split('#')[0]}#room=ACR1.${out}`;
}
const tagHex = (doc) => Buffer.from(doc.t, 'base64url').toString('hex');

test('a phone joins once, fills two open rounds and sends one code the facilitator counts for both; reopening keeps who it is and its drafts; a new round appears', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  await createRound(app, { name: 'Where the dots go', method: 'dot', dots: 5, goals: [SELF_SERVE, DACH, INBOUND] });
  const link = await roomLink(app);
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/vote\/#room=ACR1\.[A-Z2-7]+$/);
  const room = readRoom(link);
  const phone = await openPhone(link);
  const { page } = phone;

  // Who are you? The workshop's title, one large button per person listed.
  assert.equal(await page.getByTestId('room-title').textContent(), room.w);
  assert.deepEqual(await page.getByTestId('join-as').allTextContents(), room.p.map(([, name]) => name));
  assert.equal(await page.getByTestId('walk-in-name').count(), 0, 'no walk-ins unless the facilitator allows them');
  assert.deepEqual(await axeProblems(page), [], 'axe: the join screen');
  await assertNoSpill(page, 'join screen at 390 px');
  await assertLargeTargets(page, 'join screen');
  await page.screenshot({ path: path.join(SHOTS, 'join.png'), fullPage: true });

  await joinAs(page, AMARA);
  assert.equal(await page.getByTestId('room-you').textContent(), `You are ${AMARA}`);
  const key = `accord.room.${tagHex(room)}`;
  const kept = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), key));
  assert.deepEqual(kept.who, { listed: { id: room.p.find(([, n]) => n === AMARA)[0], name: AMARA } });
  assert.match(kept.secret, /^[A-Za-z0-9_-]{43}$/, 'the phone made and kept its own key');

  // Both open rounds, each with the invite page's ballot controls.
  assert.deepEqual(await page.getByTestId('room-round').evaluateAll((s) => s.map((e) => e.dataset.roundName)), ['Revenue bets', 'Where the dots go']);
  await round(page, 'Revenue bets').getByRole('button', { name: `Rank next: ${DACH}` }).click();
  await round(page, 'Revenue bets').getByRole('button', { name: `Rank next: ${SELF_SERVE}` }).click();
  for (let i = 0; i < 3; i++) await round(page, 'Where the dots go').getByRole('button', { name: `One more dot on ${INBOUND}` }).click();
  assert.equal(await round(page, 'Where the dots go').getByTestId('dots-left').textContent(), '3 of 5 dots placed');
  assert.equal(await page.getByTestId('room-round-sent').count(), 0);
  assert.deepEqual(await axeProblems(page), [], 'axe: the ballots');
  await assertNoSpill(page, 'ballots at 390 px');
  await assertLargeTargets(page, 'ballots');
  await assertWordsWhole(page, 'ballots');

  // One code for both rounds, on a white full screen as a QR as wide as the phone.
  const code = await send(page);
  assert.match(code, /^ACB1\./);
  const out = page.getByTestId('room-code-out');
  assert.match(await out.getByTestId('room-code-who').textContent(), new RegExp(`^${AMARA} · “Revenue bets”, “Where the dots go”$`));
  assert.match(await out.locator('h1').textContent(), /Show this to the facilitator's camera/);
  const look = await out.evaluate((e) => {
    const s = getComputedStyle(e), r = e.getBoundingClientRect(), q = e.querySelector('[data-testid=qr-code]').getBoundingClientRect();
    return { bg: s.backgroundColor, pos: s.position, w: r.width, h: r.height, qr: q.width, vw: innerWidth, vh: innerHeight };
  });
  assert.equal(look.bg, 'rgb(255, 255, 255)');
  assert.equal(look.pos, 'fixed');
  assert.deepEqual([look.w, look.h], [look.vw, look.vh], 'the code screen covers the whole screen');
  assert.ok(look.qr >= 0.9 * look.vw, `the QR is ${look.qr} px on a ${look.vw} px phone`);
  assert.equal(await readQrOnScreen(page), code, 'the QR on the screen reads back as the code');
  assert.match(await out.getAttribute('data-wake-lock'), /^(held|refused|unavailable)$/);
  const canShare = await page.evaluate(() => typeof navigator.share === 'function');
  assert.equal(await page.getByTestId('share-room-code').count(), canShare ? 1 : 0, 'Share… only where Web Share exists');
  await page.getByTestId('copy-room-code').click();
  await page.waitForFunction(() => /Copied/.test(document.querySelector('[data-testid=room-code-out] [role=status]')?.textContent ?? ''));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
  assert.deepEqual(await axeProblems(page), [], 'axe: the code screen');
  await assertNoSpill(page, 'code screen at 390 px');
  await assertLargeTargets(page, 'code screen');
  await assertWordsWhole(page, 'code screen');
  await page.screenshot({ path: path.join(SHOTS, 'code.png') });

  // The facilitator counts both rounds from the one code.
  assert.deepEqual(await addCodes(app, code, 2), [
    `✓ Accepted: ${AMARA}'s ballot for “Revenue bets”.`,
    `✓ Accepted: ${AMARA}'s ballot for “Where the dots go”.`,
  ]);
  await page.getByTestId('room-code-done').click();
  await page.getByTestId('room-ballots').waitFor();
  assert.equal(await round(page, 'Revenue bets').getByTestId('room-round-sent').count(), 1);
  assert.equal(await round(page, 'Where the dots go').getByTestId('room-round-sent').count(), 1);

  // Scanning the room's QR again (a new tab on the same phone): the same person, the same drafts.
  const again = await phone.context.newPage();
  const againProblems = watch(again);
  await again.goto(link);
  await again.getByTestId('room-you').waitFor();
  assert.equal(await again.getByTestId('room-you').textContent(), `You are ${AMARA}`);
  assert.deepEqual(await round(again, 'Revenue bets').getByTestId('ranked-goal').locator('.goal-title').allTextContents(), [DACH, SELF_SERVE]);
  assert.equal(await round(again, 'Where the dots go').getByTestId('dots-left').textContent(), '3 of 5 dots placed');
  assert.equal(await again.getByTestId('room-round-sent').count(), 2);
  assert.equal(await again.getByTestId('room-code-show').count(), 1, 'the last code can be shown again');
  // A change takes that round out of the last code; sending again makes a newer code.
  await round(again, 'Revenue bets').getByRole('button', { name: `Rank next: ${INBOUND}` }).click();
  assert.equal(await round(again, 'Revenue bets').getByTestId('room-round-sent').count(), 0);
  assert.equal(await round(again, 'Where the dots go').getByTestId('room-round-sent').count(), 1);
  assert.equal(await again.getByTestId('room-code-show').count(), 0, 'the last code no longer says what the phone shows');
  const newer = await send(again);
  assert.notEqual(newer, code);
  const lines = await addCodes(app, newer, 2);
  assert.equal(lines[0], `✓ Replaced ${AMARA}'s earlier ballot for “Revenue bets” with this newer one.`);
  assert.match(lines[1], /^✓ (Replaced|Already counted)/);
  await again.getByTestId('room-code-done').click();
  await again.close();

  // The facilitator opens a runoff; the phone opens the new link in the same tab.
  await createRound(app, { name: 'Runoff', method: 'ranked', goals: [DACH, INBOUND] });
  const third = await roomLink(app);
  assert.notEqual(third, link);
  await page.goto(third);
  await round(page, 'Runoff').waitFor();
  assert.equal(await page.getByTestId('room-you').textContent(), `You are ${AMARA}`);
  assert.deepEqual(await page.getByTestId('room-round').evaluateAll((s) => s.map((e) => e.dataset.roundName)), ['Revenue bets', 'Where the dots go', 'Runoff']);
  assert.deepEqual(await round(page, 'Revenue bets').getByTestId('ranked-goal').locator('.goal-title').allTextContents(), [DACH, SELF_SERVE, INBOUND]);
  await round(page, 'Runoff').getByRole('button', { name: `Rank next: ${INBOUND}` }).click();
  const withRunoff = await send(page);
  const runoffLines = await addCodes(app, withRunoff, 3);
  assert.ok(runoffLines.includes(`✓ Accepted: ${AMARA}'s ballot for “Runoff”.`), runoffLines.join('\n'));
  assert.deepEqual([...app.problems, ...phone.problems, ...againProblems], []);
  await Promise.all([app.context.close(), phone.context.close()]);
});

test('not you? forgets who the phone is; choosing again makes a new key, which the facilitator is asked about', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  const link = await roomLink(app);
  const key = `accord.room.${tagHex(readRoom(link))}`;
  const phone = await openPhone(link);
  const { page } = phone;
  await joinAs(page, AMARA);
  const firstSecret = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), key)).secret;
  await round(page, 'Revenue bets').getByRole('button', { name: `Rank next: ${DACH}` }).click();
  assert.deepEqual(await addCodes(app, await send(page), 1), [`✓ Accepted: ${AMARA}'s ballot for “Revenue bets”.`]);
  await page.getByTestId('room-code-done').click();

  // "Not you?" asks first; keeping changes nothing.
  await page.getByTestId('not-you').click();
  await page.getByTestId('not-you-cancel').click();
  assert.equal(await page.getByTestId('room-you').textContent(), `You are ${AMARA}`);
  await page.getByTestId('not-you').click();
  await assertNoSpill(page, 'not-you confirmation');
  await assertLargeTargets(page, 'not-you confirmation');
  await assertWordsWhole(page, 'not-you confirmation');
  await page.screenshot({ path: path.join(SHOTS, 'not-you.png') });
  await page.getByTestId('not-you-confirm').click();
  await page.getByTestId('room-join').waitFor();
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), key), null, 'the identity and drafts are forgotten');
  await joinAs(page, AMARA);
  const secondSecret = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), key)).secret;
  assert.notEqual(secondSecret, firstSecret, 'a new key pair');
  assert.equal(await page.getByTestId('ranked-goal').count(), 0, 'no draft carried over');
  await round(page, 'Revenue bets').getByRole('button', { name: `Rank next: ${INBOUND}` }).click();
  const [line] = await addCodes(app, await send(page), 1);
  const phones = line.match(/another phone \((\S+)\) than the one Amara Okafor voted from before \((\S+)\)/);
  assert.ok(phones, line);
  assert.notEqual(phones[1], phones[2]);
  assert.deepEqual([...app.problems, ...phone.problems], []);
  await Promise.all([app.context.close(), phone.context.close()]);
});

test('a walk-in cannot take a listed name; damaged links and a damaged kept phone are met with words; nothing spills at 360 px', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  const link = await roomLink(app);
  const room = readRoom(link);
  // The same room with walk-ins allowed (as the facilitator's setting would make it).
  const walkLink = writeRoom(link, { ...room, walk: true });
  const phone = await openPhone(walkLink, { width: 360, height: 740 });
  const { page } = phone;
  await page.getByTestId('walk-in-name').waitFor();
  await assertNoSpill(page, 'join screen at 360 px');
  await assertLargeTargets(page, 'join screen at 360 px');
  assert.deepEqual(await axeProblems(page), [], 'axe: the join screen with a walk-in field');
  for (const typed of [' amara okafor ', 'AMARA OKAFOR']) {
    await page.getByTestId('walk-in-name').fill(typed);
    await page.getByTestId('walk-in-join').click();
    assert.match(await page.getByTestId('walk-in-problem').textContent(), /^Amara Okafor is already on the list: if that is you, choose your name above\./);
    assert.equal(await page.getByTestId('room-you').count(), 0);
  }
  await page.getByTestId('walk-in-name').fill('Eve\u202enimda');
  await page.getByTestId('walk-in-join').click();
  assert.match(await page.getByTestId('walk-in-problem').textContent(), /text-direction override/);
  await page.getByTestId('walk-in-name').fill('<b>Sam</b> Rivera');
  await page.getByTestId('walk-in-join').click();
  await page.getByTestId('room-you').waitFor();
  assert.equal(await page.getByTestId('room-you').textContent(), 'You are <b>Sam</b> Rivera', 'a name is text, never HTML');
  await round(page, 'Revenue bets').getByRole('button', { name: `Rank next: ${DACH}` }).click();
  await assertNoSpill(page, 'ballots at 360 px');
  await assertLargeTargets(page, 'ballots at 360 px');
  await send(page);
  await assertNoSpill(page, 'code screen at 360 px');
  const qr = await page.getByTestId('qr-code').boundingBox();
  assert.ok(qr.width >= 0.9 * 360, `the QR is ${qr.width} px on a 360 px phone`);

  // A damaged or foreign room link says what is wrong.
  const cut = link.slice(0, link.length - 7);
  for (const [bad, said] of [
    [cut, /^This room link is damaged \(was it cut off when copied\?\); scan the room's QR code again\.$/],
    [`${server.url}vote/#room=hello`, /^This link is not an Accord room link\.$/],
    [`${server.url}vote/#room=ACR1.${'A'.repeat(40)}`, /^This room link is damaged/],
  ]) {
    const other = await phone.context.newPage();
    const problems = watch(other);
    await other.goto(bad);
    await other.getByTestId('room-problem').waitFor();
    assert.match(await other.getByTestId('room-problem').textContent(), said, bad);
    assert.deepEqual(problems, []);
    await other.close();
  }

  // A kept phone record that is damaged (cut, or the wrong shape): the phone joins afresh.
  const fresh = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const key = `accord.room.${tagHex(room)}`;
  for (const damaged of ['{"secret":"AAAA","who":{"listed"', '{"secret":"AAAA","who":{"listed":{"id":1,"name":"Amara Okafor"}}}', '[]']) {
    const p = await fresh.newPage();
    const problems = watch(p);
    await p.goto(`${server.url}vote/`);
    await p.evaluate(([k, v]) => localStorage.setItem(k, v), [key, damaged]);
    await p.goto(link);
    await p.getByTestId('room-join').waitFor();
    await joinAs(p, AMARA);
    assert.deepEqual(problems, [], damaged);
    await p.close();
  }
  assert.deepEqual([...app.problems, ...phone.problems], []);
  await Promise.all([app.context.close(), phone.context.close(), fresh.close()]);
});

test('two tabs on one phone stay one phone: a code from the older tab, sent after the newer tab sent one, is newer still', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  const link = await roomLink(app);
  const phone = await openPhone(link);
  const first = phone.page;
  await joinAs(first, AMARA);
  await round(first, 'Revenue bets').getByRole('button', { name: `Rank next: ${DACH}` }).click();
  // The room's QR scanned again: a second tab, the same person and draft.
  const second = await phone.context.newPage();
  const secondProblems = watch(second);
  await second.goto(link);
  await second.getByTestId('room-you').waitFor();
  await round(second, 'Revenue bets').getByRole('button', { name: `Rank next: ${SELF_SERVE}` }).click();
  const code = await send(second);
  assert.deepEqual(await addCodes(app, code, 1), [`✓ Accepted: ${AMARA}'s ballot for “Revenue bets”.`]);
  // Back in the first tab (left open all along): it shows what the phone keeps now.
  await first.bringToFront();
  await first.waitForFunction(() => document.querySelectorAll('[data-testid=ranked-goal]').length === 2);
  assert.equal(await round(first, 'Revenue bets').getByTestId('room-round-sent').count(), 1);
  await round(first, 'Revenue bets').getByRole('button', { name: `Rank next: ${INBOUND}` }).click();
  const later = await send(first);
  assert.deepEqual(await addCodes(app, later, 1), [`✓ Replaced ${AMARA}'s earlier ballot for “Revenue bets” with this newer one.`]);
  // "Not you?" in one tab is "not you" in the other.
  // (The second tab started again from the first tab's send: its ballots, not the old code.)
  await second.bringToFront();
  await second.getByTestId('room-ballots').waitFor();
  await second.getByTestId('not-you').click();
  await second.getByTestId('not-you-confirm').click();
  await first.getByTestId('room-join').waitFor();
  assert.deepEqual([...app.problems, ...phone.problems, ...secondProblems], []);
  await Promise.all([app.context.close(), phone.context.close()]);
});
