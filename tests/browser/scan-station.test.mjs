// The scan station: the facilitator's camera full screen while phones are held up in
// turn. Several phones (separate profiles) vote from their invites; each ballot code's QR
// code, as the phone's own page draws it, becomes a run of frames in ONE video that
// Chromium's fake camera plays (and loops). The station counts every code exactly once
// ("✓ <name> — counted (k of n)"), refuses a QR code that is not a ballot code, says
// "already counted" when a phone comes round again, keeps the camera running, and stops it
// when closed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveDist, launch, openApp, createRound, watch, axeProblems, rasterise, y4m, inviteLink, openInvite, voteAndGetCode, SELF_SERVE, DACH, INBOUND } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const lines = (page, testId) => page.getByTestId(testId).allTextContents();

test('the scan station counts each phone held up to the camera once, keeps the camera running, and stops it when closed', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  const everyone = (await app.byTestId('invite-row').locator('td:first-child').allTextContents()).map((t) => t.trim());
  assert.ok(everyone.length >= 8, 'the demo room');
  // Four phones vote; the rest of the room observes this round, so four ballots are all.
  const voters = everyone.slice(0, 4);
  for (const name of everyone.slice(4)) await app.page.getByRole('checkbox', { name: `${name} observes and does not vote` }).check();
  const orders = [[SELF_SERVE, DACH, INBOUND], [DACH, INBOUND], [INBOUND], [DACH, SELF_SERVE, INBOUND]];
  const pictures = [];
  const phones = [];
  for (const [i, name] of voters.entries()) {
    const phone = await openInvite(browser, await inviteLink(app, name));
    const code = await voteAndGetCode(phone.page, orders[i]);
    assert.match(code, /^ACB1\.[A-Za-z0-9_-]+$/);
    pictures.push(await rasterise(phone.page, '[data-testid=ballot-code-out] [data-testid=qr-code]', 4));
    phones.push(phone);
  }
  // Someone holds up the wrong QR code: their invite (a real QR code, not a ballot code).
  const invite = await rasterise(app.page, '[data-testid=invite-shown] [data-testid=qr-code]', 3);
  pictures.splice(2, 0, invite);
  // The first voter also votes, differently, from a second invite (a second device): the
  // two cannot be ordered, so the facilitator is asked.
  await app.byTestId('invite-row').filter({ hasText: voters[0] }).getByTestId('new-invite').click();
  await app.byTestId('invite-row').filter({ hasText: voters[0] }).getByTestId('invite-record').nth(1).waitFor();
  const otherDevice = await openInvite(browser, await app.byTestId('invite-link').inputValue());
  await voteAndGetCode(otherDevice.page, [INBOUND, SELF_SERVE]);
  pictures.push(await rasterise(otherDevice.page, '[data-testid=ballot-code-out] [data-testid=qr-code]', 4));
  phones.push(otherDevice);
  // Two phones held up together, one of them just shown: each is said once at most, not
  // again and again while both stay in view.
  pictures.splice(5, 0, [pictures[1], pictures[4]]);
  const video = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accord-station-')), 'phones.y4m');
  fs.writeFileSync(video, y4m(pictures, 640, 480));
  console.log(`video: ${pictures.length} pictures (${pictures.map((p) => [p].flat().map((c) => `${c.side}px`).join('+')).join(', ')}), ${path.basename(video)}`);

  const camBrowser = await launch(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
  try {
    // The facilitator's storage comes along (the workshop and its keys).
    const context = await camBrowser.newContext({ storageState: await app.context.storageState(), permissions: ['camera'], viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const problems = watch(page);
    // Every beep's pitch, as the page asks Web Audio for it (the sound itself is real).
    await page.addInitScript(() => {
      // And the colour of every flash.
      window.flashes = [];
      new MutationObserver((changes) => {
        for (const change of changes) {
          for (const node of change.addedNodes) if (node.dataset?.testid === 'station-flash') window.flashes.push(node.dataset.kind);
        }
      }).observe(document, { subtree: true, childList: true });
      window.beeps = [];
      const set = AudioParam.prototype.setValueAtTime;
      AudioParam.prototype.setValueAtTime = function (value, when) {
        if (value > 20) window.beeps.push(value);
        return set.call(this, value, when);
      };
    });
    await page.goto(`${server.url}#prioritise`);
    await page.getByTestId('scan-codes').click();
    const station = page.getByTestId('scan-station');
    await station.waitFor();
    assert.equal(await station.evaluate((d) => d.matches(':modal')), true, 'a modal dialog: the rest of the app is inert');
    assert.deepEqual(await station.boundingBox(), { x: 0, y: 0, width: 1366, height: 768 }, 'full screen');

    // Every phone counted, and then every phone come round again (the video loops).
    const counted = (name) => new RegExp(`^✓ ${name} — counted \\(\\d of 4\\)$`);
    const again = (name) => `↺ ${name} — already counted (4 of 4)`;
    await page.waitForFunction((names) => {
      const log = [...document.querySelectorAll('[data-testid=station-log-line]')].map((l) => l.textContent);
      return names.every((n) => log.includes(`↺ ${n} — already counted (4 of 4)`)) && log.includes(`↺ ${names[0]} — already read (4 of 4)`);
    }, voters, { timeout: 60000 }).catch(async (e) => {
      const shot = path.join(path.dirname(video), 'station.png');
      await page.screenshot({ path: shot });
      throw new Error(`${e.message}\nstatus: ${await page.getByTestId('station-status').textContent()}\nlog: ${(await lines(page, 'station-log-line')).join(' | ')}\nscreenshot ${shot}; ${problems.join('\n')}`);
    });
    // The same person's ballot from the other device waits for a choice, in the station.
    const choices = page.getByTestId('station-choices');
    await choices.waitFor();
    assert.match(await choices.textContent(), new RegExp(`Not counted yet: ${voters[0]} already has a different ballot for “Revenue bets” from a ballot code of invite i\\d+`));
    // The log, the beeps and the flashes at one moment (reading goes on meanwhile).
    const { log, beeps, flashes } = await page.evaluate(() => ({
      log: [...document.querySelectorAll('[data-testid=station-log-line]')].map((l) => l.textContent).reverse(),
      beeps: window.beeps,
      flashes: window.flashes,
    }));
    console.log(`the station's log, oldest first:\n  ${log.join('\n  ')}`);
    // Nothing said again and again while phones stay in view.
    for (let i = 0; i < log.length; i++) {
      assert.ok(log[i] !== log[i + 1] && log[i] !== log[i + 2], `said twice in a row: ${log[i]}`);
    }
    const asked = log.filter((l) => l.startsWith('? '));
    assert.deepEqual(asked, [`? ${voters[0]} — a different ballot is counted: choose which counts (${asked[0].match(/\((\d) of 4\)$/)[1]} of 4)`]);
    assert.ok(log.includes(`↺ ${voters[0]} — already read (4 of 4)`), 'the waiting code read again asks nothing new');
    // One beep and one flash per code read: high and green when counted, middle and
    // amber when asked, low and red when refused, a soft tick and grey when read again.
    const pitch = { '✓': 880, '?': 587, '✗': 196, '↺': 660 };
    const colour = { '✓': 'ok', '?': 'choose', '✗': 'refused', '↺': 'again' };
    assert.deepEqual(beeps, log.map((l) => pitch[l[0]]));
    assert.deepEqual(flashes, log.map((l) => colour[l[0]]));
    // Counted exactly once each, the count going 1, 2, 3, 4 of 4.
    const countedLines = log.filter((l) => / — counted \(/.test(l));
    assert.equal(countedLines.length, 4, countedLines.join(' | '));
    for (const name of voters) assert.equal(countedLines.filter((l) => counted(name).test(l)).length, 1, `${name} counted once`);
    assert.deepEqual(countedLines.map((l) => l.match(/\((\d) of 4\)$/)[1]), ['1', '2', '3', '4']);
    for (const name of voters) assert.ok(log.includes(again(name)));
    // The invite's QR code: refused, every time round, and never counted.
    const refused = log.filter((l) => l.startsWith('✗ '));
    assert.ok(refused.length >= 1, 'the invite QR code was read');
    assert.match(refused[0], /^✗ Rejected: /);
    assert.ok(log.includes(`↺ Already read: ${refused[0].slice(2)}`), 'read again, not checked again');
    // The collect list holds one line per code (re-reads are not re-applied).
    const collected = await lines(page, 'code-result');
    assert.equal(collected.filter((l) => l.startsWith('✓ Accepted')).length, 4, collected.join(' | '));
    assert.equal(collected.length, 6, collected.join(' | '));
    assert.deepEqual(await lines(page, 'station-progress'), ['Revenue bets: 4 of 4 ballots in']);

    // The facilitator counts the other device's ballot, in the station.
    await choices.getByTestId('choose-incoming').click();
    await choices.waitFor({ state: 'detached' });
    assert.ok((await lines(page, 'station-log-line')).includes(`✓ ${voters[0]} — newer ballot counted (4 of 4)`));
    assert.match((await lines(page, 'code-result')).join('\n'), new RegExp(`^✓ Replaced ${voters[0]}'s earlier ballot for “Revenue bets” with this newer one\\.$`, 'm'));

    // The large line, the flash, and which reader: the browser's only if it has one.
    assert.equal(await page.getByTestId('station-flash').count(), 1);
    const hasDetector = await page.evaluate(() => 'BarcodeDetector' in window);
    assert.match(await page.getByTestId('station-status').textContent(), hasDetector ? /Reading with the browser's barcode detector\./ : /Reading with Accord's QR reader\./);

    // The camera still runs after the last phone.
    const track = await page.evaluateHandle(() => document.querySelector('[data-testid=station-video]').srcObject.getVideoTracks()[0]);
    assert.equal(await track.evaluate((t) => t.readyState), 'live');

    assert.deepEqual(await axeProblems(page), [], 'no serious or critical accessibility problems in the station');
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.deepEqual(await axeProblems(page), [], 'nor in dark mode');
    await page.screenshot({ path: path.join(path.dirname(video), 'station-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    // Laptop and projector: the line and the Done button in view.
    const shots = path.dirname(video);
    for (const [width, height] of [[1366, 768], [1920, 1080]]) {
      await page.setViewportSize({ width, height });
      for (const id of ['station-done', 'station-line', 'station-video']) {
        const box = await page.getByTestId(id).boundingBox();
        assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height, `${id} in view at ${width}×${height}`);
      }
      await page.screenshot({ path: path.join(shots, `station-${width}x${height}.png`) });
    }
    console.log(`screenshots in ${shots}`);

    // Escape closes the station and the camera stops.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[data-testid=scan-station]').open);
    assert.equal(await track.evaluate((t) => t.readyState), 'ended');
    assert.equal(await page.evaluate(() => document.querySelector('[data-testid=station-video]').srcObject), null);

    // The board: the four voted, the rest observe.
    for (const name of voters) {
      assert.equal((await page.getByTestId('board-row').filter({ hasText: name }).locator('td').last().textContent()).trim(), '✓ voted');
    }
    assert.equal((await page.getByTestId('voted-board').locator('tfoot td').last().textContent()).trim(), '4 of 4 voted');

    // Opened again, a phone already counted says so (the code is checked, nothing changes);
    // "Done scanning" closes it and stops the camera too.
    await page.getByTestId('scan-codes').click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=station-said]')].some((l) => / — already counted \(4 of 4\)$/.test(l.textContent)), null, { timeout: 60000 });
    const second = await page.evaluateHandle(() => document.querySelector('[data-testid=station-video]').srcObject.getVideoTracks()[0]);
    await page.getByTestId('station-done').click();
    assert.equal(await second.evaluate((t) => t.readyState), 'ended');
    assert.equal(await page.getByTestId('scan-station').evaluate((d) => d.open), false);
    assert.equal((await page.getByTestId('voted-board').locator('tfoot td').last().textContent()).trim(), '4 of 4 voted');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await camBrowser.close();
  }
  for (const phone of phones) {
    assert.deepEqual(phone.problems, []);
    await phone.context.close();
  }
  await app.context.close();
});
