// Chaos: Google fails any service call (issue 29). A failure with Google's text is injected at every
// outermost service call (reads, searches, locks, properties, mail, the Sheets API, Utilities…) of Daily
// Processes with client email on, a sidebar check-in, a sale, a payment and an archive run; and the
// 6-minute kill at every call of the long jobs (Daily with email, archive). Each ends with the
// uninterrupted result, or a clean refusal followed by a retry (the same call again, the same request id)
// that reaches it: no key twice, no row lost, no desk flag or lease left behind (a kill may leave its flag,
// which expires), no message sent twice. docs/exactly-once.md gives the argument.
//
// `npm test` runs a fixed-seed sample of the calls (SAMPLE per job); CHAOS=all runs every call.
import { SYSTEM_TAB } from '../../sheets-template/tabs';
import { ok } from '../support/studio';
import {
  archiveInfo,
  type Bench,
  bench,
  business,
  CRASH_DAY,
  cloneWorkbook,
  type Dump,
  invariants,
  missingKeys,
  realisticStudio,
  Summary,
} from './harness';

const { createMailbox } = require('../../local/runtime');

const ALL = process.env.CHAOS === 'all';

/** MailApp's outbox of each studio (every execution of it sends through one). */
const mailboxes = new WeakMap<Bench, { outbox: { to: string[]; subject: string }[] }>();
const outbox = (b: Bench) => mailboxes.get(b)?.outbox ?? [];

/** An independent copy of a studio with an empty outbox of its own. */
function forkBench(b: Bench): Bench {
  const mail = createMailbox();
  const copy = bench(
    cloneWorkbook(b.workbook),
    {
      properties: structuredClone(b.properties),
      drive: new Map([...b.drive].map(([id, wb]) => [id, cloneWorkbook(wb)])),
    },
    { mail },
  );
  mailboxes.set(copy, mail);
  return copy;
}
const SAMPLE = 12;
const summary = new Summary();
const totals = {
  calls: 0,
  failures: 0,
  refused: 0,
  reachedOnRetry: 0,
  duplicates: 0,
  lost: 0,
  flagsLeft: 0,
  sentTwice: 0,
  kills: 0,
  inDoubt: 0,
};

/** A fixed-seed sample of 1..n (every call with CHAOS=all). */
function sample(n: number, seed: number): number[] {
  if (ALL || n <= SAMPLE) return Array.from({ length: n }, (_, i) => i + 1);
  let x = seed;
  const picked = new Set<number>([1, n]);
  while (picked.size < SAMPLE) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    picked.add(1 + (x % n));
  }
  return [...picked].sort((a, b) => a - b);
}

function setCell(b: Bench, tab: string, find: (row: unknown[]) => boolean, column: string, value: string) {
  const sheet = b.runtime(CRASH_DAY).globals().SpreadsheetApp.getActive().getSheetByName(tab);
  const rows: unknown[][] = sheet.getDataRange().getValues();
  const col = (rows[0] as string[]).indexOf(column) + 1;
  rows.forEach((r, i) => {
    if (i > 0 && find(r)) sheet.getRange(i + 1, col).setValue(value);
  });
}

/** The realistic studio with client email on (every client has an address). */
function withEmail(): Bench {
  const b = realisticStudio();
  setCell(b, 'Settings', (r) => r[0] === 'Send client emails', 'Value', 'Yes');
  const sheet = b.runtime(CRASH_DAY).globals().SpreadsheetApp.getActive().getSheetByName('Clients');
  const rows: unknown[][] = sheet.getDataRange().getValues();
  const col = (rows[0] as string[]).indexOf('Email') + 1;
  for (let i = 1; i < rows.length; i++) sheet.getRange(i + 1, col).setValue(`client${i}@example.com`);
  return b;
}

/** Whether a desk flag or a lease is left in the system tab. */
function flagsLeft(b: Bench): boolean {
  const rows = b.dump(SYSTEM_TAB.name)[SYSTEM_TAB.name];
  const desk = rows.find((r) => r.Key === 'desk');
  const lease = rows.find((r) => String(r.Key).startsWith('lease'));
  return Boolean(desk?.Value) || (lease !== undefined && lease.Key !== 'lease');
}

/** Messages sent more than once (by recipient and subject). */
function sentTwice(b: Bench): number {
  const seen = new Map<string, number>();
  for (const m of outbox(b)) {
    const k = `${m.to.join(',')}|${m.subject}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  return [...seen.values()].filter((n) => n > 1).length;
}

interface Job {
  name: string;
  start: Bench;
  day: string;
  endpoint: string;
  arg?: unknown;
}

/** Everything the studio holds after a job: the live tabs (Email Log apart), the archive, what was sent. */
function state(b: Bench) {
  const live = business(b.dump());
  const { 'Email Log': log = [], ...rest } = live as Dump;
  const info = archiveInfo(b);
  const archive = info ? b.dumpDrive()[b.drive.get(info.id).name] : null;
  const mail = outbox(b)
    .map((m) => `${m.to}|${m.subject}`)
    .sort();
  return { rest, log, archive, mail };
}

function run(b: Bench, job: Job, faults?: Record<string, unknown>) {
  const rt = b.runtime(job.day);
  if (faults) rt.faults = faults;
  let reply: any;
  let threw = '';
  try {
    const script = rt.load();
    reply = job.arg === undefined ? script[job.endpoint]() : script[job.endpoint](JSON.parse(JSON.stringify(job.arg)));
  } catch (e) {
    threw = String((e as Error).message);
  }
  rt.endExecution();
  return { reply, threw, rt };
}

/** The job uninterrupted, then failed at each sampled call and retried. */
function sweep(job: Job, kill: boolean, seed: number) {
  const ref = forkBench(job.start);
  const { reply, rt } = run(ref, job);
  expect(reply?.ok).toBe(true);
  const calls: number = rt.serviceCalls;
  const want = state(ref);
  if (job.endpoint === 'runDailyProcesses') expect(want.mail.length).toBeGreaterThan(5);
  const problems: string[] = [];
  const points = sample(calls, seed);
  for (const n of points) {
    const b = forkBench(job.start);
    const first = run(b, job, kill ? { failAtCall: n, kill: true } : { failAtCall: n });
    totals.calls++;
    if (kill) totals.kills++;
    else totals.failures++;
    if (first.threw || !first.reply?.ok) totals.refused++;
    if (!kill && flagsLeft(b)) {
      totals.flagsLeft++;
      problems.push(`${job.name} call ${n}: a flag or lease left behind`);
    }
    // The retry (a killed run's flag does not stop a person's retry: it holds the document lock).
    const again = run(b, job);
    if (!again.reply?.ok)
      problems.push(`${job.name} call ${n}: the retry failed: ${again.threw || JSON.stringify(again.reply)}`);
    const got = state(b);
    const inv = invariants(business(b.dump()));
    totals.duplicates += inv.duplicateKeys;
    totals.lost += missingKeys(business(b.dump()), business(ref.dump())).length;
    const twice = sentTwice(b);
    totals.sentTwice += twice;
    // Messages a stopped run left `sending` (in doubt: never sent again, reported for the owner).
    const doubt = got.log.filter((r) => r.Status === 'sending').map((r) => String(r.Key));
    totals.inDoubt += doubt.length;
    if (doubt.length > 1) problems.push(`${job.name} call ${n}: ${doubt.length} messages in doubt`);
    const sameMail = doubt.length === 0 ? got.mail.join() === want.mail.join() : true;
    if (
      JSON.stringify(got.rest) === JSON.stringify(want.rest) &&
      JSON.stringify(got.archive) === JSON.stringify(want.archive) &&
      sameMail
    )
      totals.reachedOnRetry++;
    else problems.push(`${job.name} call ${n}: differs from the uninterrupted run`);
    if (flagsLeft(b)) problems.push(`${job.name} call ${n}: a flag or lease left after the retry`);
  }
  expect(problems).toEqual([]);
  summary.add(`${job.name}: service calls (${kill ? 'killed' : 'failed'} at ${points.length})`, calls);
  if (want.mail.length) summary.add(`${job.name}: messages the uninterrupted run sends`, want.mail.length);
}

let emailStudio: Bench;
let caughtUp: Bench;
let archivable: Bench;
let openInvoice: number;

beforeAll(() => {
  emailStudio = withEmail();
  caughtUp = forkBench(emailStudio);
  ok(caughtUp.call(CRASH_DAY, 'runDailyProcesses', {}));
  openInvoice = Number(
    caughtUp.dump('Invoices').Invoices.find((r) => Number(r.Amount) - Number(r.Paid || 0) >= 10)?.['Invoice No'],
  );
  archivable = forkBench(caughtUp);
  for (const inv of archivable.dump('Invoices').Invoices) {
    const owed = Math.round((Number(inv.Amount) - Number(inv.Paid || 0)) * 100);
    if (String(inv['Due Date']) < '2026-02-10' && owed > 0)
      ok(
        archivable.call(CRASH_DAY, 'recordPayment', {
          invoiceNo: inv['Invoice No'],
          amount: owed,
          method: 'card',
          requestId: `p-${inv['Invoice No']}`,
        }),
      );
  }
  setCell(archivable, 'Settings', (r) => r[0] === 'Archive after (days)', 'Value', '14');
});

afterAll(() => {
  if (!totals.calls) return;
  summary.add('failures injected (Google’s text) / kills at 6 minutes', `${totals.failures} / ${totals.kills}`);
  summary.add('refused or stopped, then retried', totals.refused);
  summary.add('retry reached the uninterrupted result', `${totals.reachedOnRetry} of ${totals.calls}`);
  summary.add('duplicate keys, rows lost', `${totals.duplicates}, ${totals.lost}`);
  summary.add('desk flags or leases left by a failure', totals.flagsLeft);
  summary.add('messages sent twice', totals.sentTwice);
  summary.add('messages left in doubt (sending) by a kill', totals.inDoubt);
  summary.print(`Chaos: a failure at ${ALL ? 'every service call' : 'a sample of the service calls'}`);
});

describe('Finding 2: one failed read leaves no desk flag', () => {
  it('a Sheets API read failing in a sidebar check-in; the phone’s check-in and the nightly run are not refused as busy', () => {
    const DESK = 'frontdesk@studio.test';
    const OWNER = 'owner@studio.test';
    const b = forkBench(caughtUp);
    b.workbook.sharing = { owner: OWNER, editors: [DESK], viewers: [] };
    const install = b.runtime('2026-03-03', { userEmail: OWNER, mode: 'addon' });
    ok(install.load().installNightlyTrigger());
    install.endExecution();
    // 01:58, the night the nightly run bills: the check-in's read fails right after its desk flag went up.
    const sidebar = b.runtime('2026-03-04T01:58', { userEmail: OWNER, mode: 'addon' });
    // A server error (a 429 would be waited out and tried again: test/bundle/quota.test.ts).
    const error = 'API call to sheets.spreadsheets.getByDataFilter failed with error: Internal error encountered.';
    sidebar.faults = { failAtCall: 1, method: 'SpreadsheetsCollection.getByDataFilter', error };
    expect(() => sidebar.load().checkIn({ saleId: 'S-1', requestId: 'failed-read' })).toThrow(
      /Internal error encountered/,
    );
    sidebar.endExecution();
    expect(flagsLeft(b)).toBe(false);
    const phone = b.runtime('2026-03-04T01:59', { mode: 'addon' });
    const reply = phone.webAppCall(
      'deskCheckIn',
      [{ spreadsheetId: b.workbook.id, saleId: 'S-2', requestId: 'phone' }],
      {
        user: DESK,
      },
    ) as any;
    expect(reply).toMatchObject({ ok: true });
    // The nightly run at 02:00 bills (a completed run logs one row; a busy one none).
    const logged = b.dump('Run Log')['Run Log'].length;
    const night = b.runtime('2026-03-04T02:00', { userEmail: OWNER, mode: 'addon' });
    expect(night.runTrigger(night.triggers[0].id)).toEqual({ ok: true });
    expect(b.dump('Run Log')['Run Log'].length).toBe(logged + 1);
    expect(flagsLeft(b)).toBe(false);
  });
});

/** Daily Processes with client email on, the long job both sweeps run. */
const emailJob = () => ({
  name: 'Daily Processes (email on)',
  start: emailStudio,
  day: CRASH_DAY,
  endpoint: 'runDailyProcesses',
  arg: {},
});

describe('a failure with Google’s text at any service call', () => {
  it('Daily Processes with client email', () => sweep(emailJob(), false, 1));
  it('a sidebar check-in', () =>
    sweep(
      {
        name: 'checkIn',
        start: caughtUp,
        day: '2026-03-03',
        endpoint: 'checkIn',
        arg: { saleId: 'S-1', requestId: 'chaos-ci' },
      },
      false,
      2,
    ));
  it('a sale', () =>
    sweep(
      {
        name: 'sellPackage',
        start: caughtUp,
        day: '2026-03-03',
        endpoint: 'sellPackage',
        arg: { clientId: 'C-3', packageId: 'P-2', startDate: '2026-02-09', requestId: 'chaos-sale' },
      },
      false,
      3,
    ));
  it('a payment', () =>
    sweep(
      {
        name: 'recordPayment',
        start: caughtUp,
        day: '2026-03-03',
        endpoint: 'recordPayment',
        arg: { invoiceNo: openInvoice, amount: 1000, method: 'cash', requestId: 'chaos-pay' },
      },
      false,
      4,
    ));
  it('an archive run', () =>
    sweep({ name: 'archiveHistory', start: archivable, day: CRASH_DAY, endpoint: 'archiveHistory' }, false, 5));
});

describe('the 6-minute kill at any call of the long jobs', () => {
  it('Daily Processes with client email', () => sweep(emailJob(), true, 6));
  it('an archive run', () =>
    sweep({ name: 'archiveHistory', start: archivable, day: CRASH_DAY, endpoint: 'archiveHistory' }, true, 7));
});
