// The hand-edit corpus (issue 28): owners edit the workbook by hand. For every column of every tab —
// header deleted, header renamed, column moved, a cell garbled — for every tab — a row deleted, a row
// duplicated, the tab sorted, blank rows inserted — and for every setting — label retyped, row deleted,
// value garbled, the Value header renamed — a studio with email on is edited, then runs Daily Processes and
// a desk check-in. Against the same studio unedited:
//   - nothing made that the unedited studio would not make (an invoice, an allocation, an email), ever;
//   - nothing lost (a row there before the run is there after it);
//   - an outcome that differs (fewer invoices, rows or emails, another desk answer) is reported: the run
//     fails or lists more problems in its reply and its Run Log row, or the desk call says why it can't.
// `npm test` runs a sample with a fixed seed (HAND_EDITS_SAMPLE cases, default 120); HAND_EDITS=all runs every
// case (`HAND_EDITS=all npx jest test/corpus/hand-edits.test.ts`).
import { SETTINGS, TABS } from '../../sheets-template/tabs';
import { cloneWorkbook, Summary } from '../reliability/harness';
import { FORTNIGHTLY_RESET, newStudio, ok, type Reply, type Script, setSetting } from '../support/studio';

const { createRuntime, createSharedLocks, createCloud } = require('../../local/runtime');
const { dumpTabs } = require('../../local/dump');
const { prng } = require('../../local/runtime/scheduler');

const SOLD = '2026-01-05';
const RUN = '2026-02-16';

type Rows = Record<string, unknown>[];

/** A studio with email on and tax: two packages, four clients (one opted out), a cancel, a pause, payments. */
function base(): any {
  const studio = newStudio();
  setSetting(studio, 'Send client emails', 'Yes');
  setSetting(studio, 'Tax rate (%)', '10');
  const reset = ok(studio.call(SOLD, 'savePackage', FORTNIGHTLY_RESET)).package;
  const add = ok(
    studio.call(SOLD, 'savePackage', {
      name: 'Weekly Add',
      sessionsPerPeriod: 2,
      frequency: 'weekly',
      rollover: 'add',
      recurWeeks: 0,
      priceCents: 12000,
      rolloverCap: 3,
      introPeriods: 1,
      introPriceCents: 5000,
    }),
  ).package;
  const people = [
    { name: 'Ava Chen', email: 'ava@example.com' },
    { name: 'Ben Okafor', email: 'ben@example.com' },
    { name: 'Cleo Park', email: 'cleo@example.com' },
    { name: 'Dev Patel', email: 'dev@example.com' },
  ].map((c) => ok(studio.call(SOLD, 'saveClient', c)).client);
  const sheet = studio.services().SpreadsheetApp.getActive().getSheetByName('Clients');
  const header: string[] = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
  sheet.getRange(5, header.indexOf('No Email') + 1).setValue('Yes');
  for (const [i, c] of people.entries())
    ok(studio.call(SOLD, 'sellPackage', { clientId: c.id, packageId: (i % 2 ? add : reset).id, startDate: SOLD }));
  ok(studio.call('2026-01-12', 'runDailyProcesses', {}));
  ok(studio.call('2026-01-13', 'checkIn', { saleId: 'S-1', requestId: 'h-1' }));
  ok(studio.call('2026-01-13', 'recordPayment', { invoiceNo: 1, amount: 30000, method: 'card', requestId: 'h-p1' }));
  ok(studio.call('2026-01-13', 'cancelSale', { saleId: 'S-3', date: '2026-02-02' }));
  ok(studio.call('2026-01-13', 'pauseSale', { saleId: 'S-2', from: '2026-02-02', weeks: 2 }));
  ok(studio.call('2026-01-19', 'runDailyProcesses', {}));
  return studio.workbook;
}

interface Outcome {
  reply: Reply;
  problems: number;
  before: Record<string, Rows>;
  after: Record<string, Rows>;
  /** The Email Log keys this run marked sent, and the recipients of what it sent. */
  sent: string[];
  to: string[];
  desk: Reply;
  log: Rows;
}

const KEYED = ['Invoices', 'Adjustments', 'Payments'];

function run(workbook: any, edit: (ss: any) => void): Outcome {
  const lock = createSharedLocks();
  const cloud = createCloud();
  const runtime = (day: string) =>
    createRuntime({ workbook, now: day, lock, cloud, mode: 'bound', distDir: 'dist', mailQuota: 1500 });
  const call = (day: string, name: string, arg?: unknown): Reply => {
    const rt = runtime(day);
    const script: Script = rt.load();
    try {
      return JSON.parse(JSON.stringify(script[name](arg === undefined ? undefined : structuredClone(arg))));
    } finally {
      rt.endExecution();
    }
  };
  edit(runtime(RUN).globals().SpreadsheetApp.getActive());
  const dump = () => dumpTabs(runtime(RUN)) as Record<string, Rows>;
  const before = dump();
  const reply = call(RUN, 'runDailyProcesses', {});
  const desk = call(RUN, 'checkIn', { saleId: 'S-1', requestId: 'hand-edit-desk' });
  const after = dump();
  const sentIn = (d: Record<string, Rows>) =>
    (d['Email Log'] ?? []).filter((r) => String(r.Status ?? '').startsWith('sent')).map((r) => String(r.Key));
  const earlier = new Set(sentIn(before));
  // What this run sent (the rows marked sent by it).
  const sent = sentIn(after).filter((m) => !earlier.has(m));
  const problems = reply.ok ? reply.summary.problems.length : -1;
  const to = (cloud.mail.outbox as { to: string[] }[]).flatMap((m) => m.to).sort();
  return { reply, problems, before, after, sent, to, desk, log: after['Run Log'] ?? [] };
}

/** Rows by their Key, with the figures that matter. */
function keyed(rows: Rows | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows ?? []) {
    const key = String(r.Key ?? '');
    if (key) out.set(key, JSON.stringify([r['Sale ID'], r['Due Date'] ?? r.Date, r.Amount, r.Sessions, r.Type]));
  }
  return out;
}

function created(o: Outcome, tab: string): Map<string, string> {
  const was = keyed(o.before[tab]);
  return new Map([...keyed(o.after[tab])].filter(([k]) => !was.has(k)));
}

interface Case {
  name: string;
  edit: (ss: any) => void;
}

const headerOf = (sheet: any): string[] => sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String);
const col = (sheet: any, header: string) => headerOf(sheet).indexOf(header) + 1;

function columnCases(tab: string, header: string): Case[] {
  const on = (ss: any) => ss.getSheetByName(tab);
  return [
    {
      name: `${tab} › ${header}: header deleted`,
      edit: (ss) =>
        on(ss)
          .getRange(1, col(on(ss), header))
          .setValue(''),
    },
    {
      name: `${tab} › ${header}: header renamed`,
      edit: (ss) =>
        on(ss)
          .getRange(1, col(on(ss), header))
          .setValue(`${header} (old)`),
    },
    {
      name: `${tab} › ${header}: column moved`,
      edit: (ss) => {
        // Cut and paste at the end, as Sheets' "Move column" does: values and their formats.
        const sheet = on(ss);
        const range = sheet.getRange(1, 1, sheet.getMaxRows(), sheet.getLastColumn());
        const c = col(sheet, header) - 1;
        const move = <T>(rows: T[][]) => rows.map((r) => [...r.slice(0, c), ...r.slice(c + 1), r[c]]);
        const values = move(range.getValues() as unknown[][]);
        const formats = move(range.getNumberFormats() as string[][]);
        const target = sheet.getRange(1, 1, values.length, values[0].length);
        target.setNumberFormats(formats);
        target.setValues(values);
      },
    },
    {
      name: `${tab} › ${header}: a cell garbled`,
      edit: (ss) => {
        const sheet = on(ss);
        if (sheet.getLastRow() >= 2) sheet.getRange(2, col(sheet, header)).setValue('g@rbled ☃');
      },
    },
  ];
}

function rowCases(tab: string): Case[] {
  const on = (ss: any) => ss.getSheetByName(tab);
  const data = (sheet: any): unknown[][] => sheet.getDataRange().getValues().slice(1);
  return [
    {
      name: `${tab}: a row deleted`,
      edit: (ss) => {
        if (on(ss).getLastRow() >= 2) on(ss).deleteRows(2, 1);
      },
    },
    {
      name: `${tab}: a row duplicated`,
      edit: (ss) => {
        const sheet = on(ss);
        if (sheet.getLastRow() < 2) return;
        const row = sheet.getRange(2, 1, 1, sheet.getLastColumn()).getValues();
        sheet.getRange(sheet.getLastRow() + 1, 1, 1, row[0].length).setValues(row);
      },
    },
    {
      name: `${tab}: the tab sorted`,
      edit: (ss) => {
        const sheet = on(ss);
        const rows = data(sheet).reverse();
        if (rows.length) sheet.getRange(2, 1, rows.length, rows[0].length).setValues(rows);
      },
    },
    { name: `${tab}: blank rows inserted`, edit: (ss) => on(ss).insertRowsAfter(2, 2) },
  ];
}

function settingCases(): Case[] {
  const settings = (ss: any) => ss.getSheetByName('Settings');
  const rowOf = (ss: any, label: string) =>
    (settings(ss).getDataRange().getValues() as unknown[][]).findIndex((r) => r[0] === label) + 1;
  const out: Case[] = [
    {
      name: 'Settings: Value header renamed',
      edit: (ss) =>
        settings(ss)
          .getRange(1, col(settings(ss), 'Value'))
          .setValue('Value (AUD)'),
    },
  ];
  for (const s of Object.values(SETTINGS)) {
    out.push(
      {
        name: `Settings › ${s.label}: label retyped`,
        edit: (ss) =>
          settings(ss)
            .getRange(rowOf(ss, s.label), 1)
            .setValue(s.label.replace(/ ?\(.*\)$|.$/, '')),
      },
      { name: `Settings › ${s.label}: row deleted`, edit: (ss) => settings(ss).deleteRows(rowOf(ss, s.label), 1) },
      {
        name: `Settings › ${s.label}: value garbled`,
        edit: (ss) =>
          settings(ss)
            .getRange(rowOf(ss, s.label), col(settings(ss), 'Value'))
            .setValue('g@rbled ☃'),
      },
    );
  }
  return out;
}

const EDITED_TABS = [
  'packages',
  'clients',
  'sales',
  'invoices',
  'payments',
  'adjustments',
  'messages',
  'emailLog',
] as const;
const ALL: Case[] = [
  ...EDITED_TABS.flatMap((t) => TABS[t].columns.flatMap((c) => columnCases(TABS[t].name, c.header))),
  ...EDITED_TABS.flatMap((t) => rowCases(TABS[t].name)),
  ...settingCases(),
];

/** A fixed-seed sample (the runtime's mulberry32), the same on every run. */
function sample<T>(items: readonly T[], n: number, seed: number): T[] {
  const random: () => number = prng(seed);
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}

const CASES =
  process.env.HAND_EDITS === 'all' ? ALL : sample(ALL, Number(process.env.HAND_EDITS_SAMPLE ?? 120), 20261206);

let pristine: any;
let reference: Outcome;
const summary = new Summary();
let changed = 0;
let unreported = 0;

beforeAll(() => {
  pristine = base();
  reference = run(cloneWorkbook(pristine), () => {});
});

afterAll(() => {
  summary.add('hand-edit cases tried', CASES.length);
  summary.add('cases whose outcome changed (all reported)', changed);
  summary.add('outcomes changed without a report', unreported);
  summary.print('Hand-edit corpus');
});

it('the unedited studio bills, emails and checks in', () => {
  expect(reference.reply.ok).toBe(true);
  expect(created(reference, 'Invoices').size).toBeGreaterThan(3);
  expect(reference.sent.length).toBeGreaterThan(3);
  expect(reference.desk.ok).toBe(true);
});

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
  it('makes nothing the unedited studio would not, loses nothing, and reports what it changes', () => {
    const o = run(cloneWorkbook(pristine), c.edit);
    // Nothing made that the unedited studio would not make.
    for (const tab of KEYED) {
      const want = created(reference, tab);
      for (const [key, figures] of created(o, tab))
        expect(`${tab} ${key} ${figures}`).toBe(`${tab} ${key} ${want.get(key)}`);
    }
    for (const key of o.sent) expect(reference.sent).toContain(key);
    const left = [...reference.to];
    for (const to of o.to) {
      expect(left).toContain(to);
      left.splice(left.indexOf(to), 1);
    }
    // Nothing lost: every keyed row there before the run is there after it.
    for (const tab of KEYED) {
      const after = keyed(o.after[tab]);
      for (const key of keyed(o.before[tab]).keys())
        expect(`${tab} ${key} kept`).toBe(after.has(key) ? `${tab} ${key} kept` : `${tab} ${key} lost`);
    }
    // What changed is reported.
    const same =
      KEYED.every((tab) => created(o, tab).size === created(reference, tab).size) &&
      o.sent.length === reference.sent.length &&
      o.desk.ok === reference.desk.ok &&
      (!o.desk.ok || o.desk.balance === reference.desk.balance);
    if (same) return;
    changed++;
    // Reported where the owner looks: the reply and the Run Log row (a failed run has its own), or the desk.
    const last = o.log.at(-1) ?? {};
    const logged =
      (!o.reply.ok && String(last.Job) === 'Daily Processes (failed)') ||
      (o.problems > reference.problems && Number(last.Problems) === o.problems);
    const reported = logged || (!o.desk.ok && o.desk.errors?.length);
    if (!reported) unreported++;
    expect({ case: c.name, reported: Boolean(reported) }).toEqual({ case: c.name, reported: true });
  });
});
