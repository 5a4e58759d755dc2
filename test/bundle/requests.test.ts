// Issue 28, findings 7 and 8, on the built bundle under the local runtime, as the issue found them.
// 7: a request id is its own namespace, per operation: a retry finds its own first call and nothing else,
//    and the same id with different content is refused, writing nothing.
// 8: a name with a hidden character is refused, so what is stored is what the desk searches.
import { newStudio, ok, type Studio, studioWithSales } from '../support/studio';

const DAY = '2026-01-05';
const TODAY = '2026-01-09';
const OWNER = 'owner@studio.test';

/** A desk call (the phone's web app), as the studio's owner. */
function desk(studio: Studio, name: string, arg: object, day = TODAY): any {
  studio.workbook.sharing = { owner: OWNER, editors: [], viewers: [] };
  const rt = studio.runtime(day);
  return rt.webAppCall(name, [{ spreadsheetId: studio.workbook.id, ...arg }], { user: OWNER });
}

const snapshot = (studio: Studio) => JSON.stringify(studio.dump());
const uses = (studio: Studio) =>
  studio
    .dump('Adjustments')
    .Adjustments.filter((r) => r.Type === 'Use')
    .map((r) => [r.Key, r.Date]);

describe('request ids (finding 7)', () => {
  it('deskCheckIn with requestId "2" records today\'s visit; it is not taken for check-in S-1:use:2', () => {
    const studio = studioWithSales(1, DAY);
    ok(studio.call('2026-01-06', 'checkIn', { saleId: 'S-1' }));
    ok(studio.call('2026-01-07', 'checkIn', { saleId: 'S-1' }));
    const reply = desk(studio, 'deskCheckIn', { saleId: 'S-1', requestId: '2' });
    expect(reply).toMatchObject({ ok: true, duplicate: false, adjustment: { key: 'S-1:use:req.2', date: TODAY } });
    // Its retry finds it, and only it.
    expect(desk(studio, 'deskCheckIn', { saleId: 'S-1', requestId: '2' })).toMatchObject({
      ok: true,
      duplicate: true,
      adjustment: { key: 'S-1:use:req.2' },
    });
    expect(uses(studio)).toEqual([
      ['S-1:use:1', '2026-01-06'],
      ['S-1:use:2', '2026-01-07'],
      ['S-1:use:req.2', TODAY],
    ]);
  });

  it("sellPackage for one client with another client's request id is refused, never answered with that sale", () => {
    const studio = studioWithSales(2, DAY); // Client 1 bought S-1 with request id r-1, Client 2 S-2 with r-2
    const clients = ok(studio.call(DAY, 'listClients')).clients;
    const packageId = ok(studio.call(DAY, 'listPackages')).packages[0].id;
    const second = clients.find((c: { name: string }) => c.name === 'Client 2').id;
    const before = snapshot(studio);
    const reply = studio.call(DAY, 'sellPackage', { clientId: second, packageId, startDate: DAY, requestId: 'r-1' });
    expect(reply).toEqual({
      ok: false,
      errors: [
        {
          field: 'requestId',
          message: expect.stringMatching(
            /^Request id r-1 was already used for sale S-1 \(client C-1, not C-2\)\. Nothing was changed/,
          ),
        },
      ],
    });
    expect(snapshot(studio)).toBe(before);
  });

  it('recordPayment with an ordinal request id pays again; the same id with another amount is refused', () => {
    const studio = studioWithSales(1, DAY);
    ok(studio.call(DAY, 'recordPayment', { invoiceNo: 1, amount: 1000, method: 'cash' })); // 1:pay:1
    const paid = ok(studio.call(DAY, 'recordPayment', { invoiceNo: 1, amount: 2000, method: 'cash', requestId: '1' }));
    expect(paid).toMatchObject({ duplicate: false, payment: { key: '1:pay:req.1', amountCents: 2000 } });
    const before = snapshot(studio);
    const other = studio.call(DAY, 'recordPayment', { invoiceNo: 1, amount: 3000, method: 'cash', requestId: '1' });
    expect(other).toMatchObject({ ok: false, errors: [{ field: 'requestId' }] });
    expect(other.errors?.[0].message).toContain('(amount $20.00, not $30.00)');
    expect(snapshot(studio)).toBe(before);
  });

  it('a check-in written by an older version under its bare request id is found by its retry (in flight across the update)', () => {
    const studio = studioWithSales(1, DAY);
    ok(studio.call('2026-01-06', 'checkIn', { saleId: 'S-1' }));
    // An older version keyed the sidebar's check-in by the bare request id.
    const sheet = studio.services().SpreadsheetApp.getActive().getSheetByName('Adjustments');
    const values: unknown[][] = sheet.getDataRange().getValues();
    const row = values.findIndex((r) => r[0] === 'S-1:use:1') + 1;
    sheet.getRange(row, 1).setValue('S-1:use:checkin-3f2a');
    const before = snapshot(studio);
    const retry = ok(studio.call('2026-01-06', 'checkIn', { saleId: 'S-1', requestId: 'checkin-3f2a' }));
    expect(retry).toMatchObject({ duplicate: true, adjustment: { key: 'S-1:use:checkin-3f2a' } });
    expect(snapshot(studio)).toBe(before);
  });
});

describe('hidden characters (finding 8)', () => {
  it('a client name with a right-to-left override, a zero-width space or a line break is refused; nothing is written', () => {
    const studio = newStudio();
    const before = snapshot(studio);
    for (const name of ['Chloé\u202EnitraM', 'Chlo\u200Bé Martin', 'Chloé\nMartin']) {
      const reply = studio.call(DAY, 'saveClient', { name });
      expect(reply).toMatchObject({ ok: false, errors: [{ field: 'name' }] });
    }
    expect(snapshot(studio)).toBe(before);
  });

  it('what is stored is what the desk searches: the name typed without them is found', () => {
    const studio = newStudio();
    ok(studio.call(DAY, 'saveClient', { name: 'Chloé Martin' }));
    expect(desk(studio, 'deskSearch', { query: 'chloe' })).toMatchObject({
      ok: true,
      clients: [expect.objectContaining({ name: 'Chloé Martin' })],
    });
  });
});
