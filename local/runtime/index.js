// @ts-check
// The local Apps Script runtime: emulated services over a Workbook, and the loader that runs the
// built bundle (dist/Code.js) with gas-local in a fresh vm context per load.
//
//   const runtime = createRuntime({ workbook: Workbook.create({ timeZone: 'Australia/Sydney' }), now: '2026-03-01' });
//   const script = runtime.load();           // the bundle's top-level functions
//   script.onOpen();
//   runtime.stats; runtime.ui.menus; runtime.endExecution();

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
const { createUiRecord } = require('./ui');
const { LockServiceApi, LockSession, createSharedLocks } = require('./lock');
const { PropertiesServiceApi, emptyPropertyStores } = require('./properties');
const { ScriptAppApi } = require('./scriptapp');
const { HtmlServiceApi } = require('./html');
const { UtilitiesApi, SessionApi, LoggerApi } = require('./services');
const { makeClock, installClock } = require('./clock');
const { isValidTimeZone } = require('./timezone');
const { ChartType } = require('./charts');

/**
 * @typedef {import('./properties').PropertyStores} PropertyStores
 * @typedef {import('./scriptapp').TriggerRecord} TriggerRecord
 * @typedef {{
 *   workbook: Workbook,
 *   scriptTimeZone?: string,
 *   now?: import('./clock').NowOption,
 *   lock?: import('./lock').SharedLocks | { file: string },
 *   properties?: PropertyStores,
 *   triggers?: TriggerRecord[],
 *   distDir?: string,
 *   console?: { log: (...args: unknown[]) => void },
 *   userEmail?: string,
 *   drive?: Map<string, Workbook>,
 * }} RuntimeOptions
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

class Runtime {
  /** @param {RuntimeOptions} options */
  constructor(options) {
    if (!options || !(options.workbook instanceof Workbook))
      throw new Error('createRuntime: options.workbook is required');
    this.options = options;
    this.workbook = options.workbook;
    /** Other spreadsheets the user can open (SpreadsheetApp.create / openById), by id. */
    this.drive = options.drive ?? new Map();
    this.distDir = options.distDir ?? 'dist';
    this.scriptTimeZone = options.scriptTimeZone ?? manifestTimeZone(this.distDir);
    this.env = new Env();
    this.ui = createUiRecord();
    /** @type {PropertyStores} */
    this.properties = options.properties ?? emptyPropertyStores();
    /** @type {TriggerRecord[]} */
    this.triggers = options.triggers ?? [];
    /** @type {string[]} Lines written with Logger.log. */
    this.logs = [];
    this.console = options.console ?? console;
    this.userEmail = options.userEmail ?? 'owner@example.com';
    /** The selection getActiveRange() reports (set it with setActiveRange). @type {{ sheet: string, a1: string } | null} */
    this.activeRange = null;
    this.lockStore = options.lock
      ? 'file' in options.lock
        ? { kind: /** @type {const} */ ('file'), file: options.lock.file }
        : options.lock
      : createSharedLocks();
    this.lockSession = new LockSession(this.lockStore);
    this.clock = makeClock(options.now, () => this.scriptTimeZone);
    this.executionId = crypto.randomUUID();
  }

  /** Counters since the last resetStats(). */
  get stats() {
    return this.env.stats;
  }

  resetStats() {
    this.env.resetStats();
  }

  /** `{ failBeforeWrite?: n, failAfterWrite?: n }`: the n-th write call (1-based) throws. */
  get faults() {
    return this.env.faults;
  }

  set faults(value) {
    this.env.faults = value ?? {};
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
    this.workbook.activeSheetName = sheetName;
    this.activeRange = { sheet: sheetName, a1 };
  }

  /** A fresh globals object holding every emulated service. */
  globals() {
    const env = this.env;
    const runtime = this;
    const doc = {
      env,
      workbook: this.workbook,
      ui: this.ui,
      get activeRange() {
        return runtime.activeRange;
      },
      set activeRange(value) {
        runtime.activeRange = value;
      },
    };
    const scriptTimeZone = () => this.scriptTimeZone;
    return {
      SpreadsheetApp: env.wrap(new SpreadsheetAppService(doc, this.drive), 'SpreadsheetApp', 'SpreadsheetApp'),
      LockService: env.wrap(new LockServiceApi(env, () => this.lockSession), 'LockService', 'LockService'),
      PropertiesService: env.wrap(
        new PropertiesServiceApi(env, this.properties),
        'PropertiesService',
        'PropertiesService',
      ),
      ScriptApp: env.wrap(new ScriptAppApi(env, this.triggers, scriptTimeZone), 'ScriptApp', 'ScriptApp'),
      HtmlService: env.wrap(new HtmlServiceApi(env), 'HtmlService', 'HtmlService'),
      Session: env.wrap(new SessionApi(env, { scriptTimeZone, userEmail: this.userEmail }), 'Session', 'Session'),
      Utilities: env.wrap(new UtilitiesApi(env), 'Utilities', 'Utilities'),
      Charts: { ChartType },
      Logger: new LoggerApi(this.console, this.logs),
      console: this.console,
    };
  }

  /**
   * Loads the bundle (every .js file in distDir) into a fresh vm context and returns the context: its
   * top-level functions are the script's entry points. Dates, arrays and errors the services hand to the
   * script are created in this context's realm; `new Date()` follows the runtime clock.
   * @param {string} [distDir]
   * @returns {Record<string, any>}
   */
  load(distDir = this.distDir) {
    const globals = this.globals();
    const context = vm.createContext(globals);
    const RealmDate = installClock(context, this.clock);
    this.env.realm = {
      Date: RealmDate,
      Array: vm.runInContext('Array', context),
      Error: vm.runInContext('Error', context),
    };
    return gasLocal.require(path.resolve(distDir), context);
  }

  /** Ends the execution like Apps Script does: releases every lock it holds; later calls are a new execution. */
  endExecution() {
    this.lockSession.releaseAll();
    this.lockSession = new LockSession(this.lockStore);
    this.executionId = crypto.randomUUID();
  }
}

/** @param {RuntimeOptions} options */
function createRuntime(options) {
  return new Runtime(options);
}

/** The sidecar file holding PropertiesService data and triggers next to a workbook. @param {string} workbookPath */
function sidecarPath(workbookPath) {
  return `${workbookPath}.runtime.json`;
}

/**
 * @param {string} workbookPath
 * @returns {{ properties: PropertyStores, triggers: TriggerRecord[], scriptTimeZone?: string, spreadsheets: Record<string, string> }}
 */
function readSidecar(workbookPath) {
  try {
    const data = JSON.parse(fs.readFileSync(sidecarPath(workbookPath), 'utf8'));
    return {
      properties: { ...emptyPropertyStores(), ...data.properties },
      triggers: data.triggers ?? [],
      scriptTimeZone: data.scriptTimeZone,
      spreadsheets: data.spreadsheets ?? {},
    };
  } catch {
    return { properties: emptyPropertyStores(), triggers: [], spreadsheets: {} };
  }
}

/** Where another spreadsheet of the Drive (an archive) is saved: next to the workbook. @param {string} workbookPath @param {string} id */
function otherPath(workbookPath, id) {
  return `${workbookPath.replace(/\.xlsx$/i, '')}.${id.replace(/[^A-Za-z0-9_-]/g, '_')}.xlsx`;
}

/** @param {string} workbookPath @param {Runtime} runtime */
function writeSidecar(workbookPath, runtime) {
  const file = sidecarPath(workbookPath);
  const tmp = `${file}.${process.pid}.tmp`;
  const data = {
    scriptTimeZone: runtime.scriptTimeZone,
    properties: runtime.properties,
    triggers: runtime.triggers,
    spreadsheets: Object.fromEntries(
      [...runtime.drive.keys()].map((id) => [id, path.basename(otherPath(workbookPath, id))]),
    ),
  };
  fs.writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

/**
 * For the CLI: loads the .xlsx (or creates it with `create`), runs `fn(runtime)` synchronously, then saves
 * the workbook and the sidecar and ends the execution (releasing locks). Like Apps Script, writes made
 * before an exception are kept: the workbook is saved even when `fn` throws (and the error rethrown).
 * Locks default to lock files next to the workbook (`<workbook>.lock`, `.lock.script`, `.lock.user`).
 * @template T
 * @param {string} workbookPath
 * @param {(runtime: Runtime) => T} fn
 * @param {Partial<RuntimeOptions> & { create?: { timeZone?: string, sheets?: string[] } }} [options]
 * @returns {Promise<T>}
 */
async function withWorkbook(workbookPath, fn, options = {}) {
  const { create, ...runtimeOptions } = options;
  let workbook;
  if (fs.existsSync(workbookPath)) workbook = await Workbook.load(workbookPath);
  else if (create) workbook = Workbook.create({ ...create, name: path.basename(workbookPath).replace(/\.xlsx$/i, '') });
  else throw new Error(`No workbook at ${workbookPath}`);
  const sidecar = readSidecar(workbookPath);
  const drive = new Map();
  for (const [id, file] of Object.entries(sidecar.spreadsheets)) {
    const full = path.join(path.dirname(workbookPath), file);
    if (fs.existsSync(full)) drive.set(id, await Workbook.load(full));
  }
  const runtime = createRuntime({
    drive,
    scriptTimeZone: sidecar.scriptTimeZone,
    properties: sidecar.properties,
    triggers: sidecar.triggers,
    lock: { file: `${workbookPath}.lock` },
    ...runtimeOptions,
    workbook,
  });
  try {
    return fn(runtime);
  } finally {
    try {
      await workbook.save(workbookPath);
      for (const [id, other] of runtime.drive) await other.save(otherPath(workbookPath, id));
      writeSidecar(workbookPath, runtime);
    } finally {
      runtime.endExecution();
    }
  }
}

module.exports = {
  createRuntime,
  Runtime,
  withWorkbook,
  createSharedLocks,
  Workbook,
  sidecarPath,
  readSidecar,
  writeSidecar,
};
