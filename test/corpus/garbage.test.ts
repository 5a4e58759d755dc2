// Hand-edited garbage in every tab: text in a date or number cell, a deleted header (optional and
// required), a duplicate key, a blank row in the middle, a negative amount. Daily Processes reports each in
// the Run Log (tab and row) and bills every other row as if nothing had happened; a tab it cannot bill
// from at all (a required header of Sales, Invoices or Adjustments gone) stops the run before any write.

import { type Bench, bench, business, cloneWorkbook, Summary, snapshot } from '../reliability/harness';
import { ok } from '../support/studio';

const DAY = '2026-02-03';
const summary = new Summary();
let cases = 0;
let reported = 0;

function base(): Bench {
  const b = bench();
  ok(b.call('2026-01-05', 'setUpWorkbook'));
  ok(
    b.call('2026-01-05', 'savePackage', {
      name: 'Fortnightly Reset',
      sessionsPerPeriod: 6,
      frequency: 'fortnightly',
      rollover: 'reset',
      recurWeeks: 0,
      priceCents: 30000,
    }),
  );
  ok(
    b.call('2026-01-05', 'savePackage', {
      name: 'Weekly Add',
      sessionsPerPeriod: 2,
      frequency: 'weekly',
      rollover: 'add',
      recurWeeks: 0,
      priceCents: 12000,
      rolloverCap: 6,
    }),
  );
  for (const name of ['Ava Chen', 'Ben Okafor', 'Chloé Martin', 'Dev Patel'])
    ok(b.call('2026-01-05', 'saveClient', { name }));
  for (let i = 1; i <= 4; i++) {
    ok(
      b.call('2026-01-05', 'sellPackage', {
        clientId: `C-${i}`,
        packageId: `P-${(i % 2) + 1}`,
        startDate: '2026-01-05',
      }),
    );
  }
  ok(b.call('2026-01-12', 'runDailyProcesses', {}));
  ok(b.call('2026-01-13', 'checkIn', { saleId: 'S-1', requestId: 'g-1' }));
  ok(b.call('2026-01-13', 'recordPayment', { invoiceNo: 1, amount: 12000, method: 'card', requestId: 'g-p1' }));
  ok(b.call('2026-01-13', 'recordPayment', { invoiceNo: 2, amount: 2000, method: 'cash', requestId: 'g-p2' }));
  return b;
}

/** Owner-style edits through the emulated SpreadsheetApp (no add-on code). */
function editor(b: Bench) {
  const ss = b.runtime(DAY).globals().SpreadsheetApp.getActive();
  const sheet = (tab: string) => ss.getSheetByName(tab);
  const col = (tab: string, header: string) => {
    const c = sheet(tab).getRange(1, 1, 1, sheet(tab).getLastColumn()).getValues()[0].indexOf(header) + 1;
    if (c < 1) throw new Error(`no ${header} in ${tab}`);
    return c;
  };
  return {
    set: (tab: string, row: number, header: string, value: unknown) =>
      sheet(tab).getRange(row, col(tab, header)).setValue(value),
    deleteHeader: (tab: string, header: string) => sheet(tab).getRange(1, col(tab, header)).setValue(''),
    duplicate: (tab: string, row: number) => {
      const s = sheet(tab);
      const values = s.getRange(row, 1, 1, s.getLastColumn()).getValues();
      s.getRange(s.getLastRow() + 1, 1, 1, values[0].length).setValues(values);
    },
    blankRow: (tab: string) => sheet(tab).insertRowsAfter(2, 1),
  };
}

type Edit = ReturnType<typeof editor>;
interface Garbage {
  tab: string;
  what: string;
  apply: (e: Edit) => void;
  /** Sales whose billing this garbage may rightly hold up. */
  affects?: string[];
  /** The run cannot bill from this tab at all: refused, nothing but a failed Run Log row written. */
  refused?: boolean;
  /** Not an error at all (a blank row is skipped): nothing to report, and the result is the reference's. */
  silent?: boolean;
}

const GARBAGE: Garbage[] = [
  { tab: 'Packages', what: 'text in a number cell', apply: (e) => e.set('Packages', 2, 'Sessions per Period', 'six') },
  { tab: 'Packages', what: 'a negative amount', apply: (e) => e.set('Packages', 2, 'Price per Period', -50) },
  { tab: 'Packages', what: 'a duplicate key', apply: (e) => e.duplicate('Packages', 2) },
  {
    tab: 'Packages',
    what: 'a blank row in the middle',
    apply: (e) => {
      e.blankRow('Packages');
      e.set('Packages', 4, 'Name', '');
    },
  },
  { tab: 'Packages', what: 'a deleted optional header', apply: (e) => e.deleteHeader('Packages', 'Rollover Cap') },
  { tab: 'Packages', what: 'a deleted required header', apply: (e) => e.deleteHeader('Packages', 'Name') },
  { tab: 'Clients', what: 'an empty required cell', apply: (e) => e.set('Clients', 3, 'Name', '') },
  { tab: 'Clients', what: 'a duplicate key', apply: (e) => e.duplicate('Clients', 2) },
  { tab: 'Clients', what: 'a deleted optional header', apply: (e) => e.deleteHeader('Clients', 'Email') },
  { tab: 'Clients', what: 'a deleted required header', apply: (e) => e.deleteHeader('Clients', 'Name') },
  {
    tab: 'Sales',
    what: 'text in a date cell',
    apply: (e) => e.set('Sales', 3, 'Start Date', 'next tuesday'),
    affects: ['S-2'],
  },
  {
    tab: 'Sales',
    what: 'an impossible date',
    apply: (e) => e.set('Sales', 4, 'Sold On', '2026-02-30'),
    affects: ['S-3'],
  },
  {
    tab: 'Sales',
    what: 'a negative amount',
    apply: (e) => e.set('Sales', 5, 'Price per Period', -300),
    affects: ['S-4'],
  },
  { tab: 'Sales', what: 'a duplicate key', apply: (e) => e.duplicate('Sales', 2) },
  { tab: 'Sales', what: 'a blank row in the middle', apply: (e) => e.blankRow('Sales'), silent: true },
  { tab: 'Sales', what: 'a deleted optional header', apply: (e) => e.deleteHeader('Sales', 'Status') },
  {
    tab: 'Sales',
    what: 'a deleted required header',
    apply: (e) => e.deleteHeader('Sales', 'Start Date'),
    refused: true,
  },
  { tab: 'Invoices', what: 'text in a date cell', apply: (e) => e.set('Invoices', 2, 'Due Date', 'soon') },
  { tab: 'Invoices', what: 'a negative amount', apply: (e) => e.set('Invoices', 3, 'Amount', -120) },
  { tab: 'Invoices', what: 'a duplicate key', apply: (e) => e.duplicate('Invoices', 2) },
  { tab: 'Invoices', what: 'a repeated invoice number', apply: (e) => e.set('Invoices', 3, 'Invoice No', 1) },
  { tab: 'Invoices', what: 'a blank row in the middle', apply: (e) => e.blankRow('Invoices'), silent: true },
  {
    tab: 'Invoices',
    what: 'a deleted optional header the workbook had (Paid)',
    apply: (e) => e.deleteHeader('Invoices', 'Paid'),
    refused: true,
  },
  { tab: 'Invoices', what: 'a deleted derived header (Status)', apply: (e) => e.deleteHeader('Invoices', 'Status') },
  {
    tab: 'Invoices',
    what: 'a deleted required header',
    apply: (e) => e.deleteHeader('Invoices', 'Key'),
    refused: true,
  },
  { tab: 'Payments', what: 'text in a date cell', apply: (e) => e.set('Payments', 2, 'Date', 'yesterday') },
  { tab: 'Payments', what: 'a negative amount', apply: (e) => e.set('Payments', 3, 'Amount', -20) },
  { tab: 'Payments', what: 'a duplicate key', apply: (e) => e.duplicate('Payments', 2) },
  {
    tab: 'Payments',
    what: 'a blank row in the middle',
    apply: (e) => {
      e.blankRow('Payments');
      e.set('Payments', 2, 'Method', 'IOU');
    },
  },
  { tab: 'Payments', what: 'a deleted required header', apply: (e) => e.deleteHeader('Payments', 'Method') },
  {
    tab: 'Adjustments',
    what: 'text in a date cell',
    apply: (e) => e.set('Adjustments', 2, 'Date', 'last week'),
    affects: ['S-1'],
  },
  {
    tab: 'Adjustments',
    what: 'text in a number cell',
    apply: (e) => e.set('Adjustments', 3, 'Sessions', 'two'),
    affects: ['S-2'],
  },
  { tab: 'Adjustments', what: 'a duplicate key', apply: (e) => e.duplicate('Adjustments', 2) },
  {
    tab: 'Adjustments',
    what: 'a blank row in the middle',
    apply: (e) => {
      e.blankRow('Adjustments');
      e.set('Adjustments', 2, 'Type', 'Bonus');
    },
    affects: ['S-1'],
  },
  { tab: 'Adjustments', what: 'a deleted optional header', apply: (e) => e.deleteHeader('Adjustments', 'Balance') },
  {
    tab: 'Adjustments',
    what: 'a deleted required header',
    apply: (e) => e.deleteHeader('Adjustments', 'Type'),
    refused: true,
  },
  { tab: 'Run Log', what: 'a deleted required header', apply: (e) => e.deleteHeader('Run Log', 'Job') },
];

let pristine: any;
let reference: Bench;

beforeAll(() => {
  pristine = base().workbook;
  reference = bench(cloneWorkbook(pristine));
  ok(reference.call(DAY, 'runDailyProcesses', {}));
});

afterAll(() => {
  if (cases === 0) return;
  summary.add('hand-edited garbage cases (6 tabs + Run Log)', cases);
  summary.add('reported in the Run Log / reply, other rows billed', reported);
  summary.print('Hand-edited garbage');
});

const keysOf = (b: Bench, tab: string, sales: string[]) =>
  b
    .dump(tab)
    [tab].filter((r) => !sales.includes(String(r['Sale ID'])))
    .map((r) => String(r.Key))
    .sort();

describe.each(GARBAGE.map((g) => [`${g.tab}: ${g.what}`, g] as const))('%s', (_, g) => {
  it(
    g.refused
      ? 'stops the run before any write and says which header'
      : g.silent
        ? 'is skipped: the run equals the run without it'
        : 'is reported and the other rows go on',
    () => {
      cases++;
      const b = bench(cloneWorkbook(pristine));
      g.apply(editor(b));
      const before = business(b.dump());
      const untouched = snapshot({ ...b.workbook, sheets: b.workbook.sheets.filter((s: any) => s.name !== 'Run Log') });
      const reply = b.call(DAY, 'runDailyProcesses', {});
      const log = b.dump('Run Log')['Run Log'];
      if (g.refused) {
        expect(reply.ok).toBe(false);
        expect(reply.errors?.[0].message).toMatch(
          new RegExp(`^${g.tab} row 1: (missing header|header "[^"]+" is missing)`),
        );
        expect(snapshot({ ...b.workbook, sheets: b.workbook.sheets.filter((s: any) => s.name !== 'Run Log') })).toBe(
          untouched,
        );
        expect(business(b.dump())).toEqual(before);
        expect(log.at(-1)).toMatchObject({ Job: 'Daily Processes (failed)', Problems: 1 });
        reported++;
        return;
      }
      expect(reply.ok).toBe(true);
      const problems: string[] = reply.summary.problems;
      if (g.silent) {
        expect(problems).toEqual([]);
        expect(business(b.dump())).toEqual(business(reference.dump()));
        reported++;
        return;
      }
      expect(problems.some((p) => p.startsWith(`${g.tab}`))).toBe(true);
      if (g.tab !== 'Run Log') {
        const last = log.at(-1) as Record<string, unknown>;
        expect(last).toMatchObject({ Job: 'Daily Processes', Problems: problems.length });
        for (const p of problems) expect(String(last.Details)).toContain(p);
      } else {
        expect(problems.join('\n')).toMatch(/This run is not logged/);
      }
      // Every sale the garbage doesn't touch is billed and allocated exactly as without it.
      const skip = g.affects ?? [];
      const invoices = keysOf(b, 'Invoices', skip);
      expect(invoices).toEqual(expect.arrayContaining(keysOf(reference, 'Invoices', skip)));
      if (!skip.length)
        expect(keysOf(b, 'Adjustments', skip)).toEqual(expect.arrayContaining(keysOf(reference, 'Adjustments', skip)));
      // Nothing twice (the duplicate the owner typed aside), and a second run adds nothing.
      expect(new Set(invoices).size).toBe(
        invoices.length - (g.tab === 'Invoices' && g.what === 'a duplicate key' ? 1 : 0),
      );
      expect(ok(b.call(DAY, 'runDailyProcesses', {})).summary).toMatchObject({
        invoicesCreated: 0,
        adjustmentsCreated: 0,
      });
      reported++;
    },
  );
});
