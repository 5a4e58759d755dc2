// Reconciliation with the studio's Stripe account (src/addon/reconcile.ts), on the built bundle under the
// local runtime: a refund made in Stripe's Dashboard becomes a negative Payments row and the invoice owes
// again, once across reruns; a payment that matches no invoice is listed in the Run Log; a payout is a
// line; a run stopped between the refund row and the cursor neither loses nor doubles it.

import { cloneWorkbook } from '../reliability/harness';
import { clientWithCard, paidStudio } from '../support/stripe';
import { newStudio, ok, type Studio } from '../support/studio';

const { createCloud, createStripe } = require('../../local/runtime');

/** A copy of the studio as it stands: its workbook, its Stripe account, its users' properties. */
function fork(from: Studio): Studio {
  const stripe = createStripe({ state: structuredClone(from.cloud.stripe.state) });
  stripe.lastNow = from.cloud.stripe.lastNow;
  const cloud = createCloud({
    stripe,
    userProperties: structuredClone(from.cloud.userProperties),
    documentProperties: structuredClone(from.cloud.documentProperties),
    scriptProperties: structuredClone(from.cloud.scriptProperties),
  });
  return newStudio({ workbook: cloneWorkbook(from.workbook), cloud, setUp: false });
}

const dump = (studio: Studio, tab: string) => studio.dump(tab)[tab];
const reconcileRows = (studio: Studio) => dump(studio, 'Run Log').filter((r) => r.Job === 'Stripe reconciliation');

/** A studio whose first instalment (S-…:0, invoice 1) was charged to Sam's card on 2 Mar. */
function chargedStudio() {
  const paid = paidStudio();
  const sam = clientWithCard(paid, 'Sam Lee', '4242424242424242');
  ok(paid.studio.call('2026-03-02', 'runDailyProcesses', {}));
  const [intent] = paid.studio.cloud.stripe.objects('payment_intents');
  expect(intent.status).toBe('succeeded');
  return { ...paid, sam, intent };
}

describe('reconciliation', () => {
  test('a charge refunded in Stripe: a negative Payments row (method Stripe, Reference the refund), the invoice owing again; once across two runs', () => {
    const { studio, intent } = chargedStudio();
    studio.cloud.stripe.lastNow = Date.parse('2026-03-04T01:00:00Z');
    const refund = studio.cloud.stripe.dashboardRefund(intent.id);
    ok(studio.call('2026-03-05', 'runDailyProcesses', {}));
    ok(studio.call('2026-03-05', 'runDailyProcesses', {}));
    ok(studio.call('2026-03-06', 'runDailyProcesses', {}));
    const payments = dump(studio, 'Payments');
    expect(payments.map((p) => [p.Key, p['Invoice No'], p.Amount, p.Method, p.Reference, p.Date])).toEqual([
      [`1:pay:stripe.${intent.id}`, 1, 300, 'Stripe', intent.id, '2026-03-02'],
      // Made on the 4th (Sydney), recorded the night of the 5th: dated the day Stripe made it.
      [`1:refund:stripe.${refund.id}`, 1, -300, 'Stripe', refund.id, '2026-03-04'],
    ]);
    expect(dump(studio, 'Invoices')[0]).toMatchObject({
      Paid: 0,
      Status: 'Open',
      Collection: 'Refunded in Stripe Wed 4 Mar 2026: $0.00 paid now',
    });
    const logged = reconcileRows(studio);
    expect(logged).toHaveLength(1);
    expect(logged[0].Details).toContain('1 refund made in Stripe recorded in Payments');
    // No receipt for a refund; the charge is not made again (its Collection is not blank).
    expect(studio.cloud.mail.outbox.filter((m: any) => /receipt for -/.test(m.subject))).toEqual([]);
    expect(studio.cloud.stripe.objects('payment_intents')).toHaveLength(1);
  });

  test('a part refund leaves the invoice part-paid', () => {
    const { studio, intent } = chargedStudio();
    studio.cloud.stripe.dashboardRefund(intent.id, 5000);
    ok(studio.call('2026-03-03', 'runDailyProcesses', {}));
    expect(dump(studio, 'Invoices')[0]).toMatchObject({ Paid: 250, Status: 'Part-paid' });
    expect(dump(studio, 'Payments').map((p) => p.Amount)).toEqual([300, -50]);
  });

  test('a payment that matches no invoice is listed for the owner; a payout is a line; neither twice', () => {
    const { studio, key } = chargedStudio();
    const stripe = studio.cloud.stripe;
    // A payment taken in Stripe for no invoice (the Dashboard, another tool): a PaymentIntent of a saved card.
    const [customer] = stripe.objects('customers');
    const [pm] = stripe.objects('payment_methods');
    const res = stripe.handle({
      method: 'POST',
      path: '/v1/payment_intents',
      query: '',
      headers: { authorization: `Bearer ${key}` },
      payload: `amount=4500&currency=aud&customer=${customer.id}&payment_method=${pm.id}&confirm=true&off_session=true`,
      contentType: 'application/x-www-form-urlencoded',
      now: Date.parse('2026-03-03T02:00:00Z'),
    });
    expect(res.status).toBe(200);
    const stray = JSON.parse(res.body);
    stripe.lastNow = Date.parse('2026-03-03T03:00:00Z');
    const payout = stripe.dashboardPayout({ amount: 25500, arrivalDate: '2026-03-06' });
    const reply = ok(studio.call('2026-03-04', 'runDailyProcesses', {}));
    ok(studio.call('2026-03-05', 'runDailyProcesses', {}));
    const logged = reconcileRows(studio);
    expect(logged).toHaveLength(1);
    expect(logged[0].Problems).toBe(1);
    expect(logged[0].Details).toContain(
      `Stripe: a payment of $45.00 on Tue 3 Mar 2026 (${stray.id}, customer ${customer.id}) names no invoice`,
    );
    expect(logged[0].Details).toContain(`Stripe payout ${payout.id} of $255.00, arriving Fri 6 Mar 2026 (in transit)`);
    // The charged instalment is matched: not listed.
    expect(logged[0].Details).not.toContain(studio.cloud.stripe.objects('payment_intents')[0].id);
    expect(reply.summary.problems).toEqual([
      'Stripe: 1 payment or refund matches no invoice: see the Run Log\'s "Stripe reconciliation" row.',
    ]);
    expect(JSON.stringify(dump(studio, 'Run Log'))).not.toContain(key);
  });

  test('a run stopped between the refund row and the cursor: the next run neither loses nor doubles it', () => {
    const { studio: base, intent } = chargedStudio();
    const refund = base.cloud.stripe.dashboardRefund(intent.id);
    const failures: string[] = [];
    let stops = 0;
    for (let n = 1; n <= 60; n++) {
      const s = fork(base);
      const rt = s.runtime('2026-03-03');
      rt.faults = { failAfterWrite: n };
      let threw = false;
      try {
        rt.load().runDailyProcesses({});
      } catch {
        threw = true;
      } finally {
        rt.endExecution();
      }
      if (!threw) break; // past the run's last write
      stops++;
      ok(s.call('2026-03-03', 'runDailyProcesses', {}));
      ok(s.call('2026-03-04', 'runDailyProcesses', {}));
      const refunds = dump(s, 'Payments').filter((p) => p.Reference === refund.id);
      const invoice = dump(s, 'Invoices')[0];
      if (refunds.length !== 1) failures.push(`stopped after write ${n}: ${refunds.length} refund rows`);
      if (invoice.Paid !== 0 || invoice.Status !== 'Open')
        failures.push(`stopped after write ${n}: invoice Paid ${invoice.Paid}, ${invoice.Status}`);
    }
    expect(stops).toBeGreaterThan(3);
    expect(failures).toEqual([]);
  });
});
