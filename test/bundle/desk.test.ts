// The front desk in constant time: every sidebar call reads the rows of the sale (or client) it serves,
// found by id, never the whole history. The same client, in a studio 10× larger, costs the same calls and
// the same cells; the answers are the ones a full read gives; ids stay unique however the tabs are edited.
import { measuredCall, newStudio, ok, type Studio, withSyntheticSales } from '../support/studio';

const TODAY = '2026-03-02';

/** A studio with `filler` synthetic sales and one client of ours: a weekly Add package sold in January. */
function deskStudio(filler: number): Studio {
  const studio = newStudio();
  withSyntheticSales(studio, filler);
  const pkg = ok(
    studio.call('2026-01-05', 'savePackage', {
      name: 'Desk Weekly',
      sessionsPerPeriod: 2,
      frequency: 'weekly',
      rollover: 'add',
      recurWeeks: 0,
      priceCents: 5000,
    }),
  ).package;
  const client = ok(studio.call('2026-01-05', 'saveClient', { name: 'Desk Client' })).client;
  ok(studio.call('2026-01-05', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-01-05' }));
  ok(studio.call('2026-03-01', 'runDailyProcesses', {}));
  return studio;
}

function ours(studio: Studio) {
  const clients = studio.dump('Clients').Clients;
  const clientId = String(clients.find((c) => c.Name === 'Desk Client')?.['Client ID']);
  const saleId = String(studio.dump('Sales').Sales.find((s) => s['Client ID'] === clientId)?.['Sale ID']);
  return { clientId, saleId };
}

/** Runs one call on its own execution and returns its reply with the Sheets figures it cost. */
function measured(studio: Studio, name: string, arg: unknown) {
  const { reply, stats } = measuredCall(studio, TODAY, name, arg);
  const { sheetsCalls, cellsRead, byMethod } = stats;
  return { reply: JSON.parse(JSON.stringify(reply)), sheetsCalls, cellsRead, byMethod };
}

/** The desk's calls for our client, in order (each on its own execution). */
function deskDay(studio: Studio) {
  const { clientId, saleId } = ours(studio);
  const invoiceNo = ok(studio.call(TODAY, 'listInvoices', { clientId })).invoices[0].number;
  const calls: [string, unknown][] = [
    ['getAdjustments', { clientId }],
    ['getAdjustments', { saleId }],
    ['listInvoices', { clientId }],
    ['checkIn', { saleId, requestId: 'desk-1' }],
    ['correctSessions', { saleId, sessions: 1, reason: 'Make-up class', requestId: 'desk-2' }],
    ['recordPayment', { invoiceNo, amount: 1000, method: 'cash', requestId: 'desk-3' }],
    ['previewSale', { clientId, packageId: 'P-1', startDate: TODAY }],
    ['sellPackage', { clientId, packageId: 'P-1', startDate: TODAY, requestId: 'desk-4' }],
    ['pauseSale', { saleId, from: '2026-03-16', weeks: 1 }],
    ['cancelSale', { saleId, date: '2026-06-01' }],
  ];
  return calls.map(([name, arg]) => ({ name, ...measured(studio, name, arg) }));
}

describe('the desk calls', () => {
  const small = deskStudio(30);
  const large = deskStudio(300);
  const smallDay = deskDay(small);
  const largeDay = deskDay(large);

  it('read the same cells with the same calls in a studio 10× larger', () => {
    expect(large.dump('Adjustments').Adjustments.length).toBeGreaterThan(
      5 * small.dump('Adjustments').Adjustments.length,
    );
    for (let i = 0; i < smallDay.length; i++) {
      const [s, l] = [smallDay[i], largeDay[i]];
      expect({ call: l.name, ok: l.reply.ok }).toEqual({ call: s.name, ok: true });
      expect({ call: l.name, cells: l.cellsRead, calls: l.sheetsCalls }).toEqual({
        call: s.name,
        cells: s.cellsRead,
        calls: s.sheetsCalls,
      });
      // No whole-tab read: the history is searched, not fetched.
      expect(l.byMethod['Sheet.getDataRange'] ?? 0).toBeLessThanOrEqual(s.byMethod['Sheet.getDataRange'] ?? 0);
    }
  });

  it('answer what a full read answers', () => {
    const { clientId, saleId } = ours(large);
    const all = ok(large.call(TODAY, 'getAdjustments', {}));
    const one = ok(large.call(TODAY, 'getAdjustments', { clientId }));
    expect(one.sales).toEqual(all.sales.filter((s: any) => s.clientId === clientId));
    expect(one.adjustments).toEqual(all.adjustments.filter((a: any) => one.sales.some((s: any) => s.id === a.saleId)));
    expect(one.adjustments.some((a: any) => a.saleId === saleId && a.type === 'use')).toBe(true);
    const invoices = ok(large.call(TODAY, 'listInvoices', {})).invoices;
    const sales = new Set(one.sales.map((s: any) => s.id));
    expect(ok(large.call(TODAY, 'listInvoices', { clientId })).invoices).toEqual(
      invoices.filter((i: any) => sales.has(i.saleId)),
    );
    // A client with no sale yet is known by their Clients row; an unknown id is refused.
    const fresh = ok(large.call(TODAY, 'saveClient', { name: 'New Client' })).client;
    expect(ok(large.call(TODAY, 'getAdjustments', { clientId: fresh.id }))).toMatchObject({
      sales: [],
      adjustments: [],
    });
    expect(large.call(TODAY, 'getAdjustments', { clientId: 'C-99999' })).toMatchObject({
      ok: false,
      errors: [{ field: 'clientId' }],
    });
  });
});
