/**
 * Every mapper's round trip through real cells: for random valid records `x`, `parse(cells(x))` is `x`.
 * Each run sets a tab up with Set up workbook's own code (setUpTab: number formats, Plain text columns,
 * dropdowns) over the emulated SpreadsheetApp, in a random time zone, with the columns in a random order
 * and an owner's column among them; the records go in through Table.append (or Table.set, as an edit
 * does) and flush, and come back through Table.read and readRows: the cell encoding (dates in the
 * spreadsheet's zone, cents as currency numbers, choice labels, Plain text that never becomes a number,
 * a date or a formula) is the real one.
 */
import fc from 'fast-check';
import { type ColumnSpec, type Header, TABS, type TabName, type TabSpec } from '../../sheets-template/tabs';
import {
  ADJUSTMENT_TYPES,
  type Adjustment,
  type Client,
  FREQUENCIES,
  type Invoice,
  invoiceStatus,
  MAX_CENTS,
  MAX_PAUSE_WEEKS,
  PAYMENT_METHODS,
  type Package,
  type PackageTerms,
  type Pause,
  type Payment,
  plusDays,
  ROLLOVERS,
  SALE_STATUS_CHOICES,
  type Sale,
} from '../../src/domain';
import { type Cell, DateCodec } from '../../src/sheets/cells';
import * as map from '../../src/sheets/mappers';
import { type RowReader, Table } from '../../src/sheets/table';
import { setUpTab } from '../../src/sheets/template';

const { createRuntime, Workbook } = require('../../local/runtime');

const RUNS = 100;

/** Zones whose offsets, DST rules or skipped midnights have broken date cells before. */
const ZONES = ['UTC', 'Australia/Sydney', 'America/Santiago', 'America/Havana', 'Pacific/Chatham', 'Asia/Kolkata'];

// ---------------------------------------------------------------------------------------------------------
// Generators: valid records (what the mappers' parse accepts), with text that Sheets would turn into
// something else if it were not written as Plain text.

/** Strings an owner may well type that Sheets parses when a cell is not Plain text. */
const HOSTILE = [
  '=1+1',
  '=IMPORTXML("http://example.com")',
  '+61 400 000 000',
  '-5',
  '@home',
  "'quoted",
  '123',
  '0042',
  '1e5',
  '3.50',
  '2026-01-05',
  '2026-01-05 10:30',
  'TRUE',
  'false',
  '#N/A',
  'Zoë O’Brien ✓',
  'two\nlines',
];

/** Text as the mappers read it (trimmed), 1 to `max` characters. */
const text = (max = 100) =>
  fc
    .oneof(
      fc.constantFrom(...HOSTILE),
      fc.string({ minLength: 1, maxLength: max }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 20) }),
    )
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length <= max);
const optionalText = (max = 100) => fc.oneof(fc.constant(''), text(max));
const id = text(40);

const isoDate = fc
  .integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2099, 11, 31) })
  .map((t) => new Date(t).toISOString().slice(0, 10));
const cents = (min: number) => fc.integer({ min, max: MAX_CENTS });

const termsArb = (name: fc.Arbitrary<string>): fc.Arbitrary<PackageTerms> =>
  fc
    .record({
      name,
      sessionsPerPeriod: fc.integer({ min: 1, max: 1000 }),
      frequency: fc.constantFrom(...FREQUENCIES),
      rollover: fc.constantFrom(...ROLLOVERS),
      recurWeeks: fc.integer({ min: 0, max: 520 }),
      priceCents: cents(0),
      capExtra: fc.option(fc.integer({ min: 0, max: 9000 }), { nil: null }),
      minPeriods: fc.integer({ min: 0, max: 520 }),
      noticeDays: fc.integer({ min: 0, max: 365 }),
      usable: fc.option(fc.integer({ min: 0, max: 730 }), { nil: null }),
      expire: fc.integer({ min: 0, max: 520 }),
      introPeriods: fc.integer({ min: 0, max: 520 }),
      introPrice: fc.integer({ min: 0, max: 10_000_000 }),
    })
    .map(({ capExtra, usable, expire, introPrice, ...t }) => ({
      ...t,
      rolloverCap: t.rollover === 'add' && capExtra !== null ? t.sessionsPerPeriod + capExtra : null,
      usableDays: t.rollover === 'add' ? usable : null,
      expireAfterPeriods: t.rollover === 'add' ? expire : 0,
      introPriceCents: t.introPeriods > 0 ? introPrice : null,
    }));

const packageArb: fc.Arbitrary<Package> = fc
  .record({ id, terms: termsArb(text(100)) })
  .map(({ id, terms }) => ({ id, ...terms }));

const clientArb: fc.Arbitrary<Client> = fc.record({
  id,
  name: text(),
  email: optionalText(),
  phone: optionalText(40),
});

/** Pauses in calendar order, none overlapping the one before. */
const pausesArb: fc.Arbitrary<Pause[]> = fc
  .record({
    first: isoDate.filter((d) => d < '2090-01-01'),
    steps: fc.array(fc.record({ gapDays: fc.integer({ min: 0, max: 60 }), weeks: fc.integer({ min: 1, max: 8 }) }), {
      maxLength: 3,
    }),
    lastWeeks: fc.integer({ min: 1, max: MAX_PAUSE_WEEKS }),
  })
  .map(({ first, steps, lastWeeks }) => {
    const pauses: Pause[] = [];
    let from = first;
    for (const { gapDays, weeks } of steps) {
      pauses.push({ from, weeks });
      from = plusDays(from, weeks * 7 + gapDays);
    }
    pauses.push({ from, weeks: lastWeeks });
    return pauses;
  })
  .chain((pauses) => fc.constantFrom([], pauses));

/** A person named on a shared sale or a check-in: "Name (C-12)" reads back when the name has no parentheses. */
const personArb = fc.record({
  id: fc.integer({ min: 1, max: 99_999 }).map((n) => `C-${n}`),
  name: text(60).filter((n) => !/[();]/.test(n) && n.trim() === n),
});

const saleArb: fc.Arbitrary<{ sale: Sale; status: string }> = fc
  .record({
    // Sale ids are the add-on's (S-<n>): any other text in the column is a row that can't be read.
    id: fc.integer({ min: 1, max: 999_999 }).map((n) => `S-${n}`),
    clientId: id,
    clientName: text(),
    packageId: id,
    terms: termsArb(text(100)),
    soldOn: isoDate,
    startDate: isoDate,
    endDate: fc.option(isoDate, { nil: null }),
    pauses: pausesArb,
    requestId: fc.option(text(80), { nil: null }),
    sharedWith: fc.array(personArb, { maxLength: 3 }),
    status: fc.constantFrom(...SALE_STATUS_CHOICES.map((c) => c.label)),
  })
  .map(({ status, ...sale }) => ({ sale, status }));

/** An invoice whose status is what parse derives: void (the owner's call) or the one its Paid gives. */
const invoiceArb: fc.Arbitrary<{ invoice: Invoice; overdue: boolean }> = fc
  .record({
    number: fc.integer({ min: 1, max: 999_999 }),
    key: id,
    saleId: id,
    clientName: optionalText(),
    period: fc.integer({ min: 0, max: 5000 }),
    dueDate: isoDate,
    amountCents: cents(0),
    paidCents: fc.oneof(fc.constant(0), cents(0)),
    isVoid: fc.boolean(),
    overdue: fc.boolean(),
  })
  .map(({ isVoid, overdue, ...i }) => ({
    invoice: { ...i, status: isVoid ? 'void' : invoiceStatus(i.amountCents, i.paidCents) },
    overdue,
  }));

const paymentArb: fc.Arbitrary<Payment> = fc.record({
  key: id,
  date: isoDate,
  invoiceNumber: fc.integer({ min: 1, max: 999_999 }),
  saleId: id,
  clientName: optionalText(),
  amountCents: cents(1),
  method: fc.constantFrom(...PAYMENT_METHODS),
});

const adjustmentArb: fc.Arbitrary<Adjustment> = fc.record({
  key: id,
  date: isoDate,
  saleId: id,
  clientName: optionalText(),
  type: fc.constantFrom(...ADJUSTMENT_TYPES),
  sessions: fc.integer({ min: -100_000, max: 100_000 }),
  balance: fc.integer({ min: -100_000, max: 100_000 }),
  note: optionalText(500),
  attendee: fc.option(personArb, { nil: null }),
});

const runLogArb: fc.Arbitrary<map.RunLogEntry> = fc
  .record({
    started: fc.integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2040, 0, 1) / 1000 }),
    seconds: fc.integer({ min: 0, max: 6 * 3600 }),
    job: text(60),
    today: isoDate,
    user: optionalText(),
    invoicesCreated: fc.nat(100_000),
    adjustmentsCreated: fc.nat(100_000),
    problems: fc.array(text(200), { maxLength: 4 }),
    details: optionalText(400),
  })
  .map(({ started, seconds, ...e }) => ({
    ...e,
    started: new Date(started * 1000),
    finished: new Date((started + seconds) * 1000),
  }));

// ---------------------------------------------------------------------------------------------------------
// A tab in an emulated spreadsheet, set up by Set up workbook's code with its columns in `order`.

const OWNER_COLUMN: ColumnSpec = { header: 'Owner notes', kind: 'text', required: false, width: 100 };

/** A column layout: the tab's columns in a random order, an owner's own column somewhere among them. */
const layoutArb = (spec: TabSpec) =>
  fc
    .record({
      order: fc.shuffledSubarray([...spec.columns], { minLength: spec.columns.length }),
      owner: fc.integer({ min: 0, max: spec.columns.length }),
    })
    .map(({ order, owner }) => [...order.slice(0, owner), OWNER_COLUMN, ...order.slice(owner)]);

interface Sheet {
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  codec: DateCodec;
}

/** One emulated spreadsheet per time zone, reused by every run (a fresh runtime per run adds up). */
const SPREADSHEETS = new Map<
  string,
  { ss: GoogleAppsScript.Spreadsheet.Spreadsheet; globals: Record<string, unknown> }
>();

/** A fresh tab (any earlier one with its name deleted), set up by setUpTab with `columns` in their order. */
function setUp(spec: TabSpec, columns: readonly ColumnSpec[], timeZone: string): Sheet {
  let open = SPREADSHEETS.get(timeZone);
  if (!open) {
    const rt = createRuntime({ workbook: Workbook.create({ timeZone }), now: '2026-03-02' });
    const globals = rt.globals();
    open = { ss: globals.SpreadsheetApp.getActive(), globals };
    SPREADSHEETS.set(timeZone, open);
  }
  // The date codec's Utilities.formatDate, and the data validation builder setUpTab uses.
  (globalThis as Record<string, unknown>).Utilities = open.globals.Utilities;
  (globalThis as Record<string, unknown>).SpreadsheetApp = open.globals.SpreadsheetApp;
  const { ss } = open;
  const old = ss.getSheetByName(spec.name);
  if (old) ss.deleteSheet(old);
  setUpTab(ss, { ...spec, columns }, { createdTabs: [], addedColumns: [], addedSettings: [], notRestored: [] });
  return { ss, codec: new DateCodec(timeZone) };
}

const zoneArb = fc.constantFrom(...ZONES);

/** Unique keys (a repeated key is reported and skipped, by design). */
const uniqueRecords = <T>(arb: fc.Arbitrary<T>, key: (t: T) => string) =>
  fc.uniqueArray(arb, { selector: key, minLength: 1, maxLength: 8 });

type Mapper<T, N extends TabName> = {
  parse: (r: RowReader<Header<N>>) => T;
  key: (t: T) => string;
};

/** Writes the rows' cells with Table.append, reads the tab back and parses every row. */
function roundTrip<T, N extends TabName>(
  tab: N,
  mapper: Mapper<T, N>,
  columns: readonly ColumnSpec[],
  timeZone: string,
  cellsOf: (codec: DateCodec) => Partial<Record<Header<N>, Cell>>[],
) {
  const { ss, codec } = setUp(TABS[tab], columns, timeZone);
  const table = Table.read(ss, TABS[tab], codec);
  for (const cells of cellsOf(codec)) table.append(cells);
  table.flush();
  return map.readRows(Table.read(ss, TABS[tab], codec), mapper.parse, mapper.key);
}

const clean = (records: unknown[]) => ({ problems: [], records });

// ---------------------------------------------------------------------------------------------------------

describe('parse(cells(x)) = x for every mapper, through real cells', () => {
  it('packages', () => {
    fc.assert(
      fc.property(uniqueRecords(packageArb, map.packages.key), layoutArb(TABS.packages), zoneArb, (xs, cols, tz) => {
        const read = roundTrip('packages', map.packages, cols, tz, () => xs.map((p) => map.packages.cells(p)));
        expect({ problems: read.problems, records: read.records }).toEqual(clean(xs));
      }),
      { numRuns: RUNS },
    );
  });

  it('clients', () => {
    fc.assert(
      fc.property(uniqueRecords(clientArb, map.clients.key), layoutArb(TABS.clients), zoneArb, (xs, cols, tz) => {
        const read = roundTrip('clients', map.clients, cols, tz, () => xs.map((c) => map.clients.cells(c)));
        expect({ problems: read.problems, records: read.records }).toEqual(clean(xs));
      }),
      { numRuns: RUNS },
    );
  });

  it('sales', () => {
    fc.assert(
      fc.property(
        uniqueRecords(saleArb, (s) => s.sale.id),
        layoutArb(TABS.sales),
        zoneArb,
        (xs, cols, tz) => {
          const read = roundTrip('sales', map.sales, cols, tz, (codec) =>
            xs.map(({ sale, status }) => map.sales.cells(sale, codec, status)),
          );
          expect({ problems: read.problems, records: read.records }).toEqual(clean(xs.map((x) => x.sale)));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('invoices (an Overdue label reads back as the status Paid gives)', () => {
    fc.assert(
      fc.property(
        uniqueRecords(invoiceArb, (i) => i.invoice.key),
        layoutArb(TABS.invoices),
        zoneArb,
        (xs, cols, tz) => {
          const read = roundTrip('invoices', map.invoices, cols, tz, (codec) =>
            xs.map(({ invoice, overdue }) => map.invoices.cells(invoice, codec, overdue)),
          );
          expect({ problems: read.problems, records: read.records }).toEqual(clean(xs.map((x) => x.invoice)));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('payments', () => {
    fc.assert(
      fc.property(uniqueRecords(paymentArb, map.payments.key), layoutArb(TABS.payments), zoneArb, (xs, cols, tz) => {
        const read = roundTrip('payments', map.payments, cols, tz, (codec) =>
          xs.map((p) => map.payments.cells(p, codec)),
        );
        expect({ problems: read.problems, records: read.records }).toEqual(clean(xs));
      }),
      { numRuns: RUNS },
    );
  });

  it('adjustments', () => {
    fc.assert(
      fc.property(
        uniqueRecords(adjustmentArb, map.adjustments.key),
        layoutArb(TABS.adjustments),
        zoneArb,
        (xs, cols, tz) => {
          const read = roundTrip('adjustments', map.adjustments, cols, tz, (codec) =>
            xs.map((a) => map.adjustments.cells(a, codec)),
          );
          expect({ problems: read.problems, records: read.records }).toEqual(clean(xs));
        },
      ),
      { numRuns: RUNS },
    );
  });

  // A date-time cell holds the wall-clock time in the spreadsheet's zone (as Sheets does), so an instant in
  // the hour a DST change repeats reads back as the first of the two: the time stamps compare as shown.
  it('run log (written only, through Table.forAppend): every cell reads back as written', () => {
    fc.assert(
      fc.property(
        fc.array(runLogArb, { minLength: 1, maxLength: 5 }),
        layoutArb(TABS.runLog),
        zoneArb,
        (xs, cols, tz) => {
          const { ss, codec } = setUp(TABS.runLog, cols, tz);
          const log = Table.forAppend(ss, TABS.runLog, codec);
          for (const e of xs) log.append(map.runLog.cells(e, codec));
          log.flush();
          const shown = (d: Date) => Utilities.formatDate(d, tz, 'yyyy-MM-dd HH:mm:ss');
          const rows = [...Table.read(ss, TABS.runLog, codec).rows()].map((r) => ({
            started: shown(r.raw('Started') as Date),
            finished: shown(r.raw('Finished') as Date),
            job: r.text('Job'),
            today: r.date('Today'),
            user: r.text('User'),
            invoicesCreated: r.int('Invoices Created'),
            adjustmentsCreated: r.int('Adjustments Created'),
            problems: r.int('Problems'),
            details: r.text('Details'),
            unreadable: r.problems,
          }));
          expect(rows).toEqual(
            xs.map((e) => ({
              started: shown(e.started),
              finished: shown(e.finished),
              job: e.job,
              today: e.today,
              user: e.user,
              invoicesCreated: e.invoicesCreated,
              adjustmentsCreated: e.adjustmentsCreated,
              problems: e.problems.length,
              details: [e.details, ...e.problems].filter(Boolean).join('\n'),
              unreadable: [],
            })),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('an edit written with Table.set (every cell of the row, as the catalog does) reads back', () => {
  it('packages and clients', () => {
    fc.assert(
      fc.property(packageArb, packageArb, clientArb, clientArb, zoneArb, (before, after, was, is, tz) => {
        const packages = setUp(TABS.packages, TABS.packages.columns, tz);
        const p = Table.read(packages.ss, TABS.packages, packages.codec);
        p.append(map.packages.cells(before));
        p.flush();
        const edit = Table.read(packages.ss, TABS.packages, packages.codec);
        for (const [header, value] of Object.entries(map.packages.cells(after))) edit.set(2, header, value);
        edit.flush();
        const readPackages = map.readRows(
          Table.read(packages.ss, TABS.packages, packages.codec),
          map.packages.parse,
          map.packages.key,
        );
        expect(readPackages.records).toEqual([after]);

        const clients = setUp(TABS.clients, TABS.clients.columns, tz);
        const c = Table.read(clients.ss, TABS.clients, clients.codec);
        c.append(map.clients.cells(was));
        c.flush();
        const editClient = Table.read(clients.ss, TABS.clients, clients.codec);
        for (const [header, value] of Object.entries(map.clients.cells(is))) editClient.set(2, header, value);
        editClient.flush();
        expect(
          map.readRows(Table.read(clients.ss, TABS.clients, clients.codec), map.clients.parse, map.clients.key).records,
        ).toEqual([is]);
      }),
      { numRuns: RUNS },
    );
  });
});
