// Issue 31, item 6: the desk's recent check-ins are newest first across all of a client's packages, so the
// top Undo is the check-in just made — not an earlier one on another package the same day.
import { newStudio, ok } from '../support/studio';

const TODAY = '2026-03-02';
const DESK = 'frontdesk@studio.test';

test('two packages, checked in on the second, then the first: the first is on top, and its Undo undoes it', () => {
  const studio = newStudio();
  const pkg = (name: string) =>
    ok(
      studio.call('2026-03-01', 'savePackage', {
        name,
        sessionsPerPeriod: 4,
        frequency: 'weekly',
        rollover: 'add',
        recurWeeks: 0,
        priceCents: 5000,
      }),
    ).package.id;
  const [mat, reformer] = [pkg('Mat'), pkg('Reformer')];
  const client = ok(studio.call('2026-03-01', 'saveClient', { name: 'Ava Chen' })).client;
  const sell = (packageId: string) =>
    ok(studio.call('2026-03-01', 'sellPackage', { clientId: client.id, packageId, startDate: '2026-03-01' })).receipt
      .saleId as string;
  const [matSale, reformerSale] = [sell(mat), sell(reformer)];
  studio.workbook.sharing = { owner: 'owner@studio.test', editors: [DESK], viewers: [] };
  const desk = (name: string, arg: object) => {
    const rt = studio.runtime(TODAY);
    return rt.webAppCall(name, [{ spreadsheetId: studio.workbook.id, ...arg }], { user: DESK }) as any;
  };
  ok(desk('deskCheckIn', { saleId: reformerSale, requestId: 'first' }));
  const last = ok(desk('deskCheckIn', { saleId: matSale, requestId: 'second' }));
  const page = ok(desk('deskClient', { clientId: client.id }));
  expect(page.checkIns.map((c: any) => [c.saleId, c.key])).toEqual([
    [matSale, last.adjustment.key],
    [reformerSale, expect.stringContaining(reformerSale)],
  ]);
  const top = page.checkIns[0];
  ok(desk('deskUndo', { saleId: top.saleId, checkInKey: top.key, reason: 'Wrong package' }));
  const after = ok(desk('deskClient', { clientId: client.id }));
  expect(after.checkIns.map((c: any) => [c.saleId, c.undone])).toEqual([
    [matSale, true],
    [reformerSale, false],
  ]);
});
