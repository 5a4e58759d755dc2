// Reconciliation's rules (src/domain/reconcile.ts), pure: the cursor (objects of one second told apart by
// id), a refund of a recorded payment as a negative row (once, by key) with Paid its rows' sum, what
// matches nothing, and a payout's line.
import type { Invoice, IsoDate, Payment } from '../../src/domain';
import {
  advanced,
  type DayOf,
  firstCursors,
  type IntentListed,
  payoutLine,
  refundKey,
  refundRows,
  unmatchedPayments,
  unread,
} from '../../src/domain/reconcile';

const invoice = (over: Partial<Invoice> = {}): Invoice => ({
  number: 4,
  key: 'S-1:1',
  saleId: 'S-1',
  clientName: 'Sam Lee',
  period: 1,
  dueDate: '2026-03-16',
  amountCents: 30000,
  paidCents: 30000,
  status: 'paid',
  collection: 'Paid by card Mon 16 Mar 2026',
  ...over,
});
const charged: Payment = {
  key: '4:pay:stripe.pi_1',
  date: '2026-03-16',
  invoiceNumber: 4,
  saleId: 'S-1',
  clientName: 'Sam Lee',
  amountCents: 30000,
  method: 'stripe',
  reference: 'pi_1',
};
const T = Math.floor(Date.parse('2026-03-17T03:00:00Z') / 1000);
/** Stripe's times as a studio in Sydney sees them (the add-on passes the spreadsheet's zone). */
const SYDNEY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' });
const sydney: DayOf = (seconds) => SYDNEY.format(new Date(seconds * 1000)) as IsoDate;

describe('the cursor', () => {
  test('starts the day before Stripe was connected', () => {
    expect(firstCursors('2026-03-02').refunds).toEqual({
      since: Date.parse('2026-03-01T00:00:00Z') / 1000,
      seen: [],
    });
  });

  test('reads what is newer, and at its second only the ids not read; moves to the newest second read', () => {
    const cursor = { since: T, seen: ['re_a'] };
    const objects = [
      { id: 're_old', created: T - 1 },
      { id: 're_a', created: T },
      { id: 're_b', created: T },
      { id: 're_c', created: T + 5 },
    ];
    expect(unread(objects, cursor).map((o) => o.id)).toEqual(['re_b', 're_c']);
    expect(advanced(cursor, [objects[2]])).toEqual({ since: T, seen: ['re_a', 're_b'] });
    expect(advanced(cursor, objects.slice(2))).toEqual({ since: T + 5, seen: ['re_c'] });
    expect(advanced(cursor, [])).toEqual(cursor);
  });
});

describe('refunds', () => {
  test("dated the studio's day of Stripe's time: 8 pm UTC on 17 March is the 18th in Sydney", () => {
    const late = Math.floor(Date.parse('2026-03-17T20:00:00Z') / 1000);
    const out = refundRows(
      [{ id: 're_1', created: late, amount: 30000, status: 'succeeded', payment_intent: 'pi_1' }],
      [charged],
      [invoice()],
      '2026-03-19',
      sydney,
    );
    expect(out.refunds.map((r) => r.date)).toEqual(['2026-03-18']);
    expect(out.changes.collections).toEqual([
      { key: 'S-1:1', collection: 'Refunded in Stripe Wed 18 Mar 2026: $0.00 paid now' },
    ]);
  });

  test('a refund of a recorded payment: a negative row keyed by the refund, the invoice owing again', () => {
    const out = refundRows(
      [{ id: 're_1', created: T, amount: 30000, status: 'succeeded', payment_intent: 'pi_1' }],
      [charged],
      [invoice()],
      '2026-03-18',
      sydney,
    );
    // Read the night after: dated the day Stripe made it.
    expect(out.refunds).toEqual([
      { ...charged, key: refundKey(4, 're_1'), date: '2026-03-17', amountCents: -30000, reference: 're_1' },
    ]);
    expect(out.changes.updatedInvoices).toEqual([invoice({ paidCents: 0, status: 'open' })]);
    expect(out.changes.collections).toEqual([
      { key: 'S-1:1', collection: 'Refunded in Stripe Tue 17 Mar 2026: $0.00 paid now' },
    ]);
    expect(out.unmatched).toEqual([]);
  });

  test('read again: no second row, Paid made its rows sum again (a run stopped before Paid)', () => {
    const row = { ...charged, key: refundKey(4, 're_1'), amountCents: -10000, reference: 're_1' };
    const out = refundRows(
      [{ id: 're_1', created: T, amount: 10000, status: 'succeeded', payment_intent: 'pi_1' }],
      [charged, row],
      [invoice()],
      '2026-03-18',
      sydney,
    );
    expect(out.refunds).toEqual([]);
    expect(out.changes.newPayments).toBeUndefined();
    expect(out.changes.updatedInvoices).toEqual([invoice({ paidCents: 20000, status: 'part-paid' })]);
  });

  test('a failed refund is nothing; one of no recorded payment is listed; a void invoice stays void', () => {
    const out = refundRows(
      [
        { id: 're_f', created: T, amount: 30000, status: 'failed', payment_intent: 'pi_1' },
        { id: 're_x', created: T, amount: 4500, status: 'succeeded', payment_intent: 'pi_other' },
        { id: 're_v', created: T, amount: 30000, status: 'pending', payment_intent: 'pi_1' },
      ],
      [charged],
      [invoice({ status: 'void' })],
      '2026-03-17',
      sydney,
    );
    expect(out.refunds.map((r) => r.key)).toEqual(['4:refund:stripe.re_v']);
    expect(out.changes.updatedInvoices?.[0]).toMatchObject({ paidCents: 0, status: 'void' });
    expect(out.unmatched).toEqual([
      'Stripe: a refund of $45.00 on Tue 17 Mar 2026 (re_x, of pi_other) matches no payment in the Payments tab: check it in Stripe.',
    ]);
  });
});

test('a refund whose invoice is not in the Invoices tab (archived) writes nothing and is listed', () => {
  const out = refundRows(
    [{ id: 're_1', created: T, amount: 30000, status: 'succeeded', payment_intent: 'pi_1' }],
    [charged],
    [],
    '2026-03-17',
    sydney,
  );
  expect(out.changes).toEqual({});
  expect(out.unmatched).toHaveLength(1);
});

describe('payments that match no invoice, and payouts', () => {
  test("a payment recorded, or naming this studio's invoice, matches; others are listed; failed ones are not", () => {
    const intents: IntentListed[] = [
      { id: 'pi_1', created: T, status: 'succeeded', amount_received: 30000 },
      {
        id: 'pi_2',
        created: T,
        status: 'succeeded',
        amount_received: 30000,
        metadata: { studio: 'SS', invoice: 'S-1:1' },
      },
      { id: 'pi_3', created: T, status: 'succeeded', amount_received: 4500, customer: 'cus_9' },
      {
        id: 'pi_4',
        created: T,
        status: 'succeeded',
        amount_received: 100,
        metadata: { studio: 'SS', invoice: 'S-9:0' },
      },
      { id: 'pi_5', created: T, status: 'requires_payment_method', metadata: {} },
    ];
    expect(unmatchedPayments(intents, [charged], [invoice()], 'SS', sydney)).toEqual([
      'Stripe: a payment of $45.00 on Tue 17 Mar 2026 (pi_3, customer cus_9) names no invoice: record it by hand (Record a payment) or refund it in Stripe.',
      'Stripe: a payment of $1.00 on Tue 17 Mar 2026 (pi_4) names invoice S-9:0, which is not here: record it by hand (Record a payment) or refund it in Stripe.',
    ]);
  });

  test("a payout's line: its amount and arrival", () => {
    const arrival = Date.parse('2026-03-20T00:00:00Z') / 1000;
    expect(payoutLine({ id: 'po_1', created: T, amount: 123456, arrival_date: arrival, status: 'in_transit' })).toBe(
      'Stripe payout po_1 of $1,234.56, arriving Fri 20 Mar 2026 (in transit)',
    );
    expect(payoutLine({ id: 'po_2', created: T, amount: 100, arrival_date: arrival, status: 'paid' })).toBe(
      'Stripe payout po_2 of $1.00, arrived Fri 20 Mar 2026 (paid)',
    );
  });
});
