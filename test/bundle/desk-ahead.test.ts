// A read-only call searches before its first request (src/sheets/ahead.ts), on the built bundle: at the
// columns Set up workbook gives, with the rows found read in the same Sheets API request as the header
// rows that say whether those columns were right. Where an owner has moved a column, the searches made
// there are wasted and the call goes the usual way: the same answer, a few round trips more, never rows
// of the wrong column.
import { measuredCall, newStudio, ok, type Studio, WEEKLY_ADD } from '../support/studio';

const DAY = '2026-03-02';
const OWNER = 'owner@studio.test';
const DESK = 'desk@studio.test';

/** Three clients with a weekly package each (Ava shares hers with Ben), billed to 1 March. */
function studio(): Studio & { id: string } {
  const s = newStudio();
  const pkg = ok(s.call('2026-01-05', 'savePackage', WEEKLY_ADD)).package;
  for (const name of ['Ava Chen', 'Ben Okafor', 'Avi Kumar']) {
    const client = ok(s.call('2026-01-05', 'saveClient', { name })).client;
    ok(s.call('2026-01-05', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-01-05' }));
  }
  ok(s.call('2026-01-06', 'shareSale', { saleId: 'S-1', clientIds: ['C-2'] }));
  ok(s.call('2026-01-12', 'checkIn', { saleId: 'S-1', requestId: 'r-1' }));
  ok(s.call('2026-03-01', 'runDailyProcesses', {}));
  s.workbook.sharing = { owner: OWNER, editors: [DESK], viewers: [] };
  return Object.assign(s, { id: s.workbook.id as string });
}

/** A sidebar call with what it cost: round trips and Sheets API reads. */
function sidebar(s: Studio, name: string, arg: object) {
  const { reply, stats } = measuredCall(s, DAY, name, arg, { userEmail: OWNER });
  return { reply, trips: stats.roundTrips, reads: stats.byMethod['SpreadsheetsCollection.getByDataFilter'] ?? 0 };
}

/** A call from the desk page, with what it cost. */
function desk(s: Studio & { id: string }, name: string, arg: object) {
  const rt = s.runtime(DAY);
  rt.resetStats();
  const reply = rt.webAppCall(name, [{ spreadsheetId: s.id, ...arg }], { user: DESK }) as any;
  return { reply, trips: rt.stats.roundTrips, reads: rt.stats.byMethod['SpreadsheetsCollection.getByDataFilter'] ?? 0 };
}

/** The owner's hands on a tab (only an editor can change the spreadsheet). */
const byHand = (s: Studio, tab: string) =>
  s.runtime(DAY, { userEmail: OWNER }).globals().SpreadsheetApp.getActive().getSheetByName(tab);

/** An owner's column of their own, inserted after column A of `tab`: every column from B on moves right. */
function insertOwnersColumn(s: Studio, tab: string): void {
  const sheet = byHand(s, tab);
  sheet.insertColumnsAfter(1, 1);
  sheet.getRange(1, 2).setValue('My notes');
}

describe('a read-only call searches before its first request', () => {
  it('a client history: 6 round trips and 2 API reads (the header rows come with the Sales rows found)', () => {
    const s = studio();
    const { reply, trips, reads } = sidebar(s, 'getAdjustments', { clientId: 'C-2' });
    expect(reply.ok).toBe(true);
    // Ben's own sale, and Ava's shared with him.
    expect(reply.sales.map((x: { id: string }) => x.id).sort()).toEqual(['S-1', 'S-2']);
    expect({ trips, reads }).toEqual({ trips: 6, reads: 2 });
  });

  it("the desk's search is 3 round trips and 1 API read, its client page 7 and 2", () => {
    const s = studio();
    const search = desk(s, 'deskSearch', { query: 'av' });
    expect(search.reply.clients.map((c: { name: string }) => c.name)).toEqual(['Ava Chen', 'Avi Kumar']);
    expect({ trips: search.trips, reads: search.reads }).toEqual({ trips: 3, reads: 1 });
    const page = desk(s, 'deskClient', { clientId: 'C-1' });
    expect(page.reply.ok).toBe(true);
    expect(page.reply.checkIns).toHaveLength(1);
    expect({ trips: page.trips, reads: page.reads }).toEqual({ trips: 7, reads: 2 });
  });

  it('a sale named alone is found with its rows before the first request: one API read in all', () => {
    const s = studio();
    const { reply, trips, reads } = sidebar(s, 'listInvoices', { saleId: 'S-3' });
    expect(reply.ok).toBe(true);
    expect(reply.invoices.length).toBeGreaterThan(0);
    expect(reply.invoices.every((i: { saleId: string }) => i.saleId === 'S-3')).toBe(true);
    expect({ trips, reads }).toEqual({ trips: 3, reads: 1 });
  });

  it('columns an owner moved: the same answers, from the right columns, a few round trips more', () => {
    const s = studio();
    const before = {
      history: sidebar(s, 'getAdjustments', { clientId: 'C-2' }),
      search: desk(s, 'deskSearch', { query: 'av' }),
    };
    insertOwnersColumn(s, 'Sales');
    insertOwnersColumn(s, 'Clients');
    const after = {
      history: sidebar(s, 'getAdjustments', { clientId: 'C-2' }),
      search: desk(s, 'deskSearch', { query: 'av' }),
    };
    expect(after.history.reply).toEqual(before.history.reply);
    expect(after.search.reply).toEqual(before.search.reply);
    // The searches made at the template's columns were wasted (Sales' two: Client ID and Shared With;
    // Clients' one), and the rows found the usual way take a request of their own.
    expect(after.history.trips).toBe(before.history.trips + 3);
    expect(after.search.trips).toBe(before.search.trips + 2);
  });

  it('only Shared With elsewhere (a column an upgrade appended): the Client ID rows found ahead are kept', () => {
    const s = studio();
    const before = sidebar(s, 'getAdjustments', { clientId: 'C-2' });
    const sales = byHand(s, 'Sales');
    const header = sales.getRange(1, 1, 1, sales.getLastColumn()).getValues()[0] as string[];
    // An owner's column just before Shared With: it and the columns after it move right, Client ID does not.
    sales.insertColumnsAfter(header.indexOf('Shared With'), 1);
    sales.getRange(1, header.indexOf('Shared With') + 1).setValue('My notes');
    const after = sidebar(s, 'getAdjustments', { clientId: 'C-2' });
    expect(after.reply).toEqual(before.reply);
    // The Shared With search ahead is wasted, then made again with a read of its own: two more, not three.
    expect(after.trips).toBe(before.trips + 2);
  });

  it("a column's header renamed where the search went: the usual way names the missing header, as before", () => {
    const s = studio();
    byHand(s, 'Sales').getRange(1, 2).setValue('Client');
    const { reply } = sidebar(s, 'getAdjustments', { clientId: 'C-2' });
    expect(reply.ok).toBe(false);
    expect(JSON.stringify(reply.errors)).toContain('missing header \\"Client ID\\"');
  });

  it('a workbook whose hidden system tab was deleted: the rows found ahead are read again, never taken as blank', () => {
    const s = studio();
    const before = sidebar(s, 'getAdjustments', { clientId: 'C-2' }).reply;
    const ss = s.runtime(DAY, { userEmail: OWNER }).globals().SpreadsheetApp.getActive();
    ss.deleteSheet(ss.getSheetByName('Studio Packages (system)'));
    const after = sidebar(s, 'getAdjustments', { clientId: 'C-2' }).reply;
    expect(after.sales).toEqual(before.sales);
    expect(after.adjustments).toEqual(before.adjustments);
  });

  it("a match in the column the search guessed is never taken: an owner's note where the names were", () => {
    const s = studio();
    insertOwnersColumn(s, 'Clients');
    // Ben's row (3) gets a note, in column B, where Set up workbook puts the names, that the search matches.
    byHand(s, 'Clients').getRange(3, 2).setValue('Avocado allergy');
    const search = desk(s, 'deskSearch', { query: 'av' });
    expect(search.reply.clients.map((c: { name: string }) => c.name)).toEqual(['Ava Chen', 'Avi Kumar']);
    expect(search.reply.more).toBe(false);
  });
});
