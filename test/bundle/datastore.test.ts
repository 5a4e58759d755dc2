// The spreadsheet as datastore: owners reorder columns and add their own, type garbage, and type text
// that looks like a formula. The add-on keeps working, keeps their columns, reports what it can't read.
import { FORTNIGHTLY_RESET, newStudio, ok, type Studio } from '../support/studio';

function sellOne(studio: Studio, name = 'Ava Chen', start = '2026-01-05') {
  const pkg = ok(studio.call(start, 'savePackage', { ...FORTNIGHTLY_RESET, name: `Pkg for ${name}` })).package;
  const client = ok(studio.call(start, 'saveClient', { name })).client;
  return ok(studio.call(start, 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: start })).receipt;
}

/** Rewrites a tab with its columns in a new order (as an owner dragging columns would), plus a column of theirs. */
function reorder(studio: Studio, tab: string, order: (header: string[]) => string[], ownerColumn?: string) {
  const sheet = studio.services().SpreadsheetApp.getActive().getSheetByName(tab);
  const values = sheet.getDataRange().getValues();
  const formats = sheet.getRange(1, 1, sheet.getMaxRows(), values[0].length).getNumberFormats();
  const header: string[] = values[0];
  const next = order(header);
  const move = (grid: unknown[][], extra: (r: number) => unknown) =>
    grid.map((row, r) => {
      const moved = next.map((h) => row[header.indexOf(h)]);
      if (ownerColumn) moved.push(extra(r));
      return moved;
    });
  // Dragging a column moves its format with it: formats first, then the values.
  const width = next.length + (ownerColumn ? 1 : 0);
  // The owner inserts a column for their own data (the tab has only the add-on's columns).
  if (width > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), width - sheet.getMaxColumns());
  sheet.getRange(1, 1, formats.length, width).setNumberFormats(move(formats, () => 'General'));
  sheet.getRange(1, 1, values.length, width).setValues(move(values, (r) => (r === 0 ? ownerColumn : `note ${r}`)));
}

describe('header-mapped rows', () => {
  it('keeps working after columns are reordered and an owner column is added, and keeps that column', () => {
    const control = newStudio();
    const studio = newStudio();
    for (const s of [control, studio]) {
      sellOne(s);
      ok(s.call('2026-01-20', 'runDailyProcesses', {}));
      ok(s.call('2026-01-21', 'checkIn', { saleId: 'S-1' }));
    }
    reorder(studio, 'Invoices', (h) => [...h].reverse(), 'Owner Notes');
    reorder(studio, 'Adjustments', (h) => [...h.slice(3), ...h.slice(0, 3)], 'Owner Notes');
    reorder(studio, 'Sales', (h) => [h[4], h[0], ...h.slice(1, 4), ...h.slice(5)]);
    for (const s of [control, studio]) {
      ok(s.call('2026-02-20', 'runDailyProcesses', {}));
      ok(s.call('2026-02-21', 'checkIn', { saleId: 'S-1' }));
    }
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ 'Owner Notes': _, ...r }) => r);
    for (const tab of ['Invoices', 'Adjustments', 'Sales']) {
      expect(strip(studio.dump(tab)[tab])).toEqual(strip(control.dump(tab)[tab]));
    }
    const invoices = studio.dump('Invoices').Invoices;
    expect(invoices).toHaveLength(4);
    expect(invoices.map((r) => r['Owner Notes'])).toEqual(['note 1', 'note 2', '', '']);
    // Four ledger rows existed when the owner added the column; the rows added since leave it empty.
    expect(studio.dump('Adjustments').Adjustments.map((r) => r['Owner Notes'])).toEqual([
      'note 1',
      'note 2',
      'note 3',
      'note 4',
      ...Array(5).fill(''),
    ]);
  });

  it('reports a missing required header by name and changes nothing', () => {
    const studio = newStudio();
    sellOne(studio);
    const sheet = studio.services().SpreadsheetApp.getActive().getSheetByName('Invoices');
    sheet.getRange(1, 2).setValue('');
    const before = studio.dump();
    const reply = studio.call('2026-01-20', 'runDailyProcesses', {});
    expect(reply.ok).toBe(false);
    expect(reply.errors?.[0].message).toBe('Invoices row 1: missing header "Key": restore it in row 1.');
    const after = studio.dump();
    expect(after.Invoices).toEqual(before.Invoices);
    expect(after.Adjustments).toEqual(before.Adjustments);
    expect(after['Run Log'].at(-1)).toMatchObject({ Job: 'Daily Processes (failed)', Problems: 1 });
  });
});

describe('hand-edited garbage', () => {
  it('is reported in the Run Log with tab and row, and the other rows go on', () => {
    const studio = newStudio();
    sellOne(studio, 'Ava Chen');
    sellOne(studio, 'Ben Okafor');
    sellOne(studio, 'Chloé Martin');
    const ss = studio.services().SpreadsheetApp.getActive();
    const sales = ss.getSheetByName('Sales');
    const startCol = sales.getRange(1, 1, 1, sales.getLastColumn()).getValues()[0].indexOf('Start Date') + 1;
    sales.getRange(3, startCol).setValue('next tuesday'); // S-2's start date is now text
    // A blank row in the middle of Invoices, then a row with a bad amount that holds S-3's next key.
    const invoices = ss.getSheetByName('Invoices');
    const rows = invoices.getDataRange().getValues();
    invoices
      .getRange(rows.length + 2, 1, 1, rows[0].length)
      .setValues([
        [99, 'S-3:1', 'S-3', 'Chloé Martin', 2, '2026-01-19', 'abc', 0, 'Open', '', '', '', '', ''].slice(
          0,
          rows[0].length,
        ),
      ]);
    // A duplicate key in Adjustments.
    const adjustments = ss.getSheetByName('Adjustments');
    const first = adjustments.getRange(2, 1, 1, adjustments.getLastColumn()).getValues();
    adjustments.getRange(adjustments.getLastRow() + 1, 1, 1, first[0].length).setValues(first);

    const run = ok(studio.call('2026-01-20', 'runDailyProcesses', {}));
    expect(run.summary.problems).toEqual([
      'Sales row 3: Start Date is not a date ("next tuesday"). Row skipped.',
      'Invoices row 6: Amount is not an amount in whole cents ("abc"). Row skipped.',
      'Adjustments row 5: Key "S-1:allocate:0" repeats row 2. Row skipped: delete one of the two.',
    ]);
    // S-1 was billed; S-2 skipped; S-3's period 2 key is held by the garbage row, so it is not billed twice.
    expect(run.summary.invoices.map((i: { key: string }) => i.key)).toEqual(['S-1:1']);
    expect(run.summary.invoices[0].number).toBe(100);
    const log = studio.dump('Run Log')['Run Log'].at(-1);
    expect(log).toMatchObject({ Job: 'Daily Processes', Problems: 3, 'Invoices Created': 1 });
    expect(String(log?.Details)).toContain('Sales row 3: Start Date is not a date');
  });
});

describe('text typed by people', () => {
  it.each([
    '=HYPERLINK("x")',
    '+61 400 000 000',
    '-foo',
    '@studio',
    "'quoted",
    '=1+1',
    '42',
    'TRUE',
    '2026-01-05',
    '<img src=x onerror=alert(1)>',
  ])('is stored as text, exactly: %s', (name) => {
    const studio = newStudio();
    const client = ok(studio.call('2026-01-05', 'saveClient', { name, phone: name })).client;
    const sheet = studio.services().SpreadsheetApp.getActive().getSheetByName('Clients');
    const row = sheet.getRange(2, 1, 1, 4);
    expect(row.getValues()[0]).toEqual([client.id, name, '', name]);
    expect(row.getFormulas()[0]).toEqual(['', '', '', '']);
    expect(ok(studio.call('2026-01-05', 'listClients')).clients[0].name).toBe(name);
  });
});

describe('dry run', () => {
  it('reports what tonight would create and writes nothing', () => {
    const studio = newStudio();
    sellOne(studio);
    const before = studio.dump();
    const rt = studio.runtime('2026-02-03');
    const reply = rt.load().runDailyProcesses({ dryRun: true });
    expect(reply.ok).toBe(true);
    expect(reply.summary).toMatchObject({ dryRun: true, invoicesCreated: 2, adjustmentsCreated: 4 });
    expect(rt.writeCount).toBe(0);
    expect(rt.stats.byService.LockService ?? 0).toBe(0);
    expect(studio.dump()).toEqual(before);
  });
});

describe('rows deleted by hand', () => {
  it('never make the add-on reuse a sale id or a payment key', () => {
    const studio = newStudio();
    sellOne(studio, 'Ava Chen');
    ok(studio.call('2026-01-06', 'recordPayment', { invoiceNo: 1, amount: 10000, method: 'cash' }));
    ok(studio.call('2026-01-06', 'recordPayment', { invoiceNo: 1, amount: 5000, method: 'cash' }));
    const ss = studio.services().SpreadsheetApp.getActive();
    // The owner deletes the sale's row and the first payment's row; invoices, ledger and 1:pay:2 stay.
    ss.getSheetByName('Sales').deleteRows(2, 1);
    ss.getSheetByName('Payments').deleteRows(2, 1);
    const receipt = sellOne(studio, 'Ben Okafor', '2026-01-07');
    expect(receipt.saleId).toBe('S-2');
    expect(receipt.invoiceNumbers).toEqual([2]);
    // One payment left on record for invoice 1, so "the next ordinal" would be 2 — taken: a new key, not a retry.
    const paid = ok(studio.call('2026-01-08', 'recordPayment', { invoiceNo: 1, amount: 5000, method: 'card' }));
    expect(paid).toMatchObject({ duplicate: false, payment: { key: '1:pay:3' } });
    expect(studio.dump('Payments').Payments.map((p) => p.Key)).toEqual(['1:pay:2', '1:pay:3']);
  });
});
