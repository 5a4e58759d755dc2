import { REPORTS, SYSTEM_TAB } from '../../sheets-template/tabs';
// Shared by the reliability and corpus suites: studios over a given workbook (so one realistic workbook
// is built once and cloned for every trial), a raw snapshot of the workbook model (every cell, format,
// validation and sheet size: "byte for byte"), the exactly-once invariants, and the summary table.
import { FORTNIGHTLY_RESET, ok, type Reply, type Script } from '../support/studio';

const { createRuntime, createSharedLocks, Workbook } = require('../../local/runtime');
const { dumpTabs } = require('../../local/dump');

export type Dump = Record<string, Record<string, unknown>[]>;

/**
 * A deep copy of a workbook model (cells, formats, validations, sizes), with the same id. Each cell is
 * copied; its validation rule is shared, as the runtime replaces a cell's rule and never changes one.
 */
export function cloneWorkbook(wb: any): any {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(wb)), wb);
  copy.sheets = wb.sheets.map((s: any) =>
    Object.assign(Object.create(Object.getPrototypeOf(s)), s, {
      rows: s.rows.map((row: unknown[] | undefined) => row?.map((cell) => (cell ? { ...cell } : cell))),
      columnWidths: new Map(s.columnWidths),
      charts: structuredClone(s.charts),
    }),
  );
  return copy;
}

/** Everything the model holds, as a string: equal strings = the workbook is unchanged, byte for byte. */
export function snapshot(wb: any): string {
  return JSON.stringify({
    timeZone: wb.timeZone,
    name: wb.name,
    active: wb.activeSheetName,
    sheets: wb.sheets.map((s: any) => ({ ...s, columnWidths: [...s.columnWidths] })),
  });
}

export interface Bench {
  workbook: any;
  lock: any;
  /** PropertiesService's stores and the other spreadsheets (the archive), shared by every execution. */
  properties: any;
  drive: Map<string, any>;
  /** A runtime over this workbook on `day`, sharing the lock table (and, with `file`, a lock file). */
  runtime(day: string, options?: Record<string, unknown>): any;
  /** Calls an endpoint in its own execution, through a JSON round trip as google.script.run does. */
  call(day: string, name: string, arg?: unknown, options?: Record<string, unknown>): Reply;
  dump(tab?: string): Dump;
  /** The tabs of each other spreadsheet (the archive), by spreadsheet name. */
  dumpDrive(): Record<string, Dump>;
}

/**
 * A studio over `workbook`. `defaults`: options of every runtime it makes (e.g. `{ mode: 'addon' }`: every
 * execution as the published add-on's).
 */
export function bench(
  workbook: any = Workbook.create({ timeZone: 'Australia/Sydney' }),
  shared: { properties?: any; drive?: Map<string, any> } = {},
  defaults: Record<string, unknown> = {},
): Bench {
  const lock = createSharedLocks();
  const triggers: unknown[] = [];
  const properties = shared.properties ?? { document: {}, script: {}, user: {} };
  const drive = shared.drive ?? new Map();
  const b: Bench = {
    workbook,
    lock,
    properties,
    drive,
    runtime: (day, options = {}) =>
      createRuntime({
        workbook,
        now: day,
        lock,
        triggers,
        properties,
        drive,
        distDir: 'dist',
        ...defaults,
        ...options,
      }),
    call(day, name, arg, options) {
      const rt = b.runtime(day, options);
      const script: Script = rt.load();
      try {
        const result = arg === undefined ? script[name]() : script[name](JSON.parse(JSON.stringify(arg)));
        return result === undefined ? result : JSON.parse(JSON.stringify(result));
      } finally {
        rt.endExecution();
      }
    },
    dump: (tab) => dumpTabs(b.runtime('2026-01-01'), tab),
    dumpDrive: () =>
      Object.fromEntries(
        [...drive.values()].map((wb) => [wb.name, dumpTabs(createRuntime({ workbook: wb, distDir: 'dist' }))]),
      ),
  };
  return b;
}

/** An independent copy of a bench: workbook, document properties and the other spreadsheets. */
export function forkBench(b: Bench): Bench {
  return bench(cloneWorkbook(b.workbook), {
    properties: structuredClone(b.properties),
    drive: new Map([...b.drive].map(([id, wb]) => [id, cloneWorkbook(wb)])),
  });
}

/** Every tab but the Run Log (which is append-only and records each attempt). */
export function business(d: Dump): Dump {
  // The Run Log and the report tabs are views every run rewrites or appends to, not records; the system
  // tab is the add-on's own state (its lock flags, and the archive's progress: see `archiveInfo`).
  const views = new Set(['Run Log', SYSTEM_TAB.name, ...Object.values(REPORTS).map((r) => r.name)]);
  return Object.fromEntries(Object.entries(d).filter(([tab]) => !views.has(tab)));
}

/** The exactly-once invariants of a dump: counts of anything wrong (all 0 when sound). */
export function invariants(d: Dump) {
  const repeats = (rows: Record<string, unknown>[], key: string) => {
    const seen = new Set<unknown>();
    let n = 0;
    for (const r of rows) {
      if (seen.has(r[key])) n++;
      seen.add(r[key]);
    }
    return n;
  };
  const numbers = d.Invoices.map((r) => Number(r['Invoice No'])).sort((a, b) => a - b);
  let gaps = 0;
  numbers.forEach((n, i) => {
    if (n !== i + 1) gaps++;
  });
  return {
    duplicateKeys:
      repeats(d.Sales, 'Sale ID') +
      repeats(d.Invoices, 'Key') +
      repeats(d.Adjustments, 'Key') +
      repeats(d.Payments, 'Key') +
      repeats(d.Invoices, 'Invoice No'),
    numberGaps: gaps,
  };
}

/** The keys in `want` that `got` lacks (rows lost). */
export function missingKeys(got: Dump, want: Dump): string[] {
  const out: string[] = [];
  for (const [tab, key] of [
    ['Sales', 'Sale ID'],
    ['Invoices', 'Key'],
    ['Adjustments', 'Key'],
    ['Payments', 'Key'],
  ]) {
    const have = new Set(got[tab].map((r) => r[key]));
    for (const r of want[tab]) if (!have.has(r[key])) out.push(`${tab}:${String(r[key])}`);
  }
  return out;
}

const PACKAGES = [
  { ...FORTNIGHTLY_RESET },
  {
    name: 'Physio Weekly',
    sessionsPerPeriod: 2,
    frequency: 'weekly',
    rollover: 'add',
    recurWeeks: 0,
    priceCents: 12000,
    rolloverCap: 5,
  },
  { name: 'PT Monthly', sessionsPerPeriod: 8, frequency: 'monthly', rollover: 'add', recurWeeks: 0, priceCents: 48000 },
  {
    name: 'Tutoring 4 weeks',
    sessionsPerPeriod: 1,
    frequency: 'weekly',
    rollover: 'reset',
    recurWeeks: 4,
    priceCents: 7550,
  },
  {
    name: 'Yoga Every 4 weeks',
    sessionsPerPeriod: 4,
    frequency: 'every 4 weeks',
    rollover: 'reset',
    recurWeeks: 0,
    priceCents: 16000,
  },
];
const NAMES = [
  'Ava Chen',
  'Ben Okafor',
  'Chloé Martin',
  'Dmitri Ivanov',
  'Émilie Roy',
  'Farah Khan',
  'Giulia Rossi',
  'Hiro Tanaka',
];

export const CRASH_DAY = '2026-03-02';

/**
 * A realistic studio on the morning of CRASH_DAY: 20 sales over five packages (Reset and Add, a rollover
 * cap, a finite package that expires, one cancelled sale), sold on several days in January (some
 * backdated, some starting later), Daily Processes run on most January days and then not at all for six
 * weeks, with check-ins (some overdrawn) and payments along the way. The day's run catches up several due
 * periods of every sale, inserts resets before February check-ins (rewriting their running balances),
 * expires and caps sessions, and updates statuses.
 */
export function realisticStudio(): Bench {
  const b = bench();
  ok(b.call('2026-01-02', 'setUpWorkbook'));
  const pkgs = PACKAGES.map((p) => ok(b.call('2026-01-02', 'savePackage', p)).package.id as string);
  const clients = NAMES.map((name) => ok(b.call('2026-01-02', 'saveClient', { name })).client.id as string);
  const sales: string[] = [];
  const sellDays = ['2026-01-05', '2026-01-09', '2026-01-14'];
  for (let i = 0; i < 20; i++) {
    const day = sellDays[i % 3];
    const back = (i * 5) % 11; // some backdated by up to 10 days
    const start = new Date(Date.parse(`${day}T00:00:00Z`) + (i % 4 === 3 ? 3 : -back) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const reply = ok(
      b.call(day, 'sellPackage', {
        clientId: clients[i % clients.length],
        packageId: pkgs[i % pkgs.length],
        startDate: start,
        requestId: `seed-sale-${i}`,
      }),
    );
    sales.push(reply.receipt.saleId);
  }
  for (const day of ['2026-01-15', '2026-01-16', '2026-01-19', '2026-01-20', '2026-01-26']) {
    ok(b.call(day, 'runDailyProcesses', {}));
    for (const [i, sale] of sales.entries()) {
      if ((i + day.charCodeAt(9)) % 3 === 0) b.call(day, 'checkIn', { saleId: sale, requestId: `ci-${day}-${i}` });
    }
  }
  ok(b.call('2026-01-27', 'cancelSale', { saleId: sales[4], date: '2026-02-20' }));
  ok(b.call('2026-01-27', 'recordPayment', { invoiceNo: 1, amount: 30000, method: 'card', requestId: 'pay-seed-1' }));
  ok(b.call('2026-01-27', 'recordPayment', { invoiceNo: 2, amount: 5000, method: 'cash', requestId: 'pay-seed-2' }));
  // Six weeks without Daily Processes; people still check in (overdrawn where the period was never allocated).
  for (const day of ['2026-02-10', '2026-02-18', '2026-02-25']) {
    for (const [i, sale] of sales.entries()) {
      if (i % 4 === day.charCodeAt(9) % 4)
        b.call(day, 'checkIn', { saleId: sale, overdraw: true, requestId: `ci-${day}-${i}` });
    }
  }
  return b;
}

/** Figures the suites report, printed as one table at the end of each file. */
export class Summary {
  private readonly rows: [string, string][] = [];

  add(label: string, value: string | number): void {
    this.rows.push([label, String(value)]);
  }

  print(title: string): void {
    const width = Math.max(...this.rows.map(([l]) => l.length));
    const lines = [title, ...this.rows.map(([l, v]) => `  ${l.padEnd(width)}  ${v}`)];
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}

/** What the add-on remembers of its archive (the system tab's `archive` row with its revenue rows), or null. */
export function archiveInfo(b: { dump(tab?: string): Dump }): any {
  const rows = b.dump(SYSTEM_TAB.name)[SYSTEM_TAB.name];
  const value = (key: string) => rows.find((r) => r.Key === key)?.Value;
  const stored = value('archive');
  if (!stored) return null;
  const revenue = rows.filter((r) => String(r.Key).startsWith('revenue:')).map((r) => JSON.parse(String(r.Value)));
  return { ...JSON.parse(String(stored)), revenue };
}

/** Calls `during` just before write call `k` of the runtime's execution. */
export function atWrite(rt: any, k: number, during: () => void) {
  const env = rt.env;
  const before = env.beforeWrite.bind(env);
  let fired = false;
  env.beforeWrite = (method: string) => {
    if (!fired && env.writeCalls + 1 === k) {
      fired = true;
      during();
    }
    before(method);
  };
}
