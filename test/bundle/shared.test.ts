// A shared package (issue 15) on the built bundle: sharing writes the sale's Shared With cell; the person
// it is shared with finds the sale at the desk (a focused read searches that column too), checks in
// against it, and the row names them; the history shows the usage per person.
import { asOlderWorkbook, newStudio, ok } from '../support/studio';

function family() {
  const studio = newStudio();
  const day = '2026-01-05';
  const pkg = ok(
    studio.call(day, 'savePackage', {
      name: 'Family 8',
      sessionsPerPeriod: 8,
      frequency: 'monthly',
      rollover: 'add',
      recurWeeks: 0,
      priceCents: 40000,
    }),
  ).package;
  const ann = ok(studio.call(day, 'saveClient', { name: 'Ann Lee' })).client;
  const sam = ok(studio.call(day, 'saveClient', { name: 'Sam Lee' })).client;
  const other = ok(studio.call(day, 'saveClient', { name: '=HYPERLINK("http://x","Jo")' })).client;
  const sale = ok(studio.call(day, 'sellPackage', { clientId: ann.id, packageId: pkg.id, startDate: day }));
  return { studio, ann, sam, other, saleId: sale.receipt.saleId as string };
}

it('the sale is shared, found by the person it is shared with, and each check-in names who attended', () => {
  const { studio, ann, sam, other, saleId } = family();
  const shared = ok(studio.call('2026-01-06', 'shareSale', { saleId, clientIds: [sam.id, other.id] }));
  expect(shared.sale.sharedWith.map((p: { name: string }) => p.name)).toEqual(['Sam Lee', other.name]);
  expect(studio.dump('Sales').Sales[0]['Shared With']).toBe(`Sam Lee (${sam.id}); ${other.name} (${other.id})`);

  // Sam's desk view: the sale shared with him (his own sales: none).
  const seen = ok(studio.call('2026-01-06', 'getAdjustments', { clientId: sam.id }));
  expect(seen.sales.map((s: { id: string }) => s.id)).toEqual([saleId]);

  ok(studio.call('2026-01-06', 'checkIn', { saleId, clientId: sam.id }));
  ok(studio.call('2026-01-06', 'checkIn', { saleId, clientId: sam.id }));
  ok(studio.call('2026-01-07', 'checkIn', { saleId }));
  const uses = studio.dump('Adjustments').Adjustments.filter((r) => r.Type === 'Use');
  expect(uses.map((r) => [r.Client, r['Attended By'], r.Note])).toEqual([
    ['Ann Lee', `Sam Lee (${sam.id})`, 'Checked in: Sam Lee'],
    ['Ann Lee', `Sam Lee (${sam.id})`, 'Checked in: Sam Lee'],
    ['Ann Lee', '', 'Checked in'],
  ]);
  const history = ok(studio.call('2026-01-07', 'getAdjustments', { clientId: ann.id }));
  expect(history.sales[0].usage).toEqual([
    { id: ann.id, name: 'Ann Lee', used: 1 },
    { id: sam.id, name: 'Sam Lee', used: 2 },
    { id: other.id, name: other.name, used: 0 },
  ]);
  expect(history.sales[0].balance).toBe(5);
});

it('someone it is not shared with is refused, and an empty list stops sharing', () => {
  const { studio, sam, saleId } = family();
  const refused = studio.call('2026-01-06', 'checkIn', { saleId, clientId: sam.id });
  expect(refused.errors).toEqual([
    { field: 'clientId', message: `Sale ${saleId} is not shared with client ${sam.id}.` },
  ]);
  ok(studio.call('2026-01-06', 'shareSale', { saleId, clientIds: [sam.id] }));
  ok(studio.call('2026-01-06', 'shareSale', { saleId, clientIds: [] }));
  expect(studio.dump('Sales').Sales[0]['Shared With']).toBe('');
  expect(ok(studio.call('2026-01-06', 'getAdjustments', { clientId: sam.id })).sales).toEqual([]);
});

it('a workbook without the Shared With and Attended By columns keeps working (nobody shares)', () => {
  const { studio, ann, saleId } = family();
  asOlderWorkbook(studio);
  const ss = studio.services().SpreadsheetApp.getActive();
  for (const [tab, name] of [
    ['Sales', 'Shared With'],
    ['Adjustments', 'Attended By'],
  ]) {
    const sheet = ss.getSheetByName(tab);
    const header: string[] = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
    sheet.deleteColumns(header.indexOf(name) + 1, 1);
  }
  ok(studio.call('2026-01-06', 'checkIn', { saleId }));
  expect(ok(studio.call('2026-01-06', 'getAdjustments', { clientId: ann.id })).sales[0].balance).toBe(7);
  // Sharing says what is missing instead of saving nothing.
  const refused = studio.call('2026-01-06', 'shareSale', { saleId, clientIds: [ann.id] });
  expect(refused.errors?.[0].message).toMatch(/no "Shared With" column/);
});

it('a change of package: the row is rewritten whole, billing follows the new terms from that due date', () => {
  const { studio, saleId } = family();
  const weekly = ok(
    studio.call('2026-01-05', 'savePackage', {
      name: 'Weekly 2',
      sessionsPerPeriod: 2,
      frequency: 'weekly',
      rollover: 'add',
      recurWeeks: 0,
      priceCents: 9000,
    }),
  ).package;
  const refused = studio.call('2026-01-06', 'changePackage', { saleId, packageId: weekly.id, fromDate: '2026-02-06' });
  expect(refused.errors?.[0].message).toMatch(/not billed yet\. The next are: Thu 5 Feb 2026/);
  const changed = ok(
    studio.call('2026-01-06', 'changePackage', { saleId, packageId: weekly.id, fromDate: '2026-02-05', carry: 3 }),
  );
  expect(changed.sale).toEqual({ id: saleId, packageName: 'Weekly 2', from: '2026-02-05' });
  const row = studio.dump('Sales').Sales[0];
  expect([row['Package ID'], row.Package, row.Frequency, row['Sessions per Period']]).toEqual([
    weekly.id,
    'Weekly 2',
    'Weekly',
    2,
  ]);
  expect(JSON.parse(String(row['Package Changes']))).toEqual([
    expect.objectContaining({ untilPeriod: 1, carry: 3, terms: expect.objectContaining({ name: 'Family 8' }) }),
  ]);
  ok(studio.call('2026-02-12', 'runDailyProcesses', {}));
  expect(studio.dump('Invoices').Invoices.map((r) => [r['Due Date'], r.Amount])).toEqual([
    ['2026-01-05', 400],
    ['2026-02-05', 90],
    ['2026-02-12', 90],
  ]);
  // 8 unused keep 3 at the change (−5), then 2 a week.
  const rows = studio.dump('Adjustments').Adjustments.map((r) => [r.Key, r.Sessions, r.Balance]);
  expect(rows.slice(1)).toEqual([
    [`${saleId}:change:1`, -5, 3],
    [`${saleId}:allocate:1`, 2, 5],
    [`${saleId}:allocate:2`, 2, 7],
  ]);
});
