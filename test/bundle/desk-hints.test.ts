// The desk's searches and its last-row hint (src/sheets/last-rows.ts) against what owners do to the tabs:
// rows typed below the data, rows deleted, rows sorted, ids typed with spaces. The answer is always the
// one a full read gives, and no row is ever written over.
import { ok, type Studio, studioWithSales as withSales } from '../support/studio';

const DAY = '2026-01-05';
const studioWithSales = (n: number) => withSales(n, DAY);

function ledger(studio: Studio) {
  return studio.services().SpreadsheetApp.getActive().getSheetByName('Adjustments');
}

/** Checks in on its own execution; says whether it asked the sheet for its last row. */
function checkIn(studio: Studio, saleId: string, requestId: string) {
  const rt = studio.runtime(DAY);
  const script = rt.load();
  rt.resetStats();
  let reply: any;
  try {
    reply = script.checkIn({ saleId, requestId });
  } finally {
    rt.endExecution();
  }
  return { reply: ok(reply), askedLastRow: (rt.stats.byMethod['Sheet.getLastRow'] ?? 0) > 0 };
}

const keys = (studio: Studio) => studio.dump('Adjustments').Adjustments.map((r) => String(r.Key));

describe('the desk', () => {
  it('appends at the hinted row without asking the sheet, once a call has left the hint', () => {
    const studio = studioWithSales(2);
    checkIn(studio, 'S-1', 'c-1');
    const second = checkIn(studio, 'S-2', 'c-2');
    expect(second.askedLastRow).toBe(false);
    expect(keys(studio).slice(-2)).toEqual(['S-1:use:req.c-1', 'S-2:use:req.c-2']);
  });

  it('finds rows an owner typed below the hinted row, and writes below them', () => {
    const studio = studioWithSales(2);
    checkIn(studio, 'S-1', 'c-1');
    const sheet = ledger(studio);
    const last = sheet.getLastRow();
    const row = sheet.getRange(last, 1, 1, sheet.getLastColumn()).getValues()[0];
    row[0] = 'S-2:correct:typed';
    row[2] = 'S-2';
    row[4] = 'Correct';
    row[5] = 3;
    sheet.getRange(last + 1, 1, 1, row.length).setValues([row]);
    const after = checkIn(studio, 'S-2', 'c-2');
    expect(after.askedLastRow).toBe(true);
    // The typed row counts: 6 allocated + 3 typed − 1 used.
    expect(after.reply.balance).toBe(8);
    expect(keys(studio).slice(-3)).toEqual(['S-1:use:req.c-1', 'S-2:correct:typed', 'S-2:use:req.c-2']);
  });

  it('appends right below the data after the last rows were deleted', () => {
    const studio = studioWithSales(2);
    checkIn(studio, 'S-1', 'c-1');
    checkIn(studio, 'S-1', 'c-2');
    const sheet = ledger(studio);
    sheet.deleteRows(sheet.getLastRow() - 1, 2);
    const lastBefore = sheet.getLastRow();
    const after = checkIn(studio, 'S-2', 'c-3');
    expect(after.askedLastRow).toBe(true);
    expect(sheet.getLastRow()).toBe(lastBefore + 1);
    expect(keys(studio).at(-1)).toBe('S-2:use:req.c-3');
  });

  it("still works when the hinted row is past the sheet's end (the bottom rows deleted, spare rows too)", () => {
    const studio = studioWithSales(2);
    checkIn(studio, 'S-1', 'c-1');
    checkIn(studio, 'S-1', 'c-2');
    const sheet = ledger(studio);
    const last = sheet.getLastRow();
    sheet.deleteRows(last - 1, sheet.getMaxRows() - last + 2);
    expect(sheet.getMaxRows()).toBe(last - 2);
    const after = checkIn(studio, 'S-2', 'c-3');
    expect(after.askedLastRow).toBe(true);
    expect(sheet.getLastRow()).toBe(last - 1);
    expect(keys(studio).at(-1)).toBe('S-2:use:req.c-3');
  });

  it('reads a sale whose ledger rows were sorted by hand, and whose ids were typed with spaces', () => {
    const studio = studioWithSales(12);
    checkIn(studio, 'S-1', 'c-1');
    checkIn(studio, 'S-12', 'c-12');
    const sheet = ledger(studio);
    const range = sheet.getRange(2, 1, sheet.getLastRow() - 1, sheet.getLastColumn());
    const rows = range.getValues().reverse();
    for (const r of rows) if (r[2] === 'S-1') r[2] = '  S-1 ';
    range.setValues(rows);
    const history = ok(studio.call(DAY, 'getAdjustments', { saleId: 'S-1' }));
    // S-1's two rows (its allocation and check-in), not S-12's.
    expect(history.adjustments.map((a: any) => a.key).sort()).toEqual(['S-1:allocate:0', 'S-1:use:req.c-1']);
    const after = checkIn(studio, 'S-1', 'c-again');
    expect(after.reply.balance).toBe(4);
    expect(new Set(keys(studio)).size).toBe(keys(studio).length);
  });
});
