// New sale ids and invoice numbers without reading whole tabs (src/sheets/ids.ts): the system tab's hint of
// the last ones issued is checked before use, so every way it can go stale — rows typed, edited, sorted or
// deleted by hand, a hint lost or behind — still gives unique, gap-free ids.
import { ok, type Studio, studioWithSales as withSales } from '../support/studio';

const DAY = '2026-01-05';
const studioWithSales = (n: number) => withSales(n, DAY);

/** Sells one more (client C-1, package P-1) and says what it cost in Sheets reads. */
function sellAnother(studio: Studio, requestId: string) {
  const rt = studio.runtime(DAY);
  const script = rt.load();
  rt.resetStats();
  let reply: any;
  try {
    reply = script.sellPackage({ clientId: 'C-1', packageId: 'P-1', startDate: DAY, requestId });
  } finally {
    rt.endExecution();
  }
  return { receipt: ok(reply).receipt, getValues: rt.stats.byMethod['Range.getValues'] ?? 0 };
}

/** What a sale reads when its hint is lost: the id columns too (measured once, on a fresh studio). */
let fallback: number | null = null;
function fallbackReads(): number {
  if (fallback === null) {
    const studio = studioWithSales(1);
    const system = sheet(studio, 'Studio Packages (system)');
    const rows: unknown[][] = system.getDataRange().getValues();
    system.getRange(rows.findIndex((r) => r[0] === 'ids') + 1, 1, 1, 2).setValues([['ids', '']]);
    fallback = sellAnother(studio, 'r-fallback').getValues as number;
  }
  return fallback as number;
}

function sheet(studio: Studio, name: string) {
  return studio.services().SpreadsheetApp.getActive().getSheetByName(name);
}

function hint(studio: Studio): unknown {
  const rows: unknown[][] = sheet(studio, 'Studio Packages (system)').getDataRange().getValues();
  const row = rows.find((r) => r[0] === 'ids');
  return row ? JSON.parse(String(row[1])) : null;
}

function uniqueIds(studio: Studio) {
  const sales = studio.dump('Sales').Sales.map((s) => s['Sale ID']);
  const numbers = studio.dump('Invoices').Invoices.map((i) => i['Invoice No']);
  expect(new Set(sales).size).toBe(sales.length);
  expect(new Set(numbers).size).toBe(numbers.length);
}

describe('new ids', () => {
  it('come from the hint, checked by search, without reading an id column', () => {
    const studio = studioWithSales(3);
    expect(hint(studio)).toEqual({ sale: 3, invoice: 3 });
    const { receipt, getValues } = sellAnother(studio, 'r-next');
    expect(receipt).toMatchObject({ saleId: 'S-4', invoiceNumbers: [4] });
    expect(hint(studio)).toEqual({ sale: 4, invoice: 4 });
    // The same reads for the next sale: the system tab, the packages and the settings, no column of ids.
    const next = sellAnother(studio, 'r-next-2');
    expect(next.receipt).toMatchObject({ saleId: 'S-5', invoiceNumbers: [5] });
    expect(next.getValues).toBe(getValues);
    expect(next.getValues).toBeLessThan(fallbackReads());
  });

  it('skip a sale row typed by hand with the next id (the hint is behind): the search finds it', () => {
    const studio = studioWithSales(2);
    const sales = sheet(studio, 'Sales');
    const row = sales.getRange(2, 1, 1, sales.getLastColumn()).getValues()[0];
    row[0] = 'S-3';
    row[sales.getRange(1, 1, 1, sales.getLastColumn()).getValues()[0].indexOf('Request ID')] = '';
    sales.getRange(sales.getLastRow() + 1, 1, 1, row.length).setValues([row]);
    const { receipt, getValues } = sellAnother(studio, 'r-after-typed');
    expect(receipt.saleId).toBe('S-4');
    expect(getValues).toBe(fallbackReads());
    expect(hint(studio)).toEqual({ sale: 4, invoice: 3 });
    // The hint is right again: the next sale reads no id column.
    expect(sellAnother(studio, 'r-after-typed-2').getValues).toBeLessThan(getValues);
    uniqueIds(studio);
  });

  it('skip an invoice number edited by hand to the next one', () => {
    const studio = studioWithSales(2);
    const invoices = sheet(studio, 'Invoices');
    invoices.getRange(2, 1).setValues([[3]]); // invoice #1 renumbered #3 by hand
    const { receipt } = sellAnother(studio, 'r-after-edit');
    expect(receipt.invoiceNumbers).toEqual([4]);
    uniqueIds(studio);
  });

  it('finds a number shown in another number format ("0000")', () => {
    const studio = studioWithSales(2);
    const invoices = sheet(studio, 'Invoices');
    invoices.getRange(2, 1, invoices.getLastRow() - 1, 1).setNumberFormat('0000');
    invoices.getRange(2, 1).setValues([[3]]); // shows "0003"
    expect(sellAnother(studio, 'r-formatted').receipt.invoiceNumbers).toEqual([4]);
    uniqueIds(studio);
  });

  it('continue after the rows are sorted by hand', () => {
    const studio = studioWithSales(4);
    for (const name of ['Sales', 'Invoices']) {
      const tab = sheet(studio, name);
      const range = tab.getRange(2, 1, tab.getLastRow() - 1, tab.getLastColumn());
      range.setValues(range.getValues().reverse());
    }
    expect(sellAnother(studio, 'r-sorted').receipt).toMatchObject({ saleId: 'S-5', invoiceNumbers: [5] });
    uniqueIds(studio);
  });

  it('never reuse the id of the last sale once its rows are deleted', () => {
    const studio = studioWithSales(3);
    for (const name of ['Sales', 'Invoices', 'Adjustments']) {
      const tab = sheet(studio, name);
      tab.deleteRows(tab.getLastRow(), 1);
    }
    expect(sellAnother(studio, 'r-deleted').receipt).toMatchObject({ saleId: 'S-4', invoiceNumbers: [4] });
  });

  it('come from a full read of the id columns when the hint is lost, which writes it again', () => {
    const studio = studioWithSales(3);
    const system = sheet(studio, 'Studio Packages (system)');
    const rows: unknown[][] = system.getDataRange().getValues();
    system.getRange(rows.findIndex((r) => r[0] === 'ids') + 1, 1, 1, 2).setValues([['ids', 'not json']]);
    const { receipt, getValues } = sellAnother(studio, 'r-lost');
    expect(receipt).toMatchObject({ saleId: 'S-4', invoiceNumbers: [4] });
    expect(getValues).toBeGreaterThan(0);
    expect(hint(studio)).toEqual({ sale: 4, invoice: 4 });
  });

  it('are kept current by Daily Processes, so the next sale needs no full read', () => {
    const studio = studioWithSales(2);
    ok(studio.call('2026-02-20', 'runDailyProcesses', {}));
    const invoices = studio.dump('Invoices').Invoices.length;
    expect(hint(studio)).toEqual({ sale: 2, invoice: invoices });
    const after = sellAnother(studio, 'r-after-daily');
    expect(after.receipt.invoiceNumbers).toEqual([invoices + 1]);
    expect(after.getValues).toBeLessThan(fallbackReads());
    uniqueIds(studio);
  });
});
