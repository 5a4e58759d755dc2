// @ts-check
// The core of the `studio` CLI and the preview server: run the built bundle's entry points over a
// workbook file, one process at a time.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const {
  withWorkbook,
  createRuntime,
  Workbook,
  readSidecar,
  writeSidecar,
  createMailbox,
  outboxDirOf,
} = require('./runtime');
const { share: shareWith } = require('./runtime/sharing');
const { calendarError, studioDay } = require('./runtime/clock');
const { isAlive, sleepSync } = require('./runtime/lock');
const { callEndpoint } = require('./bundle');
const { seedDemo } = require('./demo');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const DEFAULT_WORKBOOK = '.studio/workbook.xlsx';
const DEFAULT_TIME_ZONE = 'Australia/Sydney';
/** The runtime's default user: who runs every command without --user, and owns a workbook. */
const OWNER = 'owner@example.com';
/**
 * Who a new studio's spreadsheet is shared with: the owner, the front desk (an editor: sells and checks
 * in, from the sidebars or the phone web app) and the accountant (a viewer: reads, cannot use the desk).
 */
const INIT_SHARING = { owner: OWNER, editors: ['frontdesk@example.com'], viewers: ['accountant@example.com'] };

/** @param {{ workbook?: string }} [opts] */
function workbookPath(opts = {}) {
  return path.resolve(opts.workbook ?? process.env.STUDIO_WORKBOOK ?? DEFAULT_WORKBOOK);
}

/** `--today` or STUDIO_TODAY (YYYY-MM-DD), else the real clock. @param {{ today?: string }} [opts] */
function todayOption(opts = {}) {
  const today = opts.today ?? process.env.STUDIO_TODAY;
  const wrong = today === undefined ? null : calendarError(today);
  if (wrong) throw new Error(`--today must be a calendar date YYYY-MM-DD, not "${today}" (${wrong}).`);
  return today;
}

/** Newest modification time of the files under `dir`. @param {string} dir @returns {number} */
function newest(dir) {
  let t = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/** Builds dist/ when it is missing or older than the sources (so `npx studio` works right after install). */
function ensureBuilt() {
  const bundle = path.join(DIST, 'Code.js');
  const sources = Math.max(newest(path.join(ROOT, 'src')), newest(path.join(ROOT, 'sheets-template')));
  if (fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.join(ROOT, 'build.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Holds `<workbook>.io.lock` for a whole load → run → save, so two processes never work on stale copies
 * of one file (the emulated LockService still decides who may write inside the bundle).
 * @template T @param {string} file @param {() => Promise<T>} fn @returns {Promise<T>}
 */
async function exclusive(file, fn) {
  const lock = `${file}.io.lock`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(path.dirname(lock), { recursive: true });
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(lock, 'utf8'));
      if (holder && !isAlive(holder)) fs.rmSync(lock, { force: true });
      else if (Date.now() > deadline) throw new Error(`The workbook is busy (held by process ${holder}): ${file}`);
      else sleepSync(50);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * What every command takes. `distDir`: run another bundle than the project's dist/ (a test's fixture;
 * it is not rebuilt).
 * @typedef {{ workbook?: string, today?: string, at?: string, mode?: string, user?: string,
 *   cache?: import('./runtime').WorkbookCache, distDir?: string, serviceUrl?: 'dev' | 'exec' }} StudioOptions
 */

/**
 * Loads the workbook, runs `fn(script, runtime)` with the bundle loaded, saves. `script` holds the
 * bundle's top-level functions.
 * @template T
 * @param {StudioOptions} opts
 * @param {(script: Record<string, Function>, runtime: import('./runtime').Runtime) => T} fn
 * @returns {Promise<T>}
 */
async function session(opts, fn) {
  return withStudio(opts, (runtime) => fn(runtime.load(), runtime));
}

/**
 * The deployment and the user of every execution: `--mode bound|addon` (or STUDIO_MODE; default bound:
 * a script bound to the workbook) and `--user EMAIL` (or STUDIO_USER); the user's MailApp quota,
 * STUDIO_MAIL_QUOTA recipients a day (default 100, a consumer account's; 1500 for Workspace).
 * @param {{ mode?: string, user?: string }} opts
 */
function deploymentOptions(opts) {
  const mode = opts.mode ?? process.env.STUDIO_MODE ?? 'bound';
  if (mode !== 'bound' && mode !== 'addon') throw new Error(`--mode must be bound or addon, not "${mode}"`);
  const userEmail = opts.user ?? process.env.STUDIO_USER;
  const quota = process.env.STUDIO_MAIL_QUOTA;
  if (quota !== undefined && !/^\d+$/.test(quota))
    throw new Error(`STUDIO_MAIL_QUOTA must be a whole number of recipients, not "${quota}"`);
  return {
    mode: /** @type {'bound' | 'addon'} */ (mode),
    ...(userEmail ? { userEmail } : {}),
    ...(quota !== undefined ? { mailQuota: Number(quota) } : {}),
  };
}

/**
 * Loads the workbook with its sidecar, runs `fn(runtime)` (no bundle loaded yet), saves. A long-lived
 * process passes `cache` to keep the workbook in memory between calls (see withWorkbook).
 * @template T @param {StudioOptions} opts
 * @param {(runtime: import('./runtime').Runtime) => T} fn @returns {Promise<T>}
 */
async function withStudio(opts, fn) {
  if (!opts.distDir) ensureBuilt();
  const file = workbookPath(opts);
  const now = opts.at ?? todayOption(opts);
  if (!fs.existsSync(file)) throw new Error(`No workbook at ${file}: run "studio init" first.`);
  const cache = opts.cache;
  const distDir = opts.distDir ?? DIST;
  return exclusive(file, () =>
    withWorkbook(file, fn, {
      now,
      distDir,
      ...deploymentOptions(opts),
      ...(cache ? { cache } : {}),
      ...(opts.serviceUrl ? { serviceUrl: opts.serviceUrl } : {}),
    }),
  );
}

/**
 * The spreadsheet's sharing (sharing.js): with no `email`, as it is (null: not modelled, everyone can
 * open and edit); else after giving `email` the `role` (owner, editor, viewer, or none to remove them),
 * a workbook without sharing starting from owner@example.com alone.
 * @param {StudioOptions} opts @param {string} [email] @param {string} [role]
 */
async function share(opts, email, role) {
  return withStudio(opts, (runtime) => {
    const { workbook } = runtime;
    if (email !== undefined) workbook.sharing = shareWith(workbook.sharing, email, role ?? '', OWNER);
    return workbook.sharing;
  });
}

/** The stored installable triggers (every user's), as plain records. @param {{ workbook?: string }} opts */
async function listTriggers(opts) {
  return withStudio(opts, (runtime) =>
    runtime.cloud.triggers.map((t) => ({
      id: t.id,
      handler: t.handlerFunction,
      user: t.user,
      documentId: t.documentId,
      schedule: t.everyHours ? `every ${t.everyHours} h` : `daily at ${t.atHour}:00 (${t.timeZone})`,
    })),
  );
}

/**
 * What Apps Script does at `at` (a wall-clock time, `YYYY-MM-DDTHH:mm`, in the script's zone; default
 * now): runs each time-driven trigger of this workbook, each as its owner, in an execution of its own.
 * @param {{ workbook?: string, at?: string, mode?: string }} opts
 */
async function fireTriggers(opts) {
  if (opts.at !== undefined && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(opts.at))
    throw new Error(`--at must be YYYY-MM-DDTHH:mm, not "${opts.at}"`);
  return withStudio(opts, (runtime) =>
    runtime.cloud.triggers
      .filter((t) => t.documentId === null || t.documentId === undefined || t.documentId === runtime.workbook.id)
      .map((t) => ({ id: t.id, handler: t.handlerFunction, user: t.user, ...runtime.runTrigger(t.id) })),
  );
}

/**
 * The permissions README's "Get paid with Stripe" asks a restricted key for: what the add-on's calls use.
 * @type {import('./runtime/stripe').Permissions}
 */
const ADDON_STRIPE_PERMISSIONS = {
  customer: 'write',
  checkout_session: 'write',
  setup_intent: 'read',
  payment_method: 'read',
  payment_intent: 'write',
  refund: 'read',
  payout: 'read',
  price: 'write',
  payment_link: 'write',
};

/**
 * A new restricted key of the workbook's local Stripe account (`<workbook>.xlsx.stripe.json`), with the
 * add-on's permissions, to paste in "Get paid with Stripe…".
 * @param {StudioOptions} opts @param {boolean} live
 */
async function stripeKey(opts, live) {
  return withStudio(opts, (runtime) =>
    runtime.cloud.stripe.issueKey({ mode: live ? 'live' : 'test', permissions: ADDON_STRIPE_PERMISSIONS }),
  );
}

/**
 * A client finishing the local Stripe page at `url` (from a Card request email): types `card`, expiring `exp`.
 * @param {StudioOptions} opts @param {string} url @param {string} card @param {string} exp
 */
async function stripePage(opts, url, card, exp) {
  return withStudio(opts, (runtime) => runtime.cloud.stripe.completeCheckout(url, { card, exp, now: runtime.clock() }));
}

/**
 * A refund made in the local Stripe's Dashboard (what reconciliation then finds): of `amount` cents of the
 * PaymentIntent `paymentIntent`'s charge, or all that is left of it.
 * @param {StudioOptions} opts @param {string} paymentIntent @param {number} [amount]
 */
async function stripeRefund(opts, paymentIntent, amount) {
  return withStudio(opts, (runtime) => {
    runtime.cloud.stripe.lastNow = runtime.clock();
    return runtime.cloud.stripe.dashboardRefund(paymentIntent, amount);
  });
}

/**
 * A payout of the local Stripe account to the bank, of `amount` cents, arriving `arrivalDate` (YYYY-MM-DD;
 * default two days on): what reconciliation lists in the Run Log.
 * @param {StudioOptions} opts @param {number} amount @param {string} [arrivalDate]
 */
async function stripePayout(opts, amount, arrivalDate) {
  return withStudio(opts, (runtime) => {
    runtime.cloud.stripe.lastNow = runtime.clock();
    return runtime.cloud.stripe.dashboardPayout({ amount, ...(arrivalDate ? { arrivalDate } : {}) });
  });
}

/**
 * Creates a workbook file with every tab (and, unless `empty`, the demo studio).
 * @param {{ workbook?: string, today?: string, empty?: boolean, force?: boolean, timeZone?: string }} opts
 */
async function init(opts) {
  ensureBuilt();
  const file = workbookPath(opts);
  if (fs.existsSync(file) && !opts.force) throw new Error(`${file} exists: use --force to replace it.`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (const extra of [file, `${file}.runtime.json`, `${file}.journal`, outboxDirOf(file)])
    fs.rmSync(extra, { force: true, recursive: true });
  const workbook = Workbook.create({
    timeZone: opts.timeZone ?? DEFAULT_TIME_ZONE,
    name: 'Studio Packages',
    sharing: INIT_SHARING,
  });
  const sidecar = readSidecar(file);
  // The demo's executions share one outbox: the messages its history sent are in <workbook>.outbox/.
  const mail = createMailbox();
  const make = (/** @type {string | undefined} */ now) =>
    createRuntime({
      workbook,
      now: studioDay(now, workbook.timeZone),
      distDir: DIST,
      properties: sidecar.properties,
      triggers: sidecar.triggers,
      mail,
      outboxDir: outboxDirOf(file),
    });
  const runtime = make(todayOption(opts));
  const setup = callEndpoint(runtime.load(DIST), 'setUpWorkbook');
  if (!setup.ok) throw new Error(setup.errors.map((/** @type {{message: string}} */ e) => e.message).join(' '));
  removeDefaultSheet(workbook);
  let summary = { tabs: setup.report.createdTabs };
  if (!opts.empty) summary = { ...summary, ...seedDemo(make, todayOption(opts)) };
  await workbook.save(file);
  writeSidecar(file, runtime);
  return { workbook: file, ...summary };
}

/** A new workbook starts with "Sheet1", as a new spreadsheet does; the studio doesn't need it. */
function removeDefaultSheet(/** @type {import('./runtime').Workbook} */ workbook) {
  const blank = workbook.sheet('Sheet1');
  if (blank && blank.lastRow() === 0) workbook.sheets.splice(workbook.sheets.indexOf(blank), 1);
  workbook.activeSheetName = workbook.sheets[0]?.name ?? null;
}

module.exports = {
  session,
  withStudio,
  share,
  INIT_SHARING,
  callEndpoint,
  init,
  listTriggers,
  fireTriggers,
  ADDON_STRIPE_PERMISSIONS,
  stripeKey,
  stripePage,
  stripeRefund,
  stripePayout,
  workbookPath,
  todayOption,
  ensureBuilt,
  DIST,
  ROOT,
};
