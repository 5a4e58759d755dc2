// The owner's view on the built bundle: pause (one sale, over a month-end; many at once, in constant
// calls), report tabs after each run, Settings (grace days, time zone check), hand-typed payments.
import { REPORTS } from '../../sheets-template/tabs';
import { days, FORTNIGHTLY_RESET, newStudio, ok, type Studio, withSyntheticSales } from '../support/studio';

const { writeSyntheticStudio } = require('../../local/synthetic');

function monthlyFromJan31(studio: Studio) {
  const pkg = ok(
    studio.call('2026-01-31', 'savePackage', { ...FORTNIGHTLY_RESET, name: 'Monthly', frequency: 'monthly' }),
  ).package;
  const client = ok(studio.call('2026-01-31', 'saveClient', { name: 'Ava Chen' })).client;
  ok(studio.call('2026-01-31', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-01-31' }));
}

describe('pause', () => {
  it('over a month-end: nothing falls due inside; every later due date moves two weeks; the ledger and Sales show it', () => {
    const studio = newStudio();
    monthlyFromJan31(studio);
    const reply = ok(studio.call('2026-02-10', 'pauseSale', { saleId: 'S-1', from: '2026-02-20', weeks: 2 }));
    expect(reply.paused.note).toBe(
      'Paused for 2 weeks from Fri 20 Feb 2026 to Thu 5 Mar 2026: the invoice due Sat 31 Jan 2026 comes before it; the next falls due Sat 14 Mar 2026.',
    );
    for (const day of days('2026-02-11', '2026-05-20')) ok(studio.call(day, 'runDailyProcesses', {}));
    expect(studio.dump('Invoices').Invoices.map((r) => r['Due Date'])).toEqual([
      '2026-01-31',
      '2026-03-14',
      '2026-04-14',
      '2026-05-14',
    ]);
    expect(studio.dump('Sales').Sales[0].Pauses).toBe('2026-02-20 for 2 weeks');
    const pauseRow = studio.dump('Adjustments').Adjustments.find((r) => r.Type === 'Pause');
    expect(pauseRow).toMatchObject({ Key: 'S-1:pause:2026-02-20', Date: '2026-02-20', Sessions: 0, Balance: 6 });
    // Reset happens on the moved dates.
    expect(
      studio
        .dump('Adjustments')
        .Adjustments.filter((r) => r.Type === 'Reset')
        .map((r) => r.Date),
    ).toEqual(['2026-03-14', '2026-04-14', '2026-05-14']);
  });

  it('refuses a pause that starts before an invoice already due, naming the field, and writes nothing', () => {
    const studio = newStudio();
    monthlyFromJan31(studio);
    ok(studio.call('2026-03-01', 'runDailyProcesses', {}));
    const before = studio.dump();
    const reply = studio.call('2026-03-01', 'pauseSale', { saleId: 'S-1', from: '2026-02-20', weeks: 1 });
    expect(reply).toEqual({
      ok: false,
      errors: [
        {
          field: 'from',
          message: 'Invoice #2 is already made for Sat 28 Feb 2026: pause from a later date.',
        },
      ],
    });
    expect(studio.dump()).toEqual(before);
  });

  function bulk(sales: number) {
    const studio = newStudio();
    withSyntheticSales(studio, sales, 60);
    ok(studio.call('2026-03-01', 'runDailyProcesses', {}));
    const rt = studio.runtime('2026-03-02');
    const saleIds = Array.from({ length: sales }, (_, i) => `S-${i + 1}`);
    const reply = rt.load().pauseSales({ saleIds, from: '2026-12-21', weeks: 2 });
    rt.endExecution();
    return { studio, reply, calls: rt.stats.sheetsCalls };
  }

  it('pauses 500 sales at once (a studio closure) in the same number of Sheets calls as 50', () => {
    const small = bulk(50);
    const large = bulk(500);
    expect(large.reply).toMatchObject({ ok: true, skipped: [] });
    expect(large.reply.paused).toHaveLength(500);
    expect(large.calls).toBe(small.calls);
    const sales = large.studio.dump('Sales').Sales;
    expect(sales.every((s) => s.Pauses === '2026-12-21 for 2 weeks')).toBe(true);
    // Nothing falls due inside the closure.
    ok(large.studio.call('2027-01-05', 'runDailyProcesses', {}));
    const inside = large.studio
      .dump('Invoices')
      .Invoices.filter((r) => String(r['Due Date']) >= '2026-12-21' && String(r['Due Date']) < '2027-01-04');
    expect(inside).toEqual([]);
  });

  it('reads the sale ids of the rows selected in the Sales tab', () => {
    const studio = newStudio();
    writeSyntheticStudio(studio.services().SpreadsheetApp.getActive(), {
      sales: 5,
      today: '2026-03-01',
      historyDays: 30,
    });
    const rt = studio.runtime('2026-03-02');
    rt.setActiveRange('Sales', 'B2:D4');
    expect(rt.load().getSelectedSales()).toEqual({ ok: true, saleIds: ['S-1', 'S-2', 'S-3'] });
    rt.setActiveRange('Invoices', 'A1');
    expect(rt.load().getSelectedSales()).toMatchObject({ ok: false, errors: [{ field: '' }] });
  });
});

describe('reports and settings', () => {
  function billed() {
    const studio = newStudio();
    const pkg = ok(studio.call('2026-01-05', 'savePackage', FORTNIGHTLY_RESET)).package;
    const client = ok(studio.call('2026-01-05', 'saveClient', { name: 'Ava Chen' })).client;
    ok(studio.call('2026-01-05', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-01-05' }));
    ok(studio.call('2026-01-06', 'recordPayment', { invoiceNo: 1, amount: 30000, method: 'card' }));
    ok(studio.call('2026-01-07', 'checkIn', { saleId: 'S-1' }));
    return studio;
  }
  const table = (studio: Studio, name: string) => {
    const sheet = studio.services().SpreadsheetApp.getActive().getSheetByName(name);
    return sheet.getDataRange().getDisplayValues() as string[][];
  };

  it('are rewritten after every run: upcoming, overdue, sessions remaining, unearned, revenue (with a chart)', () => {
    const studio = billed();
    ok(studio.call('2026-02-10', 'runDailyProcesses', {}));
    for (const r of Object.values(REPORTS)) expect(table(studio, r.name)[1]).toEqual(r.columns.map((c) => c.header));
    expect(table(studio, 'Overdue Invoices').slice(2)).toEqual([
      ['2', 'S-1', 'Ava Chen', '2026-01-19', '$300.00', '$0.00', '$300.00', '22'],
      ['3', 'S-1', 'Ava Chen', '2026-02-02', '$300.00', '$0.00', '$300.00', '8'],
      ['Total', '', '2 invoices', '', '', '', '$600.00', ''],
    ]);
    expect(
      table(studio, 'Upcoming Invoices')
        .slice(2, 4)
        .map((r) => r[0]),
    ).toEqual(['2026-02-16', '2026-03-02']);
    expect(table(studio, 'Sessions Remaining')[2]).toEqual([
      'Ava Chen',
      'S-1',
      'Reformer Fortnightly',
      '6',
      '2026-02-16',
      '$300.00',
    ]);
    expect(table(studio, 'Unearned Sessions')[2]).toEqual(['Reformer Fortnightly', '1', '6', '$300.00']);
    expect(table(studio, 'Revenue by Month').slice(2)).toEqual([
      ['2026-01', '$600.00', '$300.00'],
      ['2026-02', '$300.00', '$0.00'],
      ['Total', '$900.00', '$300.00'],
      ['Invoiced by due date, collected by payment date.', '', ''],
    ]);
    const [chart] = studio.services().SpreadsheetApp.getActive().getSheetByName('Revenue by Month').getCharts();
    expect(chart.getRanges()).toEqual(['A2:C4']);
    // Beside the report, under its frozen title and header rows (which would cover the chart's title).
    expect([chart.getContainerInfo().getAnchorRow(), chart.getContainerInfo().getAnchorColumn()]).toEqual([3, 5]);
    // The next run rewrites them: the tab is as long as the report, the chart follows the months.
    ok(studio.call('2026-03-10', 'runDailyProcesses', {}));
    expect(
      table(studio, 'Revenue by Month')
        .slice(2)
        .map((r) => r[0]),
    ).toEqual(['2026-01', '2026-02', '2026-03', 'Total', 'Invoiced by due date, collected by payment date.']);
    const [moved] = studio.services().SpreadsheetApp.getActive().getSheetByName('Revenue by Month').getCharts();
    expect(moved.getRanges()).toEqual(['A2:C5']);
  });

  it('label invoices Overdue after the grace days in Settings, and accept a Paid amount typed by hand', () => {
    const studio = billed();
    ok(studio.call('2026-01-27', 'runDailyProcesses', {}));
    const status = () => studio.dump('Invoices').Invoices.map((r) => [r['Invoice No'], r.Paid, r.Status]);
    expect(status()).toEqual([
      [1, 300, 'Paid'],
      [2, 0, 'Overdue'], // due Jan 19, 8 days ago, grace 7
    ]);
    const ss = studio.services().SpreadsheetApp.getActive();
    const settings = ss.getSheetByName('Settings');
    const rows: string[][] = settings.getDataRange().getValues();
    const graceRow = rows.findIndex((r) => r[0] === 'Overdue grace days') + 1;
    settings.getRange(graceRow, 2).setValue('14');
    ok(studio.call('2026-01-28', 'runDailyProcesses', {}));
    expect(status()[1]).toEqual([2, 0, 'Open']);
    // The owner types a part payment into the Invoices tab.
    const invoices = ss.getSheetByName('Invoices');
    const paidCol = invoices.getRange(1, 1, 1, invoices.getLastColumn()).getValues()[0].indexOf('Paid') + 1;
    invoices.getRange(3, paidCol).setValue(120);
    const run = ok(studio.call('2026-01-29', 'runDailyProcesses', {}));
    expect(run.summary.problems).toEqual([]);
    expect(status()[1]).toEqual([2, 120, 'Part-paid']);
    expect(table(studio, 'Revenue by Month')[2]).toEqual(['2026-01', '$600.00', '$420.00']);
  });

  it("a bad setting stops what reads it, never a default; a spreadsheet outside the script's zone gets no warning", () => {
    // A published add-on's script zone is its own manifest's, the same for every studio: a studio in New
    // York is not warned that it is not in Sydney. Dates follow the spreadsheet's zone.
    const studio = newStudio({ timeZone: 'America/New_York' });
    const settings = studio.services().SpreadsheetApp.getActive().getSheetByName('Settings');
    const rows: string[][] = settings.getDataRange().getValues();
    const rowOf = (label: string) => rows.findIndex((r) => r[0] === label) + 1;
    // Email's setting garbled: billing goes on, and the run says which cell.
    settings.getRange(rowOf('Overdue reminders'), 2).setValue('lots');
    const run = ok(studio.call('2026-01-29', 'runDailyProcesses', {}));
    expect(run.summary.problems).toEqual([
      `Settings row ${rowOf('Overdue reminders')}: Overdue reminders: cell B${rowOf('Overdue reminders')} "lots" can't be read; it must be a whole number from 0 to 60. Fix that cell: until then, nothing that uses this setting runs.`,
    ]);
    // The clock reads noon of the 29th in Sydney: it is still the evening of the 28th in New York.
    expect(run.summary.today).toBe('2026-01-28');
    const check = studio.dump('Settings').Settings.find((r) => r.Setting === 'Time zone check');
    expect(check?.Value).toBe("America/New_York ✓ (the spreadsheet's: every date and the nightly hour follow it)");
    // Billing's setting garbled: the run stops before any write, naming the cell, and never uses 7.
    settings.getRange(rowOf('Overdue grace days'), 2).setValue('soon');
    const stopped = studio.call('2026-01-29', 'runDailyProcesses', {});
    expect(stopped.ok).toBe(false);
    expect(stopped.errors?.[0].message).toBe(
      `Settings row ${rowOf('Overdue grace days')}: Overdue grace days: cell B${rowOf('Overdue grace days')} "soon" can't be read; it must be a whole number of days from 0 to 365. Fix that cell: until then, nothing that uses this setting runs.`,
    );
    expect(studio.dump('Run Log')['Run Log'].at(-1)).toMatchObject({ Job: 'Daily Processes (failed)' });
  });
});

describe('outstanding balance', () => {
  it('is part of each sale in the history and check-in data', () => {
    const studio = newStudio();
    const pkg = ok(studio.call('2026-01-05', 'savePackage', FORTNIGHTLY_RESET)).package;
    const client = ok(studio.call('2026-01-05', 'saveClient', { name: 'Ava Chen' })).client;
    ok(studio.call('2026-01-05', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-01-05' }));
    ok(studio.call('2026-01-20', 'runDailyProcesses', {}));
    ok(studio.call('2026-01-20', 'recordPayment', { invoiceNo: 1, amount: 10000, method: 'cash' }));
    const reply = ok(studio.call('2026-01-20', 'getAdjustments', { clientId: client.id }));
    expect(reply.sales.map((s: { id: string; outstandingCents: number }) => [s.id, s.outstandingCents])).toEqual([
      ['S-1', 50000],
    ]);
  });
});
