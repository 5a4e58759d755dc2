/**
 * Issue 28, finding 7: request ids have their own namespace, per operation. A retry finds its own first
 * call and nothing else (never a row keyed by an ordinal, an undo or another client's sale); the same id
 * sent with different content is refused, naming requestId; keys an older version wrote with a bare
 * request id are still found by a retry in flight across the update.
 */
import {
  type Adjustment,
  checkIn,
  correctSessions,
  type Invoice,
  type Payment,
  type PaymentMethod,
  recordPayment,
  type SaleCatalog,
  type State,
  sellOrResume,
} from '../../src/domain';
import { applyWrite, pkg, simulate } from './harness';

const TODAY = '2026-01-09';

/** Sale S-1 (4 sessions a week), checked in on 6, 7 and 8 Jan without request ids: S-1:use:1, 2, 3. */
function threeCheckIns(): State {
  const { state } = simulate({
    from: '2026-01-05',
    to: TODAY,
    events: [
      { kind: 'sell', day: '2026-01-05', id: 'S-1', pkg: pkg({ sessionsPerPeriod: 4 }), startDate: '2026-01-05' },
      { kind: 'checkIn', day: '2026-01-06', saleId: 'S-1' },
      { kind: 'checkIn', day: '2026-01-07', saleId: 'S-1' },
      { kind: 'checkIn', day: '2026-01-08', saleId: 'S-1' },
    ],
  });
  return state;
}

const uses = (state: State) => state.adjustments.filter((a) => a.type === 'use').map((a) => [a.key, a.date]);

describe('request ids: check-ins and corrections', () => {
  test('a check-in whose request id is an ordinal ("2") records today\'s visit, not the 7 Jan check-in', () => {
    const state = threeCheckIns();
    const r = checkIn(state, { saleId: 'S-1', requestId: '2' }, TODAY);
    expect(r.ok && [r.value.duplicate, r.value.adjustment.key, r.value.adjustment.date]).toEqual([
      false,
      'S-1:use:req.2',
      TODAY,
    ]);
    if (r.ok) applyWrite(state, r.value);
    // Its retry finds it, and the ordinal check-in is untouched.
    const retry = checkIn(state, { saleId: 'S-1', requestId: '2' }, TODAY);
    expect(retry.ok && [retry.value.duplicate, retry.value.adjustment.key]).toEqual([true, 'S-1:use:req.2']);
    expect(uses(state)).toEqual([
      ['S-1:use:1', '2026-01-06'],
      ['S-1:use:2', '2026-01-07'],
      ['S-1:use:3', '2026-01-08'],
      ['S-1:use:req.2', TODAY],
    ]);
  });

  test('the same check-in request id with another date or another person is refused, naming requestId', () => {
    const state = threeCheckIns();
    const first = checkIn(state, { saleId: 'S-1', requestId: 'tap-1', date: '2026-01-08' }, TODAY);
    if (!first.ok) throw new Error('refused');
    applyWrite(state, first.value);
    state.sales[0] = { ...state.sales[0], sharedWith: [{ id: 'C-2', name: 'Bo Other' }] };
    const before = JSON.stringify(state);
    const otherDay = checkIn(state, { saleId: 'S-1', requestId: 'tap-1', date: TODAY }, TODAY);
    expect(otherDay.ok ? [] : otherDay.errors).toEqual([
      {
        field: 'requestId',
        message:
          'Request id tap-1 was already used for the check-in S-1:use:req.tap-1 (date Thu 8 Jan 2026, not Fri 9 Jan 2026). Nothing was changed: send a new request id for a new request.',
      },
    ]);
    const otherPerson = checkIn(state, { saleId: 'S-1', requestId: 'tap-1', clientId: 'C-2' }, TODAY);
    expect(otherPerson.ok ? '' : otherPerson.errors[0].message).toContain(
      `(client ${state.sales[0].clientId}, not C-2)`,
    );
    // The same content (the date left out, as the desk's retry leaves it) is the retry.
    const retry = checkIn(state, { saleId: 'S-1', requestId: 'tap-1' }, TODAY);
    expect(retry.ok && retry.value.duplicate).toBe(true);
    expect(JSON.stringify(state)).toBe(before);
  });

  test('a correction whose request id looks like an undo ("undo-1") is a new correction, not the undo of S-1:use:1', () => {
    const state = threeCheckIns();
    state.adjustments.push({
      ...(state.adjustments.find((a) => a.key === 'S-1:use:1') as Adjustment),
      key: 'S-1:correct:undo-1',
      type: 'correct',
      sessions: 1,
      note: 'Undo check-in of Tue 6 Jan 2026: wrong client',
    });
    const r = correctSessions(state, { saleId: 'S-1', sessions: 1, reason: 'Gift', requestId: 'undo-1' }, TODAY);
    expect(r.ok && [r.value.duplicate, r.value.adjustment.key]).toEqual([false, 'S-1:correct:req.undo-1']);
    if (r.ok) applyWrite(state, r.value);
    const changed = correctSessions(state, { saleId: 'S-1', sessions: 2, reason: 'Gift', requestId: 'undo-1' }, TODAY);
    expect(changed.ok ? [] : changed.errors.map((e) => [e.field, e.message])).toEqual([
      ['requestId', expect.stringContaining('(sessions 1, not 2)')],
    ]);
    const reworded = correctSessions(
      state,
      { saleId: 'S-1', sessions: 1, reason: 'Present', requestId: 'undo-1' },
      TODAY,
    );
    expect(reworded.ok ? '' : reworded.errors[0].message).toContain('(reason "Gift", not "Present")');
  });

  test('a key an older version wrote with the bare request id (S-1:use:desk-3f2a) is found by its retry', () => {
    const state = threeCheckIns();
    const old = state.adjustments.find((a) => a.key === 'S-1:use:3') as Adjustment;
    old.key = 'S-1:use:desk-3f2a';
    const retry = checkIn(state, { saleId: 'S-1', requestId: 'desk-3f2a' }, TODAY);
    expect(retry.ok && [retry.value.duplicate, retry.value.adjustment.key]).toEqual([true, 'S-1:use:desk-3f2a']);
    // A bare ordinal is never taken for a request: "1" is a new check-in.
    const ordinal = checkIn(state, { saleId: 'S-1', requestId: '1' }, TODAY);
    expect(ordinal.ok && ordinal.value.duplicate).toBe(false);
  });
});

describe('request ids: payments', () => {
  const invoice: Invoice = {
    key: 'S-1:0',
    number: 1,
    saleId: 'S-1',
    clientName: 'Ann Example',
    period: 0,
    dueDate: '2026-01-05',
    amountCents: 10000,
    paidCents: 2000,
    status: 'part-paid',
  } as Invoice;
  const ordinal: Payment = {
    key: '1:pay:1',
    date: '2026-01-06',
    invoiceNumber: 1,
    saleId: 'S-1',
    clientName: 'Ann Example',
    amountCents: 2000,
    method: 'cash',
  };

  test('a payment whose request id is an ordinal ("1") is recorded, not taken for payment 1:pay:1', () => {
    const r = recordPayment(
      [invoice],
      [ordinal],
      { invoiceNo: 1, amount: 3000, method: 'card', requestId: '1' },
      TODAY,
    );
    expect(r.ok && [r.value.duplicate, r.value.payment.key, r.value.invoice.paidCents]).toEqual([
      false,
      '1:pay:req.1',
      5000,
    ]);
  });

  test('the same payment request id with another amount or method is refused; the same content is the retry', () => {
    const first: Payment = { ...ordinal, key: '1:pay:req.pay-7', amountCents: 3000, method: 'card', date: TODAY };
    const payments = [ordinal, first];
    const paid = { ...invoice, paidCents: 5000 };
    const send = (amount: number, method: PaymentMethod) =>
      recordPayment([paid], payments, { invoiceNo: 1, amount, method, requestId: 'pay-7' }, TODAY);
    const other = send(4000, 'cash');
    expect(other.ok ? [] : other.errors).toEqual([
      {
        field: 'requestId',
        message:
          'Request id pay-7 was already used for the payment 1:pay:req.pay-7 (amount $30.00, not $40.00; method card, not cash). Nothing was changed: send a new request id for a new request.',
      },
    ]);
    const retry = send(3000, 'card');
    expect(retry.ok && [retry.value.duplicate, retry.value.payment.key]).toEqual([true, '1:pay:req.pay-7']);
  });
});

describe('request ids: sales', () => {
  const { state } = simulate({ from: '2026-01-05', to: '2026-01-05', events: [] });
  const catalog: SaleCatalog = {
    clients: [
      { id: 'C-1', name: 'Ann Example', email: '', phone: '' },
      { id: 'C-2', name: 'Bo Other', email: '', phone: '' },
    ],
    packages: [pkg()],
    saleIds: () => [],
  };
  const input = { clientId: 'C-1', packageId: 'P-1', startDate: '2026-01-05', requestId: 'demo-sale-3' };

  test("a sale for another client with a request id already used is refused, never answered with that client's sale", () => {
    const sold = sellOrResume(state, catalog, input, '2026-01-05');
    if (!sold.ok) throw new Error('refused');
    const withSale: State = { ...state, sales: [...(sold.value.changes.newSales ?? [])] };
    const other = sellOrResume(withSale, catalog, { ...input, clientId: 'C-2' }, '2026-01-05');
    expect(other.ok ? [] : other.errors).toEqual([
      {
        field: 'requestId',
        message:
          'Request id demo-sale-3 was already used for sale S-1 (client C-1, not C-2). Nothing was changed: send a new request id for a new request.',
      },
    ]);
    const retry = sellOrResume(withSale, catalog, input, '2026-01-05');
    expect(retry.ok && retry.value.reply.receipt).toMatchObject({ saleId: 'S-1', duplicate: true });
  });
});
