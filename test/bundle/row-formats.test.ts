// Issue 31, item 2: Sheets gives an inserted row the formats of the row above it, so the first row a sidebar
// appends below an empty tab's header came out bold, filled and in General format ("300" for $300.00),
// and every later row inherited it. Every data row must carry its column's template format, however it
// was added: number format, plain weight, no fill, its dropdown.
import { FORMATS, TABS } from '../../sheets-template/tabs';
import { FORTNIGHTLY_RESET, newStudio, ok } from '../support/studio';

const DATA_TABS = ['packages', 'clients', 'sales', 'invoices', 'payments', 'adjustments'] as const;

describe('rows added from the sidebars carry their columns’ template format', () => {
  const studio = newStudio();
  const pkg = ok(studio.call('2026-03-02', 'savePackage', FORTNIGHTLY_RESET)).package;
  const client = ok(studio.call('2026-03-02', 'saveClient', { name: 'Ava Chen', email: 'ava@example.com' })).client;
  const sale = ok(
    studio.call('2026-03-02', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-03-02' }),
  ).receipt;
  ok(studio.call('2026-03-02', 'recordPayment', { invoiceNo: 1, amount: 1000, method: 'cash', requestId: 'p-1' }));
  ok(studio.call('2026-03-02', 'checkIn', { saleId: sale.saleId, requestId: 'c-1' }));
  ok(studio.call('2026-03-03', 'checkIn', { saleId: sale.saleId, requestId: 'c-2' }));
  const ss = studio.services().SpreadsheetApp.getActive();

  it.each(DATA_TABS)('%s: every data row, every column', (tab) => {
    const spec = TABS[tab];
    const sheet = ss.getSheetByName(spec.name);
    const last = sheet.getLastRow();
    expect(last).toBeGreaterThan(1);
    const header: string[] = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String);
    const wrong: string[] = [];
    for (let row = 2; row <= last; row++) {
      header.forEach((h, i) => {
        const col = spec.columns.find((c) => c.header === h);
        if (!col) return;
        // The runtime's cell (local/runtime/workbook.js): its number format, bold, fill and dropdown.
        const cell = studio.workbook.sheet(spec.name).rows[row - 1]?.[i] ?? {};
        const got = { format: cell.fmt ?? 'General', bold: !!cell.bold, fill: cell.bg ?? null, dropdown: !!cell.dv };
        const want = { format: FORMATS[col.kind], bold: false, fill: null, dropdown: !!col.choices };
        if (JSON.stringify(got) !== JSON.stringify(want))
          wrong.push(`row ${row} "${h}": ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
      });
    }
    expect(wrong).toEqual([]);
    // The header row keeps its style.
    expect(studio.workbook.sheet(spec.name).rows[0][0].bold).toBe(true);
  });
});

test('in a zone whose clocks jump at midnight, a date cell holds the whole day (issue 31, item 26)', () => {
  // America/Santiago: 6 Sep 2026 starts at 01:00 (midnight is skipped).
  const studio = newStudio({ timeZone: 'America/Santiago' });
  const pkg = ok(studio.call('2026-09-01', 'savePackage', FORTNIGHTLY_RESET)).package;
  const client = ok(studio.call('2026-09-01', 'saveClient', { name: 'Ava Chen' })).client;
  ok(studio.call('2026-09-01', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-09-06' }));
  const invoices = studio.workbook.sheet('Invoices');
  const header: string[] = invoices.rows[0].map((c: any) => String(c?.v ?? ''));
  const due = invoices.rows[1][header.indexOf('Due Date')];
  // 2026-09-06 is serial 46271: the day, with no time of day.
  expect(due.v).toBe(46271);
  const sheet = studio.services().SpreadsheetApp.getActive().getSheetByName('Invoices');
  expect(sheet.getRange(2, header.indexOf('Due Date') + 1).getDisplayValue()).toBe('2026-09-06');
  // And the add-on reads it back as that day: the invoice list names it.
  const listed = ok(studio.call('2026-09-07', 'listInvoices', {})).invoices;
  expect(listed.map((i: any) => i.dueDate)).toEqual(['2026-09-06']);
});
