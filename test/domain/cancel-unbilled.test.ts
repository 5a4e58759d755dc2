// A cancel dated before a period that has begun but was never billed (Daily Processes didn't run) is
// refused: otherwise the next run would expire sessions already used after that date.
import { cancelSale, dailyProcesses, type Package, sell } from '../../src/domain';
import { pkg } from './harness';

const weekly: Package = pkg({ name: 'Weekly', sessionsPerPeriod: 3, frequency: 'weekly', priceCents: 5000 });
const client = { id: 'C-1', name: 'Ava', email: '', phone: '' };

function soldState() {
  const sold = sell({ invoices: [] }, { id: 'S-1', client, pkg: weekly, startDate: '2026-01-05' }, '2026-01-05');
  if (!sold.ok) throw new Error('sale refused');
  return { sales: [sold.value.sale], invoices: sold.value.invoices, adjustments: sold.value.adjustments };
}

test('refused from before a period that began unbilled', () => {
  const r = cancelSale(soldState(), { saleId: 'S-1', date: '2026-01-08' }, '2026-01-14');
  expect(r).toEqual({
    ok: false,
    errors: [{ field: 'date', message: 'Period 2 already began on Mon 12 Jan 2026: cancel from a date after it.' }],
  });
});

test('accepted from after the last period that began: that period is still billed by the next run', () => {
  expect(cancelSale(soldState(), { saleId: 'S-1', date: '2026-01-13' }, '2026-01-14')).toMatchObject({
    ok: true,
    value: { endDate: '2026-01-13' },
  });
});

test('cancelled from before a voided period (Reset): its allocated sessions expire too', () => {
  let state = soldState();
  const run = (today: string) => {
    const r = dailyProcesses(state, today);
    state = {
      ...state,
      invoices: [...state.invoices, ...r.newInvoices],
      adjustments: [...state.adjustments, ...r.newAdjustments],
    };
  };
  run('2026-01-12');
  state.invoices[1] = { ...state.invoices[1], status: 'void' };
  const cancelled = cancelSale(state, { saleId: 'S-1', date: '2026-01-12' }, '2026-01-12');
  if (!cancelled.ok) throw new Error(JSON.stringify(cancelled.errors));
  state = { ...state, sales: [cancelled.value] };
  run('2026-01-13');
  const ledger = state.adjustments.map((a) => [a.date, a.type, a.sessions]);
  expect(ledger.at(-1)).toEqual(['2026-01-12', 'expire', -3]);
  expect(state.adjustments.reduce((t, a) => t + a.sessions, 0)).toBe(0);
});
