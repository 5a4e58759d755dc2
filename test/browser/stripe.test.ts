/**
 * Getting paid with Stripe in the local preview, end to end in the browser: the owner connects a key of
 * the local (emulated) Stripe account and asks a client for a card; the client opens the link from the
 * Outbox on the preview's copy of Stripe's hosted page (/stripe/checkout.stripe.com/c/pay/<id>), types a
 * test card and saves it; Run Daily Processes writes "Visa •••• 4242, expires 08/28" on the Clients row and
 * charges the instalment of a package charged automatically on its due date (a Payments row, method Stripe).
 */
import { join } from 'node:path';
import { expect } from '@jest/globals';
import {
  ARTIFACTS,
  closeAfterTests,
  dump,
  menu,
  openSidebar,
  type Studio,
  screenshot,
  seed,
  startStudio,
} from './harness';

const { stripeKey } = require('../../local/studio');

let studio: Studio;
const XSS = '<img src=x onerror="document.title=\'pwned\'">Harbour & Co';

beforeAll(async () => {
  studio = await startStudio('stripe');
  await seed(studio, [
    [
      'savePackage',
      {
        name: 'Reformer Fortnightly',
        sessionsPerPeriod: 6,
        frequency: 'fortnightly',
        rollover: 'reset',
        recurWeeks: 0,
        priceCents: 30000,
      },
    ],
    ['saveClient', { name: 'Sam Lee', email: 'sam@example.com' }],
  ]);
  await studio.session((_script, runtime: any) => {
    // The package charges automatically (typed in the Packages tab); the Stripe account's business name
    // is text its pages must show as text.
    const sheet = runtime.globals().SpreadsheetApp.getActive().getSheetByName('Packages');
    const header: string[] = sheet.getDataRange().getValues()[0];
    sheet.getRange(2, header.indexOf('Charge Automatically') + 1).setValue('Yes');
    runtime.cloud.stripe.state.businessName = XSS;
    runtime.cloud.stripe._changed();
  });
}, 60_000);
closeAfterTests(() => studio);

test("a client saves a card on the local Stripe page from the Outbox's link; the nightly run shows it and charges the instalment due; a refund in Stripe is a negative row", async () => {
  const { page } = studio;
  const key: string = await stripeKey({ workbook: studio.workbook, today: '2026-11-20' }, false);
  const f = await openSidebar(page, 'Get paid with Stripe…', 'Get paid with Stripe');
  await f.getByLabel('Restricted key').fill(key);
  await f.getByLabel('Your website').fill('https://pilates.example/thanks');
  await f.getByRole('button', { name: 'Connect' }).click();
  await f.getByText(`Connected (test mode) · key …${key.slice(-4)} · AUD`).waitFor();
  await f.getByLabel('Client').selectOption({ label: 'Sam Lee (C-1)' });
  await f.getByRole('button', { name: 'Email the link' }).click();
  await f
    .getByText(/sam@example\.com/)
    .first()
    .waitFor();

  // The Outbox shows the Card request, with its Stripe page linked to the preview's copy of it.
  await page.locator('#sidebar-close').click();
  await page.locator('#outbox-toggle').click();
  await page.locator('#outbox-rows tr', { hasText: 'sam@example.com' }).getByRole('button').click();
  const link = page.locator('#message-stripe a');
  await expect(link.textContent()).resolves.toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
  const href = String(await link.getAttribute('href'));
  expect(href).toMatch(/^\/stripe\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
  const [stripePage] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  stripePage.on('pageerror', (e) => studio.pageErrors.push(e.message));
  await stripePage.getByRole('heading', { name: XSS }).waitFor();
  await stripePage.getByText('TEST MODE').waitFor();
  // The business's name is text: no element came from it, no handler ran.
  await expect(stripePage.locator('img').count()).resolves.toBe(0);

  // A card Stripe refuses: the page says why and stays open.
  await stripePage.getByLabel('Card number').fill('4000 0000 0000 0002');
  await stripePage.getByLabel('Expiry (MM / YY)').fill('08 / 28');
  await stripePage.getByRole('button', { name: 'Save card' }).click();
  await stripePage.getByRole('alert').getByText('Your card was declined.').waitFor();
  await stripePage.getByLabel('Card number').fill('4242 4242 4242 4242');
  await stripePage.getByLabel('Expiry (MM / YY)').fill('08 / 28');
  await stripePage.getByLabel('CVC').fill('123');
  await stripePage.screenshot({ path: join(ARTIFACTS, 'stripe-hosted-page.png') });
  await stripePage.getByRole('button', { name: 'Save card' }).click();
  // Stripe sends the client to the studio's website, which the preview names (it has no internet).
  await stripePage.getByText('Stripe now sends the client to https://pilates.example/thanks').waitFor();
  await expect(stripePage.title()).resolves.not.toBe('pwned');
  // The page is done: opened again, it says so.
  await stripePage.goto(new URL(href, studio.url.replace('localhost', '127.0.0.1')).toString());
  await stripePage.getByText('This page is no longer available.').waitFor();
  await stripePage.close();

  // Sold today: its first instalment is due today and the package charges automatically.
  await seed(studio, [['sellPackage', { clientId: 'C-1', packageId: 'P-1', startDate: '2026-11-25' }]]);
  await page.locator('#outbox-toggle').click();
  await menu(page, 'Run Daily Processes now');
  const dialog = page.getByRole('dialog');
  await dialog
    .getByText(/Wed 25 Nov 2026/)
    .first()
    .waitFor();
  await dialog.getByRole('button', { name: 'OK' }).click();
  await page.getByRole('tab', { name: 'Clients' }).click();
  await page.getByText('Visa •••• 4242, expires 08/28').first().waitFor();
  const tabs = await dump(studio);
  expect(tabs.Clients[0]).toMatchObject({ Card: 'Visa •••• 4242, expires 08/28' });
  expect(tabs.Invoices[0]).toMatchObject({
    'Due Date': '2026-11-25',
    Paid: 300,
    Status: 'Paid',
    Collection: 'Paid by card Wed 25 Nov 2026 (Visa •••• 4242, expires 08/28)',
  });
  expect(tabs.Payments.map((p) => [p['Invoice No'], p.Amount, p.Method, p.Date])).toEqual([
    [1, 300, 'Stripe', '2026-11-25'],
  ]);
  expect(String(tabs.Payments[0].Reference)).toMatch(/^pi_/);
  await screenshot(page, 'stripe-charged');

  // Refunded in Stripe's Dashboard: the next run records it as a negative row, the invoice owing again.
  await studio.session((_script, runtime: any) => {
    runtime.cloud.stripe.lastNow = runtime.clock();
    runtime.cloud.stripe.dashboardRefund(String(tabs.Payments[0].Reference));
  });
  await menu(page, 'Run Daily Processes now');
  await dialog
    .getByText(/Wed 25 Nov 2026/)
    .first()
    .waitFor();
  await dialog.getByRole('button', { name: 'OK' }).click();
  const after = await dump(studio);
  expect(after.Payments.map((p) => [p.Amount, p.Method, String(p.Reference).slice(0, 3)])).toEqual([
    [300, 'Stripe', 'pi_'],
    [-300, 'Stripe', 're_'],
  ]);
  expect(after.Invoices[0]).toMatchObject({ Paid: 0, Status: 'Open' });
  expect(after['Run Log'].filter((r) => r.Job === 'Stripe reconciliation')).toHaveLength(1);
});

test("a Payment Link's page (buy.stripe.com) is served too: a client pays it in the browser, once", async () => {
  const url: string = await studio.session((_script, runtime: any) => {
    const { stripe } = runtime.cloud;
    stripe.lastNow = runtime.clock();
    const key = stripe.issueKey({ type: 'secret' });
    const post = (path: string, payload: string) =>
      JSON.parse(
        stripe.handle({
          method: 'POST',
          path,
          query: '',
          headers: { authorization: `Bearer ${key}` },
          payload,
          contentType: 'application/x-www-form-urlencoded',
          now: runtime.clock(),
        }).body,
      );
    const price = post('/v1/prices', 'currency=aud&unit_amount=30000&product_data[name]=Invoice%204');
    return post(
      '/v1/payment_links',
      `line_items[0][price]=${price.id}&line_items[0][quantity]=1&restrictions[completed_sessions][limit]=1`,
    ).url;
  });
  expect(url).toMatch(/^https:\/\/buy\.stripe\.com\//);
  const pay = await studio.page.context().newPage();
  pay.on('pageerror', (e) => studio.pageErrors.push(e.message));
  const local = `${studio.url.replace('localhost', '127.0.0.1')}/stripe/${url.slice('https://'.length)}`;
  await pay.goto(local);
  await pay.getByText(/^Pay AUD 300\.00 to /).waitFor();
  await pay.getByLabel('Card number').fill('4242 4242 4242 4242');
  await pay.getByLabel('Expiry (MM / YY)').fill('08 / 28');
  await pay.screenshot({ path: join(ARTIFACTS, 'stripe-pay-link.png') });
  await pay.getByRole('button', { name: 'Pay' }).click();
  await pay.getByText('Thanks for your payment.').waitFor();
  await pay.goto(local);
  await pay.getByText('This link is no longer active.').waitFor();
  await pay.close();
});

test('the preview serves Stripe pages only: the API host is not served, and a form from another site is refused', async () => {
  const base = `http://127.0.0.1:${new URL(studio.url).port}`;
  expect((await fetch(`${base}/stripe/api.stripe.com/v1/customers`)).status).toBe(404);
  expect((await fetch(`${base}/stripe/checkout.stripe.com/c/pay/cs_test_nothing`)).status).toBe(404);
  const forged = await fetch(`${base}/stripe/checkout.stripe.com/c/pay/cs_test_nothing`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    body: 'cardnumber=4242424242424242&exp=08/28',
  });
  expect(forged.status).toBe(403);
  const left = await (await fetch(`${base}/stripe/left?to=${encodeURIComponent('javascript:alert(1)')}`)).text();
  expect(left).not.toContain('javascript:');
});
