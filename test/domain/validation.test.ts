/** Validation of what an owner types: every problem, each with its field name; impossible dates; cents. */
import {
  CORRECT_SESSIONS,
  correctSessions,
  type IsoDate,
  MAX_CENTS,
  parsedThen,
  parseMoney,
  sell,
  validateClient,
  validatePackageTerms,
} from '../../src/domain';
import { CLIENT, pkg, simulate } from './harness';

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
  // sell checks its date itself too (a parsed input's shape, and the days allowed from today): sent anything here.
  const args = (startDate: unknown) => ({ id: 'S-1', client: CLIENT, pkg: pkg(), startDate: startDate as IsoDate });

  test.each(['2026-02-30', '2026-02-29', '2026-2-3', '30/01/2026', '', null, 20260105])(
    'refuses %p on the startDate field, creating nothing',
    (startDate) => {
      const r = sell({ invoices: [] }, args(startDate), '2026-01-05');
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.errors.map((e) => e.field)).toEqual(['startDate']);
        expect(r.errors[0].message).toMatch(
          startDate === '' || startDate === null
            ? /^Package Start Date: that date does not exist, or none was given\. Pick a day in the calendar\.$/
            : /real date written YYYY-MM-DD/,
        );
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

describe('hidden characters (issue 28, finding 8): refused on the server, with the field named', () => {
  const HIDDEN: [string, string][] = [
    ['a right-to-left override', 'Ann\u202Eelpmaxe'],
    ['a left-to-right embedding', '\u202AAnn'],
    ['a right-to-left isolate', 'Ann \u2067Example\u2069'],
    ['a zero-width space', 'Ann\u200BExample'],
    ['a zero-width joiner', 'Ann\u200DExample'],
    ['a word joiner', 'Ann\u2060Example'],
    ['a byte-order mark', '\uFEFFAnn Example'],
    ['a line break', 'Ann\nExample'],
    ['a carriage return', 'Ann\rExample'],
    ['a line separator', 'Ann\u2028Example'],
    ['a tab', 'Ann\tExample'],
    ['a bell', 'Ann\u0007'],
    ['a C1 control', 'Ann\u0085Example'],
  ];

  test.each(HIDDEN)('a client name with %s is refused, naming the field and the character', (_what, name) => {
    const r = validateClient({ name });
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['name']);
    expect(r.ok ? '' : r.errors[0].message).toMatch(/^Client name (must be one line|holds .* \(U\+[0-9A-F]{4}\))/);
  });

  test('the messages name what was found', () => {
    const message = (name: string) => {
      const r = validateClient({ name });
      return r.ok ? '' : r.errors[0].message;
    };
    expect(message('Ann\u202Eelpmaxe')).toBe(
      "Client name holds a text-direction control (U+202E) that can't be seen or searched for: type it again without it.",
    );
    expect(message('Ann\u200BExample')).toBe(
      "Client name holds an invisible character (U+200B) that can't be seen or searched for: type it again without it.",
    );
    expect(message('Ann\nExample')).toBe('Client name must be one line: it holds a line break (U+000A).');
  });

  test('package names, emails and phones too; names in other scripts, accents and emoji are accepted', () => {
    expect(fields({ ...GOOD, name: 'Reformer\u200B 6' })).toEqual(['name']);
    const client = validateClient({ name: 'Ann', email: 'ann@exam\u200Bple.com', phone: '0400\u202E123' });
    expect(client.ok ? [] : client.errors.map((e) => e.field)).toEqual(['email', 'phone']);
    // An emoji's own zero-width joiner (woman in lotus position: 🧘 ZWJ ♀ VS16) is part of the emoji.
    for (const name of [
      'Chloé Müller',
      'אבי כהן',
      'محمد علي',
      '山田 太郎',
      'Zoë 🧘',
      '\u{1F9D8}\u200D\u2640\uFE0F Pilates',
    ]) {
      expect(validateClient({ name }).ok).toBe(true);
    }
  });

  test('a reason (a note) may hold line breaks, never a hidden character', () => {
    const state = simulate({
      from: '2026-01-05',
      to: '2026-01-06',
      events: [{ kind: 'sell', day: '2026-01-05', id: 'S-1', pkg: pkg(), startDate: '2026-01-05' }],
    }).state;
    const correct = (reason: string) =>
      parsedThen(CORRECT_SESSIONS, { saleId: 'S-1', sessions: 1, reason }, (input) =>
        correctSessions(state, input, '2026-01-06'),
      );
    const multi = correct('Make-up class\nagreed by phone');
    expect(multi.ok && multi.value.adjustment.note).toBe('Make-up class\nagreed by phone');
    for (const reason of ['Gift\u202E', 'Gift\r\nfrom Ann', 'Gift\u200B', 'Gift\u0000']) {
      const r = correct(reason);
      expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['reason']);
    }
  });
});
