// Automatic collection, exactly once (docs/exactly-once.md, "Charging a card on file"), on the built bundle
// with the emulated Stripe. A night that bills three second instalments and charges them (one card that
// pays, one declined, one without funds) is stopped at every write point — each Sheets write, and each
// request to Stripe (UrlFetchApp.fetchAll is a write point: before the requests leave, and after Stripe
// acted on them) — and run again; the network fails each request before or after Stripe acted; and a
// second run arrives at every write point of the first. Every time: one PaymentIntent per invoice in
// Stripe (0 double charges), every succeeded one a Payments row (0 lost payments), every invoice's Paid its
// payments, none left Charging, and the rows equal the uninterrupted night's. The pay-link step of the same
// nights is held to Stripe's Payment Links: at most one active link per invoice, the one its Stripe Pay Link
// cell names (asking what it owes); none on a paid or void invoice; one Price and one link at most per invoice
// and amount. A night where a client paid a link and another invoice was part paid by hand is stopped the
// same ways and run again an hour later: the link payment recorded once, the paid link off, the part-paid
// invoice with one active link for what is left.
import { clientWithCard, paidStudio } from '../support/stripe';
import { newStudio, ok, type Studio, setSetting } from '../support/studio';
import { atWrite, business, cloneWorkbook, Summary } from './harness';

const { createCloud, createStripe } = require('../../local/runtime');

const NIGHT = '2026-03-16';
const summary = new Summary();
const totals = {
  trials: 0,
  doubleCharges: 0,
  lostPayments: 0,
  wrongRows: 0,
  refusedAsBusy: 0,
  linkTrials: 0,
  activeLinkFaults: 0,
  extraLinks: 0,
};

let base: Studio;

beforeAll(() => {
  const paid = paidStudio('2026-03-02');
  clientWithCard(paid, 'Sam Lee', '4242424242424242');
  clientWithCard(paid, 'Ada Park', '4000000000000341');
  clientWithCard(paid, 'Bo Chen', '4000000000009995');
  ok(paid.studio.call('2026-03-02', 'runDailyProcesses', {}));
  base = paid.studio;
});

afterAll(() => {
  if (totals.trials === 0) return;
  summary.add('collection nights stopped, failed or doubled, then run again', totals.trials);
  summary.add('double charges (PaymentIntents beyond one per invoice and try)', totals.doubleCharges);
  summary.add('lost payments (a succeeded PaymentIntent without its Payments row)', totals.lostPayments);
  summary.add('results differing from the uninterrupted night', totals.wrongRows);
  summary.add('second runs refused as busy', totals.refusedAsBusy);
  summary.add('of them, pay-link nights (a link paid, a link replaced) stopped or failed', totals.linkTrials);
  summary.add(
    'pay links wrong (two active, active and not in its cell, or on a settled invoice)',
    totals.activeLinkFaults,
  );
  summary.add('Prices and Payment Links beyond one per invoice and amount', totals.extraLinks);
  summary.print('Automatic collection');
});

/** A copy of the studio as it stands: its workbook, its Stripe account, its users' properties. */
function fork(from: Studio = base): Studio {
  const stripe = createStripe({ state: structuredClone(from.cloud.stripe.state) });
  const cloud = createCloud({
    stripe,
    userProperties: structuredClone(from.cloud.userProperties),
    documentProperties: structuredClone(from.cloud.documentProperties),
    scriptProperties: structuredClone(from.cloud.scriptProperties),
  });
  return newStudio({ workbook: cloneWorkbook(from.workbook), cloud, setUp: false });
}

/** Daily Processes from the menu on the night, in an execution of its own; what it threw, if it did. */
function night(
  studio: Studio,
  prepare: (rt: any) => void = () => {},
  day = NIGHT,
): { reply?: any; threw?: string; rt: any } {
  const rt = studio.runtime(day);
  prepare(rt);
  try {
    return { reply: rt.load().runDailyProcesses({}), rt };
  } catch (e) {
    return { threw: (e as Error).message, rt };
  } finally {
    rt.endExecution();
  }
}

/** The tabs that are records, with what differs only by a PaymentIntent's id (its order of making) left out. */
function records(studio: Studio) {
  const tabs = business(studio.dump());
  delete tabs['Email Log'];
  tabs.Payments = tabs.Payments.map(({ Key: _k, Reference: _r, ...rest }) => rest);
  // A pay link's id and url are Stripe's, made in the order a run reached them: whether there is one counts.
  tabs.Invoices = tabs.Invoices.map((i) => ({
    ...i,
    'Pay Link': !!i['Pay Link'],
    'Stripe Pay Link': !!i['Stripe Pay Link'],
  }));
  return tabs;
}

/** What must hold whatever happened: counted, and listed when it does not. */
function audit(studio: Studio, label: string): string[] {
  const intents = studio.cloud.stripe.objects('payment_intents');
  const byInvoice = new Map<string, number>();
  // One PaymentIntent per invoice and try (a retry of a declined card is a try of its own: #<attempt>).
  const tryOf = (pi: any) => `${pi.metadata.invoice}${pi.metadata.attempt ? `#${pi.metadata.attempt}` : ''}`;
  for (const pi of intents) byInvoice.set(tryOf(pi), (byInvoice.get(tryOf(pi)) ?? 0) + 1);
  const doubles = [...byInvoice].filter(([, n]) => n > 1);
  const payments = studio.dump('Payments').Payments;
  const lost = intents.filter((pi: any) => pi.status === 'succeeded' && !payments.some((p) => p.Reference === pi.id));
  const invoices = studio.dump('Invoices').Invoices;
  const badPaid = invoices.filter(
    (i) =>
      Number(i.Paid) !==
      payments.filter((p) => p['Invoice No'] === i['Invoice No']).reduce((sum, p) => sum + Number(p.Amount), 0),
  );
  const charging = invoices.filter((i) => String(i.Collection).startsWith('Charging'));
  const badKeys = payments.filter(
    (p) => p.Method === 'Stripe' && p.Key !== `${p['Invoice No']}:pay:stripe.${p.Reference}`,
  );
  totals.doubleCharges += doubles.reduce((sum, [, n]) => sum + n - 1, 0);
  totals.lostPayments += lost.length;
  return [
    ...linkAudit(studio, invoices, label),
    ...doubles.map(([key, n]) => `${label}: ${key} charged ${n} times`),
    ...lost.map((pi: any) => `${label}: ${pi.id} (${pi.metadata.invoice}) has no Payments row`),
    ...badPaid.map((i) => `${label}: invoice ${i['Invoice No']} Paid ${i.Paid} is not its payments`),
    ...charging.map((i) => `${label}: invoice ${i['Invoice No']} left Charging`),
    ...badKeys.map((p) => `${label}: payment ${p.Key} does not hold its PaymentIntent`),
  ];
}

/** A Payment Link as Stripe keeps it, with what its page asks (its line items' prices). */
function paymentLinks(studio: Studio): { id: string; active: boolean; invoice: string; cents: number }[] {
  const test = studio.cloud.stripe.state.modes.test;
  return Object.values<any>(test.payment_links ?? {}).map((l) => ({
    id: l.id,
    active: l.active,
    invoice: l.metadata.invoice,
    cents: l._lines.reduce((sum: number, i: any) => sum + test.prices[i.price].unit_amount * i.quantity, 0),
  }));
}

/**
 * Stripe's pay links against the Invoices tab: at most one active link per invoice; an owing invoice's
 * Stripe Pay Link cell names its active link (the id before " for ") and says what it owes, as the link's page
 * asks; a paid or void invoice has no active link and a blank cell; one Price and one Payment Link at most
 * per invoice and amount (the idempotency keys hold both).
 */
function linkAudit(studio: Studio, invoices: Record<string, unknown>[], label: string): string[] {
  const links = paymentLinks(studio);
  const wrong: string[] = [];
  for (const i of invoices) {
    const name = `${label}: invoice ${i['Invoice No']}`;
    const active = links.filter((l) => l.active && l.invoice === i.Key);
    const cell = String(i['Stripe Pay Link'] ?? '').trim();
    const [cellId, cellAmount] = cell.split(' for ');
    const owes = i.Status !== 'Void' && Math.round(Number(i.Amount) * 100) > Math.round(Number(i.Paid) * 100);
    const owedCents = Math.round((Number(i.Amount) - Number(i.Paid)) * 100);
    const before = wrong.length;
    if (active.length > 1) wrong.push(`${name} has ${active.length} active pay links: ${active.map((l) => l.id)}`);
    if (!owes) {
      if (active.length) wrong.push(`${name} is ${i.Status} but its pay link ${active[0].id} is active`);
      if (cell) wrong.push(`${name} is ${i.Status} but its Stripe Pay Link cell says ${cell}`);
    } else if (active.length || cell) {
      const named = active.find((l) => l.id === cellId);
      if (!named) wrong.push(`${name}'s cell "${cell}" does not name its active link (${active.map((l) => l.id)})`);
      else if (named.cents !== owedCents || Math.round(Number(cellAmount) * 100) !== owedCents)
        wrong.push(`${name} owes ${owedCents} but its link asks ${named.cents} ("${cell}")`);
    }
    if (wrong.length > before) totals.activeLinkFaults++;
  }
  const count = (keys: string[]) =>
    [...keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>())].filter(([, n]) => n > 1);
  const extraPrices = count(
    studio.cloud.stripe.objects('prices').map((p: any) => `${p.metadata.invoice} ${p.unit_amount}`),
  );
  const extraLinks = count(links.map((l) => `${l.invoice} ${l.cents}`));
  totals.extraLinks += [...extraPrices, ...extraLinks].reduce((sum, [, n]) => sum + n - 1, 0);
  return [
    ...wrong,
    ...extraPrices.map(([k, n]) => `${label}: ${n} Prices for invoice and amount ${k}`),
    ...extraLinks.map(([k, n]) => `${label}: ${n} Payment Links for invoice and amount ${k}`),
  ];
}

/** The uninterrupted night: its write calls, its requests to Stripe, its records. */
function reference() {
  const studio = fork();
  const requestsBefore = studio.cloud.stripe.requests.length;
  const { reply, rt } = night(studio);
  ok(reply);
  expect(reply.summary.collection).toEqual({ charged: 1, declined: 2, waiting: 0 });
  expect(audit(studio, 'reference')).toEqual([]);
  // Ada's and Bo's invoices declined on the 2nd already have a pay link; this night's two are given one.
  expect(paymentLinks(studio).map((l) => [l.invoice, l.cents, l.active])).toEqual([
    ['S-2:0', 30000, true],
    ['S-3:0', 30000, true],
    ['S-2:1', 30000, true],
    ['S-3:1', 30000, true],
  ]);
  return {
    writes: rt.writeCalls as number,
    requests: studio.cloud.stripe.requests.length - requestsBefore,
    want: records(studio),
    intents: studio.cloud.stripe.objects('payment_intents').length,
  };
}

describe('the collection step stopped anywhere, then run again', () => {
  const ref = { writes: 0, requests: 0, want: {} as Record<string, unknown>, intents: 0 };
  beforeAll(() => Object.assign(ref, reference()));

  it('at every write point (Sheets writes, and Stripe requests before they leave or after Stripe acted)', () => {
    expect(ref.writes).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const mode of ['failBeforeWrite', 'failAfterWrite'] as const) {
      for (let n = 1; n <= ref.writes; n++) {
        const studio = fork();
        const label = `${mode} ${n}`;
        const stopped = night(studio, (rt) => {
          rt.faults = { [mode]: n };
        });
        if (!stopped.threw) failures.push(`${label}: the run was not stopped`);
        ok(night(studio).reply);
        totals.trials++;
        failures.push(...audit(studio, label));
        if (JSON.stringify(records(studio)) !== JSON.stringify(ref.want)) {
          totals.wrongRows++;
          failures.push(`${label}: the rows differ from the uninterrupted night`);
        }
        if (studio.cloud.stripe.objects('payment_intents').length !== ref.intents)
          failures.push(
            `${label}: ${studio.cloud.stripe.objects('payment_intents').length} PaymentIntents, not ${ref.intents}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });

  it('the network failing each request to Stripe, before it reached Stripe or after Stripe acted', () => {
    expect(ref.requests).toBeGreaterThanOrEqual(3);
    const failures: string[] = [];
    for (const fetchFault of ['before', 'after'] as const) {
      for (let r = 1; r <= ref.requests; r++) {
        const studio = fork();
        const label = `request ${r} failed ${fetchFault} Stripe acted`;
        const first = night(studio, (rt) => {
          rt.faults = { failFetch: r, fetchFault };
        });
        // A failed request is no failed run: what it met is in doubt, and said.
        if (!first.reply?.ok) failures.push(`${label}: the run failed: ${first.threw ?? JSON.stringify(first.reply)}`);
        ok(night(studio).reply);
        totals.trials++;
        failures.push(...audit(studio, label));
        if (JSON.stringify(records(studio)) !== JSON.stringify(ref.want)) {
          totals.wrongRows++;
          failures.push(`${label}: the rows differ from the uninterrupted night`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('Stripe forgetting the idempotency key (a rerun 24 hours later): the charge is found by its metadata, not made again', () => {
    const studio = fork();
    night(studio, (rt) => {
      // Stopped just after Stripe charged the chunk: every invoice of it is left Charging.
      const env = rt.env;
      const after = env.afterWrite.bind(env);
      env.afterWrite = (method: string) => {
        after(method);
        if (method === 'UrlFetchApp.fetchAll' && JSON.stringify(studio.cloud.stripe.requests.at(-1)).includes('POST'))
          throw env.kill('Exceeded maximum execution time');
      };
    });
    expect(studio.dump('Invoices').Invoices.filter((i) => String(i.Collection).startsWith('Charging'))).toHaveLength(3);
    const later = studio.runtime('2026-03-17');
    ok(later.load().runDailyProcesses({}));
    later.endExecution();
    totals.trials++;
    expect(audit(studio, 'a day later')).toEqual([]);
    expect(studio.cloud.stripe.objects('payment_intents')).toHaveLength(ref.intents);
  });
});

describe('two runs at once', () => {
  it('a second run at every write point of the first is refused as busy; the result is one night, each invoice charged once', () => {
    const { writes, want, intents } = reference();
    const failures: string[] = [];
    for (let k = 1; k <= writes; k++) {
      const studio = fork();
      const a = studio.runtime(NIGHT);
      atWrite(a, k, () => {
        const b = studio.runtime(NIGHT);
        const session = b.lockSession;
        const acquire = session.acquire.bind(session);
        session.acquire = (scope: string, ms: number) => acquire(scope, Math.min(ms, 20));
        const second = b.load().runDailyProcesses({});
        b.endExecution();
        if (second.busy) totals.refusedAsBusy++;
        else failures.push(`write ${k}: the second run was not refused: ${JSON.stringify(second).slice(0, 200)}`);
      });
      ok(a.load().runDailyProcesses({}));
      a.endExecution();
      // The second run, tried again once the first is done, charges nothing more.
      ok(night(studio).reply);
      totals.trials++;
      failures.push(...audit(studio, `write ${k}`));
      if (JSON.stringify(records(studio)) !== JSON.stringify(want)) failures.push(`write ${k}: rows differ`);
      if (studio.cloud.stripe.objects('payment_intents').length !== intents)
        failures.push(`write ${k}: PaymentIntents`);
    }
    expect(failures).toEqual([]);
  });
});

describe('a retry of a declined card stopped anywhere, then run again', () => {
  // Declined on the 2nd (retry after 3 days); on the 5th Ada has saved another card from the decline email
  // (her retry pays), Bo's card still has no funds (his retry is declined: no more tries).
  const RETRY_NIGHT = '2026-03-05';
  let retryBase: Studio;
  const ref = { writes: 0, requests: 0, want: {} as Record<string, unknown>, tries: [] as string[] };

  /** Each PaymentIntent as its invoice and try: one each, or a try was charged twice. */
  const tries = (studio: Studio) =>
    studio.cloud.stripe
      .objects('payment_intents')
      .map((pi: any) => `${pi.metadata.invoice}#${pi.metadata.attempt ?? 0}:${pi.status}`)
      .sort();

  beforeAll(() => {
    const paid = paidStudio('2026-03-02');
    setSetting(paid.studio, 'Retry a declined card after (days)', '3');
    clientWithCard(paid, 'Ada Park', '4000000000000341');
    clientWithCard(paid, 'Bo Chen', '4000000000009995');
    ok(paid.studio.call('2026-03-02', 'runDailyProcesses', {}));
    const told = paid.studio.cloud.mail.outbox.find(
      (m: any) => m.to.includes('ada.park@example.com') && /declined/.test(m.subject),
    );
    const link = /https:\/\/checkout\.stripe\.com\/c\/pay\/\S+/.exec(told?.body ?? '')?.[0] as string;
    expect(paid.studio.cloud.stripe.completeCheckout(link, { card: '4242424242424242', exp: '08/28' }).ok).toBe(true);
    ok(paid.studio.call('2026-03-03', 'runDailyProcesses', {}));
    retryBase = paid.studio;
    const studio = fork(retryBase);
    const before = studio.cloud.stripe.requests.length;
    const { reply, rt } = night(studio, undefined, RETRY_NIGHT);
    expect(ok(reply).summary.collection).toEqual({ charged: 1, declined: 1, waiting: 0 });
    Object.assign(ref, {
      writes: rt.writeCalls,
      requests: studio.cloud.stripe.requests.length - before,
      want: records(studio),
      tries: tries(studio),
    });
    expect(ref.tries.filter((t) => t.endsWith('#1:succeeded'))).toHaveLength(1);
  });

  function check(studio: Studio, label: string, failures: string[]) {
    totals.trials++;
    failures.push(...audit(studio, label));
    const made = tries(studio);
    if (JSON.stringify(made) !== JSON.stringify(ref.tries)) failures.push(`${label}: tries ${made.join(', ')}`);
    if (JSON.stringify(records(studio)) !== JSON.stringify(ref.want)) {
      totals.wrongRows++;
      failures.push(`${label}: the rows differ from the uninterrupted night`);
    }
  }

  it('at every write point, and every request failing before or after Stripe acted: each try charged once', () => {
    expect(ref.writes).toBeGreaterThan(5);
    const failures: string[] = [];
    for (const mode of ['failBeforeWrite', 'failAfterWrite'] as const)
      for (let n = 1; n <= ref.writes; n++) {
        const studio = fork(retryBase);
        const stopped = night(studio, (rt) => Object.assign(rt, { faults: { [mode]: n } }), RETRY_NIGHT);
        if (!stopped.threw) failures.push(`${mode} ${n}: the run was not stopped`);
        ok(night(studio, undefined, RETRY_NIGHT).reply);
        check(studio, `retry ${mode} ${n}`, failures);
      }
    for (const fetchFault of ['before', 'after'] as const)
      for (let r = 1; r <= ref.requests; r++) {
        const studio = fork(retryBase);
        night(studio, (rt) => Object.assign(rt, { faults: { failFetch: r, fetchFault } }), RETRY_NIGHT);
        ok(night(studio, undefined, RETRY_NIGHT).reply);
        check(studio, `retry request ${r} failed ${fetchFault} Stripe acted`, failures);
      }
    expect(failures).toEqual([]);
  });
});

describe('the pay-link step stopped anywhere, then run again an hour later', () => {
  // Sold on 2 March to clients without a card: invoice 1 (Bo) and invoice 2 (Cy) owe $300 each and get a
  // pay link that night. On the 3rd Bo pays his link on Stripe's page, and Cy pays $100 in cash at the desk
  // (her link asks too much now). The next night records Bo's payment (his link is then off) and replaces
  // Cy's link by one for $200; stopped anywhere, the nightly trigger runs it again an hour later. That night
  // is the 4th (Cy's invoice due two days ago), or the 12th (due ten days ago: older than the links made for
  // invoices due lately, it is replaced all the same).
  const NIGHTS = [
    { at: '2026-03-04T02:00', rerun: '2026-03-04T03:00' },
    { at: '2026-03-12T02:00', rerun: '2026-03-12T03:00' },
  ];
  let linkBase: Studio;
  let boIntent = '';

  beforeAll(() => {
    const { studio, packageId } = paidStudio('2026-03-02');
    for (const name of ['Bo Ray', 'Cy Wu']) {
      const email = `${name.toLowerCase().replace(' ', '.')}@example.com`;
      const clientId = ok(studio.call('2026-03-02', 'saveClient', { name, email })).client.id;
      const requestId = email.slice(0, 2);
      ok(studio.call('2026-03-02', 'sellPackage', { clientId, packageId, startDate: '2026-03-02', requestId }));
    }
    ok(studio.call('2026-03-02', 'runDailyProcesses', {}));
    const invoices = studio.dump('Invoices').Invoices;
    expect(invoices.map((i) => [i['Invoice No'], i['Stripe Pay Link']])).toEqual([
      [1, expect.stringMatching(/^plink_\S+ for 300\.00$/)],
      [2, expect.stringMatching(/^plink_\S+ for 300\.00$/)],
    ]);
    const paid = studio.cloud.stripe.payLink(String(invoices[0]['Pay Link']), {
      card: '4242424242424242',
      exp: '08/28',
      now: Date.parse('2026-03-02T23:00:00Z'), // 10 am on the 3rd in Sydney
    });
    expect(paid.ok).toBe(true);
    boIntent = paid.session.payment_intent;
    ok(studio.call('2026-03-03', 'recordPayment', { invoiceNo: 2, amount: 10000, method: 'cash', requestId: 'cy' }));
    linkBase = studio;
  });

  /** What the night must leave, however it was stopped: audit's invariants, and this night's. */
  function linkNight(studio: Studio, label: string): string[] {
    const failures = audit(studio, label);
    const bo = studio.dump('Payments').Payments.filter((p) => p.Reference === boIntent);
    if (bo.length !== 1 || bo[0].Key !== `1:pay:stripe.${boIntent}` || bo[0].Amount !== 300)
      failures.push(`${label}: Bo's link payment recorded ${bo.length} times: ${JSON.stringify(bo)}`);
    const links = paymentLinks(studio);
    const invoices = studio.dump('Invoices').Invoices;
    if (links.some((l) => l.invoice === invoices[0].Key && l.active)) failures.push(`${label}: Bo's paid link is on`);
    const cy = links.filter((l) => l.invoice === invoices[1].Key && l.active);
    if (cy.length !== 1 || cy[0].cents !== 20000 || invoices[1]['Stripe Pay Link'] !== `${cy[0].id} for 200.00`)
      failures.push(`${label}: Cy's active links ${JSON.stringify(cy)}, cell ${invoices[1]['Stripe Pay Link']}`);
    return failures;
  }

  /** The uninterrupted night: its write calls, its requests to Stripe, its records. */
  function reference(at: string) {
    const studio = fork(linkBase);
    const before = studio.cloud.stripe.requests.length;
    const { reply, rt } = night(studio, undefined, at);
    ok(reply);
    expect(linkNight(studio, `reference ${at}`)).toEqual([]);
    expect(paymentLinks(studio).map((l) => [l.cents, l.active])).toEqual([
      [30000, false],
      [30000, false],
      [20000, true],
    ]);
    return {
      writes: rt.writeCalls as number,
      requests: studio.cloud.stripe.requests.length - before,
      want: JSON.stringify(records(studio)),
    };
  }

  it.each(NIGHTS)(
    'the night of $at, at every write point and every request failing before or after Stripe acted: paid once, one link each',
    ({ at, rerun }) => {
      const ref = reference(at);
      expect(ref.writes).toBeGreaterThan(3);
      expect(ref.requests).toBeGreaterThanOrEqual(5);
      const failures: string[] = [];
      const check = (studio: Studio, label: string) => {
        totals.trials++;
        totals.linkTrials++;
        failures.push(...linkNight(studio, label));
        if (JSON.stringify(records(studio)) !== ref.want) {
          totals.wrongRows++;
          failures.push(`${label}: the rows differ from the uninterrupted night`);
        }
      };
      for (const mode of ['failBeforeWrite', 'failAfterWrite'] as const)
        for (let n = 1; n <= ref.writes; n++) {
          const studio = fork(linkBase);
          const stopped = night(studio, (rt) => Object.assign(rt, { faults: { [mode]: n } }), at);
          if (!stopped.threw) failures.push(`${at} ${mode} ${n}: the run was not stopped`);
          ok(night(studio, undefined, rerun).reply);
          check(studio, `${at} ${mode} ${n}`);
        }
      for (const fetchFault of ['before', 'after'] as const)
        for (let r = 1; r <= ref.requests; r++) {
          const studio = fork(linkBase);
          const first = night(studio, (rt) => Object.assign(rt, { faults: { failFetch: r, fetchFault } }), at);
          if (!first.reply?.ok) failures.push(`${at} request ${r}: the run failed: ${first.threw}`);
          ok(night(studio, undefined, rerun).reply);
          check(studio, `${at} request ${r} failed ${fetchFault} Stripe acted`);
        }
      expect(failures).toEqual([]);
    },
  );

  // Known gap (src/addon/paylinks.ts, makeLinks): a Payment Link is found again only through its idempotency
  // key, which Stripe keeps 24 hours. Stopped after Stripe made Cy's new link but before its cell was
  // written, and run again more than a day later (no hourly retry got through), the run makes a second Price
  // and a second active link for the same $200 (the first one's url was never shown to anyone).
  it('stopped after Stripe made a link, run again 25 hours later (Stripe has forgotten the key): a second link, but only one ever shown, so none can be paid twice', () => {
    // Stripe keeps an idempotency key 24 hours; a run stopped between the link and its cell, and not run
    // again within them (the nightly trigger retries hourly), makes the link again. The first link's
    // address never reached a cell or an email: no client holds it (docs/exactly-once.md, "Pay links").
    const studio = fork(linkBase);
    const stopped = night(
      studio,
      (rt) => {
        const env = rt.env;
        const after = env.afterWrite.bind(env);
        env.afterWrite = (method: string) => {
          after(method);
          const last = studio.cloud.stripe.requests.at(-1);
          if (method === 'UrlFetchApp.fetchAll' && last?.method === 'POST' && last.path === '/v1/payment_links')
            throw env.kill('Exceeded maximum execution time');
        };
      },
      NIGHTS[0].at,
    );
    expect(stopped.threw).toBeDefined();
    ok(night(studio, undefined, '2026-03-05T03:00').reply);
    const invoices = studio.dump('Invoices').Invoices;
    const cy = paymentLinks(studio).filter((l) => l.invoice === invoices[1].Key && l.active);
    expect(cy.map((l) => l.cents)).toEqual([20000, 20000]);
    // The cell names one of them; the other's address is in no tab and no email.
    const shown = cy.filter((l) => invoices[1]['Stripe Pay Link'] === `${l.id} for 200.00`);
    expect(shown).toHaveLength(1);
    const unseen = cy.find((l) => l !== shown[0]);
    const url = studio.cloud.stripe.state.modes.test.payment_links[unseen?.id ?? ''].url;
    const everything = JSON.stringify([studio.dump(), studio.cloud.mail.outbox]);
    expect(everything).not.toContain(url);
    expect(everything).toContain(String(invoices[1]['Pay Link']));
  });
});
