/**
 * A sale as it stands today (src/domain/summary.ts), the one summary the history sidebar, the check-in
 * sidebar, the desk and client email read: what is owed, the sessions left, when the next come, the pause
 * ahead, and whether the sale is still in use.
 */
import {
  type Invoice,
  invoicingBySale,
  nextSessionsDue,
  pauseAhead,
  type Sale,
  type State,
  saleSummary,
  stillInUse,
} from '../../src/domain';
import { ledgerRows, pkg, simulate } from './harness';

/** A weekly sale of 2 sessions at $50 from Mon 5 Jan 2026, billed every day to `to`. */
function studio(to: string, terms = {}): State {
  const weekly = pkg({ name: 'Weekly 2', frequency: 'weekly', sessionsPerPeriod: 2, priceCents: 5000, ...terms });
  const events = [{ kind: 'sell' as const, day: '2026-01-05', id: 'S-1', pkg: weekly, startDate: '2026-01-05' }];
  return simulate({ from: '2026-01-05', to, events }).state;
}

const invoice = (over: Partial<Invoice>): Invoice => ({
  number: 1,
  key: 'S-1:0',
  saleId: 'S-1',
  clientName: 'Ann',
  period: 0,
  dueDate: '2026-01-05',
  amountCents: 5000,
  paidCents: 0,
  status: 'open',
  ...over,
});

test("a sale's invoices add up once: what is still owed (void and overpaid owe nothing), and the periods invoiced", () => {
  const sums = invoicingBySale([
    invoice({ period: 0, paidCents: 5000, status: 'paid' }),
    invoice({ key: 'S-1:1', period: 1, paidCents: 2000, status: 'part-paid' }),
    invoice({ key: 'S-1:2', period: 2, status: 'void' }),
    invoice({ key: 'S-2:0', saleId: 'S-2', paidCents: 9000, status: 'paid' }),
    invoice({ key: 'S-2:3', saleId: 'S-2', period: 3 }),
  ]);
  expect(Object.fromEntries(sums)).toEqual({
    'S-1': { owedCents: 3000, invoicedPeriods: 3 },
    'S-2': { owedCents: 5000, invoicedPeriods: 4 },
  });
});

test('the summary of a weekly sale after three weeks: sessions left, owed, the next sessions after the last invoice', () => {
  const state = studio('2026-01-20');
  const sale = state.sales[0];
  state.invoices[0].paidCents = 5000;
  const summary = saleSummary(sale, ledgerRows(state, 'S-1'), invoicingBySale(state.invoices).get('S-1'), '2026-01-20');
  expect(summary).toMatchObject({
    id: 'S-1',
    clientId: 'C-1',
    packageName: 'Weekly 2',
    status: 'active',
    // Three periods invoiced (5, 12, 19 Jan): the fourth's sessions come on 26 Jan; the reset lapses the rest.
    nextDueDate: '2026-01-26',
    sessionsPerPeriod: 2,
    rollover: 'reset',
    balance: 2,
    outstandingCents: 10000,
    sharedWith: [],
    usage: [],
    pause: null,
  });
  // Nothing invoiced yet (a sale read without its invoices): the first period's due date, nothing owed.
  expect(saleSummary(sale, [], undefined, '2026-01-20')).toMatchObject({
    nextDueDate: '2026-01-05',
    balance: 0,
    outstandingCents: 0,
  });
});

test('the next sessions: none once every period of a finite term is invoiced', () => {
  const state = studio('2026-02-20', { recurWeeks: 3 });
  const sale = state.sales[0];
  expect(state.invoices.map((i) => i.dueDate)).toEqual(['2026-01-05', '2026-01-12', '2026-01-19']);
  expect(nextSessionsDue(sale, 2)).toBe('2026-01-19');
  expect(nextSessionsDue(sale, 3)).toBeNull();
});

test('the pause ahead: under way or to come, its first and last days; none once it is over', () => {
  const sale: Sale = {
    ...studio('2026-01-05').sales[0],
    pauses: [
      { from: '2026-01-19', weeks: 1 },
      { from: '2026-03-02', weeks: 2 },
    ],
  };
  expect(pauseAhead(sale, '2026-01-10')).toEqual({ from: '2026-01-19', to: '2026-01-25' });
  expect(pauseAhead(sale, '2026-01-25')).toEqual({ from: '2026-01-19', to: '2026-01-25' });
  expect(pauseAhead(sale, '2026-01-26')).toEqual({ from: '2026-03-02', to: '2026-03-15' });
  expect(pauseAhead(sale, '2026-03-16')).toBeNull();
  expect(pauseAhead({ ...sale, pauses: undefined }, '2026-01-10')).toBeNull();
});

test('still in use: an active sale, or a finished one that still holds sessions', () => {
  expect(stillInUse({ status: 'active', balance: 0 })).toBe(true);
  expect(stillInUse({ status: 'active', balance: -1 })).toBe(true);
  expect(stillInUse({ status: 'finished', balance: 3 })).toBe(true);
  expect(stillInUse({ status: 'finished', balance: 0 })).toBe(false);
  expect(stillInUse({ status: 'cancelled', balance: 0 })).toBe(false);
});
