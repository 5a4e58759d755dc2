// The archive job on the built bundle: settled history moves to the archive spreadsheet and each sale's
// balance is brought forward, and nothing a studio sees changes — the next months bill, balance and report
// exactly as if nothing had moved. Then a crash at every write point of the job, recovered by running it
// again: the live tabs and the archive end up equal, row for row, to the uninterrupted run.
import { ok, type Reply } from '../support/studio';
import {
  archiveInfo,
  type Bench,
  bench,
  business,
  CRASH_DAY,
  type Dump,
  forkBench,
  realisticStudio,
  Summary,
} from './harness';

const CUTOFF = '2026-02-16'; // CRASH_DAY − 14 days
const summary = new Summary();
let start: Bench;

function setSetting(b: Bench, label: string, value: string): void {
  const ss = b.runtime(CRASH_DAY).globals().SpreadsheetApp.getActive();
  const sheet = ss.getSheetByName('Settings');
  const rows: unknown[][] = sheet.getDataRange().getValues();
  sheet.getRange(rows.findIndex((r) => r[0] === label) + 1, 2).setValue(value);
}

/** The realistic studio caught up on CRASH_DAY, every invoice due before Feb 10 paid but #3, 14 days kept. */
function studio(): Bench {
  const b = realisticStudio();
  ok(b.call(CRASH_DAY, 'runDailyProcesses', {}));
  for (const inv of b.dump('Invoices').Invoices) {
    const owed = Math.round((Number(inv.Amount) - Number(inv.Paid || 0)) * 100);
    if (String(inv['Due Date']) < '2026-02-10' && inv['Invoice No'] !== 3 && owed > 0)
      ok(
        b.call(CRASH_DAY, 'recordPayment', {
          invoiceNo: inv['Invoice No'],
          amount: owed,
          method: 'card',
          requestId: `pay-${inv['Invoice No']}`,
        }),
      );
  }
  setSetting(b, 'Archive after (days)', '14');
  // An owner's own column in the ledger, filled on every row: it must go to the archive with its rows.
  const sheet = b.runtime(CRASH_DAY).globals().SpreadsheetApp.getActive().getSheetByName('Adjustments');
  const rows = sheet.getLastRow();
  sheet.insertColumnsAfter(sheet.getMaxColumns(), 1);
  sheet
    .getRange(1, sheet.getMaxColumns(), rows, 1)
    .setValues(Array.from({ length: rows }, (_, i) => [i === 0 ? 'My notes' : `note ${i + 1}`]));
  return b;
}

const byKey = (rows: Record<string, unknown>[]) =>
  [...rows].sort((a, b) => (String(a.Key) < String(b.Key) ? -1 : String(a.Key) > String(b.Key) ? 1 : 0));
const archiveOf = (b: Bench): Dump => {
  const info = archiveInfo(b);
  const wb = b.drive.get(info.id);
  return b.dumpDrive()[wb.name];
};

beforeAll(() => {
  start = studio();
});

afterAll(() => summary.print('Archive (14 days kept, on the realistic studio)'));

describe('archiving settled history', () => {
  it('moves settled invoices, their payments and old ledger rows; the next month is as if nothing moved', () => {
    const plain = forkBench(start);
    const archived = forkBench(start);
    const reply = ok(archived.call(CRASH_DAY, 'archiveHistory'));
    const s = reply.summary;
    expect(s.cutoff).toBe(CUTOFF);
    expect(s.moved.invoices).toBeGreaterThan(10);
    expect(s.moved.payments).toBeGreaterThan(10);
    expect(s.moved.adjustments).toBeGreaterThan(50);
    expect(s.carries).toBeGreaterThan(10);
    summary.add(
      'invoices / payments / ledger rows moved',
      `${s.moved.invoices} / ${s.moved.payments} / ${s.moved.adjustments}`,
    );
    summary.add('balances brought forward (Carry rows)', s.carries);

    const before = plain.dump();
    const live = archived.dump();
    const archive = archiveOf(archived);
    expect(Object.keys(archive)).toEqual(['Invoices', 'Payments', 'Adjustments']);
    // Every row is in exactly one place: live or archive (the archive holds them as they were).
    for (const tab of ['Invoices', 'Payments', 'Adjustments']) {
      const rows = [...live[tab].filter((r) => r.Type !== 'Carry'), ...archive[tab]];
      expect(byKey(rows)).toEqual(byKey(before[tab]));
      expect(archive[tab]).toHaveLength(s.moved[tab.toLowerCase() as 'invoices']);
    }
    // The owner's column went along with its rows.
    expect(archive.Adjustments.every((r) => /^note \d+$/.test(String(r['My notes'])))).toBe(true);
    // Open invoices stay, whatever their age; archived ones were all settled and due before the cutoff.
    expect(live.Invoices.some((r) => r['Invoice No'] === 3)).toBe(true);
    expect(
      archive.Invoices.every((r) => ['Paid', 'Void'].includes(String(r.Status)) && String(r['Due Date']) < CUTOFF),
    ).toBe(true);
    expect(archive.Adjustments.every((r) => String(r.Date) < CUTOFF)).toBe(true);
    // Each Carry row holds the balance the sale had before the cutoff.
    for (const carry of live.Adjustments.filter((r) => r.Type === 'Carry')) {
      const sale = carry['Sale ID'];
      const old = before.Adjustments.filter((r) => r['Sale ID'] === sale && String(r.Date) < CUTOFF);
      expect(carry.Sessions).toBe(old.reduce((t, r) => t + Number(r.Sessions), 0));
      expect(carry.Date).toBe(CUTOFF);
    }

    // A month on: check-ins, a payment and nightly runs, the same in both studios.
    for (const b of [plain, archived]) {
      for (const day of ['2026-03-05', '2026-03-12', '2026-03-19', '2026-03-26', '2026-03-31']) {
        ok(b.call(day, 'runDailyProcesses', {}));
        const sales = b.dump('Sales').Sales.map((r) => String(r['Sale ID']));
        for (const [i, sale] of sales.entries())
          if (i % 3 === day.charCodeAt(9) % 3)
            b.call(day, 'checkIn', { saleId: sale, overdraw: true, requestId: `m-${day}-${i}` });
      }
      ok(b.call('2026-03-31', 'recordPayment', { invoiceNo: 3, amount: 100, method: 'cash', requestId: 'late-3' }));
      ok(b.call('2026-03-31', 'runDailyProcesses', {}));
    }
    const after = plain.dump();
    const afterLive = archived.dump();
    const moved = new Set(archive.Adjustments.map((r) => r.Key));
    // The same invoices (numbers included) and payments; every ledger row with the same running balance.
    const invoiceKeys = new Set(archive.Invoices.map((r) => r.Key));
    expect(byKey(afterLive.Invoices)).toEqual(byKey(after.Invoices.filter((r) => !invoiceKeys.has(r.Key))));
    expect(byKey(afterLive.Adjustments.filter((r) => r.Type !== 'Carry'))).toEqual(
      byKey(after.Adjustments.filter((r) => !moved.has(r.Key))),
    );
    // The reports owners read are the same, Revenue by Month's archived months included.
    for (const report of ['Revenue by Month', 'Sessions Remaining', 'Overdue Invoices', 'Upcoming Invoices']) {
      expect([report, afterLive[report]]).toEqual([report, after[report]]);
    }
    // The history sidebar shows the balance brought forward, then the live rows.
    const client = String(afterLive.Sales[0]['Client ID']);
    const history = ok(archived.call('2026-03-31', 'getAdjustments', { clientId: client }));
    expect(history.adjustments[0].type).toBe('carry');
  });

  it('a second run the same day moves nothing; archiving off (0 days) or a studio behind on billing changes nothing', () => {
    const b = forkBench(start);
    ok(b.call(CRASH_DAY, 'archiveHistory'));
    const once = b.dump();
    const again = ok(b.call(CRASH_DAY, 'archiveHistory'));
    expect(again.summary.message).toBe('Nothing to archive before Mon 16 Feb 2026.');
    expect(business(b.dump())).toEqual(business(once));

    const off = forkBench(start);
    setSetting(off, 'Archive after (days)', '0');
    const before = off.dump();
    expect(ok(off.call(CRASH_DAY, 'archiveHistory')).summary.message).toMatch(/Archiving is off/);
    expect(off.dump()).toEqual(before);
    expect(off.drive.size).toBe(0);

    // Daily Processes last ran on CRASH_DAY: three weeks later periods before the cutoff are unbilled.
    const behind = forkBench(start);
    const untouched = behind.dump();
    const reply: Reply = behind.call('2026-03-23', 'archiveHistory');
    expect(reply.ok).toBe(false);
    expect(reply.errors?.[0].message).toMatch(
      /^Run Daily Processes first: \d+ invoice or ledger rows are due before Mon 9 Mar 2026/,
    );
    expect(behind.dump()).toEqual(untouched);
  });

  it('an archive spreadsheet deleted by its owner: the next run starts a new one and says so', () => {
    const b = forkBench(start);
    ok(b.call(CRASH_DAY, 'archiveHistory'));
    const first = archiveInfo(b).id;
    b.drive.clear();
    for (const day of ['2026-03-03', '2026-03-09']) ok(b.call(day, 'runDailyProcesses', {}));
    const reply = ok(b.call('2026-03-09', 'archiveHistory'));
    expect(reply.summary.message).toContain(`The archive spreadsheet ${first} could not be opened`);
    expect(reply.summary.moved.adjustments).toBeGreaterThan(0);
    const info = archiveInfo(b);
    expect(info.full).toEqual([first]);
    expect(archiveOf(b).Adjustments).toHaveLength(reply.summary.moved.adjustments);
    expect(b.dump('Run Log')['Run Log'].at(-1)).toMatchObject({ Job: 'Archive', Problems: 1 });
  });

  it('the nightly check archives once a week', () => {
    const b = forkBench(start);
    const run = (day: string) => {
      const rt = b.runtime(day);
      rt.load().nightlyHousekeeping();
      rt.endExecution();
      return archiveInfo(b);
    };
    expect(run(CRASH_DAY).lastRun).toBe(CRASH_DAY);
    ok(b.call('2026-03-03', 'runDailyProcesses', {}));
    expect(run('2026-03-03').lastRun).toBe(CRASH_DAY);
    for (const day of ['2026-03-05', '2026-03-09']) ok(b.call(day, 'runDailyProcesses', {}));
    expect(run('2026-03-09')).toMatchObject({ lastRun: '2026-03-09', through: '2026-02-23', journal: null });
  });
});

describe('the 6-minute limit (finding 5): the copy works in chunks under a time budget', () => {
  // Google on a slow day: every write of data rows to the archive takes 280 s, so one write takes the run
  // past its time budget (4.5 min) and a second one would take it past Google's 6-minute kill.
  const slowArchive = {
    slowCalls: {
      'Range.setValues': (r: any) => (r._doc.workbook.name.includes('archive') && r.getRow() > 1 ? 280_000 : 0),
    },
  };

  it('a run the budget stops keeps what it copied; the next goes on from there and the end is the uninterrupted result', () => {
    const plain = forkBench(start);
    const whole = ok(plain.call(CRASH_DAY, 'archiveHistory')).summary;
    const b = forkBench(start);
    const held: number[] = [];
    const replies: any[] = [];
    for (let run = 0; run < 5 && !replies.at(-1)?.complete; run++) {
      replies.push(ok(b.call(CRASH_DAY, 'archiveHistory', undefined, slowArchive)).summary);
      const archive = archiveOf(b);
      held.push(archive.Invoices.length + archive.Payments.length + archive.Adjustments.length);
    }
    // One tab a run (one write each): invoices, then payments, then the ledger and the rest of the job.
    expect(replies.map((r) => r.complete)).toEqual([false, false, true]);
    const total = whole.moved.invoices + whole.moved.payments + whole.moved.adjustments;
    expect(held).toEqual([whole.moved.invoices, whole.moved.invoices + whole.moved.payments, total]);
    expect(replies[0].message).toBe(
      `Copied ${whole.moved.invoices} of ${total} rows dated before Mon 16 Feb 2026 to the archive so far; the time limit stopped the run there, and the next nightly check (or Archive old history now) goes on from there. Nothing has left these tabs yet.`,
    );
    expect(archiveInfo(b).journal).toBeNull();
    expect(replies[2].moved).toEqual(whole.moved);
    // Row for row the uninterrupted run's: live tabs, archive, and what the add-on remembers.
    expect(business(b.dump())).toEqual(business(plain.dump()));
    const { id: _a, ...remembered } = archiveInfo(b);
    const { id: _b, ...want } = archiveInfo(plain);
    expect(remembered).toEqual(want);
    expect(archiveOf(b)).toEqual(archiveOf(plain));
    expect(b.dump('Run Log')['Run Log'].filter((r) => r.Job === 'Archive')).toHaveLength(3);
  });
});

describe('a studio with more than one editor (files belong to whoever created them)', () => {
  const OWNER = 'owner@example.com';
  const HELPER = 'helper@example.com';
  const shared = (b: Bench, editors: string[]) => {
    b.workbook.sharing = { owner: OWNER, editors, viewers: [] };
  };
  const as = (user: string) => ({ userEmail: user });

  it("a second editor's archive run after the first editor created the archive: the same archive, one history", () => {
    const b = forkBench(start);
    shared(b, [HELPER]);
    ok(b.call(CRASH_DAY, 'archiveHistory', undefined, as(OWNER)));
    const first = archiveInfo(b);
    expect(b.drive.get(first.id).sharing.owner).toBe(OWNER);
    const held = archiveOf(b).Adjustments.length;
    for (const day of ['2026-03-03', '2026-03-09']) ok(b.call(day, 'runDailyProcesses', {}, as(HELPER)));
    const reply = ok(b.call('2026-03-09', 'archiveHistory', undefined, as(HELPER)));
    expect(reply.summary.moved.adjustments).toBeGreaterThan(0);
    const info = archiveInfo(b);
    // Never a new volume: the helper's rows went to the archive the owner made.
    expect(info).toMatchObject({ id: first.id, full: [], owner: OWNER });
    expect(b.drive.size).toBe(1);
    expect(archiveOf(b).Adjustments).toHaveLength(held + reply.summary.moved.adjustments);
  });

  it("an editor the archive is not shared with yet: archiving stops, naming the archive and its owner; the owner's next run shares it", () => {
    const b = forkBench(start);
    shared(b, []);
    ok(b.call(CRASH_DAY, 'archiveHistory', undefined, as(OWNER)));
    const first = archiveInfo(b);
    shared(b, [HELPER]); // a new editor joins after the archive was made
    for (const day of ['2026-03-03', '2026-03-09']) ok(b.call(day, 'runDailyProcesses', {}, as(HELPER)));
    const before = b.dump();
    const refused: Reply = b.call('2026-03-09', 'archiveHistory', undefined, as(HELPER));
    expect(refused.ok).toBe(false);
    const message = refused.errors?.[0].message ?? '';
    expect(message).toContain(`"${first.name}" (${first.id})`);
    expect(message).toContain(`it belongs to ${OWNER}`);
    expect(message).toContain('Nothing was archived.');
    expect(b.dump()).toEqual(before);
    expect(b.drive.size).toBe(1);
    // The owner's run shares the archive with every editor; then the helper's runs open it.
    ok(b.call('2026-03-09', 'archiveHistory', undefined, as(OWNER)));
    expect(b.drive.get(first.id).sharing.editors).toEqual([HELPER]);
    for (const day of ['2026-03-12', '2026-03-16']) ok(b.call(day, 'runDailyProcesses', {}, as(HELPER)));
    const later = ok(b.call('2026-03-16', 'archiveHistory', undefined, as(HELPER)));
    expect(later.summary.moved.adjustments).toBeGreaterThan(0);
    expect(archiveInfo(b)).toMatchObject({ id: first.id, full: [] });
  });
});

describe('a copy of the studio (File › Make a copy)', () => {
  const { copySpreadsheet } = require('../../local/runtime');
  const { snapshot } = require('./harness');

  it("a copy's first archive run never writes into the original's archive: it starts its own, the original's read only", () => {
    const b = forkBench(start);
    ok(b.call(CRASH_DAY, 'archiveHistory'));
    const original = archiveInfo(b);
    const theirs = snapshot(b.drive.get(original.id));
    const workbook = copySpreadsheet({ drive: b.drive, documentProperties: {} }, b.workbook, {
      user: 'owner@example.com',
    });
    const copy = bench(workbook, { drive: b.drive });
    for (const day of ['2026-03-03', '2026-03-09']) ok(copy.call(day, 'runDailyProcesses', {}));
    const reply = ok(copy.call('2026-03-09', 'archiveHistory'));
    expect(reply.summary.moved.adjustments).toBeGreaterThan(0);
    expect(snapshot(b.drive.get(original.id))).toBe(theirs);
    const info = archiveInfo(copy);
    expect(info.id).not.toBe(original.id);
    expect(info.full).toEqual([original.id]);
    expect(info.highestInvoiceNumber).toBe(original.highestInvoiceNumber);
    // The original goes on archiving into its own archive.
    for (const day of ['2026-03-03', '2026-03-09']) ok(b.call(day, 'runDailyProcesses', {}));
    ok(b.call('2026-03-09', 'archiveHistory'));
    expect(archiveInfo(b)).toMatchObject({ id: original.id, full: [] });
  });
});

describe('a crash at every write point of the archive job', () => {
  it('recovers, by running it again, to exactly the uninterrupted result', () => {
    const ref = forkBench(start);
    const rt = ref.runtime(CRASH_DAY);
    ok(rt.load().archiveHistory());
    rt.endExecution();
    const writes: number = rt.writeCalls;
    // The archive's id is new in every studio: the rest of what the add-on remembers must match.
    const infoOf = (b: Bench) => ({ ...archiveInfo(b), id: undefined });
    const want = { live: business(ref.dump()), archive: archiveOf(ref), info: infoOf(ref) };
    let crashes = 0;
    const failures: string[] = [];
    for (const mode of ['failBeforeWrite', 'failAfterWrite']) {
      for (let n = 1; n <= writes; n++) {
        const b = forkBench(start);
        const crt = b.runtime(CRASH_DAY);
        crt.faults = { [mode]: n };
        let threw = '';
        try {
          crt.load().archiveHistory();
        } catch (e) {
          threw = String((e as Error).message);
        }
        crt.endExecution();
        if (!/Injected fault/.test(threw)) {
          failures.push(`${mode} ${n}: did not crash (${threw || 'no error'})`);
          continue;
        }
        crashes++;
        const again = b.call(CRASH_DAY, 'archiveHistory');
        const got = { live: business(b.dump()), archive: archiveOf(b), info: infoOf(b) };
        if (!again.ok) failures.push(`${mode} ${n}: rerun failed ${JSON.stringify(again.errors)}`);
        else if (JSON.stringify(got) !== JSON.stringify(want))
          failures.push(
            `${mode} ${n}: differs after rerun in ${(['live', 'archive', 'info'] as const).filter((k) => JSON.stringify(got[k]) !== JSON.stringify(want[k])).join(', ')}`,
          );
      }
    }
    // Crashed once its copies were in the archive, then the studio went on (a payment settles another old
    // invoice, a check-in) before the run resumed: exactly the copied rows leave, each of their sales has
    // its Carry row, and nothing before the cutoff is billed again.
    let resumed = 0;
    for (let n = 1; n <= writes; n++) {
      const b = forkBench(start);
      const crt = b.runtime(CRASH_DAY);
      crt.faults = { failBeforeWrite: n };
      try {
        crt.load().archiveHistory();
      } catch {}
      crt.endExecution();
      if (archiveInfo(b)?.journal?.stage !== 'copied') continue;
      resumed++;
      ok(b.call(CRASH_DAY, 'recordPayment', { invoiceNo: 3, amount: 30000, method: 'card', requestId: 'late' }));
      const sale = String(b.dump('Sales').Sales[1]['Sale ID']);
      ok(b.call(CRASH_DAY, 'checkIn', { saleId: sale, overdraw: true, requestId: 'between' }));
      const before = b.dump();
      const archivedBefore = archiveOf(b);
      ok(b.call(CRASH_DAY, 'archiveHistory'));
      const live = b.dump();
      const archived = archiveOf(b);
      // Every row once: in the live tab or in the archive (no row lost, none in both).
      const keys = (rows: Record<string, unknown>[]) =>
        rows.filter((r) => r.Type !== 'Carry').map((r) => String(r.Key));
      for (const tab of ['Invoices', 'Payments', 'Adjustments']) {
        const all = [...keys(live[tab]), ...keys(archived[tab])].sort();
        const want = [...new Set([...keys(before[tab]), ...keys(archivedBefore[tab])])].sort();
        expect([tab, all]).toEqual([tab, want]);
      }
      const carried = new Set(live.Adjustments.filter((r) => r.Type === 'Carry').map((r) => r['Sale ID']));
      for (const r of archived.Adjustments) expect(carried.has(r['Sale ID'])).toBe(true);
      const next = ok(b.call('2026-03-03', 'runDailyProcesses', {}));
      expect(next.summary.invoices.filter((i: { dueDate: string }) => i.dueDate < CUTOFF)).toEqual([]);
      expect(next.summary.balancesUpdated).toBe(0);
    }
    expect(resumed).toBeGreaterThan(3);
    summary.add('resumed after the studio changed in between', `${resumed} crash points`);
    summary.add('archive job write points (crashed before and after each)', `${writes} × 2 = ${crashes} crashes`);
    summary.add('recovered to the uninterrupted result', `${crashes - failures.length}/${crashes}`);
    expect(failures).toEqual([]);
    expect(crashes).toBe(writes * 2);
  });
});
