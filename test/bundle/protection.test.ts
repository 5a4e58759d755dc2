// Set up workbook protects what the add-on reads by name, warning only (src/sheets/protect.ts): each data
// tab's header row and its key columns, so Sheets asks an owner who edits them to confirm, while every
// write of the add-on goes on (a warning-only protection never stops a script: docs/platform.md,
// "Protection"). A second Set up workbook adds none, and its calls do not grow with rows.
import { SYSTEM_TAB, TABS } from '../../sheets-template/tabs';
import { headerDescription, keyDescription, keyHeaders } from '../../src/sheets/protect';
import { asOlderWorkbook, FORTNIGHTLY_RESET, newStudio, ok, type Studio, withSyntheticSales } from '../support/studio';

const OWNER = 'owner@example.com';
const DESK = 'frontdesk@example.com';

interface Seen {
  /** The header row (one row) or a whole key column. */
  kind: 'header' | 'column';
  a1: string;
  row: number;
  column: number;
  lastRow: number;
  warningOnly: boolean;
  description: string;
}

/** Every range protection of each tab, as the add-on's own services see them. */
function protections(studio: Studio): Record<string, Seen[]> {
  const { SpreadsheetApp } = studio.services();
  const out: Record<string, Seen[]> = {};
  for (const sheet of SpreadsheetApp.getActive().getSheets()) {
    const list = sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE).map((p: any) => {
      const r = p.getRange();
      return {
        kind: r.getNumRows() === 1 ? 'header' : 'column',
        a1: r.getA1Notation(),
        row: r.getRow(),
        column: r.getColumn(),
        lastRow: r.getLastRow(),
        warningOnly: p.isWarningOnly(),
        description: p.getDescription(),
      };
    });
    if (list.length) out[sheet.getName()] = list;
  }
  return out;
}

const count = (seen: Record<string, Seen[]>) => Object.values(seen).flat().length;

describe('Set up workbook protects headers and key columns, warning only', () => {
  test('each data tab and the system tab: its header row, and each key column whole', () => {
    const studio = newStudio();
    const seen = protections(studio);
    const { SpreadsheetApp } = studio.services();
    for (const tab of [...Object.values(TABS), SYSTEM_TAB]) {
      const sheet = SpreadsheetApp.getActive().getSheetByName(tab.name);
      const header: string[] = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
      const mine = seen[tab.name] ?? [];
      expect(mine.every((p) => p.warningOnly)).toBe(true);
      const head = mine.find((p) => p.kind === 'header');
      expect(head).toMatchObject({ a1: `A1:${sheet.getRange(1, header.length).getA1Notation()}`, lastRow: 1 });
      expect(head?.description).toBe(headerDescription(tab));
      const keys = mine.filter((p) => p.kind === 'column');
      expect(keys.map((p) => header[p.column - 1])).toEqual(keyHeaders(tab));
      for (const p of keys) {
        expect([p.row, p.lastRow]).toEqual([1, sheet.getMaxRows()]);
        expect(p.description).toBe(keyDescription(tab, header[p.column - 1]));
      }
    }
    // The columns the issue names are among them.
    const guarded = (tab: string) =>
      seen[tab].filter((p) => p.kind === 'column').map((p) => p.description.split(' › ')[1].split(' ')[0]);
    expect(guarded('Sales')).toEqual(expect.arrayContaining(['Sale', 'Client', 'Package', 'Request']));
    expect(seen.Invoices.filter((p) => p.kind === 'column')).toHaveLength(3); // Invoice No, Key, Sale ID
    expect(seen.Settings.find((p) => p.kind === 'column')?.description).toContain('Settings › Setting');
    expect(Object.keys(seen).sort()).toEqual([...Object.values(TABS).map((t) => t.name), SYSTEM_TAB.name].sort());
  });

  test("a second Set up workbook adds none, puts back one deleted, and leaves the owner's own alone", () => {
    const studio = newStudio();
    const first = protections(studio);
    ok(studio.call('2026-01-02', 'setUpWorkbook'));
    expect(protections(studio)).toEqual(first);

    const { SpreadsheetApp } = studio.services();
    const sales = SpreadsheetApp.getActive().getSheetByName('Sales');
    sales.getProtections(SpreadsheetApp.ProtectionType.RANGE)[1].remove(); // the owner removed Sale ID's
    sales.getRange('C:C').protect().setDescription('My own: client names');
    ok(studio.call('2026-01-03', 'setUpWorkbook'));
    const again = protections(studio);
    expect(count(again)).toBe(count(first) + 1);
    expect(again.Sales.map((p) => p.description).sort()).toEqual(
      [...first.Sales.map((p) => p.description), 'My own: client names'].sort(),
    );
  });

  test('a column added by a later Set up workbook is under the header protection, which is replaced, not doubled', () => {
    const studio = newStudio();
    const { SpreadsheetApp } = studio.services();
    const clients = SpreadsheetApp.getActive().getSheetByName('Clients');
    asOlderWorkbook(studio);
    clients.deleteColumns(5, 1); // an older workbook without "No Email"
    ok(studio.call('2026-01-02', 'setUpWorkbook'));
    const header = protections(studio).Clients.filter((p) => p.kind === 'header');
    // Eight columns again: No Email came back at the right, after the Stripe ones.
    expect(header.map((p) => p.a1)).toEqual(['A1:H1']);
  });

  test('the calls of Set up workbook do not grow with rows', () => {
    const calls = (sales: number) => {
      const studio = withSyntheticSales(newStudio(), sales, 30);
      ok(studio.call('2026-03-01', 'setUpWorkbook'));
      const rt = studio.runtime('2026-03-02');
      expect(rt.load().setUpWorkbook().ok).toBe(true);
      return { total: rt.stats.sheetsCalls, byMethod: rt.stats.byMethod };
    };
    const small = calls(5);
    const large = calls(500);
    expect(large.total).toBe(small.total);
    expect(large.byMethod['Range.protect'] ?? 0).toBe(0);
  });
});

describe("the add-on's own writes go on under the protections", () => {
  test('an editor (not the owner) sells, checks in, takes a payment and runs Daily Processes; new rows are covered', () => {
    const studio = newStudio();
    studio.workbook.sharing = { owner: OWNER, editors: [DESK], viewers: [] };
    const as = { userEmail: DESK };
    const day = '2026-01-05';
    const pkg = ok(studio.call(day, 'savePackage', FORTNIGHTLY_RESET, as)).package;
    const client = ok(studio.call(day, 'saveClient', { name: 'Ava Chen' }, as)).client;
    ok(
      studio.call(day, 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: day, requestId: 'r-1' }, as),
    );
    ok(studio.call('2026-01-06', 'checkIn', { saleId: 'S-1' }, as));
    ok(studio.call('2026-01-06', 'recordPayment', { invoiceNo: 1, amount: 30000, method: 'card' }, as));
    ok(studio.call('2026-03-02', 'runDailyProcesses', {}, as));

    const invoices = studio.dump('Invoices').Invoices;
    expect(invoices.length).toBeGreaterThan(3);
    expect(invoices[0]).toMatchObject({ 'Invoice No': 1, Key: 'S-1:0', Paid: 300 });
    const { SpreadsheetApp } = studio.services();
    // Every row the add-on appended is under its key columns' protections: a protection starting at row 2
    // would have been pushed down by the rows inserted after the header, leaving them all outside.
    for (const tab of ['Invoices', 'Sales', 'Adjustments', 'Payments']) {
      const last = SpreadsheetApp.getActive().getSheetByName(tab).getLastRow();
      const keys = protections(studio)[tab].filter((p) => p.kind === 'column');
      expect(keys.length).toBeGreaterThan(0);
      for (const p of keys) expect([p.row, p.lastRow >= last]).toEqual([1, true]);
    }
    expect(protections(studio).Invoices.filter((p) => p.kind === 'column')).toHaveLength(3);
    expect(studio.dump('Adjustments').Adjustments.length).toBeGreaterThan(4);
  });
});
