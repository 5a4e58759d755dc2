// @ts-check
// The local Apps Script runtime: emulated services over a Workbook, and the loader that runs the
// built bundle (dist/Code.js) with gas-local in a fresh vm context per load.
//
//   const runtime = createRuntime({ workbook: Workbook.create({ timeZone: 'Australia/Sydney' }), now: '2026-03-01' });
//   const script = runtime.load();           // the bundle's top-level functions
//   script.onOpen();
//   runtime.stats; runtime.ui.menus; runtime.endExecution();
//
// Two deployments (`mode`): 'bound', a script bound to the workbook (the default), and 'addon', a
// published editor add-on. Several runtimes (users, spreadsheets) can share one `cloud` (cloud.js).
// Executions: load() (interactive, FULL by default), open() (onOpen), install() (onInstall),
// runTrigger(id) (a time-driven trigger, as its owner), and the project deployed as a web app (webapp.js):
// webApp(query, { user }) (a visit: doGet) and webAppCall(name, args, { user }) (the page's
// google.script.run).

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const crypto = require('node:crypto');
/** @type {{ require(folder: string, globals: object): Record<string, any> }} */
// @ts-expect-error gas-local ships no type declarations
const gasLocal = require('gas-local');
const { Env } = require('./instrument');
const { Workbook } = require('./workbook');
const { SpreadsheetAppService } = require('./spreadsheet');
const { SpreadsheetsCollection } = require('./sheetsapi');
const { createApiQuota } = require('./quota');
const { createUiRecord } = require('./ui');
const { LockServiceApi, LockSession, createSharedLocks, sleepSync } = require('./lock');
const { PropertiesServiceApi, emptyPropertyStores } = require('./properties');
const { ScriptAppApi, AuthMode } = require('./scriptapp');
const { HtmlServiceApi, HtmlOutput } = require('./html');
const { UtilitiesApi, SessionApi, LoggerApi } = require('./services');
const { makeClock, installClock, studioDay } = require('./clock');
const { isValidTimeZone } = require('./timezone');
const { ChartType } = require('./charts');
const { createCloud, cloudOf, enabledKey, isEnabledIn, internetOf } = require('./cloud');
const { checkAuthMode } = require('./auth');
const { LIMITS } = require('./faults');
const { MailAppApi, createMailbox, outboxDirOf, readOutbox, CONSUMER_DAILY_RECIPIENTS } = require('./mail');
const { UrlFetchAppApi, CONSUMER_DAILY_FETCHES } = require('./urlfetch');
const { createStripe, emptyState: emptyStripeState } = require('./stripe');
const webapp = require('./webapp');
const { copySpreadsheet } = require('./copy');
const { sidecarPath, recover, guard } = require('./persist');
const { writeAtomic } = require('./durable');

const DEFAULT_USER = 'owner@example.com';

/**
 * @typedef {import('./properties').PropertyStores} PropertyStores
 * @typedef {import('./scriptapp').TriggerRecord} TriggerRecord
 * @typedef {import('./cloud').Cloud} Cloud
 * @typedef {import('./cloud').FailureEmail} FailureEmail
 * @typedef {import('./auth').AuthModeName} AuthModeName
 * @typedef {'bound' | 'addon'} Mode
 *   bound: a script bound to the workbook (the default); addon: a published editor add-on.
 * @typedef {{
 *   workbook: Workbook,
 *   mode?: Mode,
 *   cloud?: Cloud,
 *   scriptTimeZone?: string,
 *   now?: import('./clock').NowOption,
 *   lock?: import('./lock').SharedLocks | { file: string },
 *   properties?: PropertyStores,
 *   triggers?: TriggerRecord[],
 *   distDir?: string,
 *   console?: { log: (...args: unknown[]) => void },
 *   userEmail?: string,
 *   locale?: string,
 *   drive?: Map<string, Workbook>,
 *   mail?: import('./mail').Mailbox,
 *   mailQuota?: number,
 *   urlFetchQuota?: number,
 *   outboxDir?: string | null,
 *   webAppUrl?: string | null,
 *   dataFilterBlocks?: import('./sheetsapi').DataFilterBlocks,
 *   serviceUrl?: 'dev' | 'exec',
 *   timeLimits?: boolean,
 *   slowCalls?: Record<string, number | ((target: any) => number)>,
 *   apiQuota?: import('./quota').ApiQuota,
 * }} RuntimeOptions
 *   `cloud` is the state every execution of the project shares (cloud.js); without it the runtime builds
 *   a private one from `properties` (this document's, the script's and this user's stores), `triggers`,
 *   `drive` and `mail` (MailApp's outbox and quota windows: createMailbox()), which then stay shared by
 *   reference with the caller. Pass one or the other.
 *   `mailQuota`: the user's email recipients per day (100, a consumer account's, unless given; 1500 for a
 *   Workspace account). `urlFetchQuota`: the user's URL Fetch calls per day (20 000, a consumer
 *   account's, unless given; 100 000 for Workspace). `outboxDir`: where MailApp writes each message as an .eml file (null: in memory
 *   only, `runtime.outbox()`); withWorkbook sets it to `<workbook>.outbox/` beside the .xlsx.
 *   `webAppUrl`: what ScriptApp.getService().getUrl() returns (default: a fixed script.google.com URL
 *   when the manifest has a `webapp` section, else null).
 *   `serviceUrl`: what getUrl() returns outside a visit of the web app (a menu item, a sidebar, a
 *   trigger): 'dev' (the default) the development address, `webAppUrl` with /exec turned to /dev (Google:
 *   "If you are running the development mode web app, this returns the development mode url"; with
 *   several deployments it names none in particular), or 'exec' `webAppUrl` itself. A visit gets /exec.
 *   `dataFilterBlocks`: how Sheets.Spreadsheets.getByDataFilter cuts and orders its blocks (sheetsapi.js;
 *   default: touching ranges merged, by start row; `{ shuffle: seed }` reorders them).
 *   `timeLimits`: false lifts Apps Script's execution time limits (6 min; 30 s for onOpen/onInstall), which
 *   the runtime otherwise enforces on the bench's cost model (faults.js; every call advances `elapsedMs`).
 *   `apiQuota`: the Cloud project's Sheets API per-minute counters (quota.js: createApiQuota()), shared by
 *   the runtimes of one project; without it the cloud's (a private cloud's lasts one runtime).
 *   `slowCalls`: Google on a slow day: milliseconds each call of a method ("Range.setValues") takes beyond
 *   the cost model, or a function of the object called (the Range, the Sheet…) giving them, so a test can
 *   bring a long job to its time budget without a studio of that size.
 * @typedef {{ authMode?: AuthModeName, timeDriven?: boolean, webApp?: boolean, user?: string, activeUser?: string, simpleTrigger?: boolean }} ExecutionOptions
 * @typedef {{ authMode: AuthModeName, timeDriven: boolean, webApp: boolean, user: string, activeUser: string }} Execution
 *   One execution: its authorization, whether a time-driven trigger or a web app visit started it (no
 *   editor open; a web app has no document either), the user it runs as (the effective user) and the
 *   one Session.getActiveUser() names (the same, but in a web app run as its deployer).
 * @typedef {{ ok: true } | { ok: false, error: string }} TriggerOutcome
 * @typedef {ReturnType<Runtime['globals']>} Globals  the emulated services of one execution
 */

/** The `timeZone` of appsscript.json in `distDir` (or the project root), else America/New_York. @param {string} distDir */
function manifestTimeZone(distDir) {
  for (const file of [path.join(distDir, 'appsscript.json'), 'appsscript.json']) {
    try {
      const tz = JSON.parse(fs.readFileSync(file, 'utf8')).timeZone;
      if (isValidTimeZone(tz)) return tz;
    } catch {}
  }
  return 'America/New_York';
}

/**
 * The explicit `oauthScopes` of appsscript.json in `distDir`, or null when it lists none (Apps Script then
 * infers the scopes from the code: every service works).
 * @param {string} distDir @returns {string[] | null}
 */
function manifestScopes(distDir) {
  try {
    const scopes = JSON.parse(fs.readFileSync(path.join(distDir, 'appsscript.json'), 'utf8')).oauthScopes;
    return Array.isArray(scopes) ? scopes.map(String) : null;
  } catch {
    return null;
  }
}

/**
 * The global names under which appsscript.json in `distDir` enables the Sheets advanced service:
 * `dependencies.enabledAdvancedServices` entries with serviceId "sheets" (usually userSymbol "Sheets").
 * Apps Script defines no such global for a project that does not enable it
 * (https://developers.google.com/apps-script/guides/services/advanced#enable_advanced_services).
 * @param {string} distDir @returns {string[]}
 */
function manifestSheetsSymbols(distDir) {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'appsscript.json'), 'utf8'));
    const services = manifest?.dependencies?.enabledAdvancedServices;
    if (!Array.isArray(services)) return [];
    return services
      .filter((s) => s && s.serviceId === 'sheets' && typeof s.userSymbol === 'string' && s.userSymbol)
      .map((s) => String(s.userSymbol));
  } catch {
    return [];
  }
}

/** ISO 8601 week number of a UTC date: the week (Monday to Sunday) of its Thursday. @param {Date} date */
function isoWeek(date) {
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 4 - (thursday.getUTCDay() || 7));
  const newYear = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.ceil(((thursday.getTime() - newYear) / 86400000 + 1) / 7);
}

/** The development address of a deployment's /exec URL (null stays null). @param {string | null} url */
function devUrl(url) {
  return url === null ? null : url.replace(/\/exec$/, '/dev');
}

/** The message of something a script threw (an error of the script's realm is no host Error). @param {unknown} error */
function messageOf(error) {
  const message = /** @type {{ message?: unknown }} */ (error)?.message;
  return typeof message === 'string' ? message : String(error);
}

class Runtime {
  /** @param {RuntimeOptions} options */
  constructor(options) {
    if (!options || !(options.workbook instanceof Workbook))
      throw new Error('createRuntime: options.workbook is required');
    if (options.mode !== undefined && options.mode !== 'bound' && options.mode !== 'addon')
      throw new Error(`createRuntime: mode must be 'bound' or 'addon', not ${options.mode}`);
    if (
      options.cloud &&
      [options.properties, options.triggers, options.drive, options.mail].some((o) => o !== undefined)
    )
      throw new Error('createRuntime: pass either cloud or properties/triggers/drive/mail');
    if (
      options.mailQuota !== undefined &&
      !(Number.isInteger(options.mailQuota) && /** @type {number} */ (options.mailQuota) >= 0)
    )
      throw new Error(`createRuntime: mailQuota must be a whole number of recipients, not ${options.mailQuota}`);
    this.options = options;
    this.workbook = options.workbook;
    /** @type {Mode} */
    this.mode = options.mode ?? 'bound';
    this.userEmail = options.userEmail ?? DEFAULT_USER;
    /** The user's locale: the language of SpreadsheetApp.create's first sheet, Session.getActiveUserLocale(). */
    this.locale = options.locale ?? 'en_US';
    /** @type {Cloud} */
    this.cloud = options.cloud ?? cloudOf(options, this.workbook.id, this.userEmail);
    if (options.cloud && !this.cloud.drive.has(this.workbook.id)) this.cloud.drive.set(this.workbook.id, this.workbook);
    this.distDir = options.distDir ?? 'dist';
    // An add-on's script time zone is its manifest's, the same for every customer (the platform notes;
    // reference/base/session#getScriptTimeZone "the time zone of the script"): no option overrides it.
    this.scriptTimeZone =
      this.mode === 'addon'
        ? manifestTimeZone(this.distDir)
        : (options.scriptTimeZone ?? manifestTimeZone(this.distDir));
    /** The manifest's explicit OAuth scopes (null: inferred). */
    this.scopes = manifestScopes(this.distDir);
    /** The globals the manifest gives the Sheets advanced service (none: `Sheets` is undefined). */
    this.sheetsSymbols = manifestSheetsSymbols(this.distDir);
    /** The manifest's web app deployment (null: none). */
    this.webAppDeployment = webapp.manifestWebApp(this.distDir);
    /** What ScriptApp.getService().getUrl() returns. @type {string | null} */
    this.webAppUrl =
      options.webAppUrl !== undefined ? options.webAppUrl : this.webAppDeployment ? webapp.defaultWebAppUrl() : null;
    this.env = new Env();
    this.ui = createUiRecord();
    /** @type {string[]} Lines written with Logger.log. */
    this.logs = [];
    this.console = options.console ?? console;
    /** The selected blocks getActiveRange()/getActiveRangeList() report (setActiveRanges). @type {import('./spreadsheet').Selection | null} */
    this.selection = null;
    const runtime = this;
    /** This document's, the script's and this user's property stores, live (read and replace them). @type {PropertyStores} */
    this.properties = {
      get document() {
        return runtime._documentStore();
      },
      set document(value) {
        runtime.cloud.documentProperties[runtime.workbook.id] = value;
      },
      get script() {
        return runtime.cloud.scriptProperties;
      },
      set script(value) {
        runtime.cloud.scriptProperties = value;
      },
      get user() {
        return runtime._userStore(runtime.userEmail);
      },
      set user(value) {
        runtime.cloud.userProperties[runtime.userEmail] = value;
      },
    };
    this.lockStore = options.lock
      ? 'file' in options.lock
        ? { kind: /** @type {const} */ ('file'), file: options.lock.file }
        : options.lock
      : createSharedLocks();
    this.lockSession = new LockSession(this.lockStore);
    /**
     * Milliseconds Utilities.sleep has waited on a fixed clock: a test's clock stands still, so a sleep
     * moves it on instead of blocking the thread (what the script observes is the same: time has passed).
     */
    this.sleptMs = 0;
    const clock = makeClock(options.now, () => this.scriptTimeZone);
    this.fixedClock = options.now !== undefined && options.now !== null && typeof options.now !== 'function';
    /** Milliseconds the executions' calls took by the cost model (a fixed clock moves on by them). */
    this.advancedMs = 0;
    this.clock = this.fixedClock ? () => clock() + this.sleptMs + Math.round(this.advancedMs) : clock;
    this.timeLimits = options.timeLimits ?? true;
    this.env.slowCalls = options.slowCalls ?? {};
    /** The Cloud project's Sheets API quotas (quota.js): the shared cloud's, the caller's, or this runtime's. */
    if (!this.cloud.apiQuota) this.cloud.apiQuota = createApiQuota();
    this.apiQuota = options.apiQuota ?? this.cloud.apiQuota;
    // Lifted for every call, not only executions started with load(): globals() too.
    if (!this.timeLimits) this.env.limitMs = null;
    this.env.documentId = () => this.workbook.id;
    this.env.onElapsed = (ms) => {
      if (this.fixedClock) this.advancedMs += ms;
    };
    this.executionId = crypto.randomUUID();
    /** The user's email recipients per day (MailApp's quota). */
    this.mailQuota = options.mailQuota ?? CONSUMER_DAILY_RECIPIENTS;
    /** The user's URL Fetch calls per day (UrlFetchApp's quota). */
    this.urlFetchQuota = options.urlFetchQuota ?? CONSUMER_DAILY_FETCHES;
    /** Where MailApp writes each message as an .eml file; null: kept in memory only. */
    this.outboxDir = options.outboxDir ?? null;
    /** Called before each message MailApp sends (a file-backed runtime journals first: persist.js). @type {(() => void) | null} */
    this.beforeSend = null;
  }

  /**
   * Every message MailApp sent through this runtime's cloud (every execution, every user), oldest first:
   * `{ id, date, user, from, name, replyTo, to, cc, bcc, subject, body, htmlBody, noReply, attachments,
   * file }` (mail.js SentMail; `file` the .eml written, when the runtime has an outboxDir). A file-backed
   * workbook's earlier messages (other processes') are in its folder: readOutbox(runtime.outboxDir).
   * @returns {import('./mail').SentMail[]}
   */
  outbox() {
    return this.cloud.mail.outbox;
  }

  /** Every trigger of the project (the cloud's). */
  get triggers() {
    return this.cloud.triggers;
  }

  /** The spreadsheets the user can open by id: SpreadsheetApp.create / openById (the cloud's). */
  get drive() {
    return this.cloud.drive;
  }

  /** Counters since the last resetStats(). */
  get stats() {
    return this.env.stats;
  }

  resetStats() {
    this.env.resetStats();
  }

  /**
   * `{ failBeforeWrite?: n, failAfterWrite?: n }`: the n-th write call (1-based) throws;
   * `{ failAtCall: n, method?, error?, kill? }`: the n-th service call (of `method` only, when given) throws
   * Google's text (instrument.js Faults).
   */
  get faults() {
    return this.env.faults;
  }

  set faults(value) {
    this.env.faults = value ?? {};
    this.env.fetchRequests = 0;
  }

  /** Whether Google stopped the current (or last) execution at its time limit. */
  get killed() {
    return this.env.killed;
  }

  /** The current execution's time so far, by the cost model (ms). */
  get elapsedMs() {
    return this.env.elapsedMs;
  }

  /** Outermost service calls made (what failAtCall counts). */
  get serviceCalls() {
    return this.env.serviceCalls;
  }

  /** The time limit of an execution (null when lifted). @param {ExecutionOptions} execution */
  _limitOf(execution) {
    if (!this.timeLimits) return null;
    return execution.simpleTrigger ? LIMITS.simpleTriggerMs : LIMITS.executionMs;
  }

  /** Writes that took effect. */
  get writeCount() {
    return this.env.writeCount;
  }

  /** Write calls attempted (what the fault counters count). */
  get writeCalls() {
    return this.env.writeCalls;
  }

  /** The current script clock as a host Date. */
  now() {
    return new Date(this.clock());
  }

  /** Selects `a1` on `sheetName` (what Spreadsheet.getActiveRange() returns). @param {string} sheetName @param {string} a1 */
  setActiveRange(sheetName, a1) {
    this.setActiveRanges(sheetName, [a1]);
  }

  /**
   * Selects several blocks on `sheetName` (ctrl-click): getActiveRangeList() returns them all,
   * getActiveRange() the last one.
   * @param {string} sheetName @param {string[]} ranges A1 notations, in selection order
   */
  setActiveRanges(sheetName, ranges) {
    if (!Array.isArray(ranges) || ranges.length === 0) throw new Error('setActiveRanges: give at least one range');
    this.workbook.activeSheetName = sheetName;
    this.selection = { sheet: sheetName, ranges: [...ranges] };
  }

  /** The current block of the selection (the last one), or null. */
  get activeRange() {
    const s = this.selection;
    return s ? { sheet: s.sheet, a1: s.ranges[s.ranges.length - 1] } : null;
  }

  /** @param {ExecutionOptions} [options] @returns {Execution} */
  _execution(options = {}) {
    const user = options.user ?? this.userEmail;
    return {
      authMode: checkAuthMode(options.authMode ?? 'FULL'),
      timeDriven: options.timeDriven ?? false,
      webApp: options.webApp ?? false,
      user,
      activeUser: options.activeUser ?? user,
    };
  }

  /**
   * Whether the execution has a containing document. An add-on's time-driven trigger runs outside any
   * document; a bound script's keeps its container (the platform notes; add-ons/concepts/editor-triggers).
   * A web app visit has none in either deployment: the page is no editor (docs/platform.md › The web app).
   * @param {Execution} execution
   */
  _hasDocument(execution) {
    return !execution.webApp && !(execution.timeDriven && this.mode === 'addon');
  }

  _documentStore() {
    const stores = this.cloud.documentProperties;
    const id = this.workbook.id;
    if (!stores[id]) stores[id] = {};
    return stores[id];
  }

  /** @param {string} email */
  _userStore(email) {
    const stores = this.cloud.userProperties;
    if (!stores[email]) stores[email] = {};
    return stores[email];
  }

  /** Who owns a trigger and in which document; records from before `user`/`documentId` are this runtime's. @param {TriggerRecord} t */
  _ownerOf(t) {
    return { user: t.user ?? this.userEmail, documentId: t.documentId === undefined ? this.workbook.id : t.documentId };
  }

  /**
   * A fresh globals object holding every emulated service, for one execution (default: an interactive
   * FULL one as the runtime's user). It sets the authorization every proxied call is checked against,
   * so the last execution started (load, open, globals…) decides.
   * @param {ExecutionOptions} [options]
   */
  globals(options = {}) {
    const execution = this._execution(options);
    const env = this.env;
    env.authMode = execution.authMode;
    const cloud = this.cloud;
    const runtime = this;
    const hasDocument = this._hasDocument(execution);
    /** @type {import('./spreadsheet').Doc} */
    const doc = {
      env,
      workbook: this.workbook,
      ui: this.ui,
      get selection() {
        return runtime.selection;
      },
      set selection(value) {
        runtime.selection = value;
      },
      account: { user: execution.user, runtimeUser: this.userEmail },
    };
    const scriptTimeZone = () => this.scriptTimeZone;
    const hasUi = !execution.timeDriven && !execution.webApp;
    const spreadsheetContext = { hasActiveDocument: hasDocument, hasUi, locale: this.locale };
    const stores = {
      document: () => (hasDocument ? this._documentStore() : null),
      script: () => cloud.scriptProperties,
      user: () => this._userStore(execution.user),
    };
    const scriptContext = {
      triggers: cloud.triggers,
      mode: this.mode,
      user: execution.user,
      documentId: hasDocument ? this.workbook.id : null,
      scriptTimeZone,
      ownerOf: (/** @type {TriggerRecord} */ t) => this._ownerOf(t),
      webAppUrl: execution.webApp || this.options.serviceUrl === 'exec' ? this.webAppUrl : devUrl(this.webAppUrl),
      wanted: this.scopes,
      granted: () => this.cloud.authorizations?.[execution.user] ?? null,
    };
    // A trigger cannot ask for consent: a call needing a scope its user has not granted stops it (auth.js).
    env.grantedScopes = execution.timeDriven ? (this.cloud.authorizations?.[execution.user] ?? null) : null;
    const session = {
      scriptTimeZone,
      userEmail: execution.user,
      activeUserEmail: execution.activeUser,
      locale: this.locale,
      scopes: this.scopes,
    };
    const services = {
      SpreadsheetApp: env.wrap(
        new SpreadsheetAppService(doc, cloud.drive, spreadsheetContext),
        'SpreadsheetApp',
        'SpreadsheetApp',
      ),
      LockService: env.wrap(new LockServiceApi(env, () => this.lockSession, hasDocument), 'LockService', 'LockService'),
      PropertiesService: env.wrap(new PropertiesServiceApi(env, stores), 'PropertiesService', 'PropertiesService'),
      ScriptApp: env.wrap(new ScriptAppApi(env, scriptContext), 'ScriptApp', 'ScriptApp'),
      HtmlService: env.wrap(new HtmlServiceApi(env), 'HtmlService', 'HtmlService'),
      Session: env.wrap(new SessionApi(env, session), 'Session', 'Session'),
      Utilities: env.wrap(
        new UtilitiesApi(env, (ms) => {
          if (this.fixedClock) this.sleptMs += ms;
          else sleepSync(ms);
          env.elapsedMs += ms; // a sleep counts against the execution's time (the clock moved by sleptMs)
        }),
        'Utilities',
        'Utilities',
      ),
      MailApp: env.wrap(
        new MailAppApi(env, {
          user: execution.user,
          scopes: this.scopes,
          mailbox: cloud.mail,
          dailyRecipients: this.mailQuota,
          now: () => this.clock(),
          timeZone: scriptTimeZone,
          outboxDir: this.outboxDir,
          beforeSend: () => this.beforeSend?.(),
          stats: () => env.stats,
        }),
        'MailApp',
        'MailApp',
      ),
      UrlFetchApp: env.wrap(
        new UrlFetchAppApi(env, {
          user: execution.user,
          scopes: this.scopes,
          internet: cloud.internet,
          dailyFetches: this.urlFetchQuota,
          now: () => this.clock(),
          faults: () => env.faults,
          stats: () => env.stats,
        }),
        'UrlFetchApp',
        'UrlFetchApp',
      ),
      Charts: { ChartType },
      Logger: env.wrap(new LoggerApi(this.console, this.logs), 'Logger', 'Logger'),
      console: this.console,
    };
    for (const symbol of this.sheetsSymbols) {
      const spreadsheets = new SpreadsheetsCollection(
        env,
        this.workbook,
        cloud.drive,
        execution.user,
        this.options.dataFilterBlocks,
        this.apiQuota,
        () => this.clock(),
      );
      /** @type {Record<string, unknown>} */ (services)[symbol] = {
        Spreadsheets: env.wrap(spreadsheets, 'SpreadsheetsCollection', 'Sheets'),
      };
    }
    return services;
  }

  /**
   * Loads the bundle (every .js file in distDir) into a fresh vm context and returns the context: its
   * top-level functions are the script's entry points. Dates, arrays and errors the services hand to the
   * script are created in this context's realm; `new Date()` follows the runtime clock.
   *
   * An interactive execution with the spreadsheet open: a menu item, a sidebar's google.script.run call
   * or the script editor, in FULL unless `authMode` says otherwise. In addon mode a FULL one enables the
   * add-on in the document (add-ons/concepts/editor-auth-lifecycle: using an add-on in a document
   * enables it there).
   * @param {string | { distDir?: string, authMode?: AuthModeName }} [options] distDir, or options
   * @returns {Record<string, any>}
   */
  load(options = {}) {
    const { distDir = this.distDir, authMode } = typeof options === 'string' ? { distDir: options } : options;
    this.env.sendQueuedWrites(); // a new execution: the last one's queued writes were sent when it ended
    const { script } = this._load(distDir, { authMode });
    if (this.mode === 'addon' && this.env.authMode === 'FULL') this._enable();
    // Google asks for any scope a new version added before a menu item or sidebar runs: accepted here.
    if (this.env.authMode === 'FULL' && this.cloud.authorizations) delete this.cloud.authorizations[this.userEmail];
    return script;
  }

  /** @param {string} distDir @param {ExecutionOptions} execution */
  _load(distDir, execution) {
    this.env.startExecution(this._limitOf(execution));
    const globals = this.globals(execution);
    const context = vm.createContext(globals);
    const RealmDate = installClock(context, this.clock);
    this.env.realm = {
      Date: RealmDate,
      Array: vm.runInContext('Array', context),
      Error: vm.runInContext('Error', context),
    };
    const runtimeNames = new Set(Object.getOwnPropertyNames(context));
    const script = gasLocal.require(path.resolve(distDir), context);
    /** The bundle's own top-level functions (the context also holds the services and Date). */
    const entryPoints = Object.keys(script).filter((n) => typeof script[n] === 'function' && !runtimeNames.has(n));
    return { script, globals, entryPoints };
  }

  _enable() {
    this.cloud.enabled.add(enabledKey(this.userEmail, this.workbook.id));
  }

  /**
   * Runs `run` in an execution of its own (its own lock owner, released at the end) and puts the
   * current one back afterwards: its locks, realm and authorization.
   * @template T @param {ExecutionOptions} options
   * @param {(loaded: { script: Record<string, any>, globals: Globals, entryPoints: string[] }) => T} run
   * @returns {T}
   */
  _separately(options, run) {
    const outer = {
      session: this.lockSession,
      executionId: this.executionId,
      realm: this.env.realm,
      authMode: this.env.authMode,
      queuedWrites: this.env.queuedWrites,
      grantedScopes: this.env.grantedScopes,
      time: {
        elapsedMs: this.env.elapsedMs,
        limitMs: this.env.limitMs,
        killed: this.env.killed,
        killMessage: this.env.killMessage,
      },
    };
    this.lockSession = new LockSession(this.lockStore);
    this.executionId = crypto.randomUUID();
    this.env.queuedWrites = 0;
    try {
      return run(this._load(this.distDir, options));
    } finally {
      this.env.sendQueuedWrites(); // this execution ends: its queued writes go
      this.env.queuedWrites = outer.queuedWrites;
      this.lockSession.releaseAll();
      this.lockSession = outer.session;
      this.executionId = outer.executionId;
      this.env.realm = outer.realm;
      this.env.authMode = outer.authMode;
      this.env.grantedScopes = outer.grantedScopes;
      Object.assign(this.env, outer.time);
    }
  }

  /**
   * Opens the spreadsheet: loads the bundle and calls `onOpen(e)` (if the bundle has one) with
   * `e = { authMode, source, user? }`, then ends that execution. The mode is LIMITED for a bound script;
   * for an add-on NONE until someone used it in this document, then LIMITED (reference/script/auth-mode
   * NONE "the user has installed an add-on in a different document but the add-on has not been used in
   * the current document"; add-ons/concepts/editor-auth-lifecycle). Returns the script context.
   * @returns {Record<string, any>}
   */
  open() {
    /** @type {AuthModeName} */
    const authMode = this.mode === 'bound' || isEnabledIn(this.cloud, this.workbook.id) ? 'LIMITED' : 'NONE';
    return this._separately({ authMode, simpleTrigger: true }, ({ script, globals }) => {
      if (typeof script.onOpen === 'function') script.onOpen(this._documentEvent(globals, authMode));
      return script;
    });
  }

  /**
   * Installs the add-on from the Marketplace while this document is open: `onInstall(e)` in FULL
   * (add-ons/concepts/editor-auth-lifecycle "onInstall … runs in AuthMode.FULL"), which enables the add-on
   * here. Ends that execution; returns the script context.
   * @returns {Record<string, any>}
   */
  install() {
    return this._separately({ authMode: 'FULL', simpleTrigger: true }, ({ script, globals }) => {
      if (this.mode === 'addon') this._enable();
      if (typeof script.onInstall === 'function') script.onInstall(this._documentEvent(globals, 'FULL'));
      return script;
    });
  }

  /**
   * The event of onOpen/onInstall (guides/triggers/events › Open): the AuthMode member, the spreadsheet
   * and, outside NONE, the user.
   * @param {Globals} globals @param {AuthModeName} authMode
   */
  _documentEvent(globals, authMode) {
    /** @type {Record<string, unknown>} */
    const event = { authMode: AuthMode[authMode], source: globals.SpreadsheetApp._activeSpreadsheet() };
    if (authMode !== 'NONE') event.user = globals.Session._user();
    return event;
  }

  /**
   * Runs a stored time-driven trigger now, in an execution of its own: FULL, as the trigger's user, with
   * no editor open (getUi() throws). In addon mode there is no active document: getActiveSpreadsheet(),
   * getDocumentLock() and getDocumentProperties() are null, openById works. A bound script keeps its
   * container. The handler gets the time-driven event (guides/triggers/events › Time-driven events).
   * A handler that throws, or is missing, fails the run; a bound script's failure is emailed to the
   * trigger's owner (`cloud.failureEmails`), an add-on's is not (add-ons/concepts/editor-triggers: add-on
   * triggers send no failure notifications).
   * @param {string} triggerId @returns {TriggerOutcome}
   */
  runTrigger(triggerId) {
    const trigger = this.cloud.triggers.find((t) => t.id === String(triggerId));
    if (!trigger) throw new Error(`runTrigger: no trigger ${triggerId}`);
    const { user } = this._ownerOf(trigger);
    const handler = trigger.handlerFunction;
    return this._separately({ authMode: 'FULL', timeDriven: true, user }, ({ script }) => {
      try {
        if (typeof script[handler] !== 'function') throw new Error(`Script function not found: ${handler}`);
        script[handler](this._timeDrivenEvent(trigger));
        return { ok: true };
      } catch (error) {
        const message = messageOf(error);
        if (this.mode === 'bound')
          this.cloud.failureEmails.push({ to: user, handler, message, at: this.now().toISOString() });
        return { ok: false, error: message };
      }
    });
  }

  /**
   * guides/triggers/events › Time-driven events: the fields of the moment it fired, with `timezone`
   * "UTC" as in Google's example (so the fields are UTC), and the trigger's id.
   * @param {TriggerRecord} trigger
   */
  _timeDrivenEvent(trigger) {
    const at = this.now();
    return {
      authMode: AuthMode.FULL,
      triggerUid: trigger.id,
      year: at.getUTCFullYear(),
      month: at.getUTCMonth() + 1,
      'day-of-month': at.getUTCDate(),
      'day-of-week': at.getUTCDay() || 7,
      hour: at.getUTCHours(),
      minute: at.getUTCMinutes(),
      second: at.getUTCSeconds(),
      timezone: 'UTC',
      'week-of-year': isoWeek(at),
    };
  }

  /**
   * A visit to the web app (the project deployed with the manifest's `webapp` section; without one this
   * throws): whoever `user` is (null or '' for nobody signed in), Google either shows its sign-in page or
   * "You need access" without running anything, or runs `doGet(e)` in an execution of its own: FULL, as
   * the visitor (executeAs USER_ACCESSING) or the deployer (USER_DEPLOYING, the runtime's user), with no
   * active document (getActiveSpreadsheet(), getDocumentLock(), getDocumentProperties() are null) and no
   * editor UI (getUi() throws). `e` is the GET event of `query` (webapp.js). The page is the HtmlOutput
   * doGet returns; an exception, a missing doGet or no HtmlOutput is Google's error page with the message.
   * @param {import('./webapp').WebAppQuery} [query] @param {import('./webapp').WebAppVisit} [visit]
   * @returns {import('./webapp').WebAppPage}
   */
  webApp(query = {}, visit = {}) {
    const admitted = webapp.admit(this._webAppDeployment(), this.userEmail, visit.user);
    if ('status' in admitted) return admitted;
    const { user, runAs } = admitted;
    return this._separately(this._webAppExecution(admitted), ({ script }) => {
      try {
        if (typeof script.doGet !== 'function') throw new Error('Script function not found: doGet');
        const output = this.env.unwrap(script.doGet(webapp.webAppEvent(query)));
        if (!(output instanceof HtmlOutput)) return { status: 'error', user, runAs, message: webapp.NOTHING_RETURNED };
        const page = output._snapshot();
        return { status: 'ok', user, runAs, title: page.title, html: page.content, metaTags: page.meta };
      } catch (error) {
        return { status: 'error', user, runAs, message: messageOf(error) };
      }
    });
  }

  /**
   * google.script.run from the web app's page: `name(...args)` in an execution like webApp's (as the
   * visitor under USER_ACCESSING; no active document), and its result as the page gets it (plain JSON;
   * undefined or a result holding a Date… is null). A name ending in "_" or that is no top-level
   * function of the bundle throws `Script function not found: name`; so does a visitor the web app
   * would not admit; what the function throws is rethrown.
   * @param {string} name @param {unknown[]} [args] JSON data @param {import('./webapp').WebAppVisit} [visit]
   * @returns {unknown}
   */
  webAppCall(name, args = [], visit = {}) {
    const admitted = webapp.admit(this._webAppDeployment(), this.userEmail, visit.user);
    if ('status' in admitted)
      throw new Error(admitted.status === 'signin' ? 'Sign in to use the web app.' : `${admitted.user} has no access.`);
    return this._separately(this._webAppExecution(admitted), ({ script, entryPoints }) => {
      if (!webapp.isCallable(entryPoints, String(name))) throw new Error(`Script function not found: ${name}`);
      const copies = args.map((a) => (a === undefined ? null : JSON.parse(JSON.stringify(a))));
      return webapp.toClientValue(script[name](...copies));
    });
  }

  _webAppDeployment() {
    if (!this.webAppDeployment)
      throw new Error(
        `The project has no web app deployment: ${path.join(this.distDir, 'appsscript.json')} has no "webapp".`,
      );
    return this.webAppDeployment;
  }

  /** @param {import('./webapp').Admission} admitted @returns {ExecutionOptions} */
  _webAppExecution(admitted) {
    return { authMode: 'FULL', webApp: true, user: admitted.runAs, activeUser: admitted.activeUser };
  }

  /**
   * Ends the execution like Apps Script does: sends its queued writes (one round trip in the stats),
   * releases every lock it holds; later calls are a new execution.
   */
  endExecution() {
    this.env.sendQueuedWrites();
    this.lockSession.releaseAll();
    this.lockSession = new LockSession(this.lockStore);
    this.executionId = crypto.randomUUID();
    this.env.startExecution(this._limitOf({}));
  }
}

/** @param {RuntimeOptions} options */
function createRuntime(options) {
  return new Runtime(options);
}

/**
 * What the sidecar holds. `properties` are the workbook's document store, the script's and the last
 * user's (what a one-user runtime passes as `properties`); `documentProperties`/`userProperties` every
 * document's and user's (absent in sidecars written before the cloud).
 * @typedef {{ properties: PropertyStores, triggers: TriggerRecord[], scriptTimeZone?: string,
 *   spreadsheets: Record<string, string>, documentProperties?: Record<string, Record<string, string>>,
 *   userProperties?: Record<string, Record<string, string>>, failureEmails: FailureEmail[], enabled: string[],
 *   mailQuota?: Record<string, import('./mail').QuotaWindow>,
 *   urlFetchQuota?: Record<string, import('./urlfetch').QuotaWindow> }} Sidecar
 *   `mailQuota`: each user's MailApp quota window (the messages themselves are the .eml files);
 *   `urlFetchQuota`: each user's UrlFetchApp quota window. The emulated Stripe's state is a file of its
 *   own (stripePath), written whenever Stripe changes.
 */

/** @param {string} workbookPath @returns {Sidecar} */
function readSidecar(workbookPath) {
  try {
    const data = JSON.parse(fs.readFileSync(sidecarPath(workbookPath), 'utf8'));
    return {
      properties: { ...emptyPropertyStores(), ...data.properties },
      triggers: data.triggers ?? [],
      scriptTimeZone: data.scriptTimeZone,
      spreadsheets: data.spreadsheets ?? {},
      documentProperties: data.documentProperties,
      userProperties: data.userProperties,
      failureEmails: data.failureEmails ?? [],
      enabled: data.enabled ?? [],
      mailQuota: data.mailQuota ?? {},
      urlFetchQuota: data.urlFetchQuota ?? {},
    };
  } catch {
    return { properties: emptyPropertyStores(), triggers: [], spreadsheets: {}, failureEmails: [], enabled: [] };
  }
}

/**
 * The cloud a sidecar describes, for `workbookId` and `userEmail` (an old sidecar's `properties.user`
 * becomes this user's store).
 * @param {Sidecar} sidecar @param {string} workbookId @param {string} userEmail @param {Map<string, Workbook>} drive
 * @param {import('./stripe').StripeEmulator} [stripe] the workbook's emulated Stripe (stripeOfFile)
 * @returns {Cloud}
 */
function cloudFromSidecar(sidecar, workbookId, userEmail, drive, stripe) {
  const cloud = createCloud({
    triggers: sidecar.triggers,
    documentProperties: { ...sidecar.documentProperties, [workbookId]: sidecar.properties.document },
    userProperties: sidecar.userProperties ?? { [userEmail]: sidecar.properties.user },
    scriptProperties: sidecar.properties.script,
    drive,
    failureEmails: sidecar.failureEmails,
    enabled: new Set(sidecar.enabled),
    mail: createMailbox({ quota: sidecar.mailQuota ?? {} }),
    ...(stripe && { stripe }),
  });
  if (stripe) cloud.internet = internetOf(stripe);
  cloud.internet.quota = sidecar.urlFetchQuota ?? {};
  return cloud;
}

/** The file holding the emulated Stripe account of a workbook: `<workbook>.stripe.json`. @param {string} workbookPath */
function stripePath(workbookPath) {
  return `${workbookPath}.stripe.json`;
}

/**
 * The emulated Stripe of a workbook file: its state read from stripePath, and written there (atomically)
 * after every change, as Stripe keeps a charge whatever happens to the execution that asked for it.
 * @param {string} workbookPath
 */
function stripeOfFile(workbookPath) {
  const file = stripePath(workbookPath);
  let state = emptyStripeState();
  try {
    state = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {}
  return createStripe({ state, onChange: (s) => writeAtomic(file, `${JSON.stringify(s)}\n`) });
}

/**
 * Workbooks kept in memory between calls of one process, by file path, with the file's stamp when it was
 * last loaded or saved.
 * @typedef {Map<string, { workbook: Workbook, stamp: string }>} WorkbookCache
 */

/** The file's size and modification time: another writer changes it. @param {string} file */
function fileStamp(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : '';
}

/** Where another spreadsheet of the Drive (an archive) is saved: next to the workbook. @param {string} workbookPath @param {string} id */
function otherPath(workbookPath, id) {
  return `${workbookPath.replace(/\.xlsx$/i, '')}.${id.replace(/[^A-Za-z0-9_-]/g, '_')}.xlsx`;
}

/** The Drive's spreadsheets but the runtime's own workbook (saved as itself). @param {Runtime} runtime */
function otherSpreadsheets(runtime) {
  return [...runtime.drive].filter(([id]) => id !== runtime.workbook.id);
}

/** @param {string} name @param {Workbook} workbook @returns {[string, Workbook]} */
function fileOf(name, workbook) {
  return [name, workbook];
}

/** @param {string} workbookPath @param {Runtime} runtime */
function writeSidecar(workbookPath, runtime) {
  writeAtomic(sidecarPath(workbookPath), sidecarText(workbookPath, runtime));
}

/** The sidecar's text for the runtime's state. @param {string} workbookPath @param {Runtime} runtime */
function sidecarText(workbookPath, runtime) {
  const { cloud } = runtime;
  const data = {
    scriptTimeZone: runtime.scriptTimeZone,
    properties: runtime.properties,
    triggers: cloud.triggers,
    spreadsheets: Object.fromEntries(
      otherSpreadsheets(runtime).map(([id]) => [id, path.basename(otherPath(workbookPath, id))]),
    ),
    documentProperties: cloud.documentProperties,
    userProperties: cloud.userProperties,
    failureEmails: cloud.failureEmails,
    enabled: [...cloud.enabled],
    mailQuota: cloud.mail.quota,
    urlFetchQuota: cloud.internet.quota,
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/**
 * For the CLI: loads the .xlsx (or creates it with `create`), runs `fn(runtime)` synchronously, then saves
 * the workbook, the Drive's other spreadsheets and the sidecar and ends the execution (releasing locks).
 * Crash-safe (persist.js): a killed execution's journal is finished first; several files are saved
 * through a journal; what Google holds is journalled before each message MailApp sends. Like Apps Script, writes made
 * before an exception are kept: the workbook is saved even when `fn` throws (and the error rethrown).
 * Locks default to lock files next to the workbook (`<workbook>.lock`, `.lock.script`, `.lock.user`),
 * and MailApp's messages go to `<dir>/<name>.outbox/` beside `<dir>/<name>.xlsx` (mail.js).
 * @template T
 * @param {string} workbookPath
 * @param {(runtime: Runtime) => T} fn
 *
 * A long-lived caller (the preview server) passes a `cache`: the workbook then stays in memory between
 * calls and is read from the file again only when the file changed on disk (another process wrote it),
 * and a call that wrote nothing (no write call: every method that changes a sheet is one, as fault
 * injection requires) does not rewrite the .xlsx.
 * @param {Partial<RuntimeOptions> & { create?: { timeZone?: string, sheets?: string[] }, cache?: WorkbookCache }} [options]
 * @returns {Promise<T>}
 */
async function withWorkbook(workbookPath, fn, options = {}) {
  const { create, cache, ...runtimeOptions } = options;
  await recover(workbookPath); // a killed execution's journal: finish its saves first (persist.js)
  let workbook;
  const cached = cache?.get(workbookPath);
  if (cached && cached.stamp === fileStamp(workbookPath)) workbook = cached.workbook;
  else if (fs.existsSync(workbookPath)) workbook = await Workbook.load(workbookPath);
  else if (create) workbook = Workbook.create({ ...create, name: path.basename(workbookPath).replace(/\.xlsx$/i, '') });
  else throw new Error(`No workbook at ${workbookPath}`);
  const sidecar = readSidecar(workbookPath);
  const drive = new Map();
  for (const [id, file] of Object.entries(sidecar.spreadsheets)) {
    const full = path.join(path.dirname(workbookPath), file);
    if (fs.existsSync(full)) drive.set(id, await Workbook.load(full));
  }
  const userEmail = runtimeOptions.userEmail ?? DEFAULT_USER;
  const runtime = createRuntime({
    scriptTimeZone: sidecar.scriptTimeZone,
    lock: { file: `${workbookPath}.lock` },
    outboxDir: outboxDirOf(workbookPath),
    ...runtimeOptions,
    // `--today` names the studio's day, in the spreadsheet's zone.
    now: studioDay(runtimeOptions.now, workbook.timeZone),
    cloud: runtimeOptions.cloud ?? cloudFromSidecar(sidecar, workbook.id, userEmail, drive, stripeOfFile(workbookPath)),
    workbook,
  });
  const disk = guard(workbookPath, runtime, (changed) => ({
    files: changed
      ? [
          ...otherSpreadsheets(runtime).map(([id, other]) => fileOf(path.basename(otherPath(workbookPath, id)), other)),
          fileOf(path.basename(workbookPath), workbook),
        ]
      : [],
    sidecar: sidecarText(workbookPath, runtime),
  }));
  try {
    return fn(runtime);
  } finally {
    try {
      await disk.save(!(cache && runtime.writeCalls === 0 && fs.existsSync(workbookPath)));
      cache?.set(workbookPath, { workbook, stamp: fileStamp(workbookPath) });
    } finally {
      runtime.endExecution();
    }
  }
}

module.exports = {
  createRuntime,
  createCloud,
  Runtime,
  withWorkbook,
  createSharedLocks,
  Workbook,
  sidecarPath,
  readSidecar,
  writeSidecar,
  createMailbox,
  readOutbox,
  outboxDirOf,
  copySpreadsheet,
  createStripe,
  stripePath,
};
