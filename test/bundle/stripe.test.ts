// Getting paid through the studio's own Stripe account, on the built bundle under the local runtime (its
// UrlFetchApp reaching the emulated Stripe): connecting a restricted key (kept in the owner's user
// properties, shown by its mode and last four characters only), asking a client for a card (Stripe's
// setup page, emailed through the client-email path), the nightly run writing the saved card to the
// Clients row, and automatic collection: each instalment charged off-session on its due date, exactly once,
// a decline recorded in the owner's words. The key is never in any tab, reply or email.
import { ADDON_PERMISSIONS, clientWithCard, paidStudio, setCell, WEBSITE } from '../support/stripe';
import { newStudio, ok, type Studio } from '../support/studio';

/** Every cell of every tab, every reply and every email, as one text (to search for a secret). */
function everything(studio: Studio, replies: unknown[]): string {
  const tabs = studio.workbook.sheets.map((s: any) => JSON.stringify(s.cells ?? s));
  const mail = studio.cloud.mail.outbox.map((m: unknown) => JSON.stringify(m));
  return [...tabs, ...replies.map((r) => JSON.stringify(r)), ...mail].join('\n');
}

const dump = (studio: Studio, tab: string) => studio.dump(tab)[tab];

const { createCloud } = require('../../local/runtime');
const { createApiQuota } = require('../../local/runtime/quota');
const UNLIMITED = {
  read: { perProject: Number.POSITIVE_INFINITY, perUser: Number.POSITIVE_INFINITY },
  write: { perProject: Number.POSITIVE_INFINITY, perUser: Number.POSITIVE_INFINITY },
};

describe('Connect Stripe', () => {
  test("a restricted key with the add-on's permissions: kept for this user and this spreadsheet, shown as its mode and last four", () => {
    const studio = newStudio();
    const key = studio.cloud.stripe.issueKey({ permissions: ADDON_PERMISSIONS });
    const reply = ok(studio.call('2026-03-02', 'connectStripe', { key, currency: 'aud', website: WEBSITE }));
    expect(reply.connection).toEqual({
      mode: 'test',
      last4: key.slice(-4),
      currency: 'aud',
      website: WEBSITE,
      by: 'owner@example.com',
      on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const status = ok(studio.call('2026-03-02', 'stripeStatus'));
    expect(status.connection).toEqual(reply.connection);
    expect(JSON.stringify([reply, status])).not.toContain(key);
    // Kept in the user's properties, under this spreadsheet's id; nowhere in the workbook.
    expect(studio.cloud.userProperties['owner@example.com'][`stripe:${studio.workbook.id}`]).toContain(key);
    expect(everything(studio, [])).not.toContain(key);
    // Another editor, or a copy of the spreadsheet, is not connected.
    expect(
      ok(studio.call('2026-03-02', 'stripeStatus', undefined, { userEmail: 'helper@example.com' })).connection,
    ).toBeNull();
    ok(studio.call('2026-03-02', 'disconnectStripe'));
    expect(ok(studio.call('2026-03-02', 'stripeStatus')).connection).toBeNull();
  });

  test('a key Stripe refuses, or one without a permission the add-on needs, is not kept; the message never holds the key', () => {
    const studio = newStudio();
    const noIntents = studio.cloud.stripe.issueKey({
      permissions: { ...ADDON_PERMISSIONS, payment_intent: undefined } as never,
    });
    const refused = studio.call('2026-03-02', 'connectStripe', { key: noIntents, currency: 'aud', website: WEBSITE });
    expect(refused).toMatchObject({
      ok: false,
      errors: [
        { field: 'key', message: expect.stringMatching(/^Stripe refused this key: .*'rak_payment_intent_read'/) },
      ],
    });
    const unknown = 'rk_test_51ThisKeyIsNotOneStripeKnowsAtAll0000wxyz';
    const wrong = studio.call('2026-03-02', 'connectStripe', { key: unknown, currency: 'aud', website: WEBSITE });
    expect(wrong.errors?.[0].message).toMatch(/Invalid API Key provided: rk_test_\*+wxyz/);
    expect(JSON.stringify([refused, wrong])).not.toContain(noIntents);
    expect(JSON.stringify(wrong)).not.toContain(unknown);
    expect(ok(studio.call('2026-03-02', 'stripeStatus')).connection).toBeNull();
    const pk = studio.call('2026-03-02', 'connectStripe', {
      key: 'pk_test_abcdefghijkl',
      currency: 'aud',
      website: WEBSITE,
    });
    expect(pk.errors).toEqual([
      { field: 'key', message: expect.stringMatching(/^That is not a Stripe secret or restricted key/) },
    ]);
  });
});

describe('a card on file', () => {
  test('asked for: a Stripe customer on the Clients row, the page emailed (Email Log card:<client>:req.<id>), then the card as the nightly run finds it', () => {
    const paid = paidStudio();
    const { studio } = paid;
    const clientId = ok(studio.call('2026-03-02', 'saveClient', { name: 'Sam Lee', email: 'sam@example.com' })).client
      .id;
    const reply = ok(studio.call('2026-03-02', 'askForCard', { clientId, requestId: 'card-1' }));
    expect(reply).toMatchObject({
      status: 'sent',
      to: 'sam@example.com',
      card: 'Waiting for the card: link sent Mon 2 Mar 2026',
    });
    expect(reply.link).toBeUndefined();
    const row = dump(studio, 'Clients').find((c) => c['Client ID'] === clientId);
    expect(row).toMatchObject({
      'Stripe Customer': expect.stringMatching(/^cus_/),
      Card: 'Waiting for the card: link sent Mon 2 Mar 2026',
      'Stripe Card': '',
    });
    expect(dump(studio, 'Email Log').find((e) => e.Key === `card:${clientId}:req.card-1`)).toMatchObject({
      Status: 'sent',
      Kind: 'card',
    });
    const mail = studio.cloud.mail.outbox.at(-1);
    expect(mail).toMatchObject({ to: ['sam@example.com'], subject: expect.stringContaining('save a card') });
    const link = /https:\/\/checkout\.stripe\.com\/c\/pay\/\S+/.exec(mail.body)?.[0] as string;
    // The same request again sends nothing more and makes no second page; a new request a new one.
    expect(ok(studio.call('2026-03-02', 'askForCard', { clientId, requestId: 'card-1' })).status).toBe('sent');
    expect(studio.cloud.stripe.objects('checkout_sessions')).toHaveLength(1);
    expect(studio.cloud.stripe.objects('customers')).toHaveLength(1);
    expect(studio.cloud.stripe.completeCheckout(link, { card: '4242 4242 4242 4242', exp: '08/28' })).toMatchObject({
      ok: true,
      redirect: WEBSITE,
    });
    ok(studio.call('2026-03-03', 'runDailyProcesses', {}));
    expect(dump(studio, 'Clients').find((c) => c['Client ID'] === clientId)).toMatchObject({
      Card: 'Visa •••• 4242, expires 08/28',
      'Stripe Card': expect.stringMatching(/^pm_/),
    });
    // Editing the client keeps their card.
    ok(studio.call('2026-03-03', 'saveClient', { id: clientId, name: 'Sam Lee', email: 'sam.lee@example.com' }));
    expect(dump(studio, 'Clients').find((c) => c['Client ID'] === clientId)?.Card).toBe(
      'Visa •••• 4242, expires 08/28',
    );
  });

  test('a client who said no to email: logged "skipped: opted out", the link given back to the owner instead', () => {
    const { studio } = paidStudio();
    const clientId = ok(studio.call('2026-03-02', 'saveClient', { name: 'Jo', email: 'jo@example.com', noEmail: true }))
      .client.id;
    const reply = ok(studio.call('2026-03-02', 'askForCard', { clientId, requestId: 'card-jo' }));
    expect(reply).toMatchObject({
      status: 'skipped: opted out',
      link: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\//),
    });
    expect(studio.cloud.mail.outbox.filter((m: any) => m.to.includes('jo@example.com'))).toEqual([]);
    expect(dump(studio, 'Email Log').find((e) => e.Key === `card:${clientId}:req.card-jo`)?.Status).toBe(
      'skipped: opted out',
    );
  });

  test('a page left unused expires: the nightly run says so on the Clients row', () => {
    const { studio } = paidStudio();
    const clientId = ok(studio.call('2026-03-02', 'saveClient', { name: 'Kim', email: 'kim@example.com' })).client.id;
    ok(studio.call('2026-03-02', 'askForCard', { clientId, requestId: 'card-kim' }));
    ok(studio.call('2026-03-04', 'runDailyProcesses', {}));
    expect(dump(studio, 'Clients').find((c) => c['Client ID'] === clientId)?.Card).toBe(
      'No card: the link expired Wed 4 Mar 2026 (ask again)',
    );
  });

  test('without Stripe connected, asking for a card says to connect first', () => {
    const studio = newStudio();
    const clientId = ok(studio.call('2026-03-02', 'saveClient', { name: 'Sam', email: 'sam@example.com' })).client.id;
    expect(studio.call('2026-03-02', 'askForCard', { clientId, requestId: 'r' })).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringMatching(/^Connect Stripe first/) }],
    });
  });
});

describe('automatic collection', () => {
  test('three instalments charged on their due dates, one client declined (4000 0000 0000 0341): every row right, each charge once', () => {
    const paid = paidStudio();
    const { studio, key } = paid;
    const replies: unknown[] = [];
    const sam = clientWithCard(paid, 'Sam Lee', '4242424242424242');
    const ada = clientWithCard(paid, 'Ada Park', '4000000000000341');
    for (const day of ['2026-03-02', '2026-03-16', '2026-03-30'])
      replies.push(ok(studio.call(day, 'runDailyProcesses', {})));
    // Run again on the last day: nothing more is charged.
    replies.push(ok(studio.call('2026-03-30', 'runDailyProcesses', {})));
    const intents = studio.cloud.stripe.objects('payment_intents');
    expect(intents.map((pi: any) => [pi.metadata.invoice, pi.status])).toEqual([
      [`${sam.saleId}:0`, 'succeeded'],
      [`${ada.saleId}:0`, 'requires_payment_method'],
      [`${sam.saleId}:1`, 'succeeded'],
      [`${ada.saleId}:1`, 'requires_payment_method'],
      [`${sam.saleId}:2`, 'succeeded'],
      [`${ada.saleId}:2`, 'requires_payment_method'],
    ]);
    expect(
      intents.every(
        (pi: any) => pi.amount === 30000 && pi.currency === 'aud' && pi.metadata.studio === studio.workbook.id,
      ),
    ).toBe(true);
    const invoices = dump(studio, 'Invoices');
    const of = (saleId: string) => invoices.filter((i) => i['Sale ID'] === saleId);
    expect(of(sam.saleId).map((i) => [i['Due Date'], i.Paid, i.Status, i.Collection])).toEqual([
      ['2026-03-02', 300, 'Paid', 'Paid by card Mon 2 Mar 2026 (Visa •••• 4242, expires 08/28)'],
      ['2026-03-16', 300, 'Paid', 'Paid by card Mon 16 Mar 2026 (Visa •••• 4242, expires 08/28)'],
      ['2026-03-30', 300, 'Paid', 'Paid by card Mon 30 Mar 2026 (Visa •••• 4242, expires 08/28)'],
    ]);
    expect(of(ada.saleId).map((i) => [i.Paid, i.Collection])).toEqual([
      [0, 'Declined Mon 2 Mar 2026: the card was declined'],
      [0, 'Declined Mon 16 Mar 2026: the card was declined'],
      [0, 'Declined Mon 30 Mar 2026: the card was declined'],
    ]);
    const payments = dump(studio, 'Payments');
    expect(payments.map((p) => [p['Invoice No'], p.Amount, p.Method, p.Date])).toEqual([
      [1, 300, 'Stripe', '2026-03-02'],
      [3, 300, 'Stripe', '2026-03-16'],
      [5, 300, 'Stripe', '2026-03-30'],
    ]);
    const succeeded = intents.filter((pi: any) => pi.status === 'succeeded').map((pi: any) => pi.id);
    expect(payments.map((p) => p.Reference)).toEqual(succeeded);
    expect(payments.map((p) => p.Key)).toEqual(
      succeeded.map((id: string, i: number) => `${[1, 3, 5][i]}:pay:stripe.${id}`),
    );
    // A receipt follows each charge; the invoice email says it is paid.
    const toSam = studio.cloud.mail.outbox.filter((m: any) => m.to.includes('sam.lee@example.com'));
    expect(toSam.filter((m: any) => /receipt/.test(m.subject))).toHaveLength(3);
    expect(toSam.find((m: any) => /invoice 3/.test(m.subject))?.body).toContain('paid in full, thank you');
    // The daily summary counts them.
    expect((replies[1] as any).summary.collection).toEqual({ charged: 1, declined: 1, waiting: 0 });
    const all = everything(studio, replies);
    expect(all).toContain('Visa •••• 4242'); // the search sees the cells
    expect(all).not.toContain(key);
    expect(all).not.toContain(key.slice(8, 24));
  });

  test('a package not charged automatically, a client without a card, an invoice paid by hand: nothing charged', () => {
    const paid = paidStudio();
    const { studio, packageId } = paid;
    const sam = clientWithCard(paid, 'Sam Lee', '4242424242424242');
    const bo = ok(studio.call('2026-03-02', 'saveClient', { name: 'Bo', email: 'bo@example.com' })).client.id;
    ok(studio.call('2026-03-02', 'sellPackage', { clientId: bo, packageId, startDate: '2026-03-02', requestId: 'bo' }));
    setCell(studio, 'Packages', 'Package ID', packageId, 'Charge Automatically', 'No');
    ok(studio.call('2026-03-02', 'runDailyProcesses', {}));
    expect(studio.cloud.stripe.objects('payment_intents')).toEqual([]);
    setCell(studio, 'Packages', 'Package ID', packageId, 'Charge Automatically', 'Yes');
    ok(studio.call('2026-03-03', 'recordPayment', { invoiceNo: 1, amount: 30000, method: 'cash', requestId: 'p-1' }));
    ok(studio.call('2026-03-03', 'runDailyProcesses', {}));
    expect(studio.cloud.stripe.objects('payment_intents')).toEqual([]);
    ok(studio.call('2026-03-16', 'runDailyProcesses', {}));
    // Sam's second instalment only: the first was paid in cash, Bo has no card.
    expect(studio.cloud.stripe.objects('payment_intents').map((pi: any) => pi.metadata.invoice)).toEqual([
      `${sam.saleId}:1`,
    ]);
  });

  test('many charges: 20 at once (UrlFetchApp.fetchAll), recorded after each chunk; none started past the time budget, the rest charged next run', () => {
    // Many sidebar calls in one minute: the Sheets API's per-minute quota is lifted (test/bundle/quota.test.ts has it).
    const paid = paidStudio('2026-03-02', { cloud: createCloud({ apiQuota: createApiQuota(UNLIMITED) }) });
    const { studio } = paid;
    const at = (i: number) => `2026-03-02T09:${String(i).padStart(2, '0')}`;
    const clients = Array.from({ length: 21 }, (_, i) =>
      clientWithCard(paid, `Client ${i + 1}`, '4242424242424242', at(i)),
    );
    // Stripe slow today: each chunk of charges takes 4 min 40 s, so the second would start past the budget.
    studio.cloud.stripe.latency.charge = 280_000;
    const first = ok(studio.call('2026-03-02', 'runDailyProcesses', {}));
    expect(first.summary.collection).toEqual({ charged: 20, declined: 0, waiting: 1 });
    expect(first.summary.problems).toContain(
      "Stripe: 1 charge waits for the next run (this run neared Apps Script's 6-minute limit).",
    );
    const posts = studio.cloud.stripe.requests.filter(
      (r: any) => r.method === 'POST' && r.path === '/v1/payment_intents',
    );
    expect(posts).toHaveLength(20);
    // The one left is not marked: nothing was asked of Stripe for it.
    const left = dump(studio, 'Invoices').filter((i) => !i.Collection);
    expect(left.map((i) => i['Sale ID'])).toEqual([clients[20].saleId]);
    studio.cloud.stripe.latency.charge = 1200;
    const next = ok(studio.call('2026-03-03', 'runDailyProcesses', {}));
    expect(next.summary.collection).toEqual({ charged: 1, declined: 0, waiting: 0 });
    expect(studio.cloud.stripe.objects('payment_intents')).toHaveLength(21);
    expect(dump(studio, 'Payments')).toHaveLength(21);
  });

  test("the published add-on's nightly trigger (no active spreadsheet, its installer's key): the card found, the instalment charged", () => {
    const paid = paidStudio('2026-03-02', { mode: 'addon' });
    const { studio, key } = paid;
    const sam = clientWithCard(paid, 'Sam Lee', '4242424242424242');
    ok(studio.call('2026-03-02', 'installNightlyTrigger'));
    const fire = (at: string) => studio.runtime(at).runTrigger(studio.cloud.triggers[0].id);
    expect(fire('2026-03-03T02:00')).toEqual({ ok: true });
    expect(dump(studio, 'Clients')[0]).toMatchObject({ Card: 'Visa •••• 4242, expires 08/28' });
    expect(studio.cloud.stripe.objects('payment_intents').map((pi: any) => [pi.metadata.invoice, pi.status])).toEqual([
      [`${sam.saleId}:0`, 'succeeded'],
    ]);
    expect(dump(studio, 'Invoices')[0]).toMatchObject({ Status: 'Paid' });
    expect(everything(studio, [])).not.toContain(key);
  });

  test('Stripe not connected for the user a run runs as: nothing charged, the Run Log says why', () => {
    const paid = paidStudio();
    const { studio } = paid;
    clientWithCard(paid, 'Sam Lee', '4242424242424242');
    const reply = ok(studio.call('2026-03-02', 'runDailyProcesses', {}, { userEmail: 'helper@example.com' }));
    expect(reply.summary.problems).toContainEqual(
      expect.stringMatching(/^Stripe: not connected for helper@example.com/),
    );
    expect(studio.cloud.stripe.objects('payment_intents')).toEqual([]);
  });
});
