// Time from navigation to an interactive app, in headless Chromium, read from the
// Performance API: the app marks "accord-interactive" on the first frame after it has
// rendered its screen. Prints each run and the median; asserts nothing about speed.
//
//   node tests/perf/load-times.mjs [runs]      (DIST defaults to ./dist)

import { serveDist, launch, openApp, createRound, SELF_SERVE, DACH, INBOUND } from '../browser/support.mjs';

const RUNS = Number(process.argv[2] ?? 7);
const server = await serveDist();
const browser = await launch();

async function interactive(page) {
  await page.waitForFunction(() => performance.getEntriesByName('accord-interactive').length > 0, null, { timeout: 120000 });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      interactive: performance.getEntriesByName('accord-interactive')[0].startTime,
      domContentLoaded: nav.domContentLoadedEventEnd,
    };
  });
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function measure(name, run) {
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await run());
  const ti = times.map((t) => t.interactive);
  console.log(`${name}: median ${median(ti).toFixed(0)} ms to interactive (runs: ${ti.map((t) => t.toFixed(0)).join(', ')}; DOMContentLoaded median ${median(times.map((t) => t.domContentLoaded)).toFixed(0)} ms)`);
  return median(ti);
}

// First visit: a fresh profile, nothing cached, the demo workshop opens.
await measure('demo workshop, first visit', async () => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(server.url);
  const t = await interactive(page);
  await context.close();
  return t;
});

// Returning: the same profile again (files in the HTTP cache, workshop from storage).
await measure('demo workshop, returning visit', async () => {
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
await measure('2,000-goal workshop from storage', async () => {
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
const facilitator = await openApp(browser, server.url, '#prioritise');
await createRound(facilitator, {
  name: 'Measured round', method: 'ranked',
  goals: [SELF_SERVE, DACH, INBOUND],
});
await facilitator.byTestId('invite-row').first().getByTestId('show-invite').click();
const link = await facilitator.byTestId('invite-link').inputValue();
await facilitator.context.close();
await measure('participant page with an invite, first visit', async () => {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 390, height: 844 }, isMobile: true });
  const page = await context.newPage();
  await page.goto(link);
  const t = await interactive(page);
  await page.getByTestId('invite-title').waitFor();
  await context.close();
  return t;
});

await browser.close();
await server.close();
