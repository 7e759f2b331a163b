// Results a room understands (#14): the winner or the tie as the headline, bars in rank
// order with ties grouped and listed by Borda points, labels that wrap instead of being
// cut, departments side by side, "How this was computed" holding each matrix once; the
// same result on the projector, revealed with an animation (none with reduced motion),
// every projector text at least 28 px at 1920×1080, the projector's tree following the
// facilitator; the phone ballot as cards with 44 px targets at 390×844.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveDist, launch, openApp, createRound, endKiosk, axeProblems, SELF_SERVE, DACH, INBOUND } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SHOTS = path.join(process.env.SCREENSHOTS ?? path.join(os.tmpdir(), 'accord-screens'), 'results');
fs.mkdirSync(SHOTS, { recursive: true });
const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

/** One participant takes the device, ranks goals and hands it on. */
async function voteRanked(app, voter, order) {
  await app.byTestId('pick-voter').filter({ hasText: voter }).click();
  for (const goal of order) await app.page.getByRole('button', { name: `Rank next: ${goal}` }).click();
  await app.byTestId('submit-ballot').click();
  await app.byTestId('ballot-cast').waitFor();
  await app.byTestId('next-voter').click();
}

/** Opens the presenter window from Align, 1920×1080, and comes back to Prioritise. */
async function openPresenter(app) {
  await app.goTo('align');
  const [presenter] = await Promise.all([app.page.waitForEvent('popup'), app.byTestId('open-presenter').click()]);
  await presenter.setViewportSize({ width: 1920, height: 1080 });
  await presenter.getByTestId('presenter-tree').waitFor();
  return presenter;
}

/** The smallest computed font size of any visible text on the page, with where it is. */
async function smallestText(page) {
  return page.evaluate(() => {
    let smallest = { size: Infinity, text: '' };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      const element = node.parentElement;
      if (!text || !element) continue;
      const style = getComputedStyle(element);
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      if (style.visibility === 'hidden' || style.display === 'none' || box.width === 0 || box.height === 0) continue;
      if (element.closest('.visually-hidden, [aria-hidden=true] svg')) continue;
      // SVG text is sized in the drawing's units: what shows is that times the drawing's scale.
      const scale = element instanceof SVGElement ? (element.getScreenCTM()?.a ?? 1) : 1;
      const size = parseFloat(style.fontSize) * scale;
      if (size < smallest.size) smallest = { size, text: `${element.tagName.toLowerCase()}.${element.className}: ${text.slice(0, 40)}` };
    }
    return smallest;
  });
}

// Four ballots over self-serve (a), DACH (b) and inbound (c): a and b tie 2–2 head to head
// and both beat c, so Schulze ties them first; b has 6 Borda points to a's 5, so b is
// listed first although the round lists a first.
const BALLOTS = [
  ['Lucía Fernández', [DACH, INBOUND, SELF_SERVE]],
  ['Amara Okafor', [SELF_SERVE, DACH, INBOUND]],
  ['Tom Becker', [DACH, SELF_SERVE, INBOUND]],
  ['Jonas Weber', [SELF_SERVE, DACH, INBOUND]],
];

test('a tie reads as a tie: the headline, the bars by rank then Borda, the explanation once, on the screen and on the projector', async () => {
  const app = await openApp(browser, server.url, '#align');
  const presenter = await openPresenter(app);
  await app.goTo('prioritise');
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  await app.byTestId('open-room').click();
  await presenter.getByTestId('presenter-room').waitFor();
  await app.byTestId('vote-here').click();
  for (const [voter, order] of BALLOTS) await voteRanked(app, voter, order);
  await endKiosk(app);
  await app.byTestId('close-round').click();
  await app.byTestId('reveal-round').click();

  // The headline names the tie.
  const headline = app.byTestId('results-headline');
  await headline.waitFor();
  assert.equal((await headline.textContent()).trim(), `Tied for first: “${DACH}” and “${SELF_SERVE}”`);
  assert.equal(await headline.getAttribute('data-headline'), 'tie');
  // Bars in rank order, the tied pair grouped and listed by Borda points.
  assert.deepEqual(await app.byTestId('result-row').allTextContents(), [`1 (tie)${DACH}6`, `1 (tie)${SELF_SERVE}5`, `3${INBOUND}1`]);
  const tiers = app.byTestId('result-tier');
  assert.equal(await tiers.count(), 2);
  assert.equal(await tiers.nth(0).getByTestId('result-row').count(), 2, 'the tie is one group');
  assert.match(await tiers.nth(0).getAttribute('class'), /\btied\b/);
  // Bar lengths follow the figures (6 is the longest).
  const widths = await app.page.locator('.result-bar').evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().width));
  assert.ok(widths[0] > widths[1] && widths[1] > widths[2] && widths[2] > 0, widths.join(', '));

  // Departments side by side: Sales (2 ballots) and Product & Engineering (2) in one row.
  const columns = app.byTestId('department-column');
  assert.deepEqual(await columns.locator('h5').allTextContents(), ['Product & Engineering (2 ballot(s))', 'Sales (2 ballot(s))']);
  const [left, right] = [await columns.nth(0).boundingBox(), await columns.nth(1).boundingBox()];
  assert.ok(Math.abs(left.y - right.y) < 1 && right.x >= left.x + left.width, 'columns beside each other');
  // Product & Engineering put self-serve first (overall 1): no disagreement there; Sales
  // put it 3rd in one ballot and 2nd in the other: its place is marked only where it is
  // two or more places from the overall rank, or flagged by the conflict detector.
  for (const entry of await app.byTestId('dept-entry').all()) {
    const marked = (await entry.getAttribute('class')).includes('disagrees');
    const note = await entry.getByTestId('disagree-note').count();
    assert.equal(note, marked ? 1 : 0, 'every highlight says the overall rank in words');
  }

  // "How this was computed": closed at first, and the only place with a table, each once.
  const explanation = app.byTestId('explanation');
  assert.equal(await explanation.getAttribute('open'), null);
  assert.equal((await explanation.locator('summary').textContent()).trim(), 'How this was computed');
  for (const id of ['pairwise', 'strongest', 'borda', 'divergence', 'agreement']) {
    assert.equal(await app.byTestId(id).count(), 1, `${id} shown once`);
    assert.equal(await explanation.getByTestId(id).count(), 1, `${id} inside the disclosure`);
  }
  // Outside it, only the named round's ballots are a table.
  assert.deepEqual(await app.byTestId('results').locator('table').evaluateAll((tables) =>
    tables.filter((t) => !t.closest('[data-testid=explanation]')).map((t) => t.dataset.testid)), ['named-ballots'], 'no matrix outside it');
  assert.equal(await app.byTestId('results').locator('svg').count(), 0, 'no second picture of the matrix');
  assert.equal(await app.byTestId('results').getByText('Pairwise preferences', { exact: false }).count(), 1);
  await explanation.locator('summary').click();
  assert.deepEqual(await app.byTestId('borda').locator('tbody tr').allTextContents(), [`${SELF_SERVE}5`, `${DACH}6`, `${INBOUND}1`]);
  // The heat map is the matrix itself: shaded cells, the figures as text.
  assert.deepEqual(await app.byTestId('pairwise').locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))), [['—', '2', '3'], ['2', '—', '4'], ['1', '0', '—']]);
  await app.byTestId('results').scrollIntoViewIfNeeded();
  await shot(app.page, 'results-1280');
  assert.deepEqual(await axeProblems(app.page), [], 'axe on the results');

  // On a phone the labels wrap between words and nothing is clipped or spills.
  await app.page.setViewportSize({ width: 390, height: 844 });
  for (const label of await app.byTestId('result-goal').all()) {
    const fits = await label.evaluate((e) => e.scrollWidth <= e.clientWidth + 1);
    assert.ok(fits, `${await label.textContent()} is cut`);
  }
  assert.deepEqual(await app.byTestId('result-goal').allTextContents(), [DACH, SELF_SERVE, INBOUND], 'titles whole');
  const wraps = await app.byTestId('result-goal').first().evaluate((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().height > parseFloat(getComputedStyle(e).lineHeight) * 1.5);
  assert.ok(wraps, 'a long title wraps onto a second line');
  const spill = await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(spill <= 0, `the results spill sideways by ${spill}px`);
  await shot(app.page, 'results-390');

  // The projector: the same headline and order, revealed with an animation.
  const result = presenter.getByTestId('presenter-result');
  await result.waitFor();
  assert.equal((await presenter.getByTestId('presenter-winner').textContent()).trim(), `Tied for first: “${DACH}” and “${SELF_SERVE}”`);
  const rows = await presenter.getByTestId('presenter-result-row').allTextContents();
  assert.ok(rows[0].includes(DACH) && rows[1].includes(SELF_SERVE) && rows[2].includes(INBOUND), rows.join(' | '));
  const animation = (selector) => presenter.locator(selector).first().evaluate((e) => getComputedStyle(e).animationName);
  assert.equal(await animation('.room-winner'), 'accord-reveal-in');
  assert.equal(await animation('.room-bar'), 'accord-bar-grow');
  // Once the animation has run, every bar is at its full length (the figure's share).
  await presenter.waitForFunction(() => document.getAnimations().every((a) => a.playState === 'finished'));
  const full = await presenter.locator('.room-bar').evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().width / b.parentElement.getBoundingClientRect().width));
  assert.ok(Math.abs(full[0] - 1) < 0.01 && Math.abs(full[2] - 1 / 6) < 0.01, full.join(', '));
  const smallest = await smallestText(presenter);
  assert.ok(smallest.size >= 28, `projector text at least 28 px: ${smallest.size}px in ${smallest.text}`);
  await shot(presenter, 'projector-result-1920');
  // With reduced motion asked for, nothing moves.
  await presenter.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await animation('.room-winner'), 'none');
  assert.equal(await animation('.room-bar'), 'none');
  assert.deepEqual(await axeProblems(presenter), [], 'axe on the projector result');
  await presenter.close();
  app.assertHealthy();
  await app.close();
});

test('every projector view has text of at least 28 px at 1920×1080, and the tree follows the goal the facilitator selects', async () => {
  const app = await openApp(browser, server.url, '#align');
  const presenter = await openPresenter(app);
  for (const view of ['strategy', 'tree', 'map', 'alignment', 'decisions', 'room', 'blank']) {
    await app.byTestId('projector-view').selectOption(view);
    await presenter.waitForFunction((v) => {
      const main = document.querySelector('[data-testid=presenter]');
      const ids = { strategy: 'presenter-strategy', tree: 'presenter-tree', map: 'presenter-map', decisions: 'presenter-decisions', alignment: 'score-traced' };
      return v === 'blank' ? main && !main.querySelector('[data-testid=presenter-tree]') && document.querySelector('[data-testid=presenter-title]')
        : v === 'room' ? main?.querySelector('[data-testid=presenter-room], [data-testid=presenter-result]')
          : main?.querySelector(`[data-testid=${ids[v]}]`);
    }, view);
    const smallest = await smallestText(presenter);
    assert.ok(smallest.size >= 28, `${view}: projector text at least 28 px: ${smallest.size}px in ${smallest.text}`);
    await shot(presenter, `projector-${view}-1920`);
  }

  // The tree: the facilitator selects a goal far down; the projector scrolls to it and
  // marks it, then to the next one selected.
  await app.byTestId('projector-view').selectOption('tree');
  await presenter.getByTestId('presenter-tree').waitFor();
  const inView = (id) => presenter.waitForFunction((goal) => {
    const card = document.querySelector(`[data-testid=presenter-tree] [data-goal-id="${goal}"] > .goal-card`);
    if (!card || !card.hasAttribute('data-followed')) return false;
    const box = card.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  }, id);
  const last = await presenter.locator('[data-testid=presenter-tree] [data-goal-id]').last().getAttribute('data-goal-id');
  const lastTop = await presenter.locator(`[data-goal-id="${last}"] > .goal-card`).evaluate((e) => e.getBoundingClientRect().top);
  assert.ok(lastTop > 1080, `the last goal starts below the fold (${lastTop}px), so following it needs a scroll`);
  await app.page.locator(`[data-goal-button="${last}"]`).click();
  await inView(last);
  assert.ok(await presenter.evaluate(() => window.scrollY > 0), 'the projector scrolled');
  assert.equal(await presenter.locator('[data-followed]').count(), 1);
  await shot(presenter, 'projector-tree-follows-1920');
  // Editing a goal keeps it followed (the picture is re-sent; the mark is put back).
  await app.byTestId('edit-title').fill('Close the first five DACH lighthouse customers this year');
  await app.byTestId('edit-title').press('Enter');
  await presenter.getByTestId('goal-title').filter({ hasText: 'lighthouse customers this year' }).waitFor();
  await inView(last);
  // Back to the top of the tree.
  const first = await presenter.locator('[data-testid=presenter-tree] [data-goal-id]').first().getAttribute('data-goal-id');
  await app.page.locator(`[data-goal-button="${first}"]`).click();
  await inView(first);
  assert.equal(await presenter.locator('[data-followed]').count(), 1, 'one goal marked at a time');

  // The map, drawn readable and wider than the screen, follows the selection too.
  await app.byTestId('projector-view').selectOption('map');
  await presenter.getByTestId('presenter-map').waitFor();
  const frame = presenter.getByTestId('presenter-map-frame');
  assert.ok(await frame.evaluate((f) => f.scrollWidth > f.clientWidth), 'the readable map is wider than the screen and scrolls in its frame');
  assert.ok(await presenter.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page itself does not spill sideways');
  const onMap = (goal) => presenter.waitForFunction((id) => {
    const node = document.querySelector(`[data-testid=presenter-map] [data-goal="${id}"]`);
    const frame = document.querySelector('[data-testid=presenter-map-frame]').getBoundingClientRect();
    if (!node || !node.hasAttribute('data-followed')) return false;
    const box = node.getBoundingClientRect();
    return box.left >= frame.left && box.right <= frame.right && box.top >= frame.top && box.bottom <= frame.bottom;
  }, goal);
  const rightmost = await presenter.locator('[data-testid=presenter-map] [data-goal]').evaluateAll((nodes) => {
    const far = nodes.reduce((a, b) => (b.getBoundingClientRect().right > a.getBoundingClientRect().right ? b : a));
    return far.getAttribute('data-goal');
  });
  await app.page.locator(`[data-goal-button="${rightmost}"]`).click();
  await onMap(rightmost);
  assert.ok(await frame.evaluate((f) => f.scrollLeft > 0), 'the map scrolled sideways to the goal');
  await shot(presenter, 'projector-map-follows-1920');
  await app.page.locator(`[data-goal-button="${first}"]`).click();
  await onMap(first);
  assert.equal(await presenter.locator('[data-followed]').count(), 1, 'one goal marked at a time');
  await presenter.close();
  app.assertHealthy();
  await app.close();
});

/** Every ballot card's controls and title, measured: what is too small or overlaps. */
function ballotLayout(page) {
  return page.evaluate(() => {
    const problems = [];
    const cards = [...document.querySelectorAll('.ranking > li, .ballot-goals > li')];
    for (const card of cards) {
      const cardBox = card.getBoundingClientRect();
      const title = card.querySelector('.goal-title');
      const titleBox = title.getBoundingClientRect();
      const name = title.textContent.slice(0, 30);
      if (titleBox.left < cardBox.left - 0.5 || titleBox.right > cardBox.right + 0.5 || titleBox.bottom > cardBox.bottom + 0.5) problems.push(`${name}: the title leaves its card`);
      for (const control of card.querySelectorAll('button, input, select, .drag-handle')) {
        const box = control.getBoundingClientRect();
        const label = control.getAttribute('aria-label') ?? control.className;
        if (box.width < 44 || box.height < 44) problems.push(`${label}: ${box.width.toFixed(0)}×${box.height.toFixed(0)} px`);
        const overlaps = box.left < titleBox.right && box.right > titleBox.left && box.top < titleBox.bottom && box.bottom > titleBox.top;
        if (overlaps) problems.push(`${label} overlaps the title ${name}`);
      }
    }
    const wrapped = cards.some((c) => {
      const t = c.querySelector('.goal-title');
      return t.getBoundingClientRect().height > parseFloat(getComputedStyle(t).lineHeight) * 1.5;
    });
    return { cards: cards.length, problems, wrapped, spill: document.documentElement.scrollWidth - window.innerWidth };
  });
}

test('the phone ballot at 390×844: cards, every control at least 44×44 px beside the title, long titles wrapped inside, ranking by buttons and by the drag handle', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Phone ballot', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  await app.page.setViewportSize({ width: 390, height: 844 });
  await app.byTestId('vote-here').click();
  await app.byTestId('pick-voter').filter({ hasText: 'Amara Okafor' }).click();
  for (const goal of [INBOUND, SELF_SERVE]) await app.page.getByRole('button', { name: `Rank next: ${goal}` }).click();

  const layout = () => ballotLayout(app.page);
  const before = await layout();
  assert.equal(before.cards, 3, 'two ranked cards and one not ranked');
  assert.deepEqual(before.problems, []);
  assert.ok(before.wrapped, 'a long title wraps inside its card');
  assert.ok(before.spill <= 0, `the ballot spills sideways by ${before.spill}px`);
  // The rank controls sit in one column: every card's first control starts at the same x.
  const columns = await app.byTestId('ranked-goal').evaluateAll((cards) => cards.map((c) => Math.round(c.querySelector('.ballot-controls').getBoundingClientRect().left)));
  assert.equal(new Set(columns).size, 1, `controls in a fixed column: ${columns}`);
  await shot(app.page, 'ballot-390');

  const order = () => app.byTestId('ranked-goal').locator('.goal-title').allTextContents();
  assert.deepEqual(await order(), [INBOUND, SELF_SERVE]);
  // Buttons: self-serve up.
  await app.page.getByRole('button', { name: `Move ${SELF_SERVE} up` }).click();
  assert.deepEqual(await order(), [SELF_SERVE, INBOUND]);
  // A finger drags inbound's handle onto the first card.
  await app.page.getByRole('button', { name: `Rank next: ${DACH}` }).click();
  const handle = app.byTestId('ranked-goal').nth(2).getByTestId('ballot-drag-handle');
  const target = await app.byTestId('ranked-goal').nth(0).boundingBox();
  await handle.dispatchEvent('pointerdown', { pointerType: 'touch', pointerId: 7, isPrimary: true, bubbles: true });
  await handle.dispatchEvent('pointerup', { pointerType: 'touch', pointerId: 7, isPrimary: true, bubbles: true, clientX: target.x + target.width / 2, clientY: target.y + target.height / 2 });
  assert.deepEqual(await order(), [DACH, SELF_SERVE, INBOUND]);
  assert.deepEqual((await layout()).problems, []);
  await app.byTestId('submit-ballot').click();
  await app.byTestId('ballot-cast').waitFor();
  await app.byTestId('next-voter').click();
  await endKiosk(app);
  await app.page.setViewportSize({ width: 1280, height: 900 });
  await app.byTestId('close-round').click();
  await app.byTestId('reveal-round').click();
  assert.deepEqual(await app.byTestId('result-goal').allTextContents(), [DACH, SELF_SERVE, INBOUND], 'the dragged order is the ballot counted');
  app.assertHealthy();
  await app.close();
});

test('the dot ballot at 390×844: steppers of 44 px in their own column, titles wrapped beside them', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Phone dots', method: 'dot', dots: 3, goals: [SELF_SERVE, DACH, INBOUND] });
  await app.page.setViewportSize({ width: 390, height: 844 });
  await app.byTestId('vote-here').click();
  await app.byTestId('pick-voter').filter({ hasText: 'Amara Okafor' }).click();
  await app.page.getByRole('button', { name: `One more dot on ${DACH}` }).click();
  const layout = await ballotLayout(app.page);
  assert.equal(layout.cards, 3);
  assert.deepEqual(layout.problems, []);
  assert.ok(layout.wrapped, 'a long title wraps inside its card');
  assert.ok(layout.spill <= 0, `the ballot spills sideways by ${layout.spill}px`);
  assert.equal((await app.byTestId('dots-left').textContent()).trim(), '1 of 3 dots placed');
  await shot(app.page, 'ballot-dots-390');
  app.assertHealthy();
  await app.close();
});
