/**
 * Catch-up after missed days: a run after 5 missed weekly periods creates each period on its own due date,
 * numbers the invoices in due order, and ends exactly where running every day would have.
 */
import { dailyProcesses } from '../../src/domain';
import { allLedgers, applyDaily, invoiceTable, ledgerTable, pkg, type SimEvent, simulate } from './harness';

const WEEKLY = pkg({ name: 'Weekly 3', frequency: 'weekly', sessionsPerPeriod: 3, priceCents: 9000 });

describe('one sale, runs on day 0 and day 35 only', () => {
  const events: SimEvent[] = [{ kind: 'sell', day: '2026-01-05', id: 'S-1', pkg: WEEKLY, startDate: '2026-01-05' }];

  test('the day-35 run creates the 5 missed periods, each on its own due date, in due order', () => {
    const { state } = simulate({ from: '2026-01-05', to: '2026-01-05', events });
    const result = dailyProcesses(state, '2026-02-09');
    expect(result.problems).toEqual([]);
    expect(result.newInvoices.map((i) => [i.number, i.key, i.dueDate, i.amountCents])).toEqual([
      [2, 'S-1:1', '2026-01-12', 9000],
      [3, 'S-1:2', '2026-01-19', 9000],
      [4, 'S-1:3', '2026-01-26', 9000],
      [5, 'S-1:4', '2026-02-02', 9000],
      [6, 'S-1:5', '2026-02-09', 9000],
    ]);
    expect(result.newAdjustments.map((a) => [a.key, a.date, a.type, a.sessions, a.balance])).toEqual([
      ['S-1:reset:1', '2026-01-12', 'reset', -3, 0],
      ['S-1:allocate:1', '2026-01-12', 'allocate', 3, 3],
      ['S-1:reset:2', '2026-01-19', 'reset', -3, 0],
      ['S-1:allocate:2', '2026-01-19', 'allocate', 3, 3],
      ['S-1:reset:3', '2026-01-26', 'reset', -3, 0],
      ['S-1:allocate:3', '2026-01-26', 'allocate', 3, 3],
      ['S-1:reset:4', '2026-02-02', 'reset', -3, 0],
      ['S-1:allocate:4', '2026-02-02', 'allocate', 3, 3],
      ['S-1:reset:5', '2026-02-09', 'reset', -3, 0],
      ['S-1:allocate:5', '2026-02-09', 'allocate', 3, 3],
    ]);
    expect(result.balanceUpdates).toEqual([]);
    applyDaily(state, result);
    const again = dailyProcesses(state, '2026-02-09');
    expect([again.newInvoices, again.newAdjustments, again.balanceUpdates]).toEqual([[], [], []]);
  });

  test.each(['reset', 'add'] as const)('%s: equal to running every day', (rollover) => {
    const ev: SimEvent[] = [{ ...events[0], pkg: { ...WEEKLY, rollover } } as SimEvent];
    const every = simulate({ from: '2026-01-05', to: '2026-02-09', events: ev }).state;
    const twice = simulate({
      from: '2026-01-05',
      to: '2026-02-09',
      events: ev,
      runOn: (d) => d === '2026-02-09',
    }).state;
    expect(invoiceTable(twice)).toEqual(invoiceTable(every));
    expect(invoiceTable(every)).toHaveLength(6);
    expect(allLedgers(twice)).toEqual(allLedgers(every));
    expect(twice.adjustments).toEqual(every.adjustments);
  });
});

test('two sales: catch-up numbers the missed invoices of both in due order, as running every day does', () => {
  const events: SimEvent[] = [
    { kind: 'sell', day: '2026-01-05', id: 'S-1', pkg: WEEKLY, startDate: '2026-01-05' },
    // sold the same day, first invoice due later (Jan 8), then fortnightly
    {
      kind: 'sell',
      day: '2026-01-05',
      id: 'S-2',
      pkg: pkg({ frequency: 'fortnightly', rollover: 'add' }, 'P-2'),
      startDate: '2026-01-08',
    },
  ];
  const expected = [
    [1, 'S-1:0', '2026-01-05', 9000],
    [2, 'S-2:0', '2026-01-08', 30000],
    [3, 'S-1:1', '2026-01-12', 9000],
    [4, 'S-1:2', '2026-01-19', 9000],
    [5, 'S-2:1', '2026-01-22', 30000],
    [6, 'S-1:3', '2026-01-26', 9000],
    [7, 'S-1:4', '2026-02-02', 9000],
    [8, 'S-2:2', '2026-02-05', 30000],
    [9, 'S-1:5', '2026-02-09', 9000],
  ];
  const every = simulate({ from: '2026-01-05', to: '2026-02-09', events }).state;
  const twice = simulate({ from: '2026-01-05', to: '2026-02-09', events, runOn: (d) => d === '2026-02-09' }).state;
  expect(invoiceTable(every)).toEqual(expected);
  expect(invoiceTable(twice)).toEqual(expected);
  expect(allLedgers(twice)).toEqual(allLedgers(every));
  // S-2's allocation 0 is given at the sale (Jan 5), before its first due date.
  expect(ledgerTable(every, 'S-2')).toEqual([
    ['S-2:allocate:0', '2026-01-05', 'allocate', 6, 6],
    ['S-2:allocate:1', '2026-01-22', 'allocate', 6, 12],
    ['S-2:allocate:2', '2026-02-05', 'allocate', 6, 18],
  ]);
});

test('check-ins made while Daily Processes was not run: catch-up inserts the missed rows before them and fixes their balances', () => {
  const events: SimEvent[] = [
    { kind: 'sell', day: '2026-01-05', id: 'S-1', pkg: WEEKLY, startDate: '2026-01-05' },
    { kind: 'checkIn', day: '2026-01-06', saleId: 'S-1' },
    { kind: 'checkIn', day: '2026-01-13', saleId: 'S-1' },
  ];
  const { state } = simulate({ from: '2026-01-05', to: '2026-02-08', events, runOn: () => false });
  // Without the run the Jan 13 check-in saw a balance of 2 and stored 1.
  expect(state.adjustments.map((a) => [a.key, a.balance])).toEqual([
    ['S-1:allocate:0', 3],
    ['S-1:use:1', 2],
    ['S-1:use:2', 1],
  ]);
  const result = dailyProcesses(state, '2026-02-09');
  expect(result.balanceUpdates).toEqual([{ key: 'S-1:use:2', balance: 2 }]);
  applyDaily(state, result);
  const expected = [
    ['S-1:allocate:0', '2026-01-05', 'allocate', 3, 3],
    ['S-1:use:1', '2026-01-06', 'use', -1, 2],
    ['S-1:reset:1', '2026-01-12', 'reset', -2, 0],
    ['S-1:allocate:1', '2026-01-12', 'allocate', 3, 3],
    ['S-1:use:2', '2026-01-13', 'use', -1, 2],
    ['S-1:reset:2', '2026-01-19', 'reset', -2, 0],
    ['S-1:allocate:2', '2026-01-19', 'allocate', 3, 3],
    ['S-1:reset:3', '2026-01-26', 'reset', -3, 0],
    ['S-1:allocate:3', '2026-01-26', 'allocate', 3, 3],
    ['S-1:reset:4', '2026-02-02', 'reset', -3, 0],
    ['S-1:allocate:4', '2026-02-02', 'allocate', 3, 3],
    ['S-1:reset:5', '2026-02-09', 'reset', -3, 0],
    ['S-1:allocate:5', '2026-02-09', 'allocate', 3, 3],
  ];
  expect(ledgerTable(state, 'S-1')).toEqual(expected);
  // …which is what running every day gives.
  const every = simulate({ from: '2026-01-05', to: '2026-02-09', events }).state;
  expect(ledgerTable(every, 'S-1')).toEqual(expected);
  expect(invoiceTable(state)).toEqual(invoiceTable(every));
});

test('a backdated sale catches up at the sale itself: each past period on its own date', () => {
  const { state } = simulate({
    from: '2026-02-09',
    to: '2026-02-09',
    events: [{ kind: 'sell', day: '2026-02-09', id: 'S-1', pkg: WEEKLY, startDate: '2026-01-19' }],
  });
  expect(invoiceTable(state)).toEqual([
    [1, 'S-1:0', '2026-01-19', 9000],
    [2, 'S-1:1', '2026-01-26', 9000],
    [3, 'S-1:2', '2026-02-02', 9000],
    [4, 'S-1:3', '2026-02-09', 9000],
  ]);
  // allocation 0 is dated at the start date when the sale is backdated
  expect(ledgerTable(state, 'S-1').map((r) => [r[0], r[1]])).toEqual([
    ['S-1:allocate:0', '2026-01-19'],
    ['S-1:reset:1', '2026-01-26'],
    ['S-1:allocate:1', '2026-01-26'],
    ['S-1:reset:2', '2026-02-02'],
    ['S-1:allocate:2', '2026-02-02'],
    ['S-1:reset:3', '2026-02-09'],
    ['S-1:allocate:3', '2026-02-09'],
  ]);
});
