// Time from navigation to an interactive page, in headless Chromium, read from the
// Performance API: the facilitator's app and the participant's page mark
// "accord-interactive" once their first screen is in the page and painted (the frame
// after it is rendered: src/ui/app.rs, mark_interactive); the viewer marks it when its
// page is drawn. Prints every run and the median; asserts nothing about speed.
//
//   node tests/perf/load-times.mjs [runs]      (DIST defaults to ./dist; runs to 7)
//   ONLY=cold node tests/perf/load-times.mjs   (only the cold starts; ONLY=warm the rest)
//   COLD=demo node tests/perf/load-times.mjs   (cold starts of some pages: demo,returning,vote,view)
//
// Cold start, as a person meets it: every run launches a NEW Chromium process on a new,
// empty profile folder (launchFresh), opens the page once, reads the marks and closes the
// browser, so nothing is cached: no HTTP cache and no compiled wasm. Service workers are
// allowed, as on a real first visit (the worker registers after the page's load event).
// The warm figures (new contexts of one browser, which keeps compiled wasm in memory)
// follow for comparison with the earlier PERFORMANCE.md figures.

import fs from 'node:fs';
import path from 'node:path';
import { serveDist, launch, launchFresh, launchProfile, waitForMark, openApp, createRound, packShared, SELF_SERVE, DACH, INBOUND } from '../browser/support.mjs';

const RUNS = Number(process.argv[2] ?? 7);
const ONLY = process.env.ONLY ?? 'cold,warm';
const COLD = (process.env.COLD ?? 'demo,vote,view').split(',');
const server = await serveDist();

/**
 * Records, at the moment the page marks "accord-interactive", what is on screen: the
 * number of elements, the workshop's title, and whether the first paint had happened.
 */
function recordAtMark() {
  // trunk's loader says when the wasm is instantiated and its main has run (mounted).
  addEventListener('TrunkApplicationStarted', () => { window.accordStarted = performance.now(); });
  const mark = performance.mark.bind(performance);
  performance.mark = (name, options) => {
    const entry = mark(name, options);
    if (name === 'accord-interactive' && !window.accordAtMark) {
      window.accordAtMark = {
        elements: document.getElementsByTagName('*').length,
        title: document.querySelector('[data-testid=workshop-title]')?.textContent.trim() ?? null,
        painted: performance.getEntriesByName('first-contentful-paint').length > 0,
      };
    }
    return entry;
  };
}

async function interactive(page) {
  await waitForMark(page, 120000);
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const resources = performance.getEntriesByType('resource');
    return {
      interactive: performance.getEntriesByName('accord-interactive')[0].startTime,
      domContentLoaded: nav.domContentLoadedEventEnd,
      firstPaint: fcp ? fcp.startTime : NaN,
      // How often the wasm was fetched (a preload the app did not use fetches it twice),
      // and when its download ended.
      wasmFetches: resources.filter((r) => r.name.endsWith('.wasm')).length,
      wasmEnd: Math.max(...resources.filter((r) => r.name.endsWith('.wasm')).map((r) => r.responseEnd)),
      atMark: window.accordAtMark ?? null,
      started: window.accordStarted ?? NaN,
      // The first paint came before the mark (its entry is written when the frame is
      // presented, so it may be missing at the mark itself).
      paintedFirst: fcp ? fcp.startTime <= performance.getEntriesByName('accord-interactive')[0].startTime : false,
    };
  });
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const ms = (x) => (Number.isFinite(x) ? x.toFixed(0) : '-');

async function measure(name, run) {
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await run(i));
  const ti = times.map((t) => t.interactive);
  console.log(`${name}: median ${median(ti).toFixed(0)} ms to interactive (runs: ${times.map((t) => `${ms(t.interactive)} [paint ${ms(t.firstPaint)}]`).join(', ')}; `
    + `first paint median ${ms(median(times.map((t) => t.firstPaint)))} ms; DOMContentLoaded median ${ms(median(times.map((t) => t.domContentLoaded)))} ms; `
    + `wasm downloaded by ${ms(median(times.map((t) => t.wasmEnd)))} ms, instantiated and main run by ${ms(median(times.map((t) => t.started)))} ms, fetched ${[...new Set(times.map((t) => t.wasmFetches))].join('/')} time(s) a run)`);
  const marked = times.filter((t) => t.atMark);
  if (marked.length) {
    console.log(`  first paint before the mark in ${times.filter((t) => t.paintedFirst).length} of ${times.length} runs `
      + `(its entry already written at the mark in ${marked.filter((t) => t.atMark.painted).length}); `
      + `elements in the page ${[...new Set(marked.map((t) => t.atMark.elements))].join('/')}`);
  }
  return median(ti);
}

/** One cold start: a new browser process and profile, `url` opened once. */
async function coldRun(url, options, check) {
  const fresh = await launchFresh(options);
  try {
    const page = fresh.context.pages()[0] ?? await fresh.context.newPage();
    await page.addInitScript(recordAtMark);
    // wasm-bindgen compiles while downloading (instantiateStreaming) only when the server
    // says application/wasm; otherwise it warns and compiles after the download.
    const warnings = [];
    page.on('console', (m) => { if (/instantiateStreaming|preload/i.test(m.text())) warnings.push(m.text()); });
    await page.goto(url);
    const t = await interactive(page);
    if (warnings.length) console.log(`  warnings: ${warnings.join(' | ')}`);
    await check(page, t);
    return t;
  } finally {
    await fresh.close();
  }
}

const DEMO_TITLE = 'Northwind Outfitters — Annual planning 2027';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

// The participant's invite: made once by a facilitator (a warm browser), opened cold.
let invite = null;
if (ONLY.includes('warm') || COLD.includes('vote')) {
  const maker = await launch();
  const facilitator = await openApp(maker, server.url, '#prioritise');
  await createRound(facilitator, { name: 'Measured round', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  await facilitator.byTestId('invite-row').first().getByTestId('show-invite').click();
  invite = await facilitator.byTestId('invite-link').inputValue();
  await maker.close();
}
// The viewer: the demo's agreed goal tree as a shared link.
const tree = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../browser/fixtures/demo-tree.json'), 'utf8'));
const treeLink = `${server.url}view/#tree=${packShared('ACT1.', { t: '0123456789abcdef', tree })}`;

if (ONLY.includes('cold')) {
  console.log(`== Cold start: a new Chromium process and profile per run (${RUNS} runs each)`);
  if (COLD.includes('demo')) await measure('cold: demo workshop, first visit', (i) => coldRun(server.url, { viewport: { width: 1280, height: 900 } }, async (page, t) => {
    // The mark means the demo is on screen and answers: its title was in the page when
    // the mark was made (whether it was painted is counted in `measure`), and a click on
    // a phase works.
    if (t.atMark?.title !== DEMO_TITLE) throw new Error(`at the mark the title was ${t.atMark?.title}`);
    const before = await page.evaluate(() => document.getElementsByTagName('*').length);
    await page.getByTestId('phase-define').click();
    await page.waitForFunction(() => document.querySelector('main')?.dataset.phase === 'define');
    if (i === 0) console.log(`  (run 1: ${t.atMark.elements} elements at the mark, ${before} once settled; a click on Define answered)`);
  }));
  if (COLD.includes('returning')) await measure('cold: demo workshop, returning visit (the same profile, a new browser process)', async () => {
    // A first visit in one browser process (the worker installed, the demo stored), then
    // the browser is closed and started again on the same profile, as the next morning.
    const os = await import('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-profile-'));
    try {
      const first = await launchProfile(dir, { viewport: { width: 1280, height: 900 } });
      const page = first.pages()[0] ?? await first.newPage();
      await page.goto(server.url);
      await waitForMark(page);
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.waitForFunction(async () => (await caches.keys()).length > 0 && navigator.serviceWorker.controller !== null, null, { timeout: 60000 }).catch(() => {});
      await first.close();
      const again = await launchProfile(dir, { viewport: { width: 1280, height: 900 } });
      try {
        const page2 = again.pages()[0] ?? await again.newPage();
        await page2.addInitScript(recordAtMark);
        await page2.goto(server.url);
        const t = await interactive(page2);
        if (t.atMark?.title !== DEMO_TITLE) throw new Error(`at the mark the title was ${t.atMark?.title}`);
        return t;
      } finally {
        await again.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  if (COLD.includes('vote')) await measure('cold: participant page with an invite, first visit', () => coldRun(invite, PHONE, async (page) => {
    await page.getByTestId('invite-title').waitFor();
  }));
  if (COLD.includes('view')) await measure('cold: viewer with a shared tree, first visit', () => coldRun(treeLink, PHONE, async (page) => {
    await page.getByTestId('tree-goal').first().waitFor();
  }));
}

if (ONLY.includes('warm')) {
  console.log(`== Warm browser: new contexts of one Chromium process (keeps compiled wasm; ${RUNS} runs each)`);
  const browser = await launch();
  // First visit: a fresh profile, nothing cached, the demo workshop opens.
  await measure('warm: demo workshop, first visit', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(server.url);
    const t = await interactive(page);
    await context.close();
    return t;
  });

  // Returning: the same profile again (files in the HTTP cache, workshop from storage).
  await measure('warm: demo workshop, returning visit', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(server.url);
    await interactive(page);
    await page.reload();
    const t = await interactive(page);
    await context.close();
    return t;
  });

  // A 2,000-goal workshop opened from storage.
  await measure('warm: 2,000-goal workshop from storage', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(server.url);
    await interactive(page);
    await page.getByTestId('library-button').click();
    await page.getByTestId('add-large').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=save-status]')?.textContent.startsWith('All changes saved'));
    await page.reload();
    const t = await interactive(page);
    const title = await page.getByTestId('workshop-title').textContent();
    if (title !== 'Generated workshop (2000 goals)') throw new Error(`measured the wrong workshop: ${title}`);
    await context.close();
    return t;
  });

  // A participant opening their invite on the participant page (/vote/), first visit.
  await measure('warm: participant page with an invite, first visit', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(invite);
    const t = await interactive(page);
    await page.getByTestId('invite-title').waitFor();
    await context.close();
    return t;
  });
  await browser.close();
}

await server.close();
