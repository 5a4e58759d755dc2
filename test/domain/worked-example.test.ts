/**
 * The seed's worked example: billing recurs fortnightly, 3 sessions a week = 6 sessions per fortnight,
 * $300 per fortnight, keep recurring for 0 weeks (open-ended). Sold on its start date 2026-01-05 (a Monday)
 * and run every day for 10 weeks (2026-01-05 … 2026-03-15) with check-ins on fixed days.
 * Every expected value below was worked out by hand.
 */
import { dailyProcesses, type IsoDate, type Rollover } from '../../src/domain';
import { type InvoiceRow, invoiceTable, type LedgerRow, ledgerTable, pkg, type SimEvent, simulate } from './harness';

const CHECK_IN_DAYS: IsoDate[] = [
  // period 0 (Jan 5 – Jan 18): all 6 sessions used
  '2026-01-06',
  '2026-01-08',
  '2026-01-10',
  '2026-01-13',
  '2026-01-15',
  '2026-01-17',
  // period 1 (Jan 19 – Feb 1): 4 used (one on the due day itself), 2 left over
  '2026-01-19',
  '2026-01-22',
  '2026-01-27',
  '2026-01-29',
  // period 2 (Feb 2 – Feb 15): 6 used
  '2026-02-03',
  '2026-02-05',
  '2026-02-07',
  '2026-02-10',
  '2026-02-12',
  '2026-02-14',
  // period 3 (Feb 16 – Mar 1): none used
  // period 4 (Mar 2 – Mar 15): 3 used
  '2026-03-03',
  '2026-03-05',
  '2026-03-09',
];

function run(rollover: Rollover, to: IsoDate = '2026-03-15') {
  const events: SimEvent[] = [
    {
      kind: 'sell',
      day: '2026-01-05',
      id: 'S-1',
      pkg: pkg({ name: 'Fortnightly 6', rollover }),
      startDate: '2026-01-05',
    },
    ...CHECK_IN_DAYS.map((day): SimEvent => ({ kind: 'checkIn', day, saleId: 'S-1' })),
  ];
  return simulate({ from: '2026-01-05', to, events, checkRerun: true });
}

const INVOICES: InvoiceRow[] = [
  [1, 'S-1:0', '2026-01-05', 30000],
  [2, 'S-1:1', '2026-01-19', 30000],
  [3, 'S-1:2', '2026-02-02', 30000],
  [4, 'S-1:3', '2026-02-16', 30000],
  [5, 'S-1:4', '2026-03-02', 30000],
];

const RESET_LEDGER: LedgerRow[] = [
  ['S-1:allocate:0', '2026-01-05', 'allocate', 6, 6],
  ['S-1:use:1', '2026-01-06', 'use', -1, 5],
  ['S-1:use:2', '2026-01-08', 'use', -1, 4],
  ['S-1:use:3', '2026-01-10', 'use', -1, 3],
  ['S-1:use:4', '2026-01-13', 'use', -1, 2],
  ['S-1:use:5', '2026-01-15', 'use', -1, 1],
  ['S-1:use:6', '2026-01-17', 'use', -1, 0],
  // nothing left over: no reset row for period 1
  ['S-1:allocate:1', '2026-01-19', 'allocate', 6, 6],
  ['S-1:use:7', '2026-01-19', 'use', -1, 5],
  ['S-1:use:8', '2026-01-22', 'use', -1, 4],
  ['S-1:use:9', '2026-01-27', 'use', -1, 3],
  ['S-1:use:10', '2026-01-29', 'use', -1, 2],
  // 2 left over are lost, on their own row before the allocation
  ['S-1:reset:2', '2026-02-02', 'reset', -2, 0],
  ['S-1:allocate:2', '2026-02-02', 'allocate', 6, 6],
  ['S-1:use:11', '2026-02-03', 'use', -1, 5],
  ['S-1:use:12', '2026-02-05', 'use', -1, 4],
  ['S-1:use:13', '2026-02-07', 'use', -1, 3],
  ['S-1:use:14', '2026-02-10', 'use', -1, 2],
  ['S-1:use:15', '2026-02-12', 'use', -1, 1],
  ['S-1:use:16', '2026-02-14', 'use', -1, 0],
  ['S-1:allocate:3', '2026-02-16', 'allocate', 6, 6],
  // the whole unused fortnight is lost
  ['S-1:reset:4', '2026-03-02', 'reset', -6, 0],
  ['S-1:allocate:4', '2026-03-02', 'allocate', 6, 6],
  ['S-1:use:17', '2026-03-03', 'use', -1, 5],
  ['S-1:use:18', '2026-03-05', 'use', -1, 4],
  ['S-1:use:19', '2026-03-09', 'use', -1, 3],
];

const ADD_LEDGER: LedgerRow[] = [
  ['S-1:allocate:0', '2026-01-05', 'allocate', 6, 6],
  ['S-1:use:1', '2026-01-06', 'use', -1, 5],
  ['S-1:use:2', '2026-01-08', 'use', -1, 4],
  ['S-1:use:3', '2026-01-10', 'use', -1, 3],
  ['S-1:use:4', '2026-01-13', 'use', -1, 2],
  ['S-1:use:5', '2026-01-15', 'use', -1, 1],
  ['S-1:use:6', '2026-01-17', 'use', -1, 0],
  ['S-1:allocate:1', '2026-01-19', 'allocate', 6, 6],
  ['S-1:use:7', '2026-01-19', 'use', -1, 5],
  ['S-1:use:8', '2026-01-22', 'use', -1, 4],
  ['S-1:use:9', '2026-01-27', 'use', -1, 3],
  ['S-1:use:10', '2026-01-29', 'use', -1, 2],
  // the 2 left over accrue
  ['S-1:allocate:2', '2026-02-02', 'allocate', 6, 8],
  ['S-1:use:11', '2026-02-03', 'use', -1, 7],
  ['S-1:use:12', '2026-02-05', 'use', -1, 6],
  ['S-1:use:13', '2026-02-07', 'use', -1, 5],
  ['S-1:use:14', '2026-02-10', 'use', -1, 4],
  ['S-1:use:15', '2026-02-12', 'use', -1, 3],
  ['S-1:use:16', '2026-02-14', 'use', -1, 2],
  ['S-1:allocate:3', '2026-02-16', 'allocate', 6, 8],
  ['S-1:allocate:4', '2026-03-02', 'allocate', 6, 14],
  ['S-1:use:17', '2026-03-03', 'use', -1, 13],
  ['S-1:use:18', '2026-03-05', 'use', -1, 12],
  ['S-1:use:19', '2026-03-09', 'use', -1, 11],
];

describe('seed worked example: fortnightly, 6 sessions, $300, open-ended, 10 weeks of Daily Processes', () => {
  test.each([
    ['reset', RESET_LEDGER],
    ['add', ADD_LEDGER],
  ] as const)('%s: exact invoices and ledger', (rollover, ledger) => {
    const { state, outcomes, problems } = run(rollover);
    expect(problems).toEqual([]);
    expect(outcomes.map((o) => o.ok)).toEqual(outcomes.map(() => true));
    expect(outcomes).toHaveLength(1 + CHECK_IN_DAYS.length);

    expect(invoiceTable(state)).toEqual(INVOICES);
    for (const inv of state.invoices) {
      expect(inv.saleId).toBe('S-1');
      expect(inv.clientName).toBe('Ann Example');
      expect(inv.paidCents).toBe(0);
      expect(inv.status).toBe('open');
    }
    expect(state.invoices.map((i) => i.period)).toEqual([0, 1, 2, 3, 4]);

    expect(ledgerTable(state, 'S-1')).toEqual(ledger);
    // Run every day, the rows were appended in ledger order too.
    expect(state.adjustments.map((a) => a.key)).toEqual(ledger.map((r) => r[0]));
    // Balance = sum of the ledger.
    expect(state.adjustments.reduce((s, a) => s + a.sessions, 0)).toBe(ledger[ledger.length - 1][4]);
  });

  test.each(['reset', 'add'] as const)('%s: the sale itself creates invoice #1 and allocation 0', (rollover) => {
    const { state } = run(rollover, '2026-01-05');
    expect(invoiceTable(state)).toEqual([INVOICES[0]]);
    expect(ledgerTable(state, 'S-1')).toEqual([['S-1:allocate:0', '2026-01-05', 'allocate', 6, 6]]);
  });

  test.each([
    [
      'reset',
      [
        ['S-1:reset:5', '2026-03-16', 'reset', -3, 0] as LedgerRow,
        ['S-1:allocate:5', '2026-03-16', 'allocate', 6, 6] as LedgerRow,
      ],
    ],
    ['add', [['S-1:allocate:5', '2026-03-16', 'allocate', 6, 17] as LedgerRow]],
  ] as const)('%s: day 71 (2026-03-16) bills and allocates the next fortnight', (rollover, rows) => {
    const { state } = run(rollover);
    const result = dailyProcesses(state, '2026-03-16');
    expect(result.newInvoices.map((i) => [i.number, i.key, i.dueDate, i.amountCents])).toEqual([
      [6, 'S-1:5', '2026-03-16', 30000],
    ]);
    expect(result.newAdjustments.map((a) => [a.key, a.date, a.type, a.sessions, a.balance])).toEqual(rows);
    expect(result.balanceUpdates).toEqual([]);
    // …and nothing earlier than its due date.
    expect(dailyProcesses(state, '2026-03-15').newInvoices).toEqual([]);
  });
});
