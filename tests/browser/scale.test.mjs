// A 2,000-goal workshop stays usable: it opens collapsed, a subtree expands, a title is
// edited and the edit undone, everything expands. Timings are printed for the record,
// never asserted (speed is measured by tests/perf/edit-times.mjs, not by tests). What is
// asserted is what keeps it fast and is deterministic: an edit changes only the DOM of
// the row it touches (and the editor), and the outline holds only the rows in its frame
// while aria-setsize says how many there are. Screenshots of the expanded outline go to
// $SCREENSHOTS/scale/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveDist, launch, openApp } from './support.mjs';

const SHOTS = path.join(process.env.SCREENSHOTS ?? path.join(os.tmpdir(), 'accord-screens'), 'scale');
/** Rows the frame may hold: about 16 in view at 40 px, 10 above and below, with room to spare. */
const MAX_RENDERED = 60;

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const timed = async (page, label, action) => {
  const start = await page.evaluate(() => performance.now());
  await action();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  const ms = (await page.evaluate(() => performance.now())) - start;
  console.log(`# 2,000 goals: ${label}: ${ms.toFixed(0)} ms (for the record, not asserted)`);
};

/** A fresh profile with the generated 2,000-goal workshop open on Align; its stored form. */
async function large(viewport) {
  const app = await openApp(browser, server.url, '#align');
  if (viewport) await app.page.setViewportSize(viewport);
  await app.openLibrary();
  await app.byTestId('add-large').click();
  await app.waitForTitle('Generated workshop (2000 goals)');
  await app.byTestId('outline-row').first().waitFor();
  return { app, stored: await app.storedWorkshop() };
}

/** Every goal in outline order with everything expanded: objectives first, then sibling order. */
function outlineOrder(stored) {
  const children = new Map();
  for (const g of stored.goals) {
    if (!children.has(g.parent)) children.set(g.parent, []);
    children.get(g.parent).push(g);
  }
  const roots = [...(children.get(null) ?? [])];
  roots.sort((a, b) => (a.level !== 'objective') - (b.level !== 'objective'));
  const out = [];
  const walk = (g) => { out.push(g); for (const c of children.get(g.id) ?? []) walk(c); };
  roots.forEach(walk);
  return out;
}

const clickButton = (app, name) => app.page.getByRole('button', { name, exact: true }).click();
const renderedRows = (app) => app.page.evaluate(() => document.querySelectorAll('[data-testid=outline-row]').length);
const setSize = (app) => app.page.evaluate(() => document.querySelector('[data-testid=outline-row]')?.getAttribute('aria-setsize'));

/** Whether a goal's row is in the DOM and wholly inside the outline's scrolling frame. */
const rowInView = (app, id) => app.page.evaluate((id) => {
  const row = document.querySelector(`[data-testid=outline-row][data-goal-id="${id}"]`);
  const frame = document.querySelector('[data-testid=outline-frame]');
  if (!row || !frame) return false;
  const r = row.getBoundingClientRect();
  const f = frame.getBoundingClientRect();
  return r.top >= f.top - 1 && r.bottom <= f.bottom + 1;
}, id);

/**
 * Runs `action` and lists where the DOM changed until the next frame: `row:<id>` for
 * changes inside a goal's outline row, `editor`, `header`, `notice`, `add-goal-option:<id>`
 * for an option of the new-goal parent list, and otherwise the nearest section's test id
 * or class.
 */
async function mutationsDuring(app, action) {
  await app.page.evaluate(() => {
    window.__places = [];
    window.__handle = (records) => {
      for (const r of records) {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        const row = el?.closest('[data-testid=outline-row]');
        let place;
        if (row) place = `row:${row.dataset.goalId}`;
        else if (el?.closest('[data-testid=goal-editor]')) place = 'editor';
        else if (el?.closest('header')) place = 'header';
        else if (el?.closest('[data-testid=notice]') || [...r.addedNodes, ...r.removedNodes].some((n) => n.nodeType === 1 && (n.matches('[data-testid=notice]') || n.querySelector?.('[data-testid=notice]')))) place = 'notice';
        else if (el?.matches('[data-testid=new-goal-parent]') || el?.closest('[data-testid=new-goal-parent]')) {
          const options = [...r.addedNodes, ...r.removedNodes, el].filter((n) => n.nodeType === 1 && n.tagName === 'OPTION');
          place = options.length ? options.map((o) => `add-goal-option:${o.value}`).join(' ') : 'add-goal-select';
        } else {
          const section = el?.closest('section, [data-testid]');
          place = section?.dataset.testid ?? section?.className ?? el?.tagName ?? 'document';
        }
        window.__places.push(`${place} (${r.type})`);
      }
    };
    window.__observer = new MutationObserver(window.__handle);
    window.__observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await action();
  return app.page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    window.__handle(window.__observer.takeRecords());
    window.__observer.disconnect();
    return [...new Set(window.__places.map((p) => p.replace(/ \(.*\)$/, '')))].sort();
  });
}

test('a 2,000-goal workshop opens, expands, edits and undoes, and "Expand all" renders what the frame shows', async () => {
  const app = await openApp(browser, server.url, '#align');
  await app.openLibrary();
  await timed(app.page, 'create, save and show the collapsed outline', async () => {
    await app.byTestId('add-large').click();
    await app.waitForTitle('Generated workshop (2000 goals)');
    await app.byTestId('outline-row').first().waitFor();
  });
  const stored = await app.storedWorkshop();
  assert.equal(stored.goals.length, 2000);
  const topLevel = stored.goals.filter((g) => g.parent === null).length;
  assert.equal(await setSize(app), String(topLevel), 'large workshops open with subtrees collapsed');
  const shown = await renderedRows(app);
  assert.ok(topLevel <= 100 ? shown === topLevel : shown <= MAX_RENDERED, `${shown} rows rendered for ${topLevel}`);

  const first = app.byTestId('outline-row').first();
  const firstId = await first.getAttribute('data-goal-id');
  const children = stored.goals.filter((g) => g.parent === firstId).length;
  assert.ok(children > 0);
  await timed(app.page, 'expand a subtree', async () => {
    await first.getByTestId('toggle').click();
    await app.page.waitForFunction((n) => document.querySelector('[data-testid=outline-row]')?.getAttribute('aria-setsize') === String(n), topLevel + children);
  });

  const child = app.byTestId('outline-row').nth(1);
  const childId = await child.getAttribute('data-goal-id');
  assert.equal(await child.getAttribute('aria-posinset'), '2');
  const oldTitle = await child.getByTestId('goal-title').textContent();
  await child.getByTestId('goal-button').click();
  await timed(app.page, 'edit a title', async () => {
    await app.byTestId('edit-title').fill('Renamed at scale');
    await app.byTestId('edit-title').press('Enter');
    await app.page.locator(`[data-goal-id="${childId}"] [data-testid=goal-title]`, { hasText: 'Renamed at scale' }).waitFor();
  });
  assert.equal(await app.page.locator(`[data-goal-id="${childId}"] [data-testid=goal-title]`).getAttribute('title'), 'Renamed at scale', 'the full title is its tooltip');
  await timed(app.page, 'undo', async () => {
    await app.byTestId('undo').click();
    await app.page.locator(`[data-goal-id="${childId}"] [data-testid=goal-title]`, { hasText: oldTitle }).waitFor();
  });
  assert.equal(await app.page.locator(`[data-goal-id="${childId}"] [data-testid=goal-title]`).textContent(), oldTitle);

  // Expand all: the list is 2,000 rows long, the DOM holds the frame's worth.
  await timed(app.page, 'expand all 2,000 goals', async () => {
    await clickButton(app, 'Expand all');
    await app.page.waitForFunction(() => document.querySelector('[data-testid=outline-row]')?.getAttribute('aria-setsize') === '2000');
  });
  const rendered = await renderedRows(app);
  console.log(`# 2,000 goals expanded: ${rendered} rows in the DOM`);
  assert.ok(rendered > 10 && rendered <= MAX_RENDERED, `${rendered} rows rendered for 2,000`);
  const order = outlineOrder(stored);
  assert.equal(order.length, 2000);
  assert.equal(await app.byTestId('outline-row').first().getAttribute('data-goal-id'), order[0].id);
  assert.equal(await app.byTestId('outline-row').first().getAttribute('aria-posinset'), '1');
  // The scrollbar is true: the list is as tall as 2,000 rows of 40 px.
  assert.equal(await app.page.evaluate(() => document.querySelector('[data-testid=outline-frame]').scrollHeight), 2000 * 40);

  // Scrolled to the end, the last goal shows, in view, as row 2,000 of 2,000.
  await app.page.evaluate(() => { const f = document.querySelector('[data-testid=outline-frame]'); f.scrollTop = f.scrollHeight; });
  const last = order[order.length - 1].id;
  await app.page.locator(`[data-testid=outline-row][data-goal-id="${last}"]`).waitFor();
  assert.equal(await app.page.locator(`[data-testid=outline-row][data-goal-id="${last}"]`).getAttribute('aria-posinset'), '2000');
  assert.ok(await rowInView(app, last), 'the last goal is in the frame');
  assert.ok(await renderedRows(app) <= MAX_RENDERED);
  app.assertHealthy();
  await app.close();
});

test('at 2,000 goals a title edit and its undo change only the edited row (and the editor), collapsed or expanded', async () => {
  const { app, stored } = await large();
  const first = app.byTestId('outline-row').first();
  await first.getByTestId('toggle').click();
  const child = app.byTestId('outline-row').nth(1);
  const childId = await child.getAttribute('data-goal-id');
  const goal = stored.goals.find((g) => g.id === childId);
  assert.equal(goal.level, 'department_goal', 'a department goal: shown in the coverage panel and the parent lists too');
  await child.getByTestId('goal-button').click();
  await app.byTestId('edit-title').waitFor();
  await app.page.waitForTimeout(600); // the save of the new workshop, done

  // Allowed: the row, the editor, the header (undo's label, the save status), the notice
  // ("Undid …", among the toasts),
  // and the one option in the new-goal parent list that names this goal.
  const allowed = new Set([`row:${childId}`, 'editor', 'header', 'notice', 'toasts', `add-goal-option:${childId}`]);
  const check = (places, what) => {
    const listed = (xs) => `${xs.length}: ${xs.slice(0, 12).join(', ')}${xs.length > 12 ? ', …' : ''}`;
    assert.ok(places.includes(`row:${childId}`), `${what}: the row itself changed (changes in ${listed(places)})`);
    const others = places.flatMap((p) => p.split(' ')).filter((p) => !allowed.has(p));
    assert.equal(others.length, 0, `${what}: nothing but the edited row and the editor changed (also: ${listed(others)})`);
  };
  for (const where of ['one subtree open', 'all expanded']) {
    if (where === 'all expanded') {
      await clickButton(app, 'Expand all');
      await app.page.waitForFunction(() => document.querySelector('[data-testid=outline-row]')?.getAttribute('aria-setsize') === '2000');
      await app.page.waitForTimeout(100);
    }
    const title = `Renamed ${where}`;
    check(await mutationsDuring(app, async () => {
      await app.page.evaluate((t) => {
        const input = document.querySelector('[data-testid=edit-title]');
        input.value = t;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }, title);
    }), `title edit, ${where}`);
    assert.equal(await app.page.locator(`[data-goal-id="${childId}"] [data-testid=goal-title]`).textContent(), title);
    await app.page.waitForTimeout(600); // the debounced save
    check(await mutationsDuring(app, () => app.page.evaluate(() => document.querySelector('[data-testid=undo]').click())), `undo, ${where}`);
    assert.equal(await app.page.locator(`[data-goal-id="${childId}"] [data-testid=goal-title]`).textContent(), goal.title);
    await app.page.waitForTimeout(600);
  }
  app.assertHealthy();
  await app.close();
});

test('a goal selected outside the outline (gaps, Find) is opened, brought into the frame and focused', async () => {
  const { app, stored } = await large();
  const order = outlineOrder(stored);
  const orphans = await app.byTestId('gap-orphans').getByRole('button').allTextContents();
  // Collapsed: an orphan beneath another orphan is hidden; chosen in Gaps, its parents open.
  const hidden = order.filter((g) => orphans.includes(g.title) && g.parent !== null).pop();
  assert.ok(hidden, 'an orphan under another goal');
  assert.equal(await app.page.locator(`[data-testid=outline-row][data-goal-id="${hidden.id}"]`).count(), 0, 'hidden at first');
  await app.byTestId('gap-orphans').getByRole('button', { name: hidden.title, exact: true }).click();
  await app.page.locator(`[data-testid=outline-row][data-goal-id="${hidden.id}"]`).waitFor();
  await app.page.waitForFunction((id) => document.activeElement?.getAttribute('data-goal-button') === id, hidden.id);

  // Expanded (2,000 rows, virtualised): orphans come last, far below the frame.
  await clickButton(app, 'Expand all');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=outline-row]')?.getAttribute('aria-setsize') === '2000');
  await app.page.evaluate(() => { document.querySelector('[data-testid=outline-frame]').scrollTop = 0; });
  const lastOrphan = order.filter((g) => orphans.includes(g.title)).pop();
  assert.ok(order.indexOf(lastOrphan) > 1900, 'an orphan near the end of the outline');
  await app.page.waitForFunction((id) => !document.querySelector(`[data-testid=outline-row][data-goal-id="${id}"]`), lastOrphan.id);
  await app.byTestId('gap-orphans').getByRole('button', { name: lastOrphan.title, exact: true }).click();
  await app.page.locator(`[data-testid=outline-row][data-goal-id="${lastOrphan.id}"]`).waitFor();
  await app.page.waitForFunction((id) => document.activeElement?.getAttribute('data-goal-button') === id, lastOrphan.id);
  assert.ok(await rowInView(app, lastOrphan.id), 'its row is in the frame');
  assert.equal(await app.page.locator(`[data-goal-id="${lastOrphan.id}"]`).getAttribute('aria-posinset'), String(order.indexOf(lastOrphan) + 1));

  // Find: a goal found by the search and selected is still in the frame when the search
  // is cleared and all 2,000 rows are back.
  await app.page.evaluate(() => { document.querySelector('[data-testid=outline-frame]').scrollTop = 0; });
  const deep = order.filter((g) => g.level === 'individual' && g.parent !== null)[300];
  assert.ok(order.indexOf(deep) > 100);
  await app.byTestId('goal-search').fill(deep.title);
  const match = app.page.locator(`[data-testid=outline-row][data-goal-id="${deep.id}"]`);
  await match.getByTestId('goal-button').click();
  await app.byTestId('goal-search').fill('');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=outline-row]')?.getAttribute('aria-setsize') === '2000');
  await match.waitFor();
  await app.page.waitForFunction((id) => {
    const row = document.querySelector(`[data-testid=outline-row][data-goal-id="${id}"]`);
    const frame = document.querySelector('[data-testid=outline-frame]');
    const r = row?.getBoundingClientRect();
    const f = frame.getBoundingClientRect();
    return r && r.top >= f.top - 1 && r.bottom <= f.bottom + 1;
  }, deep.id);
  assert.equal(await match.getByTestId('goal-button').getAttribute('aria-pressed'), 'true', 'and still selected');
  app.assertHealthy();
  await app.close();
});

test('Alt+↓ on the last rendered row moves the goal and keeps the focus on it, wherever it lands', async () => {
  const { app, stored } = await large();
  await clickButton(app, 'Expand all');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=outline-row]')?.getAttribute('aria-setsize') === '2000');
  const siblingsOf = (g) => stored.goals.filter((s) => s.parent === g.parent && (g.parent !== null || (s.level === 'objective') === (g.level === 'objective')));
  const ids = await app.byTestId('outline-row').evaluateAll((rows) => rows.map((r) => r.dataset.goalId));
  // The last rendered row whose goal has a next sibling (so Alt+↓ moves it).
  const id = [...ids].reverse().find((id) => {
    const g = stored.goals.find((x) => x.id === id);
    const s = siblingsOf(g);
    return s.indexOf(g) < s.length - 1;
  });
  const before = Number(await app.page.locator(`[data-testid=outline-row][data-goal-id="${id}"]`).getAttribute('aria-posinset'));
  const button = app.page.locator(`[data-goal-button="${id}"]`);
  await button.focus();
  await button.press('Alt+ArrowDown');
  await app.page.waitForFunction(([id, before]) => {
    const row = document.querySelector(`[data-testid=outline-row][data-goal-id="${id}"]`);
    return row && Number(row.getAttribute('aria-posinset')) > before && document.activeElement?.getAttribute('data-goal-button') === id;
  }, [id, before]);
  assert.ok(await rowInView(app, id), 'the moved goal is in the frame');
  assert.ok(await renderedRows(app) <= MAX_RENDERED);
  app.assertHealthy();
  await app.close();
});

test('in the virtualised outline a goal dragged onto a row goes under it', async () => {
  const { app, stored } = await large();
  await clickButton(app, 'Expand all');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=outline-row]')?.getAttribute('aria-setsize') === '2000');
  // The frame on screen and scrolled to its top (a reveal may have scrolled it after
  // Expand all); its first rows, now in view, are the candidates.
  await app.page.evaluate(() => {
    const frame = document.querySelector('[data-testid=outline-frame]');
    frame.scrollIntoView({ block: 'start' });
    frame.scrollTop = 0;
  });
  await app.page.waitForFunction(() => document.querySelector('[data-testid=outline-row]')?.getAttribute('aria-posinset') === '1');
  const inView = async () => (await app.byTestId('outline-row').evaluateAll((rows) => rows.slice(0, 14).map((r) => r.dataset.goalId)))
    .map((id) => stored.goals.find((g) => g.id === id));
  // An initiative in view, and a department goal in view that is not its parent. The
  // generated workshop is random: if the first department goal's initiatives fill the view,
  // that goal is collapsed, which brings the next department goal's initiatives into view.
  let goals = await inView();
  let moved = goals.find((g) => g.level === 'initiative');
  let target = goals.find((g) => g.level === 'department_goal' && g.id !== moved?.parent);
  if (!(moved && target)) {
    const first = goals.find((g) => g.level === 'department_goal');
    assert.ok(first, `a department goal in view (${goals.map((g) => g.level).join(', ')})`);
    await app.page.locator(`[data-testid=outline-row][data-goal-id="${first.id}"] [data-testid=toggle]`).click();
    await app.page.waitForFunction((id) => document.querySelector(`[data-testid=outline-row][data-goal-id="${id}"] [data-testid=toggle]`)?.getAttribute('aria-expanded') === 'false', first.id);
    goals = await inView();
    target = first;
    moved = goals.find((g) => g.level === 'initiative' && g.parent !== first.id);
  }
  assert.ok(moved && target, `an initiative and another department goal in view (${goals.map((g) => g.level).join(', ')})`);
  await app.page.locator(`[data-testid=outline-row][data-goal-id="${moved.id}"] [data-testid=drag-handle]`)
    .dragTo(app.page.locator(`[data-goal-button="${target.id}"]`));
  const after = await app.storedWorkshop();
  assert.equal(after.goals.find((g) => g.id === moved.id).parent, target.id);
  assert.ok(await renderedRows(app) <= MAX_RENDERED);
  app.assertHealthy();
  await app.close();
});

test('screenshots: the 2,000-goal outline expanded, on a laptop and a phone', async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [name, viewport] of [['laptop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
    const { app } = await large(viewport);
    await clickButton(app, 'Expand all');
    await app.page.waitForFunction(() => document.querySelector('[data-testid=outline-row]')?.getAttribute('aria-setsize') === '2000');
    await app.byTestId('outline-frame').scrollIntoViewIfNeeded();
    await app.page.evaluate(() => { document.querySelector('[data-testid=outline-frame]').scrollTop = 40 * 300; });
    await app.page.waitForTimeout(100);
    // Nothing pushes the page wider than the screen, and every row is one 40 px line.
    assert.ok(await app.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name}: no sideways scrolling`);
    const heights = await app.byTestId('outline-row').evaluateAll((rows) => [...new Set(rows.map((r) => r.getBoundingClientRect().height))]);
    assert.deepEqual(heights, [40], `${name}: rows of one height`);
    await app.page.screenshot({ path: path.join(SHOTS, `outline-expanded-${name}.png`) });
    app.assertHealthy();
    await app.close();
  }
});
