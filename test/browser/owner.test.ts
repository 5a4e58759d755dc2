/**
 * The owner's sidebars: record a payment against an invoice (the outstanding balance follows), and pause
 * sales from a date for a number of weeks.
 */
import { expect } from '@jest/globals';
import { dump, openSidebar, type Studio, screenshot, seed, startStudio } from './harness';

let studio: Studio;
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
    ['runDailyProcesses', {}],
  ]);
}, 60_000);
afterAll(async () => {
  await studio?.close();
});
afterEach(() => {
  expect(studio.dialogs).toEqual([]);
  expect(studio.pageErrors).toEqual([]);
});

test('record a part payment, then the rest: the outstanding balance and the invoice status follow', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Record payment…', 'Record payment');
  await f.getByLabel('Client').selectOption({ label: 'Ava Chen' });
  await f.getByText('Owes $600.00 on 2 invoice(s)').waitFor();
  await expect(f.getByLabel('Amount').inputValue()).resolves.toBe('300.00');
  await f.getByLabel('Amount').fill('120');
  await f.getByLabel('Method').selectOption('cash');
  await f.getByRole('button', { name: 'Record payment' }).click();
  await f.getByText('Recorded $120.00 on invoice #1: $180.00 left to pay.').waitFor();
  await f.getByText('Owes $480.00 on 2 invoice(s)').waitFor();
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

test('pause sales from a date: the Sales row and the ledger show it', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Pause selected sales…', 'Pause sales');
  await f.getByRole('textbox', { name: 'Sales' }).fill('S-1, S-9');
  await f.getByLabel('Pause from').fill('2026-12-21');
  await f.getByLabel('For (weeks)').fill('2');
  await f.getByRole('button', { name: 'Pause' }).click();
  await f.getByText('Paused 1 sale(s).').waitFor();
  await f.getByText('S-9: No sale with id S-9.').waitFor();
  await screenshot(page, 'pause', 'pause');
  const tabs = await dump(studio);
  expect(tabs.Sales[0].Pauses).toBe('2026-12-21 for 2 weeks');
  expect(tabs.Adjustments.filter((a) => a.Type === 'Pause').map((a) => a.Key)).toEqual(['S-1:pause:2026-12-21']);
});
