// A Payment Link's hosted page at buy.stripe.com (local/runtime/stripe/buypage.js), as a browser would
// reach it (here through the runtime's UrlFetchApp, which reaches the same hosts): what it asks, escaped;
// a declined card said on the page; paid once, the link (limited to one payment) then turned off.
import { createRuntime, Workbook } from '../support/local-runtime';

test("a Payment Link's page: the amount and the business (escaped), a decline said, a payment made once", () => {
  const rt = createRuntime({
    workbook: Workbook.create({ timeZone: 'Australia/Sydney' }),
    now: '2026-03-02T10:00',
    distDir: 'dist',
  });
  const { stripe } = rt.cloud;
  stripe.state.businessName = '<b>Harbour</b> & Co';
  const key = stripe.issueKey({ type: 'secret' });
  const { UrlFetchApp } = rt.globals();
  const api = (path: string, payload: Record<string, string>) =>
    JSON.parse(
      UrlFetchApp.fetch(`https://api.stripe.com${path}`, {
        method: 'post',
        headers: { Authorization: `Bearer ${key}` },
        payload,
      }).getContentText(),
    );
  const price = api('/v1/prices', { currency: 'aud', unit_amount: '30000', 'product_data[name]': 'Invoice 4' });
  const link = api('/v1/payment_links', {
    'line_items[0][price]': price.id,
    'line_items[0][quantity]': '1',
    'payment_intent_data[metadata][invoice]': 'S-1:1',
    'restrictions[completed_sessions][limit]': '1',
  });
  expect(link.url).toMatch(/^https:\/\/buy\.stripe\.com\/test_/);
  const open = (payload?: string) =>
    UrlFetchApp.fetch(link.url, {
      method: payload ? 'post' : 'get',
      ...(payload ? { payload } : {}),
      muteHttpExceptions: true,
      followRedirects: false,
    });
  const page = open().getContentText();
  expect(page).toContain('Pay AUD 300.00 to &#60;b&#62;Harbour&#60;/b&#62; &#38; Co.');
  expect(page).not.toContain('<b>Harbour');
  expect(open('cardnumber=4000000000000002&exp=08%2F28').getContentText()).toContain(
    '<p role="alert" class="error">Your card was declined.</p>',
  );
  expect(open('cardnumber=4242424242424242&exp=08%2F28').getContentText()).toContain('Thanks for your payment.');
  expect(stripe.objects('payment_intents').filter((pi: any) => pi.status === 'succeeded')).toHaveLength(1);
  expect(open().getContentText()).toContain('This link is no longer active.');
  expect(open('cardnumber=4242424242424242&exp=08%2F28').getContentText()).toContain('This link is no longer active.');
  expect(stripe.objects('payment_intents').filter((pi: any) => pi.status === 'succeeded')).toHaveLength(1);
});
