// The studio's lock in a published add-on, where the nightly trigger has no document lock
// (src/addon/lock.ts: the desk flag and the nightly lease, Dekker's protocol over two cells of the
// system tab). Every interleaving a single thread can produce is tried: a person's check-in arrives before
// each write call of the nightly run, and the nightly run fires before each write call of a check-in.
// Whatever the order, nothing is written by the one that must wait, and the result equals one run and
// one check-in.
import { SYSTEM_TAB } from '../../sheets-template/tabs';
import { ok } from '../support/studio';
import { atWrite, type Bench, bench, business, CRASH_DAY, cloneWorkbook, realisticStudio, Summary } from './harness';

const summary = new Summary();
const OWNER = 'owner@studio.test';
const DESK = 'desk@studio.test';
const NIGHT = `${CRASH_DAY}T02:00`;
// Each runtime here has its own view of the Drive and properties (bench): the owner's triggers run as the owner.
const CHECK_IN = { saleId: 'S-1', requestId: 'at-the-desk', overdraw: true };
let base: Bench;

/** A copy of the studio, as a published add-on with the owner's nightly trigger installed. */
function studio(): { b: Bench; trigger: string } {
  const b = bench(cloneWorkbook(base.workbook));
  const rt = b.runtime('2026-03-01', { mode: 'addon', userEmail: OWNER });
  ok(rt.load().installNightlyTrigger());
  rt.endExecution();
  return { b, trigger: rt.triggers[0].id };
}

/**
 * The flag in a fixed row of the system tab, as the workbook holds it now: the desk flag in its Value
 * cell, the lease in its Key cell (`lease <holder> <until>`; `lease` when free).
 */
function flag(b: Bench, key: 'lease' | 'desk'): { until: string } | null {
  const rows = b.dump(SYSTEM_TAB.name)[SYSTEM_TAB.name];
  if (key === 'lease') {
    const [, holder, until] = String(rows.find((r) => String(r.Key).startsWith('lease'))?.Key).split(' ');
    return holder ? { until } : null;
  }
  const value = rows.find((r) => r.Key === key)?.Value;
  return value ? JSON.parse(String(value)) : null;
}

const byKey = (rows: Record<string, unknown>[]) => [...rows].sort((x, y) => String(x.Key).localeCompare(String(y.Key)));
/** The records, rows in key order (who got in first decides the order rows were appended in). */
const records = (b: Bench) =>
  Object.fromEntries(Object.entries(business(b.dump())).map(([tab, rows]) => [tab, byKey(rows)]));

beforeAll(() => {
  base = realisticStudio();
});

afterAll(() => summary.print('Add-on lock (nightly trigger without a document lock)'));

it("a check-in arriving at every write point of the add-on's nightly run: refused while the lease is held, counted once", () => {
  // The reference: the nightly run, then the check-in.
  const ref = studio();
  const rt0 = ref.b.runtime(NIGHT, { mode: 'addon', userEmail: OWNER });
  expect(rt0.runTrigger(ref.trigger)).toEqual({ ok: true });
  const writes: number = rt0.writeCalls;
  ok(ref.b.call(NIGHT, 'checkIn', CHECK_IN, { mode: 'addon', userEmail: DESK }));
  const want = records(ref.b);
  expect(want.Invoices.length).toBeGreaterThan(base.dump('Invoices').Invoices.length);

  let refused = 0;
  let first = 0;
  for (let k = 1; k <= writes; k++) {
    const { b, trigger } = studio();
    const night = b.runtime(NIGHT, { mode: 'addon', userEmail: OWNER });
    let held = false;
    atWrite(night, k, () => {
      held = flag(b, 'lease') !== null;
      const desk = b.runtime(NIGHT, { mode: 'addon', userEmail: DESK });
      const reply = desk.load().checkIn(JSON.parse(JSON.stringify(CHECK_IN)));
      desk.endExecution();
      if (held) {
        // Refused before reading anything: it stepped back (its desk flag set, then cleared: the only
        // writes) and waited for the lease to be given back, without raising the flag again, for 10 s:
        // four polls of 2 s, as the reads between them take time too (the runtime's clock moves on by each
        // call's cost, docs/platform.md › the 6-minute limit), so a fifth would pass the deadline.
        expect(reply).toMatchObject({ ok: false, busy: true });
        expect(desk.writeCalls).toBe(2);
        expect(desk.sleptMs).toBe(8_000);
        refused++;
      } else {
        expect(reply).toMatchObject({ ok: true, duplicate: false });
        first++;
      }
    });
    expect(night.runTrigger(trigger)).toEqual({ ok: true });
    // The desk retries (the sidebar does, with the same request id): counted once either way.
    ok(b.call(NIGHT, 'checkIn', CHECK_IN, { mode: 'addon', userEmail: DESK }));
    expect(records(b)).toEqual(want);
    expect(b.dump('Adjustments').Adjustments.filter((r) => r.Key === 'S-1:use:req.at-the-desk')).toHaveLength(1);
  }
  // Before the lease is written (write 1) and once it is cleared, the check-in simply goes first.
  expect(first).toBeLessThanOrEqual(3);
  expect(refused).toBeGreaterThanOrEqual(writes - 3);
  summary.add('check-ins arriving mid-run (write points)', writes);
  summary.add('refused as busy while the lease was held', refused);
});

it('the nightly run firing at every write point of a check-in: it waits, gives up without writing, and the next hour bills once', () => {
  const ref = studio();
  const desk0 = ref.b.runtime(NIGHT, { mode: 'addon', userEmail: DESK });
  ok(desk0.load().checkIn(JSON.parse(JSON.stringify(CHECK_IN))));
  desk0.endExecution();
  const writes: number = desk0.writeCalls;
  expect(ref.b.runtime(NIGHT, { mode: 'addon', userEmail: OWNER }).runTrigger(ref.trigger)).toEqual({ ok: true });
  const want = records(ref.b);

  let waited = 0;
  for (let k = 1; k <= writes; k++) {
    const { b, trigger } = studio();
    const desk = b.runtime(NIGHT, { mode: 'addon', userEmail: DESK });
    let deskSet = false;
    let invoicesDuring = 0;
    atWrite(desk, k, () => {
      deskSet = flag(b, 'desk') !== null;
      const night = b.runtime(NIGHT, { mode: 'addon', userEmail: OWNER });
      const before = b.dump('Invoices').Invoices.length;
      const outcome = night.runTrigger(trigger);
      invoicesDuring = b.dump('Invoices').Invoices.length - before;
      if (deskSet) {
        // It polled the desk flag until its 2-minute deadline (the runtime's clock moves on a sleep and on
        // each call's cost: 58 polls of 2 s end by then), gave up, then tried for a few seconds to log the
        // failure, which stays in its status row for the next run.
        expect(outcome).toEqual({ ok: false, error: expect.stringMatching(/busy/) });
        expect(invoicesDuring).toBe(0);
        expect(night.sleptMs).toBe(116_000 + 4_000);
        waited++;
      } else expect(outcome).toEqual({ ok: true });
    });
    ok(desk.load().checkIn(JSON.parse(JSON.stringify(CHECK_IN))));
    desk.endExecution();
    // The next hour (or the same night, already done) bills exactly once.
    expect(b.runtime(`${CRASH_DAY}T03:00`, { mode: 'addon', userEmail: OWNER }).runTrigger(trigger)).toEqual({
      ok: true,
    });
    expect(records(b)).toEqual(want);
    if (deskSet)
      expect(b.dump('Run Log')['Run Log'].filter((r) => r.Job === 'Daily Processes (failed)')).toHaveLength(1);
  }
  expect(waited).toBeGreaterThanOrEqual(writes - 2);
  summary.add('nightly runs fired mid-check-in (write points)', writes);
  summary.add('waited 2 min, then gave up without writing a record', waited);
});

it("an editor installs their own nightly run just as the owner's fires: the owner's stops inside the lease, unbilled", () => {
  const { b, trigger } = studio();
  const night = b.runtime(NIGHT, { mode: 'addon', userEmail: OWNER });
  // Before the owner's run writes its lease (its first write), the editor's install lands: the record
  // now names another trigger. The owner's run read the old record, so only the lease's check stops it.
  atWrite(night, 1, () => {
    ok(b.call(NIGHT, 'installNightlyTrigger', undefined, { mode: 'addon', userEmail: DESK }));
  });
  const before = b.dump('Invoices').Invoices.length;
  expect(night.runTrigger(trigger)).toEqual({ ok: true });
  expect(b.dump('Invoices').Invoices.length).toBe(before);
  expect(night.triggers.map((t: { user: string }) => t.user)).toEqual([DESK]);
  expect(flag(b, 'lease')).toBeNull();
  // The attempt it began is taken back: the editor's trigger has nothing to report as stopped.
  const status = b.dump(SYSTEM_TAB.name)[SYSTEM_TAB.name].find((r) => r.Key === 'nightly status')?.Value;
  expect(status ? JSON.parse(String(status)) : null).toMatchObject({ running: null, attempts: null });
});
