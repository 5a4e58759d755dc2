// Crash at every write point. The emulated SpreadsheetApp throws at the n-th write call (before it takes
// effect, and separately just after it landed), for every n of an uninterrupted run, as when Apps Script
// kills a run at 6 minutes. A rerun (Daily Processes) or a retry with the same requestId (the sidebars)
// must then leave every tab but the Run Log equal, row for row, to the uninterrupted run: no key twice, no
// invoice or ledger row lost, invoice numbers unique and gap-free. See docs/exactly-once.md.
import { CASES } from '../corpus/cases';
import { ok, type Reply } from '../support/studio';
import {
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

/**
 * Every write point with CRASH_SWEEP=all (`CRASH_SWEEP=all npx jest test/reliability/crash.test.ts`); in
 * `npm test`, for each call and crash mode, its first and last write points and a fixed-seed half of the
 * others (the seed: the call's name and the mode, so a run is the same every time).
 */
const FULL = process.env.CRASH_SWEEP === 'all';

/** The write points 1..n to crash at: all of them, or the sample above. */
function writePoints(n: number, salt: string): number[] {
  const all = Array.from({ length: n }, (_, i) => i + 1);
  if (FULL) return all;
  // mulberry32, seeded by the salt: 32-bit integer steps (Math.imul), exact in a double.
  let x = [...salt].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7) >>> 0;
  const next = () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return all.filter((k) => next() < 0.5 || k === 1 || k === n);
}

type Mode = 'failBeforeWrite' | 'failAfterWrite';
const MODES: Mode[] = ['failBeforeWrite', 'failAfterWrite'];

interface Scenario {
  name: string;
  /** The workbook the job starts from (cloned for every trial). */
  start: () => Bench;
  day: string;
  endpoint: string;
  arg: unknown;
  /** What happens after the crash before the workbook is compared (default: the same call again). */
  recover?: (b: Bench) => void;
  /** What happens after the uninterrupted call, for the reference (default: nothing). */
  after?: (b: Bench) => void;
  /** How the call is made in a runtime (default: the bundle's function, as a sidebar's call runs it). */
  run?: (rt: any, endpoint: string, arg: unknown) => any;
  /** When the retry comes (default: `day`, at once). */
  retryAt?: string;
}

const sidebarCall = (rt: any, endpoint: string, arg: unknown) => rt.load()[endpoint](arg);

const summary = new Summary();
const OWNER = 'owner@studio.test';
const totals = { writePoints: 0, crashes: 0, survived: 0, duplicateKeys: 0, missingRows: 0, numberGaps: 0 };

let base: Bench;
let caughtUp: Bench;
let withCheckIns: Bench;

/** The deployment the scenarios below run as (each describe block is run as both). */
let deployment: 'bound' | 'addon' = 'bound';
const fork = (b: Bench) => () => bench(cloneWorkbook(b.workbook), {}, { mode: deployment });

function call(b: Bench, day: string, endpoint: string, arg: unknown): Reply {
  return b.call(day, endpoint, arg);
}

/** Runs the scenario uninterrupted (the reference), then crashed at every write point and recovered. */
function crashEverywhere(s: Scenario) {
  const ref = s.start();
  const rt = ref.runtime(s.day);
  const run = s.run ?? sidebarCall;
  const reply = run(rt, s.endpoint, JSON.parse(JSON.stringify(s.arg)));
  rt.endExecution();
  expect(reply.ok).toBe(true);
  const writes: number = rt.writeCalls;
  expect(writes).toBeGreaterThan(2);
  s.after?.(ref);
  const want = business(ref.dump());
  expect(invariants(want)).toEqual({ duplicateKeys: 0, numberGaps: 0 });

  const failures: string[] = [];
  for (const mode of MODES) {
    for (const n of writePoints(writes, `${deployment} ${s.name} ${mode}`)) {
      const b = s.start();
      const crt = b.runtime(s.day);
      crt.faults = { [mode]: n };
      let threw = '';
      try {
        run(crt, s.endpoint, JSON.parse(JSON.stringify(s.arg)));
      } catch (e) {
        threw = String((e as Error).message);
      }
      crt.endExecution();
      totals.writePoints++;
      if (!/Injected fault/.test(threw)) {
        failures.push(`${mode} ${n}: did not crash (${threw || 'no error'})`);
        continue;
      }
      totals.crashes++;
      // Even the half-written workbook holds no key twice and no invoice number twice.
      const crashed = invariants(b.dump());
      if (crashed.duplicateKeys) failures.push(`${mode} ${n}: duplicate keys right after the crash`);
      if (s.recover) s.recover(b);
      else if (s.run) {
        const again = b.runtime(s.retryAt ?? s.day);
        ok(s.run(again, s.endpoint, JSON.parse(JSON.stringify(s.arg))));
        again.endExecution();
      } else ok(call(b, s.day, s.endpoint, s.arg));
      const got = business(b.dump());
      const inv = invariants(got);
      const missing = missingKeys(got, want);
      totals.duplicateKeys += inv.duplicateKeys;
      totals.numberGaps += inv.numberGaps;
      totals.missingRows += missing.length;
      if (JSON.stringify(got) === JSON.stringify(want)) totals.survived++;
      else failures.push(`${mode} ${n}: differs from the uninterrupted run (missing: ${missing.join(', ') || 'none'})`);
    }
  }
  expect(failures).toEqual([]);
  return { writes, want };
}

beforeAll(() => {
  base = realisticStudio();
  caughtUp = fork(base)();
  ok(caughtUp.call(CRASH_DAY, 'runDailyProcesses', {}));
  withCheckIns = fork(caughtUp)();
  ok(withCheckIns.call('2026-03-03', 'checkIn', { saleId: 'S-1', requestId: 'prep-1' }));
  ok(withCheckIns.call('2026-03-03', 'checkIn', { saleId: 'S-2', requestId: 'prep-2' }));
});

afterAll(() => {
  if (totals.writePoints === 0) return;
  summary.add(
    `write points tried (${FULL ? 'every one' : 'a fixed-seed half: CRASH_SWEEP=all for every one'})`,
    totals.writePoints,
  );
  summary.add('crashes injected', totals.crashes);
  summary.add('crashes survived (rerun = uninterrupted run)', totals.survived);
  summary.add('duplicate keys after recovery', totals.duplicateKeys);
  summary.add('invoices/adjustments/payments lost', totals.missingRows);
  summary.add('invoice number gaps', totals.numberGaps);
  summary.print('Crash at every write point');
});

describe.each(['bound', 'addon'] as const)('%s', (mode) => {
  beforeAll(() => {
    deployment = mode;
  });

  it('the nightly trigger crashed at every write point: the next hour equals one uninterrupted night', () => {
    const night = `${CRASH_DAY}T02:00`;
    const installed = () => {
      const b = fork(base)();
      const rt = b.runtime('2026-03-01', { userEmail: OWNER });
      ok(rt.load().installNightlyTrigger());
      rt.endExecution();
      return { b, id: rt.triggers[0].id as string };
    };
    const ref = installed();
    const rt = ref.b.runtime(night, { userEmail: OWNER });
    expect(rt.runTrigger(ref.id)).toEqual({ ok: true });
    const writes: number = rt.writeCalls;
    const want = business(ref.b.dump());
    expect(want.Invoices.length).toBeGreaterThan(base.dump('Invoices').Invoices.length);
    const failures: string[] = [];
    for (const fault of MODES) {
      for (let n = 1; n <= writes; n++) {
        const { b, id } = installed();
        const crt = b.runtime(night, { userEmail: OWNER });
        crt.faults = { [fault]: n };
        const outcome = crt.runTrigger(id);
        totals.writePoints++;
        if (outcome.ok || !/Injected fault/.test(outcome.error)) {
          // A crash in the trigger's own bookkeeping after the run (its status row) is not a failed run.
          if (!outcome.ok) failures.push(`${fault} ${n}: ${outcome.error}`);
        } else totals.crashes++;
        // The next hour: billing again if it did not finish (then housekeeping), never twice. A crash
        // that left its attempt marked running is reported then as stopped (the run still goes on).
        const next = b.runtime(`${CRASH_DAY}T03:00`, { userEmail: OWNER }).runTrigger(id);
        if (!next.ok && !/stopped before finishing/.test(next.error))
          failures.push(`${fault} ${n}: the next hour failed: ${next.error}`);
        const got = business(b.dump());
        totals.duplicateKeys += invariants(got).duplicateKeys;
        totals.missingRows += missingKeys(got, want).length;
        const billed = { Invoices: got.Invoices, Adjustments: got.Adjustments, Sales: got.Sales };
        if (
          JSON.stringify(billed) ===
          JSON.stringify({ Invoices: want.Invoices, Adjustments: want.Adjustments, Sales: want.Sales })
        )
          totals.survived++;
        else failures.push(`${fault} ${n}: differs from the uninterrupted night`);
      }
    }
    expect(failures).toEqual([]);
    summary.add(`nightly trigger (${mode}): write calls per run`, writes);
  });

  describe('Daily Processes crashed at every write point', () => {
    it('the workbook it catches up is realistic', () => {
      const run = ok(fork(base)().call(CRASH_DAY, 'runDailyProcesses', {})).summary;
      summary.add(
        'Daily Processes: invoices / ledger rows / balances / statuses written',
        [run.invoicesCreated, run.adjustmentsCreated, run.balancesUpdated, run.statusesUpdated].join(' / '),
      );
      expect(run.invoicesCreated).toBeGreaterThanOrEqual(40);
      expect(run.adjustmentsCreated).toBeGreaterThanOrEqual(80);
      expect(run.balancesUpdated).toBeGreaterThan(5);
      expect(run.statusesUpdated).toBeGreaterThan(0);
      expect(run.problems).toEqual([]);
      const types = new Set(caughtUp.dump('Adjustments').Adjustments.map((r) => r.Type));
      expect([...types].sort()).toEqual(['Allocate', 'Cap', 'Expire', 'Reset', 'Use']);
    });

    it('a rerun the same day equals one uninterrupted run', () => {
      const { writes, want } = crashEverywhere({
        name: 'daily',
        start: fork(base),
        day: CRASH_DAY,
        endpoint: 'runDailyProcesses',
        arg: {},
      });
      summary.add('Daily Processes: write calls per run', writes);
      summary.add(
        'Daily Processes: rows in Invoices + Adjustments after the run',
        want.Invoices.length + want.Adjustments.length,
      );
    });

    it("the next night's run equals two uninterrupted nights", () => {
      crashEverywhere({
        name: 'daily next night',
        start: fork(base),
        day: CRASH_DAY,
        endpoint: 'runDailyProcesses',
        arg: {},
        after: (b) => ok(b.call('2026-03-03', 'runDailyProcesses', {})),
        recover: (b) => ok(b.call('2026-03-03', 'runDailyProcesses', {})),
      });
    });
  });

  describe('sellPackage crashed at every write point', () => {
    const sale = {
      clientId: 'C-3',
      packageId: 'P-2', // weekly, Add, rollover cap 5: backdated three weeks, so four invoices and caps
      startDate: '2026-02-09',
      requestId: 'crash-sale',
    };

    it('a retry with the same requestId equals one uninterrupted sale', () => {
      const { writes } = crashEverywhere({
        name: 'sell',
        start: fork(caughtUp),
        day: CRASH_DAY,
        endpoint: 'sellPackage',
        arg: sale,
      });
      summary.add('sellPackage: write calls', writes);
    });

    it('without a retry, Daily Processes completes the sale; a late retry then changes nothing', () => {
      crashEverywhere({
        name: 'sell healed by the nightly run',
        start: fork(caughtUp),
        day: CRASH_DAY,
        endpoint: 'sellPackage',
        arg: sale,
        after: (b) => ok(b.call(CRASH_DAY, 'runDailyProcesses', {})),
        recover: (b) => {
          ok(b.call(CRASH_DAY, 'runDailyProcesses', {}));
          const retry = b.call(CRASH_DAY, 'sellPackage', sale);
          // Crashed before the Sales row landed: the retry is the sale. After: it finds the sale.
          expect(retry.ok).toBe(true);
          if (retry.receipt.duplicate) expect(retry.receipt.invoiceNumbers).toHaveLength(4);
        },
      });
    });
  });

  describe('checkIn, correctSessions and recordPayment crashed at every write point', () => {
    it('checkIn (backdated before a later check-in, so running balances are rewritten) retried', () => {
      const { writes } = crashEverywhere({
        name: 'checkIn',
        start: fork(withCheckIns),
        day: '2026-03-03',
        endpoint: 'checkIn',
        arg: { saleId: 'S-1', date: CRASH_DAY, overdraw: true, requestId: 'crash-ci' },
      });
      summary.add('checkIn: write calls', writes);
    });

    it('correctSessions retried', () => {
      const { writes } = crashEverywhere({
        name: 'correctSessions',
        start: fork(withCheckIns),
        day: '2026-03-03',
        endpoint: 'correctSessions',
        arg: { saleId: 'S-2', date: CRASH_DAY, sessions: 2, reason: 'Make-up sessions', requestId: 'crash-corr' },
      });
      summary.add('correctSessions: write calls', writes);
    });

    it('recordPayment (paying an invoice off, so Paid and Status change) retried', () => {
      const invoice = caughtUp
        .dump('Invoices')
        .Invoices.find((r) => Number(r.Paid) > 0 && Number(r.Paid) < Number(r.Amount)) as Dump[string][number];
      expect(invoice).toBeDefined();
      const amount = Math.round((Number(invoice.Amount) - Number(invoice.Paid)) * 100);
      const { writes } = crashEverywhere({
        name: 'recordPayment',
        start: fork(caughtUp),
        day: '2026-03-03',
        endpoint: 'recordPayment',
        arg: { invoiceNo: invoice['Invoice No'], amount, method: 'transfer', requestId: 'crash-pay' },
      });
      summary.add('recordPayment: write calls', writes);
    });

    it('recordPayment crashed between the payment and the invoice, never retried: the next payment sees it', () => {
      const start = fork(caughtUp);
      const first = start();
      const invoice = first.dump('Invoices').Invoices.find((r) => r.Status === 'Open' && Number(r.Amount) > 0);
      const no = invoice?.['Invoice No'];
      const amount = Math.round(Number(invoice?.Amount) * 100);
      const paymentsOf = (b: Bench) => b.dump('Payments').Payments.filter((p) => p['Invoice No'] === no);
      // Crash right after the payment row landed (the lock's desk flag, then the Payments append's calls):
      // the first write call after which the row is there.
      let b = first;
      for (let k = 1; k < 20; k++) {
        b = start();
        const rt = b.runtime('2026-03-03');
        rt.faults = { failAfterWrite: k };
        expect(() => rt.load().recordPayment({ invoiceNo: no, amount, method: 'cash' })).toThrow(/Injected fault/);
        rt.endExecution();
        if (paymentsOf(b).length) break;
      }
      expect(paymentsOf(b)).toHaveLength(1);
      // The invoice's Paid and Status were not written: the crash fell between the two.
      expect(b.dump('Invoices').Invoices.find((r) => r['Invoice No'] === no)).toMatchObject({
        Status: invoice?.Status,
      });
      // The owner, seeing "Open", pays again (no requestId): refused, nothing is left to pay.
      const again = b.call('2026-03-03', 'recordPayment', { invoiceNo: no, amount, method: 'cash' });
      expect(again).toMatchObject({
        ok: false,
        errors: [{ field: 'amount', message: `Invoice #${no} has $0.00 left to pay.` }],
      });
      expect(b.dump('Payments').Payments.filter((p) => p['Invoice No'] === no)).toHaveLength(1);
    });

    it('a check-in crashed after its balance updates but before its row, never retried: the nightly run repairs the balances', () => {
      const b = fork(withCheckIns)();
      const before = business(b.dump());
      const rt = b.runtime('2026-03-03');
      rt.faults = { failAfterWrite: 2 }; // the lock's desk flag, then the Balance column update landed; the row did not
      expect(() => rt.load().checkIn({ saleId: 'S-1', date: CRASH_DAY, requestId: 'abandoned' })).toThrow(
        /Injected fault/,
      );
      rt.endExecution();
      expect(business(b.dump())).not.toEqual(before);
      ok(b.call('2026-03-03', 'runDailyProcesses', {}));
      const ref = fork(withCheckIns)();
      ok(ref.call('2026-03-03', 'runDailyProcesses', {}));
      expect(business(b.dump())).toEqual(business(ref.dump()));
    });
  });

  describe('pauseSale, pauseSales, cancelSale, savePackage and saveClient crashed at every write point', () => {
    const from = '2026-03-09';

    it('pauseSale retried: the retry writes only the ledger row a crash left out', () => {
      const { writes, want } = crashEverywhere({
        name: 'pauseSale',
        start: fork(withCheckIns),
        day: '2026-03-03',
        endpoint: 'pauseSale',
        arg: { saleId: 'S-1', from, weeks: 2 },
      });
      expect(want.Adjustments.filter((r) => r.Type === 'Pause')).toHaveLength(1);
      summary.add('pauseSale: write calls', writes);
    });

    it('pauseSales (a studio closure) retried: one Sales write and one Adjustments write for every sale', () => {
      const saleIds = caughtUp.dump('Sales').Sales.map((r) => String(r['Sale ID']));
      const { writes, want } = crashEverywhere({
        name: 'pauseSales',
        start: fork(withCheckIns),
        day: '2026-03-03',
        endpoint: 'pauseSales',
        arg: { saleIds, from, weeks: 1 },
      });
      expect(want.Adjustments.filter((r) => r.Type === 'Pause').length).toBeGreaterThan(5);
      summary.add('pauseSales: write calls', writes);
    });

    it('cancelSale retried: the same cancellation again changes nothing', () => {
      const { writes, want } = crashEverywhere({
        name: 'cancelSale',
        start: fork(withCheckIns),
        day: '2026-03-03',
        endpoint: 'cancelSale',
        arg: { saleId: 'S-2', date: from },
      });
      expect(want.Sales.find((r) => r['Sale ID'] === 'S-2')?.['Cancel Date']).toBe(from);
      summary.add('cancelSale: write calls', writes);
    });

    // A valid package (the bad-input corpus's), under its own name.
    const terms = { ...CASES.savePackage.valid, name: 'Crash Pack' };

    it('savePackage (new) retried: once the row landed, the retry is refused by name and writes nothing', () => {
      crashEverywhere({
        name: 'savePackage new',
        start: fork(caughtUp),
        day: '2026-03-03',
        endpoint: 'savePackage',
        arg: terms,
        recover: (b) => {
          const retry = b.call('2026-03-03', 'savePackage', terms);
          if (!retry.ok) expect(retry.errors?.[0]?.message).toMatch(/A package named "Crash Pack" already exists/);
        },
      });
    });

    it('savePackage (an edit) and saveClient (an edit) retried', () => {
      crashEverywhere({
        name: 'savePackage edit',
        start: fork(caughtUp),
        day: '2026-03-03',
        endpoint: 'savePackage',
        arg: { ...terms, id: 'P-1' },
      });
      crashEverywhere({
        name: 'saveClient edit',
        start: fork(caughtUp),
        day: '2026-03-03',
        endpoint: 'saveClient',
        arg: { id: 'C-1', name: 'Renamed Client', email: 'renamed@example.com', phone: '0400 111 222' },
      });
    });
  });
});

describe('the front desk web app crashed at every write point', () => {
  const DESK = 'frontdesk@studio.test';
  beforeAll(() => {
    deployment = 'addon';
  });
  /** The studio, shared with the desk's account as an editor. */
  const shared = () => {
    const b = fork(withCheckIns)();
    b.workbook.sharing = { owner: OWNER, editors: [DESK], viewers: [] };
    return b;
  };
  const fromThePhone = (rt: any, endpoint: string, arg: unknown) => rt.webAppCall(endpoint, [arg], { user: DESK });
  // A phone call killed while holding the lease leaves it set, like a killed nightly run: until the flag
  // expires (6½ minutes) every other writer is told the studio is busy. The retry comes after that.
  const retryAt = '2026-03-03T12:07';

  it('deskCheckIn (no document lock: the lease, taken under the script lock) retried from the phone', () => {
    const { writes } = crashEverywhere({
      name: 'deskCheckIn',
      start: shared,
      day: '2026-03-03',
      endpoint: 'deskCheckIn',
      arg: { spreadsheetId: withCheckIns.workbook.id, saleId: 'S-1', overdraw: true, requestId: 'phone-1' },
      run: fromThePhone,
      retryAt,
    });
    summary.add('deskCheckIn (web app): write calls', writes);
  });

  it('deskUndo retried from the phone: one undo row', () => {
    const key = String(withCheckIns.dump('Adjustments').Adjustments.find((r) => r.Key === 'S-1:use:req.prep-1')?.Key);
    const { writes, want } = crashEverywhere({
      name: 'deskUndo',
      start: shared,
      day: '2026-03-03',
      endpoint: 'deskUndo',
      arg: { spreadsheetId: withCheckIns.workbook.id, saleId: 'S-1', checkInKey: key, reason: 'Wrong client' },
      run: fromThePhone,
      retryAt,
    });
    expect(want.Adjustments.filter((r) => r.Key === 'S-1:correct:undo-req.prep-1')).toHaveLength(1);
    summary.add('deskUndo (web app): write calls', writes);
  });
});
