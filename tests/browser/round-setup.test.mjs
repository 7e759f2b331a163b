// The new-round form as a careless or hostile hand fills it: numbers too large for a
// count are refused by the round's own rule, never silently replaced by a default.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, SELF_SERVE, DACH } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('a dot budget of 99999999999 is refused with the limit, not turned into the default budget', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  const rounds = (await app.storedWorkshop()).rounds.length;
  await app.byTestId('new-round').click();
  await app.byTestId('round-name').fill('Stuffed budget');
  await app.byTestId('method-dot').check();
  assert.equal(await app.byTestId('round-dots').getAttribute('max'), '1000');
  await app.byTestId('round-dots').fill('99999999999');
  for (const goal of [SELF_SERVE, DACH]) await app.page.getByRole('checkbox', { name: goal, exact: true }).check();
  await app.byTestId('create-round').click();
  // The browser's own check stops the form at the field…
  assert.equal(await app.byTestId('round-dots').evaluate((el) => el.validity.rangeOverflow), true);
  assert.equal((await app.storedWorkshop()).rounds.length, rounds, 'no round was made');
  // …and with that check taken away (an old browser, a hostile hand), the round's own
  // rule refuses the number instead of quietly using the default budget.
  await app.byTestId('round-dots').evaluate((el) => el.removeAttribute('max'));
  await app.byTestId('create-round').click();
  await app.waitForNotice(/Each person needs between 1 and 1000 dots\./);
  assert.equal((await app.storedWorkshop()).rounds.length, rounds, 'no round was made');
  app.assertHealthy();
  await app.close();
});

test('a ranked round over more goals than can be counted in a second is refused with the reason', async () => {
  const app = await openApp(browser, server.url, '#prioritise');
  await app.openLibrary();
  await app.byTestId('add-large').click();
  await app.waitForTitle('Generated workshop (2000 goals)');
  await app.goTo('prioritise');
  const rounds = (await app.storedWorkshop()).rounds.length;
  await app.byTestId('new-round').click();
  await app.byTestId('round-name').fill('Everything, ranked');
  await app.byTestId('method-ranked').check();
  // 401 goals: one past the most a ranked round may have.
  await app.byTestId('round-goal').first().waitFor();
  await app.page.$$eval('[data-testid=round-goal]', (boxes) => boxes.slice(0, 401).forEach((box) => box.click()));
  // The form says so before the round is made…
  await app.page.getByText('Goals to vote on (401 chosen; a ranked round takes at most 400)').waitFor();
  // …and creating it anyway is refused with the reason.
  await app.byTestId('create-round').click();
  await app.waitForNotice(/asks people to rank 401 goals; a ranked round takes at most 400, so that counting it stays under a second/);
  assert.equal((await app.storedWorkshop()).rounds.length, rounds, 'no round was made');
  // Four hundred is fine.
  await app.page.$$eval('[data-testid=round-goal]', (boxes) => boxes[400].click());
  await app.page.getByText('Goals to vote on (400 chosen)').waitFor();
  await app.byTestId('create-round').click();
  await app.page.getByText('Everything, ranked').first().waitFor();
  // Saved within moments; wait for the stored copy to hold the new round.
  while ((await app.storedWorkshop()).rounds.length === rounds) await app.page.waitForTimeout(100);
  const made = (await app.storedWorkshop()).rounds.at(-1);
  assert.deepEqual([made.name, made.method.kind, made.goals.length], ['Everything, ranked', 'ranked', 400]);
  app.assertHealthy();
  await app.close();
});
