/**
 * Month-end clamping: monthly and quarterly periods are computed from the start date (start + k months,
 * clamped to the month's end), never by adding one month to the previous due date, so they never drift
 * to the 28th/29th.
 */
import fc from 'fast-check';
import {
  dueOf,
  FREQUENCIES,
  FREQUENCY_CHOICES,
  firstPeriodFrom,
  type IsoDate,
  inWholeWeeks,
  isIsoDate,
  periodStart,
  periodWeeks,
  type Term,
} from '../../src/domain';
import { addDaysIso, addMonthsClamped, dayNumber, fromDayNumber, invoiceTable, pkg, simulate } from './harness';

function dueDatesBilled(frequency: 'monthly' | 'quarterly', start: IsoDate, to: IsoDate): IsoDate[] {
  const { state, problems } = simulate({
    from: start,
    to,
    events: [{ kind: 'sell', day: start, id: 'S-1', pkg: pkg({ frequency, rollover: 'add' }), startDate: start }],
  });
  expect(problems).toEqual([]);
  return invoiceTable(state).map((r) => r[2]);
}

describe('monthly from the 31st', () => {
  test('leap year 2028: Jan 31 → Feb 29 → Mar 31 → Apr 30 …, back to the 31st after short months', () => {
    expect(dueDatesBilled('monthly', '2028-01-31', '2029-03-31')).toEqual([
      '2028-01-31',
      '2028-02-29',
      '2028-03-31',
      '2028-04-30',
      '2028-05-31',
      '2028-06-30',
      '2028-07-31',
      '2028-08-31',
      '2028-09-30',
      '2028-10-31',
      '2028-11-30',
      '2028-12-31',
      '2029-01-31',
      '2029-02-28',
      '2029-03-31',
    ]);
  });

  test('non-leap year 2026: Jan 31 → Feb 28 → Mar 31 (not Mar 28)', () => {
    expect(dueDatesBilled('monthly', '2026-01-31', '2026-06-30')).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
    ]);
  });

  test('a run on Mar 30 does not bill March yet (due the 31st)', () => {
    expect(dueDatesBilled('monthly', '2026-01-31', '2026-03-30')).toEqual(['2026-01-31', '2026-02-28']);
  });

  test('periodStart directly, far out', () => {
    expect(periodStart('2028-01-31', 'monthly', 1)).toBe('2028-02-29');
    expect(periodStart('2028-01-31', 'monthly', 2)).toBe('2028-03-31');
    expect(periodStart('2028-01-31', 'monthly', 13)).toBe('2029-02-28');
    expect(periodStart('2028-01-31', 'monthly', 48)).toBe('2032-01-31');
    expect(periodStart('2028-01-31', 'monthly', 49)).toBe('2032-02-29');
    expect(periodStart('2029-01-30', 'monthly', 1)).toBe('2029-02-28');
    expect(periodStart('2029-01-30', 'monthly', 2)).toBe('2029-03-30');
    expect(periodStart('2028-01-29', 'monthly', 1)).toBe('2028-02-29');
    expect(periodStart('2029-01-29', 'monthly', 1)).toBe('2029-02-28');
    expect(periodStart('2029-01-29', 'monthly', 2)).toBe('2029-03-29');
  });
});

describe('quarterly from Nov 30', () => {
  test('2027-11-30 → 2028-02-29 (leap) → May 30 → Aug 30 → Nov 30 → 2029-02-28 → May 30', () => {
    expect(dueDatesBilled('quarterly', '2027-11-30', '2029-06-01')).toEqual([
      '2027-11-30',
      '2028-02-29',
      '2028-05-30',
      '2028-08-30',
      '2028-11-30',
      '2029-02-28',
      '2029-05-30',
    ]);
  });

  test('2026-11-30 → 2027-02-28 → 2027-05-30', () => {
    expect(dueDatesBilled('quarterly', '2026-11-30', '2027-05-30')).toEqual(['2026-11-30', '2027-02-28', '2027-05-30']);
  });
});

describe('day-based frequencies', () => {
  test.each([
    ['weekly', '2026-03-02', 3, '2026-03-23'],
    ['fortnightly', '2026-03-02', 3, '2026-04-13'],
    ['every 3 weeks', '2026-03-02', 3, '2026-05-04'],
    ['every 4 weeks', '2026-03-02', 3, '2026-05-25'],
    ['weekly', '2028-02-22', 1, '2028-02-29'],
    ['weekly', '2026-12-28', 1, '2027-01-04'],
    // across daylight-saving changes (northern and southern hemispheres)
    ['fortnightly', '2026-03-20', 2, '2026-04-17'],
    ['fortnightly', '2026-10-20', 2, '2026-11-17'],
  ] as const)('%s from %s, period %i starts %s', (frequency, start, k, expected) => {
    expect(periodStart(start, frequency, k)).toBe(expected);
  });
});

describe('isIsoDate', () => {
  test.each(['2026-01-05', '2028-02-29', '2000-02-29', '2026-12-31'])('accepts %s', (d) => {
    expect(isIsoDate(d)).toBe(true);
  });
  test.each([
    '2026-02-30',
    '2026-02-29',
    '2100-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-5',
    '05/01/2026',
    '2026-01-05T00:00:00Z',
    '',
  ])('refuses %s', (d) => {
    expect(isIsoDate(d)).toBe(false);
  });
  test('refuses non-strings', () => {
    expect(isIsoDate(new Date(2026, 0, 5))).toBe(false);
    expect(isIsoDate(20260105)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });
});

describe('firstPeriodFrom (the nightly run starts from it instead of period 0)', () => {
  test('equals walking from period 0, for every frequency, month ends and pauses', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FREQUENCIES),
        fc.integer({ min: 0, max: 3000 }),
        fc.boolean(),
        fc.array(fc.record({ at: fc.integer({ min: 1, max: 900 }), weeks: fc.integer({ min: 1, max: 52 }) }), {
          maxLength: 3,
        }),
        fc.integer({ min: -30, max: 1500 }),
        (frequency, startN, monthEnd, pauseSpecs, offset) => {
          let startDate = fromDayNumber(dayNumber('2024-01-01') + startN);
          if (monthEnd) startDate = addDaysIso(addMonthsClamped(`${startDate.slice(0, 8)}01`, 1), -1);
          const pauses = pauseSpecs
            .map((p) => ({ from: addDaysIso(startDate, p.at), weeks: p.weeks }))
            .sort((a, b) => (a.from < b.from ? -1 : 1));
          const term: Term = { startDate, frequency, recurWeeks: 0, pauses };
          const date = addDaysIso(startDate, offset);
          let k = 0;
          while (dueOf(term, k) < date) k++;
          expect(firstPeriodFrom(term, date)).toBe(k);
        },
      ),
      { numRuns: 500 },
    );
  });
});

test('how long a period is, from the one table of intervals: whole weeks for those counted in days', () => {
  expect(FREQUENCY_CHOICES.map((c) => [c.value, inWholeWeeks(c.value), periodWeeks(c.value)])).toEqual([
    ['weekly', true, 1],
    ['fortnightly', true, 2],
    ['every 3 weeks', true, 3],
    ['every 4 weeks', true, 4],
    ['monthly', false, 52 / 12],
    ['quarterly', false, 13],
  ]);
});
