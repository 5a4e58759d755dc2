/** Validation of what an owner types: every problem, each with its field name; impossible dates; cents. */
import { MAX_CENTS, parseMoney, sell, validatePackageTerms } from '../../src/domain';
import { CLIENT, pkg } from './harness';

const GOOD = {
  name: 'Fortnightly 6',
  sessionsPerPeriod: 6,
  frequency: 'fortnightly',
  rollover: 'reset',
  recurWeeks: 0,
  priceCents: 30000,
};

function fields(input: unknown): string[] {
  const r = validatePackageTerms(input);
  return r.ok ? [] : r.errors.map((e) => e.field);
}

describe('validatePackageTerms', () => {
  test('good input is accepted and trimmed; a missing cap is null, a missing commitment none', () => {
    const r = validatePackageTerms({ ...GOOD, name: '  Fortnightly 6  ' });
    expect(r).toEqual({
      ok: true,
      value: {
        ...GOOD,
        name: 'Fortnightly 6',
        rolloverCap: null,
        minPeriods: 0,
        noticeDays: 0,
        usableDays: null,
        expireAfterPeriods: 0,
        introPeriods: 0,
        introPriceCents: null,
      },
    });
    const committed = validatePackageTerms({ ...GOOD, minPeriods: 6, noticeDays: '' });
    expect(committed.ok && [committed.value.minPeriods, committed.value.noticeDays]).toEqual([6, 0]);
    const bad = validatePackageTerms({ ...GOOD, minPeriods: -1, noticeDays: 366 });
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual(['minPeriods', 'noticeDays']);
    // Days usable after the end: Add only; 0 is a value (they lapse with the last period).
    const lapsing = validatePackageTerms({ ...GOOD, rollover: 'add', usableDays: 0 });
    expect(lapsing.ok && lapsing.value.usableDays).toBe(0);
    const reset = validatePackageTerms({ ...GOOD, rollover: 'reset', usableDays: 30 });
    expect(reset.ok ? [] : reset.errors.map((e) => e.field)).toEqual(['usableDays']);
    const add = validatePackageTerms({ ...GOOD, rollover: 'add', rolloverCap: '' });
    expect(add.ok && add.value.rolloverCap).toBeNull();
    const capped = validatePackageTerms({ ...GOOD, rollover: 'add', rolloverCap: 12 });
    expect(capped.ok && capped.value.rolloverCap).toBe(12);
  });

  test('all bad at once: every problem is returned, each with its field name', () => {
    const r = validatePackageTerms({
      name: '   ',
      sessionsPerPeriod: 0,
      frequency: 'daily',
      rollover: 'keep',
      recurWeeks: -1,
      priceCents: 1.5,
      rolloverCap: 0,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toEqual([
      'name',
      'sessionsPerPeriod',
      'frequency',
      'rollover',
      'recurWeeks',
      'priceCents',
      'rolloverCap',
    ]);
    const byField = Object.fromEntries(r.errors.map((e) => [e.field, e.message]));
    expect(byField.name).toMatch(/Package name is required/);
    expect(byField.sessionsPerPeriod).toMatch(/whole number from 1 to 1000/);
    expect(byField.frequency).toMatch(/weekly, fortnightly, every 3 weeks, every 4 weeks, monthly, quarterly/);
    expect(byField.rollover).toMatch(/Reset or Add/);
    expect(byField.recurWeeks).toMatch(/whole number from 0 to 520/);
    expect(byField.priceCents).toMatch(
      /^Amount per billing period must be an amount from \$0\.00 to \$1,000,000\.00\.$/,
    );
    expect(byField.rolloverCap).toMatch(/Rollover cap/);
    for (const e of r.errors) expect(e.message.length).toBeGreaterThan(10);
  });

  test('nothing at all: every required field is reported', () => {
    expect(fields({})).toEqual(['name', 'sessionsPerPeriod', 'frequency', 'rollover', 'recurWeeks', 'priceCents']);
    expect(fields(null)).toEqual(fields({}));
    expect(fields('a string')).toEqual(fields({}));
  });

  test.each([
    [{ name: 'x'.repeat(101) }, 'name'],
    [{ sessionsPerPeriod: 1.5 }, 'sessionsPerPeriod'],
    [{ sessionsPerPeriod: 1001 }, 'sessionsPerPeriod'],
    [{ sessionsPerPeriod: '6' }, 'sessionsPerPeriod'],
    [{ frequency: 'Weekly' }, 'frequency'],
    [{ rollover: 'Reset' }, 'rollover'],
    [{ recurWeeks: 521 }, 'recurWeeks'],
    [{ recurWeeks: 2.5 }, 'recurWeeks'],
    [{ priceCents: 30000.5 }, 'priceCents'],
    [{ priceCents: 0.1 + 0.2 }, 'priceCents'],
    [{ priceCents: '30000' }, 'priceCents'],
    [{ priceCents: -1 }, 'priceCents'],
    [{ priceCents: MAX_CENTS + 1 }, 'priceCents'],
    [{ priceCents: Number.NaN }, 'priceCents'],
    [{ rolloverCap: 10 }, 'rolloverCap'], // a cap on a Reset package
    [{ rollover: 'add', rolloverCap: 5 }, 'rolloverCap'], // below the sessions per period
    [{ rollover: 'add', rolloverCap: 7.5 }, 'rolloverCap'],
  ])('%j is refused on exactly %s', (change, field) => {
    expect(fields({ ...GOOD, ...change })).toEqual([field]);
  });

  test('fractional cents are refused; whole cents (including 0 and the maximum) accepted', () => {
    expect(fields({ ...GOOD, priceCents: 0 })).toEqual([]);
    expect(fields({ ...GOOD, priceCents: MAX_CENTS })).toEqual([]);
    expect(fields({ ...GOOD, priceCents: 29999.999 })).toEqual(['priceCents']);
  });

  test('the cap messages explain the rule', () => {
    const reset = validatePackageTerms({ ...GOOD, rolloverCap: 10 });
    expect(reset.ok ? '' : reset.errors[0].message).toMatch(/only to Add/);
    const low = validatePackageTerms({ ...GOOD, rollover: 'add', rolloverCap: 5 });
    expect(low.ok ? '' : low.errors[0].message).toMatch(/at least the sessions per period/);
  });

  test('parseMoney: at most two decimals', () => {
    expect(parseMoney('300')).toBe(30000);
    expect(parseMoney('$1,250.5')).toBe(125050);
    expect(parseMoney('300.005')).toBeNull();
    expect(parseMoney('3OO')).toBeNull();
  });
});

describe('sell: the Package Start Date', () => {
  const args = (startDate: unknown) => ({ id: 'S-1', client: CLIENT, pkg: pkg(), startDate });

  test.each(['2026-02-30', '2026-02-29', '2026-2-3', '30/01/2026', '', null, 20260105])(
    'refuses %p on the startDate field, creating nothing',
    (startDate) => {
      const r = sell({ invoices: [] }, args(startDate), '2026-01-05');
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.errors.map((e) => e.field)).toEqual(['startDate']);
        expect(r.errors[0].message).toMatch(/real date written YYYY-MM-DD/);
      }
    },
  );

  test('refuses a start date more than 366 days away, either side', () => {
    expect(sell({ invoices: [] }, args('2027-01-07'), '2026-01-05').ok).toBe(false);
    expect(sell({ invoices: [] }, args('2025-01-03'), '2026-01-05').ok).toBe(false);
    expect(sell({ invoices: [] }, args('2027-01-06'), '2026-01-05').ok).toBe(true);
  });

  test('copies the package terms onto the sale (not the package id) and numbers after existing invoices', () => {
    const existing = [{ number: 41 }, { number: 7 }] as never[];
    const r = sell({ invoices: existing }, args('2026-01-05'), '2026-01-05');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { id, ...terms } = pkg();
    expect(id).toBe('P-1');
    expect(r.value.sale).toEqual({
      id: 'S-1',
      clientId: 'C-1',
      clientName: 'Ann Example',
      packageId: 'P-1',
      terms,
      soldOn: '2026-01-05',
      startDate: '2026-01-05',
      endDate: null,
    });
    expect(r.value.invoices.map((i) => [i.number, i.key, i.dueDate, i.amountCents])).toEqual([
      [42, 'S-1:0', '2026-01-05', 30000],
    ]);
    expect(r.value.adjustments.map((a) => [a.key, a.date, a.type, a.sessions, a.balance])).toEqual([
      ['S-1:allocate:0', '2026-01-05', 'allocate', 6, 6],
    ]);
  });
});
