/**
 * The owner's day in the browser, on an empty workbook: set up a package with the wizard, sell it, check
 * in until the balance is zero and the refusal shows, correct with a reason, read the history. Each step
 * is checked on screen and in the workbook.
 */
import { expect } from '@jest/globals';
import {
  closeAfterTests,
  dump,
  openSidebar,
  type Studio,
  savedFormatProblems,
  screenshot,
  startStudio,
} from './harness';

let studio: Studio;
beforeAll(async () => {
  studio = await startStudio('walkthrough');
}, 60_000);
closeAfterTests(() => studio);

test('the package form: one page, a live summary in plain words, errors that go once fixed; it saves', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Set up package…', 'Set up package');
  const save = f.getByRole('button', { name: 'Save package' });
  const summary = f.locator('#package-summary');

  // Saving empty: every missing field says what to type, beside it, and nothing is sent.
  await save.click();
  await f.getByText('Type a name for the package.').waitFor();
  await f.getByText('Type the amount, like 300 or 300.00.').waitFor();
  await f.getByText('Type how many sessions each fortnight gives, like 6.').waitFor();
  await expect(save.textContent()).resolves.toBe('Save package');
  // Fixing a field takes its error away at once; the others stay until they are fixed.
  await f.getByLabel('Package name').fill('Reformer Fortnightly');
  await expect(f.getByText('Type a name for the package.').count()).resolves.toBe(0);
  await expect(f.getByLabel('Package name').getAttribute('aria-invalid')).resolves.toBeNull();
  await f.getByText('Type the amount, like 300 or 300.00.').waitFor();
  // A free package is allowed, as the server allows it ($0.00 and up): 0 is no error, a negative amount is.
  const amountError = f.locator('[data-field=priceCents] .error:not([hidden])');
  await f.getByLabel('Amount each time ($)').fill('-5');
  await save.click();
  await amountError.getByText('The amount cannot be negative: type 0 for a free package.').waitFor();
  await f.getByLabel('Amount each time ($)').fill('0');
  await save.click();
  await f.getByText('Type how many sessions each fortnight gives, like 6.').waitFor();
  await expect(amountError.count()).resolves.toBe(0);

  await f.getByLabel('Billed').selectOption('monthly');
  await f.getByLabel('Amount each time ($)').fill('240');
  await f.getByLabel('Sessions each time').fill('8');
  await f.getByRole('radio', { name: /Carry over/ }).check();
  await f.getByLabel('Carry over up to (sessions, optional)').fill('12');
  await summary
    .getByText('$240.00 every month, 8 sessions each month, unused sessions carry over, up to 12, no end date')
    .waitFor();
  await f.getByText('About 1.8 a week.').waitFor();
  await f.getByText('That is $30.00 a session.', { exact: false }).waitFor();
  // A commitment (issue 15): the summary says it; then left out again.
  await f.getByLabel('Minimum billing periods (optional)').fill('6');
  await f.getByLabel('Notice to cancel (days, optional)').fill('30');
  await summary.getByText("no end date, at least 6 months, 30 days' notice to cancel").waitFor();
  await f.getByLabel('Minimum billing periods (optional)').fill('');
  await f.getByLabel('Notice to cancel (days, optional)').fill('');
  // Back to the seed's example: fortnightly, 6 sessions, Reset; the summary follows every change.
  await f.getByLabel('Billed').selectOption('fortnightly');
  await f.getByLabel('Amount each time ($)').fill('300');
  await f.getByLabel('Sessions each time').fill('6');
  await f.getByRole('radio', { name: /Lapse/ }).check();
  await expect(f.getByLabel('Carry over up to (sessions, optional)').isVisible()).resolves.toBe(false);
  await f.getByText('0 means open-ended: it bills until it is cancelled.').waitFor();
  await summary
    .getByText('$300.00 every fortnight, 6 sessions each fortnight, unused sessions are lost, no end date')
    .waitFor();
  await f.getByText('3 a week.').waitFor();

  await screenshot(page, 'package-form', 'package');
  await save.click();
  await f.getByText('Package saved').waitFor();
  // The saved package's line (the package list's "Edit … (P-1)" option may already be there too).
  await f.getByText('Reformer Fortnightly (P-1)', { exact: true }).waitFor();
  await screenshot(page, 'package-saved');

  const { Packages } = await dump(studio, 'Packages');
  expect(Packages).toEqual([
    {
      'Package ID': 'P-1',
      Name: 'Reformer Fortnightly',
      'Sessions per Period': 6,
      Frequency: 'Fortnightly',
      'Reset/Add': 'Reset',
      'Keep Recurring Weeks': 0,
      'Price per Period': 300,
      'Rollover Cap': '',
      'Usable Days After End': '',
      'Expire After Periods': '',
      'Intro Periods': '',
      'Intro Price': '',
      'Minimum Periods': '',
      'Notice Days': '',
      'Tax Free': '',
      // Set in the Packages tab for card payments (Get paid with Stripe); the form leaves it blank (No).
      'Charge Automatically': '',
    },
  ]);
  // The grid refreshed after the write.
  await page.locator('.cells td', { hasText: 'Reformer Fortnightly' }).waitFor();
});

test("the server's field errors show next to the field, and the button keeps its words", async () => {
  const { page } = studio;
  const f = page.frameLocator('#sidebar-frame');
  await f.getByRole('button', { name: 'Set up another' }).click();
  await f.getByLabel('Package name').fill('reformer fortnightly');
  await f.getByLabel('Sessions each time').fill('4');
  await f.getByLabel('Amount each time ($)').fill('200.5');
  await f.getByRole('button', { name: 'Save package' }).click();
  const error = f.locator('[data-field=name] .error');
  await error.waitFor();
  await expect(error.textContent()).resolves.toContain('A package named "Reformer Fortnightly" already exists (P-1).');
  await expect(f.getByLabel('Package name').getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(f.locator('button[type=submit]').textContent()).resolves.toBe('Save package');
  await screenshot(page, 'package-field-error');
  await f.getByLabel('Package name').fill('Reformer Fortnightly (4)');
  await expect(error.isVisible()).resolves.toBe(false);
  const { Packages } = await dump(studio, 'Packages');
  expect(Packages).toHaveLength(1);
});

test('selling shows the first invoice, the first allocation and the next due dates, then the receipt', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Sell package…', 'Sell package');
  await f.getByLabel('Client').selectOption({ label: '+ Add a new client' });
  await f.getByLabel('Name').fill('Ava Chen');
  await f.getByLabel('Email (optional)').fill('ava@example.com');
  await f.getByLabel('Package', { exact: true }).selectOption({ label: 'Reformer Fortnightly' });
  await expect(f.getByLabel('Package Start Date').inputValue()).resolves.toBe('2026-11-25');
  await f.getByText('The first invoice falls due on this date.').waitFor();

  await f.getByText('$300.00 due Wed 25 Nov 2026').waitFor();
  await f.getByText('6 sessions on Wed 25 Nov 2026').waitFor();
  for (const d of ['Wed 9 Dec 2026', 'Wed 23 Dec 2026', 'Wed 6 Jan 2027']) await f.getByText(d).waitFor();
  // The package in words shows once, under the Package field (not again in the preview).
  const terms = await f
    .locator('[data-field=packageId] .help, [data-field=packageId] [id$=-help]')
    .first()
    .textContent();
  expect(terms).toMatch(/every fortnight/);
  await expect(f.getByText(terms ?? '', { exact: true }).count()).resolves.toBe(1);
  await screenshot(page, 'sale-preview', 'sale');

  await f.getByRole('button', { name: 'Sell package' }).click();
  await f.getByText('Sold to Ava Chen').waitFor();
  await f.getByText(/Invoice #\S+: \$300\.00 due Wed 25 Nov 2026/).waitFor();
  await expect(f.locator('.balance-text').textContent()).resolves.toBe('6 sessions');
  await screenshot(page, 'sale-receipt');

  const tabs = await dump(studio);
  expect(tabs.Clients).toMatchObject([{ 'Client ID': 'C-1', Name: 'Ava Chen', Email: 'ava@example.com' }]);
  expect(tabs.Sales).toMatchObject([{ 'Sale ID': 'S-1', 'Client ID': 'C-1', 'Start Date': '2026-11-25' }]);
  expect(tabs.Invoices).toHaveLength(1);
  expect(tabs.Invoices[0]).toMatchObject({ 'Due Date': '2026-11-25' });
  expect(tabs.Adjustments).toMatchObject([{ Type: expect.stringMatching(/alloc/i), Sessions: 6 }]);
});

test('a start date in the past says, before Sell, which invoices the sale creates at once', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Sell package…', 'Sell package');
  // The date field starts at the studio's today (from the server), not the browser's own date.
  await expect(f.getByLabel('Package Start Date').inputValue()).resolves.toBe('2026-11-25');
  await f.getByLabel('Package', { exact: true }).selectOption({ label: 'Reformer Fortnightly' });
  await expect(f.locator('#catch-up').count()).resolves.toBe(0);
  await f.getByLabel('Package Start Date').fill('2026-10-28');
  await f.getByLabel('Package Start Date').dispatchEvent('change');
  const warning = f.locator('#catch-up');
  await warning.getByText('The start date is in the past.').waitFor();
  await expect(warning.textContent()).resolves.toContain(
    'Selling creates 3 invoices at once, already due, $900.00 in all:',
  );
  for (const d of ['Wed 28 Oct 2026', 'Wed 11 Nov 2026', 'Wed 25 Nov 2026'])
    await warning.getByText(`$300.00 due ${d}`).waitFor();
  await warning.getByText('The client then has 6 sessions.').waitFor();
  await screenshot(page, 'sale-catch-up');
  // A year back: 26 invoices, said as a count and a total, the list cut to its first and last few (issue
  // 31, item 25).
  await f.getByLabel('Package Start Date').fill('2025-12-03');
  await f.getByLabel('Package Start Date').dispatchEvent('change');
  await warning.getByText('… 21 more …').waitFor();
  await expect(warning.textContent()).resolves.toContain(
    'Selling creates 26 invoices at once, already due, $7,800.00 in all:',
  );
  await expect(warning.locator('li').count()).resolves.toBe(6);
  // A start date after today: the first sessions come at once, said in words before Sell (item 20).
  await f.getByLabel('Package Start Date').fill('2026-12-09');
  await f.getByLabel('Package Start Date').dispatchEvent('change');
  await f
    .locator('#starts-later', {
      hasText:
        'Starts later, on Wed 9 Dec 2026: the first invoice is made now and falls due then, and its 6 sessions can be used from today, Wed 25 Nov 2026.',
    })
    .waitFor();
  await expect(f.locator('#catch-up').count()).resolves.toBe(0);
  // Nothing is sold until Sell.
  await expect(dump(studio).then((t) => t.Invoices.length)).resolves.toBe(1);
});

test('check in until the balance is zero; the refusal offers "allow overdraw"', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Check in…', 'Check in');
  await expect(f.getByLabel('Date').inputValue()).resolves.toBe('2026-11-25');
  await f.getByLabel('Client').fill('ava');
  const card = f.locator('form.card', { hasText: 'Ava Chen' });
  await card.getByText('6 sessions left').waitFor();
  // A Reset package: when the next sessions come, and that unused ones lapse then.
  await expect(card.locator('.next').textContent()).resolves.toBe('6 sessions on Wed 9 Dec: unused ones lapse then');
  const checkIn = card.getByRole('button', { name: 'Check in' });
  for (let left = 5; left >= 0; left--) {
    await checkIn.click();
    await card.locator('.balance', { hasText: `${left} session${left === 1 ? '' : 's'} left` }).waitFor();
    // Each check-in's note says which one of the day it was: a second click is visibly a second session.
    const nth = ['', ' (the 2nd session that day)', ' (the 3rd session that day)'][5 - left];
    if (nth !== undefined) await card.getByText(`Checked in Ava Chen on Wed 25 Nov 2026${nth}.`).waitFor();
    await checkIn.waitFor({ state: 'visible' });
    await expect(checkIn.isEnabled()).resolves.toBe(true);
  }
  await checkIn.click();
  const refusal = card.locator('.error', { hasText: 'has no sessions left' });
  await refusal.waitFor();
  await expect(refusal.textContent()).resolves.toContain('Choose "allow overdraw" to check in anyway.');
  await expect(card.getByLabel(/Allow overdraw/).isVisible()).resolves.toBe(true);
  await expect(card.getByLabel(/Allow overdraw/).isChecked()).resolves.toBe(false);
  await screenshot(page, 'checkin-refused', 'checkin');

  const { Adjustments } = await dump(studio, 'Adjustments');
  expect(Adjustments.filter((a) => /use/i.test(String(a.Type)))).toHaveLength(6);
});

test('a correction needs a reason; the history shows every row with its running balance', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Adjustments history…', 'Adjustments history');
  await f.getByLabel('Client').selectOption({ label: 'Ava Chen' });
  const table = f.locator('table');
  await table.waitFor();
  await expect(table.locator('tbody tr').count()).resolves.toBe(7);

  await f.getByLabel('Sessions (+ to add, − to remove)').fill('2');
  await f.getByRole('button', { name: 'Correct' }).click();
  await f.locator('[data-field=reason] .error', { hasText: 'the reason is kept' }).waitFor();

  await f.getByLabel('Reason (required)').fill('Make-up for the class we cancelled');
  await f.getByRole('button', { name: 'Correct' }).click();
  await f.getByText('Corrected: the balance is now 2 sessions.').waitFor();
  await expect(table.locator('tbody tr').count()).resolves.toBe(8);
  const last = table.locator('tbody tr').last();
  await expect(last.textContent()).resolves.toContain('Make-up for the class we cancelled');
  await expect(last.locator('td').nth(2).textContent()).resolves.toBe('+2');
  await expect(last.locator('td').nth(3).textContent()).resolves.toBe('2');
  const balances = await table.locator('tbody tr td:nth-child(4)').allTextContents();
  expect(balances).toEqual(['6', '5', '4', '3', '2', '1', '0', '2']);
  await screenshot(page, 'history-corrected', 'history');

  const { Adjustments } = await dump(studio, 'Adjustments');
  expect(Adjustments).toHaveLength(8);
  expect(JSON.stringify(Adjustments.at(-1))).toContain('Make-up for the class we cancelled');
});

test('a correction below zero (or of many periods) shows what it leaves and is recorded only once confirmed', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Adjustments history…', 'Adjustments history');
  await f.getByLabel('Client').selectOption({ label: 'Ava Chen' });
  const table = f.locator('table');
  await table.waitFor();
  const rows = await table.locator('tbody tr').count();

  // The balance is 2 (the test above): -100 would leave -98, shown as it is typed.
  await f.getByLabel('Sessions (+ to add, − to remove)').fill('-100');
  await f.getByText(/^Leaves −?-?98 sessions \(2 sessions now\)\.$/).waitFor();
  await f.getByLabel('Reason (required)').fill('Typo check');
  await f.getByRole('button', { name: 'Correct' }).click();
  await f.getByText(/leaves Ava Chen -98 sessions on sale S-\d+ \(2 now\): below zero/).waitFor();
  const confirm = f.getByLabel('Confirm: record this correction');
  await expect(confirm.isVisible()).resolves.toBe(true);
  // Refused, nothing written.
  expect((await dump(studio, 'Adjustments')).Adjustments).toHaveLength(rows);

  // Typing another amount asks again; a small one needs no confirmation.
  await f.getByLabel('Sessions (+ to add, − to remove)').fill('-1');
  await expect(confirm.isVisible()).resolves.toBe(false);
  await f.getByText('Leaves 1 session (2 sessions now).').waitFor();
  await f.getByLabel('Sessions (+ to add, − to remove)').fill('-100');
  await f.getByRole('button', { name: 'Correct' }).click();
  await confirm.check();
  await f.getByRole('button', { name: 'Correct' }).click();
  await f.getByText(/^Corrected: the balance is now −?-?98 sessions\.$/).waitFor();
  await expect(confirm.isVisible()).resolves.toBe(false);
  const { Adjustments } = await dump(studio, 'Adjustments');
  expect(Adjustments).toHaveLength(rows + 1);
  expect(Adjustments.at(-1)).toMatchObject({ Sessions: -100, Note: 'Typo check' });
});

test("the saved .xlsx after the owner's day: every data row has its column's format, none the header's style (issue 31, item 2)", async () => {
  expect(await savedFormatProblems(studio.workbook)).toEqual([]);
});
