// @ts-check
// Several executions at once, interleaved at service-call granularity (docs/platform.md, "Executions at
// once"). JavaScript cannot suspend synchronous code, so an execution is advanced by *replay*: it is
// deterministic given the replies its service calls get (and the clock readings it takes), so to run it
// on from its k-th call it is started again from the beginning, its first k calls answered from its log
// without touching anything, and its later calls performed for real and logged. To switch away from it,
// the scheduler throws a private exception at a call (`Preempted`) and every later call of that attempt
// throws it too, so nothing the script does while unwinding (its `finally` blocks) reaches a service.
//
// The chokepoint is the counting proxy (instrument.js): `env.interleave`, set here, sees every outermost
// call of an execution's services. A service object a call returned is the same object on replay (the
// proxy itself is logged); arrays and dates are copied into the script's realm of the new attempt.
//
// What it models:
// - Scheduling points: every call that reaches Google's servers (reads, writes, searches, the Sheets
//   API, properties, triggers, mail) and every LockService lock call. Calls resolved in the script's own
//   process (LOCAL in instrument.js: builders, getRange, getSheetByName…; Utilities.formatDate, getUuid;
//   Session) are not: nothing another execution does can come between them and the script.
// - A virtual clock shared by every execution: each scheduling point costs `callMs`; Utilities.sleep(ms)
//   makes its execution wait ms without running (others run meanwhile); `new Date()` reads the clock.
// - LockService as Google documents it (reference/lock/lock): one holder per lock (the document lock per
//   document, the script lock per project, the user lock per user); tryLock(timeout) waits until the lock
//   is free or the timeout has passed (then false); waitLock throws Google's timeout message; a lock is
//   released by releaseLock or when its execution ends.
// - Apps Script's simultaneous executions: 30 per user and 1,000 per script; one more fails as it starts.
// - TextFinder.replaceAllWith without an atomicity Google never promised: it is a search (which cells
//   match now) and then a write of those cells, and another execution may run between the two.
// Strategies choose who runs at each point: `randomStrategy(seed, p)` and `choiceStrategy(prefix)`, which
// `explore` uses to enumerate every schedule with at most `bound` preemptions (a switch away from an
// execution that could have gone on; a switch at a sleep, a lock wait or the end is free).

const { storeInput } = require('./values');

const TIMEOUT_MESSAGE = 'Lock timeout: another process was holding the lock for too long.';
/** Executions at once, per user and per script (guides/services/quotas › Current limitations). */
const SIMULTANEOUS = { perUser: 30, perScript: 1000 };
const TOO_MANY_FOR_USER = 'There are too many scripts running simultaneously for this Google user account.';
const TOO_MANY_FOR_SCRIPT = 'There are too many scripts running simultaneously.';
const MAX_LOCK_MS = 300000;
const MAX_SLEEP_MS = 300000;

/** Thrown into an execution to switch away from it; never seen by a test. */
class Preempted extends Error {}

/** Unclassified services whose calls need no server (they are no scheduling point). */
const IN_PROCESS = new Set(['Session', 'User', 'LockService', 'HtmlService', 'HtmlOutput', 'HtmlTemplate']);

/**
 * Whether a call is a scheduling point. @param {string} className @param {string} method
 * @param {import('./instrument').CallKind | null} kind
 */
function isPoint(className, method, kind) {
  if (kind) return kind !== 'local';
  if (className === 'Utilities') return method === 'sleep';
  return !IN_PROCESS.has(className);
}

const HOST = { Array, Date, Error };

/**
 * A copy of a reply in `realm`, for each replay, in the realm of that attempt: arrays and dates are
 * rebuilt, plain objects copied; service objects (proxies), enums and functions are kept as they are.
 * @param {import('./instrument').Env} env @param {unknown} value @param {import('./instrument').Realm} realm
 * @returns {any}
 */
function copyIn(env, value, realm) {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new realm.Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      out[i] = v === null || typeof v !== 'object' ? v : copyIn(env, v, realm);
    }
    return out;
  }
  const any = /** @type {any} */ (value);
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype && !env.targets.has(value) && !Object.isFrozen(value)) {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const key in any) out[key] = copyIn(env, any[key], realm);
    return out;
  }
  if (typeof any.getTime === 'function' && Object.prototype.toString.call(value) === '[object Date]')
    return new realm.Date(any.getTime());
  return value;
}

/**
 * A reply as it was given, kept for replays (the script may change what it was given): a structured
 * clone when it holds no service object, else a copy.
 * @param {import('./instrument').Env} env @param {unknown} value @returns {(realm: import('./instrument').Realm) => any}
 */
function snapshot(env, value) {
  if (value === null || typeof value !== 'object') return () => value;
  let kept;
  try {
    kept = structuredClone(value);
  } catch {
    kept = copyIn(env, value, HOST);
  }
  return (realm) => copyIn(env, kept, realm);
}

/** A small seeded PRNG (mulberry32): [0, 1). @param {number} seed */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @typedef {{ name: string, thaw?: (realm: import('./instrument').Realm) => any, error?: { name: string, message: string },
 *   plan?: Planned[], done?: boolean }} Event
 * @typedef {{ model: { cellForWrite(row: number, column: number): any }, row: number, column: number, text: string,
 *   count: number }} Planned
 * @typedef {'ready' | 'sleeping' | 'blocked' | 'done'} State
 * @typedef {{ name: string, rt: any, user: string, run: (rt: any) => unknown, log: Event[], cursor: number,
 *   state: State, wakeAt: number, waitFor: { key: string, deadline: number, at: number } | null,
 *   aborted: boolean, fresh: boolean, result?: unknown, error?: unknown, slices: number, livePoints: number }} Exec
 * @typedef {{ pick(ready: Exec[], s: Scheduler): Exec, preempt(x: Exec, others: Exec[], s: Scheduler): boolean }} Strategy
 */

/** Picks at random, and preempts at each point with probability `p`. @param {number} seed @param {number} p @returns {Strategy} */
function randomStrategy(seed, p) {
  const next = prng(seed);
  return {
    pick: (ready) => ready[Math.floor(next() * ready.length)],
    preempt: () => next() < p,
  };
}

/**
 * Preempts at exactly `k` of the first `span` decision points (a preemption decision is offered at each
 * scheduling point where another execution could run), chosen at random: the depth-bounded sampling of
 * PCT (Burckhardt et al., "A randomized scheduler with probabilistic guarantees of finding bugs", 2010),
 * which finds a bug that needs k preemptions in a fixed fraction of runs. @param {number} seed
 * @param {number} k @param {number} span @returns {Strategy}
 */
function pctStrategy(seed, k, span) {
  const next = prng(seed);
  const at = new Set();
  while (at.size < Math.min(k, span)) at.add(Math.floor(next() * span));
  let decision = 0;
  return {
    pick: (ready) => ready[0],
    preempt: () => at.has(decision++),
  };
}

/**
 * Follows `prefix` (one number per choice point: which ready execution; 1 = preempt), then takes choice 0
 * (the first ready one; go on) at every later point; `trace` records each point's choice and arity.
 * @param {number[]} prefix
 */
function choiceStrategy(prefix) {
  /** @type {{ choice: number, arity: number, preempt: boolean }[]} */
  const trace = [];
  /** @param {number} arity @param {boolean} preempt */
  const choose = (arity, preempt) => {
    const i = trace.length;
    const choice = i < prefix.length ? Math.min(prefix[i], arity - 1) : 0;
    trace.push({ choice, arity, preempt });
    return choice;
  };
  /** @type {Strategy & { trace: typeof trace }} */
  const strategy = {
    trace,
    pick: (ready) => (ready.length > 1 ? ready[choose(ready.length, false)] : ready[0]),
    preempt: () => choose(2, true) === 1,
  };
  return strategy;
}

class Scheduler {
  /**
   * @param {{ start: number, strategy: Strategy, callMs?: number, atomicReplace?: boolean, maxSlices?: number }} options
   *   `atomicReplace`: give TextFinder.replaceAllWith the atomicity of one step (what the runtime did
   *   before; for showing what a design relied on).
   */
  constructor(options) {
    this.now = options.start;
    this.strategy = options.strategy;
    this.callMs = options.callMs ?? 100;
    this.atomicReplace = options.atomicReplace ?? false;
    this.maxSlices = options.maxSlices ?? 5000;
    /** @type {Exec[]} */
    this.execs = [];
    /** Who holds each lock: 'document', 'script', 'user:<email>'. @type {Map<string, Exec>} */
    this.locks = new Map();
    /** @type {Exec | null} */
    this.current = null;
    /** The execution just switched away from: another one goes next. @type {Exec | null} */
    this.preempted = null;
    this.stats = { slices: 0, points: 0, preemptions: 0, replayed: 0 };
    /** A replay that did not see its own log again (a nondeterministic execution): fatal. @type {Error | null} */
    this.fatal = null;
  }

  /**
   * Adds an execution: `run(rt)` starts it on `rt` (rt.webAppCall, rt.runTrigger, rt.load()…), from the
   * beginning each time it is resumed. `rt` must be this execution's own runtime (its own Env).
   * @param {{ name: string, runtime: any, user?: string, run: (rt: any) => unknown }} spec
   */
  add(spec) {
    /** @type {Exec} */
    const x = {
      name: spec.name,
      rt: spec.runtime,
      user: spec.user ?? spec.runtime.userEmail,
      run: spec.run,
      log: [],
      cursor: 0,
      state: 'ready',
      wakeAt: 0,
      waitFor: null,
      aborted: false,
      fresh: true,
      slices: 0,
      livePoints: 0,
    };
    const env = x.rt.env;
    env.interleave = (
      /** @type {string} */ className,
      /** @type {string} */ method,
      /** @type {import('./instrument').CallKind | null} */ kind,
      /** @type {any} */ target,
      /** @type {unknown[]} */ args,
      /** @type {() => unknown} */ perform,
    ) => this._call(x, className, method, kind, target, args, perform);
    x.rt.clock = () => this._clock(x);
    this.execs.push(x);
    return x;
  }

  /** Runs every execution to its end. @returns {{ name: string, result?: unknown, error?: unknown, slices: number }[]} */
  run() {
    for (;;) {
      if (this.fatal) throw this.fatal;
      const left = this.execs.filter((x) => x.state !== 'done');
      if (left.length === 0) break;
      const ready = left.filter((x) => this._runnable(x));
      if (ready.length === 0) {
        this.now = this._nextWake(left);
        continue;
      }
      if (this.stats.slices >= this.maxSlices) throw new Error(`scheduler: more than ${this.maxSlices} slices`);
      const others = ready.filter((x) => x !== this.preempted);
      this.preempted = null;
      this._slice(this.strategy.pick(others.length ? others : ready, this));
    }
    return this.execs.map((x) => ({ name: x.name, result: x.result, error: x.error, slices: x.slices }));
  }

  /** @param {Exec} x */
  _runnable(x) {
    if (x.state === 'ready') return true;
    if (x.state === 'sleeping') return this.now >= x.wakeAt;
    if (x.state === 'blocked' && x.waitFor) {
      const holder = this.locks.get(x.waitFor.key);
      return !holder || holder === x || this.now >= x.waitFor.deadline;
    }
    return false;
  }

  /** The earliest moment a waiting execution can go on. @param {Exec[]} left */
  _nextWake(left) {
    const times = left.map((x) => (x.state === 'sleeping' ? x.wakeAt : (x.waitFor?.deadline ?? Infinity)));
    const next = Math.min(...times);
    if (!Number.isFinite(next)) throw new Error(`scheduler: deadlock (${left.map((x) => x.name).join(', ')})`);
    return Math.max(next, this.now);
  }

  /**
   * Apps Script's limits on executions at once (guides/services/quotas, "Current limitations":
   * simultaneous executions, 30 per user and 1,000 per script): an execution that would pass one fails as
   * it starts, with Google's text, and never runs. @param {Exec} x @returns {string | null}
   */
  _overLimit(x) {
    const running = this.execs.filter((e) => e !== x && e.slices > 0 && e.state !== 'done');
    if (running.filter((e) => e.user === x.user).length >= SIMULTANEOUS.perUser) return TOO_MANY_FOR_USER;
    if (running.length >= SIMULTANEOUS.perScript) return TOO_MANY_FOR_SCRIPT;
    return null;
  }

  /** Starts `x` again from the beginning: its log replayed, then live until it ends or is switched away. @param {Exec} x */
  _slice(x) {
    const refused = x.slices === 0 ? this._overLimit(x) : null;
    if (refused) {
      x.state = 'done';
      x.error = x.rt.env.exception(refused);
      return;
    }
    this.stats.slices++;
    x.slices++;
    x.cursor = 0;
    x.aborted = false;
    x.fresh = true;
    x.state = 'ready';
    this.current = x;
    let result;
    let error;
    let threw = false;
    try {
      result = x.run(x.rt);
    } catch (e) {
      threw = true;
      error = e;
    }
    this.current = null;
    if (this.fatal) throw this.fatal;
    if (x.aborted) return;
    x.state = 'done';
    if (threw) x.error = error;
    else x.result = result;
    // The execution ended: Apps Script releases the locks it still holds.
    for (const [key, holder] of [...this.locks]) if (holder === x) this.locks.delete(key);
  }

  /** @param {Exec} x @returns {never} */
  _abort(x) {
    x.aborted = true;
    throw new Preempted('switched away');
  }

  /** The script's clock: replayed readings, then the virtual clock. @param {Exec} x */
  _clock(x) {
    if (this.current !== x || x.aborted || x.rt.env.depth > 0) return this.now;
    if (x.cursor < x.log.length) {
      const ev = x.log[x.cursor++];
      if (ev.name !== '#clock') return this._diverged(x, '#clock', ev);
      this.stats.replayed++;
      return /** @type {(realm: any) => number} */ (ev.thaw)(x.rt.env.realm);
    }
    const now = this.now;
    x.log.push({ name: '#clock', thaw: () => now });
    x.cursor++;
    return now;
  }

  /** @param {Exec} x @param {string} name @param {Event} ev @returns {never} */
  _diverged(x, name, ev) {
    this.fatal = new Error(`scheduler: ${x.name} did not replay its log: call ${x.cursor} was ${ev.name}, now ${name}`);
    throw this.fatal;
  }

  /**
   * One outermost service call of `x` (env.interleave). @param {Exec} x @param {string} className
   * @param {string} method @param {import('./instrument').CallKind | null} kind @param {any} target
   * @param {unknown[]} args @param {() => unknown} perform the call itself
   */
  _call(x, className, method, kind, target, args, perform) {
    if (this.current !== x) return perform();
    if (x.aborted) throw new Preempted('switched away');
    const name = `${className}.${method}`;
    if (x.cursor < x.log.length) return this._replay(x, name, target);
    if (isPoint(className, method, kind)) this._point(x);
    if (name === 'Utilities.sleep' && validMs(args[0], MAX_SLEEP_MS))
      return this._sleep(x, /** @type {number} */ (args[0]));
    if (className === 'Lock') return this._lock(x, method, target, args);
    if (name === 'TextFinder.replaceAllWith' && !this.atomicReplace) return this._replace(x, target, args[0]);
    /** @type {Event} */
    const ev = { name };
    try {
      const value = perform();
      ev.thaw = snapshot(x.rt.env, value);
      return value;
    } catch (e) {
      const error = /** @type {{ name?: unknown, message?: unknown }} */ (e);
      ev.error = { name: String(error?.name ?? 'Error'), message: String(error?.message ?? e) };
      throw e;
    } finally {
      x.log.push(ev);
      x.cursor++;
    }
  }

  /** A logged call, answered again. @param {Exec} x @param {string} name @param {any} target */
  _replay(x, name, target) {
    const ev = x.log[x.cursor++];
    if (ev.name !== name) this._diverged(x, name, ev);
    this.stats.replayed++;
    if (ev.plan && !ev.done) {
      // A replace switched away from between its search and its write: the write happens now.
      this._point(x);
      return this._write(ev, target);
    }
    const env = x.rt.env;
    if (ev.error) {
      const error = new env.realm.Error(ev.error.message);
      error.name = ev.error.name;
      throw error;
    }
    return /** @type {(realm: any) => unknown} */ (ev.thaw)(env.realm);
  }

  /** A scheduling point: the strategy may switch to another execution here. @param {Exec} x */
  _point(x) {
    this.stats.points++;
    x.livePoints++;
    if (!x.fresh) {
      const others = this.execs.filter((o) => o !== x && o.state !== 'done' && this._runnable(o));
      if (others.length && this.strategy.preempt(x, others, this)) {
        this.stats.preemptions++;
        this.preempted = x;
        this._abort(x);
      }
    }
    x.fresh = false;
    this.now += this.callMs;
  }

  /** @param {Exec} x @param {Event} ev */
  _push(x, ev) {
    x.log.push(ev);
    x.cursor++;
  }

  /** Utilities.sleep: the execution waits; others run meanwhile. @param {Exec} x @param {number} ms */
  _sleep(x, ms) {
    this._push(x, { name: 'Utilities.sleep', thaw: () => undefined });
    if (this.execs.every((o) => o === x || o.state === 'done')) {
      this.now += ms;
      return undefined;
    }
    x.state = 'sleeping';
    x.wakeAt = this.now + ms;
    return this._abort(x);
  }

  /**
   * LockService's Lock, one holder per lock (reference/lock/lock). A wait is one deadline per call.
   * @param {Exec} x @param {string} method @param {{ _scope: string }} target @param {unknown[]} args
   */
  _lock(x, method, target, args) {
    const key = target._scope === 'user' ? `user:${x.user}` : target._scope;
    const name = `Lock.${method}`;
    const answer = (/** @type {unknown} */ value) => {
      this._push(x, { name, thaw: () => value });
      return value;
    };
    if (method === 'hasLock') return answer(this.locks.get(key) === x);
    if (method === 'releaseLock') {
      if (this.locks.get(key) === x) this.locks.delete(key);
      return answer(undefined);
    }
    const env = x.rt.env;
    if (!validMs(args[0], Infinity)) {
      this._push(x, { name, error: { name: 'Exception', message: 'Invalid argument: timeoutInMillis' } });
      throw env.exception('Invalid argument: timeoutInMillis');
    }
    const holder = this.locks.get(key);
    if (!holder || holder === x) {
      this.locks.set(key, x);
      x.waitFor = null;
      return answer(method === 'tryLock' ? true : undefined);
    }
    if (!x.waitFor || x.waitFor.at !== x.cursor) {
      const ms = Math.min(Math.max(0, /** @type {number} */ (args[0])), MAX_LOCK_MS);
      x.waitFor = { key, deadline: this.now + ms, at: x.cursor };
    }
    if (this.now >= x.waitFor.deadline) {
      x.waitFor = null;
      if (method === 'tryLock') return answer(false);
      this._push(x, { name, error: { name: 'Exception', message: TIMEOUT_MESSAGE } });
      throw env.exception(TIMEOUT_MESSAGE);
    }
    x.state = 'blocked';
    return this._abort(x);
  }

  /**
   * TextFinder.replaceAllWith as a search, a scheduling point, then a write of the cells the search
   * found (whatever they hold by then). @param {Exec} x @param {any} finder @param {unknown} replaceText
   */
  _replace(x, finder, replaceText) {
    finder._mustEdit();
    /** @type {Event} */
    const ev = { name: 'TextFinder.replaceAllWith', plan: planReplace(finder, String(replaceText)), done: false };
    this._push(x, ev);
    this._point(x);
    return this._write(ev, finder);
  }

  /** The write half of a replace. @param {Event} ev @param {any} finder */
  _write(ev, finder) {
    let count = 0;
    for (const p of ev.plan ?? []) {
      storeInput(p.model.cellForWrite(p.row, p.column), p.text, finder._timeZone);
      count += p.count;
    }
    ev.done = true;
    ev.thaw = () => count;
    return count;
  }
}

/** @param {unknown} ms @param {number} max */
function validMs(ms, max) {
  return typeof ms === 'number' && !Number.isNaN(ms) && ms >= 0 && ms <= max;
}

/**
 * The search half of TextFinder.replaceAllWith (textfinder.js `_replace` without its write): each cell
 * that matches now, and its text after the replacement. @param {any} t @param {string} replacement
 * @returns {Planned[]}
 */
function planReplace(t, replacement) {
  const matcher = t._matcher();
  /** @type {Planned[]} */
  const plan = [];
  for (const hit of t._hits(0, 1)) {
    const { cell } = hit;
    if (cell.f !== undefined && !t._options.formulas) continue;
    const text = t._text(cell);
    if (text === '') continue;
    const prepared = matcher.prepare(text);
    const count = [...prepared.matchAll(matcher.regExp)].length;
    if (count === 0) continue;
    const replaced = t._options.regex
      ? prepared.replace(matcher.regExp, replacement)
      : prepared.replace(matcher.regExp, () => replacement);
    plan.push({ model: hit.model, row: hit.row, column: hit.column, text: replaced.normalize('NFC'), count });
  }
  return plan;
}

/**
 * Every schedule with at most `bound` preemptions: `trial(strategy)` runs one (a fresh scheduler over a
 * fresh copy of the studio, with this strategy). Depth first; with `random`, the next schedule is drawn
 * from those not yet run (a seeded sample of the space, for a `limit` smaller than it).
 * @param {(strategy: Strategy) => void} trial @param {number} bound @param {number} [limit]
 * @param {() => number} [random] @returns {number} how many schedules ran
 */
function explore(trial, bound, limit = Infinity, random) {
  /** @type {number[][]} */
  const stack = [[]];
  let count = 0;
  while (stack.length && count < limit) {
    const i = random ? Math.floor(random() * stack.length) : stack.length - 1;
    const prefix = stack[i];
    stack[i] = /** @type {number[]} */ (stack[stack.length - 1]);
    stack.pop();
    const strategy = choiceStrategy(prefix);
    trial(strategy);
    count++;
    let used = 0;
    strategy.trace.forEach((point, i) => {
      if (i >= prefix.length && !(point.preempt && used >= bound))
        for (let alt = 1; alt < point.arity; alt++)
          stack.push([...strategy.trace.slice(0, i).map((p) => p.choice), alt]);
      if (point.preempt && point.choice === 1) used++;
    });
  }
  return count;
}

module.exports = { Scheduler, randomStrategy, pctStrategy, choiceStrategy, explore, isPoint, Preempted, prng };
