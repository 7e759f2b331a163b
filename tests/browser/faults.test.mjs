// The visual faults found in #14, each as a person meets it: Align's "Under" and "Goal to
// link" lists wider than their card (the page scrolled sideways); radio buttons and
// checkboxes above their labels in the new-round form; round chips missing a space
// ("first pass· revealed"); a settled conflict still red with "Settle this…"; the JSON
// Schema links in the browser's default blue.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, watch, axeProblems } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function open(viewport, hash = '', colorScheme = 'light') {
  const phone = viewport.width < 500;
  const context = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone, colorScheme });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(server.url + hash);
  await page.getByTestId('workshop-title').waitFor();
  // The phase's screen is a module fetched on demand: wait until it has arrived.
  await page.waitForFunction(() => !document.querySelector('[data-testid=screen-loading]'));
  return { page, context, problems, byTestId: (id) => page.getByTestId(id) };
}

/** How far `inner` passes the right edge of `outer` (≤ 0: it fits). */
async function overhang(inner, outer) {
  const a = await inner.boundingBox();
  const b = await outer.boundingBox();
  return Math.round(a.x + a.width - (b.x + b.width));
}

for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
  test(`Align's "Under" and "Goal to link" lists fit their cards, and the page does not scroll sideways (${viewport.width}×${viewport.height})`, async () => {
    const app = await open(viewport, '#align');
    await app.page.locator('[data-goal-button]').nth(3).click();
    const under = app.byTestId('new-goal-parent');
    const link = app.byTestId('link-target');
    await link.waitFor();
    assert.ok(await overhang(under, app.page.locator('.add-goal')) <= 0, `"Under" passes its card by ${await overhang(under, app.page.locator('.add-goal'))}px`);
    assert.ok(await overhang(link, app.byTestId('goal-editor')) <= 0, `"Goal to link" passes its card by ${await overhang(link, app.byTestId('goal-editor'))}px`);
    const [scroll, width] = await app.page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= width, `the page is ${scroll}px wide in ${width}px`);
    // Still usable: every goal can be picked as the parent.
    assert.ok((await under.locator('option').count()) > 10);
    assert.deepEqual(app.problems, []);
    await app.context.close();
  });
}

test('radio buttons and checkboxes sit before their labels, on the same line, in the new-round form', async () => {
  const app = await open({ width: 1280, height: 800 }, '#prioritise');
  await app.byTestId('new-round').click();
  const form = app.byTestId('round-form');
  await form.waitFor();
  const placed = await form.evaluate((f) => [...f.querySelectorAll('input[type=radio], input[type=checkbox]')].map((input) => {
    const label = input.closest('label');
    const text = [...label.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    const range = document.createRange();
    range.selectNodeContents(text);
    const t = range.getClientRects()[0];
    const i = input.getBoundingClientRect();
    return {
      label: text.textContent.trim(),
      before: i.right <= t.left + 1,
      sameLine: Math.abs((i.top + i.bottom) / 2 - (t.top + t.bottom) / 2) <= Math.max(i.height, t.height) / 2,
    };
  }));
  assert.ok(placed.length >= 5, 'the method radios and the round options');
  const wrong = placed.filter((p) => !p.before || !p.sameLine);
  assert.deepEqual(wrong, [], 'each control before its label, on its line');
  await app.context.close();
});

test('round chips read "first pass · revealed", with the space before the dot', async () => {
  const app = await open({ width: 1280, height: 800 }, '#prioritise');
  const chip = app.byTestId('round-tab').first();
  assert.match((await chip.textContent()).replace(/\s+/g, ' '), /first pass · revealed/);
  // As drawn: the space is there between the name's last letter and the dot (a button
  // lays out its children as flex items, which drops a leading space).
  const gap = await chip.evaluate((el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n);
    const name = texts.find((n) => n.textContent.includes('first pass'));
    const dotted = texts.find((n) => n.textContent.includes('·'));
    const end = document.createRange();
    end.setStart(name, name.textContent.trimEnd().length - 1);
    end.setEnd(name, name.textContent.trimEnd().length);
    const dot = document.createRange();
    const at = dotted.textContent.indexOf('·');
    dot.setStart(dotted, at);
    dot.setEnd(dotted, at + 1);
    return dot.getBoundingClientRect().left - end.getBoundingClientRect().right;
  });
  assert.ok(gap >= 2, `the dot touches the name: ${gap.toFixed(1)}px between them`);
  await app.context.close();
});

test('a settled conflict shows as settled, with its decision and no "Settle this…"', async () => {
  const app = await open({ width: 1280, height: 800 }, '#resolve');
  const card = app.byTestId('conflict').filter({ hasText: '“Customer community and academy”' });
  const danger = await app.page.evaluate(() => {
    const probe = document.createElement('span');
    probe.style.color = 'var(--danger)';
    document.querySelector('main').append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  });
  const edge = () => card.evaluate((el) => getComputedStyle(el).borderLeftColor);
  assert.equal(await edge(), danger, 'an open high-severity conflict is marked red');
  await card.getByTestId('resolve-conflict').click();
  await card.getByTestId('resolution-accept').check();
  await card.getByTestId('rationale').fill('Both departments keep their order this year; we revisit in Q3.');
  await card.getByTestId('apply-resolution').click();
  await app.page.waitForFunction(() => /Decision recorded/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''));
  assert.equal(await card.count(), 1, 'an accepted conflict stays on the board');
  assert.equal(await card.getByTestId('resolve-conflict').count(), 0, 'nothing left to settle');
  assert.equal(await card.getAttribute('data-settled'), 'true');
  assert.notEqual(await edge(), danger, 'no longer red');
  const head = (await card.locator('.conflict-head').innerText()).replace(/\s+/g, ' ');
  assert.doesNotMatch(head, /high severity/i);
  assert.match(head, /Settled/);
  assert.match(await card.getByTestId('conflict-status').textContent(), /Settled: accepted the conflict — Both departments keep their order this year/);
  // Readable as settled in light and dark.
  assert.deepEqual(await axeProblems(app.page), [], 'axe, light');
  await app.page.emulateMedia({ colorScheme: 'dark' });
  assert.deepEqual(await axeProblems(app.page), [], 'axe, dark');
  assert.deepEqual(app.problems, []);
  await app.context.close();
});

for (const scheme of ['light', 'dark']) {
  test(`the JSON Schema links are in the accent colour, not the browser's blue (${scheme})`, async () => {
    const app = await open({ width: 1280, height: 800 }, '#export', scheme);
    const links = app.page.locator('a[href*="schema/"]');
    assert.ok((await links.count()) >= 2);
    const accent = await app.page.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--accent)';
      document.querySelector('main').append(probe);
      const colour = getComputedStyle(probe).color;
      probe.remove();
      return colour;
    });
    for (const colour of await links.evaluateAll((els) => els.map((e) => getComputedStyle(e).color))) {
      assert.equal(colour, accent);
      assert.notEqual(colour, 'rgb(0, 0, 238)', "the browser's default link blue");
    }
    await app.context.close();
  });
}
