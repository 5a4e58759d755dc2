// A studio for bundle integration tests: the built dist/Code.js, loaded by gas-local under the local
// runtime, over an in-memory workbook. `at(day)` gives the bundle with its clock on that day.
import { TABS } from '../../sheets-template/tabs';

const { createRuntime, createSharedLocks, createCloud, Workbook } = require('../../local/runtime');
const { dumpTabs } = require('../../local/dump');
const { writeSyntheticStudio } = require('../../local/synthetic');

export type Reply = { ok: boolean; errors?: { field: string; message: string }[]; [key: string]: any };
export type Script = Record<string, (arg?: unknown) => any>;

export type Mode = 'bound' | 'addon';
export const MODES: readonly Mode[] = ['bound', 'addon'];

export interface Studio {
  workbook: any;
  /** What every execution of the project shares: triggers, properties, the Drive (runtime/cloud.js). */
  cloud: any;
  /** A runtime whose clock reads noon of `day` (in the script's time zone), or `day`'s wall-clock time. */
  runtime(day: string, options?: Record<string, unknown>): any;
  /** Calls an endpoint on `day` through a JSON round trip, as google.script.run would. */
  call(day: string, name: string, arg?: unknown, options?: Record<string, unknown>): Reply;
  dump(tab?: string): Record<string, Record<string, unknown>[]>;
  /** The emulated services (no bundle), for arranging a workbook as an owner would. */
  services(): any;
}

/**
 * A studio's spreadsheet. `mode`: deployed as a script bound to it (the default) or as a published
 * add-on; `cloud`: shared with other studios (the same users' triggers and user properties).
 */
export function newStudio(
  options: { timeZone?: string; setUp?: boolean; mode?: Mode; cloud?: any; name?: string; workbook?: any } = {},
): Studio {
  const workbook =
    options.workbook ?? Workbook.create({ timeZone: options.timeZone ?? 'Australia/Sydney', name: options.name });
  const lock = createSharedLocks();
  const cloud = options.cloud ?? createCloud();
  const runtime = (day: string, more: Record<string, unknown> = {}) =>
    createRuntime({ workbook, now: day, lock, cloud, mode: options.mode ?? 'bound', distDir: 'dist', ...more });
  const studio: Studio = {
    workbook,
    cloud,
    runtime,
    call(day, name, arg, more) {
      const rt = runtime(day, more);
      const script: Script = rt.load();
      try {
        const result = arg === undefined ? script[name]() : script[name](JSON.parse(JSON.stringify(arg)));
        return result === undefined ? result : JSON.parse(JSON.stringify(result));
      } finally {
        rt.endExecution();
      }
    },
    dump(tab) {
      return dumpTabs(runtime('2026-01-01'), tab);
    },
    services() {
      return runtime('2026-01-01').globals();
    },
  };
  if (options.setUp !== false) {
    const reply = studio.call('2026-01-01', 'setUpWorkbook');
    if (!reply.ok) throw new Error(JSON.stringify(reply));
  }
  return studio;
}

/** Types a value into the Settings tab's row of `label`, as an owner would (the row must exist). */
export function setSetting(studio: Studio, label: string, value: string): void {
  const settings = studio.services().SpreadsheetApp.getActive().getSheetByName('Settings');
  const rows: string[][] = settings.getDataRange().getValues();
  const row = rows.findIndex((r) => r[0] === label) + 1;
  if (row < 2) throw new Error(`No setting "${label}" in the Settings tab.`);
  settings.getRange(row, 2).setValue(value);
}

/**
 * Makes the studio's workbook one from before this version: its system tab forgets which optional columns
 * and settings it has had (src/sheets/schema.ts), so a column then deleted is one it "never had".
 */
export function asOlderWorkbook(studio: Studio): void {
  const system = studio.services().SpreadsheetApp.getActive().getSheetByName('Studio Packages (system)');
  const keys = system
    .getRange(1, 1, system.getLastRow(), 1)
    .getValues()
    .map((r: unknown[]) => r[0]);
  const row = keys.indexOf('schema') + 1;
  if (row > 0) system.getRange(row, 1, 1, 2).setValues([['', '']]);
}

/** Throws with the server's messages unless the reply is ok. */
export function ok<T extends Reply>(reply: T): T {
  if (!reply?.ok) throw new Error(`expected ok, got ${JSON.stringify(reply)}`);
  return reply;
}

export const FORTNIGHTLY_RESET = {
  name: 'Reformer Fortnightly',
  sessionsPerPeriod: 6,
  frequency: 'fortnightly',
  rollover: 'reset',
  recurWeeks: 0,
  priceCents: 30000,
};

/** One session a week, unused sessions kept (Add), $50 a week, open-ended. */
export const WEEKLY_ADD = {
  name: 'Weekly',
  sessionsPerPeriod: 1,
  frequency: 'weekly',
  rollover: 'add',
  recurWeeks: 0,
  priceCents: 5000,
};

/**
 * An endpoint called on its own execution on `day` (as google.script.run would: its argument through a
 * JSON round trip), with what the runtime counted (round trips, cells, calls by method).
 */
export function measuredCall(studio: Studio, day: string, name: string, arg: unknown, more?: Record<string, unknown>) {
  const rt = studio.runtime(day, more);
  const script: Script = rt.load();
  rt.resetStats();
  let reply: any;
  try {
    reply = script[name](JSON.parse(JSON.stringify(arg)));
  } finally {
    rt.endExecution();
  }
  return { reply, stats: rt.stats };
}

/** Days from `from` to `to` inclusive, as YYYY-MM-DD. */
export function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

export function headers(tab: keyof typeof TABS): string[] {
  return TABS[tab].columns.map((c) => c.header);
}

/** A studio with `n` sales sold on `day` (clients "Client 1"…, one fortnightly package, request ids r-1…). */
export function studioWithSales(n: number, day: string): Studio {
  const studio = newStudio();
  const pkg = ok(studio.call(day, 'savePackage', FORTNIGHTLY_RESET)).package;
  for (let i = 1; i <= n; i++) {
    const client = ok(studio.call(day, 'saveClient', { name: `Client ${i}` })).client;
    ok(
      studio.call(day, 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: day, requestId: `r-${i}` }),
    );
  }
  return studio;
}

/**
 * Fills a studio with `sales` synthetic weekly sales and `historyDays` of their history up to 1 Mar 2026
 * (local/synthetic.js), as a large studio's tabs, beside whatever a test adds.
 */
export function withSyntheticSales(studio: Studio, sales: number, historyDays = 90): Studio {
  writeSyntheticStudio(studio.services().SpreadsheetApp.getActive(), {
    sales,
    today: '2026-03-01',
    historyDays,
    weekly: true,
  });
  return studio;
}
