// Voting on one's own device, with no server: the facilitator (one Chromium profile)
// sends a personal invite; the participant (another profile, with its own storage) opens
// it, votes and gets a sealed ballot code; the facilitator adds the code and the tally
// counts it. Altered, foreign and replayed codes are refused with their reasons. The QR
// codes the app draws decode back (with an independent decoder, and through the camera).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serveDist, launch, openApp, createRound, endKiosk, watch, axeProblems, rasterise, y4m, inviteLink, openInvite, voteAndGetCode, makeCode, SELF_SERVE, DACH, INBOUND } from './support.mjs';

const JSQR = createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js');

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const LUCIA = 'Lucía Fernández';


/** Pastes codes into the facilitator's collect box; returns the newest result lines. */
async function addCodes(app, text, lines = 1) {
  const before = await app.byTestId('code-result').count();
  await app.byTestId('codes-input').fill(text);
  await app.byTestId('add-codes').click();
  await app.page.waitForFunction((n) => document.querySelectorAll('[data-testid=code-result]').length >= n, before + lines);
  // Earlier lines stay listed (newest first).
  await app.page.waitForTimeout(300);
  assert.equal(await app.byTestId('code-result').count(), before + lines);
  return (await app.byTestId('code-result').allTextContents()).slice(0, lines);
}

/** The board's cell for `name` in the newest round (the last column). */
async function boardCell(app, name) {
  return (await app.byTestId('board-row').filter({ hasText: name }).locator('td').last().textContent()).trim();
}

test('an invite opened in another profile gives a ballot code the tally counts; altered, foreign and replayed codes are refused', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  const link = await inviteLink(app, LUCIA);
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/vote\/#invite=ACI1\./, 'the participant page, the invite in the fragment only');
  assert.equal(await app.byTestId('invite-shown').getByTestId('qr-code').count(), 1, 'a three-goal invite fits one QR code');
  assert.equal(await boardCell(app, LUCIA), 'not yet');

  // Lucía, on her phone.
  const phone = await openInvite(browser, link);
  assert.equal(await phone.page.getByTestId('invite-title').textContent(), 'Northwind Outfitters — Annual planning 2027');
  assert.match(await phone.page.getByTestId('invite-name').textContent(), /Ballot for Lucía Fernández · Sales/);
  assert.equal(await phone.page.getByTestId('invite-round').getByRole('heading', { level: 2 }).textContent(), 'Revenue bets');
  // Her draft survives a reload.
  await phone.page.getByRole('button', { name: `Rank next: ${DACH}` }).click();
  await phone.page.reload();
  await phone.page.getByTestId('invite-title').waitFor();
  assert.deepEqual(await phone.page.getByTestId('ranked-goal').locator('.goal-title').allTextContents(), [DACH]);
  // She closes the tab and later opens Accord's address from her history: her ballot is
  // one tap away, not a facilitator's demo workshop.
  await phone.page.goto(new URL('/', link).href);
  await phone.page.getByTestId('participant-home').waitFor();
  assert.equal(new URL(phone.page.url()).pathname, '/vote/', 'Accord\'s address sends a participant\'s phone to its page');
  await phone.page.getByRole('link', { name: /Northwind Outfitters — Annual planning 2027 — Lucía Fernández/ }).click();
  await phone.page.getByTestId('invite-title').waitFor();
  assert.deepEqual(await phone.page.getByTestId('ranked-goal').locator('.goal-title').allTextContents(), [DACH]);
  const first = await voteAndGetCode(phone.page, [SELF_SERVE]);
  assert.match(first, /^ACB1\.[A-Za-z0-9_-]+$/);
  assert.equal(await phone.page.getByTestId('ballot-code-out').getByTestId('qr-code').count(), 1);

  // Back at the facilitator's laptop: the code counts once.
  assert.deepEqual(await addCodes(app, `Lucía: here is my code ${first} thanks!`), [`✓ Accepted: ${LUCIA}'s ballot for “Revenue bets”.`]);
  assert.equal(await boardCell(app, LUCIA), '✓ voted');
  assert.deepEqual(await addCodes(app, first), [`✓ Already counted: this is ${LUCIA}'s ballot for “Revenue bets”; nothing changed.`]);

  // She changes her mind; the newer code replaces the older ballot.
  await phone.page.getByRole('button', { name: `Unrank ${DACH}` }).click();
  await phone.page.getByRole('button', { name: `Unrank ${SELF_SERVE}` }).click();
  const second = await voteAndGetCode(phone.page, [INBOUND, DACH]);
  assert.deepEqual(await addCodes(app, second), [`✓ Replaced ${LUCIA}'s earlier ballot for “Revenue bets” with this newer one.`]);

  // The replayed older code, an altered code, and a code made for another workshop.
  const replayed = await addCodes(app, first);
  assert.match(replayed[0], /^✗ Rejected: this code is older than the ballot already counted from Lucía Fernández in “Revenue bets”; the newer ballot stays\. \(If their device lost its data, send them a new invite\.\)$/);
  const at = second.length - 8;
  const altered = second.slice(0, at) + (second[at] === 'A' ? 'B' : 'A') + second.slice(at + 1);
  assert.match((await addCodes(app, altered))[0], /^✗ Rejected: this ballot code was altered or corrupted; ask for it again\.$/);

  const elsewhere = await openApp(browser, server.url, '#prioritise');
  await createRound(elsewhere, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  const foreignPhone = await openInvite(browser, await inviteLink(elsewhere, LUCIA));
  const foreign = await voteAndGetCode(foreignPhone.page, [SELF_SERVE]);
  assert.match((await addCodes(app, foreign))[0], /^✗ Rejected: this ballot code was made for another workshop\.$/);

  // Three codes at once: each gets its own line.
  const three = await addCodes(app, `${first}\n${second}\n${foreign}`, 3);
  assert.match(three[0], /older than the ballot already counted/);
  assert.match(three[1], /Already counted/);
  assert.match(three[2], /another workshop/);

  // The tally counts exactly her latest ballot.
  await app.byTestId('close-round').click();
  await app.byTestId('reveal-round').click();
  assert.deepEqual(await app.byTestId('result-goal').allTextContents(), [INBOUND, DACH, SELF_SERVE]);
  assert.match(await app.page.locator('.results').textContent(), /Overall order \(1 ballot\(s\)\)/);

  // A code arriving after the round closed is late.
  const late = await voteAndGetCode(phone.page, []);
  assert.match((await addCodes(app, late))[0], /^✗ Rejected: round “Revenue bets” is revealed, so it takes no more ballots\.$/);

  assert.deepEqual([...app.problems, ...phone.problems, ...foreignPhone.problems, ...elsewhere.problems], []);
  await Promise.all([app.context.close(), phone.context.close(), foreignPhone.context.close(), elsewhere.context.close()]);
});

test('codes arrive as files; a participant is told plainly when a ballot is not valid; a damaged invite says so', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Dots on revenue', method: 'dot', goals: [SELF_SERVE, DACH, INBOUND], dots: 3, cap: 2 });
  const phone = await openInvite(browser, await inviteLink(app, 'Amara Okafor'));
  // Over the cap per goal: refused on her phone, before any code is made.
  const dachPlus = phone.page.getByRole('button', { name: `One more dot on ${DACH}` });
  await dachPlus.click(); await dachPlus.click(); await dachPlus.click();
  await phone.page.getByTestId('make-code').click();
  assert.match(await phone.page.getByTestId('ballot-problem').textContent(), /At most 2 dots may go on one goal/);
  assert.equal(await phone.page.getByTestId('ballot-code').count(), 0);
  await phone.page.getByRole('button', { name: `One dot fewer on ${DACH}` }).click();
  await phone.page.getByRole('button', { name: `One more dot on ${INBOUND}` }).click();
  assert.match(await phone.page.getByTestId('dots-left').textContent(), /3 of 3 dots placed/);
  const code = await makeCode(phone.page);
  const download = phone.page.waitForEvent('download');
  await phone.page.getByTestId('download-code').click();
  const file = await download;
  assert.equal(file.suggestedFilename(), 'ballot-amara-okafor-dots-on-revenue.txt');
  const body = fs.readFileSync(await file.path(), 'utf8');
  assert.ok(body.includes(code));

  // The facilitator opens the file in the collect box.
  await app.byTestId('code-files').setInputFiles({ name: 'ballot.txt', mimeType: 'text/plain', buffer: Buffer.from(body) });
  await app.byTestId('code-result').first().waitFor();
  assert.equal(await app.byTestId('code-result').first().textContent(), "✓ Accepted: Amara Okafor's ballot for “Dots on revenue”.");
  assert.equal(await boardCell(app, 'Amara Okafor'), '✓ voted');

  // The same file dropped on the collect box (a real DataTransfer with a File): already
  // counted, and the workshop open in the app is untouched (a dropped code is not a file
  // to open).
  const before = await app.title();
  await app.byTestId('collect').evaluate((form, text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'ballot-amara.txt', { type: 'text/plain' }));
    form.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, body);
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid=code-result]').length === 2);
  assert.equal(await app.byTestId('code-result').first().textContent(), "✓ Already counted: this is Amara Okafor's ballot for “Dots on revenue”; nothing changed.");
  assert.equal(await app.title(), before);

  // A cut-off invite link.
  const cut = await phone.context.newPage();
  await cut.goto(`${server.url}#invite=ACI1.AAAA`);
  await cut.getByTestId('invite-problem').waitFor();
  assert.match(await cut.getByTestId('invite-problem').textContent(), /damaged \(was it cut off when copied\?\)/);
  assert.match(await cut.getByRole('link').first().textContent(), /Northwind Outfitters — Annual planning 2027 — Amara Okafor/, 'invites kept on the device are offered');
  assert.deepEqual([...app.problems, ...phone.problems], []);
  await Promise.all([app.context.close(), phone.context.close()]);
});

test('dot stuffing: on the participant page of a 3-dot round with no cap, 4294967295 dots cannot be typed and no code claims fewer dots', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Uncapped dots', method: 'dot', goals: [SELF_SERVE, DACH, INBOUND], dots: 3 });
  const phone = await openInvite(browser, await inviteLink(app, LUCIA));
  const page = phone.page;
  await page.getByLabel(`Dots for ${SELF_SERVE}`).fill('4294967295');
  // Held to the budget, and told why.
  assert.equal(await page.getByLabel(`Dots for ${SELF_SERVE}`).inputValue(), '3');
  assert.equal((await page.getByTestId('dot-limit').textContent()).trim(), 'You have 3 dots in all, so one goal can take at most 3.');
  assert.equal(await page.getByRole('button', { name: `One more dot on ${SELF_SERVE}` }).isDisabled(), true);
  await page.getByLabel(`Dots for ${DACH}`).fill('2');
  // The count stays true (it said "1 of 3" when the sum wrapped), and no code is made.
  assert.equal((await page.getByTestId('dots-left').textContent()).trim(), '5 of 3 dots placed');
  await page.getByTestId('make-code').click();
  assert.match(await page.getByTestId('ballot-problem').textContent(), /You placed 5 dots but have 3; take 2 off before submitting\./);
  assert.equal(await page.getByTestId('ballot-code').count(), 0);
  // Numbers past any integer are held too.
  await page.getByLabel(`Dots for ${DACH}`).fill('99999999999999999999999');
  assert.equal(await page.getByLabel(`Dots for ${DACH}`).inputValue(), '3');
  assert.equal((await page.getByTestId('dots-left').textContent()).trim(), '6 of 3 dots placed');
  // An honest ballot goes through and counts exactly its dots.
  await page.getByLabel(`Dots for ${DACH}`).fill('0');
  assert.equal((await page.getByTestId('dots-left').textContent()).trim(), '3 of 3 dots placed');
  const code = await makeCode(page);
  assert.match((await addCodes(app, code))[0], /^✓ Accepted/);
  await app.byTestId('close-round').click();
  await app.byTestId('reveal-round').click();
  const rows = await app.byTestId('result-row').allTextContents();
  assert.deepEqual(rows, [`1${SELF_SERVE}3`, `2 (tie)${DACH}0`, `2 (tie)${INBOUND}0`]);
  assert.deepEqual([...app.problems, ...phone.problems], []);
  await Promise.all([app.context.close(), phone.context.close()]);
});

test('a 200-goal round gives an invite link Chromium opens; too big for one QR code, the app says so', async () => {
  // The demo with 200 more initiatives under one department goal, all in one open dot round.
  const demo = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../public/demo/northwind-annual-planning.json'), 'utf8'));
  const extra = Array.from({ length: 200 }, (_, i) => ({
    id: `g${100 + i}`, title: `Key result ${i + 1}: lift conversion on channel ${i + 1} by ${(i % 9) + 2} points`,
    description: '', level: 'initiative', parent: 'g5', department: `d${(i % 5) + 1}`, owner: '', effort: null,
    metric: '', target: '', status: 'proposed', depends_on: [], conflicts_with: [],
  }));
  demo.title = 'Northwind — key results vote';
  demo.goals.push(...extra);
  demo.rounds.push({
    id: 'r2', name: 'Key results', method: { kind: 'dot', dots: 20, cap: null }, goals: extra.map((g) => g.id),
    status: 'open', secrecy: 'anonymous', weighting: 'equal', observers: [], timer_minutes: null, ballots: [],
  });
  const app = await openApp(browser, server.url, '#prioritise');
  await app.importFile('key-results.json', JSON.stringify(demo));
  await app.waitForTitle('Northwind — key results vote');
  await app.goTo('prioritise');
  const link = await inviteLink(app, 'Mei Chen');
  console.log(`200-goal invite link: ${link.length} characters`);
  assert.match(await app.byTestId('invite-shown').getByTestId('qr-too-big').textContent(), /too long for one QR code .*use the link or the file instead/);
  assert.equal(await app.byTestId('invite-shown').getByTestId('qr-code').count(), 0);

  const phone = await openInvite(browser, link);
  assert.equal(await phone.page.getByTestId('dot-input').count(), 200);
  await phone.page.getByRole('button', { name: 'One more dot on Key result 200: lift conversion on channel 200 by 3 points' }).click();
  const code = await makeCode(phone.page);
  console.log(`its one-dot ballot code: ${code.length} characters`);
  assert.deepEqual(await addCodes(app, code), ["✓ Accepted: Mei Chen's ballot for “Key results”."]);
  assert.deepEqual([...app.problems, ...phone.problems], []);
  await Promise.all([app.context.close(), phone.context.close()]);
});

test('the QR code the app draws for a ballot code decodes back to the same code, independently and through a camera', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  const phone = await openInvite(browser, await inviteLink(app, LUCIA));
  const code = await voteAndGetCode(phone.page, [DACH, INBOUND, SELF_SERVE]);

  // An independent decoder (jsQR) reads the app's SVG as drawn on a canvas.
  await phone.page.addScriptTag({ path: JSQR });
  const decoded = await phone.page.evaluate(async () => {
    const svg = document.querySelector('[data-testid=ballot-code-out] [data-testid=qr-code]');
    const image = new Image();
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
    await image.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: 400, height: 400 });
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0, 400, 400);
    return window.jsQR(context.getImageData(0, 0, 400, 400).data, 400, 400)?.data;
  });
  assert.equal(decoded, code);

  // The same picture as a camera sees it: a video file fed to Chromium's fake camera.
  const picture = await rasterise(phone.page, '[data-testid=ballot-code-out] [data-testid=qr-code]', 4);
  const video = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accord-cam-')), 'qr.y4m');
  fs.writeFileSync(video, y4m([picture], 640, 480));
  const camBrowser = await launch(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
  try {
    // The facilitator's own storage comes along: keys and workshop, as a file would not carry the keys.
    const state = await app.context.storageState();
    const context = await camBrowser.newContext({ storageState: state, permissions: ['camera'] });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${server.url}#prioritise`);
    await page.getByTestId('scan-codes').click();
    await page.getByTestId('code-result').first().waitFor({ timeout: 20000 }).catch(async (e) => {
      const shot = path.join(path.dirname(video), 'scanner.png');
      await page.screenshot({ path: shot, fullPage: true });
      throw new Error(`${e.message}\nscan status: ${await page.getByTestId('station-status').textContent()}; screenshot ${shot}; ${problems.join('\n')}`);
    });
    assert.equal(await page.getByTestId('code-result').first().textContent(), `✓ Accepted: ${LUCIA}'s ballot for “Revenue bets”.`);
    // The scan station (tests/browser/scan-station.test.mjs) closes with "Done scanning".
    await page.getByTestId('station-done').click();
    assert.equal(await page.getByTestId('scan-station').evaluate((d) => d.open), false);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await camBrowser.close();
  }
  await Promise.all([app.context.close(), phone.context.close()]);
});

/** Withdraws `name`'s newest invite on the facilitator's screen, answering its question. */
async function withdrawInvite(app, name) {
  const row = app.byTestId('invite-row').filter({ hasText: name });
  const withdrawn = await row.getByTestId('invite-withdrawn').count();
  await row.getByTestId('withdraw-invite').first().click();
  assert.match(await row.locator('.confirm').textContent(), /Withdraw .*'s invite i\d+\? Ballot codes made from it will be refused\./);
  await row.getByTestId('confirm-withdraw').click();
  await app.page.waitForFunction(([n, w]) => [...document.querySelectorAll('[data-testid=invite-row]')]
    .find((r) => r.textContent.includes(n))?.querySelectorAll('[data-testid=invite-withdrawn]').length === w + 1, [name, withdrawn]);
}

test('a withdrawn invite\'s codes are refused with the reason, and a code from the new invite counts', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  const AMARA = 'Amara Okafor';
  const oldLink = await inviteLink(app, AMARA);
  const phone = await openInvite(browser, oldLink);
  const oldCode = await voteAndGetCode(phone.page, [DACH]);

  // Her link was forwarded to the wrong chat: the facilitator withdraws it (asked first).
  await app.byTestId('invite-row').filter({ hasText: AMARA }).getByTestId('withdraw-invite').click();
  assert.deepEqual(await axeProblems(app.page), [], 'the question is accessible');
  await app.byTestId('invite-row').filter({ hasText: AMARA }).getByRole('button', { name: 'Keep it' }).click();
  await withdrawInvite(app, AMARA);
  assert.match((await addCodes(app, oldCode))[0], /^✗ Rejected: this invite was withdrawn \(i\d+\); codes made from it no longer count\. The participant needs their new invite\.$/);
  assert.equal(await boardCell(app, AMARA), 'not yet');

  // A new invite, sent to her privately.
  await app.byTestId('invite-row').filter({ hasText: AMARA }).getByTestId('new-invite').click();
  await app.page.waitForFunction((old) => document.querySelector('[data-testid=invite-link]')?.value !== old, oldLink);
  const newLink = await app.byTestId('invite-link').inputValue();
  assert.notEqual(newLink, oldLink);
  const tab = await phone.context.newPage();
  const problems = watch(tab);
  await tab.goto(newLink);
  await tab.getByTestId('invite-title').waitFor();
  const newCode = await makeCode(tab);
  assert.deepEqual(await addCodes(app, newCode), [`✓ Accepted: ${AMARA}'s ballot for “Revenue bets”.`]);
  assert.equal(await boardCell(app, AMARA), '✓ voted');
  // The old code stays refused; the old link on her phone points her to the newer one.
  assert.match((await addCodes(app, oldCode))[0], /this invite was withdrawn/);
  await phone.page.reload();
  await phone.page.getByTestId('newer-invite').waitFor();
  assert.match(await phone.page.getByTestId('newer-invite').textContent(), /newer invite from the facilitator on this device/);
  assert.deepEqual(await axeProblems(app.page), [], 'issued and withdrawn invites are listed accessibly');
  assert.deepEqual(await axeProblems(phone.page), []);
  assert.deepEqual([...app.problems, ...phone.problems, ...problems], []);
  await Promise.all([app.context.close(), phone.context.close()]);
});

test('a second invite opened in the same tab shows that person\'s own empty ballot, and an old invite says its round has gone', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  const amaraLink = await inviteLink(app, 'Amara Okafor');
  const luciaLink = await inviteLink(app, LUCIA);
  const phone = await openInvite(browser, amaraLink);
  await phone.page.getByRole('button', { name: `Rank next: ${DACH}` }).click();
  assert.equal(await phone.page.getByTestId('ranked-goal').count(), 1);

  // The same tab, the other invite (only the fragment changes: no page load by itself).
  await phone.page.goto(luciaLink);
  await phone.page.waitForFunction(() => /Lucía/.test(document.querySelector('[data-testid=invite-name]')?.textContent ?? ''));
  assert.match(await phone.page.getByTestId('invite-name').textContent(), /Ballot for Lucía Fernández · Sales/);
  assert.equal(await phone.page.getByTestId('ranked-goal').count(), 0, 'Lucía does not see Amara\'s ranking');
  // And back: Amara's draft is hers again.
  await phone.page.goto(amaraLink);
  await phone.page.waitForFunction(() => /Amara/.test(document.querySelector('[data-testid=invite-name]')?.textContent ?? ''));
  assert.deepEqual(await phone.page.getByTestId('ranked-goal').locator('.goal-title').allTextContents(), [DACH]);

  // The round closes and a runoff opens; Amara's newer link reaches this phone. Her old
  // link now says plainly that its round is not in her newer invite.
  await app.byTestId('close-round').click();
  await createRound(app, { name: 'Runoff', method: 'ranked', goals: [DACH, INBOUND] });
  const newer = await inviteLink(app, 'Amara Okafor');
  await phone.page.goto(newer);
  await phone.page.waitForFunction(() => /Runoff/.test(document.querySelector('[data-testid=invite-round] h2')?.textContent ?? ''));
  await phone.page.goto(amaraLink);
  await phone.page.getByTestId('round-superseded').waitFor();
  assert.match(await phone.page.getByTestId('round-superseded').textContent(), /no longer lists this round .* most likely closed it/);
  assert.equal(await phone.page.getByTestId('newer-invite').count(), 1);
  assert.deepEqual([...app.problems, ...phone.problems], []);
  await Promise.all([app.context.close(), phone.context.close()]);
});

test('a phone ballot that disagrees with one cast on this device is not counted until the facilitator chooses', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  // Lucía votes at the laptop…
  await app.byTestId('vote-here').click();
  await app.byTestId('pick-voter').filter({ hasText: LUCIA }).click();
  await app.page.getByRole('button', { name: `Rank next: ${DACH}` }).click();
  await app.byTestId('submit-ballot').click();
  await app.byTestId('ballot-cast').waitFor();
  await app.byTestId('next-voter').click();
  await endKiosk(app);
  // …and, differently, on her phone.
  const phone = await openInvite(browser, await inviteLink(app, LUCIA));
  const code = await voteAndGetCode(phone.page, [INBOUND]);
  const [line] = await addCodes(app, code);
  assert.equal(line, `? Not counted yet: ${LUCIA} already has a different ballot for “Revenue bets” cast on this device, and this one comes from a ballot code of invite i1 (code 1 made on that device). Choose which counts.Count this new ballotKeep the one counted`);
  assert.doesNotMatch(line, /Self-serve|DACH|inbound/i, 'the choice never shows how she voted');
  // The facilitator keeps the one counted; then, asked again for her next code, counts it.
  await app.byTestId('choose-counted').click();
  await app.page.waitForFunction(() => !document.querySelector('[data-testid=ballot-choice]'));
  assert.equal(await app.byTestId('code-result').first().textContent(), '✓ Kept the ballot already counted; this code was not counted.');
  await phone.page.getByRole('button', { name: `Rank next: ${SELF_SERVE}` }).click();
  const next = await makeCode(phone.page);
  assert.match((await addCodes(app, next))[0], /code 2 made on that device\)\. Choose which counts\./);
  await app.byTestId('choose-incoming').click();
  await app.page.waitForFunction(() => !document.querySelector('[data-testid=ballot-choice]'));
  assert.equal(await app.byTestId('code-result').first().textContent(), `✓ Replaced ${LUCIA}'s earlier ballot for “Revenue bets” with this newer one.`);
  // From now on her phone's codes are ordered by its counter: the first code is older.
  assert.match((await addCodes(app, code))[0], /older than the ballot already counted/);
  assert.deepEqual([...app.problems, ...phone.problems], []);
  await Promise.all([app.context.close(), phone.context.close()]);
});

test('a pass-the-device ballot that differs from her counted phone ballot is held: she is thanked as anyone is, and the facilitator chooses which counts', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  const stored = async () => {
    const w = await app.storedWorkshop();
    const id = (title) => w.goals.find((g) => g.title === title).id;
    const lucia = w.participants.find((p) => p.name === LUCIA).id;
    const round = w.rounds.find((r) => r.name === 'Revenue bets');
    const counted = round.ballots.filter((b) => b.participant === lucia);
    const held = (round.held_ballots ?? []).filter((b) => b.participant === lucia);
    return { id, counted, held, ballots: round.ballots.length };
  };
  /** Lucía votes at the laptop for `goal`; returns what the kiosk showed her and the room. */
  const voteHere = async (goal) => {
    await app.byTestId('vote-here').click();
    const pick = app.byTestId('pick-voter').filter({ hasText: LUCIA });
    const label = (await pick.textContent()).trim();
    await pick.click();
    await app.page.getByRole('button', { name: `Rank next: ${goal}` }).click();
    await app.byTestId('submit-ballot').click();
    await app.byTestId('ballot-cast').waitFor();
    await app.page.waitForTimeout(300);
    const thanks = (await app.byTestId('ballot-cast').textContent()).trim();
    // What the room sees: the kiosk (the app behind it is hidden).
    const screen = await app.byTestId('kiosk').textContent();
    const heldShown = await app.byTestId('held-ballots').count();
    const notice = (await app.byTestId('notice').count()) ? await app.byTestId('notice').textContent() : '';
    await app.byTestId('next-voter').click();
    const after = (await app.byTestId('pick-voter').filter({ hasText: LUCIA }).textContent()).trim();
    await endKiosk(app);
    return { label, thanks, screen, notice, after, heldShown };
  };
  const ownDevice = `${LUCIA} (voted on your own phone or laptop; vote here too and the facilitator chooses which counts)`;
  const thanks = `Done — pass it onThank you, ${LUCIA}. Your ballot is in and hidden.Pass the device to the next person.Next voter`;

  // Lucía votes on her phone: Inbound first. It counts.
  const phone = await openInvite(browser, await inviteLink(app, LUCIA));
  assert.match((await addCodes(app, await voteAndGetCode(phone.page, [INBOUND])))[0], /^✓ Accepted/);
  let s = await stored();
  const phoneBallot = { ranking: [s.id(INBOUND)], source: { invite: 'i1', counter: 1 } };
  assert.deepEqual(s.counted.map((b) => ({ ranking: b.ranking, source: b.source })), [phoneBallot]);

  // Variant 1: at the laptop she ranks DACH first. Her phone ballot is not replaced…
  let kiosk = await voteHere(DACH);
  s = await stored();
  assert.deepEqual(s.counted.map((b) => ({ ranking: b.ranking, source: b.source })), [phoneBallot], 'the phone ballot is not silently replaced');
  // …she and the room are told only what every voter is told…
  assert.equal(kiosk.thanks, thanks);
  assert.doesNotMatch(kiosk.notice, /choose|held|differ|Lucía/i);
  assert.doesNotMatch(kiosk.screen, /Waiting for your choice|differently|Choose which counts|Count this new ballot|Keep the one counted/);
  assert.equal(kiosk.heldShown, 0);
  assert.equal(kiosk.label, ownDevice);
  assert.equal(kiosk.after, ownDevice, 'her name reads the same whether or not a ballot is held');
  // …and the ballot is held in the stored workshop, so a reload loses nothing.
  assert.deepEqual(s.held.map((b) => ({ ranking: b.ranking, source: b.source })), [{ ranking: [s.id(DACH)], source: undefined }]);
  await app.reload();
  const line = `${LUCIA} voted on this device in “Revenue bets”, differently from the ballot already counted from a ballot code of invite i1 (code 1 made on that device). Choose which counts.Count this new ballotKeep the one counted`;
  assert.equal(await app.byTestId('held-ballot').textContent(), line);
  assert.doesNotMatch(line, /Self-serve|DACH|inbound/i, 'the choice never shows how she voted');
  assert.match(await app.byTestId('voted-count').textContent(), /^1 of \d+ voters have voted$/);
  assert.deepEqual(await axeProblems(app.page), []);
  // Voting cannot end while the choice waits.
  await app.byTestId('close-round').click();
  assert.match(await app.waitForNotice(/choose which ballot counts/), new RegExp(`choose which ballot counts for ${LUCIA}`));
  assert.equal(await app.byTestId('round-status').textContent(), 'open for voting');
  // The facilitator keeps the phone ballot: the held one goes, uncounted.
  await app.byTestId('keep-counted').click();
  await app.byTestId('held-ballot').waitFor({ state: 'detached' });
  assert.match(await app.waitForNotice(/Kept/), /Kept Lucía Fernández’s ballot from their own device; the one cast on this device was not counted\./);
  s = await stored();
  assert.deepEqual(s.counted.map((b) => ({ ranking: b.ranking, source: b.source })), [phoneBallot]);
  assert.deepEqual(s.held, []);
  assert.equal(s.ballots, 1);

  // Variant 2: she votes at the laptop again, Self-serve first; the facilitator counts it.
  kiosk = await voteHere(SELF_SERVE);
  assert.equal(kiosk.thanks, thanks);
  assert.doesNotMatch(kiosk.notice, /choose|held|differ|Lucía/i);
  assert.equal(kiosk.label, ownDevice);
  s = await stored();
  assert.deepEqual(s.held.map((b) => b.ranking), [[s.id(SELF_SERVE)]]);
  assert.equal(await app.byTestId('held-ballot').textContent(), line);
  await app.byTestId('count-held').click();
  await app.byTestId('held-ballot').waitFor({ state: 'detached' });
  assert.match(await app.waitForNotice(/Counted/), /Counted the ballot Lucía Fernández cast on this device; the one from their own device no longer counts\./);
  s = await stored();
  assert.deepEqual(s.counted.map((b) => ({ ranking: b.ranking, source: b.source })), [{ ranking: [s.id(SELF_SERVE)], source: undefined }]);
  assert.deepEqual(s.held, []);
  assert.equal(s.ballots, 1);
  assert.match(await app.byTestId('voted-count').textContent(), /^1 of \d+ voters have voted$/);
  // Now her ballot is one cast here: the kiosk says voting again replaces it, and voting can end.
  await app.byTestId('vote-here').click();
  assert.equal((await app.byTestId('pick-voter').filter({ hasText: LUCIA }).textContent()).trim(), `${LUCIA} (voted; voting again replaces your ballot)`);
  await endKiosk(app);
  await app.byTestId('close-round').click();
  await app.byTestId('reveal-round').waitFor();
  assert.deepEqual([...app.problems, ...phone.problems], []);
  await Promise.all([app.context.close(), phone.context.close()]);
});
