// Sharing and aligning, the facilitator's side (#16): the agreed tree as a link and QR
// code; a tree link opened in Accord seeds a new workshop and keeps the stored one; goals
// sent back (built here, independently of the app: 'ACG1.' + base32(deflate(JSON)))
// pasted, repeated, or written for another workshop; two departments' drafts with a
// near-duplicate; and a #give= link that asks first.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, packShared, unpackShared } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const DEMO_TITLE = 'Northwind Outfitters — Annual planning 2027';
const INBOUND = { id: 'g7', title: 'Double qualified inbound pipeline' };
const OBJECTIVE = 'g1';

/** What a tree link carries: { t: tag, tree }. */
function readTreeLink(link) {
  return unpackShared('ACT1.', link);
}

/** A code of goals sent back, as the viewer writes one. */
function code(doc) {
  return packShared('ACG1.', { format: 'accord-contribution', version: 1, workshop: DEMO_TITLE, ...doc });
}

const personal = (tag, author, device, titles) => code({
  source: 'personal', tag, author, device,
  goals: titles.map((title, i) => ({ key: i + 1, title, level: 'individual', under: INBOUND.id, under_title: INBOUND.title })),
});

const draft = (tag, department, author, device, title) => code({
  source: 'draft', tag, department, author, device,
  goals: [{ key: 1, title, level: 'department_goal', under: OBJECTIVE, under_title: 'Grow revenue' }],
});

async function paste(app, text) {
  const before = await app.byTestId('give-result').count();
  await app.byTestId('give-input').fill(text);
  await app.byTestId('give-import').click();
  await app.page.waitForFunction((n) => document.querySelectorAll('[data-testid=give-result]').length > n, before);
  return (await app.byTestId('give-result').allTextContents()).slice(0, (await app.byTestId('give-result').count()) - before);
}

const goalCount = async (app) => (await app.storedWorkshop()).goals.length;

/** Opens `hash` on the app in a fresh page load (not a same-document hash change). */
async function reopen(app, hash) {
  await app.waitSaved();
  await app.page.goto('about:blank');
  await app.page.goto(app.baseUrl + hash);
  await app.byTestId('workshop-title').waitFor();
}

test('the share action gives a viewer link with the tree, its length and a QR code; opening it in Accord seeds a new workshop and keeps the stored one', async () => {
  const app = await openApp(browser, server.url);
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  await app.goTo('export');
  await app.byTestId('share-tree').click();
  const link = await app.byTestId('share-link').inputValue();
  assert.ok(link.startsWith(`${new URL(server.url).origin}/view/#tree=ACT1.`), link);
  assert.equal(await app.byTestId('share-length').textContent(), `${link.length} characters`);
  await app.byTestId('share-out').getByTestId('qr-code').waitFor();
  assert.equal(await app.byTestId('share-too-long').count(), 0);
  await app.byTestId('copy-share-link').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=copy-feedback]')?.textContent === 'Copied.');
  assert.equal(await app.page.evaluate(() => navigator.clipboard.readText()), link);
  const shared = readTreeLink(link);
  assert.match(shared.t, /^[0-9a-f]{16}$/);
  assert.equal(shared.tree.workshop, DEMO_TITLE);

  // A fresh profile: the demo is stored first; then the link opened in Accord.
  const other = await openApp(browser, server.url);
  await other.waitSaved();
  const storedBefore = await other.storage();
  const demoKey = Object.keys(storedBefore).find((k) => /^accord\.workshop\.[0-9a-f]{16}$/.test(k));
  await reopen(other, link.slice(link.indexOf('#')));
  assert.match(await other.waitForNotice(/Started a new workshop/), /goal tree of “Northwind/);
  assert.equal(await other.page.evaluate(() => location.hash), '#align');
  assert.equal((await other.libraryTitles()).length, 2);
  const storedAfter = await other.storage();
  assert.equal(storedAfter[demoKey], storedBefore[demoKey], 'the stored workshop is untouched');
  // The seeded workshop keeps the goals' IDs (stable identity across versions).
  await other.page.locator('[data-testid=outline-row][data-goal-id=g7]').waitFor();
  assert.equal(await other.page.locator('[data-testid=outline-row][data-goal-id=g7] [data-testid=goal-title]').textContent(), INBOUND.title);

  // A damaged link: a clear notice, nothing changed.
  const keys = Object.keys(await other.storage()).sort();
  await reopen(other, '#tree=ACT1.NOTAREALTREE');
  assert.match(await other.waitForNotice(/could not be opened/), /Nothing was changed/);
  assert.deepEqual(Object.keys(await other.storage()).sort(), keys);
  assert.equal((await other.libraryTitles()).length, 2);

  app.assertHealthy();
  other.assertHealthy();
  await app.close();
  await other.close();
});

test('goals sent back: pasted personal goals carry a department goal, the same code again changes nothing, another workshop’s code is refused, and a near-duplicate between two drafts is flagged until kept apart', async () => {
  const app = await openApp(browser, server.url);
  await app.goTo('export');
  await app.byTestId('share-tree').click();
  const tag = readTreeLink(await app.byTestId('share-link').inputValue()).t;
  await app.goTo('align');

  const inbound = app.page.locator(`[data-testid=coverage-row][data-goal-id=${INBOUND.id}] [data-testid=coverage-carried]`);
  assert.equal(await inbound.textContent(), "no one's goals carry this yet");
  const goalsBefore = await goalCount(app);

  const amara = personal(tag, 'Amara Okafor', '00000000000000a1', ['Run four webinars a quarter', 'Publish two customer stories a month']);
  assert.deepEqual(await paste(app, `Amara: here are mine ${amara} thanks`), ["✓ Imported Amara Okafor's 2 goals: 2 goals added."]);
  assert.equal(await inbound.textContent(), 'carried by 2 personal goals');
  assert.equal(await app.page.locator(`[data-testid=outline-row][data-goal-id=${INBOUND.id}] [data-testid=coverage-chip]`).textContent(), 'carried by 2 personal goals');
  assert.equal(await goalCount(app), goalsBefore + 2);
  // The editor says who sent it and when it came in.
  await app.page.locator('[data-testid=outline-row]', { hasText: 'Run four webinars a quarter' }).getByTestId('goal-button').click();
  assert.match(await app.byTestId('editor-contributed').textContent(), /^sent by Amara Okafor · received \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);

  // The same code again.
  const stored = JSON.stringify(await app.storedWorkshop());
  const [again] = await paste(app, amara);
  assert.match(again, /Already imported/);
  assert.equal(JSON.stringify(await app.storedWorkshop()), stored);

  // Sealed for another workshop: valid inside, refused, nothing changed.
  const foreign = personal('0123456789abcdef', 'Mallory', '00000000000000b2', ['Take over the roadmap']);
  const [refused] = await paste(app, foreign);
  assert.match(refused, /^✗ These goals were written for another workshop .*Nothing was imported\./);
  assert.equal(JSON.stringify(await app.storedWorkshop()), stored);

  // Two departments' drafts, one near-duplicate between them.
  assert.equal(await app.byTestId('duplicate-pair').count(), 0);
  const sales = draft(tag, 'd2', 'Lucia Romano', '00000000000000c3', 'Reduce churn of enterprise customers');
  const success = draft(tag, 'd4', 'Sam Lee', '00000000000000d4', 'Reduce enterprise customer churn');
  const results = await paste(app, `${sales}\n${success}`);
  assert.equal(results.length, 2);
  assert.ok(results.every((r) => r.startsWith('✓ Imported')), results.join(' | '));
  const pair = app.byTestId('duplicate-pair').filter({ hasText: 'Reduce churn of enterprise customers' }).filter({ hasText: 'Reduce enterprise customer churn' });
  await pair.waitFor();
  assert.match(await pair.textContent(), /Sales, from Lucia Romano.*Customer Success, from Sam Lee.*\d+% alike/);
  await pair.getByTestId('keep-both').click();
  await pair.waitFor({ state: 'detached' });
  await app.byTestId('undo').click();
  await pair.waitFor();
  // Merging is offered both ways and is one undoable step.
  await pair.getByRole('button', { name: 'Merge into “Reduce enterprise customer churn”' }).click();
  await pair.waitFor({ state: 'detached' });
  await app.byTestId('undo').click();
  await pair.waitFor();

  app.assertHealthy();
  await app.close();
});

test('a #give= link asks before importing, into the open workshop', async () => {
  const app = await openApp(browser, server.url);
  await app.goTo('export');
  await app.byTestId('share-tree').click();
  const tag = readTreeLink(await app.byTestId('share-link').inputValue()).t;
  const goalsBefore = await goalCount(app);
  const jon = personal(tag, 'Jon Park', '00000000000000e5', ['Answer every inbound lead within a day']);

  await reopen(app, `#give=${jon}`);
  await app.byTestId('give-offer').waitFor();
  assert.equal(await app.byTestId('give-question').textContent(), `Import Jon Park's 1 goal into “${DEMO_TITLE}”?`);
  assert.equal(await app.page.evaluate(() => location.hash), '#align');
  assert.equal(await goalCount(app), goalsBefore, 'nothing is imported before the answer');
  await app.byTestId('give-decline').click();
  await app.byTestId('give-offer').waitFor({ state: 'detached' });
  assert.equal(await goalCount(app), goalsBefore);

  await reopen(app, `#give=${jon}`);
  await app.byTestId('give-accept').click();
  assert.match(await app.waitForNotice(/Imported/), /Imported Jon Park's 1 goal: 1 goal added\./);
  assert.equal(await goalCount(app), goalsBefore + 1);

  // The same goals as a file: picked in Align's box, or opened like any file.
  const fileOf = (author, device, title) => JSON.stringify({
    format: 'accord-contribution', version: 1, source: 'personal', workshop: DEMO_TITLE, tag, author, device,
    goals: [{ key: 1, title, level: 'individual', under: INBOUND.id, under_title: INBOUND.title }],
  }, null, 2);
  await app.goTo('align');
  await app.byTestId('give-file').setInputFiles({ name: 'priya.accord-contribution.json', mimeType: 'application/json', buffer: Buffer.from(fileOf('Priya Nair', '00000000000000f6', 'Launch a partner referral page')) });
  await app.page.waitForFunction(() => document.querySelector('[data-testid=give-result]')?.textContent.includes('Priya Nair'));
  assert.equal(await app.byTestId('give-result').first().textContent(), "✓ Imported Priya Nair's 1 goal: 1 goal added.");
  await app.importFile('kim.accord-contribution.json', fileOf('Kim Ode', '00000000000000f7', 'Host a quarterly customer roundtable'));
  assert.equal(await app.notice(), "Imported Kim Ode's 1 goal: 1 goal added. (from kim.accord-contribution.json)Dismiss");
  assert.equal(await goalCount(app), goalsBefore + 3);

  // A damaged link: said, nothing asked, nothing changed.
  await reopen(app, '#give=ACG1.DAMAGED');
  assert.match(await app.waitForNotice(/could not be read/), /Nothing was imported/);
  assert.equal(await app.byTestId('give-offer').count(), 0);
  assert.equal(await goalCount(app), goalsBefore + 3);

  app.assertHealthy();
  await app.close();
});

test('a draft link per department, and a tree link too long for one QR code says so and offers the file', async () => {
  const app = await openApp(browser, server.url);
  await app.goTo('define');
  await app.byTestId('draft-row').filter({ hasText: 'Sales' }).getByTestId('draft-link').click();
  const shown = app.byTestId('draft-shown');
  assert.equal(await shown.getByRole('heading').textContent(), 'Draft link for Sales');
  const link = await shown.getByTestId('share-link').inputValue();
  assert.ok(link.startsWith(`${new URL(server.url).origin}/view/#draft=ACD1.`), link);
  const inside = unpackShared('ACD1.', link);
  assert.deepEqual(inside.d.slice(0, 2), ['d2', 'Sales']);
  assert.equal(inside.w, DEMO_TITLE);
  await shown.getByTestId('qr-code').waitFor();

  // 2,000 goals: the link is made and measured, but no QR code holds it.
  await app.openLibrary();
  await app.byTestId('add-large').click();
  await app.page.waitForFunction(() => !document.querySelector('[data-testid=workshop-title]')?.textContent.includes('Northwind'));
  await app.goTo('export');
  await app.byTestId('share-tree').click();
  const long = await app.byTestId('share-link').inputValue();
  assert.ok(long.includes('/view/#tree=ACT1.'));
  assert.match(await app.byTestId('share-too-long').textContent(), new RegExp(`This link \\(${long.length} characters\\) is too long for one QR code\\. Send the link itself, or the goal-tree file:`));
  assert.equal(await app.byTestId('share-out').getByTestId('qr-code').count(), 0);
  const file = await app.download('share-file');
  assert.equal(JSON.parse(file.text).format, 'accord-goal-tree');

  app.assertHealthy();
  await app.close();
});
