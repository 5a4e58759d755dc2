/** Random scenarios for the property tests: packages, sales, check-ins, cancellations and run days. */
import fc from 'fast-check';
import { FREQUENCIES, type IsoDate, type Package } from '../../src/domain';
import { addDaysIso, addMonthsClamped, dayNumber, fromDayNumber, type SimEvent } from './harness';

export const FIRST_DAY = dayNumber('2025-06-01');

// ---------------------------------------------------------------------------------------------------------
// Generators.

export const termsArb = fc
  .record({
    frequency: fc.constantFrom(...FREQUENCIES),
    rollover: fc.constantFrom('reset' as const, 'add' as const),
    sessionsPerPeriod: fc.integer({ min: 1, max: 4 }),
    recurWeeks: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 16 })),
    priceCents: fc.integer({ min: 0, max: 50_000 }),
    capExtra: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
    // A commitment: cancellations asked for earlier end at the first date it allows.
    minPeriods: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 })),
    noticeDays: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })),
    // Add only: days unused sessions stay usable after the end (null: forever).
    usable: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
    // Add only: a period's unused sessions lapse this many periods later (0: never).
    expire: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 })),
    // The first K periods at another price.
    introPeriods: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 })),
    introPrice: fc.integer({ min: 0, max: 20_000 }),
  })
  .map(({ capExtra, usable, expire, introPrice, ...t }) => ({
    name: `${t.frequency} ${t.sessionsPerPeriod}`,
    ...t,
    rolloverCap: t.rollover === 'add' && capExtra !== null ? t.sessionsPerPeriod + capExtra : null,
    usableDays: t.rollover === 'add' ? usable : null,
    expireAfterPeriods: t.rollover === 'add' ? expire : 0,
    introPriceCents: t.introPeriods > 0 ? introPrice : null,
  }));

export interface Scenario {
  from: IsoDate;
  horizon: number;
  events: SimEvent[];
  /** Extra days Daily Processes runs on (besides event days and the last day), as day offsets. */
  extraRunDays: number[];
}

export function scenarioArb(opts: { checkIns: boolean; cancels: boolean }): fc.Arbitrary<Scenario> {
  return fc
    .record({
      start: fc.integer({ min: 0, max: 1500 }),
      // Sometimes start at a month's end, to exercise clamping.
      monthEnd: fc.boolean(),
      horizon: fc.integer({ min: 10, max: 200 }),
      sales: fc.array(
        fc.record({
          terms: termsArb,
          day: fc.nat(),
          startOffset: fc.integer({ min: -40, max: 40 }),
          monthEndStart: fc.boolean(),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      checkIns: opts.checkIns
        ? fc.array(
            fc.record({
              day: fc.nat(),
              sale: fc.nat({ max: 2 }),
              overdraw: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
              requestId: fc.option(fc.constantFrom('r1', 'r2', 'r3'), { nil: undefined, freq: 4 }),
              // Recorded late: dated this many days before the day it is recorded (often after a reset).
              back: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 12 })),
            }),
            { maxLength: 40 },
          )
        : fc.constant([]),
      cancels: opts.cancels
        ? fc.array(fc.record({ day: fc.nat(), sale: fc.nat({ max: 2 }), offset: fc.integer({ min: -5, max: 60 }) }), {
            maxLength: 2,
          })
        : fc.constant([]),
      // Changes of package (with the cancellations: the scenarios that change what was sold).
      changes: opts.cancels
        ? fc.array(
            fc.record({
              day: fc.nat(),
              sale: fc.nat({ max: 2 }),
              terms: termsArb,
              next: fc.integer({ min: 0, max: 2 }),
              carry: fc.oneof(
                fc.constant('all' as const),
                fc.constant('none' as const),
                fc.integer({ min: 0, max: 6 }),
              ),
            }),
            { maxLength: 2 },
          )
        : fc.constant([]),
      extraRunDays: fc.array(fc.nat(), { maxLength: 40 }),
    })
    .map((r) => {
      let fromN = FIRST_DAY + r.start;
      if (r.monthEnd) {
        // the last day of that month
        const d = fromDayNumber(fromN);
        fromN = dayNumber(addMonthsClamped(`${d.slice(0, 8)}01`, 1)) - 1;
      }
      const from = fromDayNumber(fromN);
      const h = r.horizon;
      const events: SimEvent[] = [];
      const sales = r.sales.map((s, i) => ({ ...s, id: `S-${i + 1}`, day: s.day % h }));
      for (const [i, s] of sales.entries()) {
        const day = addDaysIso(from, s.day);
        let startDate = addDaysIso(day, s.startOffset);
        if (s.monthEndStart) startDate = addDaysIso(addMonthsClamped(`${startDate.slice(0, 8)}01`, 1), -1);
        const pkg: Package = { id: `P-${i + 1}`, ...s.terms };
        events.push({ kind: 'sell', day, id: s.id, pkg, startDate });
      }
      for (const c of r.checkIns) {
        // On or after the sale's day (a check-in for a sale not yet sold is merely refused).
        const sale = sales[c.sale % sales.length];
        const day = addDaysIso(from, sale.day + (c.day % (h - sale.day)));
        const e: SimEvent = { kind: 'checkIn', day, saleId: sale.id, overdraw: c.overdraw };
        if (c.requestId) e.requestId = c.requestId;
        if (c.back > 0) e.date = addDaysIso(day, -c.back);
        events.push(e);
      }
      for (const c of r.cancels) {
        const sale = sales[c.sale % sales.length];
        const day = addDaysIso(from, sale.day + (c.day % (h - sale.day)));
        events.push({ kind: 'cancel', day, saleId: sale.id, date: addDaysIso(day, c.offset) });
      }
      for (const [i, c] of r.changes.entries()) {
        const sale = sales[c.sale % sales.length];
        const day = addDaysIso(from, sale.day + (c.day % (h - sale.day)));
        const pkg: Package = { id: `P-${10 + i}`, ...c.terms };
        events.push({ kind: 'change', day, saleId: sale.id, pkg, fromDate: c.next, carry: c.carry });
      }
      return { from, horizon: h, events, extraRunDays: r.extraRunDays.map((d) => d % h) };
    });
}

export const lastDay = (s: Scenario) => addDaysIso(s.from, s.horizon - 1);
