// Issue 31, item 3: a payment dated before its invoice was made lands in an earlier month's revenue,
// collections and export. The server asks the owner to confirm it; a sale's first invoice (made at the
// sale, often paid upfront before it falls due) is not questioned.
import { type Invoice, recordPayment } from '../../src/domain';

const invoice = (period: number, dueDate: string): Invoice => ({
  number: 5,
  key: `S-1:${period}`,
  saleId: 'S-1',
  clientName: 'Ava Chen',
  period,
  dueDate,
  amountCents: 30000,
  paidCents: 0,
  status: 'open',
});
const pay = (inv: Invoice, date: string, confirm?: boolean) =>
  recordPayment([inv], [], { invoiceNo: 5, amount: 10000, method: 'cash', date, confirm }, '2026-12-07');

test('dated before a later invoice was made: refused until confirmed, naming both dates and the month', () => {
  const later = invoice(3, '2026-12-07');
  expect(pay(later, '2026-01-01')).toEqual({
    ok: false,
    errors: [
      {
        field: 'confirm',
        message:
          'Invoice #5 was made on Mon 7 Dec 2026, when it fell due: a payment dated Thu 1 Jan 2026 comes before it, and would count in the revenue and collections of Jan 2026. Check the date; to record it as it is, confirm.',
      },
    ],
  });
  const confirmed = pay(later, '2026-01-01', true);
  expect(confirmed.ok && confirmed.value.payment.date).toBe('2026-01-01');
  // On or after the day it was made: no question.
  expect(pay(later, '2026-12-07').ok).toBe(true);
});

test("a sale's first invoice, paid before it falls due (upfront, at the sale): recorded without a question", () => {
  expect(pay(invoice(0, '2026-12-20'), '2026-12-07').ok).toBe(true);
});

test('in the invoice’s own month, the question does not claim another month’s revenue', () => {
  const r = pay(invoice(3, '2026-11-25'), '2026-11-20');
  expect(r.ok).toBe(false);
  if (!r.ok)
    expect(r.errors[0].message).toBe(
      'Invoice #5 was made on Wed 25 Nov 2026, when it fell due: a payment dated Fri 20 Nov 2026 comes before it. Check the date; to record it as it is, confirm.',
    );
});
