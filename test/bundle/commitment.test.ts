// A minimum commitment and a notice period (issue 15) on the built bundle: the package's terms go into
// the Packages and Sales columns, a cancellation asked for too early ends the sale at the first date the
// terms allow and says so, and a workbook from before these columns keeps the old behaviour.
import { asOlderWorkbook, newStudio, ok, type Studio } from '../support/studio';

const WEEKLY = {
  name: 'Weekly 6-week commitment',
  sessionsPerPeriod: 2,
  frequency: 'weekly',
  rollover: 'add',
  recurWeeks: 0,
  priceCents: 5000,
};

function soldOn5Jan(studio: Studio, terms: Record<string, unknown>): string {
  const pkg = ok(studio.call('2026-01-05', 'savePackage', { ...WEEKLY, ...terms })).package;
  const client = ok(studio.call('2026-01-05', 'saveClient', { name: 'Ava Chen' })).client;
  const sale = ok(
    studio.call('2026-01-05', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-01-05' }),
  );
  ok(studio.call('2026-01-20', 'runDailyProcesses', {}));
  return sale.receipt.saleId;
}

it('the terms are columns of Packages and Sales; an early cancel ends when they allow, and says why', () => {
  const studio = newStudio();
  const saleId = soldOn5Jan(studio, { minPeriods: 6, noticeDays: 14 });
  expect(studio.dump('Packages').Packages[0]).toMatchObject({ 'Minimum Periods': 6, 'Notice Days': 14 });
  expect(studio.dump('Sales').Sales[0]).toMatchObject({ 'Minimum Periods': 6, 'Notice Days': 14 });
  const listed = ok(studio.call('2026-01-20', 'listPackages')).packages[0];
  expect(listed.description).toBe(
    "$50.00 every week, 2 sessions each week, unused sessions carry over, no end date, at least 6 weeks, 14 days' notice to cancel",
  );
  const reply = ok(studio.call('2026-01-20', 'cancelSale', { saleId, date: '2026-01-22' }));
  expect(reply.moved).toBe('Ends Mon 16 Feb 2026, not Thu 22 Jan 2026: the package requires 6 paid weeks.');
  expect(reply.sale.endDate).toBe('2026-02-16');
  expect(studio.dump('Sales').Sales[0]['Cancel Date']).toBe('2026-02-16');
  // The retry (the same request) changes nothing and says the same.
  expect(ok(studio.call('2026-01-20', 'cancelSale', { saleId, date: '2026-01-22' })).moved).toBe(reply.moved);
  // Billing stops there: six weekly invoices in all.
  ok(studio.call('2026-03-02', 'runDailyProcesses', {}));
  expect(studio.dump('Invoices').Invoices).toHaveLength(6);
});

it('a finite Add package: unused sessions lapse the set days after its end, as an Expire row', () => {
  const studio = newStudio();
  const saleId = soldOn5Jan(studio, { recurWeeks: 4, usableDays: 14 });
  expect(studio.dump('Sales').Sales[0]).toMatchObject({ 'Usable Days After End': 14 });
  ok(studio.call('2026-02-15', 'runDailyProcesses', {}));
  const expired = () => studio.dump('Adjustments').Adjustments.filter((r) => r.Type === 'Expire');
  expect(expired()).toEqual([]);
  ok(studio.call('2026-02-16', 'runDailyProcesses', {}));
  expect(expired()).toEqual([
    expect.objectContaining({ Key: `${saleId}:expire:end`, Date: '2026-02-16', Sessions: -8, Balance: 0 }),
  ]);
});

it('an intro price and sessions that expire after 2 periods: the columns, the invoices, the Expire rows', () => {
  const studio = newStudio();
  const saleId = soldOn5Jan(studio, { expireAfterPeriods: 2, introPeriods: 1, introPriceCents: 1000 });
  expect(studio.dump('Sales').Sales[0]).toMatchObject({
    'Expire After Periods': 2,
    'Intro Periods': 1,
    'Intro Price': 10,
  });
  // Weekly, 2 sessions, nothing used: each period's 2 lapse two periods later, at the allocation of 19 Jan.
  expect(studio.dump('Invoices').Invoices.map((r) => r.Amount)).toEqual([10, 50, 50]);
  expect(studio.dump('Adjustments').Adjustments.filter((r) => r.Type === 'Expire')).toEqual([
    expect.objectContaining({ Key: `${saleId}:expire:2`, Date: '2026-01-19', Sessions: -2, Balance: 4 }),
  ]);
  expect(ok(studio.call('2026-01-20', 'listPackages')).packages[0].description).toBe(
    "first week at $10.00, $50.00 every week, 2 sessions each week, unused sessions carry over, each week's sessions usable for 2 weeks, no end date",
  );
});

it('a workbook without the new columns keeps the old behaviour: no commitment', () => {
  const studio = newStudio();
  asOlderWorkbook(studio);
  const ss = studio.services().SpreadsheetApp.getActive();
  for (const tab of ['Packages', 'Sales']) {
    const sheet = ss.getSheetByName(tab);
    const header: string[] = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
    // Right to left, so that each index read before is still right.
    const added = ['Notice Days', 'Minimum Periods', 'Intro Price', 'Intro Periods', 'Expire After Periods'];
    for (const name of [...added, 'Usable Days After End']) sheet.deleteColumns(header.indexOf(name) + 1, 1);
  }
  const saleId = soldOn5Jan(studio, {});
  const reply = ok(studio.call('2026-01-20', 'cancelSale', { saleId, date: '2026-01-22' }));
  expect([reply.sale.endDate, reply.moved]).toEqual(['2026-01-22', null]);
  expect(Object.keys(studio.dump('Sales').Sales[0])).not.toContain('Minimum Periods');
});

it('a late check-in is taken on its day; the row it adds restates the reset since, and the reply says so', () => {
  const studio = newStudio();
  const saleId = soldOn5Jan(studio, { rollover: 'reset' });
  // Sold 5 Jan, 2 a week, nothing used: the resets of 12 and 19 Jan each lost 2.
  const reply = ok(studio.call('2026-01-20', 'checkIn', { saleId, date: '2026-01-15' }));
  expect(reply.restated).toEqual(['Late check-in of Thu 15 Jan 2026: the reset lost 1 session fewer']);
  expect(reply.balance).toBe(2);
  const rows = studio.dump('Adjustments').Adjustments.filter((r) => String(r.Key).includes(':late-'));
  expect(rows).toEqual([
    expect.objectContaining({ Key: `${saleId}:reset:2:late-1`, Date: '2026-01-19', Type: 'Reset', Sessions: 1 }),
  ]);
});
