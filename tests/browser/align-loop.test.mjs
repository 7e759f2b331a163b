// Communicate and align, end to end, with every part real: the facilitator shares the
// demo's agreed tree; a person opens the link on a phone in a fresh profile, sees every
// agreed goal, adds two goals of their own and sends back the code; the facilitator
// pastes it and the alignment map shows the department goals carried. Before the next
// workshop, two department leads open their draft links, draft goals (one of them a
// near-duplicate across the two departments) and send them back; the facilitator imports
// both and the pair is flagged for merging. Nothing of the tree or the goals ever reaches
// the host: links carry them in the fragment.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveDist, launch, openApp, watch, INBOUND } from './support.mjs';

const SHOTS = path.join(process.env.SCREENSHOTS ?? path.join(os.tmpdir(), 'accord-screens'), 'align-loop');
const PHONE = { width: 390, height: 844 };

let browser;
let server;
before(async () => {
  browser = await launch();
  server = await serveDist();
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => { await browser?.close(); await server?.close(); });

/** A fresh phone profile with `link` open; every URL it asks the host for is recorded. */
async function phone(link) {
  const context = await browser.newContext({ viewport: PHONE, acceptDownloads: true });
  const page = await context.newPage();
  const problems = watch(page);
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(link);
  await page.getByTestId('workshop-title').waitFor();
  return { context, page, problems, requested };
}

/** Adds one goal under the goal `id` in the viewer (personal goals and drafts alike). */
async function addUnder(page, id, title) {
  await page.locator(`article[data-goal-id=${id}] > div > [data-testid=add-here]`).click();
  const form = page.getByTestId('goal-form');
  await form.getByTestId('my-title').fill(title);
  await form.getByTestId('save-goal').click();
  await form.waitFor({ state: 'detached' });
}

async function sayWho(page, name) {
  await page.getByTestId('author').fill(name);
  await page.getByTestId('save-name').click();
  await page.getByTestId('author-shown').waitFor();
}

async function sendBack(page) {
  await page.getByTestId('send-back').click();
  return page.getByTestId('send-code').inputValue();
}

/** Pastes codes into Align → Import goals sent back; returns the new result lines (the
 * box lists the newest first, each paste's lines in the order pasted). */
async function importCodes(app, text) {
  const before = await app.byTestId('give-result').count();
  await app.byTestId('give-input').fill(text);
  await app.byTestId('give-import').click();
  await app.page.waitForFunction((n) => document.querySelectorAll('[data-testid=give-result]').length > n, before);
  const all = await app.byTestId('give-result').allTextContents();
  return all.slice(0, all.length - before);
}

const mapNote = (app, id) => app.page.locator(`[data-testid=map-node][data-goal=${id}]`).textContent();

test('a shared tree comes back with people\'s own goals, which the map shows carrying the department goals; two departments\' drafts come back with their near-duplicate flagged', async () => {
  const app = await openApp(browser, server.url);
  const demo = await app.storedWorkshop();
  const inbound = demo.goals.find((g) => g.title === INBOUND);
  const onboarding = demo.goals.find((g) => g.title === 'Cut onboarding time to 14 days');

  // The facilitator shares the agreed tree.
  await app.goTo('export');
  await app.byTestId('share-tree').click();
  const link = await app.byTestId('share-link').inputValue();
  assert.ok(link.startsWith(`${server.url}view/#tree=ACT1.`), link);

  // A person opens it on their phone, in a profile that has never seen Accord.
  const nadia = await phone(link);
  const shown = await nadia.page.locator('article[data-goal-id]').evaluateAll((els) => els.map((e) => e.dataset.goalId));
  const standing = demo.goals.filter((g) => g.status === 'proposed' || g.status === 'agreed').map((g) => g.id);
  assert.deepEqual([...shown].sort(), [...standing].sort(), 'every agreed or proposed goal is shown, once');
  await nadia.page.screenshot({ path: path.join(SHOTS, 'viewer-phone.png'), fullPage: true });
  await nadia.page.getByTestId('add-my-goals').click();
  await sayWho(nadia.page, 'Nadia Haddad');
  await addUnder(nadia.page, inbound.id, 'Run four partner webinars a quarter');
  await addUnder(nadia.page, onboarding.id, 'Record the ten most asked setup questions');
  const code = await sendBack(nadia.page);
  assert.match(code, /^ACG1\.[A-Z2-7]+$/);
  assert.ok(nadia.requested.every((url) => !url.includes('ACT1') && !url.includes('ACG1')), 'the tree and the goals never reach the host');
  assert.deepEqual(nadia.problems, []);
  await nadia.context.close();

  // The facilitator takes them in; the map shows the two department goals carried.
  await app.goTo('align');
  await app.byTestId('alignment-map').scrollIntoViewIfNeeded();
  assert.match(await mapNote(app, inbound.id), /No one carries this yet/);
  assert.match(await mapNote(app, onboarding.id), /No one carries this yet/);
  assert.deepEqual(await importCodes(app, `From Nadia on the team chat:\n${code}`), ["✓ Imported Nadia Haddad's 2 goals: 2 goals added."]);
  assert.match(await mapNote(app, inbound.id), /Carried by 1 individual goal/);
  assert.match(await mapNote(app, onboarding.id), /Carried by 1 individual goal/);
  const stored = await app.storedWorkshop();
  const hers = stored.goals.filter((g) => g.owner === 'Nadia Haddad');
  assert.deepEqual(hers.map((g) => [g.title, g.level, g.parent]).sort(), [
    ['Record the ten most asked setup questions', 'individual', onboarding.id],
    ['Run four partner webinars a quarter', 'individual', inbound.id],
  ]);
  assert.deepEqual(stored.contributed.map((c) => [c.author, c.source]), [['Nadia Haddad', 'personal'], ['Nadia Haddad', 'personal']]);
  await app.byTestId('alignment-map').screenshot({ path: path.join(SHOTS, 'map-carried.png') });
  // The matrix beside it says the same per objective and department: Marketing under
  // "Grow recurring revenue" has one department goal (inbound), now carried.
  await app.byTestId('matrix-tab').click();
  const grow = app.byTestId('matrix').locator('tr', { hasText: 'Grow recurring revenue' });
  const columns = await app.byTestId('matrix').locator('thead th').allTextContents();
  const marketing = columns.findIndex((c) => c.includes('Marketing'));
  assert.ok(marketing > 0, columns.join(' | '));
  assert.match(await grow.locator('th, td').nth(marketing).textContent(), /1 of 1 carried/);
  await app.byTestId('map-tab').click();

  // Before the next workshop: draft links for two departments.
  const draftLink = async (department) => {
    await app.goTo('define');
    await app.byTestId('draft-row').filter({ hasText: department }).getByTestId('draft-link').click();
    return app.byTestId('draft-shown').getByTestId('share-link').inputValue();
  };
  const salesLink = await draftLink('Sales');
  const successLink = await draftLink('Customer Success');
  const objective = demo.goals.find((g) => g.title === 'Customers renew because they succeed').id;
  const lucia = await phone(salesLink);
  assert.equal(await lucia.page.getByTestId('department').textContent(), 'Sales');
  await sayWho(lucia.page, 'Lucía Fernández');
  await addUnder(lucia.page, objective, 'Reduce customer churn to 5%');
  await addUnder(lucia.page, objective, 'Win back ten lapsed accounts');
  const salesCode = await sendBack(lucia.page);
  await lucia.page.screenshot({ path: path.join(SHOTS, 'draft-phone.png'), fullPage: true });
  assert.deepEqual(lucia.problems, []);
  await lucia.context.close();
  const sofia = await phone(successLink);
  assert.equal(await sofia.page.getByTestId('department').textContent(), 'Customer Success');
  await sayWho(sofia.page, 'Sofia Rossi');
  await addUnder(sofia.page, objective, 'Cut customer churn below 5%');
  await addUnder(sofia.page, objective, 'Launch a customer advisory board');
  const successCode = await sendBack(sofia.page);
  assert.deepEqual(sofia.problems, []);
  await sofia.context.close();

  await app.goTo('align');
  const results = await importCodes(app, `${salesCode}\n\n${successCode}`);
  assert.deepEqual(results, [
    "✓ Imported Lucía Fernández's draft (2 goals): 2 goals added.",
    "✓ Imported Sofia Rossi's draft (2 goals): 2 goals added, 1 possible duplicate to look at.",
  ]);
  const pairs = app.byTestId('duplicate-pair');
  assert.equal(await pairs.count(), 1, 'exactly the near-duplicate is flagged');
  const pair = await pairs.textContent();
  assert.match(pair, /Reduce customer churn to 5%/);
  assert.match(pair, /Cut customer churn below 5%/);
  assert.match(pair, /Sales, from Lucía Fernández/);
  assert.match(pair, /Customer Success, from Sofia Rossi/);
  await pairs.screenshot({ path: path.join(SHOTS, 'duplicate.png') });

  // Sent again, nothing is added: the same goals keep their IDs.
  const before = (await app.storedWorkshop()).goals.length;
  const again = await importCodes(app, salesCode);
  assert.match(again[0], /Already imported/);
  assert.equal((await app.storedWorkshop()).goals.length, before);

  app.assertHealthy();
  await app.close();
});
