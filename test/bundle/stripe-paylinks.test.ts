// Pay links, on the built bundle under the local runtime and the emulated Stripe: each owing invoice gets
// a Stripe Payment Link (kept on its Invoices row, shown in its invoice email) that never expires; paid
// through Stripe's page, the next run records it once (a Payments row, method Stripe, its PaymentIntent);
// paid another way, the link is turned off.
import { paidStudio, setCell } from '../support/stripe';
import { ok, type Studio } from '../support/studio';

const dump = (studio: Studio, tab: string) => studio.dump(tab)[tab];

/** A client without a card, sold the package on 2 March: invoice 1 owes $300. */
function studioWithInvoice() {
  const paid = paidStudio();
  const { studio, packageId } = paid;
  const clientId = ok(studio.call('2026-03-02', 'saveClient', { name: 'Bo Ray', email: 'bo.ray@example.com' })).client
    .id;
  const saleId = ok(
    studio.call('2026-03-02', 'sellPackage', { clientId, packageId, startDate: '2026-03-02', requestId: 'bo' }),
  ).receipt.saleId;
  ok(studio.call('2026-03-02', 'runDailyProcesses', {}));
  return { ...paid, clientId, saleId };
}

describe('pay links', () => {
  test('in the invoice email; paid through Stripe: recorded once on the next run, the link then off', () => {
    const { studio, saleId } = studioWithInvoice();
    const invoice = dump(studio, 'Invoices').find((i) => i.Key === `${saleId}:0`) as Record<string, unknown>;
    expect(invoice).toMatchObject({
      'Pay Link': expect.stringMatching(/^https:\/\/buy\.stripe\.com\//),
      'Stripe Pay Link': expect.stringMatching(/^plink_/),
    });
    const links = studio.cloud.stripe.objects('payment_links');
    expect(links).toEqual([
      expect.objectContaining({
        active: true,
        metadata: { invoice: `${saleId}:0`, studio: studio.workbook.id },
        restrictions: { completed_sessions: { count: 0, limit: 1 } },
      }),
    ]);
    expect(studio.cloud.stripe.objects('prices')).toEqual([
      expect.objectContaining({ unit_amount: 30000, currency: 'aud' }),
    ]);
    const mail = studio.cloud.mail.outbox.find(
      (m: any) => m.to.includes('bo.ray@example.com') && /invoice 1/.test(m.subject),
    );
    expect(mail.body).toContain(String(invoice['Pay Link']));
    // A rerun makes no second link.
    ok(studio.call('2026-03-02', 'runDailyProcesses', {}));
    expect(studio.cloud.stripe.objects('payment_links')).toHaveLength(1);
    // Weeks later (a Checkout Session would have expired): the link still works.
    const paid = studio.cloud.stripe.payLink(String(invoice['Pay Link']), {
      card: '4242 4242 4242 4242',
      exp: '08/28',
    });
    expect(paid.ok).toBe(true);
    ok(studio.call('2026-03-12', 'runDailyProcesses', {}));
    ok(studio.call('2026-03-12', 'runDailyProcesses', {}));
    const intent = studio.cloud.stripe.objects('payment_intents')[0];
    expect(dump(studio, 'Payments').map((p) => [p['Invoice No'], p.Amount, p.Method, p.Reference, p.Key])).toEqual([
      [1, 300, 'Stripe', intent.id, `1:pay:stripe.${intent.id}`],
    ]);
    expect(dump(studio, 'Invoices').find((i) => i.Key === `${saleId}:0`)).toMatchObject({
      Paid: 300,
      Status: 'Paid',
      'Pay Link': '',
      'Stripe Pay Link': '',
    });
    expect(studio.cloud.stripe.objects('payment_links')[0].active).toBe(false);
  });

  test('paid another way: the link is turned off and can no longer be paid', () => {
    const { studio, saleId } = studioWithInvoice();
    const url = String(dump(studio, 'Invoices').find((i) => i.Key === `${saleId}:0`)?.['Pay Link']);
    ok(studio.call('2026-03-03', 'recordPayment', { invoiceNo: 1, amount: 30000, method: 'cash', requestId: 'p-1' }));
    ok(studio.call('2026-03-03', 'runDailyProcesses', {}));
    expect(studio.cloud.stripe.objects('payment_links')[0].active).toBe(false);
    expect(dump(studio, 'Invoices').find((i) => i.Key === `${saleId}:0`)?.['Stripe Pay Link']).toBe('');
    expect(studio.cloud.stripe.payLink(url, { card: '4242424242424242', exp: '08/28' })).toEqual({
      ok: false,
      message: 'This link is no longer active.',
    });
    expect(studio.cloud.stripe.objects('payment_intents')).toEqual([]);
  });

  test('part paid another way: the link is replaced by one for what is left, the old one stops working', () => {
    const { studio, saleId } = studioWithInvoice();
    const invoiceRow = () => dump(studio, 'Invoices').find((i) => i.Key === `${saleId}:0`) as Record<string, unknown>;
    const first = invoiceRow();
    expect(first['Stripe Pay Link']).toMatch(/^plink_\S+ for 300\.00$/);
    ok(studio.call('2026-03-03', 'recordPayment', { invoiceNo: 1, amount: 10000, method: 'cash', requestId: 'p-1' }));
    ok(studio.call('2026-03-04', 'runDailyProcesses', {}));
    ok(studio.call('2026-03-04', 'runDailyProcesses', {})); // a rerun replaces nothing more
    const links = studio.cloud.stripe.objects('payment_links');
    expect(links.map((l: any) => l.active)).toEqual([false, true]);
    expect(studio.cloud.stripe.objects('prices').map((p: any) => p.unit_amount)).toEqual([30000, 20000]);
    const now = invoiceRow();
    expect(now['Stripe Pay Link']).toBe(`${links[1].id} for 200.00`);
    expect(now['Pay Link']).not.toBe(first['Pay Link']);
    expect(studio.cloud.stripe.payLink(String(first['Pay Link']), { card: '4242424242424242', exp: '08/28' })).toEqual({
      ok: false,
      message: 'This link is no longer active.',
    });
    // The new link asks what is left, and paying it settles the invoice.
    expect(studio.cloud.stripe.payLink(String(now['Pay Link']), { card: '4242424242424242', exp: '08/28' }).ok).toBe(
      true,
    );
    ok(studio.call('2026-03-05', 'runDailyProcesses', {}));
    expect(invoiceRow()).toMatchObject({ Paid: 300, Status: 'Paid', 'Pay Link': '', 'Stripe Pay Link': '' });
    expect(dump(studio, 'Payments').map((p) => [p.Amount, p.Method])).toEqual([
      [100, 'Cash'],
      [200, 'Stripe'],
    ]);
  });

  test("a statement carries each owing invoice's pay link, on its own line", () => {
    const { studio, saleId, clientId } = studioWithInvoice();
    const url = String(dump(studio, 'Invoices').find((i) => i.Key === `${saleId}:0`)?.['Pay Link']);
    ok(studio.call('2026-03-03', 'emailStatement', { clientId, requestId: 'st-1' }));
    const mail = studio.cloud.mail.outbox.find(
      (m: any) => m.to.includes('bo.ray@example.com') && m.subject.includes('your sessions'),
    );
    expect(mail.body).toContain(`\n  Pay invoice 1 online (Stripe's secure page): ${url}\n`);
    // Paid: the next statement has no link.
    ok(studio.call('2026-03-04', 'recordPayment', { invoiceNo: 1, amount: 30000, method: 'cash', requestId: 'p-1' }));
    ok(studio.call('2026-03-04', 'emailStatement', { clientId, requestId: 'st-2' }));
    const later = studio.cloud.mail.outbox.filter((m: any) => m.subject.includes('your sessions')).at(-1);
    expect(later.body).not.toContain('Pay invoice');
  });

  test('a link an earlier version made (its cell the id alone) is replaced after a part payment too', () => {
    const { studio, saleId } = studioWithInvoice();
    const row = dump(studio, 'Invoices').find((i) => i.Key === `${saleId}:0`) as Record<string, unknown>;
    const id = String(row['Stripe Pay Link']).split(' ')[0];
    setCell(studio, 'Invoices', 'Key', `${saleId}:0`, 'Stripe Pay Link', id);
    ok(studio.call('2026-03-03', 'recordPayment', { invoiceNo: 1, amount: 10000, method: 'cash', requestId: 'p-1' }));
    ok(studio.call('2026-03-04', 'runDailyProcesses', {}));
    const links = studio.cloud.stripe.objects('payment_links');
    expect(links.map((l: any) => [l.id === id, l.active])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(dump(studio, 'Invoices').find((i) => i.Key === `${saleId}:0`)?.['Stripe Pay Link']).toBe(
      `${links[1].id} for 200.00`,
    );
  });

  test('a statement the day of a part payment leaves out the link that still asks the whole amount', () => {
    const { studio, saleId, clientId } = studioWithInvoice();
    const url = String(dump(studio, 'Invoices').find((i) => i.Key === `${saleId}:0`)?.['Pay Link']);
    ok(studio.call('2026-03-03', 'recordPayment', { invoiceNo: 1, amount: 10000, method: 'cash', requestId: 'p-1' }));
    ok(studio.call('2026-03-03', 'emailStatement', { clientId, requestId: 'st-1' }));
    const mail = studio.cloud.mail.outbox.filter((m: any) => m.subject.includes('your sessions')).at(-1);
    expect(mail.body).toContain('Owing: $200.00.');
    expect(mail.body).not.toContain(url);
    // The night replaces it; the next statement has the new link, asking $200.
    ok(studio.call('2026-03-04', 'runDailyProcesses', {}));
    const fresh = String(dump(studio, 'Invoices').find((i) => i.Key === `${saleId}:0`)?.['Pay Link']);
    ok(studio.call('2026-03-04', 'emailStatement', { clientId, requestId: 'st-2' }));
    const later = studio.cloud.mail.outbox.filter((m: any) => m.subject.includes('your sessions')).at(-1);
    expect(later.body).toContain(`Pay invoice 1 online (Stripe's secure page): ${fresh}`);
  });
});
