/**
 * Property tests: random packages (every frequency, Reset/Add, open-ended or short finite terms, optional
 * cap), random start dates, sale days, check-ins, cancellations and run days. Expected dates are computed
 * with the harness's own calendar, never with src/domain/dates.ts.
 */
import fc from 'fast-check';
import {
  type Adjustment,
  dailyProcesses,
  FREQUENCIES,
  type IsoDate,
  periodStart,
  type Sale,
  type State,
  sessionsExpire,
  validatePackageTerms,
} from '../../src/domain';
import {
  addDaysIso,
  addMonthsClamped,
  allLedgers,
  dayNumber,
  eventDays,
  expectedDueDates,
  expectedPeriodStart,
  fromDayNumber,
  invoiceTable,
  ledgerRows,
  pkg,
  type SimEvent,
  type SimResult,
  simulate,
} from './harness';
import { FIRST_DAY, lastDay, type Scenario, scenarioArb, termsArb } from './scenarios';

// ---------------------------------------------------------------------------------------------------------
// Independent expectations.

/** The first date no period may start on (start + 7W days and/or the cancel date), or null. */
function limitOf(sale: Sale): IsoDate | null {
  const limits: IsoDate[] = [];
  if (sale.terms.recurWeeks > 0) limits.push(addDaysIso(sale.startDate, 7 * sale.terms.recurWeeks));
  if (sale.endDate) limits.push(sale.endDate);
  return limits.length ? limits.sort()[0] : null;
}

/** The day after the last period ends: the start of the first period not in the term (null = open-ended). */
function expectedTermEnd(sale: Sale): IsoDate | null {
  const limit = limitOf(sale);
  if (limit === null) return null;
  for (let k = 1; ; k++) {
    const d = expectedPeriodStart(sale.startDate, sale.terms.frequency, k);
    if (d >= limit) return d;
  }
}

/**
 * When unused sessions lapse, from the terms alone: a Reset sale's at its end; an Add sale's `usableDays`
 * after it, when set (null: never).
 */
function expectedExpiry(sale: Sale): IsoDate | null {
  const end = expectedTermEnd(sale);
  if (end === null) return null;
  if (sale.terms.rollover === 'reset') return end;
  return sale.terms.usableDays === null ? null : addDaysIso(end, sale.terms.usableDays);
}

/**
 * Sessions are used oldest first: each lapse at period k's allocation (key `expire:<k>`) takes exactly the
 * sessions of period k − N and before still unused. Checked with a queue of single sessions, each tagged
 * with the period it came from (an allocation's own; a correction's, the latest allocation's), taken from
 * the front; sessions owed by an overdraw are paid before any is queued.
 */
function checkLapses(rows: readonly Adjustment[], expireAfter: number): void {
  const queue: number[] = [];
  let owed = 0;
  let current = 0;
  for (const r of rows) {
    const lapse = /:expire:(\d+)$/.exec(r.key);
    if (lapse) {
      const through = Number(lapse[1]) - expireAfter;
      expect([r.key, r.sessions]).toEqual([r.key, -queue.filter((p) => p <= through).length]);
    }
    if (r.type === 'allocate') current = Number(r.key.split(':')[2]);
    if (r.sessions < 0) {
      for (let i = 0; i < -r.sessions; i++) if (queue.shift() === undefined) owed++;
    }
    for (let i = 0; i < r.sessions; i++) {
      if (owed > 0) owed--;
      else queue.push(current);
    }
  }
}

/**
 * A late check-in's rows (`<nightly key>:late-<id>`) added into the nightly row they restate: the ledger as
 * it would read had the check-in been recorded on time (the balance shown: the last of them).
 */
function folded(rows: readonly Adjustment[]): Adjustment[] {
  const out: Adjustment[] = [];
  const byKey = new Map<string, Adjustment>();
  for (const r of rows) {
    const original = byKey.get(r.key.split(':late-')[0]);
    if (r.key.includes(':late-') && original) {
      original.sessions += r.sessions;
      original.balance = r.balance;
    } else {
      const copy = { ...r };
      byKey.set(r.key, copy);
      out.push(copy);
    }
  }
  return out.filter((r) => r.sessions !== 0 || r.type === 'allocate');
}

function replayed(rows: readonly Adjustment[]): number[] {
  let b = 0;
  return rows.map((r) => {
    b += r.sessions;
    return b;
  });
}

/** Invariants of any state the harness reaches by `today`. */
function checkInvariants(state: State, today: IsoDate): void {
  // Keys are unique.
  const invKeys = state.invoices.map((i) => i.key);
  expect(new Set(invKeys).size).toBe(invKeys.length);
  const adjKeys = state.adjustments.map((a) => a.key);
  expect(new Set(adjKeys).size).toBe(adjKeys.length);

  // Invoice numbers are 1..N, no gaps, no repeats.
  const numbers = state.invoices.map((i) => i.number).sort((a, b) => a - b);
  expect(numbers).toEqual(numbers.map((_, i) => i + 1));

  for (const sale of state.sales) {
    if (sale.earlier?.length) {
      checkChangedSale(state, sale, today);
      continue;
    }
    const { frequency, sessionsPerPeriod: n, rollover, rolloverCap: cap, priceCents } = sale.terms;
    const { introPeriods, introPriceCents, expireAfterPeriods } = sale.terms;
    const price = (k: number) => (k < introPeriods ? (introPriceCents as number) : priceCents);
    // Invoices: exactly the periods due by today, one each, on the right dates, numbered in period order.
    const invoices = state.invoices.filter((i) => i.saleId === sale.id).sort((a, b) => a.period - b.period);
    const due = expectedDueDates(sale.startDate, frequency, sale.terms.recurWeeks, sale.endDate, today);
    expect(invoices.map((i) => [i.key, i.period, i.dueDate, i.amountCents])).toEqual(
      due.map((d, k) => [`${sale.id}:${k}`, k, d, price(k)]),
    );
    const nums = invoices.map((i) => i.number);
    expect([...nums].sort((a, b) => a - b)).toEqual(nums);

    // Ledger: stored balances are the replayed running balance; the balance is the sum.
    const stored = ledgerRows(state, sale.id);
    const running = replayed(stored);
    expect(stored.map((r) => r.balance)).toEqual(running);
    const sum = stored.reduce((s, r) => s + r.sessions, 0);
    expect(running.at(-1)).toBe(sum);
    expect(stored.every((r) => r.date <= today)).toBe(true);
    expect(stored.every((r) => r.sessions !== 0)).toBe(true);
    // The rules below hold of the ledger as if late check-ins had been recorded on time.
    const rows = folded(stored);
    const balances = rows.map((r) => r.balance);

    // One allocation per billed period, of n sessions, on its due date (allocation 0 at the sale).
    const allocations = rows.filter((r) => r.type === 'allocate');
    const firstDate = [sale.soldOn, sale.startDate].sort()[0]; // the earlier date (ISO strings sort as dates)
    expect(allocations.map((r) => [r.key, r.date, r.sessions])).toEqual(
      due.map((d, k) => [`${sale.id}:allocate:${k}`, k === 0 ? firstDate : d, n]),
    );

    const expiry = expectedExpiry(sale);
    const index = new Map(rows.map((r, i) => [r.key, i]));
    rows.forEach((r, i) => {
      const before = i === 0 ? 0 : balances[i - 1];
      if (r.type === 'allocate' && rollover === 'reset') {
        // Reset: the unused balance was lost on its own row just before.
        const k = Number(r.key.split(':')[2]);
        const prior = index.get(`${sale.id}:reset:${k}`) ?? -1;
        const reset = prior >= 0 ? rows[prior] : null;
        if (reset) {
          expect(prior).toBe(i - 1);
          expect(reset.date).toBe(r.date);
          expect(reset.sessions).toBeLessThan(0);
          expect(reset.balance).toBe(0);
        } else {
          expect(before).toBeLessThanOrEqual(0);
        }
        expect(r.balance).toBeLessThanOrEqual(n);
      }
      if (r.type === 'cap') {
        expect(rollover).toBe('add');
        expect(rows[i - 1].type).toBe('allocate');
        expect(r.balance).toBe(cap);
      }
      if (r.type === 'allocate' && rollover === 'add' && cap !== null) {
        const next = rows[i + 1];
        const after = next && next.type === 'cap' && next.date === r.date ? next.balance : r.balance;
        expect(after).toBeLessThanOrEqual(cap);
      }
      if (r.key.endsWith(':expire:end')) {
        expect(r.date).toBe(expiry);
        expect(r.sessions).toBe(-before);
        expect(r.balance).toBe(0);
      }
    });
    if (rollover === 'add') expect(rows.filter((r) => r.type === 'reset')).toEqual([]);
    if (rollover === 'add' && cap === null) expect(rows.filter((r) => r.type === 'cap')).toEqual([]);
    if (rollover === 'reset') expect(rows.filter((r) => r.type === 'cap')).toEqual([]);
    if (expireAfterPeriods > 0) checkLapses(rows, expireAfterPeriods);
    else expect(rows.filter((r) => /:expire:\d+$/.test(r.key))).toEqual([]);
    const expires = rows.filter((r) => r.key.endsWith(':expire:end'));
    if (expiry !== null && expiry <= today) {
      // Nothing happens after the sessions lapse; the expire row exists exactly when sessions were left.
      expect(rows.filter((r) => r.date > expiry)).toEqual([]);
      const left = rows.filter((r) => r.date < expiry).reduce((s, r) => s + r.sessions, 0);
      expect(expires.map((r) => r.sessions)).toEqual(left > 0 ? [-left] : []);
    } else {
      expect(expires).toEqual([]);
    }
  }
}

/**
 * A sale that changed package: the schedule model above is of one frequency, so here the checks are the
 * ones that hold whatever the terms: one invoice and one allocation per billed period (the allocation of
 * the terms in force), a Change row at each change that was due, running balances as stored.
 */
function checkChangedSale(state: State, sale: Sale, today: IsoDate): void {
  const rows = ledgerRows(state, sale.id);
  expect(rows.map((r) => r.balance)).toEqual(replayed(rows));
  const periods = state.invoices.filter((i) => i.saleId === sale.id).map((i) => i.period);
  expect(periods).toEqual(periods.map((_, k) => k));
  const allocations = rows.filter((r) => r.type === 'allocate');
  expect(allocations.map((r) => r.key)).toEqual(periods.map((k) => `${sale.id}:allocate:${k}`));
  const terms = [
    ...(sale.earlier ?? []).map((e) => [e.untilPeriod, e.terms] as const),
    [Infinity, sale.terms] as const,
  ];
  for (const [k, r] of allocations.entries())
    expect(r.sessions).toBe(terms.find(([until]) => k < until)?.[1].sessionsPerPeriod);
  for (const e of sale.earlier ?? []) {
    const billed = periods.includes(e.untilPeriod);
    expect(rows.filter((r) => r.key === `${sale.id}:change:${e.untilPeriod}`)).toHaveLength(billed ? 1 : 0);
  }
  expect(rows.every((r) => r.date <= today)).toBe(true);
}

interface Expectation {
  ok: boolean;
  duplicate?: boolean;
  field?: string;
}

/** What a check-in should do, decided from the state before it (independently of sessions.ts). */
function expectedCheckIn(state: State, e: Extract<SimEvent, { kind: 'checkIn' }>): Expectation {
  const sale = state.sales.find((s) => s.id === e.saleId);
  if (!sale) return { ok: false, field: 'saleId' };
  const rows = state.adjustments.filter((a) => a.saleId === sale.id);
  const date = e.date ?? e.day;
  if (date < [sale.soldOn, sale.startDate].sort()[0]) return { ok: false, field: 'date' };
  // A request id's first call, found again: a retry, unless it names another date (refused).
  const first = e.requestId ? rows.find((r) => r.key === `${sale.id}:use:req.${e.requestId}`) : undefined;
  if (first) return e.date && e.date !== first.date ? { ok: false, field: 'requestId' } : { ok: true, duplicate: true };
  // (A sale that changed package: its end by the rules, the model above being of one frequency.)
  const expiry = sale.earlier?.length ? sessionsExpire(sale) : expectedExpiry(sale);
  if (expiry !== null && date >= expiry) return { ok: false, field: 'date' };
  // Late (dated before a nightly row): the balance of its own day counts.
  const late = rows.some((r) => r.type !== 'use' && r.type !== 'correct' && r.date > date);
  const balance = rows.filter((r) => !late || r.date <= date).reduce((s, r) => s + r.sessions, 0);
  return balance > 0 || e.overdraw ? { ok: true, duplicate: false } : { ok: false, field: 'overdraw' };
}

function runScenario(
  s: Scenario,
  runOn?: (day: IsoDate) => boolean,
  checks = false,
): SimResult & { expected: Expectation[] } {
  const expected: Expectation[] = [];
  const days = eventDays(s.events);
  const result = simulate({
    from: s.from,
    to: lastDay(s),
    events: s.events,
    runOn,
    checkRerun: checks,
    beforeEvent: checks
      ? (e, state) => {
          if (e.kind === 'checkIn') expected.push(expectedCheckIn(state, e));
        }
      : undefined,
    // Invariants after the run on each event day and every 10th day (every day is slow for little gain).
    onDaily: checks
      ? (day, _r, state) => {
          if (days.has(day) || (dayNumber(day) - dayNumber(s.from)) % 10 === 0) checkInvariants(state, day);
        }
      : undefined,
  });
  return { ...result, expected };
}

const views = (r: SimResult) => ({
  outcomes: r.outcomes,
  sales: r.state.sales,
  invoices: r.state.invoices,
  adjustments: r.state.adjustments,
});

// ---------------------------------------------------------------------------------------------------------

describe('Daily Processes properties', () => {
  test('every day = only on event days + the last day = on any superset of those; invariants hold throughout', () => {
    fc.assert(
      fc.property(scenarioArb({ checkIns: true, cancels: true }), (s) => {
        const every = runScenario(s, undefined, true);
        expect(every.problems).toEqual([]);
        // Check-ins did what the rules say (computed from the state before each).
        const checkInOutcomes = every.outcomes
          .filter((o) => o.kind === 'checkIn')
          .map((o) => ({
            ok: o.ok,
            ...(o.ok ? { duplicate: o.duplicate } : { field: o.errors?.[0].field }),
          }));
        expect(checkInOutcomes).toEqual(every.expected);
        checkInvariants(every.state, lastDay(s));

        const days = eventDays(s.events);
        days.add(lastDay(s));
        const sparse = runScenario(s, (d) => days.has(d));
        expect(views(sparse)).toEqual(views(every));

        const extra = new Set([...days, ...s.extraRunDays.map((n) => addDaysIso(s.from, n))]);
        const some = runScenario(s, (d) => extra.has(d));
        expect(views(some)).toEqual(views(every));

        // A second run on the last day adds nothing.
        const again = dailyProcesses(sparse.state, lastDay(s));
        expect([again.newInvoices, again.newAdjustments, again.balanceUpdates, again.problems]).toEqual([
          [],
          [],
          [],
          [],
        ]);
      }),
      { numRuns: 150 },
    );
  });

  test('late check-ins: recorded late = recorded on their day (the nightly rows as restated, the balances)', () => {
    fc.assert(
      fc.property(scenarioArb({ checkIns: true, cancels: true }), (s) => {
        // Every check-in allowed to overdraw, so that each is accepted (or refused) the same either way.
        const events = s.events.map((e) => (e.kind === 'checkIn' ? { ...e, overdraw: true, requestId: undefined } : e));
        const late = simulate({ from: s.from, to: lastDay(s), events, checkRerun: true });
        const onTime = simulate({
          from: s.from,
          to: lastDay(s),
          events: events.map((e) => (e.kind === 'checkIn' && e.date ? { ...e, day: e.date, date: undefined } : e)),
        });
        const oks = (r: SimResult) => r.outcomes.map((o) => `${o.kind}:${o.ok}`).sort();
        fc.pre(JSON.stringify(oks(late)) === JSON.stringify(oks(onTime)));
        for (const sale of late.state.sales) {
          const nightly = (st: State) =>
            Object.fromEntries(
              folded(ledgerRows(st, sale.id))
                .filter((r) => r.type !== 'use' && r.type !== 'correct')
                .map((r) => [r.key, r.sessions]),
            );
          expect(nightly(late.state)).toEqual(nightly(onTime.state));
          const used = (st: State) =>
            ledgerRows(st, sale.id)
              .filter((r) => r.type === 'use')
              .map((r) => r.date)
              .sort();
          expect(used(late.state)).toEqual(used(onTime.state));
        }
      }),
      { numRuns: 150 },
    );
  });

  test('sales only: every day = one catch-up run at the end, after the sales', () => {
    fc.assert(
      fc.property(scenarioArb({ checkIns: false, cancels: false }), (s) => {
        const every = runScenario(s);
        const once = runScenario(s, (d) => d === lastDay(s));
        expect(once.problems).toEqual([]);
        expect(once.outcomes).toEqual(every.outcomes);
        expect(allLedgers(once.state)).toEqual(allLedgers(every.state));
        const byKey = (st: State) =>
          [...st.invoices].sort((a, b) => (a.key < b.key ? -1 : 1)).map(({ number: _n, ...rest }) => rest);
        expect(byKey(once.state)).toEqual(byKey(every.state));
        checkInvariants(once.state, lastDay(s));
        // Invoice numbers are assigned when an invoice is created, so they can only be the same when no sale
        // was made between the due dates of missed invoices; with a single sale they always are.
        if (s.events.length === 1) expect(invoiceTable(once.state)).toEqual(invoiceTable(every.state));
      }),
      { numRuns: 150 },
    );
  });

  test('open-ended: invoices by day D = number of period starts ≤ D (by arithmetic on day numbers / own clamping)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FREQUENCIES),
        fc.integer({ min: 0, max: 1500 }),
        fc.integer({ min: -60, max: 60 }),
        fc.integer({ min: 0, max: 200 }),
        (frequency, soldN, startOffset, daysLater) => {
          const soldOn = fromDayNumber(FIRST_DAY + soldN);
          const startDate = fromDayNumber(FIRST_DAY + soldN + startOffset);
          const today = fromDayNumber(FIRST_DAY + soldN + daysLater);
          const { state } = simulate({
            from: soldOn,
            to: soldOn,
            events: [
              {
                kind: 'sell',
                day: soldOn,
                id: 'S-1',
                pkg: pkg({ name: 'x', sessionsPerPeriod: 1, frequency, rollover: 'add', priceCents: 1 }),
                startDate,
              },
            ],
          });
          const caught = dailyProcesses(state, today);
          const count = state.invoices.length + caught.newInvoices.length;
          const days: Record<string, number> = { weekly: 7, fortnightly: 14, 'every 3 weeks': 21, 'every 4 weeks': 28 };
          let expected: number;
          const elapsed = dayNumber(today) - dayNumber(startDate);
          if (frequency in days) {
            expected = elapsed < 0 ? 1 : Math.floor(elapsed / days[frequency]) + 1;
          } else {
            const step = frequency === 'monthly' ? 1 : 3;
            let k = 1;
            while (addMonthsClamped(startDate, k * step) <= today) k++;
            expected = k; // periods 0..k-1 (period 0 is billed at the sale even when due later)
          }
          expect(count).toBe(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('periodStart = the start plus k intervals, month-end clamped, from the start date', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FREQUENCIES),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 120 }),
        (frequency, n, k) => {
          const start = fromDayNumber(FIRST_DAY + n);
          expect(periodStart(start, frequency, k)).toBe(expectedPeriodStart(start, frequency, k));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('generated packages are valid package terms', () => {
    fc.assert(
      fc.property(termsArb, (t) => {
        expect(validatePackageTerms(t)).toEqual({ ok: true, value: t });
      }),
      { numRuns: 100 },
    );
  });
});
