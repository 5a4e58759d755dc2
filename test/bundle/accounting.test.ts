// Tax and revenue recognition on the built bundle: the Settings' tax on new invoices (fixed at creation),
// a tax-free package, and the Revenue Recognition report tab with its chart.
import { FORTNIGHTLY_RESET, newStudio, ok, type Studio, setSetting } from '../support/studio';

function table(studio: Studio, name: string): string[][] {
  return studio.services().SpreadsheetApp.getActive().getSheetByName(name).getDataRange().getDisplayValues();
}

function sellTo(studio: Studio, day: string, name: string, taxFree: boolean) {
  const pkg = ok(studio.call(day, 'savePackage', { ...FORTNIGHTLY_RESET, name, priceCents: 6050, taxFree })).package;
  const client = ok(studio.call(day, 'saveClient', { name: `${name} client` })).client;
  return ok(studio.call(day, 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: day }));
}

describe('tax on invoices', () => {
  it('new invoices carry the Settings tax, rounded per invoice; a later rate changes new invoices only', () => {
    const studio = newStudio();
    setSetting(studio, 'Tax rate (%)', '10');
    setSetting(studio, 'Tax ID', 'ABN 12 345 678 901');
    const sold = sellTo(studio, '2026-01-05', 'Taxed', false);
    expect(sold.receipt.preview.firstInvoice.amountCents).toBe(6050);
    sellTo(studio, '2026-01-05', 'Health', true);
    setSetting(studio, 'Prices include tax', 'No');
    ok(studio.call('2026-01-19', 'runDailyProcesses', {}));
    const rows = studio.dump('Invoices').Invoices.map((r) => [r.Key, r.Amount, r.Net, r.Tax]);
    expect(rows).toEqual([
      ['S-1:0', 60.5, 55, 5.5],
      ['S-2:0', 60.5, 60.5, 0], // tax-free
      ['S-1:1', 66.55, 60.5, 6.05], // now added to the price
      ['S-2:1', 60.5, 60.5, 0],
    ]);
    expect(studio.dump('Packages').Packages.map((p) => p['Tax Free'])).toEqual(['', 'Yes']);
    // Another run recomputes nothing.
    setSetting(studio, 'Tax rate (%)', '20');
    ok(studio.call('2026-01-20', 'runDailyProcesses', {}));
    expect(studio.dump('Invoices').Invoices.map((r) => [r.Key, r.Amount, r.Net, r.Tax])).toEqual(rows);
  });

  it('a bad rate stops invoicing, naming its cell: never an invoice without its tax', () => {
    const studio = newStudio();
    sellTo(studio, '2026-01-05', 'Taxed', false);
    setSetting(studio, 'Tax rate (%)', 'ten');
    const sold = studio.call('2026-01-12', 'sellPackage', {
      clientId: 'C-1',
      packageId: 'P-1',
      startDate: '2026-01-12',
    });
    expect(sold.ok).toBe(false);
    expect(sold.errors?.[0].message).toMatch(/^Settings row \d+: Tax rate \(%\): cell B\d+ "ten" can't be read/);
    const run = studio.call('2026-01-19', 'runDailyProcesses', {});
    expect(run.ok).toBe(false);
    expect(run.errors?.[0].message).toMatch(/Tax rate \(%\): cell B\d+ "ten" can't be read/);
    expect(studio.dump('Invoices').Invoices.map((r) => r.Key)).toEqual(['S-1:0']);
  });
});

describe('Revenue Recognition', () => {
  it('earns a session when it is used, lapses the rest at the reset, carries the unearned; with a chart', () => {
    const studio = newStudio();
    setSetting(studio, 'Tax rate (%)', '10');
    setSetting(studio, 'Tax ID', 'ABN 12 345 678 901');
    sellTo(studio, '2026-01-26', 'Taxed', false); // 6 sessions, $55.00 net each fortnight
    ok(studio.call('2026-01-27', 'checkIn', { saleId: 'S-1' }));
    ok(studio.call('2026-02-03', 'checkIn', { saleId: 'S-1' }));
    ok(studio.call('2026-02-03', 'recordPayment', { invoiceNo: 1, amount: 6050, method: 'card' }));
    ok(studio.call('2026-02-10', 'runDailyProcesses', {}));
    const report = table(studio, 'Revenue Recognition');
    // The title is short enough to read whole; how to read the figures is the note below the total.
    expect(report[0][0]).toBe(
      'Revenue earned per month, net of tax: sessions used and lapsed; unearned carried — My Studio — as of 2026-02-10',
    );
    expect(report.slice(5).map((r) => r[0])).toEqual([
      'Amounts are net of 10% tax (Tax invoice — ABN 12 345 678 901).',
      'Invoiced = earned + change in unearned.',
      'Unearned now = the sessions held ($55.00).',
    ]);
    expect(report[1]).toEqual([
      'Month',
      'Invoiced (net)',
      'Earned',
      'Collected',
      'Sessions Used',
      'Sessions Lapsed',
      'Unearned (month end)',
      'Tax Invoiced',
    ]);
    // $55.00 over 6 sessions, each taken from what is left: $9.17 for the first (55.00 ÷ 6 = 9.1666…),
    // $9.17 for the second (45.83 ÷ 5 = 9.166); the 4 left lapse at the reset on 9 Feb ($36.66).
    expect(report.slice(2, 5)).toEqual([
      ['2026-01', '$55.00', '$9.17', '$0.00', '$9.17', '$0.00', '$45.83', '$5.50'],
      ['2026-02', '$55.00', '$45.83', '$60.50', '$9.17', '$36.66', '$55.00', '$5.50'],
      ['Total', '$110.00', '$55.00', '$60.50', '$18.34', '$36.66', '$55.00', '$11.00'],
    ]);
    const [chart] = studio.services().SpreadsheetApp.getActive().getSheetByName('Revenue Recognition').getCharts();
    expect(chart.getRanges()).toEqual(['A2:D4']);
    // Below the table (the report is too wide for a chart beside it on a laptop): a row clear of the note.
    expect([chart.getContainerInfo().getAnchorRow(), chart.getContainerInfo().getAnchorColumn()]).toEqual([10, 1]);
  });
});
