/**
 * The owner's sidebars: record a payment against an invoice (the outstanding balance follows), and pause
 * sales from a date for a number of weeks, picked by selecting their rows in the Sales tab.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { FrameLocator } from 'playwright-core';
import {
  closeAfterTests,
  dump,
  openSidebar,
  type Studio,
  savedFormatProblems,
  screenshot,
  seed,
  startStudio,
} from './harness';

const { stripeKey } = require('../../local/studio');

let studio: Studio;
/** Every sidebar: its menu item and its title. */
const SIDEBARS: [string, string][] = [
  ['Add or edit a client…', 'Add or edit a client'],
  ['Sell package…', 'Sell package'],
  ['Check in…', 'Check in'],
  ['Record payment…', 'Record payment'],
  ['Adjustments history…', 'Adjustments history'],
  ['Pause selected sales…', 'Pause sales'],
  ['Set up package…', 'Set up package'],
  ['Export for accounting…', 'Export for accounting'],
  ['Get paid with Stripe…', 'Get paid with Stripe'],
];
beforeAll(async () => {
  studio = await startStudio('owner');
  await seed(studio, [
    [
      'savePackage',
      {
        name: 'Reformer Fortnightly',
        sessionsPerPeriod: 6,
        frequency: 'fortnightly',
        rollover: 'reset',
        recurWeeks: 0,
        priceCents: 30000,
      },
    ],
    ['saveClient', { name: 'Ava Chen' }],
    ['sellPackage', { clientId: 'C-1', packageId: 'P-1', startDate: '2026-11-02' }],
    ['saveClient', { name: 'Ben Ortiz' }],
    ['sellPackage', { clientId: 'C-2', packageId: 'P-1', startDate: '2026-11-09' }],
    ['saveClient', { name: 'Cleo Park' }],
    ['sellPackage', { clientId: 'C-3', packageId: 'P-1', startDate: '2026-11-16' }],
    ['runDailyProcesses', {}],
  ]);
}, 60_000);
closeAfterTests(() => studio);

test('record a part payment, then the rest: the outstanding balance and the invoice status follow', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Record payment…', 'Record payment');
  // With no client chosen, the form asks for the client (the amount follows the invoice chosen).
  await f.getByRole('button', { name: 'Record payment' }).click();
  await f.locator('[data-field=clientId] .error', { hasText: 'Choose the client who paid.' }).waitFor();
  await expect(f.locator('.error:not([hidden])').allTextContents()).resolves.toEqual(['Choose the client who paid.']);
  await f.getByLabel('Client').selectOption({ label: 'Ava Chen' });
  await f.getByText('Owes $600.00 on 2 invoices').waitFor();
  await expect(f.getByLabel('Amount').inputValue()).resolves.toBe('300.00');
  await f.getByLabel('Amount').fill('120');
  await f.getByLabel('Method').selectOption('cash');
  await f.getByRole('button', { name: 'Record payment' }).click();
  await f.getByText('Recorded $120.00 on invoice #1: $180.00 left to pay.').waitFor();
  await f.getByText('Owes $480.00 on 2 invoices').waitFor();
  await screenshot(page, 'payment', 'payment');
  // Over-paying is refused next to the field, and nothing is written.
  await f.getByLabel('Amount').fill('500');
  await f.getByRole('button', { name: 'Record payment' }).click();
  await f.getByText('Invoice #1 has $180.00 left to pay.').waitFor();
  const tabs = await dump(studio);
  expect(tabs.Payments.map((p) => [p['Invoice No'], p.Amount, p.Method])).toEqual([[1, 120, 'Cash']]);
  expect(tabs.Invoices[0]).toMatchObject({ Paid: 120 });
  expect(['Part-paid', 'Overdue']).toContain(tabs.Invoices[0].Status);
});

test('add a client, be asked about a second "Ava Chen" typed otherwise, edit one without losing their "no email" (issue 31, item 12)', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Add or edit a client…', 'Add or edit a client');
  const save = f.getByRole('button', { name: 'Add client' });
  await f.getByLabel('Name').fill('  ava   CHEN ');
  await save.click();
  await f
    .getByText(
      'Ava Chen (C-1) already has that name on the Clients tab. Choose them instead, or confirm to add ava CHEN as another client.',
    )
    .waitFor();
  expect((await dump(studio, 'Clients')).Clients).toHaveLength(3);
  // A new client: no question.
  await f.getByLabel('Name').fill('Dana Reyes');
  await f.getByLabel('Email (optional)').fill('dana@example.com');
  await f.getByText('No email: this client said no').click();
  await save.click();
  await f.getByText('Added Dana Reyes (C-4).').waitFor();
  await screenshot(page, 'clients', 'clients');
  // After an add the form is empty for the next new client (typing on never changes the one just added).
  await expect(f.getByLabel('Client', { exact: true }).inputValue()).resolves.toBe('');
  await expect(f.getByLabel('Name').inputValue()).resolves.toBe('');
  await expect(f.getByRole('button', { name: 'Add client' }).isVisible()).resolves.toBe(true);
  // Chosen again, the form holds what was saved; a phone added keeps "no email".
  await f.getByLabel('Client', { exact: true }).selectOption('C-4');
  await expect(f.getByRole('checkbox', { name: /No email/ }).isChecked()).resolves.toBe(true);
  await f.getByLabel('Phone (optional)').fill('0400 111 222');
  await f.getByRole('button', { name: 'Save changes' }).click();
  await f.getByText('Saved Dana Reyes (C-4).').waitFor();
  // Another client's email, in capitals: asked, then saved once confirmed.
  await f.getByLabel('Client', { exact: true }).selectOption('');
  await f.getByLabel('Name').fill('Dan Reyes');
  await f.getByLabel('Email (optional)').fill(' DANA@EXAMPLE.COM ');
  await save.click();
  await f.getByText(/Dana Reyes \(C-4\) already has the email dana@example.com/).waitFor();
  await f.getByRole('checkbox', { name: /Confirm: save this client/ }).check();
  await save.click();
  await f.getByText('Added Dan Reyes (C-5).').waitFor();
  const clients = (await dump(studio, 'Clients')).Clients;
  expect(clients.slice(3).map((c) => [c['Client ID'], c.Name, c.Email, c.Phone, c['No Email']])).toEqual([
    ['C-4', 'Dana Reyes', 'dana@example.com', '0400 111 222', 'Yes'],
    ['C-5', 'Dan Reyes', 'DANA@EXAMPLE.COM', '', ''],
  ]);
});

test('the sale form asks before adding a new client another client already is (issue 31, item 12)', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Sell package…', 'Sell package');
  await f.getByLabel('Client', { exact: true }).selectOption('__new__');
  await f.getByLabel('Name').fill(' BEN  ortiz ');
  await f.getByLabel('Package', { exact: true }).selectOption({ label: 'Reformer Fortnightly' });
  await f.getByRole('button', { name: 'Sell package' }).click();
  await f
    .getByText(
      'Ben Ortiz (C-2) already has that name on the Clients tab. Choose them instead, or confirm to add BEN ortiz as another client.',
    )
    .waitFor();
  const before = await dump(studio);
  await f.getByRole('checkbox', { name: 'Confirm: add them as someone new' }).check();
  await f.getByRole('button', { name: 'Sell package' }).click();
  await f.getByText(/Sold to BEN ortiz/).waitFor();
  const after = await dump(studio);
  expect(after.Clients.length - before.Clients.length).toBe(1);
  expect(after.Sales.length - before.Sales.length).toBe(1);
});

test('pause sales from a date: the Sales row and the ledger show it', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Pause selected sales…', 'Pause sales');
  // No rows are selected in the Sales tab: the hint says where else the ids go.
  await f
    .getByText('Select the rows of the sales to pause in the Sales tab first. Or type the sale ids in the Sales box.')
    .waitFor();
  const pause = f.getByRole('button', { name: 'Pause' });
  // Every sale skipped: said as such, not a green "Paused 0 sales".
  await f.getByRole('textbox', { name: 'Sales' }).fill('S-9');
  await f.getByLabel('Pause from').fill('2026-12-21');
  await f.getByLabel('For (weeks)').fill('2');
  await pause.click();
  await f.locator('.notice', { hasText: 'Nothing was paused: the sale was skipped.' }).waitFor();
  await f.getByText('S-9: No sale with id S-9.').waitFor();
  await expect(f.locator('[role=status] .ok').count()).resolves.toBe(0);
  await f.getByRole('textbox', { name: 'Sales' }).fill('S-1, S-9');
  await pause.click();
  await f.locator('.ok', { hasText: 'Paused 1 sale.' }).waitFor();
  // The pause's note in the owner's date format (the Pauses cell keeps the form it is read back in).
  await f
    .getByText(
      'S-1: Paused for 2 weeks from Mon 21 Dec 2026 to Sun 3 Jan 2027: the invoice due Mon 14 Dec 2026 comes before it; the next falls due Mon 11 Jan 2027.',
    )
    .waitFor();
  await f.getByText('S-9: No sale with id S-9.').waitFor();
  await screenshot(page, 'pause', 'pause');
  const tabs = await dump(studio);
  expect(tabs.Sales[0].Pauses).toBe('2026-12-21 for 2 weeks');
  expect(tabs.Adjustments.filter((a) => a.Type === 'Pause').map((a) => a.Key)).toEqual(['S-1:pause:2026-12-21']);
});

test('rows selected in the Sales tab (click a row head, Ctrl-click another) prefill "Pause selected sales…"', async () => {
  const { page } = studio;
  await page.getByRole('tab', { name: 'Sales' }).click();
  const rowHead = (n: number) =>
    page
      .locator('#grid tbody tr')
      .nth(n - 1)
      .locator('th.rowhead');
  await rowHead(2).click();
  await rowHead(4).click({ modifiers: ['Control'] });
  await expect(rowHead(2).getAttribute('aria-selected')).resolves.toBe('true');
  await expect(rowHead(3).getAttribute('aria-selected')).resolves.toBe('false');
  await expect(page.locator('#grid tbody tr.selected').count()).resolves.toBe(2);
  // The sidebar asks the server for the selection once it has loaded: wait until the box is filled.
  const filled = (f: FrameLocator) => f.locator('textarea:not(:placeholder-shown)');
  const f = await openSidebar(page, 'Pause selected sales…', 'Pause sales');
  await expect(filled(f).inputValue()).resolves.toBe('S-1, S-3');
  // Shift-click extends the block: rows 2 to 4 are three sales.
  await rowHead(2).click();
  await rowHead(4).click({ modifiers: ['Shift'] });
  await expect(page.locator('#grid tbody tr.selected').count()).resolves.toBe(3);
  const g = await openSidebar(page, 'Pause selected sales…', 'Pause sales');
  await expect(filled(g).inputValue()).resolves.toBe('S-1, S-2, S-3');
});

test('a report tab shows its header colours and the revenue chart at its anchor', async () => {
  const { page } = studio;
  // Reopen the spreadsheet: the grid shows the tabs the seeding wrote (the reports among them).
  await page.reload();
  await page.getByRole('tab', { name: 'Revenue by Month' }).click();
  const chart = page.locator('#grid figure.chart svg');
  await chart.waitFor();
  await expect(chart.getAttribute('aria-label')).resolves.toBe('Invoiced and collected per month');
  // One bar per month and series with a value: November was invoiced.
  await expect(chart.locator('rect[height]:not([height="0"])').count()).resolves.toBeGreaterThan(2);
  const header = page.locator('#grid tbody tr').nth(1).locator('td').first();
  await expect(header.evaluate((td) => getComputedStyle(td).fontWeight)).resolves.toMatch(/^(700|bold)$/);
  // The header row's background (#e8f0fe, as the add-on sets it) is drawn too.
  await expect(header.evaluate((td) => getComputedStyle(td).backgroundColor)).resolves.toBe('rgb(232, 240, 254)');
  // The workbook's column widths hold: the long title in A1 is clipped at its cell, not widening column A.
  const layout = await page.locator('#grid table.cells').evaluate((table) => {
    const cols = [...table.querySelectorAll('col')].map((c) => Number.parseInt((c as HTMLElement).style.width, 10));
    const a1 = table.querySelector('tbody tr td') as HTMLElement;
    return { table: table.getBoundingClientRect().width, cols, a1: [a1.scrollWidth, a1.clientWidth] };
  });
  expect(layout.table).toBeCloseTo(
    layout.cols.reduce((a, b) => a + b, 0),
    0,
  );
  expect(layout.a1[0]).toBeGreaterThan(layout.a1[1]);
});

test('at a narrow width the tab bar shows arrows that scroll to the tabs out of sight', async () => {
  const { page } = studio;
  const size = page.viewportSize();
  await page.setViewportSize({ width: 700, height: 760 });
  try {
    await page.getByRole('tab', { name: 'Revenue by Month' }).click();
    await page.locator('#tabs-right').waitFor();
    await page.locator('#tabs-left').waitFor();
    const scrolled = () => page.locator('#tabs').evaluate((t) => t.scrollLeft);
    // The Revenue tab (last) is chosen, so the bar sits scrolled to its end: ‹ goes back.
    const before = await scrolled();
    await page.locator('#tabs-left').click();
    await page.waitForFunction((x) => (document.getElementById('tabs')?.scrollLeft ?? x) < x, before);
    const back = await scrolled();
    await page.locator('#tabs-right').click();
    await page.waitForFunction((x) => (document.getElementById('tabs')?.scrollLeft ?? x) > x, back);
  } finally {
    if (size) await page.setViewportSize(size);
  }
});

test('pause one sale from its history: a bad number of weeks is refused next to the field, then it pauses', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Adjustments history…', 'Adjustments history');
  await f.getByLabel('Client').selectOption({ label: 'Ben Ortiz' });
  await f.getByRole('region', { name: 'Sale S-2' }).waitFor();
  await f.getByLabel('Pause from').fill('2026-12-14');
  await f.getByLabel('For (weeks)').fill('0');
  await f.getByRole('button', { name: 'Pause sale' }).click();
  await f.getByText(/Pause weeks must be a whole number/).waitFor();
  expect((await dump(studio)).Sales[1].Pauses).toBe('');
  await f.getByLabel('For (weeks)').fill('3');
  await f.getByRole('button', { name: 'Pause sale' }).click();
  await f.getByText('Paused from Mon 14 Dec 2026 for 3 weeks: later due dates move by as much.').waitFor();
  // The ledger in the sidebar shows the pause row, its date and note in the owner's format.
  const pauseRow = f.getByRole('region', { name: 'Sale S-2' }).locator('tr[data-type=pause]');
  await pauseRow.getByRole('cell', { name: 'Paused' }).waitFor();
  await expect(pauseRow.locator('td.date').textContent()).resolves.toBe('Mon 14 Dec 2026');
  await expect(pauseRow.locator('.note').textContent()).resolves.toBe(
    'Paused for 3 weeks from Mon 14 Dec 2026 to Sun 3 Jan 2027: the invoice due Mon 7 Dec 2026 comes before it; the next falls due Mon 11 Jan 2027.',
  );
  const tabs = await dump(studio);
  expect(tabs.Sales[1]).toMatchObject({ 'Sale ID': 'S-2', Pauses: '2026-12-14 for 3 weeks' });
  expect(tabs.Adjustments.filter((a) => a.Type === 'Pause').map((a) => a.Key)).toContain('S-2:pause:2026-12-14');
});

test('a date typed in Record payment that the browser cannot read (30/02/yyyy) is refused next to the field, never recorded as today (issue 31, item 1)', async () => {
  const { page } = studio;
  const before = (await dump(studio)).Payments.length;
  const f = await openSidebar(page, 'Record payment…', 'Record payment');
  await f.getByLabel('Client').selectOption({ label: 'Ben Ortiz' });
  await f.getByText(/^Owes /).waitFor();
  const date = f.getByLabel('Date paid');
  // Typed as an owner types it, segment by segment (dd/mm/yyyy in this browser's en-AU locale), the year
  // not finished, then Enter: the field shows 30/02/yyyy, which the browser can't read (its value is '').
  await date.fill('');
  await date.click({ position: { x: 8, y: 8 } });
  await date.pressSequentially('3002');
  await expect(date.evaluate((e: HTMLInputElement) => [e.value, e.validity.badInput])).resolves.toEqual(['', true]);
  await date.press('Enter');
  await f
    .locator('[data-field=date] .error', {
      hasText: 'That date does not exist, or none was typed: pick a day in the calendar (or type one that exists).',
    })
    .waitFor();
  expect((await dump(studio)).Payments).toHaveLength(before);
});

test('every sidebar opens with the cursor in its first field (issue 31, item 21)', async () => {
  const { page } = studio;
  for (const [caption, title] of SIDEBARS) {
    const f = await openSidebar(page, caption, title);
    const first = f.locator('#app :is(input, select, textarea):visible').first();
    await first.waitFor();
    let focused = false;
    for (let i = 0; i < 50 && !focused; i++) {
      focused = await first.evaluate((el) => el === document.activeElement);
      if (!focused) await page.waitForTimeout(100);
    }
    expect([title, focused]).toEqual([title, true]);
  }
});

test('cancel and change package in the history: the question follows the date, one set of buttons, each sale its own dates (issue 31, items 9 and 10)', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Adjustments history…', 'Adjustments history');
  await f.getByLabel('Client').selectOption({ label: 'Cleo Park' });
  await f.getByRole('region', { name: 'Sale S-3' }).waitFor();
  // Change package: the unused-sessions choice has a value, the date is this sale's next due date.
  await expect(f.getByLabel('Unused sessions (Add packages)').inputValue()).resolves.toBe('all');
  await expect(f.getByLabel('From the period due on').inputValue()).resolves.toBe('2026-11-30');
  // Cancel from before the start: refused before any question.
  const ask = f.getByRole('button', { name: 'Cancel sale…' });
  await f.getByLabel('Cancel from').fill('2026-11-10');
  await ask.click();
  await f.getByText('Cancel date must be after the start date Mon 16 Nov 2026.').waitFor();
  await expect(f.getByRole('button', { name: 'Keep the sale' }).count()).resolves.toBe(0);
  // A good date: the question names it, and only its two buttons show.
  await f.getByLabel('Cancel from').fill('2026-12-28');
  await ask.click();
  await f.getByText(/^Cancel S-3 from Mon 28 Dec 2026\?/).waitFor();
  await expect(ask.isVisible()).resolves.toBe(false);
  // The date changed: the question about the old one goes, the form's button is back.
  await f.getByLabel('Cancel from').fill('2027-01-11');
  await ask.waitFor();
  await expect(f.getByText(/^Cancel S-3 from/).isVisible()).resolves.toBe(false);
  // Another client: the change form's date is their sale's, not the one shown before.
  await f.getByLabel('Client').selectOption({ label: 'Ben Ortiz' });
  await f.getByRole('region', { name: 'Sale S-2' }).waitFor();
  await expect(f.getByLabel('From the period due on').inputValue()).resolves.toBe('2026-12-07');
  // "Carry over up to…" with no number: asked for under the number, never saved as "carry all".
  const packages = f.getByLabel('New package');
  const other = (await packages.locator('option').allTextContents()).find((t) => t && !/choose/i.test(t));
  if (other) await packages.selectOption({ label: other });
  await f.getByLabel('Unused sessions (Add packages)').selectOption('up');
  await f.getByLabel('Up to (sessions)').fill('');
  await f.getByRole('button', { name: 'Change package' }).click();
  await f.getByText('Type how many sessions to carry over, like 4.').waitFor();
  // Nothing was cancelled, and no package changed.
  const { Sales } = await dump(studio);
  expect(Sales.filter((s) => (s['End Date'] ?? '') !== '')).toEqual([]);
  expect(Sales.filter((s) => (s['Package Changes'] ?? '') !== '')).toEqual([]);
});

test('look check: no sidebar scrolls sideways or cuts its title, at 1440 × 900 and at 480 px; the Outbox button stays on screen (issue 31, items 11, 22)', async () => {
  const { page } = studio;
  const wide: string[] = [];
  for (const width of [1440, 480]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [caption, title] of SIDEBARS) {
      const f = await openSidebar(page, caption, title);
      if (title === 'Adjustments history') {
        // With a client's history shown: the ledger table, its notes and the action forms.
        await f.getByLabel('Client').selectOption({ label: 'Ben Ortiz' });
        await f.getByRole('region', { name: 'Sale S-2' }).locator('tr[data-type=pause]').waitFor();
        // Every column readable: the entry and its note get room, not a letter or two a line.
        const columns = await f
          .getByRole('region', { name: 'Sale S-2' })
          .locator('thead th')
          .evaluateAll((ths) => ths.map((th) => Math.round(th.getBoundingClientRect().width)));
        const [date, what] = columns;
        if (date < 60 || what < 70) wide.push(`history columns at ${width} px: ${columns.join(', ')}`);
        await f.getByRole('region', { name: 'Sale S-2' }).locator('table').scrollIntoViewIfNeeded();
        await screenshot(page, `history-ledger-${width}`);
      }
      const [scroll, client] = await f.locator('html').evaluate((el) => [el.scrollWidth, el.clientWidth] as const);
      if (scroll > client) wide.push(`${title} at ${width} px: ${scroll} > ${client}`);
      const heading = page.locator('#sidebar-title');
      const [text, room] = await heading.evaluate((el) => [el.scrollWidth, el.clientWidth] as const);
      if (text > room) wide.push(`the title "${title}" at ${width} px is cut: ${text} > ${room}`);
    }
    const outbox = await page.locator('#outbox-toggle').boundingBox();
    if (!outbox || outbox.x + outbox.width > width)
      wide.push(`the Outbox button at ${width} px: ${JSON.stringify(outbox)}`);
  }
  await page.setViewportSize({ width: 1180, height: 760 });
  expect(wide).toEqual([]);
  // The package sidebar does not say "Set up package" twice (its title says it).
  const f = await openSidebar(page, 'Set up package…', 'Set up package');
  await expect(f.getByText('Set up package', { exact: true }).count()).resolves.toBe(0);
});

test('the package form never describes impossible input back; it says what is wrong (issue 31, item 18)', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Set up package…', 'Set up package');
  await f.getByLabel('Name').fill('Odd');
  await f.getByLabel('Amount each time ($)').fill('-5');
  await f.getByLabel('Sessions each time').fill('2');
  await f.getByLabel('Keep recurring for (weeks)').fill('100000');
  const summary = f.locator('.summary');
  await summary.getByText('Not a package yet:').waitFor();
  await summary.getByText('Keep recurring weeks must be a whole number from 0 to 520.').waitFor();
  await summary.getByText('Amount per billing period must be an amount from $0.00 to $1,000,000.00.').waitFor();
  await expect(summary.textContent()).resolves.not.toContain('-$5.00');
  await f.getByText('Keep recurring weeks must be a whole number from 0 to 520.').first().waitFor();
  await expect(f.getByText(/Ends after 100000 weeks/).count()).resolves.toBe(0);
});

test('a payment dated before its invoice was made asks to confirm; changing the date takes the question back (issue 31, item 3)', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Record payment…', 'Record payment');
  await f.getByLabel('Client', { exact: true }).selectOption({ label: 'Ava Chen' });
  const invoice = f.getByLabel('Invoice');
  await invoice.locator('option', { hasText: 'due Mon 16 Nov 2026' }).waitFor({ state: 'attached' });
  await invoice.selectOption({
    label: (await invoice.locator('option', { hasText: 'due Mon 16 Nov 2026' }).textContent()) ?? '',
  });
  await f.getByLabel('Date paid').fill('2026-11-10');
  const record = f.getByRole('button', { name: 'Record payment' });
  await record.click();
  const question = f.getByRole('checkbox', { name: 'Confirm: record this payment with this date' });
  await question.waitFor();
  await f
    .getByText(/comes before it/)
    .first()
    .waitFor();
  // Another date: the question was about the old one.
  await f.getByLabel('Date paid').fill('2026-11-11');
  await expect(question.isVisible()).resolves.toBe(false);
  const before = (await dump(studio)).Payments.length;
  await record.click();
  await question.check();
  await record.click();
  await f.getByText(/^Recorded \$/).waitFor();
  await expect(question.isVisible()).resolves.toBe(false);
  const payments = (await dump(studio)).Payments;
  expect(payments.length).toBe(before + 1);
});

test("the saved .xlsx after all of the above: every data row has its column's format, none the header's style (issue 31, item 2)", async () => {
  const tabs = await dump(studio);
  // The workflow wrote to every history tab from the sidebars (sales, payments, pauses, clients, the ledger).
  for (const tab of ['Clients', 'Sales', 'Invoices', 'Payments', 'Adjustments'])
    expect(tabs[tab].length).toBeGreaterThan(0);
  expect(await savedFormatProblems(studio.workbook)).toEqual([]);
  // The check sees what Excel would: a copy with one amount in General format and bold is two problems.
  const copy = join(mkdtempSync(join(tmpdir(), 'formats-')), 'copy.xlsx');
  const xlsx = new ExcelJS.Workbook();
  await xlsx.xlsx.readFile(studio.workbook);
  const amount = xlsx.getWorksheet('Payments')?.getCell('F2');
  if (!amount) throw new Error('No Payments!F2');
  // A style of its own (exceljs shares one style object between the cells that had the same style).
  amount.style = { ...amount.style, numFmt: 'General', font: { bold: true } };
  await xlsx.xlsx.writeFile(copy);
  expect(await savedFormatProblems(copy)).toEqual([
    'Payments!F2 (Amount): format "General" for a money column',
    'Payments!F2 (Amount): bold, like the header',
  ]);
});

test('Get paid with Stripe: a restricted key connects and shows as "Connected (test mode) · key …abcd", never the key; a client without an address gets the link back', async () => {
  const { page } = studio;
  // A key of the workbook's local (imitated) Stripe account, as `studio stripe-key` prints it.
  const key: string = await stripeKey({ workbook: studio.workbook, today: '2026-11-20' }, false);
  const f = await openSidebar(page, 'Get paid with Stripe…', 'Get paid with Stripe');
  await f.getByText('Not connected: paste a restricted key of your Stripe account.').waitFor();
  await f.getByLabel('Restricted key').fill(key);
  await f.getByLabel('Your website').fill('https://pilates.example/thanks');
  await f.getByRole('button', { name: 'Connect' }).click();
  await f.getByText(`Connected (test mode) · key …${key.slice(-4)} · AUD`).waitFor();
  // The field is emptied, and the page never holds the key again.
  await expect(f.getByLabel('Restricted key').inputValue()).resolves.toBe('');
  await expect(f.locator('html').innerHTML()).resolves.not.toContain(key);
  await f.getByLabel('Client').selectOption({ label: 'Ava Chen (C-1)' });
  await f.getByRole('button', { name: 'Email the link' }).click();
  await f.getByText(/^Not emailed \(skipped: no address\): give them this link yourself\./).waitFor();
  await f.getByText(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/).waitFor();
  expect((await dump(studio)).Clients.find((c) => c['Client ID'] === 'C-1')).toMatchObject({
    'Stripe Customer': expect.stringMatching(/^cus_/),
    Card: expect.stringMatching(/^Waiting for the card: link sent/),
  });
  await screenshot(page, 'stripe');
});

test("the check-in sidebar's cards of a shared sale: both say who shares it, and a check-in on one redraws the other", async () => {
  const { page } = studio;
  await seed(studio, [['shareSale', { saleId: 'S-1', clientIds: ['C-2'] }]]);
  const f = await openSidebar(page, 'Check in…', 'Check in');
  const ava = f.getByRole('form', { name: 'Ava Chen: Reformer Fortnightly' });
  const ben = f.locator('form.card', { hasText: 'S-1 · shared by Ava Chen' });
  await ben.waitFor();
  const before = Number((await ava.locator('.balance').textContent())?.match(/-?\d+/)?.[0]);
  // The same line as the desk's: each person and the sessions they used, the one whose card it is marked.
  await ben.getByText(/^Shared: Ava Chen \d+ used, Ben Ortiz \(here\) 0 used$/).waitFor();
  await ava.getByText(/^Shared: Ava Chen \(here\) \d+ used, Ben Ortiz 0 used$/).waitFor();
  await ben.getByRole('button', { name: 'Check in' }).click();
  await ben.getByText(/^Checked in Ben Ortiz on /).waitFor();
  // Ava's card of the same sale shows the balance after Ben's check-in, and Ben's use.
  await ava.getByText(`${before - 1} session${before - 1 === 1 ? '' : 's'} left`).waitFor();
  await ava.getByText(/Ben Ortiz 1 used$/).waitFor();
  await expect(ava.getByText(/^Checked in/).count()).resolves.toBe(0);
});
