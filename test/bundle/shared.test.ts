// A shared package (issue 15) on the built bundle: sharing writes the sale's Shared With cell; the person
// it is shared with finds the sale at the desk (a focused read searches that column too), checks in
// against it, and the row names them; the history shows the usage per person.
import { newStudio, ok } from '../support/studio';

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
