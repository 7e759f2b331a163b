// Browser-test support: serve the release bundle (built once by scripts/test.sh) on
// 127.0.0.1 and drive Debian's headless Chromium with playwright-core.
//
// Why playwright-core rather than a WebDriver client: it drives the real browser over
// the DevTools protocol with first-class downloads, file choosers, popups and separate
// profiles (contexts), which the later workshop features (exports, invites to a second
// profile, presenter windows) all need, and it compiles nothing.

import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';

/** The demo workshop's three revenue goals, which the voting tests put to rounds. */
export const SELF_SERVE = 'Launch a self-serve plan for small teams';
export const DACH = 'Open the DACH market with launch pricing';
export const INBOUND = 'Double qualified inbound pipeline';

export const DIST = process.env.DIST ?? path.resolve(import.meta.dirname, '../../dist');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves `DIST` on 127.0.0.1 at a free port (or `port`). `release` is stamped into the
 * page as <meta name="accord-release">, standing in for a new build. `close` drops open
 * connections too, as a server that has stopped would.
 */
export async function serveDist({ port = 0, release = null } = {}) {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), `no built app in ${DIST}: run scripts/test.sh`);
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.normalize(path.join(DIST, urlPath));
    if (!file.startsWith(DIST)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    if (release !== null && file.endsWith('index.html')) {
      res.end(fs.readFileSync(file, 'utf8').replace('<head>', `<head><meta name="accord-release" content="${release}">`));
      return;
    }
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return {
    url,
    port: server.address().port,
    close: () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }),
  };
}

export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** Sets up a round on the Prioritise screen and opens it for voting. */
export async function createRound(app, { name, method, goals, dots, cap }) {
  await app.byTestId('new-round').click();
  await app.byTestId('round-name').fill(name);
  await app.byTestId(`method-${method}`).check();
  if (dots) await app.byTestId('round-dots').fill(String(dots));
  if (cap) await app.byTestId('round-cap').fill(String(cap));
  for (const goal of goals) await app.page.getByRole('checkbox', { name: goal, exact: true }).check();
  await app.byTestId('create-round').click();
  await app.page.waitForFunction((n) => document.querySelector('#round-heading')?.textContent === n, name);
  await app.byTestId('open-round').click();
  await app.byTestId('vote-here').waitFor();
}

/**
 * Ends pass-the-device as the facilitator does: the kiosk's Facilitator control, then
 * End voting here (it asks first); waits until the app is back.
 */
export async function endKiosk(app) {
  await app.byTestId('kiosk-facilitator').click();
  await app.byTestId('kiosk-end').click();
  await app.byTestId('kiosk').waitFor({ state: 'detached' });
  await app.byTestId('app-shell').waitFor();
}

/** Collects a page's errors (uncaught, console, unexpected dialogs) into the list returned. */
export function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('Failed to load resource')) problems.push(`console error: ${m.text()}`);
  });
  page.on('dialog', (d) => { problems.push(`unexpected dialog: ${d.message()}`); d.dismiss(); });
  return problems;
}

/**
 * A fresh browser profile (its own localStorage) with the app open. Page errors and
 * console errors are collected; `assertHealthy` fails the test if there were any.
 */
export async function openApp(browser, baseUrl, hash = '') {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(baseUrl + hash);
  await page.getByTestId('workshop-title').waitFor();
  const app = new AppPage(page, baseUrl);
  await app.screenLoaded();
  app.problems = problems;
  app.context = context;
  return app;
}

/** The app as a facilitator sees it: one method per thing they do. */
export class AppPage {
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  byTestId(id) { return this.page.getByTestId(id); }

  async title() { return (await this.byTestId('workshop-title').textContent()).trim(); }

  /** Waits until the header shows `title` (opening a file finishes asynchronously). */
  async waitForTitle(title) {
    await this.page.waitForFunction(
      (t) => document.querySelector('[data-testid=workshop-title]')?.textContent.trim() === t,
      title,
    );
  }

  /** Waits for a notice and returns its text. */
  async notice() {
    await this.byTestId('notice').waitFor();
    return this.byTestId('notice').textContent();
  }

  /** Waits until the notice says something matching `pattern`; returns its text. */
  async waitForNotice(pattern) {
    const handle = await this.page.waitForFunction(
      ([source, flags]) => {
        const text = document.querySelector('[data-testid=notice]')?.textContent ?? '';
        return new RegExp(source, flags).test(text) && text;
      },
      [pattern.source, pattern.flags],
    );
    return handle.jsonValue();
  }

  async goTo(phase) {
    await this.byTestId(`phase-${phase}`).click();
    await this.page.waitForFunction((p) => document.querySelector('main')?.dataset.phase === p, phase);
    // Each phase's screen is its own wasm module, fetched when first shown (issue #17).
    await this.screenLoaded();
    // Let the phase's screen finish rendering.
    await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
  }

  /** Waits until the phase's screen has arrived (its module is fetched on first use). */
  async screenLoaded() {
    await this.page.waitForFunction(() => !document.querySelector('[data-testid=screen-loading]'));
  }

  async waitSaved() {
    await this.page.waitForFunction(
      () => document.querySelector('[data-testid=save-status]')?.textContent.startsWith('All changes saved'),
    );
  }

  async reload() {
    await this.page.reload();
    await this.byTestId('workshop-title').waitFor();
    await this.screenLoaded();
  }

  async openLibrary() {
    const panel = this.byTestId('library');
    if (!(await panel.isVisible())) await this.byTestId('library-button').click();
    await panel.waitFor();
    return panel;
  }

  async libraryTitles() {
    await this.openLibrary();
    return (await this.byTestId('open-workshop').allTextContents()).map((t) => t.trim());
  }

  /** Picks a file through the library's "Open a workshop file" control. */
  async importFile(name, contents) {
    await this.openLibrary();
    const dismiss = this.byTestId('notice').getByRole('button', { name: 'Dismiss' });
    if (await dismiss.count()) await dismiss.click();
    await this.byTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(contents) });
    // Reading the file is asynchronous; the outcome is announced with the file's name.
    await this.page.waitForFunction(
      (n) => document.querySelector('[data-testid=notice]')?.textContent.includes(n),
      name,
    );
  }

  /** Clicks `testId` and returns the text of the file it downloads. */
  async download(testId) {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.byTestId(testId).click()]);
    const file = await download.path();
    return { name: download.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
  }

  async storage() {
    return this.page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
  }

  /** The open workshop as stored in localStorage (once saved), parsed. */
  async storedWorkshop() {
    await this.waitSaved();
    const raw = await this.page.evaluate(() => {
      const id = JSON.parse(localStorage.getItem('accord.library')).current;
      return localStorage.getItem(`accord.workshop.${id}`);
    });
    return JSON.parse(unpackStored(raw));
  }

  assertHealthy() {
    assert.deepEqual(this.problems, [], 'the page logged errors');
  }

  async close() { await this.context.close(); }
}

/** Fills the page's localStorage to the last character with `junk.N` entries. */
export async function fillStorage(page) {
  await page.evaluate(() => {
    let chunk = 'x'.repeat(512 * 1024);
    for (let i = 0; chunk.length > 0; i++) {
      try { localStorage.setItem(`junk.${i}`, chunk); } catch { chunk = chunk.slice(0, Math.floor(chunk.length / 2)); }
    }
  });
}

/**
 * The workshop file inside a stored value: `ACZ1.` + base64url of raw deflate, or plain
 * JSON (earlier releases). Decoded here with Node's zlib, independently of the app.
 */
export function unpackStored(value) {
  if (!value.startsWith('ACZ1.')) return value;
  return zlib.inflateRawSync(Buffer.from(value.slice(5), 'base64url')).toString('utf8');
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Runs axe-core (WCAG 2.x A/AA rules and best practices) on the page as it is now and
 * returns the serious and critical violations, each as "rule: target (summary)".
 */
export async function axeProblems(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary?.split('\n')[1]?.trim() ?? v.help})`));
}

/** The QR code matching `selector` on `page`, drawn from the app's own SVG, as greyscale. */
export async function rasterise(page, selector, scale) {
  return page.evaluate(async ([selector, scale]) => {
    const svg = document.querySelector(selector);
    const side = svg.viewBox.baseVal.width * scale;
    const image = new Image();
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
    await image.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: side, height: side });
    const context = canvas.getContext('2d');
    context.imageSmoothingEnabled = false;
    context.drawImage(image, 0, 0, side, side);
    const rgba = context.getImageData(0, 0, side, side).data;
    const grey = [];
    for (let i = 0; i < rgba.length; i += 4) grey.push(rgba[i]);
    return { side, grey };
  }, [selector, scale]);
}

/**
 * A YUV4MPEG2 (4:2:0) video at 10 frames a second: for each picture, some empty frames
 * (the last phone taken away) and then the picture held for `hold` frames, centred on white.
 */
export function y4m(pictures, width, height, { hold = 8, gap = 2 } = {}) {
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const blank = Buffer.concat([Buffer.from('FRAME\n'), Buffer.alloc(width * height, 235), chroma]);
  const frames = [];
  for (const picture of pictures) {
    // One code, or several side by side (phones held up together).
    const codes = Array.isArray(picture) ? picture : [picture];
    const across = codes.reduce((sum, c) => sum + c.side, 0) + 20 * (codes.length - 1);
    assert.ok(across <= width && codes.every((c) => c.side <= height), 'the codes fit the frame');
    const luma = Buffer.alloc(width * height, 235);
    let x0 = Math.floor((width - across) / 2);
    for (const { side, grey } of codes) {
      const y0 = Math.floor((height - side) / 2);
      for (let y = 0; y < side; y++) {
        // Studio-range luma, as video carries it.
        for (let x = 0; x < side; x++) luma[(y0 + y) * width + x0 + x] = 16 + Math.round((grey[y * side + x] * 219) / 255);
      }
      x0 += side + 20;
    }
    const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
    for (let i = 0; i < gap; i++) frames.push(blank);
    for (let i = 0; i < hold; i++) frames.push(frame);
  }
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...frames]);
}

/** The facilitator's invite link for `name`, as shown under the QR code. */
export async function inviteLink(app, name) {
  await app.byTestId('invite-row').filter({ hasText: name }).getByTestId('show-invite').click();
  await app.byTestId('invite-shown').filter({ hasText: name }).waitFor();
  return app.byTestId('invite-link').inputValue();
}

/** A participant's phone (its own browser profile) with their invite open. */
export async function openInvite(browser, link) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(link);
  await page.getByTestId('invite-title').waitFor();
  return { page, context, problems };
}

/** Ranks goals in order on the participant's phone and makes the ballot code. */
export async function voteAndGetCode(page, order) {
  for (const goal of order) await page.getByRole('button', { name: `Rank next: ${goal}` }).click();
  return makeCode(page);
}

/** Makes the ballot code on the participant's phone; waits for a new one. */
export async function makeCode(page) {
  const before = await page.getByTestId('ballot-code').count() ? await page.getByTestId('ballot-code').inputValue() : '';
  await page.getByTestId('make-code').click();
  await page.waitForFunction((b) => {
    const v = document.querySelector('[data-testid=ballot-code]')?.value;
    return v && v !== b;
  }, before);
  return page.getByTestId('ballot-code').inputValue();
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as Accord writes shared links and codes. */
export function base32(bytes) {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) { bits -= 5; out += BASE32[(acc >> bits) & 31]; }
  }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  return out;
}

/** The bytes of base32 text; throws on a character outside the alphabet. */
export function fromBase32(text) {
  const out = [];
  let acc = 0;
  let bits = 0;
  for (const c of text) {
    const v = BASE32.indexOf(c);
    if (v < 0) throw new Error(`not a base32 character: ${c}`);
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) { bits -= 8; out.push((acc >> bits) & 0xff); }
  }
  return Buffer.from(out);
}

/** `prefix` + base32(deflate-raw(JSON)): a shared link's payload or a code, built in the
 * test independently of the app. */
export const packShared = (prefix, doc) => prefix + base32(zlib.deflateRawSync(Buffer.from(JSON.stringify(doc)), { level: 9 }));

/** The JSON inside a link or code: everything after `prefix`, inflated. */
export const unpackShared = (prefix, text) => JSON.parse(zlib.inflateRawSync(fromBase32(text.slice(text.indexOf(prefix) + prefix.length))).toString('utf8'));

/**
 * A browser as a person meets it on a first visit: a new Chromium process on a new, empty
 * profile folder (`--user-data-dir`), so nothing is cached (no HTTP cache, no compiled
 * wasm). Returns the browser's one context; `close` ends the process and removes the
 * folder. `options` go to playwright's launchPersistentContext (viewport, isMobile, …).
 */
export async function launchFresh(options = {}) {
  const os = await import('node:os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-profile-'));
  const context = await launchProfile(dir, options);
  return {
    context,
    close: async () => { await context.close(); fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

/** A new browser process on the profile in `dir` (kept: a returning visit reopens it). */
export async function launchProfile(dir, options = {}) {
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    ...options,
  });
}

/**
 * Waits until `page` has marked "accord-interactive", for timing runs: polled over CDP with
 * a plain expression every 25 ms, not with `waitForFunction`, which injects Playwright's
 * utility script into the page at the load event (about 16 ms of the main thread, in the
 * middle of the app's start; no user's browser runs it).
 */
export async function waitForMark(page, timeout = 120000) {
  const cdp = await page.context().newCDPSession(page);
  const until = Date.now() + timeout;
  try {
    for (;;) {
      const { result } = await cdp.send('Runtime.evaluate', { expression: "performance.getEntriesByName('accord-interactive').length", returnByValue: true });
      if (result.value > 0) return;
      if (Date.now() > until) throw new Error('no accord-interactive mark');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * The files a page's first load fetches, as `scripts/size-report.sh` counts them: its
 * HTML and every file it names by href, src, an import or module_or_path, except the
 * manifest and the home-screen icon (fetched only on install). A named file missing from
 * dist fails the assertion. Returns a Map of path under dist → bytes.
 */
export function firstLoadFiles(folder) {
  const dir = path.join(DIST, folder);
  const html = fs.readFileSync(path.join(dir, 'index.html'));
  const files = new Map([[path.join(folder, 'index.html'), html]]);
  const text = html.toString();
  const named = [...text.matchAll(/<(?:link|script)[^>]*>/g)].map(([tag]) => tag).filter((tag) => !/rel="(manifest|apple-touch-icon)"/.test(tag));
  const refs = [
    ...named.flatMap((tag) => [...tag.matchAll(/(?:href|src)="([^"#?]+)"/g)].map((m) => m[1])),
    ...[...text.matchAll(/(?:from|module_or_path:)\s*'([^'#?]+)'/g)].map((m) => m[1]),
  ];
  for (const name of refs) {
    const file = name.startsWith('/') ? path.join(DIST, name) : path.join(dir, name);
    assert.ok(fs.existsSync(file) && fs.statSync(file).isFile(), `${folder}/ names ${name}, which is not in dist`);
    files.set(path.relative(DIST, file), fs.readFileSync(file));
  }
  const kinds = [...files.keys()].map((f) => path.extname(f));
  for (const kind of ['.wasm', '.js', '.css', '.html']) assert.ok(kinds.includes(kind), `${folder}/ names a ${kind} file`);
  return files;
}

/** gzip -9 of each file and their total: { total, sizes: ["name: bytes", …] }. */
export function gzipTotal(files) {
  let total = 0;
  const sizes = [];
  for (const [name, bytes] of files) {
    const gz = zlib.gzipSync(bytes, { level: 9 }).length;
    total += gz;
    sizes.push(`${name}: ${gz}`);
  }
  return { total, sizes };
}
