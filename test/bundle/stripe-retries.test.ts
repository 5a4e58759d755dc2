// A declined card tried again on the days the owner sets ("Retry a declined card after (days)"), on the
// built bundle under the local runtime and the emulated Stripe: each try its own idempotency key, the
// client told of each decline once (a page to pay by saving another card), nothing tried after the invoice
// is paid another way, and after the last try the invoice left overdue with the reason.
import { clientWithCard, paidStudio, setCell } from '../support/stripe';
import { ok, type Studio, setSetting } from '../support/studio';

const dump = (studio: Studio, tab: string) => studio.dump(tab)[tab];
const intentsOf = (studio: Studio, invoiceKey: string) =>
  studio.cloud.stripe
    .objects('payment_intents')
    .filter((pi: any) => pi.metadata.invoice === invoiceKey)
    .map((pi: any) => [pi.metadata.attempt ?? '0', pi.status]);
const collectionOf = (studio: Studio, invoiceKey: string) =>
  dump(studio, 'Invoices').find((i) => i.Key === invoiceKey)?.Collection;
const chargeKeys = (studio: Studio) =>
  studio.cloud.stripe.requests
    .filter((r: any) => r.method === 'POST' && r.path === '/v1/payment_intents')
    .map((r: any) => r.idempotencyKey);

describe('a declined card tried again', () => {
  test('declined, retried on day 3 (declined again), the client saves another card from the email, paid on day 7: one charge per try, each with its own key', () => {
    const paid = paidStudio();
    const { studio } = paid;
    setSetting(studio, 'Retry a declined card after (days)', '3, 7');
    const ada = clientWithCard(paid, 'Ada Park', '4000000000000341');
    const invoice = `${ada.saleId}:0`;
    ok(studio.call('2026-03-02', 'runDailyProcesses', {}));
    expect(collectionOf(studio, invoice)).toBe(
      'Declined Mon 2 Mar 2026: the card was declined; next try Thu 5 Mar 2026',
    );
    // The card saved today is on file (and tried again) while the decline's page waits: the cell says so.
    expect(dump(studio, 'Clients').find((c) => c['Client ID'] === ada.clientId)?.Card).toMatch(
      /^Waiting for the card: link sent Mon 2 Mar 2026 \(Visa •••• 0341, expires \d\d\/\d\d still on file\)$/,
    );
    for (const day of ['2026-03-03', '2026-03-04']) ok(studio.call(day, 'runDailyProcesses', {}));
    expect(intentsOf(studio, invoice)).toEqual([['0', 'requires_payment_method']]);
    ok(studio.call('2026-03-05', 'runDailyProcesses', {}));
    ok(studio.call('2026-03-05', 'runDailyProcesses', {})); // a rerun tries nothing more
    expect(collectionOf(studio, invoice)).toBe(
      'Declined Thu 5 Mar 2026 (retry 1, first declined Mon 2 Mar 2026): the card was declined; next try Mon 9 Mar 2026',
    );
    expect(intentsOf(studio, invoice)).toEqual([
      ['0', 'requires_payment_method'],
      ['1', 'requires_payment_method'],
    ]);
    // Each decline told once, with a page to save another card; the client uses the second.
    const told = studio.cloud.mail.outbox.filter(
      (m: any) => m.to.includes('ada.park@example.com') && /declined/.test(m.subject),
    );
    expect(told).toHaveLength(2);
    expect(told[1].body).toContain('We will try the card again on Mon 9 Mar 2026.');
    expect(
      dump(studio, 'Email Log')
        .filter((e) => e.Kind === 'declined' || String(e.Key).startsWith('declined:'))
        .map((e) => [e.Key, e.Status]),
    ).toEqual([
      [`declined:${invoice}:0`, 'sent'],
      [`declined:${invoice}:1`, 'sent'],
    ]);
    const link = /https:\/\/checkout\.stripe\.com\/c\/pay\/\S+/.exec(told[1].body)?.[0] as string;
    expect(studio.cloud.stripe.completeCheckout(link, { card: '4242 4242 4242 4242', exp: '09/29' })).toMatchObject({
      ok: true,
    });
    ok(studio.call('2026-03-06', 'runDailyProcesses', {}));
    expect(dump(studio, 'Clients').find((c) => c['Client ID'] === ada.clientId)?.Card).toBe(
      'Visa •••• 4242, expires 09/29',
    );
    ok(studio.call('2026-03-09', 'runDailyProcesses', {}));
    ok(studio.call('2026-03-10', 'runDailyProcesses', {}));
    expect(intentsOf(studio, invoice)).toEqual([
      ['0', 'requires_payment_method'],
      ['1', 'requires_payment_method'],
      ['2', 'succeeded'],
    ]);
    const studioId = studio.workbook.id;
    expect(chargeKeys(studio)).toEqual([
      `charge:${studioId}:${invoice}`,
      `charge:${studioId}:${invoice}:1`,
      `charge:${studioId}:${invoice}:2`,
    ]);
    expect(dump(studio, 'Invoices').find((i) => i.Key === invoice)).toMatchObject({
      Paid: 300,
      Status: 'Paid',
      Collection: 'Paid by card Mon 9 Mar 2026 (Visa •••• 4242, expires 09/29)',
    });
    expect(dump(studio, 'Payments').map((p) => [p['Invoice No'], p.Amount, p.Method, p.Date])).toEqual([
      [1, 300, 'Stripe', '2026-03-09'],
    ]);
  });

  test('after the last try the invoice stays overdue with its reason; insufficient funds in the owner words', () => {
    const paid = paidStudio();
    const { studio } = paid;
    setSetting(studio, 'Retry a declined card after (days)', '2');
    const bo = clientWithCard(paid, 'Bo Ray', '4000000000009995');
    const invoice = `${bo.saleId}:0`;
    for (const day of ['2026-03-02', '2026-03-04', '2026-03-05', '2026-03-12'])
      ok(studio.call(day, 'runDailyProcesses', {}));
    expect(intentsOf(studio, invoice)).toHaveLength(2);
    expect(dump(studio, 'Invoices').find((i) => i.Key === invoice)).toMatchObject({
      Paid: 0,
      Status: 'Overdue',
      Collection: 'Declined Wed 4 Mar 2026 (retry 1, first declined Mon 2 Mar 2026): insufficient funds; no more tries',
    });
  });

  test('paid by hand after the decline: never tried again', () => {
    const paid = paidStudio();
    const { studio } = paid;
    setSetting(studio, 'Retry a declined card after (days)', '3, 7');
    const ada = clientWithCard(paid, 'Ada Park', '4000000000000341');
    ok(studio.call('2026-03-02', 'runDailyProcesses', {}));
    ok(studio.call('2026-03-03', 'recordPayment', { invoiceNo: 1, amount: 10000, method: 'cash', requestId: 'p-1' }));
    for (const day of ['2026-03-05', '2026-03-09']) ok(studio.call(day, 'runDailyProcesses', {}));
    expect(intentsOf(studio, `${ada.saleId}:0`)).toEqual([['0', 'requires_payment_method']]);
  });

  test('a client who said no to email: the decline logged "skipped: opted out", no page made, nothing sent', () => {
    const paid = paidStudio();
    const { studio } = paid;
    setSetting(studio, 'Retry a declined card after (days)', '3');
    const jo = clientWithCard(paid, 'Jo Kim', '4000000000000341');
    setCell(studio, 'Clients', 'Client ID', jo.clientId, 'No Email', 'Yes');
    const sessions = studio.cloud.stripe.objects('checkout_sessions').length;
    for (const day of ['2026-03-02', '2026-03-02', '2026-03-05']) ok(studio.call(day, 'runDailyProcesses', {}));
    expect(intentsOf(studio, `${jo.saleId}:0`)).toHaveLength(2);
    expect(
      studio.cloud.mail.outbox.filter((m: any) => m.to.includes('jo.kim@example.com') && /declined/.test(m.subject)),
    ).toEqual([]);
    expect(
      dump(studio, 'Email Log')
        .filter((e) => String(e.Key).startsWith('declined:'))
        .map((e) => [e.Key, e.Status]),
    ).toEqual([
      [`declined:${jo.saleId}:0:0`, 'skipped: opted out'],
      [`declined:${jo.saleId}:0:1`, 'skipped: opted out'],
    ]);
    expect(studio.cloud.stripe.objects('checkout_sessions')).toHaveLength(sessions);
  });

  test('paid through its pay link after the decline: the retry charges nothing, and no second decline email', () => {
    const paid = paidStudio();
    const { studio } = paid;
    setSetting(studio, 'Retry a declined card after (days)', '3');
    const ada = clientWithCard(paid, 'Ada Park', '4000000000000341');
    const invoice = `${ada.saleId}:0`;
    ok(studio.call('2026-03-02', 'runDailyProcesses', {}));
    const link = String(dump(studio, 'Invoices').find((i) => i.Key === invoice)?.['Pay Link']);
    expect(link).toMatch(/^https:\/\/buy\.stripe\.com\//);
    // The client pays the link on the 4th, after that night's run; the retry is due on the 5th.
    ok(studio.call('2026-03-04', 'runDailyProcesses', {}));
    expect(studio.cloud.stripe.payLink(link, { card: '4242424242424242', exp: '08/28' }).ok).toBe(true);
    ok(studio.call('2026-03-05', 'runDailyProcesses', {}));
    expect(intentsOf(studio, invoice)).toEqual([
      ['0', 'requires_payment_method'],
      ['0', 'succeeded'],
    ]);
    expect(dump(studio, 'Invoices').find((i) => i.Key === invoice)).toMatchObject({ Paid: 300, Status: 'Paid' });
    const declined = studio.cloud.mail.outbox.filter((m: any) => /declined/.test(m.subject));
    expect(declined).toHaveLength(1);
  });
});
