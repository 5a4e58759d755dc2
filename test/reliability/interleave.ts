// Two executions at once over one studio, interleaved by the runtime's scheduler (local/runtime/scheduler.js):
// the studio, the executions (a phone's check-in and undo, a sidebar's check-in and sale, the nightly
// trigger, an archive run), and the check of one schedule's outcome: it equals one of the two serial
// orders, after a clean busy refusal is retried; no duplicate, no lost row, no flag or lease left behind.
import { SYSTEM_TAB } from '../../sheets-template/tabs';
import { FORTNIGHTLY_RESET, ok } from '../support/studio';
import { type Bench, bench, business, CRASH_DAY, cloneWorkbook, type Dump, invariants, missingKeys } from './harness';

const { Scheduler } = require('../../local/runtime/scheduler');

export const OWNER = 'owner@studio.test';
export const DESK = 'desk@studio.test';
export const NIGHT = `${CRASH_DAY}T02:00`;
const RETRY = `${CRASH_DAY}T03:00`;

/** A small studio (so each schedule is quick): 3 sales, billed to Feb 20, paid, checked in (Feb 27 too); archiving on. */
export function smallStudio(): { b: Bench; trigger: string } {
  const b = bench(undefined, {}, { mode: 'addon', userEmail: OWNER });
  b.workbook.sharing = { owner: OWNER, editors: [DESK], viewers: [] };
  ok(b.call('2026-01-02', 'setUpWorkbook'));
  const monthly = { name: 'PT Monthly', sessionsPerPeriod: 8, frequency: 'monthly', rollover: 'add', recurWeeks: 0 };
  const pkgs = [FORTNIGHTLY_RESET, { ...monthly, priceCents: 48000 }].map(
    (p) => ok(b.call('2026-01-02', 'savePackage', p)).package.id as string,
  );
  const clients = ['Ava Chen', 'Ben Okafor', 'Chloé Martin'].map(
    (name) => ok(b.call('2026-01-02', 'saveClient', { name })).client.id as string,
  );
  clients.forEach((clientId, i) => {
    const sale = { clientId, packageId: pkgs[i % 2], startDate: '2026-01-05', requestId: `seed-${i}` };
    ok(b.call('2026-01-05', 'sellPackage', sale));
  });
  for (const day of ['2026-01-20', '2026-02-20']) {
    ok(b.call(day, 'runDailyProcesses', {}));
    for (const sale of ['S-1', 'S-2']) ok(b.call(day, 'checkIn', { saleId: sale, requestId: `ci-${day}-${sale}` }));
  }
  for (const inv of b.dump('Invoices').Invoices.filter((r) => String(r['Due Date']) < '2026-02-01'))
    ok(
      b.call('2026-02-20', 'recordPayment', {
        invoiceNo: inv['Invoice No'],
        amount: Math.round(Number(inv.Amount) * 100),
        method: 'card',
        requestId: `pay-${inv['Invoice No']}`,
      }),
    );
  ok(b.call('2026-02-27', 'checkIn', { saleId: 'S-1', requestId: 'recent' }));
  const settings = b.runtime(CRASH_DAY).globals().SpreadsheetApp.getActive().getSheetByName('Settings');
  const rows: unknown[][] = settings.getDataRange().getValues();
  settings.getRange(rows.findIndex((r) => r[0] === 'Archive after (days)') + 1, 2).setValue('14');
  const rt = b.runtime('2026-03-01');
  ok(rt.load().installNightlyTrigger());
  rt.endExecution();
  return { b, trigger: rt.triggers[0].id };
}

/** An independent copy (the workbook, the Drive, the properties and the trigger record). */
export function copyStudio(s: { b: Bench; trigger: string }): { b: Bench; trigger: string } {
  const b = bench(
    cloneWorkbook(s.b.workbook),
    {
      properties: structuredClone(s.b.properties),
      drive: new Map([...s.b.drive].map(([id, wb]) => [id, cloneWorkbook(wb)])),
    },
    { mode: 'addon', userEmail: OWNER },
  );
  b.workbook.sharing = s.b.workbook.sharing;
  // The trigger record is the cloud's (bench keeps it per studio): copy it over.
  const from = s.b.runtime(CRASH_DAY);
  const to = b.runtime(CRASH_DAY);
  to.triggers.push(...from.triggers.map((t: unknown) => structuredClone(t)));
  return { b, trigger: s.trigger };
}

/** One kind of execution: how it starts, how a refusal shows, how it is retried. */
export interface Job {
  name: string;
  user: string;
  start(rt: any, b: Bench, trigger: string): unknown;
}

const phone = (endpoint: string, arg: Record<string, unknown>) => (rt: any, b: Bench) =>
  rt.webAppCall(endpoint, [{ spreadsheetId: b.workbook.id, ...arg }], { user: DESK });

export const JOBS: Record<string, Job> = {
  deskCheckIn: {
    name: 'phone check-in',
    user: DESK,
    start: phone('deskCheckIn', { saleId: 'S-1', overdraw: true, requestId: 'phone-1' }),
  },
  deskCheckIn2: {
    name: 'another phone check-in',
    user: DESK,
    start: phone('deskCheckIn', { saleId: 'S-1', overdraw: true, requestId: 'phone-2' }),
  },
  deskUndo: {
    name: 'phone undo',
    user: DESK,
    start: phone('deskUndo', { saleId: 'S-1', checkInKey: 'S-1:use:req.recent', reason: 'Wrong client' }),
  },
  sidebarCheckIn: {
    name: 'sidebar check-in',
    user: DESK,
    start: (rt) => rt.load().checkIn({ saleId: 'S-1', overdraw: true, requestId: 'side-1' }),
  },
  sale: {
    name: 'sale',
    user: DESK,
    start: (rt) =>
      rt.load().sellPackage({ clientId: 'C-1', packageId: 'P-2', startDate: CRASH_DAY, requestId: 'sale-1' }),
  },
  nightly: { name: 'nightly run', user: OWNER, start: (rt, _b, trigger) => rt.runTrigger(trigger) },
  archive: { name: 'archive run', user: OWNER, start: (rt) => rt.load().archiveHistory() },
};

/** 'ok', 'busy' (a clean refusal: nothing written), or what went wrong. */
export function outcome(reply: any, error?: unknown): string {
  if (error) return `threw: ${String((error as Error)?.message ?? error)}`;
  if (reply?.ok === true) return 'ok';
  if (reply?.busy === true || /busy/.test(String(reply?.error ?? ''))) return 'busy';
  return `failed: ${JSON.stringify(reply).slice(0, 200)}`;
}

const byKey = (rows: Record<string, unknown>[]) =>
  [...rows].sort((x, y) => String(x.Key ?? x['Sale ID']).localeCompare(String(y.Key ?? y['Sale ID'])));
/** The records (and the archive's), rows in key order: who got in first decides only the order of appends. */
export function records(b: Bench, dump: Dump = b.dump()): Record<string, unknown> {
  const live = Object.fromEntries(Object.entries(business(dump)).map(([tab, rows]) => [tab, byKey(rows)]));
  const drive = Object.entries(b.dumpDrive()).map(([name, d]) => [
    name,
    Object.entries(d).map(([t, rows]) => [t, byKey(rows)]),
  ]);
  return { live, drive };
}

/** The desk flag and the lease as the system tab holds them now (null: clear). */
export function flags(b: Bench): { desk: unknown; lease: unknown } {
  const rows = b.dump(SYSTEM_TAB.name)[SYSTEM_TAB.name] ?? [];
  const lease = rows.find((r) => String(r.Key).startsWith('lease'));
  const [, holder] = String(lease?.Key ?? 'lease').split(' ');
  return { desk: rows.find((r) => r.Key === 'desk')?.Value || null, lease: holder ?? (lease?.Value || null) };
}

/** Runs `job` alone, with its own clock at `at`. */
export function serially(s: { b: Bench; trigger: string }, job: Job, at: string): string {
  const rt = s.b.runtime(at, { userEmail: job.user });
  try {
    return outcome(job.start(rt, s.b, s.trigger));
  } finally {
    rt.endExecution();
  }
}

/** The two serial orders' records. */
export function serialOrders(start: { b: Bench; trigger: string }, x: Job, y: Job): unknown[] {
  return [
    [x, y],
    [y, x],
  ].map(([first, second]) => {
    const s = copyStudio(start);
    expect(serially(s, first, NIGHT)).toBe('ok');
    expect(serially(s, second, NIGHT)).toBe('ok');
    return records(s.b);
  });
}

export interface Verdict {
  outcomes: string[];
  refused: number;
  problems: string[];
}

/**
 * One schedule of `x` and `y` from `start` (a copy), then the retries of whatever was refused, and the
 * checks. `options`: the scheduler's (its strategy, atomicReplace…).
 */
export function trial(
  start: { b: Bench; trigger: string },
  x: Job,
  y: Job,
  want: unknown[],
  options: Record<string, unknown>,
): Verdict {
  const s = copyStudio(start);
  const scheduler = new Scheduler({ start: s.b.runtime(NIGHT).clock(), ...options });
  for (const job of [x, y])
    scheduler.add({
      name: job.name,
      runtime: s.b.runtime(NIGHT, { userEmail: job.user }),
      run: (rt: any) => job.start(rt, s.b, s.trigger),
    });
  const outcomes = scheduler.run().map((o: any) => outcome(o.result, o.error));
  const problems: string[] = outcomes.filter((o: string) => o !== 'ok' && o !== 'busy');
  const left = flags(s.b);
  if (left.desk || left.lease) problems.push(`left behind: ${JSON.stringify(left)}`);
  let refused = 0;
  [x, y].forEach((job, i) => {
    if (outcomes[i] !== 'busy') return;
    refused++;
    const again = serially(s, job, job === JOBS.nightly ? RETRY : NIGHT);
    if (again !== 'ok') problems.push(`${job.name} retried: ${again}`);
  });
  problems.push(...check(s.b, want));
  return { outcomes, refused, problems };
}

/** Duplicates, lost rows, and a result that is neither serial order. */
function check(b: Bench, want: unknown[]): string[] {
  const dump = b.dump();
  const got = JSON.stringify(records(b, dump));
  const d: Dump = business(dump);
  const problems: string[] = [];
  const { duplicateKeys } = invariants(d);
  if (duplicateKeys) problems.push(`${duplicateKeys} duplicate keys`);
  const lost = missingKeys(d, (want[0] as { live: Dump }).live);
  if (lost.length) problems.push(`lost rows: ${lost.join(', ')}`);
  if (!want.some((w) => JSON.stringify(w) === got)) problems.push('not a serial order');
  return problems;
}
