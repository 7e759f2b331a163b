// The viewer (view/): a shared goal tree opened from its link in a fresh profile, people's
// own goals added under it and sent back, department drafts. Links are built here with a
// small Node encoder (deflate-raw + RFC 4648 base32, as the app writes them), and what
// comes back is decoded here too, independently of the app.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveDist, launch, watch, axeProblems, packShared, unpackShared } from './support.mjs';

const SHOTS = path.join(process.env.SCREENSHOTS ?? path.join(os.tmpdir(), 'accord-screens'), 'viewer');
const TREE = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures/demo-tree.json'), 'utf8'));
const TAG = '0123456789abcdef';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

const pack = packShared;
/** A code sent back (`ACG1.…`), decoded: inflate + JSON. */
const unpackCode = (code) => {
  assert.match(code, /^ACG1\.[A-Z2-7]+$/);
  return unpackShared('ACG1.', code);
};

let browser;
let server;
before(async () => {
  browser = await launch();
  server = await serveDist();
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => { await browser?.close(); await server?.close(); });

const treeCode = (tree, tag = TAG) => pack('ACT1.', tag ? { t: tag, tree } : { tree });
const treeLink = (tree, tag) => `${server.url}view/#tree=${treeCode(tree, tag)}`;

/** Every goal of a goal-tree document, depth first: tree, unaligned, deferred, rejected. */
function allGoals(doc) {
  const out = [];
  const walk = (g) => { out.push(g); g.children.forEach(walk); };
  [...doc.tree, ...doc.unaligned, ...doc.deferred, ...doc.rejected].forEach(walk);
  return out;
}

/** A fresh profile (its own localStorage) with `url` open at `viewport`. */
async function open(url, viewport = PHONE) {
  const context = await browser.newContext({ acceptDownloads: true, viewport });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(url);
  await page.locator('main').waitFor();
  await page.waitForFunction(() => document.querySelector('main')?.childElementCount > 0);
  return { context, page, problems };
}

const spills = (page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

async function axeBoth(page) {
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    assert.deepEqual(await axeProblems(page), [], `axe (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the demo shared as a link opens in a fresh profile on a phone and shows every goal of the tree', async () => {
  const { context, page, problems } = await open(treeLink(TREE));
  assert.equal(await page.getByTestId('workshop-title').textContent(), TREE.workshop);
  assert.equal(await page.getByTestId('strategy').textContent(), TREE.strategy);
  const shown = await page.locator('[data-testid=tree-goal] > [data-testid=goal-title]').allTextContents();
  assert.deepEqual(shown, allGoals(TREE).map((g) => g.title), 'every goal of the tree, in the tree\'s order');
  // A goal's department, owner-facing facts and priority with its round.
  const selfServe = page.locator('article[data-goal-id=g5]');
  const g5 = TREE.tree[0].children[0];
  const department = TREE.departments.find((d) => d.id === g5.department);
  assert.equal(await selfServe.getByTestId('department').first().textContent(), department.name);
  assert.match(await selfServe.getByTestId('goal-facts').first().textContent(), new RegExp(`#1 in ${g5.priority.round_name}`));
  // The unaligned goal is collapsed at the end.
  const unaligned = page.getByTestId('unaligned');
  assert.equal(await unaligned.getAttribute('open'), null);
  assert.match(await unaligned.locator('summary').textContent(), /Not under an objective \(1\)/);
  // "Open in Accord" seeds a workshop in the facilitator's app from the same link.
  assert.equal(await page.getByTestId('open-in-accord').getAttribute('href'), `../#tree=${treeCode(TREE)}`);
  assert.equal(await spills(page), false, 'nothing spills sideways at 390×844');
  await page.screenshot({ path: path.join(SHOTS, 'tree-phone.png'), fullPage: true });
  await axeBoth(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(SHOTS, 'tree-phone-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  // Printing: no buttons, black on white, the collapsed lists opened.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByTestId('add-my-goals').isVisible(), false);
  assert.equal(await page.getByTestId('open-in-accord').isVisible(), false);
  assert.equal(await unaligned.getAttribute('open'), '');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.v-title')).color), 'rgb(0, 0, 0)');
  await page.pdf({ path: path.join(SHOTS, 'tree.pdf') });
  await page.emulateMedia({ media: 'screen' });
  // And on a desktop.
  await page.setViewportSize(DESKTOP);
  assert.equal(await spills(page), false, 'nothing spills sideways at 1280×800');
  await page.screenshot({ path: path.join(SHOTS, 'tree-desktop.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('titles, rationales and names that look like HTML show as text; decisions and deferred goals are shown', async () => {
  const tree = structuredClone(TREE);
  const hostile = '<img src=x onerror="window.__xss=1">Launch a self-serve plan';
  tree.tree[0].children[0].title = hostile;
  tree.decisions = [{ conflict: 'Sales and Product diverge on <b>self-serve</b>', decision: 'Prioritised <script>window.__xss=2</script>', rationale: 'Because <i>small teams</i> buy first', at: '2026-11-20T16:00:00.000Z' }];
  tree.tree[0].children[0].decisions = [0];
  const expo = tree.unaligned.pop();
  expo.status = 'deferred';
  tree.deferred = [expo];
  tree.departments[0].name = '<u>Sales</u>';
  const { context, page, problems } = await open(treeLink(tree));
  const g5 = page.locator('article[data-goal-id=g5]');
  assert.equal(await g5.getByTestId('goal-title').first().textContent(), hostile);
  assert.match(await g5.locator('.v-decided').textContent(), /Decided: Prioritised <script>window.__xss=2<\/script> Why: Because <i>small teams<\/i> buy first/);
  assert.match(await page.locator('.v-log').textContent(), /Sales and Product diverge on <b>self-serve<\/b>/);
  assert.match(await page.getByTestId('deferred').locator('summary').textContent(), /Deferred \(1\)/);
  assert.equal(await page.getByTestId('unaligned').count(), 0);
  assert.ok((await page.getByTestId('department').allTextContents()).includes('<u>Sales</u>'));
  assert.equal(await page.locator('main img, main script, main b, main i, main u').count(), 0, 'no element was made from the text');
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a damaged, cut or wrong link shows the reason and nothing else', async () => {
  const code = treeCode(TREE);
  // Two trees with the same goal ID: valid JSON, deflated and encoded properly, wrong inside.
  const twice = structuredClone(TREE);
  twice.tree[1].id = twice.tree[0].id;
  const cases = [
    [`view/#tree=${code.slice(0, -40)}`, /damaged/],
    [`view/#tree=${code.slice(0, 30)}0${code.slice(31)}`, /damaged/],
    [`view/#tree=${treeCode(twice)}`, /^The goal tree in this link is not valid: .*g1/],
    [`view/#tree=${pack('ACT1.', { t: 'nothex', tree: TREE })}`, /damaged/],
    [`view/#draft=${code}`, /^This is not an Accord draft link/],
  ];
  const { context, page, problems } = await open(`${server.url}view/`);
  assert.match(await page.getByTestId('view-empty').textContent(), /Open the link you were sent/);
  for (const [hash, message] of cases) {
    const tab = await context.newPage();
    const seen = watch(tab);
    await tab.goto(server.url + hash);
    const problem = tab.getByTestId('view-problem');
    await problem.waitFor();
    assert.match(await problem.textContent(), message, hash.slice(0, 60));
    assert.equal(await tab.locator('main > *').count(), 2, 'a heading and the reason, nothing else');
    assert.equal(await tab.getByTestId('tree-goal').count(), 0);
    if (hash.includes('0')) await tab.screenshot({ path: path.join(SHOTS, 'damaged.png') });
    assert.deepEqual(seen, []);
    await tab.close();
  }
  assert.deepEqual(problems, []);
  await context.close();
});

/** Adds one of the person's goals with the "+" button inside `article`. */
async function addGoal(page, article, { title, metric = '', target = '' }) {
  await page.locator(`${article} > div > [data-testid=add-here]`).click();
  const form = page.getByTestId('goal-form');
  await form.getByTestId('my-title').fill(title);
  if (metric) await form.getByTestId('my-metric').fill(metric);
  if (target) await form.getByTestId('my-target').fill(target);
  await form.getByTestId('save-goal').click();
  await form.waitFor({ state: 'detached' });
}

test('a person adds two goals of their own, keeps them through a reload, and sends them back as a code, a file and a link', async () => {
  const { context, page, problems } = await open(treeLink(TREE));
  await page.getByTestId('add-my-goals').click();
  // No "+" until they have said who they are.
  assert.equal(await page.getByTestId('add-here').count(), 0);
  await page.getByTestId('author').fill('  Amara Okafor ');
  await page.getByTestId('save-name').click();
  assert.equal(await page.getByTestId('author-shown').textContent(), 'Amara Okafor');
  await addGoal(page, 'article[data-goal-id=g5]', { title: 'Run ten trial-to-paid calls a week', metric: 'Calls', target: '10 a week' });
  await addGoal(page, 'article[data-goal-id=g18]', { title: 'Write the checkout help pages' });
  // A refused title says why and keeps the form.
  await page.locator('article[data-goal-id=g7] > div > [data-testid=add-here]').click();
  await page.getByTestId('my-title').fill('   ');
  await page.getByTestId('my-title').evaluate((e) => e.removeAttribute('required'));
  await page.getByTestId('save-goal').click();
  assert.match(await page.getByTestId('goal-form').getByRole('alert').textContent(), /Goal title can't be empty/);
  await page.getByTestId('cancel-goal').click();
  await page.screenshot({ path: path.join(SHOTS, 'my-goals-phone.png'), fullPage: true });
  assert.equal(await spills(page), false);
  await axeBoth(page);

  await page.reload();
  await page.getByTestId('author-shown').waitFor();
  assert.deepEqual(await page.getByTestId('my-goal-title').allTextContents(), ['Run ten trial-to-paid calls a week', 'Write the checkout help pages']);
  const stored = await page.evaluate(() => ({ device: localStorage.getItem('accord.view.device'), list: localStorage.getItem('accord.view.0123456789abcdef') }));
  assert.match(stored.device, /^[0-9a-f]{16}:3$/);
  assert.ok(stored.list, 'kept under the workshop tag');

  await page.getByTestId('send-back').click();
  const code = await page.getByTestId('send-code').inputValue();
  const sent = unpackCode(code);
  assert.equal(sent.format, 'accord-contribution');
  assert.equal(sent.source, 'personal');
  assert.equal(sent.author, 'Amara Okafor');
  assert.equal(sent.workshop, TREE.workshop);
  assert.equal(sent.tag, TAG);
  assert.equal(sent.device, stored.device.slice(0, 16));
  assert.equal(sent.department, undefined);
  assert.deepEqual(sent.goals.map((g) => [g.key, g.level, g.under, g.under_title, g.title]), [
    [1, 'individual', 'g5', TREE.tree[0].children[0].title, 'Run ten trial-to-paid calls a week'],
    [2, 'individual', 'g18', TREE.tree[0].children[0].children[0].title, 'Write the checkout help pages'],
  ]);
  assert.equal(sent.goals[0].metric, 'Calls');
  assert.equal(sent.goals[0].target, '10 a week');
  // No QR code in the viewer (it would take the page over its budget): the code, the file, the link.
  assert.equal(await page.locator('main svg').count(), 0);
  assert.equal(await page.getByTestId('give-link').getAttribute('href'), `${server.url}#give=${code}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-file').click()]);
  assert.equal(download.suggestedFilename(), 'goals-Amara-Okafor.json');
  assert.deepEqual(JSON.parse(fs.readFileSync(await download.path(), 'utf8')), sent);
  await page.screenshot({ path: path.join(SHOTS, 'send-back-phone.png'), fullPage: true });
  await axeBoth(page);

  // Edit one, remove one, add another: numbers are never given twice.
  await page.locator('[data-testid=my-goal]').first().getByTestId('edit-goal').click();
  await page.getByTestId('my-target').fill('12 a week');
  await page.getByTestId('save-goal').click();
  await page.locator('[data-testid=my-goal]').nth(1).getByTestId('remove-goal').click();
  await addGoal(page, 'article[data-goal-id=g9]', { title: 'Flag at-risk accounts every Monday' });
  const again = unpackCode(await page.getByTestId('send-code').inputValue());
  assert.deepEqual(again.goals.map((g) => [g.key, g.under, g.target ?? '']), [[1, 'g5', '12 a week'], [3, 'g9', '']]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a department lead drafts goals and an initiative from a draft link and sends the draft back', async () => {
  const draft = {
    t: TAG,
    w: TREE.workshop,
    s: TREE.strategy,
    o: TREE.tree.map((o) => [o.id, o.title, o.description]),
    d: ['d2', 'Product', '#7c3aed'],
  };
  const { context, page, problems } = await open(`${server.url}view/#draft=${pack('ACD1.', draft)}`, DESKTOP);
  assert.equal(await page.getByTestId('department').textContent(), 'Product');
  assert.deepEqual(await page.getByTestId('goal-title').allTextContents(), TREE.tree.map((o) => o.title));
  await page.getByTestId('author').fill('Lena Fischer');
  await page.getByTestId('save-name').click();
  await addGoal(page, 'article[data-goal-id=g1]', { title: 'Ship a self-serve plan', metric: 'Self-serve signups', target: '500 a month' });
  await page.locator('[data-testid=my-goal] [data-testid=add-here]').click();
  await page.getByTestId('my-title').fill('Build the trial flow');
  await page.getByTestId('my-owner').fill('Jonas');
  await page.getByTestId('save-goal').click();
  await addGoal(page, 'article[data-goal-id=g2]', { title: 'Halve onboarding time' });
  assert.equal(await spills(page), false);
  await page.setViewportSize(PHONE);
  assert.equal(await spills(page), false);
  await page.screenshot({ path: path.join(SHOTS, 'draft-phone.png'), fullPage: true });
  await axeBoth(page);
  await page.reload();
  await page.getByTestId('send-back').click();
  const sent = unpackCode(await page.getByTestId('send-code').inputValue());
  assert.equal(sent.source, 'draft');
  assert.equal(sent.department, 'd2');
  assert.equal(sent.author, 'Lena Fischer');
  assert.deepEqual(sent.goals.map((g) => [g.key, g.level, g.under, g.owner ?? '']), [
    [1, 'department_goal', 'g1', ''],
    [2, 'initiative', '#1', 'Jonas'],
    [3, 'department_goal', 'g2', ''],
  ]);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-file').click()]);
  assert.equal(download.suggestedFilename(), 'draft-Lena-Fischer.json');
  assert.deepEqual(problems, []);
  await context.close();
});
