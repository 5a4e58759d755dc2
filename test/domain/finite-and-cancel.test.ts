/**
 * Finite packages (keep recurring W weeks > 0) and cancellations: how many periods are billed, and the
 * `expire` row of a Reset package on the day after its last period ends (none for Add).
 */
import {
  cancelMoved,
  cancelSale,
  checkIn,
  dailyProcesses,
  type IsoDate,
  type Rollover,
  type State,
} from '../../src/domain';
import { applyDaily, invoiceTable, ledgerTable, pkg, type SimEvent, simulate } from './harness';

function sellEvent(rollover: Rollover, terms: Parameters<typeof pkg>[0], start: IsoDate): SimEvent {
  return { kind: 'sell', day: start, id: 'S-1', pkg: pkg({ ...terms, rollover }), startDate: start };
}

describe('finite weekly package, W = 4', () => {
  const terms = { frequency: 'weekly' as const, sessionsPerPeriod: 3, recurWeeks: 4, priceCents: 4500 };
  const checkIns: SimEvent[] = ['2026-01-27', '2026-02-01', '2026-02-02'].map((day) => ({
    kind: 'checkIn',
    day,
    saleId: 'S-1',
  }));

  test.each(['2026-02-01', '2026-02-02', '2026-03-31', '2026-12-31'])(
    'exactly 4 invoices whatever today is (run every day to %s)',
    (to) => {
      const { state } = simulate({ from: '2026-01-05', to, events: [sellEvent('reset', terms, '2026-01-05')] });
      expect(invoiceTable(state)).toEqual([
        [1, 'S-1:0', '2026-01-05', 4500],
        [2, 'S-1:1', '2026-01-12', 4500],
        [3, 'S-1:2', '2026-01-19', 4500],
        [4, 'S-1:3', '2026-01-26', 4500],
      ]);
    },
  );

  test('the same 4 invoices from one catch-up run months later', () => {
    const { state } = simulate({
      from: '2026-01-05',
      to: '2026-09-01',
      runOn: (d) => d === '2026-09-01',
      events: [sellEvent('add', terms, '2026-01-05')],
    });
    expect(invoiceTable(state).map((r) => r[1])).toEqual(['S-1:0', 'S-1:1', 'S-1:2', 'S-1:3']);
  });

  test('Reset: the unused balance expires on the day after the last period (2026-02-02); check-ins then refused', () => {
    const { state, outcomes } = simulate({
      from: '2026-01-05',
      to: '2026-03-31',
      events: [sellEvent('reset', terms, '2026-01-05'), ...checkIns],
      checkRerun: true,
    });
    expect(ledgerTable(state, 'S-1')).toEqual([
      ['S-1:allocate:0', '2026-01-05', 'allocate', 3, 3],
      ['S-1:reset:1', '2026-01-12', 'reset', -3, 0],
      ['S-1:allocate:1', '2026-01-12', 'allocate', 3, 3],
      ['S-1:reset:2', '2026-01-19', 'reset', -3, 0],
      ['S-1:allocate:2', '2026-01-19', 'allocate', 3, 3],
      ['S-1:reset:3', '2026-01-26', 'reset', -3, 0],
      ['S-1:allocate:3', '2026-01-26', 'allocate', 3, 3],
      ['S-1:use:1', '2026-01-27', 'use', -1, 2],
      ['S-1:use:2', '2026-02-01', 'use', -1, 1],
      ['S-1:expire:end', '2026-02-02', 'expire', -1, 0],
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false]);
    expect(outcomes[3].errors?.[0].field).toBe('date');
    expect(outcomes[3].errors?.[0].message).toMatch(/expired on Mon 2 Feb 2026/);
  });

  test('Reset: the expire row is not written the day before the term ends', () => {
    const { state } = simulate({
      from: '2026-01-05',
      to: '2026-02-01',
      events: [sellEvent('reset', terms, '2026-01-05')],
    });
    expect(state.adjustments.some((a) => a.type === 'expire')).toBe(false);
    const next = dailyProcesses(state, '2026-02-02');
    expect(next.newInvoices).toEqual([]);
    expect(next.newAdjustments.map((a) => [a.key, a.date, a.type, a.sessions, a.balance])).toEqual([
      ['S-1:expire:end', '2026-02-02', 'expire', -3, 0],
    ]);
  });

  test('Reset with every session used: no zero expire row', () => {
    const uses: SimEvent[] = ['2026-01-26', '2026-01-27', '2026-01-28'].map((day) => ({
      kind: 'checkIn',
      day,
      saleId: 'S-1',
    }));
    const { state } = simulate({
      from: '2026-01-05',
      to: '2026-03-01',
      events: [sellEvent('reset', terms, '2026-01-05'), ...uses],
    });
    expect(state.adjustments.filter((a) => a.type === 'expire')).toEqual([]);
    expect(ledgerTable(state, 'S-1').at(-1)).toEqual(['S-1:use:3', '2026-01-28', 'use', -1, 0]);
  });

  test('Add: sessions accrue and never expire; check-ins after the term still work', () => {
    const { state, outcomes } = simulate({
      from: '2026-01-05',
      to: '2026-12-31',
      events: [sellEvent('add', terms, '2026-01-05'), ...checkIns],
    });
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, true]);
    expect(ledgerTable(state, 'S-1')).toEqual([
      ['S-1:allocate:0', '2026-01-05', 'allocate', 3, 3],
      ['S-1:allocate:1', '2026-01-12', 'allocate', 3, 6],
      ['S-1:allocate:2', '2026-01-19', 'allocate', 3, 9],
      ['S-1:allocate:3', '2026-01-26', 'allocate', 3, 12],
      ['S-1:use:1', '2026-01-27', 'use', -1, 11],
      ['S-1:use:2', '2026-02-01', 'use', -1, 10],
      ['S-1:use:3', '2026-02-02', 'use', -1, 9],
    ]);
  });
});

describe('finite fortnightly package, W = 5 (limit start + 35 days)', () => {
  const terms = { frequency: 'fortnightly' as const, recurWeeks: 5 };

  test('Reset: periods at weeks 0, 2, 4 (3 invoices); the week-6 period is not billed; expire on 2026-02-16', () => {
    const { state } = simulate({
      from: '2026-01-05',
      to: '2026-06-30',
      events: [sellEvent('reset', terms, '2026-01-05')],
    });
    expect(invoiceTable(state)).toEqual([
      [1, 'S-1:0', '2026-01-05', 30000],
      [2, 'S-1:1', '2026-01-19', 30000],
      [3, 'S-1:2', '2026-02-02', 30000],
    ]);
    expect(ledgerTable(state, 'S-1')).toEqual([
      ['S-1:allocate:0', '2026-01-05', 'allocate', 6, 6],
      ['S-1:reset:1', '2026-01-19', 'reset', -6, 0],
      ['S-1:allocate:1', '2026-01-19', 'allocate', 6, 6],
      ['S-1:reset:2', '2026-02-02', 'reset', -6, 0],
      ['S-1:allocate:2', '2026-02-02', 'allocate', 6, 6],
      ['S-1:expire:end', '2026-02-16', 'expire', -6, 0],
    ]);
  });

  test('Add: 3 allocations, balance 18, no expire row', () => {
    const { state } = simulate({
      from: '2026-01-05',
      to: '2026-06-30',
      events: [sellEvent('add', terms, '2026-01-05')],
    });
    expect(invoiceTable(state).map((r) => r[2])).toEqual(['2026-01-05', '2026-01-19', '2026-02-02']);
    expect(ledgerTable(state, 'S-1')).toEqual([
      ['S-1:allocate:0', '2026-01-05', 'allocate', 6, 6],
      ['S-1:allocate:1', '2026-01-19', 'allocate', 6, 12],
      ['S-1:allocate:2', '2026-02-02', 'allocate', 6, 18],
    ]);
  });

  test('Reset, one catch-up run long after the end: the same rows, each on its own date', () => {
    const { state } = simulate({
      from: '2026-01-05',
      to: '2026-05-01',
      runOn: (d) => d === '2026-05-01',
      events: [sellEvent('reset', terms, '2026-01-05')],
    });
    expect(ledgerTable(state, 'S-1').map((r) => [r[0], r[1]])).toEqual([
      ['S-1:allocate:0', '2026-01-05'],
      ['S-1:reset:1', '2026-01-19'],
      ['S-1:allocate:1', '2026-01-19'],
      ['S-1:reset:2', '2026-02-02'],
      ['S-1:allocate:2', '2026-02-02'],
      ['S-1:expire:end', '2026-02-16'],
    ]);
  });
});

test('monthly W = 8 from 2028-01-31: periods Jan 31 and Feb 29 only (Mar 31 is after start + 56 days)', () => {
  const { state } = simulate({
    from: '2028-01-31',
    to: '2028-06-30',
    events: [sellEvent('reset', { frequency: 'monthly', recurWeeks: 8, sessionsPerPeriod: 4 }, '2028-01-31')],
  });
  expect(invoiceTable(state).map((r) => r[2])).toEqual(['2028-01-31', '2028-02-29']);
  expect(state.adjustments.find((a) => a.type === 'expire')?.date).toBe('2028-03-31');
});

describe('cancelling a sale', () => {
  const terms = { frequency: 'weekly' as const, sessionsPerPeriod: 2, priceCents: 5000 };

  function soldAndRun(rollover: Rollover, to: IsoDate = '2026-01-20'): State {
    return simulate({ from: '2026-01-05', to, events: [sellEvent(rollover, terms, '2026-01-05')] }).state;
  }

  test.each([
    ['2026-01-19', /Invoice #3 is already due on Mon 19 Jan 2026/],
    ['2026-01-12', /Invoice #3 is already due/],
    ['2026-01-05', /after the start date Mon 5 Jan 2026/],
    ['2026-01-01', /after the start date Mon 5 Jan 2026/],
  ])('refused from %s (an invoice due on/after it, or not after the start)', (date, message) => {
    const state = soldAndRun('reset');
    const r = cancelSale(state, { saleId: 'S-1', date }, '2026-01-20');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0].field).toBe('date');
      expect(r.errors[0].message).toMatch(message);
    }
  });

  test('refused for an unknown sale, an impossible date, and a second cancellation', () => {
    const state = soldAndRun('reset');
    const unknown = cancelSale(state, { saleId: 'S-9', date: '2026-01-22' }, '2026-01-20');
    expect(unknown.ok ? [] : unknown.errors.map((e) => e.field)).toEqual(['saleId']);
    const impossible = cancelSale(state, { saleId: 'S-1', date: '2026-02-30' }, '2026-01-20');
    expect(impossible.ok ? [] : impossible.errors.map((e) => e.field)).toEqual(['date']);
    const first = cancelSale(state, { saleId: 'S-1', date: '2026-01-22' }, '2026-01-20');
    expect(first.ok).toBe(true);
    if (first.ok) state.sales[0] = first.value;
    const second = cancelSale(state, { saleId: 'S-1', date: '2026-01-29' }, '2026-01-20');
    expect(second.ok ? '' : second.errors[0].message).toMatch(/already cancelled from Thu 22 Jan 2026/);
    // The same cancellation again is a retry: it answers the sale as it is.
    const retry = cancelSale(state, { saleId: 'S-1', date: '2026-01-22' }, '2026-01-20');
    expect(retry).toEqual({ ok: true, value: state.sales[0] });
  });

  test('a voided invoice does not block cancelling before it', () => {
    const state = soldAndRun('reset');
    state.invoices[2].status = 'void';
    const r = cancelSale(state, { saleId: 'S-1', date: '2026-01-19' }, '2026-01-20');
    expect(r.ok && r.value.endDate).toBe('2026-01-19');
  });

  test('Reset cancelled from 2026-01-22: no invoice due on/after it; expire at the end of the last period', () => {
    const events: SimEvent[] = [
      sellEvent('reset', terms, '2026-01-05'),
      { kind: 'cancel', day: '2026-01-20', saleId: 'S-1', date: '2026-01-22' },
      { kind: 'checkIn', day: '2026-01-21', saleId: 'S-1' },
      { kind: 'checkIn', day: '2026-01-26', saleId: 'S-1' },
    ];
    const { state, outcomes } = simulate({ from: '2026-01-05', to: '2026-04-30', events, checkRerun: true });
    expect(outcomes.map((o) => [o.kind, o.ok])).toEqual([
      ['sell', true],
      ['cancel', true],
      ['checkIn', true],
      ['checkIn', false],
    ]);
    expect(outcomes[3].errors?.[0].message).toMatch(/expired on Mon 26 Jan 2026/);
    expect(state.sales[0].endDate).toBe('2026-01-22');
    expect(invoiceTable(state)).toEqual([
      [1, 'S-1:0', '2026-01-05', 5000],
      [2, 'S-1:1', '2026-01-12', 5000],
      [3, 'S-1:2', '2026-01-19', 5000],
    ]);
    expect(ledgerTable(state, 'S-1')).toEqual([
      ['S-1:allocate:0', '2026-01-05', 'allocate', 2, 2],
      ['S-1:reset:1', '2026-01-12', 'reset', -2, 0],
      ['S-1:allocate:1', '2026-01-12', 'allocate', 2, 2],
      ['S-1:reset:2', '2026-01-19', 'reset', -2, 0],
      ['S-1:allocate:2', '2026-01-19', 'allocate', 2, 2],
      ['S-1:use:1', '2026-01-21', 'use', -1, 1],
      ['S-1:expire:end', '2026-01-26', 'expire', -1, 0],
    ]);
    expect(state.adjustments.find((a) => a.type === 'expire')?.note).toMatch(/cancelled from Thu 22 Jan 2026/);
  });

  test('cancelled from a later date: periods starting before it are still billed, none on/after it', () => {
    const state = soldAndRun('add');
    const r = cancelSale(state, { saleId: 'S-1', date: '2026-02-09' }, '2026-01-20');
    expect(r.ok).toBe(true);
    if (r.ok) state.sales[0] = r.value;
    for (let n = 21; n <= 31; n++) applyDaily(state, dailyProcesses(state, `2026-01-${n}`));
    for (const d of ['2026-02-08', '2026-02-09', '2026-02-10', '2026-06-01'])
      applyDaily(state, dailyProcesses(state, d));
    expect(invoiceTable(state).map((r) => r[2])).toEqual([
      '2026-01-05',
      '2026-01-12',
      '2026-01-19',
      '2026-01-26',
      '2026-02-02',
    ]);
    // Add: no expire row, the balance stays.
    expect(state.adjustments.map((a) => a.type)).toEqual(['allocate', 'allocate', 'allocate', 'allocate', 'allocate']);
    expect(ledgerTable(state, 'S-1').at(-1)).toEqual(['S-1:allocate:4', '2026-02-02', 'allocate', 2, 10]);
  });
});

describe('a minimum commitment and a notice period (issue 15)', () => {
  // Weekly from Mon 5 Jan 2026, $50 a week; asked on Tue 20 Jan (invoices 1–3 made: 5, 12, 19 Jan).
  const committed = (minPeriods: number, noticeDays: number) =>
    simulate({
      from: '2026-01-05',
      to: '2026-01-20',
      events: [
        sellEvent(
          'add',
          { frequency: 'weekly', sessionsPerPeriod: 2, priceCents: 5000, minPeriods, noticeDays },
          '2026-01-05',
        ),
      ],
    }).state;
  const cancel = (state: State, date: string) => cancelSale(state, { saleId: 'S-1', date }, '2026-01-20');
  const endOf = (r: ReturnType<typeof cancel>) => (r.ok ? r.value.endDate : r.errors[0].message);

  test('6 paid weeks: a cancel from 22 Jan ends the sale on 16 Feb, when the 7th week would start; later asks are kept', () => {
    const state = committed(6, 0);
    // Periods 1–6 fall due 5 Jan … 9 Feb; the 7th would fall due 16 Feb: the earliest end.
    expect(endOf(cancel(state, '2026-01-22'))).toBe('2026-02-16');
    expect(cancelMoved(state.sales[0], '2026-01-22', '2026-01-20')).toBe(
      'Ends Mon 16 Feb 2026, not Thu 22 Jan 2026: the package requires 6 paid weeks.',
    );
    expect(endOf(cancel(state, '2026-03-01'))).toBe('2026-03-01');
    expect(cancelMoved(state.sales[0], '2026-03-01', '2026-01-20')).toBeNull();
  });

  test('30 days notice: asked on 20 Jan, it ends 19 Feb at the earliest; with both rules, the later one wins', () => {
    expect(endOf(cancel(committed(0, 30), '2026-01-22'))).toBe('2026-02-19');
    const both = committed(3, 30);
    expect(endOf(cancel(both, '2026-01-22'))).toBe('2026-02-19');
    expect(cancelMoved(both.sales[0], '2026-01-22', '2026-01-20')).toBe(
      "Ends Thu 19 Feb 2026, not Thu 22 Jan 2026: it needs 30 days' notice.",
    );
  });

  test('the moved end is billed like any cancel: Daily Processes bills up to it and no further; a retry changes nothing', () => {
    const state = committed(6, 0);
    const r = cancel(state, '2026-01-22');
    if (!r.ok) throw new Error(r.errors[0].message);
    state.sales[0] = r.value;
    // Retried with the date first asked for, or the moved one: the same sale.
    expect(endOf(cancel(state, '2026-01-22'))).toBe('2026-02-16');
    expect(endOf(cancel(state, '2026-02-16'))).toBe('2026-02-16');
    const run = dailyProcesses(state, '2026-03-02');
    const invoices = [...state.invoices, ...run.newInvoices].filter((i) => i.saleId === 'S-1');
    expect(invoices.map((i) => i.dueDate)).toEqual([
      '2026-01-05',
      '2026-01-12',
      '2026-01-19',
      '2026-01-26',
      '2026-02-02',
      '2026-02-09',
    ]);
  });
});

describe('a finite Add package ends (issue 15): unused sessions stay usable N days, then lapse as a row', () => {
  // Weekly Add, 2 sessions a week, 4 weeks from Mon 5 Jan 2026: periods 5, 12, 19, 26 Jan; the term ends
  // Mon 2 Feb. One check-in (6 Jan): 7 sessions left at the end.
  const run = (usableDays: number | null, to: IsoDate) =>
    simulate({
      from: '2026-01-05',
      to,
      events: [
        sellEvent('add', { frequency: 'weekly', sessionsPerPeriod: 2, recurWeeks: 4, usableDays }, '2026-01-05'),
        { kind: 'checkIn', day: '2026-01-06', saleId: 'S-1' },
      ],
    }).state;
  const expiries = (state: State) =>
    state.adjustments.filter((a) => a.type === 'expire').map((a) => [a.key, a.date, a.sessions, a.balance, a.note]);

  test('14 days: the 7 left lapse on Mon 16 Feb (not before); a check-in up to then is taken, on the day refused', () => {
    expect(expiries(run(14, '2026-02-15'))).toEqual([]);
    expect(expiries(run(14, '2026-02-16'))).toEqual([
      ['S-1:expire:end', '2026-02-16', -7, 0, 'Unused sessions expired: package ended (usable 14 days after)'],
    ]);
    const before = run(14, '2026-02-15');
    const late = checkIn(before, { saleId: 'S-1' }, '2026-02-15');
    expect(late.ok && late.value.balance).toBe(6);
    const after = run(14, '2026-02-16');
    const refused = checkIn(after, { saleId: 'S-1' }, '2026-02-16');
    expect(refused.ok ? '' : refused.errors[0].message).toBe('The sessions of sale S-1 expired on Mon 16 Feb 2026.');
  });

  test('0 days: they lapse with the last period (2 Feb); none set: they never lapse (the old behaviour)', () => {
    expect(expiries(run(0, '2026-03-02')).map((r) => r.slice(0, 3))).toEqual([['S-1:expire:end', '2026-02-02', -7]]);
    expect(expiries(run(null, '2026-06-01'))).toEqual([]);
  });
});
