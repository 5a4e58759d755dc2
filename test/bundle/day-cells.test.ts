// A date cell read through the Sheets API arrives as its serial number. Its calendar date needs no time
// zone, so a call that reads a client's year of rows asks Utilities nothing for them (DayCell,
// src/sheets/cells.ts); the Date SpreadsheetApp would have given is made only for a cell written back,
// compared with a new value or shown as text. What the owner has in the cells is the same either way.
import { measuredCall, newStudio, ok, type Studio, WEEKLY_ADD } from '../support/studio';

/** A weekly package sold on 2025-09-01 in America/Santiago, billed to `to` (its midnights of 7 Sep 2025 and 6 Sep 2026 are skipped). */
function santiago(to: string): Studio {
  const s = newStudio({ timeZone: 'America/Santiago' });
  const pkg = ok(s.call('2025-09-01', 'savePackage', WEEKLY_ADD)).package;
  const client = ok(s.call('2025-09-01', 'saveClient', { name: 'Ava Chen' })).client;
  ok(s.call('2025-09-01', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2025-09-01' }));
  for (const day of ['2025-09-08', '2025-12-01', '2026-03-02', '2026-06-01', '2026-09-07']) {
    ok(s.call(day, 'runDailyProcesses', {}));
    ok(s.call(day, 'checkIn', { saleId: 'S-1', requestId: `r-${day}` }));
  }
  ok(s.call(to, 'runDailyProcesses', {}));
  return s;
}

/** Every cell of a tab as stored: its value (a date is its serial number, a time of day its fraction) and format. */
function cells(s: Studio, tab: string): unknown[][] {
  return s.workbook.sheet(tab).rows.map((row: any[]) => row.map((c) => [c?.v ?? '', c?.fmt ?? '']));
}

describe('date cells read through the Sheets API', () => {
  it("a client's year of rows: the same dates as a whole read, with Utilities asked once (today)", () => {
    const s = santiago('2026-09-07');
    const focused = measuredCall(s, '2026-09-07', 'getAdjustments', { clientId: 'C-1' });
    expect(focused.reply.ok).toBe(true);
    // A year of weekly allocations and the five check-ins, each dated as the whole read dates it.
    const whole = ok(s.call('2026-09-07', 'getAdjustments', {}));
    expect(focused.reply.adjustments.length).toBeGreaterThan(55);
    expect(focused.reply.adjustments.map((a: any) => [a.key, a.date])).toEqual(
      whole.adjustments.map((a: any) => [a.key, a.date]),
    );
    expect(focused.reply.sales).toEqual(whole.sales);
    // The skipped midnights read as their days.
    const dates = focused.reply.adjustments.map((a: any) => a.date);
    expect(dates).toEqual(expect.arrayContaining(['2025-09-07', '2026-09-06']));
    // Before DayCell, two calls for each week the dates span (about 110 here).
    expect(focused.stats.byService.Utilities).toBeLessThanOrEqual(2);
  });

  it("a change of package rewrites the sale's row whole: its dates, and an owner's own date column, stay as they were", () => {
    const s = santiago('2026-09-07');
    // The owner's own column at the end of Sales, holding a day whose midnight Santiago skips.
    const sales = s
      .runtime('2026-09-07', { userEmail: 'owner@studio.test' })
      .globals()
      .SpreadsheetApp.getActive()
      .getSheetByName('Sales');
    sales.insertColumnsAfter(sales.getMaxColumns(), 1);
    const last = sales.getMaxColumns();
    sales.getRange(1, last).setValue('Renewal Call');
    sales.getRange(2, last).setValue(46271).setNumberFormat('yyyy-mm-dd');
    const before = cells(s, 'Sales');
    const pkg = ok(
      s.call('2026-09-07', 'savePackage', { ...WEEKLY_ADD, name: 'Weekly 2', sessionsPerPeriod: 2 }),
    ).package;
    ok(s.call('2026-09-07', 'changePackage', { saleId: 'S-1', packageId: pkg.id, fromDate: '2026-09-14' }));
    const after = cells(s, 'Sales');
    const header = (before[0] as [string, string][]).map(([v]) => v);
    const dates = ['Sold On', 'Start Date', 'Renewal Call'].map((h) => header.indexOf(h));
    // The same serials, whole days, with the same formats: 6 Sep 2026 stays a day, not 01:00 that day.
    expect(dates.map((i) => after[1][i])).toEqual(dates.map((i) => before[1][i]));
    expect(after[1][header.indexOf('Renewal Call')]).toEqual([46271, 'yyyy-mm-dd']);
    expect((after[1][header.indexOf('Package')] as string[])[0]).toBe('Weekly 2');
  });

  it('a cancellation retried writes no cell of the sale the second time (a date read is the same as the date it would write)', () => {
    const s = santiago('2026-09-07');
    ok(s.call('2026-09-07', 'cancelSale', { saleId: 'S-1', date: '2026-09-20' }));
    const again = measuredCall(s, '2026-09-07', 'cancelSale', { saleId: 'S-1', date: '2026-09-20' });
    expect(again.reply.ok).toBe(true);
    // The desk flag only, set and cleared (two cells each): not the Cancel Date cell again.
    expect(again.stats.cellsWritten).toBe(4);
  });

  it('a date typed into a number column is still refused by name, with the date the cell shows', () => {
    const s = santiago('2026-09-07');
    const sheet = s.services().SpreadsheetApp.getActive().getSheetByName('Adjustments');
    const header: string[] = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
    const cell = sheet.getRange(3, header.indexOf('Sessions') + 1);
    cell.setValue(new Date(Date.UTC(2026, 0, 5, 3)));
    cell.setNumberFormat('yyyy-mm-dd');
    const reply = ok(s.call('2026-09-07', 'getAdjustments', { clientId: 'C-1' }));
    expect(reply.unreadable.join(' ')).toMatch(/Sessions is not a whole number \("2026-01-05T03:00:00\.000Z"\)/);
  });

  it('a number past 9999-12-31 typed into a date column is never read as a date the focused call makes up', () => {
    const s = santiago('2026-09-07');
    const sheet = s.services().SpreadsheetApp.getActive().getSheetByName('Adjustments');
    const header: string[] = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
    sheet.getRange(3, header.indexOf('Date') + 1).setValue(2958466); // 10000-01-01, still date-formatted
    let dates: string[] = [];
    try {
      dates = s.call('2026-09-07', 'getAdjustments', { clientId: 'C-1' }).adjustments.map((a: any) => a.date);
    } catch {
      // The call stops, as it did before DayCell: no date is invented for the cell.
    }
    expect(dates.filter((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d))).toEqual([]);
  });

  it("an owner's own date column on a day whose midnight is skipped stays a whole day when a client is edited (a whole read)", () => {
    const s = santiago('2026-09-07');
    const clients = s.runtime('2026-09-07').globals().SpreadsheetApp.getActive().getSheetByName('Clients');
    clients.insertColumnsAfter(clients.getMaxColumns(), 1);
    const last = clients.getMaxColumns();
    clients.getRange(1, last).setValue('Birthday');
    clients.getRange(2, last).setValue(46271).setNumberFormat('yyyy-mm-dd'); // 6 Sep 2026: no midnight in Santiago
    ok(s.call('2026-09-07', 'saveClient', { id: 'C-1', name: 'Ava Chen-Lee' }));
    const row = cells(s, 'Clients')[1] as [unknown, string][];
    expect(row[last - 1]).toEqual([46271, 'yyyy-mm-dd']);
    expect(row.some(([v]) => v === 'Ava Chen-Lee')).toBe(true);
  });
});
