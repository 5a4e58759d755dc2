// Pausing a sale: no invoice and no allocation falls due inside the pause; later ones move by its length.
import {
  type Adjustment,
  dailyProcesses,
  type Invoice,
  PAUSE_SALE,
  type Package,
  parsedThen,
  pauseSale,
  pauseSales,
  type Sale,
  type State,
  sell,
} from '../../src/domain';
import { pkg as harnessPkg } from './harness';

const client = { id: 'C-1', name: 'Ava', email: '', phone: '' };
const pkg = (over: Partial<Package>): Package =>
  harnessPkg({ name: 'Pkg', sessionsPerPeriod: 2, frequency: 'weekly', priceCents: 5000, ...over });

function sold(p: Package, start: string): State {
  const r = sell({ invoices: [] }, { id: 'S-1', client, pkg: p, startDate: start }, start);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { sales: [r.value.sale], invoices: r.value.invoices, adjustments: r.value.adjustments };
}

function run(state: State, today: string): State {
  const r = dailyProcesses(state, today);
  return {
    ...state,
    invoices: [...state.invoices, ...r.newInvoices],
    adjustments: [...state.adjustments, ...r.newAdjustments],
  };
}

function pause(state: State, input: object, today: string): State {
  const r = parsedThen(PAUSE_SALE, input, (parsed) => pauseSale(state, parsed, today));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { ...state, sales: [r.value.sale], adjustments: [...state.adjustments, r.value.adjustment] };
}

function everyDay(state: State, from: string, to: string): State {
  for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000)
    state = run(state, new Date(t).toISOString().slice(0, 10));
  return state;
}

const dues = (invoices: Invoice[]) => invoices.map((i) => i.dueDate);

test('weekly, paused two weeks: nothing falls due inside the pause, the rest move two weeks', () => {
  let state = everyDay(sold(pkg({}), '2026-01-05'), '2026-01-05', '2026-01-14');
  state = pause(state, { saleId: 'S-1', from: '2026-01-20', weeks: 2 }, '2026-01-14');
  state = everyDay(state, '2026-01-15', '2026-02-20');
  expect(dues(state.invoices)).toEqual(['2026-01-05', '2026-01-12', '2026-01-19', '2026-02-09', '2026-02-16']);
  const allocations = state.adjustments.filter((a) => a.type === 'allocate').map((a) => a.date);
  expect(allocations).toEqual(['2026-01-05', '2026-01-12', '2026-01-19', '2026-02-09', '2026-02-16']);
  const row = state.adjustments.find((a) => a.type === 'pause') as Adjustment;
  expect(row).toMatchObject({ key: 'S-1:pause:2026-01-20', date: '2026-01-20', sessions: 0 });
  // The invoice of 19 Jan is still to come on 14 Jan: the note names it, then the first after the pause.
  expect(row.note).toBe(
    'Paused for 2 weeks from Tue 20 Jan 2026 to Mon 2 Feb 2026: the invoice due Mon 19 Jan 2026 comes before it; the next falls due Mon 9 Feb 2026.',
  );
});

test('monthly from Jan 31, paused over the end of February: every later due date moves by two weeks', () => {
  let state = run(sold(pkg({ frequency: 'monthly' }), '2026-01-31'), '2026-02-10');
  state = pause(state, { saleId: 'S-1', from: '2026-02-20', weeks: 2 }, '2026-02-10');
  state = everyDay(state, '2026-02-11', '2026-05-31');
  expect(dues(state.invoices)).toEqual(['2026-01-31', '2026-03-14', '2026-04-14', '2026-05-14']);
  // The same as one catch-up run at the end.
  let catchUp = run(sold(pkg({ frequency: 'monthly' }), '2026-01-31'), '2026-02-10');
  catchUp = run(pause(catchUp, { saleId: 'S-1', from: '2026-02-20', weeks: 2 }, '2026-02-10'), '2026-05-31');
  expect(catchUp.invoices).toEqual(state.invoices);
  expect(catchUp.adjustments).toEqual(state.adjustments);
});

test('a finite package is extended by its pause; its sessions expire after the moved last period', () => {
  let state = sold(pkg({ recurWeeks: 4 }), '2026-01-05');
  state = pause(state, { saleId: 'S-1', from: '2026-01-13', weeks: 1 }, '2026-01-06');
  state = everyDay(state, '2026-01-06', '2026-03-31');
  expect(dues(state.invoices)).toEqual(['2026-01-05', '2026-01-12', '2026-01-26', '2026-02-02']);
  expect(state.adjustments.filter((a) => a.type === 'expire').map((a) => [a.date, a.sessions])).toEqual([
    ['2026-02-09', -2],
  ]);
});

test('two pauses in a row both shift the schedule', () => {
  let state = sold(pkg({ frequency: 'fortnightly' }), '2026-01-05');
  state = pause(state, { saleId: 'S-1', from: '2026-01-10', weeks: 1 }, '2026-01-06');
  state = pause(state, { saleId: 'S-1', from: '2026-01-26', weeks: 2 }, '2026-01-06');
  state = everyDay(state, '2026-01-06', '2026-03-10');
  // Unpaused: 01-05, 01-19, 02-02, 02-16, 03-02. After +1 week from 01-10: 01-26 (not before the 2nd
  // pause, which starts that day) → +2 weeks: 02-09; then 02-23, 03-09.
  expect(dues(state.invoices)).toEqual(['2026-01-05', '2026-02-09', '2026-02-23', '2026-03-09']);
});

describe('refused, with the field named', () => {
  const base = () => everyDay(sold(pkg({}), '2026-01-05'), '2026-01-05', '2026-01-14');
  const refuse = (state: State, input: object, today = '2026-01-14') => {
    const r = parsedThen(PAUSE_SALE, input, (parsed) => pauseSale(state, parsed, today));
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.errors;
  };
  test('from before an invoice already due', () => {
    expect(refuse(base(), { saleId: 'S-1', from: '2026-01-10', weeks: 1 })).toEqual([
      {
        field: 'from',
        message: 'Invoice #2 is already made for Mon 12 Jan 2026: pause from a later date.',
      },
    ]);
  });
  test('overlapping an earlier pause', () => {
    const state = pause(base(), { saleId: 'S-1', from: '2026-01-20', weeks: 2 }, '2026-01-14');
    expect(refuse(state, { saleId: 'S-1', from: '2026-01-27', weeks: 1 })[0].message).toBe(
      'Sale S-1 is already paused until Tue 3 Feb 2026: start this pause then or later.',
    );
  });
  test.each([
    [{ saleId: 'S-9', from: '2026-01-20', weeks: 1 }, 'saleId'],
    [{ saleId: 'S-1', from: '2026-02-30', weeks: 1 }, 'from'],
    [{ saleId: 'S-1', from: '2026-01-20', weeks: 0 }, 'weeks'],
    [{ saleId: 'S-1', from: '2026-01-20', weeks: 53 }, 'weeks'],
    [{ saleId: 'S-1', from: '2026-01-20', weeks: 1.5 }, 'weeks'],
    [{ saleId: 'S-1', from: '2031-01-20', weeks: 1 }, 'from'],
  ])('%j → %s', (input, field) => {
    expect(refuse(base(), input).map((e) => e.field)).toEqual([field]);
  });
  test('a cancelled sale, whether its cancellation has taken effect or is still to come (issue 31, item 5)', () => {
    const state = base();
    const cancelled: Sale = { ...state.sales[0], endDate: '2026-01-13' };
    const later = { ...state, sales: [cancelled] };
    // Its last period (from Jan 12) ends on Jan 19: on the 20th the cancellation has taken effect.
    expect(refuse(later, { saleId: 'S-1', from: '2026-01-27', weeks: 1 }, '2026-01-20')[0].message).toBe(
      'Sale S-1 is cancelled: there is nothing to pause.',
    );
    expect(refuse(later, { saleId: 'S-1', from: '2026-01-15', weeks: 1 }, '2026-01-14')[0].message).toBe(
      'Sale S-1 is cancelled from Tue 13 Jan 2026: a cancelled sale is not paused.',
    );
  });
});

test('a period whose invoice was voided cannot be paused (its key is taken: it would never be billed)', () => {
  const state = everyDay(sold(pkg({}), '2026-01-05'), '2026-01-05', '2026-01-19');
  state.invoices[2] = { ...state.invoices[2], status: 'void' };
  const r = pauseSale(state, { saleId: 'S-1', from: '2026-01-19', weeks: 2 }, '2026-01-19');
  expect(r).toEqual({
    ok: false,
    errors: [{ field: 'from', message: 'Invoice #3 is already made for Mon 19 Jan 2026: pause from a later date.' }],
  });
});

describe('the same pause again is a retry', () => {
  const input = { saleId: 'S-1', from: '2026-01-20', weeks: 2 };
  const base = () => everyDay(sold(pkg({}), '2026-01-05'), '2026-01-05', '2026-01-14');

  test('with its ledger row on record: nothing to write, the recorded row answered', () => {
    const state = pause(base(), input, '2026-01-14');
    const again = pauseSale(state, input, '2026-01-14');
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.value.changes).toEqual({});
    expect(again.value.adjustment).toEqual(state.adjustments.find((a) => a.type === 'pause'));
  });

  test('after a crash between its writes (the Pauses cell landed, the row did not): only the row', () => {
    const first = pauseSale(base(), input, '2026-01-14');
    if (!first.ok) throw new Error('not paused');
    const crashed = { ...base(), sales: [first.value.sale] };
    const again = pauseSale(crashed, input, '2026-01-14');
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.value.changes.updatedSales).toBeUndefined();
    expect(again.value.changes.newAdjustments).toEqual(first.value.changes.newAdjustments);
    expect(again.value.changes.balanceUpdates).toEqual(first.value.changes.balanceUpdates);
  });

  test('a different length from the same day is still refused as an overlap', () => {
    const state = pause(base(), input, '2026-01-14');
    const other = pauseSale(state, { ...input, weeks: 3 }, '2026-01-14');
    expect(other.ok ? '' : other.errors[0].message).toMatch(/already paused until Tue 3 Feb 2026/);
  });
});

test('a sale cancelled from a later date is skipped by Pause selected sales, with why (issue 31, item 5)', () => {
  let state = everyDay(sold(pkg({}), '2026-01-05'), '2026-01-05', '2026-01-14');
  state = { ...state, sales: [{ ...state.sales[0], endDate: '2026-02-02' }] };
  const r = pauseSales(state, { saleIds: ['S-1'], from: '2026-01-20', weeks: 2 }, '2026-01-14');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  expect(r.value.reply).toEqual({
    paused: [],
    skipped: [{ saleId: 'S-1', reason: 'Sale S-1 is cancelled from Mon 2 Feb 2026: a cancelled sale is not paused.' }],
  });
  expect(pauseSale(state, { saleId: 'S-1', from: '2026-01-20', weeks: 2 }, '2026-01-14').ok).toBe(false);
});
