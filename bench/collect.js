// The nightly collection of `npm run bench` (issue 33): a studio billing <clients> monthly invoices on the 1st
// of a month, each client with a card on file, collects them in the nightly window.
//
//   node bench/collect.js [<clients>] [<out.json>] [<distDir>]   # 300, bench/out/collect-300.json, dist
//   node bench/collect.js 300 /tmp/c.json dist --mail-quota 100   # the owner on a consumer account
//   node bench/run.js --only collect                             # the same as npm run bench runs it
//
// The studio is made through the built bundle (<distDir>/Code.js) and the emulated Stripe of the local
// runtime, as an owner and the clients would make it (test/support/stripe.ts's paidStudio and
// clientWithCard): the add-on published (mode addon), email to clients on, Stripe connected with a
// restricted test key holding exactly the permissions README asks for, one monthly package set to
// "Charge Automatically". Each client is saved, sold the package starting on 1 February, asked for a card
// and saves the test card 4242 4242 4242 4242 on the page emailed to them (one execution each, on 30 and 31
// January, a minute apart: the emulated Stripe allows 25 requests a second in test mode). The owner installs
// the nightly trigger. The night of 1 February (2 am) looks the cards up and charges the first instalments;
// then the measured night, 1 March at 2 am, bills the second instalment of every sale (all due that day)
// and charges them: one cold execution, as Apps Script fires the trigger, with the runtime's time limit on
// (the 6 minutes, on the bench's optimistic cost model: local/runtime/faults.js), so the add-on's time
// budget (src/addon/budget.ts) works as it would. If the collection waits for the next run, the trigger is
// fired the next nights until nothing waits (reported as the nights it took). Then the same night is run
// again at 2:30 am (a second run of the trigger, as after a retry): it must charge nothing more.
//
// Reports (stdout and <out.json>): invoices created, PaymentIntents made (the emulated Stripe's objects),
// Payments rows, round trips, Sheets calls, fetches (requests) and fetchAll/fetch calls, the time slept
// pacing Stripe's rate limit, the estimate by bench/model.js and its share of the 6-minute limit.
// Mail quota: the owner's account is a Workspace one, 1 500 recipients a day (the runtime's default is a
// consumer account's 100, which the 300 card requests alone exceed); `--mail-quota <n>` sets the nights'
// (the setup keeps 1 500). With 100, the measured night sends 100 of its 600 messages (an invoice and a
// receipt per client) and the rest wait for the next nights.

const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { createRuntime, createSharedLocks, createCloud, Workbook } = require('../local/runtime');
const { Env } = require('../local/runtime/instrument');
const { dumpTabs } = require('../local/dump');
const { ADDON_STRIPE_PERMISSIONS } = require('../local/studio');
const { counters } = require('./counters');
const { MODEL, OPTIMISTIC, PESSIMISTIC, estimateMs } = require('./model');

// As bench/size.js: the round trips that are reads (the pessimistic bound's), apart from the write batches.
const charge = Env.prototype.charge;
Env.prototype.charge = function (kind) {
  if (kind === 'read') this.stats.reads = (this.stats.reads ?? 0) + 1;
  return charge.call(this, kind);
};

const ROOT = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
// --mail-quota <n>: the owner's email recipients a day (default a Workspace account's 1 500; 100 is a
// consumer account's).
const quotaAt = argv.indexOf('--mail-quota');
const SETUP_MAIL_QUOTA = 1500;
const MAIL_QUOTA = quotaAt >= 0 ? Number(argv.splice(quotaAt, 2)[1]) : SETUP_MAIL_QUOTA;
const [clientsArg, outArg, distArg] = argv;
const CLIENTS = Number(clientsArg ?? 300);
const OUT_FILE = outArg ?? path.join(__dirname, 'out', `collect-${CLIENTS}.json`);
const DIST = distArg ?? path.join(ROOT, 'dist');
if (!Number.isInteger(CLIENTS) || CLIENTS < 1) {
  console.error('usage: node bench/collect.js [<clients>] [<out.json>] [<distDir>]');
  process.exit(2);
}

const CARD = '4242424242424242';
const START = '2026-02-01'; // every sale's start: its instalments fall due on the 1st of each month
const NIGHT = '2026-03-01'; // the measured night: the second instalment of every sale
const PRICE_CENTS = 18000;
const OWNER = 'owner@bench.test';
const WEBSITE = 'https://pilates.example/thanks';

const log = (message) => console.log(`[collect ${CLIENTS}] ${message}`);
const workbook = Workbook.create({ timeZone: 'Australia/Sydney', name: `bench-collect-${CLIENTS}` });
const lock = createSharedLocks();
const cloud = createCloud();
/** A runtime on `at` (a day, or its wall-clock time), as the owner, the add-on published. */
const runtime = (at, more = {}) =>
  createRuntime({
    workbook,
    now: at,
    lock,
    cloud,
    mode: 'addon',
    userEmail: OWNER,
    distDir: DIST,
    console: { log() {} },
    mailQuota: SETUP_MAIL_QUOTA,
    ...more,
  });

/** One endpoint call in its own execution (as google.script.run); throws unless the reply is ok. */
function call(at, name, arg) {
  const rt = runtime(at);
  const script = rt.load();
  let reply;
  try {
    reply = arg === undefined ? script[name]() : script[name](JSON.parse(JSON.stringify(arg)));
  } finally {
    rt.endExecution();
  }
  if (reply !== undefined && !reply.ok) throw new Error(`${name} at ${at}: ${JSON.stringify(reply).slice(0, 500)}`);
  return reply;
}

/** Types `value` into the row of `tab` whose `keyHeader` is `key`, as the owner would. */
function setCell(tab, keyHeader, key, header, value) {
  const sheet = runtime('2026-01-01').globals().SpreadsheetApp.getActive().getSheetByName(tab);
  const rows = sheet.getDataRange().getValues();
  const col = rows[0].indexOf(header) + 1;
  const row = rows.findIndex((r) => r[rows[0].indexOf(keyHeader)] === key) + 1;
  if (col < 1 || row < 2) throw new Error(`No ${tab} row ${key} or column ${header}`);
  sheet.getRange(row, col).setValue(value);
}

function setSetting(label, value) {
  setCell('Settings', 'Setting', label, 'Value', value);
}

const tab = (name) => dumpTabs(runtime('2026-01-01'), name)[name];
const intents = () => cloud.stripe.objects('payment_intents');

/**
 * The trigger fired at `at` (one cold execution), measured as bench/size.js measures a job; the owner's
 * email recipients a day `mailQuota`.
 */
function fire(at, triggerId, mailQuota = MAIL_QUOTA) {
  globalThis.gc?.();
  const rt = runtime(at, { timeLimits: true, mailQuota });
  rt.resetStats();
  const intentsBefore = intents().length;
  const requestsBefore = cloud.stripe.requests.length;
  const paymentsBefore = tab('Payments').length;
  const invoicesBefore = tab('Invoices').length;
  const started = performance.now();
  const outcome = rt.runTrigger(triggerId);
  const wallMs = performance.now() - started;
  if (!outcome.ok) throw new Error(`the nightly trigger failed at ${at}: ${outcome.error}`);
  const s = rt.stats;
  const byMethod = s.byMethod ?? {};
  const fetchCalls = Object.entries(byMethod)
    .filter(([m]) => /^UrlFetchApp\.fetch(All)?$/.test(m))
    .reduce((n, [, c]) => n + c, 0);
  const run = {
    at,
    wallMs,
    ...counters(s, wallMs),
    byMethod,
    fetches: s.fetches ?? 0,
    fetchCalls,
    fetchAllCalls: byMethod['UrlFetchApp.fetchAll'] ?? 0,
    remoteMs: s.remoteMs ?? 0,
    sleptMs: rt.sleptMs,
    mailsSent: s.mailsSent ?? 0,
    /** How far the runtime's fixed clock moved (its optimistic cost model and the sleeps: what it kills at). */
    runtimeElapsedMs: rt.advancedMs + rt.sleptMs,
    /** The requests Stripe received, by method and path. */
    stripeRequests: countBy(
      cloud.stripe.requests
        .slice(requestsBefore)
        .map((q) => `${q.method} ${q.path.replace(/\/[a-z]{2,4}_[A-Za-z0-9]{8,}$/, '/{id}')}`),
    ),
    invoicesCreated: tab('Invoices').length - invoicesBefore,
    intentsMade: intents().length - intentsBefore,
    paymentsRows: tab('Payments').length - paymentsBefore,
  };
  run.estimateMs = estimateMs(run, run.computeMs, MODEL);
  run.pessimisticMs = estimateMs(run, run.computeMs, PESSIMISTIC);
  run.optimisticMs = estimateMs(run, run.computeMs, OPTIMISTIC);
  return run;
}

/** @param {string[]} values */
function countBy(values) {
  const out = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function main() {
  const t0 = performance.now();
  fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  // The owner: the workbook set up, email to clients on, a monthly package charged automatically, Stripe
  // connected with the restricted key README asks for.
  call('2026-01-29', 'setUpWorkbook');
  setSetting('Send client emails', 'Yes');
  const pkg = call('2026-01-29', 'savePackage', {
    name: 'Reformer Monthly',
    sessionsPerPeriod: 8,
    frequency: 'monthly',
    rollover: 'reset',
    recurWeeks: 0,
    priceCents: PRICE_CENTS,
  }).package;
  setCell('Packages', 'Package ID', pkg.id, 'Charge Automatically', 'Yes');
  const key = cloud.stripe.issueKey({ mode: 'test', type: 'restricted', permissions: ADDON_STRIPE_PERMISSIONS });
  call('2026-01-29', 'connectStripe', { key, currency: 'aud', website: WEBSITE });
  call('2026-01-29', 'installNightlyTrigger', {});
  const triggerId = cloud.triggers.find((t) => t.documentId === workbook.id)?.id;
  if (!triggerId) throw new Error('installNightlyTrigger made no trigger');

  // The clients, a minute apart on 30 and 31 January (8 am to 11 pm): saved, sold the package from
  // 1 February, asked for a card, which they save on the page emailed to them.
  const setupStarted = performance.now();
  for (let i = 0; i < CLIENTS; i++) {
    const minute = 8 * 60 + (i % (15 * 60));
    const day = i < 15 * 60 ? '2026-01-30' : '2026-01-31';
    const at = `${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
    const email = `client.${i + 1}@example.com`;
    const clientId = call(at, 'saveClient', { name: `Client ${i + 1}`, email }).client.id;
    call(at, 'sellPackage', { clientId, packageId: pkg.id, startDate: START, requestId: `sell-${clientId}` });
    call(at, 'askForCard', { clientId, requestId: `card-${clientId}` });
    const mail = cloud.mail.outbox.filter((m) => m.to.includes(email)).at(-1);
    const link = /https:\/\/checkout\.stripe\.com\/c\/pay\/\S+/.exec(mail?.body ?? '')?.[0];
    if (!link) throw new Error(`No card link was emailed to ${email}`);
    const saved = cloud.stripe.completeCheckout(link, { card: CARD, exp: '08/28' });
    if (!saved.ok) throw new Error(`The card was not saved for ${email}: ${saved.message}`);
    if ((i + 1) % 100 === 0)
      log(`${i + 1} clients with a card (${((performance.now() - setupStarted) / 1000).toFixed(0)} s)`);
  }

  // The first night: the cards reach the Clients tab, the first instalments are charged.
  const first = fire(`${START}T02:00`, triggerId, SETUP_MAIL_QUOTA);
  log(
    `1 February (cards looked up, first instalments): ${first.invoicesCreated} invoices, ${first.intentsMade} PaymentIntents, ${first.paymentsRows} Payments rows, ${first.fetches} fetches`,
  );
  const withCard = tab('Clients').filter((c) => String(c.Card ?? '').includes('4242')).length;

  // The measured night, then the next nights while charges wait (the time budget).
  const nights = [fire(`${NIGHT}T02:00`, triggerId)];
  const waiting = () =>
    tab('Invoices').filter((i) => i['Due Date'] === NIGHT && Number(i.Paid) < Number(i.Amount)).length;
  let next = NIGHT;
  while (waiting() > 0 && nights.length < 7) {
    next = new Date(Date.parse(`${next}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    nights.push(fire(`${next}T02:00`, triggerId));
  }
  const run = nights[0];
  // The same night again (the trigger fired a second time), and the night after the last: nothing more
  // is charged.
  const rerun = fire(`${NIGHT}T02:30`, triggerId);
  const after = new Date(Date.parse(`${next}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const nextNight = fire(`${after}T02:00`, triggerId);

  const dueTonight = tab('Invoices').filter((i) => i['Due Date'] === NIGHT);
  const result = {
    clients: CLIENTS,
    clientsWithCard: withCard,
    night: NIGHT,
    mailQuota: MAIL_QUOTA,
    setupMs: performance.now() - setupStarted,
    first,
    nights,
    run,
    rerun,
    nextNight,
    invoicesDueTonight: dueTonight.length,
    invoicesUnpaid: waiting(),
    nightsNeeded: waiting() > 0 ? null : nights.length,
    totalMs: performance.now() - t0,
  };
  const failures = [];
  if (run.invoicesCreated !== CLIENTS)
    failures.push(`the night created ${run.invoicesCreated} invoices, not ${CLIENTS}`);
  if (nights.reduce((n, x) => n + x.intentsMade, 0) !== CLIENTS)
    failures.push(`the nights made ${nights.reduce((n, x) => n + x.intentsMade, 0)} PaymentIntents, not ${CLIENTS}`);
  if (result.invoicesUnpaid > 0) failures.push(`${result.invoicesUnpaid} invoices due ${NIGHT} are still unpaid`);
  for (const [label, x] of [
    ['the same night run again', rerun],
    ['the next night', nextNight],
  ])
    if (x.intentsMade || x.paymentsRows || x.invoicesCreated)
      failures.push(
        `${label} made ${x.intentsMade} PaymentIntents, ${x.paymentsRows} Payments rows, ${x.invoicesCreated} invoices`,
      );
  result.failures = failures;
  result.lines = summaryLines(result);
  fs.writeFileSync(OUT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  for (const line of result.lines) console.log(line);
  if (failures.length) {
    console.error(`bench collect: FAILED\n${failures.map((f) => `- ${f}`).join('\n')}`);
    process.exit(1);
  }
}

/** The report's lines (in <out.json> as `lines`: bench/run.js writes them to results.md). */
function summaryLines(r) {
  const s = (ms) => (ms / 1000).toFixed(1);
  const pct = (ms) => `${((100 * ms) / MODEL.limitMs).toFixed(1)} %`;
  const run = r.run;
  const charged = r.nights.reduce((n, x) => n + x.intentsMade, 0);
  const oneRun = r.nights.length === 1 && r.invoicesUnpaid === 0;
  return [
    `Nightly collection of ${r.clients} charges (${r.night}, 2 am, every client a card on file): ` +
      `${run.roundTrips} round trips, ${run.sheetsCalls} Sheets calls, ${run.fetches} fetches in ${run.fetchAllCalls} fetchAll calls ` +
      `(${run.fetchCalls} UrlFetchApp calls; ${s(run.remoteMs)} s waiting on Stripe, ${s(run.sleptMs)} s paced), ` +
      `${s(run.estimateMs)} s = ${pct(run.estimateMs)} of the 6-minute limit ` +
      `(optimistic ${s(run.optimisticMs)} s, pessimistic ${s(run.pessimisticMs)} s = ${pct(run.pessimisticMs)}).`,
    `- ${run.invoicesCreated} invoices created, ${run.intentsMade} PaymentIntents made (${charged} over ${r.nights.length} night${r.nights.length === 1 ? '' : 's'}), ` +
      `${run.paymentsRows} Payments rows, ${run.mailsSent} emails; ${run.cellsRead} cells read, ${run.cellsWritten} written; ` +
      `bundle compute ${s(run.computeMs)} s; the runtime's clock (optimistic, what it kills at) ${s(run.runtimeElapsedMs)} s.`,
    oneRun
      ? `- Finished in one run: **yes** ✔ (nothing left waiting for the next night).`
      : `- Finished in one run: **no** ✘ — ${r.nightsNeeded ? `${r.nightsNeeded} nightly runs` : `not within ${r.nights.length} nights`} (the time budget leaves the rest for the next run).`,
    ...[
      ['The same night run again (the trigger at 2:30 am)', r.rerun],
      [`The next night (${r.nextNight.at.slice(0, 10)})`, r.nextNight],
    ].map(
      ([label, x]) =>
        `- ${label}: ${x.intentsMade} PaymentIntents, ${x.paymentsRows} Payments rows, ${x.invoicesCreated} invoices ` +
        `${x.intentsMade + x.paymentsRows + x.invoicesCreated === 0 ? '✔' : '✘'} (${x.fetches} fetches, ${x.roundTrips} round trips).`,
    ),
  ];
}

try {
  main();
} catch (e) {
  console.error(e);
  process.exit(1);
}
