// The participant's page as a phone shows it (390×844), light and dark: an invite's
// ranked and dot ballots and the room phone's ballots. Screenshots go to
// $SCREENSHOTS/vote/ (to compare with earlier releases by eye); the checks are the
// deterministic ones: the theme follows the system, nothing spills sideways, every
// control a thumb meets is at least 44 px, and axe-core finds nothing serious.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveDist, launch, openApp, createRound, inviteLink, watch, axeProblems, SELF_SERVE, DACH, INBOUND } from './support.mjs';

const SHOTS = path.join(process.env.SCREENSHOTS ?? path.join(os.tmpdir(), 'accord-screens'), 'vote');
fs.mkdirSync(SHOTS, { recursive: true });

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function check(page, where) {
  const found = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const small = [...document.querySelectorAll('button, input, select')]
      .filter((e) => e.offsetParent !== null)
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ e, r }) => r.height < 44 || (e.tagName === 'BUTTON' && r.width < 44))
      .map(({ e, r }) => `${(e.getAttribute('aria-label') || e.textContent).trim()} ${Math.round(r.width)}×${Math.round(r.height)}`);
    return { scroll: document.documentElement.scrollWidth, width, small, background: getComputedStyle(document.documentElement).backgroundColor };
  });
  assert.ok(found.scroll <= found.width, `${where}: scrolls sideways`);
  assert.deepEqual(found.small, [], `${where}: targets under 44 px`);
  assert.deepEqual(await axeProblems(page), [], `${where}: axe`);
  return found.background;
}

test('the ballots and the room phone at 390×844, light and dark', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  await createRound(app, { name: 'Where the dots go', method: 'dot', dots: 5, goals: [SELF_SERVE, DACH, INBOUND] });
  const invite = await inviteLink(app, 'Lucía Fernández');
  await app.byTestId('open-room').click();
  await app.byTestId('room-link').waitFor();
  const room = await app.byTestId('room-link').inputValue();
  const backgrounds = {};
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(invite);
    await page.getByTestId('invite-title').waitFor();
    const ranked = page.getByTestId('invite-round').filter({ hasText: 'Revenue bets' });
    await ranked.getByRole('button', { name: `Rank next: ${DACH}` }).click();
    await ranked.getByRole('button', { name: `Rank next: ${SELF_SERVE}` }).click();
    const dots = page.getByTestId('invite-round').filter({ hasText: 'Where the dots go' });
    for (let i = 0; i < 2; i++) await dots.getByRole('button', { name: `One more dot on ${INBOUND}` }).click();
    backgrounds[colorScheme] = await check(page, `invite, ${colorScheme}`);
    await ranked.scrollIntoViewIfNeeded();
    await ranked.screenshot({ path: path.join(SHOTS, `ballot-ranked-${colorScheme}.png`) });
    await dots.screenshot({ path: path.join(SHOTS, `ballot-dots-${colorScheme}.png`) });
    await page.screenshot({ path: path.join(SHOTS, `invite-${colorScheme}.png`) });

    const phone = await context.newPage();
    const phoneProblems = watch(phone);
    await phone.goto(room);
    await phone.getByTestId('join-as').first().waitFor();
    await check(phone, `room join, ${colorScheme}`);
    await phone.screenshot({ path: path.join(SHOTS, `room-join-${colorScheme}.png`) });
    await phone.getByTestId('join-as').filter({ hasText: 'Amara Okafor' }).click();
    await phone.getByTestId('room-you').waitFor();
    await phone.locator('[data-testid=room-round][data-round-name="Revenue bets"]').getByRole('button', { name: `Rank next: ${INBOUND}` }).click();
    await check(phone, `room ballots, ${colorScheme}`);
    await phone.screenshot({ path: path.join(SHOTS, `room-ballots-${colorScheme}.png`) });
    await phone.getByTestId('send-ballots').click();
    await phone.getByTestId('room-code-out').waitFor();
    await check(phone, `room code, ${colorScheme}`);
    await phone.screenshot({ path: path.join(SHOTS, `room-code-${colorScheme}.png`) });
    assert.deepEqual([...problems, ...phoneProblems], []);
    await context.close();
  }
  assert.notEqual(backgrounds.light, backgrounds.dark, 'dark follows the system setting');
  await app.context.close();
});

test('on an invite, a finger drags a card by its handle, the arrows keep the focus on the card moved, and the draft survives a reload', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(await inviteLink(app, 'Lucía Fernández'));
  await page.getByTestId('invite-title').waitFor();
  for (const goal of [SELF_SERVE, DACH, INBOUND]) await page.getByRole('button', { name: `Rank next: ${goal}` }).click();
  const order = () => page.getByTestId('ranked-goal').locator('.goal-title').allTextContents();
  assert.deepEqual(await order(), [SELF_SERVE, DACH, INBOUND]);
  // Touch: the third card's handle dropped on the first card.
  const handle = page.getByTestId('ranked-goal').nth(2).getByTestId('ballot-drag-handle');
  const target = await page.getByTestId('ranked-goal').nth(0).boundingBox();
  await handle.dispatchEvent('pointerdown', { pointerType: 'touch', pointerId: 7, isPrimary: true, bubbles: true });
  await handle.dispatchEvent('pointerup', { pointerType: 'touch', pointerId: 7, isPrimary: true, bubbles: true, clientX: target.x + target.width / 2, clientY: target.y + target.height / 2 });
  assert.deepEqual(await order(), [INBOUND, SELF_SERVE, DACH]);
  // Keyboard: "Move … down" twice from the keyboard; the focus follows the card.
  await page.getByRole('button', { name: `Move ${INBOUND} down` }).focus();
  await page.keyboard.press('Enter');
  assert.deepEqual(await order(), [SELF_SERVE, INBOUND, DACH]);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), `Move ${INBOUND} down`);
  await page.keyboard.press('Enter');
  assert.deepEqual(await order(), [SELF_SERVE, DACH, INBOUND]);
  assert.ok(await page.evaluate(() => document.activeElement?.closest('[data-testid=ranking]') !== null), 'the focus stays in the ranking');
  // Unranking by keyboard leaves the focus on a control, not the page.
  await page.getByRole('button', { name: `Unrank ${DACH}` }).focus();
  await page.keyboard.press('Enter');
  assert.deepEqual(await order(), [SELF_SERVE, INBOUND]);
  assert.notEqual(await page.evaluate(() => document.activeElement?.tagName), 'BODY');
  await page.reload();
  await page.getByTestId('invite-title').waitFor();
  assert.deepEqual(await order(), [SELF_SERVE, INBOUND], 'the draft was kept on every change');
  assert.deepEqual([...app.problems, ...problems], []);
  await context.close();
  await app.context.close();
});
