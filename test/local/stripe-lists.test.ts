// The emulated Stripe's lists as reconciliation reads them (local/runtime/stripe/reconcile.js), reached
// through the runtime's UrlFetchApp: `created[gte|gt|lte|lt]`, pages of `limit` with `starting_after` and
// `has_more`, newest first; payouts made by the Dashboard, listed with Payouts read only; and the
// permission each list needs.
import { createRuntime, Workbook } from '../support/local-runtime';

function world(now = '2026-03-02T10:00') {
  const rt = createRuntime({ workbook: Workbook.create({ timeZone: 'Australia/Sydney' }), now, distDir: 'dist' });
  const stripe = rt.cloud.stripe;
  const get = (key: string, path: string) => {
    const r = rt.globals().UrlFetchApp.fetch(`https://api.stripe.com${path}`, {
      headers: { Authorization: `Bearer ${key}` },
      muteHttpExceptions: true,
    });
    return { status: r.getResponseCode(), body: JSON.parse(r.getContentText()) };
  };
  return { rt, stripe, get };
}

test('payouts: made by the Dashboard, listed newest first, paged with starting_after while has_more, filtered by created', () => {
  const w = world();
  const key = w.stripe.issueKey({ permissions: { payout: 'read' } });
  const at = (iso: string) => {
    w.stripe.lastNow = Date.parse(iso);
  };
  at('2026-03-01T00:00:00Z');
  const first = w.stripe.dashboardPayout({ amount: 1000, arrivalDate: '2026-03-03' });
  at('2026-03-02T00:00:00Z');
  const second = w.stripe.dashboardPayout({ amount: 2000 });
  const third = w.stripe.dashboardPayout({ amount: 3000 });
  expect(first).toMatchObject({ object: 'payout', amount: 1000, currency: 'aud', status: 'in_transit' });
  const page1 = w.get(key, '/v1/payouts?limit=2').body;
  expect(page1.data.map((p: any) => p.id)).toEqual([third.id, second.id]);
  expect(page1.has_more).toBe(true);
  const page2 = w.get(key, `/v1/payouts?limit=2&starting_after=${second.id}`).body;
  expect(page2.data.map((p: any) => p.id)).toEqual([first.id]);
  expect(page2.has_more).toBe(false);
  const since = Math.floor(Date.parse('2026-03-02T00:00:00Z') / 1000);
  expect(w.get(key, `/v1/payouts?created[gte]=${since}`).body.data).toHaveLength(2);
  expect(w.get(key, `/v1/payouts?created[gt]=${since}`).body.data).toHaveLength(0);
  expect(w.get(key, `/v1/payouts?created[lt]=${since}`).body.data.map((p: any) => p.id)).toEqual([first.id]);
  expect(w.get(key, `/v1/payouts/${first.id}`).body).toMatchObject({ id: first.id, amount: 1000 });
  expect(w.get(key, '/v1/payouts?created[after]=1').status).toBe(400);
});

test('each list needs its read permission: refunds (rak_refund_read), payouts (rak_payout_read), charges', () => {
  const w = world();
  const key = w.stripe.issueKey({ permissions: { payment_intent: 'write' } });
  expect(w.get(key, '/v1/payment_intents?created[gte]=0').status).toBe(200);
  for (const [path, permission] of [
    ['/v1/refunds', 'rak_refund_read'],
    ['/v1/payouts', 'rak_payout_read'],
    ['/v1/charges', 'rak_charge_read'],
  ]) {
    const r = w.get(key, `${path}?created[gte]=0`);
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain(`'${permission}'`);
  }
});
