// Input-to-paint at 2,000 goals, in headless Chromium: a title edit, an undo and "Expand
// all", each run RUNS times (default 7), printed with the median. Asserts nothing about
// speed (speed is never a test): a measurement to repeat.
//
//   node tests/perf/edit-times.mjs [runs] [--profile]      (DIST defaults to ./dist)
//
// How a figure is taken, the same for any build (so a build without the app's own marks
// is measured the same way): in the page, `performance.mark` just before the input event
// is dispatched (the event runs its handler synchronously, as a person's would), then the
// time at the first task after the next animation frame, that is once the frame with the
// change has been laid out and painted. The app's own measures (`accord-edit`,
// `accord-undo`, `accord-expand-all`, taken the same way from inside its handlers) are
// printed beside them when the build has them.
//
// --profile: also records a CPU profile over the runs (Chrome DevTools Profiler) and
// prints the functions with the most self time. Useful with a wasm that keeps its names
// (trunk's pre-wasm-opt output in target/wasm-bindgen/release/).

import { serveDist, launch, openApp } from '../browser/support.mjs';

const RUNS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 7);
const PROFILE = process.argv.includes('--profile');
const server = await serveDist();
const browser = await launch();

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/**
 * Runs `act` in the page right after a mark; resolves with ms to the painted frame, and
 * Chrome's counters before and after.
 */
const timed = async (page, act, arg) => {
  const before = await counters();
  const ms = await timedInPage(page, act, arg);
  return [ms, before, await counters()];
};
const timedInPage = (page, act, arg) => page.evaluate(async ([source, arg]) => {
  const act = new Function('arg', source);
  performance.mark('perf-start');
  act(arg);
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return performance.measure('perf', 'perf-start').duration;
}, [act, arg]);

const app = await openApp(browser, server.url, '#align');
await app.openLibrary();
await app.byTestId('add-large').click();
await app.waitForTitle('Generated workshop (2000 goals)');
await app.byTestId('outline-row').first().waitFor();
// A department goal's row to edit: the first objective's first child.
const first = app.byTestId('outline-row').first();
await first.getByTestId('toggle').click();
const child = app.byTestId('outline-row').nth(1);
const childId = await child.getAttribute('data-goal-id');
await child.getByTestId('goal-button').click();
await app.byTestId('edit-title').waitFor();
await app.page.waitForTimeout(600); // the debounced save of the new workshop

let cdp;
const startProfile = async () => {
  cdp = await app.context.newCDPSession(app.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
};

// Where the time goes: Chrome's own counters (Performance.getMetrics), read around each
// measured action: script, style recalculation and layout, in ms.
const metricsSession = await app.context.newCDPSession(app.page);
await metricsSession.send('Performance.enable');
const counters = async () => {
  const { metrics } = await metricsSession.send('Performance.getMetrics');
  const get = (name) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { script: get('ScriptDuration'), style: get('RecalcStyleDuration'), layout: get('LayoutDuration') };
};
const split = {};
const figures = {};
const own = {};
const ownName = { 'title edit': 'accord-edit', undo: 'accord-undo', 'expand all': 'accord-expand-all' };
const record = async (label, [ms, before, after]) => {
  (figures[label] ??= []).push(ms);
  (split[label] ??= []).push(Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]])));
  const kind = Object.keys(ownName).find((k) => label.startsWith(k));
  const d = await app.page.evaluate((name) => {
    const e = performance.getEntriesByName(name, 'measure');
    return e.length ? e[e.length - 1].duration : null;
  }, ownName[kind]);
  if (d !== null) (own[label] ??= []).push(d);
};
const editAndUndo = async (where) => {
  for (let i = 0; i < RUNS; i++) {
    const title = `Renamed at scale ${where} ${i}`;
    await record(`title edit, ${where}`, await timed(app.page, `
      const input = document.querySelector('[data-testid=edit-title]');
      input.value = arg;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));`, title));
    await app.page.locator(`[data-goal-id="${childId}"] [data-testid=goal-title]`, { hasText: title }).waitFor();
    await app.page.waitForTimeout(500); // the debounced save runs outside the measured frames
    await record(`undo, ${where}`, await timed(app.page, `document.querySelector('[data-testid=undo]').click();`));
    await app.page.locator(`[data-goal-id="${childId}"] [data-testid=goal-title]`, { hasNotText: title }).waitFor();
    await app.page.waitForTimeout(500);
  }
};
const clickButton = (name) => `[...document.querySelectorAll('button')].find((b) => b.textContent.trim() === '${name}').click();`;

// --profile covers the edits with everything expanded; PROFILE_PHASE=subtree, those before.
if (PROFILE && process.env.PROFILE_PHASE === 'subtree') await startProfile();
await editAndUndo('one subtree open');
if (cdp) {
  const { profile } = await cdp.send('Profiler.stop');
  summarise(profile);
}
const rowsAfterExpand = [];
for (let i = 0; i < RUNS; i++) {
  await record('expand all', await timed(app.page, clickButton('Expand all')));
  rowsAfterExpand.push(await app.page.evaluate(() => document.querySelectorAll('[data-testid=outline-row]').length));
  await app.page.evaluate(clickButton('Collapse all'));
  await app.page.waitForTimeout(300);
}
await app.page.evaluate(clickButton('Expand all'));
await app.page.waitForTimeout(300);
if (PROFILE && !cdp) await startProfile();
await editAndUndo('all 2,000 expanded');

const chrome = (await browser.version());
console.log(`# ${DIST_NOTE()} · Chromium ${chrome} headless · ${RUNS} runs each · rows in the DOM after Expand all: ${median(rowsAfterExpand)}`);
for (const [label, xs] of Object.entries(figures)) {
  const mine = own[label]?.length ? `; the app's own measure: median ${median(own[label]).toFixed(1)} ms` : '';
  const parts = ['script', 'style', 'layout'].map((k) => `${k} ${median(split[label].map((p) => p[k])).toFixed(1)}`).join(', ');
  console.log(`${label}: median ${median(xs).toFixed(1)} ms (runs: ${xs.map((x) => x.toFixed(1)).join(', ')})${mine}; Chrome's counters, medians: ${parts} ms`);
}

if (PROFILE && process.env.PROFILE_PHASE !== 'subtree') {
  const { profile } = await cdp.send('Profiler.stop');
  summarise(profile);
}

function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const inclusive = new Map();
  const short = (n) => (n.callFrame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}$/, '');
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const leaf = byId.get(profile.samples[i]);
    self.set(short(leaf), (self.get(short(leaf)) ?? 0) + us);
    const seen = new Set();
    for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
      const name = short(byId.get(id));
      if (!seen.has(name)) { seen.add(name); inclusive.set(name, (inclusive.get(name) ?? 0) + us); }
    }
  }
  const busy = [...self].filter(([n]) => n !== '(idle)').reduce((a, [, b]) => a + b, 0);
  const top = (map, filter, n) => [...map].filter(([name]) => filter(name)).sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([name, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms  ${name.slice(0, 160)}`).join('\n');
  console.log(`\n# profile of the edits and undos: ${(busy / 1000).toFixed(0)} ms busy`);
  console.log(`## self time\n${top(self, (n) => n !== '(idle)', 25)}`);
  console.log(`## time including callees, the app's own functions\n${top(inclusive, (n) => /accord::|reactive_graph|tachys/.test(n), 50)}`);
}

function DIST_NOTE() { return `dist ${process.env.DIST ?? './dist'}`; }

app.assertHealthy();
await app.close();
await browser.close();
await server.close();
