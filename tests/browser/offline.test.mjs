// Offline: after one visit the service worker has the app shell, so with the server gone
// the app still loads, opens the stored workshop and autosaves. A new release is picked
// up on the next visit once the server is back.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Waits until a service worker controls the page and has finished installing. */
async function waitForOffline(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

test('load once, stop the server, reload: the app runs and autosaves; the next release is picked up when the server is back', async (t) => {
  let server = await serveDist();
  // Whichever server is up when the test ends is closed, failed or not (a listening server
  // would keep the test process alive instead of letting it fail).
  t.after(async () => { await server?.close(); });
  const port = server.port;
  const app = await openApp(browser, server.url, '#define');
  await waitForOffline(app.page);
  const manifest = await app.page.evaluate(async () => (await fetch('manifest.webmanifest')).json());
  assert.equal(manifest.short_name, 'Accord');
  assert.deepEqual(manifest.icons.map((i) => i.sizes), ['192x192', '512x512', '512x512']);

  await server.close();
  assert.equal(await app.page.evaluate(() => fetch('/').then(() => 'reached', () => 'unreachable').catch(() => 'unreachable')), 'reached', 'the worker answers for the page');
  await app.reload();
  assert.equal(await app.title(), 'Northwind Outfitters — Annual planning 2027');
  await app.byTestId('define-title').fill('Offsite, planned on the train');
  await app.byTestId('define-title').press('Enter');
  await app.waitSaved();
  await app.reload();
  assert.equal(await app.title(), 'Offsite, planned on the train', 'the edit made offline was saved and is there after another offline reload');
  assert.equal(await app.page.locator('meta[name=accord-release]').count(), 0);
  // The participant's page was cached too.
  const phone = await app.context.newPage();
  await phone.goto(`http://127.0.0.1:${port}/vote/`);
  await phone.getByTestId('participant-home').waitFor();
  await phone.close();
  // And the viewer of shared trees and drafts.
  const viewer = await app.context.newPage();
  await viewer.goto(`http://127.0.0.1:${port}/view/`);
  await viewer.getByTestId('view-empty').waitFor();
  await viewer.close();
  // And the presenter window (its own page), waiting for a facilitator's window.
  const projector = await app.context.newPage();
  await projector.goto(`http://127.0.0.1:${port}/present/#presenter/0123456789abcdef`);
  await projector.getByTestId('presenter-waiting').waitFor();
  await projector.close();

  // The server comes back with a new release: the next visit runs it.
  server = await serveDist({ port, release: '2' });
  await app.reload();
  assert.equal(await app.page.locator('meta[name=accord-release]').getAttribute('content'), '2');
  assert.equal(await app.title(), 'Offsite, planned on the train');
  app.assertHealthy();
  await app.context.close();
});

test('the offline worker is registered only once the first screen is interactive, so its downloads never compete with a first visit', async () => {
  const server = await serveDist();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    // Every registration records whether the page had marked itself interactive yet.
    await context.addInitScript(() => {
      window.__registrations = [];
      const register = ServiceWorkerContainer.prototype.register;
      ServiceWorkerContainer.prototype.register = function (...args) {
        window.__registrations.push(performance.getEntriesByName('accord-interactive').length > 0);
        return register.apply(this, args);
      };
    });
    for (const [path, ready] of [['', 'workshop-title'], ['vote/', 'participant-home'], ['view/', 'view-empty']]) {
      const page = await context.newPage();
      await page.goto(server.url + path);
      await page.getByTestId(ready).waitFor();
      await page.waitForFunction(() => window.__registrations.length > 0, null, { timeout: 15000 });
      assert.deepEqual(await page.evaluate(() => window.__registrations), [true], `${path || '/'}: registered once, after the interactive mark`);
      const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
      assert.equal(scope, server.url, `${path || '/'}: the one worker for the whole app is installed`);
      await page.close();
    }
  } finally {
    await context.close();
    await server.close();
  }
});
