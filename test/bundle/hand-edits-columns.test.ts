// Issue 28's findings 1, 2 and 5, each as an owner met it on the built bundle: a header the workbook had,
// renamed or cleared; a setting retyped, deleted or garbled; a row the desk can't read. Each stops the work
// it affects and says where; none becomes an invoice, an email or an "ok" for a write that was not made. A
// workbook that never had a column (before Set up workbook added it) still reads it as empty.
import { asOlderWorkbook, FORTNIGHTLY_RESET, newStudio, ok, type Studio, setSetting } from '../support/studio';

const SOLD = '2026-01-05';

/** Ava (fortnightly, opted in) and Ben (opted out), email on, tax 10 %. */
function studio(): Studio {
  const s = newStudio();
  setSetting(s, 'Send client emails', 'Yes');
  setSetting(s, 'Tax rate (%)', '10');
  const pkg = ok(s.call(SOLD, 'savePackage', FORTNIGHTLY_RESET)).package;
  for (const c of [
    { name: 'Ava Chen', email: 'ava@example.com' },
    { name: 'Ben Okafor', email: 'ben@example.com' },
  ]) {
    const client = ok(s.call(SOLD, 'saveClient', c)).client;
    ok(s.call(SOLD, 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: SOLD }));
  }
  setCell(s, 'Clients', 3, 'No Email', 'Yes');
  ok(s.call(SOLD, 'runDailyProcesses', {}));
  return s;
}

const sheetOf = (s: Studio, tab: string) => s.services().SpreadsheetApp.getActive().getSheetByName(tab);
const colOf = (s: Studio, tab: string, header: string) => {
  const sheet = sheetOf(s, tab);
  const c = (sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0] as string[]).indexOf(header) + 1;
  if (c < 1) throw new Error(`no ${header} in ${tab}`);
  return c;
};
function setCell(s: Studio, tab: string, row: number, header: string, value: unknown): void {
  sheetOf(s, tab)
    .getRange(row, colOf(s, tab, header))
    .setValue(value);
}
/** The sheet row of a setting's label in the Settings tab. */
const settingRow = (s: Studio, label: string): number => {
  const settings = sheetOf(s, 'Settings');
  const labels = settings.getRange(1, 1, settings.getLastRow(), 1).getValues();
  return labels.findIndex((r: unknown[]) => r[0] === label) + 1;
};
const renameHeader = (s: Studio, tab: string, header: string, to: string) => setCell(s, tab, 1, header, to);
const outbox = (s: Studio) => s.cloud.mail.outbox as { to: string[]; subject: string }[];
const invoiceKeys = (s: Studio) => s.dump('Invoices').Invoices.map((r) => String(r.Key));

describe('1. an optional header the workbook had, cleared or renamed', () => {
  it('Cancel Date cleared: the cancelled sale is not invoiced nor emailed; the run stops and names the header', () => {
    const s = studio();
    ok(s.call('2026-01-10', 'cancelSale', { saleId: 'S-1', date: '2026-01-19' }));
    setCell(s, 'Sales', 1, 'Cancel Date', '');
    const before = invoiceKeys(s);
    const sent = outbox(s).length;
    const run = s.call('2026-01-19', 'runDailyProcesses', {});
    expect(run.ok).toBe(false);
    expect(run.errors?.[0].message).toMatch(/^Sales row 1: header "Cancel Date" is missing, and this workbook had it/);
    expect(run.errors?.[0].message).toContain('has data but no header');
    expect(invoiceKeys(s)).toEqual(before);
    expect(outbox(s)).toHaveLength(sent);
    expect(s.dump('Run Log')['Run Log'].at(-1)).toMatchObject({ Job: 'Daily Processes (failed)' });
  });

  it('Cancel Date renamed: cancelSale refuses (never ok for a cancel it did not store), naming the new header', () => {
    const s = studio();
    renameHeader(s, 'Sales', 'Cancel Date', 'Cancelled');
    const reply = s.call('2026-01-10', 'cancelSale', { saleId: 'S-1', date: '2026-01-19' });
    expect(reply.ok).toBe(false);
    expect(reply.errors?.[0].message).toContain(
      'header "Cancel Date" is missing, and this workbook had it (row 1 now has "Cancelled")',
    );
    expect(s.dump('Sales').Sales[0].Cancelled).toBe('');
  });

  it('Pauses renamed: pauseSale refuses and writes no Pause row; the run stops', () => {
    const s = studio();
    renameHeader(s, 'Sales', 'Pauses', 'Pause list');
    const adjustments = s.dump('Adjustments').Adjustments.length;
    const reply = s.call('2026-01-10', 'pauseSale', { saleId: 'S-1', from: '2026-01-19', weeks: 2 });
    expect(reply.ok).toBe(false);
    expect(s.dump('Adjustments').Adjustments).toHaveLength(adjustments);
    expect(s.call('2026-01-19', 'runDailyProcesses', {}).ok).toBe(false);
  });

  it('Invoices Paid removed: no invoice turns Overdue, no reminder; recordPayment refuses', () => {
    const s = studio();
    ok(s.call('2026-01-06', 'recordPayment', { invoiceNo: 1, amount: 30000, method: 'card', requestId: 'p-1' }));
    setCell(s, 'Invoices', 1, 'Paid', '');
    const sent = outbox(s).length;
    const run = s.call('2026-02-20', 'runDailyProcesses', {});
    expect(run.ok).toBe(false);
    expect(run.errors?.[0].message).toMatch(/^Invoices row 1: header "Paid" is missing/);
    expect(outbox(s)).toHaveLength(sent);
    expect(s.dump('Invoices').Invoices.map((r) => r.Status)).not.toContain('Overdue');
    const pay = s.call('2026-02-20', 'recordPayment', { invoiceNo: 2, amount: 100, method: 'cash', requestId: 'p-2' });
    expect(pay.ok).toBe(false);
    expect(s.dump('Payments').Payments).toHaveLength(1);
  });

  it('Clients No Email removed: the client who opted out gets nothing; billing goes on and the run says why', () => {
    const s = studio();
    setCell(s, 'Clients', 1, 'No Email', '');
    const run = ok(s.call('2026-01-19', 'runDailyProcesses', {}));
    expect(run.summary.invoicesCreated).toBe(2);
    expect(outbox(s).flatMap((m) => m.to)).not.toContain('ben@example.com');
    expect(run.summary.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Client email stopped, nothing sent: Clients row 1: header "No Email" is missing/),
      ]),
    );
  });

  it.each([
    ['Tax Free', 'Tax Free (old)'],
    ['Rollover Cap', 'Cap'],
    ['Intro Periods', 'Intro'],
    ['Intro Price', 'Intro $'],
  ])('Sales %s renamed: the run stops, nothing billed on other terms', (header, to) => {
    const s = studio();
    renameHeader(s, 'Sales', header, to);
    const before = invoiceKeys(s);
    const run = s.call('2026-01-19', 'runDailyProcesses', {});
    expect(run.ok).toBe(false);
    expect(run.errors?.[0].message).toContain(
      `header "${header}" is missing, and this workbook had it (row 1 now has "${to}")`,
    );
    expect(invoiceKeys(s)).toEqual(before);
  });

  it('Set up workbook does not add a renamed column again empty: it names it for the owner to type back', () => {
    const s = studio();
    renameHeader(s, 'Sales', 'Cancel Date', 'Cancelled');
    const report = ok(s.call('2026-01-10', 'setUpWorkbook')).report;
    expect(report.addedColumns).toEqual([]);
    expect(report.notRestored).toEqual([expect.stringMatching(/^Sales: "Cancel Date"/)]);
  });

  it('a workbook that never had a column (no record of it) reads it as empty, as before the column existed', () => {
    const s = studio();
    // An older workbook: its system tab has no record of the columns, and Sales has no Tax Free column.
    asOlderWorkbook(s);
    sheetOf(s, 'Sales').deleteColumns(colOf(s, 'Sales', 'Tax Free'), 1);
    const run = ok(s.call('2026-01-19', 'runDailyProcesses', {}));
    expect(run.summary.invoicesCreated).toBe(2);
    expect(run.summary.problems).toContain('Sales row 1: header "Tax Free" is missing; that column is left empty.');
  });
});

describe('2. settings never fall back to a default the workbook did not choose', () => {
  it.each([
    [
      'the Value header renamed',
      (s: Studio) => renameHeader(s, 'Settings', 'Value', 'Value (AUD)'),
      /missing header "Value"/,
    ],
    [
      'a label retyped',
      (s: Studio) => {
        sheetOf(s, 'Settings').getRange(settingRow(s, 'Tax rate (%)'), 1).setValue('Tax rate');
      },
      /the row "Tax rate \(%\)" is gone, and this workbook had it \(the tab now has "Tax rate" \(row \d+\)\)/,
    ],
    [
      'a row deleted',
      (s: Studio) => {
        sheetOf(s, 'Settings').deleteRows(settingRow(s, 'Tax rate (%)'), 1);
      },
      /the row "Tax rate \(%\)" is gone/,
    ],
    [
      'a value garbled',
      (s: Studio) => setSetting(s, 'Tax rate (%)', 'ten'),
      /Tax rate \(%\): cell B\d+ "ten" can't be read/,
    ],
  ])('%s: no invoice without its tax; the run stops naming the cell', (_, edit, message) => {
    const s = studio();
    edit(s);
    const before = invoiceKeys(s);
    const run = s.call('2026-01-19', 'runDailyProcesses', {});
    expect(run.ok).toBe(false);
    expect(run.errors?.[0].message).toMatch(message);
    expect(invoiceKeys(s)).toEqual(before);
  });

  it('Send client emails garbled: billing goes on, no email goes, and the run and the notice on open say why', () => {
    const s = studio();
    setSetting(s, 'Send client emails', 'Yess');
    const sent = outbox(s).length;
    const run = ok(s.call('2026-01-19', 'runDailyProcesses', {}));
    expect(run.summary.invoicesCreated).toBe(2);
    expect(outbox(s)).toHaveLength(sent);
    expect(run.summary.problems[0]).toMatch(/Send client emails: cell B\d+ "Yess" can't be read; it must be Yes or No/);
    const opened = s.runtime('2026-01-19T08:00');
    opened.open();
    expect(opened.ui.toasts.at(-1).message).toMatch(
      /^Daily Processes of Mon 19 Jan 2026 met (a problem|\d+ problems): Settings row \d+: Send client emails: cell B\d+ "Yess"/,
    );
  });
});

describe('5. the desk never hides a row it cannot read', () => {
  it('a Sales row with text in its price: the client page says which row, the check-in refuses naming it', () => {
    const s = studio();
    setCell(s, 'Sales', 2, 'Price per Period', 'one twenty');
    const page = ok(s.call('2026-01-10', 'getAdjustments', { clientId: 'C-1' }));
    expect(page.sales).toEqual([]);
    expect(page.unreadable).toEqual([
      `Sale S-1 can't be read: Sales row 2: Price per Period is not an amount in whole cents ("one twenty"). Fix the row in the spreadsheet, then try again.`,
    ]);
    const checkIn = s.call('2026-01-10', 'checkIn', { saleId: 'S-1', requestId: 'desk-1' });
    expect(checkIn.ok).toBe(false);
    expect(checkIn.errors?.[0].message).toMatch(/^Sale S-1 can't be read: Sales row 2: Price per Period/);
  });
});

describe('the Email Log as owners edit it', () => {
  it('a row whose Date was garbled is never sent again: its key still says the message went', () => {
    const s = studio();
    const sent = outbox(s).length;
    expect(sent).toBeGreaterThan(0);
    setCell(s, 'Email Log', 2, 'Date', 'yesterday-ish');
    const run = ok(s.call('2026-01-06', 'runDailyProcesses', {}));
    expect(outbox(s)).toHaveLength(sent);
    expect(run.summary.problems.join('\n')).toMatch(/^Email Log row 2: Date/m);
  });
});
