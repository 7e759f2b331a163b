// Parts loaded on demand (issue #17): the facilitator's wasm is split into modules
// (scripts/split-wasm.sh): one per phase screen but Define (the first screen, kept in the
// main module), and one per part of the shell that is needed only when asked for: opening
// a file or a link, downloads, the kiosk, the library, the recovery panel, presenter
// windows. The first visit fetches only the main module; each screen's and part's files
// arrive when it is first opened; a screen or panel whose files cannot be fetched says so
// and offers Try again (never a blank page), an action says so and changes nothing; after
// one online visit everything opens offline.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, serveDist, launch, openApp } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SCREENS = { align: 'align_screen', prioritise: 'prioritise_screen', resolve: 'resolve_screen', export: 'export_screen' };
// The shell's parts fetched when first asked for (src/ui/on_demand.rs). `keeping` (the
// save and restore paths) and `counting` (the stepper's conflict count) come right after
// a first visit's demo is drawn; a returning visit fetches `keeping` before it opens the
// stored workshop.
const PARTS = ['counting', 'export', 'keeping', 'kiosk', 'library', 'opening', 'presenting', 'recovery', 'sharing'];
// A control each screen shows once it has loaded.
const SHOWN = { define: 'define-title', align: 'goal-search', prioritise: 'new-round', resolve: 'conflict-board', export: 'export-goal-tree' };

function splitFolder() {
  const folders = fs.readdirSync(DIST).filter((f) => /^accord-web-[0-9a-f]+\.split$/.test(f));
  assert.equal(folders.length, 1, `one split folder in ${DIST}: ${folders}`);
  const folder = folders[0];
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, folder, 'manifest.json'), 'utf8'));
  return { folder, manifest };
}

/** The wasm files the page has fetched so far, as paths under dist/. */
function wasmFetched(page) {
  const seen = [];
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    if (p.endsWith('.wasm')) seen.push(p.slice(1));
  });
  return seen;
}

/**
 * Every request of `page` for one of `files` (names in the split folder) fails, as on bad
 * venue Wi-Fi, until `restore()` is called.
 */
async function dropFiles(page, folder, files) {
  const dropped = new Set(files);
  let down = true;
  await page.route(`**/${folder}/*.wasm`, (route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop();
    return down && dropped.has(file) ? route.abort('connectionreset') : route.continue();
  });
  return { restore: () => { down = false; } };
}

async function waitForScreen(app, phase) {
  await app.byTestId(SHOWN[phase]).first().waitFor();
  assert.equal(await app.byTestId('screen-loading').count(), 0);
}

test('the first visit fetches the main module only; each screen and part arrives when first opened', async (t) => {
  const { folder, manifest } = splitFolder();
  assert.deepEqual(Object.keys(manifest).sort(), [...Object.values(SCREENS), ...PARTS].sort());
  for (const files of Object.values(manifest)) assert.ok(files.length >= 1);
  const server = await serveDist();
  t.after(() => server.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const fetched = wasmFetched(page);
  // Where the page's main part starts when the demo is first interactive.
  await page.addInitScript(() => {
    new PerformanceObserver((list) => {
      if (list.getEntriesByName('accord-interactive').length) window.mainTopAtMark = document.querySelector('main')?.getBoundingClientRect().top;
    }).observe({ type: 'mark', buffered: true });
  });
  await page.goto(server.url);
  await page.getByTestId('workshop-title').waitFor();
  const app = { byTestId: (id) => page.getByTestId(id) };
  await waitForScreen(app, 'define');
  const main = fs.readdirSync(DIST).filter((f) => /^accord-web-[0-9a-f]+_bg\.wasm$/.test(f));
  const want = (module) => manifest[module].map((f) => `${folder}/${f}`);
  // The demo's next step needs the conflict count: it arrives after the first paint.
  await page.getByTestId('next-step').filter({ hasText: 'conflicts unsettled' }).waitFor();
  // Its bar held its place while the count was on its way: nothing below it moved.
  const [before, after] = await page.evaluate(() => [window.mainTopAtMark, document.querySelector('main').getBoundingClientRect().top]);
  assert.equal(typeof before, 'number', 'main was measured at the mark');
  assert.equal(after, before, 'the page did not move when the conflict count arrived');
  assert.equal(await page.getByTestId('next-step-counting').count(), 0);
  const asked = await page.evaluate(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0].startTime;
    return performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.wasm'))
      .map((r) => ({ file: new URL(r.name).pathname.slice(1), beforePaint: r.startTime < paint }));
  });
  // Everything the demo needs to show is asked for before it is painted: the main module.
  assert.deepEqual(asked.filter((r) => r.beforePaint).map((r) => r.file).sort(), main.sort(), 'first visit, before the demo is drawn: the main module only');
  // Then the save and restore paths and the conflict count, and nothing else.
  const afterwards = [...new Set([...want('keeping'), ...want('counting')])].sort();
  assert.deepEqual(asked.filter((r) => !r.beforePaint).map((r) => r.file).sort(), afterwards, 'after the paint: keeping and counting');
  assert.deepEqual([...new Set(fetched)].sort(), [...main, ...afterwards].sort());
  // Brings `module`'s files, and nothing else new, by `open`.
  const arrives = async (module, open) => {
    const before = new Set(fetched);
    await open();
    const fresh = [...new Set(fetched)].filter((f) => !before.has(f)).sort();
    const expected = want(module).filter((f) => !before.has(f)).sort();
    assert.deepEqual(fresh, expected, `${module}: fetched its own files, nothing else`);
    console.log(`# ${module}: fetched ${fresh.length} new module(s) on opening: ${fresh.join(', ') || 'none'}`);
  };
  for (const phase of ['align', 'prioritise', 'resolve', 'export']) {
    await arrives(SCREENS[phase], async () => {
      await page.getByTestId(`phase-${phase}`).click();
      await waitForScreen(app, phase);
    });
  }
  await arrives('library', async () => {
    await page.getByTestId('library-button').click();
    await page.getByTestId('library').waitFor();
  });
  await context.close();
});

test('a part of the shell whose module cannot be fetched: the panel offers Try again, an action changes nothing and says so', async (t) => {
  const server = await serveDist();
  t.after(() => server.close());
  const { folder, manifest } = splitFolder();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  // Every file of the library's and of opening's modules fails, as on bad venue Wi-Fi.
  const network = await dropFiles(page, folder, [...manifest.library, ...manifest.opening]);
  await page.goto(server.url + '#define');
  await page.getByTestId('define-title').waitFor();
  const title = await page.getByTestId('workshop-title').textContent();
  // A workshop file pasted on the page: nothing opens, nothing changes, and it is said.
  const file = JSON.stringify({ format: 'accord-workshop', version: 1, title: 'Pasted while offline' });
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, file);
  const notice = page.getByTestId('notice');
  await notice.filter({ hasText: 'could not fetch what it needs to open the file' }).waitFor();
  assert.match(await notice.textContent(), /Nothing was changed/);
  assert.equal(await page.getByTestId('workshop-title').textContent(), title);
  // The library panel: an alert with Try again, the rest of the page working.
  await page.getByTestId('library-button').click();
  const failed = page.getByTestId('screen-load-failed');
  await failed.waitFor();
  assert.match(await failed.textContent(), /The workshop library could not be loaded/);
  await page.getByTestId('phase-define').click();
  await page.getByTestId('define-title').waitFor();
  network.restore();
  await page.getByTestId('screen-load-retry').click();
  await page.getByTestId('library').waitFor();
  assert.equal(await failed.count(), 0);
  await context.close();
});

test('a link opened while its reader cannot be fetched stays in the address, and a reload reads it', async (t) => {
  const server = await serveDist();
  t.after(() => server.close());
  const { folder, manifest } = splitFolder();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const network = await dropFiles(page, folder, manifest.opening);
  // A link of goals sent back, cut short when it was copied.
  const link = `${server.url}#give=ACG1.AAAA`;
  await page.goto(link);
  const notice = page.getByTestId('notice');
  await notice.filter({ hasText: 'could not fetch what it needs to open this link' }).waitFor();
  assert.equal(page.url(), link, 'the link is kept to try again');
  network.restore();
  await page.reload();
  await notice.filter({ hasText: 'The link of goals sent back could not be read' }).waitFor();
  assert.match(page.url(), /#align$/, 'read once: a reload does not read it again');
  await context.close();
});

test('a screen whose module cannot be fetched says so, keeps the app usable, and loads on Try again', async (t) => {
  const server = await serveDist();
  t.after(() => server.close());
  const { folder, manifest } = splitFolder();
  // No service worker: it would fetch and keep the module behind the page's back (its
  // requests are not the page's to block), and the page would then load it from there.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  // The Align screen's own module fails (a dropped connection), as on bad venue Wi-Fi.
  const own = manifest.align_screen.filter((f) => f.startsWith('split_'));
  assert.equal(own.length, 1);
  let blocked = true;
  await page.route(`**/${folder}/${own[0]}`, (route) => (blocked ? route.abort('connectionreset') : route.continue()));
  await page.goto(server.url + '#align');
  await page.getByTestId('workshop-title').waitFor();
  const failed = page.getByTestId('screen-load-failed');
  await failed.waitFor();
  const text = await failed.textContent();
  assert.match(text, /The Align screen could not be loaded/);
  assert.match(text, /Your workshop is safe/);
  assert.equal(await page.getByRole('alert').filter({ hasText: 'could not be loaded' }).count(), 1);
  // The rest of the app works: another phase opens.
  await page.getByTestId('phase-define').click();
  await page.getByTestId('define-title').waitFor();
  await page.getByTestId('phase-align').click();
  await failed.waitFor();
  // The network is back: Try again loads it.
  blocked = false;
  await page.getByTestId('screen-load-retry').click();
  await page.getByTestId('goal-search').waitFor();
  assert.equal(await failed.count(), 0);
  await context.close();
});

test('after one online visit every screen opens with the server gone (the service worker keeps the modules)', async () => {
  let server = await serveDist();
  const app = await openApp(browser, server.url, '#define');
  await app.page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  // The worker has finished keeping the shell once every module of every screen is cached.
  const { folder, manifest } = splitFolder();
  const all = [...new Set(Object.values(manifest).flat())].map((f) => `${folder}/${f}`);
  // The worker's list (written into sw.js by the build) is every module and the loader.
  const listed = JSON.parse(/^const SPLIT = (\[.*\]);$/m.exec(fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8'))[1].replaceAll("'", '"'));
  const onDisk = fs.readdirSync(path.join(DIST, folder)).filter((f) => /\.(wasm|js)$/.test(f)).map((f) => `${folder}/${f}`);
  assert.deepEqual([...listed].sort(), onDisk.sort());
  assert.deepEqual([...new Set([...all, `${folder}/__wasm_split.js`])].sort(), onDisk.sort(), 'every module on disk is some screen\'s');
  await app.page.waitForFunction(async (files) => {
    const cache = await caches.open('accord-shell-v1');
    for (const f of files) if (!(await cache.match(new URL(f, location.href).href))) return false;
    return true;
  }, all);
  await server.close();
  await app.reload();
  for (const phase of ['align', 'prioritise', 'resolve', 'export', 'define']) {
    await app.byTestId(`phase-${phase}`).click();
    await waitForScreen(app, phase);
  }
  await app.byTestId('library-button').click();
  await app.byTestId('library').waitFor();
  assert.equal(await app.byTestId('screen-load-failed').count(), 0);
  app.assertHealthy();
  await app.close();
});

test('a first visit whose save path cannot be fetched shows the demo, keeps it as shipped, and saves an edit once the network is back', async (t) => {
  const server = await serveDist();
  t.after(() => server.close());
  const { folder, manifest } = splitFolder();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const network = await dropFiles(page, folder, manifest.keeping);
  await page.goto(server.url + '#define');
  await page.getByTestId('define-title').waitFor();
  // The demo is kept before it is shown, as it ships (no save path needed).
  const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => /^accord\.workshop\.[^.]+$/.test(k)));
  assert.equal(keys.length, 1);
  const storedTitle = () => page.evaluate((k) => JSON.parse(localStorage.getItem(k)).title, keys[0]);
  const demoTitle = await page.getByTestId('workshop-title').textContent();
  assert.equal(await storedTitle(), demoTitle);
  assert.equal(await page.getByTestId('save-status').textContent(), 'All changes saved in this browser');
  // An edit while the save path cannot arrive: kept in the window, and said.
  await page.getByTestId('define-title').fill('Planning while the Wi-Fi is down');
  await page.getByTestId('define-title').press('Enter');
  await page.getByTestId('save-status').filter({ hasText: 'Not saved' }).waitFor();
  const banner = page.getByTestId('storage-banner');
  assert.match(await banner.textContent(), /code for saving has not arrived yet/);
  assert.match(await banner.textContent(), /Keep this page open/);
  assert.equal(await storedTitle(), demoTitle, 'the stored copy is untouched');
  // Leaving now would lose the change: the browser asks first (and staying keeps it).
  const asked = page.waitForEvent('dialog');
  const leaving = page.reload({ timeout: 3000 }).catch(() => {}); // cancelled by staying
  const dialog = await asked;
  assert.equal(dialog.type(), 'beforeunload');
  await dialog.dismiss();
  await leaving;
  assert.equal(await page.getByTestId('workshop-title').textContent(), 'Planning while the Wi-Fi is down', 'still here, unsaved');
  // The network is back: the retry saves it without another edit.
  network.restore();
  await page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor({ timeout: 20_000 });
  assert.equal(await banner.count(), 0);
  await page.reload();
  await page.getByTestId('define-title').waitFor();
  assert.equal(await page.getByTestId('workshop-title').textContent(), 'Planning while the Wi-Fi is down');
  await context.close();
});

test('a returning visit whose restore path cannot be fetched says so and loses nothing; a reload with the network back opens the workshop', async (t) => {
  const server = await serveDist();
  t.after(() => server.close());
  const { folder, manifest } = splitFolder();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(server.url + '#define');
  await page.getByTestId('define-title').fill('Kept from yesterday');
  await page.getByTestId('define-title').press('Enter');
  await page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  const network = await dropFiles(page, folder, manifest.keeping);
  await page.reload();
  const notice = page.getByTestId('notice');
  await notice.filter({ hasText: 'could not fetch what it needs to open your workshops' }).waitFor();
  assert.match(await notice.textContent(), /Nothing was changed/);
  assert.equal(await page.evaluate(() => JSON.stringify({ ...localStorage })), stored, 'storage untouched');
  assert.equal(await page.getByTestId('welcome').count(), 0, 'no demo, no welcome over a returning facilitator');
  network.restore();
  await page.reload();
  await page.getByTestId('define-title').waitFor();
  assert.equal(await page.getByTestId('workshop-title').textContent(), 'Kept from yesterday');
  await context.close();
});

test('a conflict count that cannot be fetched keeps the next-step bar in place saying so, and arrives when the network is back', async (t) => {
  const server = await serveDist();
  t.after(() => server.close());
  const { folder, manifest } = splitFolder();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const own = manifest.counting.filter((f) => f.startsWith('split_'));
  assert.equal(own.length, 1);
  const network = await dropFiles(page, folder, own);
  await page.goto(server.url + '#define');
  await page.getByTestId('define-title').waitFor();
  const counting = page.getByTestId('next-step-counting');
  await counting.waitFor();
  assert.match(await counting.textContent(), /Counting the unsettled conflicts/);
  const top = await page.evaluate(() => document.querySelector('main').getBoundingClientRect().top);
  // The rest of the page works meanwhile.
  await page.getByTestId('phase-align').click();
  await page.getByTestId('goal-search').waitFor();
  network.restore();
  await page.getByTestId('next-step').filter({ hasText: 'conflicts unsettled' }).waitFor({ timeout: 20_000 });
  assert.equal(await counting.count(), 0);
  assert.equal(await page.evaluate(() => document.querySelector('main').getBoundingClientRect().top), top, 'the bar kept its place');
  await context.close();
});
