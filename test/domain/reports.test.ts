import {
  dailyProcesses,
  heldValue,
  isOverdue,
  outstandingByClient,
  overdueInvoices,
  type Package,
  type Payment,
  revenueByMonth,
  type Sale,
  type State,
  sell,
  sessionsRemaining,
  upcomingInvoices,
} from '../../src/domain';
import { pkg as harnessPkg } from './harness';

const pkg = (id: string, over: Partial<Package>): Package => harnessPkg({ name: `Pkg ${id}`, ...over }, id);

/** Two sales: S-1 fortnightly Reset from Jan 5, S-2 monthly Add ($480, 8 sessions) from Jan 10; run to Feb 20. */
function studio(): State {
  let state: State = { sales: [], invoices: [], adjustments: [] };
  const sales: [string, string, Package, string][] = [
    ['S-1', 'Ava', pkg('P-1', {}), '2026-01-05'],
    [
      'S-2',
      'Ben',
      pkg('P-2', { frequency: 'monthly', rollover: 'add', sessionsPerPeriod: 8, priceCents: 48000 }),
      '2026-01-10',
    ],
  ];
  for (const [id, name, p, start] of sales) {
    const r = sell(
      state,
      { id, client: { id: `C-${name}`, name, email: '', phone: '' }, pkg: p, startDate: start },
      start,
    );
    if (!r.ok) throw new Error('refused');
    state = {
      sales: [...state.sales, r.value.sale],
      invoices: [...state.invoices, ...r.value.invoices],
      adjustments: [...state.adjustments, ...r.value.adjustments],
    };
  }
  const run = dailyProcesses(state, '2026-02-20');
  return {
    ...state,
    invoices: [...state.invoices, ...run.newInvoices],
    adjustments: [...state.adjustments, ...run.newAdjustments],
  };
}

test('invoices so far, and overdue after the grace days', () => {
  const state = studio();
  expect(state.invoices.map((i) => [i.number, i.key, i.dueDate])).toEqual([
    [1, 'S-1:0', '2026-01-05'],
    [2, 'S-2:0', '2026-01-10'],
    [3, 'S-1:1', '2026-01-19'],
    [4, 'S-1:2', '2026-02-02'],
    [5, 'S-2:1', '2026-02-10'],
    [6, 'S-1:3', '2026-02-16'],
  ]);
  const [first] = state.invoices;
  expect(isOverdue(first, '2026-01-12', 7)).toBe(false);
  expect(isOverdue(first, '2026-01-13', 7)).toBe(true);
  expect(isOverdue({ ...first, paidCents: 30000, status: 'paid' }, '2026-02-01', 7)).toBe(false);
  expect(isOverdue({ ...first, status: 'void' }, '2026-02-01', 7)).toBe(false);
  state.invoices[0] = { ...first, paidCents: 10000, status: 'part-paid' };
  expect(
    overdueInvoices(state.invoices, '2026-02-20', 7).map((r) => [r.number, r.outstandingCents, r.daysOverdue]),
  ).toEqual([
    [1, 20000, 46],
    [2, 48000, 41],
    [3, 30000, 32],
    [4, 30000, 18],
    [5, 48000, 10],
  ]);
  expect(Object.fromEntries(outstandingByClient(state.sales, state.invoices))).toEqual({
    'C-Ava': 110000,
    'C-Ben': 96000,
  });
});

test('upcoming invoices in the next 30 days', () => {
  const none = new Set<string>();
  expect(upcomingInvoices(studio().sales, none, '2026-02-20').map((r) => [r.dueDate, r.saleId, r.amountCents])).toEqual(
    [
      ['2026-03-02', 'S-1', 30000],
      ['2026-03-10', 'S-2', 48000],
      ['2026-03-16', 'S-1', 30000],
    ],
  );
  const cancelled: Sale = { ...studio().sales[0], endDate: '2026-03-10' };
  expect(upcomingInvoices([cancelled], none, '2026-02-20').map((r) => r.dueDate)).toEqual(['2026-03-02']);
});

test('a sale starting later: its first invoice already exists, so Upcoming lists only what is still to come', () => {
  const later = sell(
    { invoices: [] },
    {
      id: 'S-9',
      client: { id: 'C-9', name: 'Cy', email: '', phone: '' },
      pkg: pkg('P-1', {}),
      startDate: '2026-03-01',
    },
    '2026-02-20',
  );
  if (!later.ok) throw new Error('refused');
  const keys = new Set(later.value.invoices.map((i) => i.key));
  expect(keys).toEqual(new Set(['S-9:0']));
  expect(upcomingInvoices([later.value.sale], keys, '2026-02-20').map((r) => r.dueDate)).toEqual(['2026-03-15']);
  // Its first sessions were allocated at the sale: under Reset they are lost at the next allocation.
  const state = { sales: [later.value.sale], invoices: later.value.invoices, adjustments: later.value.adjustments };
  expect(sessionsRemaining(state, '2026-02-20')[0]).toMatchObject({ balance: 6, expires: '2026-03-15' });
});

test('sessions remaining with expiry and value (unearned sessions)', () => {
  const rows = sessionsRemaining(studio(), '2026-02-20');
  expect(rows).toEqual([
    // Reset: 6 sessions from Feb 16, lost at the next allocation on Mar 2; $300 / 6 = $50 each.
    { saleId: 'S-1', clientName: 'Ava', packageName: 'Pkg P-1', balance: 6, expires: '2026-03-02', valueCents: 30000 },
    // Add: 8 + 8 sessions accrue and never expire; $480 / 8 = $60 each.
    { saleId: 'S-2', clientName: 'Ben', packageName: 'Pkg P-2', balance: 16, expires: null, valueCents: 96000 },
  ]);
});

test('a gift session (a +1 correction) holds no value: Sessions Remaining agrees with Revenue Recognition (issue 31, item 16)', () => {
  const state = studio();
  const gift = {
    key: 'S-2:correct:req.gift',
    date: '2026-02-20',
    saleId: 'S-2',
    clientName: 'Ben',
    type: 'correct' as const,
    sessions: 1,
    balance: 17,
    note: 'A gift session',
  };
  const gifted = { ...state, adjustments: [...state.adjustments, gift] };
  const rows = sessionsRemaining(gifted, '2026-02-20');
  // 17 sessions left, but the gift was never invoiced: still $960.00, not $1,020.00.
  expect(rows.find((r) => r.saleId === 'S-2')).toMatchObject({ balance: 17, valueCents: 96000 });
  expect(rows.reduce((sum, r) => sum + r.valueCents, 0)).toBe(heldValue(gifted));
});

test('revenue invoiced and collected per month', () => {
  const state = studio();
  const payments: Payment[] = [
    {
      key: '1:pay:1',
      date: '2026-01-06',
      invoiceNumber: 1,
      saleId: 'S-1',
      clientName: 'Ava',
      amountCents: 30000,
      method: 'card',
    },
    {
      key: '3:pay:1',
      date: '2026-02-01',
      invoiceNumber: 3,
      saleId: 'S-1',
      clientName: 'Ava',
      amountCents: 10000,
      method: 'cash',
    },
  ];
  state.invoices[0] = { ...state.invoices[0], paidCents: 30000, status: 'paid' };
  state.invoices[2] = { ...state.invoices[2], paidCents: 10000, status: 'part-paid' };
  // Invoice 2 marked paid by hand, with no payment recorded: counted in its due month.
  state.invoices[1] = { ...state.invoices[1], paidCents: 48000, status: 'paid' };
  state.invoices[5] = { ...state.invoices[5], status: 'void' };
  expect(revenueByMonth(state.invoices, payments)).toEqual([
    { month: '2026-01', invoicedCents: 30000 + 48000 + 30000, collectedCents: 30000 + 48000 },
    { month: '2026-02', invoicedCents: 30000 + 48000, collectedCents: 10000 },
  ]);
});
