// Feedback where the eye is (#14): every action answers in view. The control is scrolled
// into view first, as a person would have it; after the action, its confirmation or error
// (or what it opened) must be inside the viewport at that moment, announced through a live
// region, and take the focus where the next step is typing or reading. On a laptop
// (1280×800) and a phone (390×844).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveDist, launch, watch, createRound, SELF_SERVE, DACH, INBOUND } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SHOTS = path.join(process.env.SCREENSHOTS ?? path.join(os.tmpdir(), 'accord-screens'), 'feedback');
fs.mkdirSync(SHOTS, { recursive: true });

/** The window as the person sees it at that moment. */
async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

const SIZES = { laptop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

async function open(viewport, hash = '') {
  const phone = viewport.width < 500;
  const context = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(server.url + hash);
  await page.getByTestId('workshop-title').waitFor();
  return { page, context, problems, byTestId: (id) => page.getByTestId(id) };
}

/** The element's box, and whether all of it is inside the viewport (and shown). */
async function inView(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const inside = r.width > 0 && r.height > 0 && r.top >= -1 && r.left >= 0
      && r.bottom <= window.innerHeight && r.right <= document.documentElement.clientWidth;
    return { inside, box: `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)} in ${document.documentElement.clientWidth}×${window.innerHeight}` };
  });
}

/** The element's top edge is inside the viewport (for a panel taller than a phone). */
async function topInView(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { inside: r.top >= -1 && r.top < window.innerHeight - 40, box: `top ${Math.round(r.top)} of ${window.innerHeight}` };
  });
}

async function inLiveRegion(locator) {
  return locator.evaluate((el) => Boolean(el.closest('[aria-live], [role=alert], [role=status]')));
}

for (const [size, viewport] of Object.entries(SIZES)) {
  test(`"Copy link" confirms in view and in a live region (${size})`, async () => {
    const app = await open(viewport, '#prioritise');
    await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
    // The last participant's invite: far down the page.
    const copy = app.byTestId('copy-invite').last();
    await copy.scrollIntoViewIfNeeded();
    await copy.click();
    const notice = app.byTestId('notice');
    await app.page.waitForFunction(() => /invite link is on the clipboard/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''));
    const where = await inView(notice);
    await shot(app.page, `copy-link-${size}`);
    assert.ok(where.inside, `the confirmation is out of view: ${where.box}`);
    assert.ok(await inLiveRegion(notice), 'announced through a live region');
    assert.match(await app.page.evaluate(() => navigator.clipboard.readText()), /vote\/#invite=/);
    // Dismissed from where it is.
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await notice.count(), 0);
    assert.deepEqual(app.problems, []);
    await app.context.close();
  });

  test(`"Record the decision" without a rationale says so beside the field, marks and focuses it (${size})`, async () => {
    const app = await open(viewport, '#resolve');
    const card = app.byTestId('conflict').filter({ hasText: '“Customer community and academy”' });
    await card.getByTestId('resolve-conflict').click();
    await card.getByTestId('resolution-accept').check();
    const record = card.getByTestId('apply-resolution');
    await record.scrollIntoViewIfNeeded();
    await record.click();
    const error = app.byTestId('rationale-error');
    await error.waitFor();
    const where = await inView(error);
    await shot(app.page, `no-rationale-${size}`);
    assert.ok(where.inside, `the error is out of view: ${where.box}`);
    assert.match(await error.textContent(), /every decision needs a rationale/);
    assert.ok(await inLiveRegion(error), 'announced');
    const field = card.getByTestId('rationale');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.ok((await field.getAttribute('aria-describedby')).split(' ').includes(await error.getAttribute('id')), 'the error describes the field');
    assert.equal(await app.page.evaluate(() => document.activeElement?.dataset.testid), 'rationale', 'the field has the focus');
    assert.ok((await inView(field)).inside, 'the field is in view');
    assert.equal(await app.byTestId('decision').count(), 0, 'nothing was recorded');
    // Typing clears the mark; recording then works and confirms in view.
    await field.fill('The room accepts it for this year.');
    assert.equal(await field.getAttribute('aria-invalid'), null);
    assert.equal(await error.count(), 0);
    await record.click();
    await app.page.waitForFunction(() => /Decision recorded/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''));
    assert.ok((await inView(app.byTestId('notice'))).inside, 'the confirmation is in view');
    assert.deepEqual(app.problems, []);
    await app.context.close();
  });

  test(`"Vote on this device" opens the ballot in view with the focus on it (${size})`, async () => {
    const app = await open(viewport, '#prioritise');
    await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
    const vote = app.byTestId('vote-here');
    await vote.scrollIntoViewIfNeeded();
    await vote.click();
    const kiosk = app.byTestId('kiosk');
    await kiosk.waitFor();
    const heading = kiosk.locator('h2').first();
    await heading.waitFor();
    await app.page.waitForFunction(() => document.querySelector('[data-testid=kiosk]')?.contains(document.activeElement));
    const where = await inView(heading);
    await shot(app.page, `vote-here-${size}`);
    assert.ok(where.inside, `the ballot's heading is out of view: ${where.box}`);
    assert.deepEqual(app.problems, []);
    await app.context.close();
  });

  test(`an invite's "QR code" opens in view with the focus on it (${size})`, async () => {
    const app = await open(viewport, '#prioritise');
    await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
    const show = app.byTestId('show-invite').first();
    await show.scrollIntoViewIfNeeded();
    await show.click();
    const shown = app.byTestId('invite-shown');
    await shown.waitFor();
    await app.page.waitForFunction(() => document.activeElement?.dataset.testid === 'invite-shown');
    const where = await topInView(shown);
    await shot(app.page, `invite-qr-${size}`);
    assert.ok(where.inside, `the invite opened out of view: ${where.box}`);
    assert.deepEqual(app.problems, []);
    await app.context.close();
  });

  test(`a refused change is answered in view where it was made (${size})`, async () => {
    const app = await open(viewport, '#define');
    // Removing a department that still has goals is refused, with the reason.
    const remove = app.page.getByRole('button', { name: /^Remove department / }).last();
    await remove.scrollIntoViewIfNeeded();
    await remove.click();
    const notice = app.byTestId('notice');
    await notice.waitFor();
    const where = await inView(notice);
    await shot(app.page, `refused-${size}`);
    assert.ok(where.inside, `the refusal is out of view: ${where.box}`);
    assert.ok(await inLiveRegion(notice));
    await app.context.close();
  });

  test(`"New round" opens its form in view, ready to type the name (${size})`, async () => {
    const app = await open(viewport, '#prioritise');
    const button = app.byTestId('new-round');
    await button.scrollIntoViewIfNeeded();
    await button.click();
    await app.byTestId('round-form').waitFor();
    await app.page.waitForFunction(() => document.activeElement?.dataset.testid === 'round-name');
    const where = await inView(app.page.locator('#new-round-heading'));
    await shot(app.page, `new-round-${size}`);
    assert.ok(where.inside, `the form's heading is out of view: ${where.box}`);
    assert.ok((await inView(app.byTestId('round-name'))).inside, 'the name field is in view');
    await app.context.close();
  });
}
