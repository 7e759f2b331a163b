// Accessibility: axe-core on every screen a facilitator or participant meets, in light and
// dark mode, with no serious or critical violation; dark mode follows the system; and
// department colours never stand alone (each chip carries its name).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, createRound, endKiosk, axeProblems, SELF_SERVE, DACH, INBOUND } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });


/** Visits every screen, collecting axe's serious and critical findings per screen. */
async function auditEveryScreen(colorScheme) {
  const app = await openApp(browser, server.url, '#define');
  await app.page.emulateMedia({ colorScheme });
  const found = {};
  const audit = async (screen) => {
    const problems = await axeProblems(app.page);
    if (problems.length) found[screen] = problems;
  };
  await audit('define');
  await app.openLibrary();
  await audit('library');
  await app.byTestId('library-button').click();

  await app.goTo('align');
  await audit('align: map and outline');
  await app.byTestId('outline-row').first().click();
  await audit('align: goal editor');

  await app.goTo('prioritise');
  await audit('prioritise: revealed results');
  await createRound(app, { name: 'Revenue bets', method: 'ranked', goals: [SELF_SERVE, DACH, INBOUND] });
  await audit('prioritise: open round and own devices');
  await app.byTestId('invite-row').first().getByTestId('show-invite').click();
  const link = await app.byTestId('invite-link').inputValue();
  await audit('prioritise: invite QR');
  await app.byTestId('vote-here').click();
  await app.byTestId('pick-voter').first().click();
  await audit('prioritise: pass-the-device ballot');
  await endKiosk(app);

  await app.goTo('resolve');
  await audit('resolve: conflict board');
  await app.byTestId('resolve-conflict').first().click();
  await audit('resolve: resolution form');

  await app.goTo('export');
  await audit('export');

  const [presenter] = await Promise.all([app.page.waitForEvent('popup'), (async () => {
    await app.goTo('align');
    await app.byTestId('open-presenter').click();
  })()]);
  await presenter.getByTestId('presenter-tree').waitFor();
  const presenterProblems = await axeProblems(presenter);
  if (presenterProblems.length) found['presenter window'] = presenterProblems;

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, colorScheme });
  const participant = await phone.newPage();
  await participant.goto(link);
  await participant.getByTestId('invite-title').waitFor();
  let problems = await axeProblems(participant);
  if (problems.length) found['participant: ballot'] = problems;
  await participant.getByRole('button', { name: `Rank next: ${DACH}` }).click();
  await participant.getByTestId('make-code').click();
  await participant.getByTestId('ballot-code').waitFor();
  problems = await axeProblems(participant);
  if (problems.length) found['participant: ballot code'] = problems;
  await participant.goto(link.split('#')[0]);
  await participant.getByTestId('participant-home').waitFor();
  problems = await axeProblems(participant);
  if (problems.length) found['participant: home'] = problems;

  await phone.close();
  await app.context.close();
  return found;
}

test('every screen passes axe-core with no serious or critical violation, in light mode', async () => {
  assert.deepEqual(await auditEveryScreen('light'), {});
});

test('every screen passes axe-core with no serious or critical violation, in dark mode', async () => {
  assert.deepEqual(await auditEveryScreen('dark'), {});
});

test('dark mode follows the system setting, and department colours always carry their names', async () => {
  const app = await openApp(browser, server.url, '#define');
  const background = () => app.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await app.page.emulateMedia({ colorScheme: 'light' });
  const light = await background();
  await app.page.emulateMedia({ colorScheme: 'dark' });
  const dark = await background();
  assert.notEqual(light, dark);
  const luminance = (rgb) => rgb.match(/\d+/g).slice(0, 3).reduce((a, b) => a + Number(b), 0);
  assert.ok(luminance(dark) < luminance(light), `${dark} is darker than ${light}`);

  for (const phase of ['define', 'align', 'prioritise', 'resolve']) {
    await app.goTo(phase);
    const unnamed = await app.page.evaluate(() => [...document.querySelectorAll('.dept-chip, [style*="--dept"]')]
      .filter((el) => el.textContent.trim() === '' && !el.getAttribute('aria-label') && !el.closest('[aria-hidden=true]'))
      .map((el) => el.outerHTML.slice(0, 80)));
    assert.deepEqual(unnamed, [], `${phase}: a department colour without its name`);
  }
  await app.context.close();
});
