// Pass-the-device as a kiosk, as the room meets it: the whole window is one ballot with
// nothing of the app behind it (not visible, not reachable by Tab, not in the
// accessibility tree), "Done — pass it on" after each voter, and only the facilitator's
// deliberate Facilitator → End voting here takes it down: keys, Escape, clicks, Back and
// a reload all leave it up. Laid out for a laptop, a projector and a phone (screenshots
// in $KIOSK_SHOTS, default the system's temp directory), with no serious axe problems.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { serveDist, launch, openApp, createRound, axeProblems, SELF_SERVE, DACH, INBOUND } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SHOTS = process.env.KIOSK_SHOTS ?? path.join(os.tmpdir(), 'accord-kiosk-shots');
fs.mkdirSync(SHOTS, { recursive: true });

const VIEWPORTS = {
  laptop: { width: 1366, height: 768 },
  projector: { width: 1920, height: 1080 },
  phone: { width: 390, height: 844 },
};

const kioskUp = (app) => app.page.evaluate(() => {
  const kiosk = document.querySelector('[data-testid=kiosk]');
  const shell = document.querySelector('[data-testid=app-shell]');
  return Boolean(kiosk && kiosk.checkVisibility() && shell && shell.inert && !shell.checkVisibility());
});

/** Everything that must never be reachable while the device goes round the room. */
const BEHIND = ['undo', 'redo', 'library-button', 'close-round', 'voters', 'voted-count', 'own-devices', 'remove-ballot', 'phase-align', 'workshop-title'];

/** Ranks `order` for `voter` and submits; leaves the "Done — pass it on" screen up. */
async function vote(app, voter, order) {
  await app.byTestId('pick-voter').filter({ hasText: voter }).click();
  for (const goal of order) await app.page.getByRole('button', { name: `Rank next: ${goal}` }).click();
  await app.byTestId('submit-ballot').click();
  await app.byTestId('ballot-cast').waitFor();
}

async function votedCount(app) {
  // Read from the (hidden) app behind the kiosk: the round as the workshop holds it.
  return (await app.byTestId('voted-count').textContent()).trim();
}

test('the kiosk is the whole window: nothing of the app can be seen, tabbed to or read behind it', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Kiosk round', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  await app.byTestId('vote-here').click();
  await app.byTestId('kiosk').waitFor();
  assert.equal(await kioskUp(app), true, 'the kiosk is up and the app behind it hidden and inert');
  // Full screen is asked for (headless Chromium grants it); never required.
  console.log(`# full screen granted: ${await app.page.evaluate(() => document.fullscreenElement !== null)}`);

  // It covers the viewport, and whatever point is hit belongs to it.
  const cover = await app.page.evaluate(() => {
    const k = document.querySelector('[data-testid=kiosk]');
    const r = k.getBoundingClientRect();
    const points = [[1, 1], [innerWidth - 2, 1], [1, innerHeight - 2], [innerWidth - 2, innerHeight - 2], [innerWidth / 2, innerHeight / 2]];
    return {
      rect: [r.left, r.top, r.width, r.height],
      window: [0, 0, innerWidth, innerHeight],
      allInside: points.every(([x, y]) => k.contains(document.elementFromPoint(x, y))),
      position: getComputedStyle(k).position,
    };
  });
  assert.deepEqual(cover.rect, cover.window);
  assert.equal(cover.allInside, true);
  assert.equal(cover.position, 'fixed');
  for (const id of BEHIND) {
    assert.equal(await app.byTestId(id).first().isVisible(), false, `${id} is out of sight`);
  }

  // Tab and Shift+Tab only ever reach the kiosk's own controls.
  const reached = new Set();
  for (const key of [...Array(40).fill('Tab'), ...Array(10).fill('Shift+Tab')]) {
    await app.page.keyboard.press(key);
    const where = await app.page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'body';
      return document.querySelector('[data-testid=kiosk]').contains(el) ? `kiosk:${el.textContent.trim().slice(0, 40)}` : `outside:${el.outerHTML.slice(0, 80)}`;
    });
    assert.ok(!where.startsWith('outside'), `Tab reached ${where}`);
    reached.add(where);
  }
  assert.ok([...reached].some((w) => w.startsWith('kiosk:Amara Okafor')), 'the names are reachable by Tab');
  assert.ok([...reached].some((w) => w === 'kiosk:Facilitator'));

  // The accessibility tree holds the kiosk and nothing else.
  const tree = await app.page.locator('body').ariaSnapshot();
  for (const text of ['Undo', 'Workshops', 'Close voting', 'voters have voted', 'Voting on their own devices', 'Remove a ballot', 'Northwind']) {
    assert.ok(!tree.includes(text), `"${text}" is in the accessibility tree:\n${tree}`);
  }
  assert.match(tree, /dialog "Kiosk round"/);
  assert.match(tree, /heading "Find your name"/);
  app.assertHealthy();
  await app.close();
});

test('after each voter, "Done — pass it on" fills the screen; the next voter sees names only as the list always said', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Pass it on', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  await app.byTestId('vote-here').click();
  await vote(app, 'Amara Okafor', [SELF_SERVE, INBOUND]);

  const done = app.byTestId('ballot-cast');
  assert.equal((await done.getByRole('heading').textContent()).trim(), 'Done — pass it on');
  assert.match(await done.textContent(), /Thank you, Amara Okafor\. Your ballot is in and hidden\.Pass the device to the next person\./);
  const looks = await app.page.evaluate(() => {
    const h = document.querySelector('[data-testid=ballot-cast] h2');
    return { size: parseFloat(getComputedStyle(h).fontSize), focused: document.activeElement === h };
  });
  assert.ok(looks.size >= 32, `the heading is large (${looks.size}px)`);
  assert.equal(looks.focused, true, 'the screen reader and keyboard start at "Done — pass it on"');
  // Nothing of the ballot, nothing of the app.
  assert.equal(await app.byTestId('ranked-goal').count(), 0);
  assert.equal(await app.page.getByRole('button', { name: /Undo|Close voting|Remove/ }).count(), 0);
  const next = app.byTestId('next-voter');
  const box = await next.boundingBox();
  assert.ok(box.height >= 56, `"Next voter" is a large target (${box.height}px)`);
  await next.click();

  // The pick list: Amara "voted" (as before the kiosk), the others not; no one else marked.
  await app.byTestId('pick-voter').first().waitFor();
  const labels = (await app.byTestId('pick-voter').allTextContents()).map((t) => t.trim());
  assert.equal(labels.length, 12);
  assert.deepEqual(labels.filter((l) => l.includes('(')), ['Amara Okafor (voted; voting again replaces your ballot)']);
  assert.equal(await votedCount(app), '1 of 12 voters have voted');
  assert.equal(await kioskUp(app), true);
  app.assertHealthy();
  await app.close();
});

test('undo keys, Escape, clicks anywhere, Back and a reload leave the kiosk up; only Facilitator → End voting here ends it', async () => {
  const app = await openApp(browser, server.url, '#define');
  await app.goTo('prioritise');
  await createRound(app, { name: 'Stays up', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  await app.byTestId('vote-here').click();
  await vote(app, 'Amara Okafor', [SELF_SERVE, INBOUND, DACH]);
  await app.byTestId('next-voter').click();
  const one = '1 of 12 voters have voted';
  assert.equal(await votedCount(app), one);

  // The next voter tries the undo and redo keys, on the list and inside a ballot, and
  // Escape; none undoes the ballot, opens anything or drops the kiosk.
  const keys = ['Control+z', 'Control+Shift+z', 'Control+y', 'Meta+z', 'Meta+Shift+z', 'Escape'];
  const tryKeys = async (where) => {
    for (const key of keys) {
      await app.page.keyboard.press(key);
      assert.equal(await votedCount(app), one, `${key} ${where}`);
      assert.equal(await kioskUp(app), true, `${key} ${where}`);
    }
    assert.equal(await app.byTestId('library').count(), 0, 'the library never opens');
  };
  await tryKeys('on the list');
  await app.byTestId('pick-voter').filter({ hasText: 'Jonas Weber' }).click();
  await app.page.getByRole('button', { name: `Rank next: ${DACH}` }).click();
  await app.byTestId('submit-ballot').focus();
  await tryKeys('in a ballot');
  assert.equal(await app.byTestId('ranked-goal').count(), 1, "Jonas's ballot in progress is still there");
  // Clicks on every edge of the window land on the kiosk and change nothing.
  for (const [x, y] of [[2, 2], [1277, 2], [2, 897], [1277, 897]]) await app.page.mouse.click(x, y);
  assert.equal(await kioskUp(app), true, 'a click outside the ballot does not end it');
  assert.equal(await app.byTestId('ranked-goal').count(), 1);

  // Back: the address changes, the kiosk stays.
  await app.page.goBack();
  await app.page.waitForFunction(() => location.hash === '#define');
  assert.equal(await kioskUp(app), true, 'Back does not leave the kiosk');
  assert.equal(await app.byTestId('ranked-goal').count(), 1, 'nor disturb the voter');
  await app.page.goForward();

  // A reload (F5) comes back to the kiosk, never to the facilitator's screens.
  await app.page.reload();
  await app.byTestId('kiosk').waitFor();
  await app.byTestId('pick-voter').first().waitFor();
  assert.equal(await kioskUp(app), true, 'the kiosk is back after a reload');
  for (const id of BEHIND) assert.equal(await app.byTestId(id).first().isVisible(), false, `${id} after the reload`);
  assert.equal(await app.byTestId('ranked-goal').count(), 0, 'a ballot in progress is not kept across a reload');
  assert.equal(await votedCount(app), one, 'the cast ballot is');
  await app.page.keyboard.press('Control+z');
  assert.equal(await votedCount(app), one, 'and undo after the reload has nothing that reaches it');

  // Facilitator asks first; Escape and "Keep voting" keep the voter's ballot as it was.
  await app.byTestId('pick-voter').filter({ hasText: 'Jonas Weber' }).click();
  await app.page.getByRole('button', { name: `Rank next: ${INBOUND}` }).click();
  await app.byTestId('kiosk-facilitator').click();
  assert.equal((await app.byTestId('kiosk-confirm').textContent()).includes('End voting on this device? Hand the device back to the facilitator first.'), true);
  assert.equal(await app.byTestId('submit-ballot').isVisible(), false, 'the ballot is out of sight while the facilitator is asked');
  await app.page.keyboard.press('Escape');
  assert.equal(await app.byTestId('kiosk-confirm').count(), 0);
  assert.equal(await kioskUp(app), true, 'Escape keeps voting');
  await app.byTestId('kiosk-facilitator').click();
  await app.byTestId('kiosk-keep').click();
  assert.equal(await app.byTestId('ranked-goal').count(), 1, 'Keep voting returns to the ballot as it was');
  await app.byTestId('submit-ballot').click();
  await app.byTestId('ballot-cast').waitFor();

  await app.byTestId('kiosk-facilitator').click();
  await app.byTestId('kiosk-end').click();
  await app.byTestId('kiosk').waitFor({ state: 'detached' });
  await app.byTestId('round-panel').waitFor();
  assert.equal(await app.page.evaluate(() => location.hash), '#prioritise', 'the facilitator is back at the round');
  assert.equal(await app.page.evaluate(() => document.fullscreenElement), null, 'and out of full screen');
  assert.equal(await votedCount(app), '2 of 12 voters have voted');
  assert.equal(await app.byTestId('library-button').isDisabled(), false);
  assert.equal(await app.byTestId('close-round').isVisible(), true);
  // Ended means ended: a reload now shows the facilitator's screens.
  await app.reload();
  assert.equal(await app.byTestId('kiosk').count(), 0);
  app.assertHealthy();
  await app.close();
});

test('a workshop file dropped or pasted on the kiosk opens nothing: the workshop under it stays', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'No swaps', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  await app.byTestId('vote-here').click();
  await app.byTestId('pick-voter').first().waitFor();
  const before = await app.page.evaluate(() => localStorage.getItem('accord.library'));
  // A valid workshop file (the demo, retitled): the app would open it anywhere else.
  const demo = JSON.parse(fs.readFileSync(path.join(process.env.DIST ?? path.resolve(import.meta.dirname, '../../dist'), 'demo/northwind-annual-planning.json'), 'utf8'));
  demo.title = 'Swapped in by a voter';
  const text = JSON.stringify(demo);
  await app.page.evaluate((json) => {
    const paste = new DataTransfer();
    paste.setData('text/plain', json);
    document.querySelector('[data-testid=kiosk] h2').dispatchEvent(new ClipboardEvent('paste', { clipboardData: paste, bubbles: true, cancelable: true }));
    const drop = new DataTransfer();
    drop.items.add(new File([json], 'swap.json', { type: 'application/json' }));
    document.querySelector('[data-testid=kiosk]').dispatchEvent(new DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }));
  }, text);
  // Let a file read started by the drop finish (a read queued after it), then a frame.
  await app.page.evaluate(async () => { await new File(['x'], 'x').text(); await new Promise((r) => requestAnimationFrame(() => r())); });
  assert.equal(await app.page.evaluate(() => localStorage.getItem('accord.library')), before, 'no workshop was opened or added');
  assert.ok(!(await app.title()).includes('Swapped in'), 'the workshop under the kiosk is the same');
  assert.equal(await app.byTestId('kiosk-hand-back').count(), 0, 'the kiosk still takes ballots for its round');
  assert.equal(await app.byTestId('pick-voter').count(), 12);
  app.assertHealthy();
  await app.close();
});

test('a kiosk mark that cannot be read, or whose round has closed, still keeps the app out of reach', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Closed under it', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  await app.waitSaved();
  // Someone edits the tab's mark by hand (or it is damaged): the kiosk fails closed.
  await app.page.evaluate(() => sessionStorage.setItem('accord.kiosk', '{"not":"a mark"}'));
  await app.page.reload();
  await app.byTestId('kiosk-hand-back').waitFor();
  assert.equal(await kioskUp(app), true);
  assert.match(await app.byTestId('kiosk-hand-back').textContent(), /hand it back to the facilitator/);
  assert.equal(await app.byTestId('pick-voter').count(), 0, 'no ballot is taken for an unknown round');
  await app.byTestId('kiosk-facilitator').click();
  await app.byTestId('kiosk-end').click();
  await app.byTestId('round-panel').waitFor();

  // A real mark whose round was closed since (by the facilitator in this tab, before a
  // reload brought the mark back): no ballots, hand it back.
  await app.byTestId('vote-here').click();
  const mark = await app.page.evaluate(() => sessionStorage.getItem('accord.kiosk'));
  assert.match(mark, /^accord-kiosk\/1 [0-9a-f]{16} r\d+$/);
  await app.byTestId('kiosk-facilitator').click();
  await app.byTestId('kiosk-end').click();
  await app.byTestId('close-round').click();
  await app.waitSaved();
  await app.page.evaluate((m) => sessionStorage.setItem('accord.kiosk', m), mark);
  await app.page.reload();
  await app.byTestId('kiosk-hand-back').waitFor();
  assert.match(await app.byTestId('kiosk-hand-back').textContent(), /not open any more/);
  assert.equal(await kioskUp(app), true);
  app.assertHealthy();
  await app.close();
});

test('the kiosk fits a laptop, a projector and a phone: large targets, nothing sideways, no serious axe problems', async () => {
  const found = {};
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    const phone = name === 'phone';
    const context = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone });
    // openApp with this context (its viewport, a phone's touch) instead of its own.
    const app = await openApp({ newContext: async () => context }, server.url, '#prioritise');
    await createRound(app, { name: `Kiosk on the ${name}`, method: phone ? 'dot' : 'ranked', goals: [SELF_SERVE, DACH, INBOUND], dots: phone ? 5 : undefined });
    await app.byTestId('vote-here').click();
    await app.byTestId('kiosk').waitFor();

    const check = async (step) => {
      await app.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
      const layout = await app.page.evaluate(() => {
        const kiosk = document.querySelector('[data-testid=kiosk]');
        const small = [...kiosk.querySelectorAll('button, input, select')]
          .filter((el) => el.checkVisibility())
          .map((el) => ({ el, r: el.getBoundingClientRect() }))
          .filter(({ r }) => r.height < 44 || r.width < 44)
          .map(({ el, r }) => `${el.getAttribute('aria-label') ?? el.textContent.trim()} ${Math.round(r.width)}×${Math.round(r.height)}`);
        const wide = [...kiosk.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5).map((el) => el.outerHTML.slice(0, 60));
        return { scrollWidth: document.documentElement.scrollWidth, kioskScroll: kiosk.scrollWidth, innerWidth, small, wide };
      });
      const where = `${name} ${viewport.width}×${viewport.height}, ${step}`;
      await app.page.screenshot({ path: path.join(SHOTS, `${name}-${step}.png`) });
      assert.ok(layout.scrollWidth <= layout.innerWidth, `${where}: the page scrolls sideways (${layout.scrollWidth} > ${layout.innerWidth})`);
      assert.ok(layout.kioskScroll <= layout.innerWidth, `${where}: the kiosk scrolls sideways (${layout.kioskScroll})`);
      assert.deepEqual(layout.wide, [], `${where}: spills past the right edge`);
      assert.deepEqual(layout.small, [], `${where}: targets smaller than 44×44 px`);
      const problems = await axeProblems(app.page);
      if (problems.length) found[where] = problems;
    };

    await check('pick');
    await app.byTestId('pick-voter').filter({ hasText: 'Lucía Fernández' }).click();
    if (phone) {
      await app.page.getByRole('button', { name: `One more dot on ${SELF_SERVE}` }).click();
      await app.page.getByRole('button', { name: `One more dot on ${DACH}` }).click();
    } else {
      for (const goal of [DACH, SELF_SERVE]) await app.page.getByRole('button', { name: `Rank next: ${goal}` }).click();
    }
    await check('ballot');
    await app.byTestId('submit-ballot').click();
    await app.byTestId('ballot-cast').waitFor();
    await check('done');
    await app.byTestId('kiosk-facilitator').click();
    await check('confirm');
    console.log(`# ${name}: screenshots in ${SHOTS}`);
    app.assertHealthy();
    await context.close();
  }
  assert.deepEqual(found, {}, 'serious or critical axe violations on the kiosk');
});
