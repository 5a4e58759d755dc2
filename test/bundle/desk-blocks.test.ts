// Issue 29, finding 4: Sheets.Spreadsheets.getByDataFilter answers with "the portions of the spreadsheet
// that intersect ranges matched by any of the filters" (developers.google.com/sheets/api/reference/rest/
// v4/spreadsheets/getByDataFilter), not one block per range in request order. The runtime merges touching
// ranges into one block and can shuffle the blocks (sheetsapi.js); the desk must match each block by the
// row it starts at. A desk check-in whose ledger rows are adjacent (rows 2, 3, 4… right under the header)
// is the case a reader taking blocks in request order gets wrong.
import { newStudio, ok, type Studio } from '../support/studio';

const TODAY = '2026-01-20';

/** A studio whose one sale's ledger rows are rows 2… of Adjustments, right under the header. */
function adjacentStudio(): { studio: Studio; saleId: string; clientId: string } {
  const studio = newStudio();
  const pkg = ok(
    studio.call('2026-01-05', 'savePackage', {
      name: 'Ten Pack Weekly',
      sessionsPerPeriod: 10,
      frequency: 'weekly',
      rollover: 'add',
      recurWeeks: 0,
      priceCents: 9000,
    }),
  ).package;
  const client = ok(studio.call('2026-01-05', 'saveClient', { name: 'Ada Adjacent' })).client;
  const sale = ok(
    studio.call('2026-01-05', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-01-05' }),
  ).receipt;
  return { studio, saleId: sale.saleId, clientId: client.id };
}

describe('getByDataFilter blocks are matched by their start row (finding 4)', () => {
  for (const [label, blocks] of [
    ['touching ranges merged, by start row', {}],
    ['merged and shuffled (seed 7)', { shuffle: 7 }],
    ['merged and shuffled (seed 29)', { shuffle: 29 }],
  ] as const) {
    it(`a desk check-in whose rows are adjacent counts every earlier one: ${label}`, () => {
      const { studio, saleId, clientId } = adjacentStudio();
      const options = { dataFilterBlocks: blocks };
      for (let i = 1; i <= 3; i++) ok(studio.call(TODAY, 'checkIn', { saleId, requestId: `adj-${i}` }, options));
      const rows = studio.dump('Adjustments').Adjustments.filter((r) => r['Sale ID'] === saleId);
      // The allocation and three check-ins, each its own row, one under the other from row 2.
      expect(rows.map((r) => r.Type)).toEqual(['Allocate', 'Use', 'Use', 'Use']);
      const history = ok(studio.call(TODAY, 'getAdjustments', { clientId }, options));
      expect(history.adjustments.map((a: any) => a.type)).toEqual(['allocate', 'use', 'use', 'use']);
      expect(history.sales[0].balance).toBe(7);
      expect(history.unreadable).toEqual([]);
    });
  }

  it('the runtime does merge them: one block for the header and the rows under it', () => {
    const { studio } = adjacentStudio();
    const { Sheets } = studio.services();
    const reply = Sheets.Spreadsheets.getByDataFilter(
      { dataFilters: [{ a1Range: "'Adjustments'!A1:D1" }, { a1Range: "'Adjustments'!A2:D2" }] },
      studio.workbook.id,
      { fields: 'sheets(data(startRow,rowData(values(effectiveValue))))' },
    );
    expect(reply.sheets[0].data).toHaveLength(1);
    expect(reply.sheets[0].data[0].rowData).toHaveLength(2);
  });
});
