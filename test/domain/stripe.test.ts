// The rules of getting paid with Stripe (src/domain/stripe.ts), pure: the key's shape, the card's words,
// which invoices the nightly run charges, the charge request, what Stripe's answer means, and the rows it
// writes (a charge found again is the same Payments row).
import {
  CHARGING,
  type Client,
  type Collectable,
  cardExpired,
  cardWaiting,
  cardWords,
  chargeKey,
  chargeOutcome,
  chargeRequest,
  collectable,
  declineReason,
  type Invoice,
  intentOutcome,
  keyMode,
  outcomeChanges,
  type Package,
  type Sale,
  withoutSecret,
} from '../../src/domain';

const invoice = (over: Partial<Invoice> = {}): Invoice => ({
  number: 4,
  key: 'S-1:1',
  saleId: 'S-1',
  clientName: 'Sam Lee',
  period: 1,
  dueDate: '2026-03-16',
  amountCents: 30000,
  paidCents: 0,
  status: 'open',
  ...over,
});
const sale = { id: 'S-1', clientId: 'C-1', packageId: 'P-1' } as Sale;
const client: Client = {
  id: 'C-1',
  name: 'Sam Lee',
  email: 'sam@example.com',
  phone: '',
  stripeCustomer: 'cus_1',
  card: 'Visa •••• 4242, expires 08/28',
  cardId: 'pm_1',
};
const automatic = { id: 'P-1', chargeAutomatically: true } as Package;

test('a key: secret or restricted, test or live; a publishable key or anything else is none', () => {
  expect(keyMode('rk_test_51abcdefghij')).toBe('test');
  expect(keyMode('sk_live_51abcdefghij')).toBe('live');
  for (const bad of ['pk_test_51abcdefghij', 'rk_test_short', 'rk_prod_51abcdefghij', 'rk_test_has space', ''])
    expect(keyMode(bad)).toBeNull();
  expect(withoutSecret('Invalid key rk_test_51abcdefghij given', 'rk_test_51abcdefghij')).toBe(
    'Invalid key …ghij given',
  );
});

test("a card in the Clients tab's words, never more", () => {
  expect(cardWords({ brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2028 })).toBe(
    'Visa •••• 4242, expires 08/28',
  );
  expect(cardWords({ brand: 'amex', last4: '0005', exp_month: 12, exp_year: 2034 })).toBe(
    'American Express •••• 0005, expires 12/34',
  );
  expect(cardWords({ brand: 'new_brand', last4: '1111', exp_month: 1, exp_year: 2030 })).toBe(
    'Card •••• 1111, expires 01/30',
  );
});

describe('which invoices are charged', () => {
  const today = '2026-03-16';
  const of = (inv: Invoice, c: Client = client, p: Package = automatic) =>
    collectable([inv], [sale], [c], [p], today).map((x) => x.invoice.key);

  test('due today or in the last 7 days, owing, never tried, on a package charged automatically, with a card', () => {
    expect(of(invoice())).toEqual(['S-1:1']);
    expect(of(invoice({ dueDate: '2026-03-09' }))).toEqual(['S-1:1']);
    expect(of(invoice({ dueDate: '2026-03-08' }))).toEqual([]);
    expect(of(invoice({ dueDate: '2026-03-17' }))).toEqual([]);
    expect(of(invoice({ paidCents: 30000, status: 'paid' }))).toEqual([]);
    expect(of(invoice({ status: 'void' }))).toEqual([]);
    expect(of(invoice({ collection: 'Declined Mon 16 Mar 2026: insufficient funds' }))).toEqual([]);
    expect(of(invoice(), { ...client, cardId: undefined })).toEqual([]);
    expect(of(invoice(), client, { ...automatic, chargeAutomatically: undefined })).toEqual([]);
  });

  test('one left Charging is always looked up: old, paid meanwhile, on a package no longer charged', () => {
    const charging = invoice({ collection: CHARGING, dueDate: '2026-01-05', paidCents: 30000, status: 'paid' });
    const [c] = collectable([charging], [sale], [client], [{ ...automatic, chargeAutomatically: undefined }], today);
    expect(c).toMatchObject({ amountCents: 0, customer: 'cus_1', paymentMethod: 'pm_1' });
  });

  test('what it charges: what the invoice still asks for', () => {
    expect(
      collectable([invoice({ paidCents: 10000, status: 'part-paid' })], [sale], [client], [automatic], today)[0]
        .amountCents,
    ).toBe(20000);
  });
});

const collect: Collectable = {
  invoice: invoice(),
  clientId: 'C-1',
  customer: 'cus_1',
  paymentMethod: 'pm_1',
  card: 'Visa •••• 4242, expires 08/28',
  amountCents: 30000,
};

test('the charge: its key from the studio and the invoice key, off-session, the invoice in its metadata', () => {
  expect(chargeKey('sheet-1', 'S-1:1')).toBe('charge:sheet-1:S-1:1');
  expect(chargeRequest(collect, 'sheet-1', 'aud')).toEqual({
    amount: '30000',
    currency: 'aud',
    customer: 'cus_1',
    payment_method: 'pm_1',
    off_session: 'true',
    confirm: 'true',
    description: 'Invoice 4',
    'metadata[invoice]': 'S-1:1',
    'metadata[invoice_no]': '4',
    'metadata[studio]': 'sheet-1',
  });
});

describe("what Stripe's answer means", () => {
  test("a PaymentIntent that succeeded is paid; a 402 card error is a decline in the owner's words", () => {
    expect(chargeOutcome(200, { id: 'pi_1', status: 'succeeded', amount_received: 30000 })).toEqual({
      kind: 'paid',
      intent: 'pi_1',
      amountCents: 30000,
    });
    expect(
      chargeOutcome(402, { error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' } }),
    ).toEqual({
      kind: 'declined',
      reason: 'insufficient funds',
    });
    expect(declineReason({ code: 'authentication_required', decline_code: 'authentication_required' })).toBe(
      'the bank wants the client to confirm this payment themselves',
    );
  });

  test('Stripe busy or failing: unknown (stays Charging); a refusal without acting: refused', () => {
    expect(chargeOutcome(429, { error: { code: 'rate_limit', message: 'slow down' } }).kind).toBe('unknown');
    expect(chargeOutcome(500, { error: { type: 'api_error', message: 'oops' } }).kind).toBe('unknown');
    expect(
      chargeOutcome(403, { error: { message: "Having the 'rak_payment_intent_write' permission…" } }),
    ).toMatchObject({ kind: 'refused' });
    expect(chargeOutcome(400, { error: { type: 'idempotency_error', message: 'Keys…' } }).kind).toBe('refused');
  });

  test('a PaymentIntent found in a list: succeeded, declined, or still under way', () => {
    expect(intentOutcome({ id: 'pi_2', status: 'succeeded', amount_received: 30000 }).kind).toBe('paid');
    expect(
      intentOutcome({ id: 'pi_3', status: 'requires_payment_method', last_payment_error: { code: 'card_declined' } }),
    ).toEqual({
      kind: 'declined',
      reason: 'the card was declined',
    });
    expect(intentOutcome({ id: 'pi_4', status: 'processing' })).toEqual({
      kind: 'unknown',
      reason: 'Stripe says the payment is processing',
    });
  });
});

describe('the rows an outcome writes', () => {
  const today = '2026-03-16';
  test('a charge: the Payments row (its key holds the PaymentIntent), Paid, the Collection', () => {
    const changes = outcomeChanges(collect, { kind: 'paid', intent: 'pi_1', amountCents: 30000 }, [], today);
    expect(changes.newPayments).toEqual([
      {
        key: '4:pay:stripe.pi_1',
        date: today,
        invoiceNumber: 4,
        saleId: 'S-1',
        clientName: 'Sam Lee',
        amountCents: 30000,
        method: 'stripe',
        reference: 'pi_1',
      },
    ]);
    expect(changes.updatedInvoices).toEqual([{ ...collect.invoice, paidCents: 30000, status: 'paid' }]);
    expect(changes.collections).toEqual([
      { key: 'S-1:1', collection: 'Paid by card Mon 16 Mar 2026 (Visa •••• 4242, expires 08/28)' },
    ]);
  });

  test('the same charge found again: no second Payments row; Paid at least its payments; dated as it was', () => {
    const first = outcomeChanges(collect, { kind: 'paid', intent: 'pi_1', amountCents: 30000 }, [], '2026-03-16');
    const known = first.newPayments ?? [];
    const again = outcomeChanges(collect, { kind: 'paid', intent: 'pi_1', amountCents: 30000 }, known, '2026-03-17');
    expect(again.newPayments).toBeUndefined();
    expect(again.updatedInvoices?.[0]).toMatchObject({ paidCents: 30000, status: 'paid' });
    expect(again.collections?.[0].collection).toBe('Paid by card Mon 16 Mar 2026 (Visa •••• 4242, expires 08/28)');
  });

  test('a decline: its reason only; unknown: nothing; refused: Collection blank again', () => {
    expect(outcomeChanges(collect, { kind: 'declined', reason: 'insufficient funds' }, [], today)).toEqual({
      collections: [{ key: 'S-1:1', collection: 'Declined Mon 16 Mar 2026: insufficient funds' }],
    });
    expect(outcomeChanges(collect, { kind: 'unknown', reason: 'timeout' }, [], today)).toEqual({});
    expect(outcomeChanges(collect, { kind: 'refused', reason: 'no permission' }, [], today)).toEqual({
      collections: [{ key: 'S-1:1', collection: '' }],
    });
  });
});

describe('the Card cell while a page waits', () => {
  const onFile = { card: 'Visa •••• 0341, expires 10/30', cardId: 'pm_1' };
  test('names the card still on file (charged until another is saved), and gives it back if the page expires', () => {
    const waiting = cardWaiting('2026-03-23', onFile);
    expect(waiting).toBe(
      'Waiting for the card: link sent Mon 23 Mar 2026 (Visa •••• 0341, expires 10/30 still on file)',
    );
    // A second page while the first waits keeps the card's words; an expired page shows the card again.
    expect(cardWaiting('2026-03-26', { card: waiting, cardId: 'pm_1' })).toBe(
      'Waiting for the card: link sent Thu 26 Mar 2026 (Visa •••• 0341, expires 10/30 still on file)',
    );
    expect(cardExpired('2026-03-28', waiting)).toBe('Visa •••• 0341, expires 10/30');
  });

  test('without a card on file: waiting, then no card', () => {
    expect(cardWaiting('2026-03-02', {})).toBe('Waiting for the card: link sent Mon 2 Mar 2026');
    expect(cardWaiting('2026-03-02', { card: 'Visa •••• 4242, expires 08/28' })).toBe(
      'Waiting for the card: link sent Mon 2 Mar 2026',
    );
    expect(cardExpired('2026-03-03', 'Waiting for the card: link sent Mon 2 Mar 2026')).toBe(
      'No card: the link expired Tue 3 Mar 2026 (ask again)',
    );
  });
});
