// The alignment map (Align → Map): every goal of the demo is a box named by its title;
// zoom and pan (buttons, wheel, drag, keys) move the picture; a box opens its goal in
// the editor; the downloaded SVG parses and holds every title, with hostile titles kept
// as text; the projector shows the map; the map spills nothing sideways on a laptop and
// a phone; axe finds nothing serious; screenshots are written for people to look at.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveDist, launch, openApp, axeProblems } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SHOTS = path.join(process.env.SCREENSHOTS ?? path.join(os.tmpdir(), 'accord-screens'), 'map');

const transform = (app) => app.byTestId('map-transform').getAttribute('transform');
const parse = (t) => {
  const m = /translate\(([-\d.]+) ([-\d.]+)\) scale\(([-\d.]+)\)/.exec(t);
  assert.ok(m, `a transform: ${t}`);
  return { x: Number(m[1]), y: Number(m[2]), scale: Number(m[3]) };
};
/** Waits until the map's transform differs from `old`; returns the new one. */
const changed = async (app, old) => {
  await app.page.waitForFunction((o) => document.querySelector('[data-testid=map-transform]').getAttribute('transform') !== o, old);
  return transform(app);
};

async function openMap(viewport = { width: 1280, height: 800 }) {
  const app = await openApp(browser, server.url, '#align');
  await app.page.setViewportSize(viewport);
  await app.byTestId('alignment-map').waitFor();
  // The first view is placed once the map knows its size.
  await app.page.locator('[data-testid=map-viewport][data-placed=true]').waitFor();
  return app;
}

test('the map shows every goal of the demo as a box named by its title, beside the matrix', async () => {
  const app = await openMap();
  const stored = await app.storedWorkshop();
  const nodes = app.byTestId('alignment-map').getByTestId('map-node');
  assert.equal(await nodes.count(), stored.goals.length);
  const names = await nodes.evaluateAll((els) => els.map((e) => e.querySelector('[role=button]').getAttribute('aria-label')));
  assert.deepEqual([...names].sort(), stored.goals.map((g) => g.title).sort());
  // Each box is a button a keyboard reaches, named by its title.
  for (const g of stored.goals.slice(0, 5)) {
    const box = app.byTestId('alignment-map').getByRole('button', { name: g.title, exact: true });
    assert.equal(await box.getAttribute('tabindex'), '0');
  }
  // Links: dependency arrows and dashed conflict lines, one per link in the file.
  const links = stored.goals.flatMap((g) => [...(g.depends_on ?? []), ...(g.conflicts_with ?? [])]);
  const drawn = await app.page.locator('[data-testid=map-transform] path[data-kind=DependsOn], [data-testid=map-transform] path[data-kind=ConflictsWith]').count();
  assert.ok(links.length > 0);
  assert.ok(drawn > 0 && drawn <= links.length, `${drawn} links drawn for ${links.length} listed (conflicts listed on both sides)`);
  // Gaps are flagged on the picture, in words.
  assert.match(await app.byTestId('alignment-map').textContent(), /Gap: /);

  // The matrix stays, one tab away.
  await app.byTestId('matrix-tab').click();
  await app.byTestId('matrix').waitFor({ state: 'visible' });
  assert.equal(await app.byTestId('alignment-map').count(), 0);
  await app.byTestId('map-tab').click();
  await app.byTestId('alignment-map').waitFor();
  app.assertHealthy();
  await app.close();
});

test('zoom and pan move the picture: buttons, wheel, drag and keys; Fit brings it back', async () => {
  const app = await openMap();
  // Fit once more now the page has settled (a scrollbar may have appeared since).
  await app.byTestId('map-fit').click();
  const fitted = await transform(app);
  const start = parse(fitted);

  await app.byTestId('map-zoom-in').click();
  const zoomedIn = parse(await changed(app, fitted));
  assert.ok(zoomedIn.scale > start.scale, 'zoom in makes it larger');
  await app.byTestId('map-zoom-out').click();
  await app.byTestId('map-zoom-out').click();
  const zoomedOut = parse(await transform(app));
  assert.ok(zoomedOut.scale < zoomedIn.scale, 'zoom out makes it smaller');

  const box = await app.byTestId('map-viewport').boundingBox();
  await app.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  let before = await transform(app);
  await app.page.mouse.wheel(0, -300);
  const wheeled = parse(await changed(app, before));
  assert.ok(wheeled.scale > zoomedOut.scale, 'the wheel zooms in');

  before = await transform(app);
  await app.page.mouse.move(box.x + 100, box.y + 100);
  await app.page.mouse.down();
  await app.page.mouse.move(box.x + 160, box.y + 140, { steps: 5 });
  await app.page.mouse.up();
  const dragged = parse(await changed(app, before));
  assert.ok(Math.abs(dragged.x - parse(before).x - 60) < 1 && Math.abs(dragged.y - parse(before).y - 40) < 1, `dragging pans by the distance moved: ${before} → ${JSON.stringify(dragged)}`);
  assert.equal(dragged.scale, parse(before).scale);

  await app.byTestId('map-viewport').focus();
  before = await transform(app);
  await app.page.keyboard.press('ArrowLeft');
  const keyed = parse(await changed(app, before));
  assert.ok(keyed.x > parse(before).x, 'the arrow keys pan');
  before = await transform(app);
  await app.page.keyboard.press('+');
  assert.ok(parse(await changed(app, before)).scale > keyed.scale, '+ zooms in');

  await app.byTestId('map-fit').click();
  await app.page.waitForFunction((t) => document.querySelector('[data-testid=map-transform]').getAttribute('transform') === t, fitted);
  app.assertHealthy();
  await app.close();
});

test('a box opens its goal in the editor, by click or by keyboard, and a tabbed-to box comes into view', async () => {
  const app = await openMap();
  const title = 'Open the DACH market with launch pricing';
  await app.byTestId('alignment-map').getByRole('button', { name: title, exact: true }).click();
  await app.page.waitForFunction((t) => document.querySelector('[data-testid=edit-title]')?.value === t, title);

  // Zoomed in far, a box reached with Tab is brought into the visible area.
  for (let i = 0; i < 6; i++) await app.byTestId('map-zoom-in').click();
  const nodes = app.byTestId('alignment-map').getByTestId('map-node');
  const last = nodes.last().getByRole('button');
  await last.focus();
  const lastTitle = await last.getAttribute('aria-label');
  const [view, rect] = [await app.byTestId('map-viewport').boundingBox(), await last.boundingBox()];
  assert.ok(rect.x >= view.x - 1 && rect.y >= view.y - 1 && rect.x + rect.width <= view.x + view.width + 1 && rect.y + rect.height <= view.y + view.height + 1,
    `the focused box ${JSON.stringify(rect)} is inside the map ${JSON.stringify(view)}`);
  await app.page.keyboard.press('Enter');
  await app.page.waitForFunction((t) => document.querySelector('[data-testid=edit-title]')?.value === t, lastTitle);
  app.assertHealthy();
  await app.close();
});

test('the downloaded map is a valid SVG with every goal title, and hostile titles stay text', async () => {
  const app = await openMap();
  const stored = await app.storedWorkshop();
  const parseSvg = (text) => app.page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.localName,
      titles: [...doc.querySelectorAll('g[data-goal] > title')].map((e) => e.textContent),
      scripts: doc.querySelectorAll('script').length,
      elements: [...new Set([...doc.querySelectorAll('*')].map((e) => e.localName))],
    };
  }, text);

  const file = await app.download('map-download');
  assert.match(file.name, /\.map\.svg$/);
  const svg = await parseSvg(file.text);
  assert.equal(svg.error, null);
  assert.equal(svg.root, 'svg');
  assert.deepEqual([...svg.titles].sort(), stored.goals.map((g) => g.title).sort());

  // A title with markup in it (a real edit, saved and all) is only ever text.
  const hostile = '<script>alert(1)</script> & <img src=x onerror=alert(2)>';
  await app.byTestId('alignment-map').getByRole('button', { name: 'Open the DACH market with launch pricing', exact: true }).click();
  await app.byTestId('edit-title').fill(hostile);
  await app.byTestId('edit-title').press('Enter');
  await app.byTestId('alignment-map').getByRole('button', { name: hostile, exact: true }).waitFor();
  const again = await app.download('map-download');
  assert.ok(!again.text.toLowerCase().includes('<script') && !again.text.includes('<img'));
  const parsed = await parseSvg(again.text);
  assert.equal(parsed.error, null);
  assert.equal(parsed.scripts, 0);
  assert.ok(!parsed.elements.includes('img'));
  assert.ok(parsed.titles.includes(hostile));
  assert.equal(await app.page.locator('[data-testid=alignment-map] script, [data-testid=alignment-map] img').count(), 0);
  app.assertHealthy();
  await app.close();
});

test('Show on projector puts the map on the presenter window', async () => {
  const app = await openMap();
  const stored = await app.storedWorkshop();
  const [presenter] = await Promise.all([app.page.waitForEvent('popup'), app.byTestId('map-projector').click()]);
  await presenter.getByTestId('presenter-map').waitFor();
  assert.equal(await presenter.getByTestId('map-node').count(), stored.goals.length);
  assert.equal(await presenter.locator('[tabindex], input, select, textarea, button').count(), 0, 'nothing to edit or focus on the projector');
  assert.equal(await app.byTestId('projector-view').inputValue(), 'map');
  await presenter.setViewportSize({ width: 1920, height: 1080 });
  fs.mkdirSync(SHOTS, { recursive: true });
  await presenter.screenshot({ path: path.join(SHOTS, 'presenter-map-1920x1080.png') });
  await presenter.close();
  app.assertHealthy();
  await app.close();
});

for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
  test(`the map spills nothing sideways at ${viewport.width}×${viewport.height}, passes axe in light and dark, and is photographed`, async () => {
    const app = await openMap(viewport);
    const spill = await app.page.evaluate(() => {
      const map = document.querySelector('[data-testid=alignment-map]');
      const r = map.getBoundingClientRect();
      const tabs = document.querySelector('.map-tabs').getBoundingClientRect();
      return { right: Math.max(r.right, tabs.right), inner: map.scrollWidth - map.clientWidth, width: document.documentElement.clientWidth };
    });
    assert.ok(spill.right <= spill.width, `the map ends at ${spill.right} px in a ${spill.width} px page`);
    assert.ok(spill.inner <= 0, `the map's own content is ${spill.inner} px wider than it`);
    for (const colorScheme of ['light', 'dark']) {
      await app.page.emulateMedia({ colorScheme });
      assert.deepEqual(await axeProblems(app.page), [], `axe in ${colorScheme} mode`);
    }
    await app.page.emulateMedia({ colorScheme: 'light' });
    fs.mkdirSync(SHOTS, { recursive: true });
    const name = `align-map-${viewport.width}x${viewport.height}`;
    await app.byTestId('alignment-map').scrollIntoViewIfNeeded();
    await app.byTestId('alignment-map').screenshot({ path: path.join(SHOTS, `${name}.png`) });
    await app.byTestId('map-fit').click();
    await app.byTestId('alignment-map').screenshot({ path: path.join(SHOTS, `${name}-fit.png`) });
    for (const file of [`${name}.png`, `${name}-fit.png`]) assert.ok(fs.statSync(path.join(SHOTS, file)).size > 0);
    app.assertHealthy();
    await app.close();
  });
}
