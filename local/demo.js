// @ts-check
// Seeds the demo studio (sheets-template/demo.json) through the bundle's own endpoints, day by day with
// the clock set to each day, so every invoice and adjustment in the demo workbook is one the add-on made.
const demo = require('../sheets-template/demo.json');
const { callEndpoint } = require('./bundle');

const DAY_MS = 86_400_000;

/** @param {string} date @param {number} days */
function plusDays(date, days) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The reply itself when it is ok (its other fields are the endpoint's, as the bundle returned them).
 * @template {{ ok: boolean, errors?: { message: string }[] }} R @param {R} reply @param {string} what @returns {R}
 */
function check(reply, what) {
  if (!reply.ok) throw new Error(`demo: ${what} failed: ${(reply.errors ?? []).map((e) => e.message).join(' ')}`);
  return reply;
}

/**
 * The demo studio emails its clients (Settings: Send client emails = Yes), so that the first look at the
 * preview's Outbox shows the invoices, receipts and reminders its history sent.
 * @param {import('./runtime').Runtime} runtime
 */
function sendClientEmails(runtime) {
  const settings = runtime.globals().SpreadsheetApp.getActive()?.getSheetByName('Settings');
  if (!settings) return;
  const rows = settings.getDataRange().getValues();
  const row = rows.findIndex((/** @type {unknown[]} */ r) => r[0] === 'Send client emails');
  if (row > 0) settings.getRange(row + 1, 2).setValue('Yes');
  runtime.endExecution();
}

/**
 * @param {(now: string) => import('./runtime').Runtime} runtimeAt a runtime over the demo workbook whose clock reads `now`
 * @param {string | undefined} today
 */
function seedDemo(runtimeAt, today) {
  const base = today ?? new Date().toISOString().slice(0, 10);
  /** @type {Map<number, Array<(call: (name: string, arg?: unknown) => any) => void>>} */
  const events = new Map();
  const on = (/** @type {number} */ day, /** @type {(call: (name: string, arg?: unknown) => any) => void} */ fn) => {
    const list = events.get(day) ?? [];
    list.push(fn);
    events.set(day, list);
  };
  const first = Math.min(...demo.sales.map((s) => s.day));
  sendClientEmails(runtimeAt(plusDays(base, first)));
  /** @type {string[]} */ const packageIds = [];
  /** @type {string[]} */ const clientIds = [];
  /** @type {string[]} */ const saleIds = [];
  /** @type {Map<string, number>} invoice key → number */ const invoiceNumbers = new Map();
  const toPay = new Map(demo.payments.flatMap((p) => p.periods.map((k) => [`${p.sale}:${k}`, p.method])));

  on(first, (call) => {
    for (const pkg of demo.packages) packageIds.push(check(call('savePackage', pkg), 'savePackage').package.id);
    for (const client of demo.clients) clientIds.push(check(call('saveClient', client), 'saveClient').client.id);
  });
  for (const [i, s] of demo.sales.entries()) {
    on(s.day, (call) => {
      const startDate = plusDays(base, s.startDay);
      const sale = {
        clientId: clientIds[s.client],
        packageId: packageIds[s.package],
        startDate,
        requestId: `demo-sale-${i}`,
      };
      saleIds[i] = check(call('sellPackage', sale), 'sellPackage').receipt.saleId;
    });
  }
  for (const c of demo.checkIns) {
    for (const day of c.days) on(day, (call) => check(call('checkIn', { saleId: saleIds[c.sale] }), 'checkIn'));
  }
  for (const c of demo.corrections) {
    on(c.day, (call) =>
      check(call('correctSessions', { saleId: saleIds[c.sale], sessions: c.sessions, reason: c.reason }), 'correct'),
    );
  }
  for (const c of demo.cancellations) {
    on(c.day, (call) =>
      check(call('cancelSale', { saleId: saleIds[c.sale], date: plusDays(base, c.cancelDay) }), 'cancelSale'),
    );
  }

  let invoices = 0;
  let payments = 0;
  const days = [...new Set([...events.keys(), 0])].sort((a, b) => a - b);
  for (const day of days) {
    const runtime = runtimeAt(plusDays(base, day));
    const script = runtime.load();
    const call = (/** @type {string} */ name, /** @type {unknown} */ arg) => callEndpoint(script, name, arg);
    // The nightly run comes first each day, then the day's sales, check-ins and changes.
    const run = check(call('runDailyProcesses', {}), 'runDailyProcesses');
    for (const event of events.get(day) ?? []) event(call);
    // Pay what the demo pays, on the day each invoice is created.
    invoices = run.summary.invoicesCreated;
    payments += payDue(call, saleIds, invoiceNumbers, toPay);
    runtime.endExecution();
  }
  return {
    packages: packageIds.length,
    clients: clientIds.length,
    sales: saleIds.length,
    payments,
    lastRunInvoices: invoices,
  };
}

/**
 * Records the demo's payments for invoices that exist and are not yet paid.
 * @param {(name: string, arg?: unknown) => any} call
 * @param {string[]} saleIds
 * @param {Map<string, number>} paid
 * @param {Map<string, string>} toPay demo "saleIndex:period" → method
 */
function payDue(call, saleIds, paid, toPay) {
  const list = check(call('listInvoices', {}), 'listInvoices').invoices;
  let count = 0;
  for (const inv of list) {
    const index = saleIds.indexOf(inv.saleId);
    const method = toPay.get(`${index}:${inv.period}`);
    if (!method || paid.has(inv.key) || inv.status !== 'open') continue;
    check(
      call('recordPayment', {
        invoiceNo: inv.number,
        amount: inv.amountCents,
        method,
        requestId: `demo-pay-${inv.number}`,
      }),
      'recordPayment',
    );
    paid.set(inv.key, inv.number);
    count++;
  }
  return count;
}

module.exports = { seedDemo };
