// No screen spills sideways (#14): every phase of the facilitator's app, the participant's
// page and the presenter window, on a laptop (1280×800), a projector (1920×1080) and a
// phone (390×844). The page must not scroll sideways and no element's right edge may pass
// the viewport (an element inside a container that scrolls or clips sideways counts only
// as far as that container shows it). A screenshot of each screen at each size is written
// to $SCREENSHOTS/phases/<screen>-<laptop|projector|phone>.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveDist, launch, watch, createRound, SELF_SERVE, DACH, INBOUND } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SHOTS = path.join(process.env.SCREENSHOTS ?? path.join(os.tmpdir(), 'accord-screens'), 'phases');
fs.mkdirSync(SHOTS, { recursive: true });

export const VIEWPORTS = {
  laptop: { width: 1280, height: 800 },
  projector: { width: 1920, height: 1080 },
  phone: { width: 390, height: 844 },
};

/**
 * What spills sideways on `page` now: the page's own scroll width, and every visible
 * element whose right edge (clipped by any ancestor that scrolls or clips sideways)
 * passes the viewport, named by a selector.
 */
export async function spills(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found = [];
    const name = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
        let part = e.tagName.toLowerCase();
        if (e.dataset.testid) part += `[data-testid=${e.dataset.testid}]`;
        else if (e.id) part += `#${e.id}`;
        else if (typeof e.className === 'string' && e.className.trim()) part += `.${e.className.trim().split(/\s+/).join('.')}`;
        parts.unshift(part);
        if (e.dataset.testid || e.id) break;
      }
      return parts.join(' > ');
    };
    if (document.documentElement.scrollWidth > width) {
      found.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${width}px viewport`);
    }
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.position === 'fixed' && box.right <= width) continue;
      let right = box.right + window.scrollX;
      let clippedAway = false;
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const overflow = getComputedStyle(a).overflowX;
        if (overflow !== 'visible') {
          const r = a.getBoundingClientRect();
          right = Math.min(right, r.right + window.scrollX);
          if (box.left >= r.right) clippedAway = true;
        }
      }
      if (!clippedAway && right > width + 0.5) {
        found.push(`${name(el)} reaches ${Math.round(right)}px (viewport ${width}px, its box ${Math.round(box.width)}px wide)`);
      }
    }
    // One line per element, the outermost first, at most 12.
    return found.slice(0, 12);
  });
}

/** Screenshots `screen` and notes in `failures` whatever spills on it. */
async function check(page, screen, size, failures) {
  // Let the screen finish drawing.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: path.join(SHOTS, `${screen}-${size}.png`), fullPage: true });
  const found = await spills(page);
  if (found.length) failures.push(`${screen} at ${size} (${VIEWPORTS[size].width}×${VIEWPORTS[size].height}) spills sideways:\n  ${found.join('\n  ')}`);
}

async function goTo(page, phase) {
  await page.getByTestId(`phase-${phase}`).click();
  await page.waitForFunction((p) => document.querySelector('main')?.dataset.phase === p, phase);
}

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  test(`no screen spills sideways on a ${size} (${viewport.width}×${viewport.height})`, async () => {
    const phone = size === 'phone';
    const context = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(server.url);
    await page.getByTestId('workshop-title').waitFor();
    const app = { page, byTestId: (id) => page.getByTestId(id) };
    const failures = [];

    await goTo(page, 'define');
    await check(page, 'define', size, failures);

    // Align with a goal selected: the editor's parent and link pickers are long lists.
    await goTo(page, 'align');
    await page.locator('[data-goal-button]').nth(3).click();
    await page.getByTestId('link-target').waitFor();
    await check(page, 'align', size, failures);

    // The presenter window (the goal tree), from Align.
    const [presenter] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('open-presenter').click()]);
    await presenter.getByTestId('presenter-tree').waitFor();
    await check(presenter, 'presenter', size, failures);
    await presenter.close();

    // Prioritise: the new-round form, then a round open for voting with the room open.
    await goTo(page, 'prioritise');
    await page.getByTestId('new-round').click();
    await page.getByTestId('round-form').waitFor();
    await check(page, 'prioritise-new-round', size, failures);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await createRound(app, { name: 'Revenue bets, second pass', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
    await page.getByTestId('open-room').click();
    await page.getByTestId('room-link').waitFor();
    const roomLink = await page.getByTestId('room-link').inputValue();
    await check(page, 'prioritise-open', size, failures);

    // The demo's revealed round, with its results.
    await page.getByTestId('round-tab').filter({ hasText: 'revealed' }).first().click();
    await page.getByTestId('results').waitFor();
    await check(page, 'prioritise-results', size, failures);

    // Resolve, with a conflict's settle form open.
    await goTo(page, 'resolve');
    await page.getByTestId('resolve-conflict').first().click();
    await page.getByTestId('resolve-form').waitFor();
    await check(page, 'resolve', size, failures);

    await goTo(page, 'export');
    await check(page, 'export', size, failures);

    // The participant's page on the same screen size: who are you, then the ballot.
    const voter = await context.newPage();
    const voterProblems = watch(voter);
    await voter.goto(roomLink);
    await voter.getByTestId('join-as').first().waitFor();
    await check(voter, 'vote-join', size, failures);
    await voter.getByTestId('join-as').first().click();
    await voter.getByTestId('room-round').first().waitFor();
    await check(voter, 'vote-ballot', size, failures);

    assert.deepEqual(failures, [], failures.join('\n'));
    assert.deepEqual(problems, [], 'the app logged errors');
    assert.deepEqual(voterProblems, [], 'the participant page logged errors');
    await context.close();
  });
}
