// @ts-check
// The execution environment shared by every emulated service: the script's realm (so Dates, arrays and
// errors handed to the bundle are the bundle's own kinds), call counting, and write fault injection.
//
// Service objects are plain classes; `env.wrap` puts a Proxy in front of each one handed to the script.
// Every method call through a proxy counts once, in `stats.byMethod['Class.method']` and in
// `stats.byService[service]`; SpreadsheetApp-family calls also count in `stats.sheetsCalls`. A class
// lists the methods that change the workbook in a static `WRITES` set: those go through fault injection.
// `stats.serviceMs` is the wall time spent inside emulated service calls (outermost calls only), so a
// caller can subtract it from a call's wall time to get the bundle's own compute (`npm run bench`).
// `authMode` is the current execution's authorization mode: a call it does not allow throws before it
// reaches the service (the table is in auth.js).
//
// Round trips (the cost model of `npm run bench`). Real Apps Script resolves builder calls (getRange,
// getSheetByName, createTextFinder, getRow, newDataValidation…) in the script's own process, sends each
// read to the Sheets server and waits for the answer, and queues writes until something needs the server:
// https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#flush() "Spreadsheet
// operations are sometimes bundled together to improve performance"; the best-practices guide
// (https://developers.google.com/apps-script/guides/support/best-practices › Use batch operations) says
// alternating read and write commands is slow, as it defeats that bundling and caching. So a class
// that talks to the Sheets server declares, in one place, a static `LOCAL` set (calls that need no round
// trip) besides `WRITES`; its other methods are reads. Writes whose answer comes from the server (the
// count replaceAllWith returns, the id of a created file) cannot wait in the queue: `WRITES_WITH_REPLY`.
// Counted at the outermost call only (a service calling another proxy internally is one call):
// - `stats.localCalls`: LOCAL calls.
// - `stats.writeCalls`: every write call (the pessimistic model: each write its own round trip).
// - `stats.roundTrips`: each read, each write with a reply, and each batch of queued writes, which is
//   sent (one round trip, however many writes) at the next read, at SpreadsheetApp.flush(), or when the
//   execution ends (`sendQueuedWrites`, called by the runtime). A flush with nothing queued costs nothing.
// Classes without a `LOCAL` set are outside this model: other services (Properties, Lock…) and the
// editor's UI (Ui, Menu: users report cells written before an alert appear only after it, so an alert
// does not send the queued writes).
// `stats.cellsSearched` is the number of cells a TextFinder scanned (its server-side cost).
// `stats.mailsSent` / `stats.mailRecipients`: messages MailApp sent and the recipients they counted
// against the quota (mail.js). MailApp.sendEmail is in MailApp's `WRITES`: a fault-injection point.
// Any call can fail (`faults.failAtCall`: the n-th outermost call, of every service, or of one method,
// throws Google's text for its service, before it takes effect; faults.js), and every outermost call
// advances the execution's clock by the bench's cost model (`elapsedMs`): past the execution's limit
// (6 minutes; 30 s for a simple trigger) the next call throws "Exceeded maximum execution time" and so
// does every call after it in that execution (`killed`), as when Google stops a script where it stands.

const { performance } = require('node:perf_hooks');
const { isAllowed, permissionMessage, lacksScope, AUTHORIZATION_REQUIRED } = require('./auth');
const faults = require('./faults');

/**
 * @typedef {{ Date: DateConstructor, Array: ArrayConstructor, Error: ErrorConstructor }} Realm
 * @typedef {{ sheetsCalls: number, cellsRead: number, cellsWritten: number, cellsSearched: number,
 *   roundTrips: number, localCalls: number, writeCalls: number, serviceMs: number,
 *   mailsSent: number, mailRecipients: number, fetches: number, remoteMs: number,
 *   byMethod: Record<string, number>, byService: Record<string, number> }} Stats
 * @typedef {{ failBeforeWrite?: number, failAfterWrite?: number, failAtCall?: number, method?: string,
 *   error?: string, kill?: boolean, transient?: boolean, failFetch?: number, fetchFault?: 'before' | 'after' }} Faults
 *   failAtCall: the n-th outermost service call (1-based; counting only calls of `method`, "Class.method",
 *   when given) throws before it runs: Google's text for its service, or `error`. `kill`: it is the time
 *   limit instead ("Exceeded maximum execution time" unless `error`), and every later call of the
 *   execution throws too. failBeforeWrite/failAfterWrite are crashes (every later call of the execution
 *   throws their text) unless `transient`: then only that write throws, as a service error would.
 *   failFetch: the n-th request UrlFetchApp sends fails in the network, before it reaches its host
 *   (`fetchFault` 'before', the default) or after the host acted on it ('after'): urlfetch.js.
 * @typedef {'local' | 'read' | 'write' | 'writeWithReply'} CallKind how a call reaches the Sheets server
 * @typedef {{ LOCAL?: Set<string>, WRITES?: Set<string>, WRITES_WITH_REPLY?: Set<string> }} Classified
 */

/** @returns {Stats} */
function emptyStats() {
  return {
    sheetsCalls: 0,
    cellsRead: 0,
    cellsWritten: 0,
    cellsSearched: 0,
    roundTrips: 0,
    localCalls: 0,
    writeCalls: 0,
    serviceMs: 0,
    mailsSent: 0,
    mailRecipients: 0,
    fetches: 0,
    remoteMs: 0,
    byMethod: {},
    byService: {},
  };
}

/**
 * How `method` of a class reaches the Sheets server, from the class's static sets; null for a class
 * outside the round-trip model (no `LOCAL` set).
 * @param {Classified} cls @param {string} method @returns {CallKind | null}
 */
function callKind(cls, method) {
  if (!cls.LOCAL) return null;
  if (cls.LOCAL.has(method)) return 'local';
  if (cls.WRITES_WITH_REPLY?.has(method)) return 'writeWithReply';
  if (cls.WRITES?.has(method)) return 'write';
  return 'read';
}

class Env {
  constructor() {
    /** @type {Realm} */
    this.realm = { Date, Array, Error };
    this.stats = emptyStats();
    /** @type {Faults} */
    this.faults = {};
    /** Write calls attempted (the fault counter). */
    this.writeCalls = 0;
    /** Writes that took effect. */
    this.writeCount = 0;
    /** @type {WeakMap<object, object>} */
    this.targets = new WeakMap();
    /** How many service calls are running (a service may call another): only the outermost is timed. */
    this.depth = 0;
    /** The authorization mode of the current execution. @type {import('./auth').AuthModeName} */
    this.authMode = 'FULL';
    /** Writes queued since the last round trip (sent together as one). */
    this.queuedWrites = 0;
    /** A trigger's user's granted scopes when a new version asks for more (auth.js); null: nothing missing. @type {string[] | null} */
    this.grantedScopes = null;
    /**
     * Set by a Scheduler (scheduler.js) for an execution it interleaves with others: sees every outermost
     * call first. @type {((className: string, method: string, kind: CallKind | null, target: any, args: unknown[], perform: () => unknown) => unknown) | null}
     */
    this.interleave = null;
    /** Outermost service calls made (what failAtCall counts; only `faults.method`'s when it names one). */
    this.serviceCalls = 0;
    /** Requests UrlFetchApp sent since the faults were set (what `faults.failFetch` counts: urlfetch.js). */
    this.fetchRequests = 0;
    /** The current execution's time so far, by the cost model (faults.js), and its limit (null: none). */
    this.elapsedMs = 0;
    /**
     * Milliseconds some methods ("Class.method") take beyond the cost model (RuntimeOptions.slowCalls): a
     * number, or one for the object called. @type {Record<string, number | ((target: any) => number)>}
     */
    this.slowCalls = {};
    /** @type {number | null} */
    this.limitMs = faults.LIMITS.executionMs;
    /** Whether the current execution was stopped (its time limit, a write fault): every call throws this. */
    this.killed = false;
    this.killMessage = faults.TIME_LIMIT_MESSAGE;
    /** The id of the runtime's spreadsheet (the text of a failed Spreadsheet call names it). */
    this.documentId = () => '';
    /** Time passing in the execution (the runtime's clock follows it). @type {(ms: number) => void} */
    this.onElapsed = () => {};
  }

  /**
   * A new execution, within `limitMs`: starting it counts against the limit (the script's clock reads
   * the execution's start, the runtime's `now`, until its first call).
   * @param {number | null} limitMs
   */
  startExecution(limitMs) {
    this.elapsedMs = faults.EXECUTION_START_MS;
    this.killed = false;
    this.killMessage = faults.TIME_LIMIT_MESSAGE;
    this.limitMs = limitMs;
  }

  /** Time passes in the execution (a call's cost, a sleep). @param {number} ms */
  advance(ms) {
    this.elapsedMs += ms;
    this.onElapsed(ms);
  }

  /**
   * Before an outermost call: a stopped execution stays stopped; one past its limit is stopped now; an
   * injected failure throws Google's text.
   * @param {string} service @param {string} method "Class.method" @param {unknown[]} [args]
   */
  beforeCall(service, method, args = []) {
    if (this.killed) throw this.exception(this.killMessage);
    if (this.limitMs !== null && this.elapsedMs >= this.limitMs) {
      this.killed = true;
      throw this.exception(faults.TIME_LIMIT_MESSAGE);
    }
    const f = this.faults;
    if (f.method !== undefined && f.method !== method) return;
    this.serviceCalls++;
    if (f.failAtCall !== this.serviceCalls) return;
    if (f.kill) throw this.kill(f.error ?? faults.TIME_LIMIT_MESSAGE);
    const google = faults.googleFailure(service, method, this.documentId(), args);
    const error = this.exception(f.error ?? google.message);
    error.name = f.error ? 'Exception' : google.name;
    throw error;
  }

  /** An Apps Script style exception ("Exception: message"), made in the script's realm. @param {string} message */
  exception(message) {
    const error = new this.realm.Error(message);
    error.name = 'Exception';
    return error;
  }

  /** A script-realm array copy. @template T @param {T[]} items @returns {T[]} */
  array(items) {
    const out = new this.realm.Array();
    for (const item of items) out.push(item);
    return out;
  }

  /** A script-realm 2D array copy. @template T @param {T[][]} rows @returns {T[][]} */
  grid(rows) {
    return this.array(rows.map((r) => this.array(r)));
  }

  /** The service object behind a proxy (or the value itself). @template T @param {T} value @returns {T} */
  unwrap(value) {
    return /** @type {T} */ ((value && typeof value === 'object' && this.targets.get(value)) || value);
  }

  /**
   * A counting proxy in front of `target`.
   * @template {object} T @param {T} target @param {string} className @param {string} service @returns {T}
   */
  wrap(target, className, service) {
    const env = this;
    const cls = /** @type {Classified} */ (target.constructor);
    const writes = cls.WRITES;
    /** @type {Map<PropertyKey, Function>} */
    const cache = new Map();
    const proxy = new Proxy(target, {
      get(t, key, receiver) {
        const value = Reflect.get(t, key, receiver);
        if (typeof value !== 'function' || typeof key !== 'string' || key.startsWith('_') || key === 'constructor') {
          return value;
        }
        let bound = cache.get(key);
        if (!bound) {
          const kind = callKind(cls, key);
          const call = (/** @type {unknown[]} */ args) => {
            if (!isAllowed(env.authMode, className, key))
              throw env.exception(permissionMessage(className, key, service));
            if (env.grantedScopes && lacksScope(env.grantedScopes, className, key, service))
              throw env.exception(AUTHORIZATION_REQUIRED);
            const outermost = env.depth === 0;
            if (outermost) env.beforeCall(service, `${className}.${key}`, args);
            env.depth++;
            const started = outermost ? performance.now() : 0;
            const before = outermost ? faults.counters(env.stats) : null;
            try {
              env.count(service, `${className}.${key}`);
              if (outermost && kind) env.charge(kind);
              // STUDIO_TRACE_TRIPS=1: each call that waits for Google (or is queued to be sent), as it is made.
              if (outermost && process.env.STUDIO_TRACE_TRIPS && kind && kind !== 'local')
                console.error(`${kind} ${className}.${key} (round trips so far: ${env.stats.roundTrips})`);
              const isWrite = writes?.has(key) ?? false;
              // A spreadsheet shared with the user to view only: Google refuses every change (protection.js).
              if (isWrite) /** @type {any} */ (t)._checkWritable?.();
              if (isWrite) env.beforeWrite(`${className}.${key}`);
              const result = value.apply(t, args);
              if (isWrite) env.afterWrite(`${className}.${key}`);
              return result === t ? proxy : result;
            } finally {
              if (--env.depth === 0) {
                env.stats.serviceMs += performance.now() - started;
                if (before) {
                  const method = `${className}.${key}`;
                  const cost = faults.callCostMs(service, method, before, faults.counters(env.stats));
                  const slow = env.slowCalls[method] ?? 0;
                  env.advance(cost + (typeof slow === 'function' ? slow(t) : slow));
                }
              }
            }
          };
          // Executions at once (scheduler.js): every outermost call goes through the scheduler.
          bound = (/** @type {unknown[]} */ ...args) =>
            env.interleave && env.depth === 0
              ? env.interleave(className, key, kind, t, args, () => call(args))
              : call(args);
          cache.set(key, bound);
        }
        return bound;
      },
    });
    this.targets.set(proxy, target);
    return proxy;
  }

  /** @param {string} service @param {string} method */
  count(service, method) {
    const s = this.stats;
    s.byMethod[method] = (s.byMethod[method] ?? 0) + 1;
    s.byService[service] = (s.byService[service] ?? 0) + 1;
    if (service === 'SpreadsheetApp') s.sheetsCalls++;
  }

  /** Counts one outermost call in the round-trip model. @param {CallKind} kind */
  charge(kind) {
    const s = this.stats;
    if (kind === 'local') {
      s.localCalls++;
    } else if (kind === 'write') {
      s.writeCalls++;
      this.queuedWrites++;
    } else {
      if (kind === 'writeWithReply') s.writeCalls++;
      this.sendQueuedWrites();
      s.roundTrips++;
    }
  }

  /**
   * Sends the queued writes: one round trip when any are queued. SpreadsheetApp.flush(), the end of an
   * execution and every read call it.
   */
  sendQueuedWrites() {
    if (this.queuedWrites === 0) return;
    this.stats.roundTrips++;
    this.queuedWrites = 0;
  }

  /**
   * Stops the execution where it stands: this call and every later one of the execution throw `message`
   * (a write fault is a crash: a `finally` in the script can reach no service after it).
   * @param {string} message
   */
  kill(message) {
    this.killed = true;
    this.killMessage = message;
    return this.exception(message);
  }

  /** A write fault: a crash, or only this call's exception when `transient`. @param {string} message */
  writeFault(message) {
    return this.faults.transient ? this.exception(message) : this.kill(message);
  }

  /** @param {string} method */
  beforeWrite(method) {
    this.writeCalls++;
    if (this.faults.failBeforeWrite === this.writeCalls) {
      throw this.writeFault(`Injected fault before write #${this.writeCalls} (${method})`);
    }
  }

  /** @param {string} method */
  afterWrite(method) {
    this.writeCount++;
    if (this.faults.failAfterWrite === this.writeCalls) {
      throw this.writeFault(`Injected fault after write #${this.writeCalls} (${method})`);
    }
  }

  /** New counters; writes queued before belong to the old ones and are dropped. */
  resetStats() {
    this.stats = emptyStats();
    this.queuedWrites = 0;
  }
}

/**
 * An Apps Script enum: members compare by identity, print their name, and have name()/ordinal().
 * @template {string} K @param {readonly K[]} names @returns {Readonly<Record<K, { name(): string, ordinal(): number, toString(): string, toJSON(): string }>>}
 */
function makeEnum(names) {
  /** @type {Record<string, object>} */
  const members = {};
  names.forEach((n, i) => {
    members[n] = Object.freeze({ name: () => n, ordinal: () => i, toString: () => n, toJSON: () => n });
  });
  return /** @type {never} */ (Object.freeze(members));
}

/** Names the argument types the way Apps Script's signature errors do. @param {unknown[]} args */
function signature(args) {
  return args
    .map((a) => {
      if (a === null) return 'null';
      if (typeof a === 'number') return 'number';
      if (typeof a === 'string') return 'String';
      if (typeof a === 'boolean') return 'Boolean';
      if (Array.isArray(a)) return 'number[]';
      return typeof a === 'undefined' ? 'undefined' : 'Object';
    })
    .join(',');
}

module.exports = { Env, makeEnum, signature, callKind };
