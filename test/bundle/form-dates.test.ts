// Issue 31, item 1: a form with a date field sends what the field holds. '' (nothing typed, or a date the
// browser could not read) is refused with the field named, and nothing is written; only a date not sent at
// all (the phone desk, a field left as it was) means today in the spreadsheet's zone.
import { newStudio, ok } from '../support/studio';

const TODAY = '2026-03-02';

function studio() {
  const s = newStudio();
  const pkg = ok(
    s.call('2026-01-05', 'savePackage', {
      name: 'Weekly',
      sessionsPerPeriod: 2,
      frequency: 'weekly',
      rollover: 'add',
      recurWeeks: 0,
      priceCents: 5000,
    }),
  ).package;
  const client = ok(s.call('2026-01-05', 'saveClient', { name: 'Ava Chen' })).client;
  const sale = ok(
    s.call('2026-01-05', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-01-05' }),
  ).receipt;
  ok(s.call(TODAY, 'runDailyProcesses', {}));
  return Object.assign(s, { saleId: sale.saleId as string });
}

describe('a date field sent empty is refused, never today', () => {
  const s = studio();
  const calls: [string, Record<string, unknown>][] = [
    ['checkIn', { saleId: s.saleId, requestId: 'ci-1' }],
    ['recordPayment', { invoiceNo: 1, amount: 1000, method: 'cash', requestId: 'pay-1' }],
    ['correctSessions', { saleId: s.saleId, sessions: 1, reason: 'Make-up class', requestId: 'corr-1' }],
  ];
  for (const [name, arg] of calls) {
    it(`${name}: '' and null are refused with the date named; undefined means today`, () => {
      for (const date of ['', null]) {
        const before = JSON.stringify(s.dump());
        const reply = s.call(TODAY, name, { ...arg, date });
        expect(reply).toMatchObject({
          ok: false,
          errors: [{ field: 'date', message: expect.stringMatching(/that date does not exist, or none was given/) }],
        });
        expect(JSON.stringify(s.dump())).toBe(before);
      }
      const done = ok(s.call(TODAY, name, arg));
      expect(JSON.stringify(done)).toContain(TODAY);
    });
  }
});
