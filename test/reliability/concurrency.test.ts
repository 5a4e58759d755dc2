// Concurrency: two runtimes (two Apps Script executions) over one workbook with one lock table. The
// owner's "Run now", the nightly trigger and a check-in arrive while Daily Processes is writing: they wait
// for the lock or refuse ("busy", nothing written); the result equals one run, and the check-in, retried
// with its requestId as the sidebar does, is counted exactly once.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ok } from '../support/studio';
import { atWrite, type Bench, bench, business, CRASH_DAY, cloneWorkbook, realisticStudio, Summary } from './harness';

const { sleepSync } = require('../../local/runtime/lock');

const summary = new Summary();
let base: Bench;
const fork = (b: Bench) => bench(cloneWorkbook(b.workbook));

/** A runtime whose lock waits are recorded and cut short (the holder cannot finish while we wait in one thread). */
function impatient(b: Bench, day: string) {
  const rt = b.runtime(day);
  const asked: number[] = [];
  const session = rt.lockSession;
  const acquire = session.acquire.bind(session);
  session.acquire = (scope: string, ms: number) => {
    asked.push(ms);
    return acquire(scope, Math.min(ms, 20));
  };
  return { rt, asked };
}

const CHECK_IN = { saleId: 'S-1', requestId: 'during-the-run', overdraw: true };

beforeAll(() => {
  base = realisticStudio();
});

describe('while Daily Processes is writing', () => {
  it('"Run now", the nightly trigger and a check-in refuse at every write point; the result equals one run', () => {
    // The reference: one run, then the check-in.
    const ref = fork(base);
    const rt0 = ref.runtime(CRASH_DAY);
    ok(rt0.load().runDailyProcesses({}));
    rt0.endExecution();
    const writes: number = rt0.writeCalls;
    ok(ref.call(CRASH_DAY, 'checkIn', CHECK_IN));
    const want = business(ref.dump());

    let refused = 0;
    let tries = 0;
    for (let k = 1; k <= writes; k++) {
      const b = fork(base);
      const a = b.runtime(CRASH_DAY);
      atWrite(a, k, () => {
        const runNow = impatient(b, CRASH_DAY);
        const r1 = runNow.rt.load().runDailyProcesses({});
        runNow.rt.endExecution();
        expect(r1).toMatchObject({
          ok: false,
          busy: true,
          errors: [{ field: '', message: expect.stringMatching(/busy.*Nothing was changed/) }],
        });
        expect(runNow.rt.writeCalls).toBe(0);
        expect(runNow.asked).toEqual([10_000]);

        // A nightly trigger of an earlier version (daily, no map entry): billing, waiting 2 minutes; then
        // the Run Log row for the failure waits 5 s. Busy throughout: it writes only its own status row
        // in the system tab (no other execution writes there), as the attempt starts and as it ends.
        const nightly = impatient(b, CRASH_DAY);
        expect(() => nightly.rt.load().nightlyDailyProcesses({})).toThrow(/busy/);
        nightly.rt.endExecution();
        expect(nightly.rt.writeCalls).toBe(2);
        expect(nightly.asked).toEqual([120_000, 5_000]);

        const desk = impatient(b, CRASH_DAY);
        const r3 = desk.rt.load().checkIn(JSON.parse(JSON.stringify(CHECK_IN)));
        desk.rt.endExecution();
        expect(r3).toMatchObject({ ok: false, busy: true });
        expect(desk.rt.writeCalls).toBe(0);
        tries += 3;
        refused += 3;
      });
      const reply = a.load().runDailyProcesses({});
      a.endExecution();
      expect(reply.ok).toBe(true);
      // Afterwards: "Run now" again creates nothing; the sidebar's retry records the check-in once.
      expect(ok(b.call(CRASH_DAY, 'runDailyProcesses', {})).summary).toMatchObject({
        invoicesCreated: 0,
        adjustmentsCreated: 0,
      });
      expect(ok(b.call(CRASH_DAY, 'checkIn', CHECK_IN)).duplicate).toBe(false);
      expect(ok(b.call(CRASH_DAY, 'checkIn', CHECK_IN)).duplicate).toBe(true);
      expect(business(b.dump())).toEqual(want);
      expect(b.dump('Adjustments').Adjustments.filter((r) => r.Key === 'S-1:use:req.during-the-run')).toHaveLength(1);
    }
    summary.add('calls arriving mid-run (run now, nightly, check-in) x write points', tries);
    summary.add('refused as busy, nothing written', refused);
  });

  it('a check-in that got in first is counted once and the run goes around it', () => {
    const b = fork(base);
    ok(b.call(CRASH_DAY, 'checkIn', CHECK_IN));
    ok(b.call(CRASH_DAY, 'runDailyProcesses', {}));
    const ref = fork(base);
    ok(ref.call(CRASH_DAY, 'runDailyProcesses', {}));
    ok(ref.call(CRASH_DAY, 'checkIn', CHECK_IN));
    // Row order differs (the check-in was appended first); the rows, balances included, are the same.
    const byKey = (rows: Record<string, unknown>[]) =>
      [...rows].sort((x, y) => String(x.Key).localeCompare(String(y.Key)));
    expect(byKey(b.dump('Adjustments').Adjustments)).toEqual(byKey(ref.dump('Adjustments').Adjustments));
    expect(b.dump('Invoices').Invoices).toEqual(ref.dump('Invoices').Invoices);
  });

  it('the second of two runs started together waits for the first, then finds nothing to do', () => {
    // Run A is another process holding the document lock for 400 ms; run B (here) waits for it.
    const dir = mkdtempSync(join(tmpdir(), 'studio-lock-'));
    const file = join(dir, 'studio.xlsx.lock');
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const { LockSession } = require(${JSON.stringify(require.resolve('../../local/runtime/lock'))});
         const s = new LockSession({ kind: 'file', file: ${JSON.stringify(file)} });
         s.acquire('document', 5000);
         setTimeout(() => s.releaseAll(), 400);`,
      ],
      { stdio: 'ignore' },
    );
    try {
      for (let i = 0; i < 250 && !existsSync(file); i++) sleepSync(20);
      expect(existsSync(file)).toBe(true);
      const b = fork(base);
      const rt = b.runtime(CRASH_DAY, { lock: { file } });
      const t0 = Date.now();
      const reply = rt.load().runDailyProcesses({});
      const waited = Date.now() - t0;
      rt.endExecution();
      expect(reply.ok).toBe(true);
      expect(waited).toBeGreaterThanOrEqual(200);
      // B ran once the lock was free: its result is one run; a second run adds nothing.
      const ref = fork(base);
      ok(ref.call(CRASH_DAY, 'runDailyProcesses', {}));
      expect(business(b.dump())).toEqual(business(ref.dump()));
      expect(ok(b.call(CRASH_DAY, 'runDailyProcesses', {})).summary.invoicesCreated).toBe(0);
      summary.add('run that waited for the lock (ms)', waited);
    } finally {
      holder.kill();
    }
  });
});

afterAll(() => {
  summary.print('Concurrency');
});
