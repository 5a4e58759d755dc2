// A studio for bundle integration tests: the built dist/Code.js, loaded by gas-local under the local
// runtime, over an in-memory workbook. `at(day)` gives the bundle with its clock on that day.
import { TABS } from '../../sheets-template/tabs';

const { createRuntime, createSharedLocks, Workbook } = require('../../local/runtime');
const { dumpTabs } = require('../../local/dump');

export type Reply = { ok: boolean; errors?: { field: string; message: string }[]; [key: string]: any };
export type Script = Record<string, (arg?: unknown) => any>;

export interface Studio {
  workbook: any;
  /** A runtime whose clock reads noon of `day` (in the script's time zone). */
  runtime(day: string): any;
  /** Calls an endpoint on `day` through a JSON round trip, as google.script.run would. */
  call(day: string, name: string, arg?: unknown): Reply;
  dump(tab?: string): Record<string, Record<string, unknown>[]>;
  /** The emulated services (no bundle), for arranging a workbook as an owner would. */
  services(): any;
}

export function newStudio(options: { timeZone?: string; setUp?: boolean } = {}): Studio {
  const workbook = Workbook.create({ timeZone: options.timeZone ?? 'Australia/Sydney' });
  const lock = createSharedLocks();
  const properties = undefined;
  const triggers: unknown[] = [];
  const runtime = (day: string) => createRuntime({ workbook, now: day, lock, triggers, properties, distDir: 'dist' });
  const studio: Studio = {
    workbook,
    runtime,
    call(day, name, arg) {
      const rt = runtime(day);
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
