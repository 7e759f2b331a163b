// The guided workshop (#14): the stepper says where the workshop stands and the one next
// action, which follows what the facilitator does; a first visit is welcomed with the demo
// or a new workshop (remembered once dismissed); empty lists say what to do; and axe finds
// nothing serious in light or dark on any phase, welcome and empty workshop included.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, axeProblems } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const PHASES = ['define', 'align', 'prioritise', 'resolve', 'export'];

const nextStep = async (app) => (await app.byTestId('next-step').textContent()).replace('Next step: ', '').trim();
const stepStates = (app) => Promise.all(PHASES.map((p) => app.byTestId(`phase-${p}`).getAttribute('data-state')));

/** The conflicts on the Resolve board that nobody has settled (open or reopened). */
const unsettledOnBoard = (app) => app.page.locator('[data-testid=conflict-status].open, [data-testid=conflict-status].reopened').count();

test('the stepper shows where the demo stands and its next action, and follows a decision', async () => {
  const app = await openApp(browser, server.url, '#define');
  // The demo's round is revealed and nothing is settled: the next action is in Resolve.
  await app.goTo('resolve');
  const unsettled = await unsettledOnBoard(app);
  assert.ok(unsettled >= 2, `the demo has conflicts to settle (${unsettled})`);
  await app.goTo('define');
  assert.equal(await nextStep(app), `${unsettled} conflicts unsettled: settle them in Resolve`);
  assert.deepEqual(await stepStates(app), ['done', 'done', 'done', 'current', 'todo']);
  // The stepper's state is in each step's accessible name, not only in its look.
  assert.match(await app.byTestId('phase-resolve').textContent(), /Resolve\s*\(next action here\)/);
  assert.match(await app.byTestId('phase-define').textContent(), /Define\s*\(done\)/);

  // The link goes there, and is not offered where the facilitator already is.
  const go = app.byTestId('next-step-go');
  assert.equal((await go.textContent()).replace('→', '').trim(), 'Go to Resolve');
  await go.click();
  await app.page.waitForFunction(() => document.querySelector('main')?.dataset.phase === 'resolve');
  assert.equal(await app.byTestId('phase-resolve').getAttribute('aria-current'), 'page');
  assert.equal(await go.count(), 0);

  // Settle one conflict on the record: the next action counts one fewer.
  const orphan = app.byTestId('conflict').filter({ has: app.page.locator('[data-testid=conflict-status].open') }).last();
  await orphan.getByTestId('resolve-conflict').click();
  await orphan.getByTestId('resolution-accept').check();
  await orphan.getByTestId('rationale').fill('We keep it this year and revisit in Q2.');
  await orphan.getByTestId('apply-resolution').click();
  await app.waitForNotice(/Decision recorded in the log\./);
  const left = await unsettledOnBoard(app);
  assert.equal(left, unsettled - 1);
  await app.page.waitForFunction(
    (n) => document.querySelector('[data-testid=next-step]')?.textContent.includes(`${n} conflict`),
    left,
  );
  assert.equal(await nextStep(app), `${left} ${left === 1 ? 'conflict' : 'conflicts'} unsettled: settle ${left === 1 ? 'it' : 'them'} in Resolve`);

  // Undo takes the decision back, and the next action with it.
  await app.byTestId('undo').click();
  await app.page.waitForFunction(
    (n) => document.querySelector('[data-testid=next-step]')?.textContent.includes(`${n} conflicts`),
    unsettled,
  );
  assert.deepEqual(app.problems, []);
  await app.close();
});

test('a first visit is welcomed; the demo button keeps the demo and the welcome stays dismissed', async () => {
  const app = await openApp(browser, server.url);
  const welcome = app.byTestId('welcome');
  await welcome.waitFor();
  assert.match(await welcome.getByRole('heading', { level: 2 }).textContent(), /Welcome to Accord/);
  // The demo is open behind it, as before.
  const demoTitle = await app.title();
  assert.notEqual(demoTitle, 'Untitled workshop');
  await app.byTestId('welcome-demo').click();
  await welcome.waitFor({ state: 'detached' });
  assert.equal(await app.title(), demoTitle);
  assert.deepEqual(await app.libraryTitles(), [demoTitle], 'the demo is not added twice');
  await app.byTestId('library-button').click();
  await app.reload();
  assert.equal(await app.title(), demoTitle);
  assert.equal(await welcome.count(), 0, 'dismissed once, not shown again');
  assert.deepEqual(app.problems, []);
  await app.close();
});

test('a link to a phase is never met by the welcome', async () => {
  const app = await openApp(browser, server.url, '#align');
  await app.byTestId('outline').waitFor();
  assert.equal(await app.byTestId('welcome').count(), 0);
  await app.close();
});

test('"Start a new workshop" opens an empty one whose empty lists and next action say what to do', async () => {
  const app = await openApp(browser, server.url);
  await app.byTestId('welcome').waitFor();
  await app.byTestId('welcome-new').click();
  await app.waitForTitle('Untitled workshop');
  await app.byTestId('welcome').waitFor({ state: 'detached' });
  assert.equal(await app.page.locator('main').getAttribute('data-phase'), 'define');
  assert.equal(await nextStep(app), 'No strategy yet: write the strategy statement the workshop aligns to, in Define');
  assert.deepEqual(await stepStates(app), ['current', 'todo', 'todo', 'todo', 'todo']);
  assert.match(await app.byTestId('no-departments').textContent(), /No departments yet.*Add each department/);
  assert.match(await app.byTestId('no-participants').textContent(), /Nobody in the room yet/);
  // The library keeps the demo beside the new workshop.
  assert.equal((await app.libraryTitles()).length, 2);
  await app.byTestId('library-button').click();

  // Writing the strategy moves the next action on to departments.
  await app.byTestId('define-strategy').fill('Win the mid-market');
  await app.byTestId('define-strategy').press('Tab');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=next-step]')?.textContent.includes('No departments yet'));
  await app.page.getByLabel('New department').fill('Sales');
  await app.page.getByRole('button', { name: 'Add department' }).click();
  await app.byTestId('no-departments').waitFor({ state: 'detached' });
  await app.page.waitForFunction(() => document.querySelector('[data-testid=next-step]')?.textContent.startsWith('Next step: Nobody is in the room yet'));

  await app.goTo('align');
  assert.match(await app.byTestId('outline-empty').textContent(), /No goals to show.*Add a company objective/);
  await app.goTo('prioritise');
  assert.match(await app.byTestId('no-rounds').textContent(), /No rounds yet.*New round/);
  await app.goTo('resolve');
  await app.byTestId('no-conflicts').waitFor();
  assert.match(await app.byTestId('no-decisions').textContent(), /No decisions yet/);
  assert.deepEqual(app.problems, []);
  await app.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds nothing serious or critical on any phase, welcome and empty workshop included (${colorScheme})`, async () => {
    const app = await openApp(browser, server.url);
    await app.page.emulateMedia({ colorScheme });
    const found = {};
    const audit = async (screen) => {
      const problems = await axeProblems(app.page);
      if (problems.length) found[screen] = problems;
    };
    await app.byTestId('welcome').waitFor();
    await audit('welcome over the demo');
    await app.byTestId('welcome-demo').click();
    for (const phase of PHASES) {
      await app.goTo(phase);
      await audit(`demo: ${phase}`);
    }
    await app.openLibrary();
    await app.byTestId('new-workshop').click();
    await app.waitForTitle('Untitled workshop');
    for (const phase of PHASES) {
      await app.goTo(phase);
      await audit(`empty workshop: ${phase}`);
    }
    assert.deepEqual(found, {});
    assert.deepEqual(app.problems, []);
    await app.close();
  });
}
