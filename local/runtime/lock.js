// @ts-check
// LockService with real, synchronous waiting. Locks live either in a shared in-process table
// (`createSharedLocks()`: several runtimes in one process contend) or in lock files (`{ file }`:
// several processes contend). Each runtime execution has its own owner token; endExecution()
// releases whatever the execution still holds, like Apps Script at the end of an execution.
// One table (or lock file set) stands for one document's locks: runtimes over different spreadsheets
// that should not contend on the document lock take different tables.

const fs = require('node:fs');
const os = require('node:os');
const crypto = require('node:crypto');

const POLL_MS = 20;
/** A lock file older than this is considered abandoned. */
const STALE_MS = 30 * 60 * 1000;
const TIMEOUT_MESSAGE = 'Lock timeout: another process was holding the lock for too long.';
const MAX_TIMEOUT_MS = 300000;

/** @typedef {'document' | 'script' | 'user'} Scope */
/** @typedef {{ kind: 'shared', holders: Map<string, string> }} SharedLocks */
/** @typedef {SharedLocks | { kind: 'file', file: string }} LockStore */

/** A lock table that several runtimes in this process can share. @returns {SharedLocks} */
function createSharedLocks() {
  return { kind: 'shared', holders: new Map() };
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread for `ms` milliseconds. @param {number} ms */
function sleepSync(ms) {
  if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
}

/** @param {string} file @param {Scope} scope */
function lockFilePath(file, scope) {
  return scope === 'document' ? file : `${file}.${scope}`;
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return /** @type {NodeJS.ErrnoException} */ (e).code === 'EPERM';
  }
}

/** @param {string} path */
function isStale(path) {
  try {
    const info = JSON.parse(fs.readFileSync(path, 'utf8'));
    if (Date.now() - Number(info.acquiredAt) > STALE_MS) return true;
    return info.host === os.hostname() && !isAlive(Number(info.pid));
  } catch {
    // Unreadable: maybe being written right now; only an old file counts as stale.
    try {
      return Date.now() - fs.statSync(path).mtimeMs > STALE_MS;
    } catch {
      return false;
    }
  }
}

/** One attempt to take the lock for `owner`; true when `owner` holds it afterwards. */
function attempt(/** @type {LockStore} */ store, /** @type {Scope} */ scope, /** @type {string} */ owner) {
  if (store.kind === 'shared') {
    const holder = store.holders.get(scope);
    if (holder && holder !== owner) return false;
    store.holders.set(scope, owner);
    return true;
  }
  const path = lockFilePath(store.file, scope);
  if (holderOfFile(path) === owner) return true;
  try {
    const fd = fs.openSync(path, 'wx');
    fs.writeSync(fd, JSON.stringify({ owner, pid: process.pid, host: os.hostname(), acquiredAt: Date.now() }));
    fs.closeSync(fd);
    return true;
  } catch (e) {
    if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EEXIST') throw e;
    if (isStale(path)) {
      try {
        fs.unlinkSync(path);
      } catch {}
    }
    return false;
  }
}

/** @param {string} path @returns {string | null} */
function holderOfFile(path) {
  try {
    return JSON.parse(fs.readFileSync(path, 'utf8')).owner ?? null;
  } catch {
    return null;
  }
}

/** @param {LockStore} store @param {Scope} scope @param {string} owner */
function holds(store, scope, owner) {
  if (store.kind === 'shared') return store.holders.get(scope) === owner;
  return holderOfFile(lockFilePath(store.file, scope)) === owner;
}

/** @param {LockStore} store @param {Scope} scope @param {string} owner */
function release(store, scope, owner) {
  if (!holds(store, scope, owner)) return;
  if (store.kind === 'shared') store.holders.delete(scope);
  else fs.rmSync(lockFilePath(store.file, scope), { force: true });
}

/** One execution's view of the locks: the owner token and what it holds. */
class LockSession {
  /** @param {LockStore} store */
  constructor(store) {
    this.store = store;
    this.owner = crypto.randomUUID();
    /** @type {Set<Scope>} */
    this.held = new Set();
  }

  /** @param {Scope} scope @param {number} timeoutMs */
  acquire(scope, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (attempt(this.store, scope, this.owner)) {
        this.held.add(scope);
        return true;
      }
      const left = deadline - Date.now();
      if (left <= 0) return false;
      sleepSync(Math.min(POLL_MS, left));
    }
  }

  /** @param {Scope} scope */
  release(scope) {
    release(this.store, scope, this.owner);
    this.held.delete(scope);
  }

  /** @param {Scope} scope */
  holds(scope) {
    return this.held.has(scope) && holds(this.store, scope, this.owner);
  }

  /** Releases everything (the execution ended). */
  releaseAll() {
    for (const scope of [...this.held]) this.release(scope);
  }
}

class LockServiceApi {
  /**
   * `hasDocument` false: the execution has no containing document (an add-on's time-driven trigger, as
   * the platform notes report), so getDocumentLock() is null (reference/lock/lock-service#getDocumentLock:
   * "If this method is called outside of the context of a containing document … null is returned").
   * @param {import('./instrument').Env} env @param {() => LockSession} session @param {boolean} [hasDocument]
   */
  constructor(env, session, hasDocument = true) {
    this._env = env;
    this._session = session;
    this._hasDocument = hasDocument;
  }

  getDocumentLock() {
    return this._hasDocument ? this._lock('document') : null;
  }

  getScriptLock() {
    return this._lock('script');
  }

  getUserLock() {
    return this._lock('user');
  }

  /** @param {Scope} scope */
  _lock(scope) {
    return this._env.wrap(new Lock(this._env, this._session, scope), 'Lock', 'LockService');
  }
}

class Lock {
  /** @param {import('./instrument').Env} env @param {() => LockSession} session @param {Scope} scope */
  constructor(env, session, scope) {
    this._env = env;
    this._session = session;
    this._scope = scope;
  }

  /** @param {number} timeoutInMillis */
  _timeout(timeoutInMillis) {
    if (typeof timeoutInMillis !== 'number' || Number.isNaN(timeoutInMillis)) {
      throw this._env.exception('Invalid argument: timeoutInMillis');
    }
    return Math.min(Math.max(0, timeoutInMillis), MAX_TIMEOUT_MS);
  }

  /** Waits up to `timeoutInMillis` for the lock; false when it could not be taken. @param {number} timeoutInMillis */
  tryLock(timeoutInMillis) {
    return this._session().acquire(this._scope, this._timeout(timeoutInMillis));
  }

  /** Waits up to `timeoutInMillis` for the lock; throws when it could not be taken. @param {number} timeoutInMillis */
  waitLock(timeoutInMillis) {
    if (!this._session().acquire(this._scope, this._timeout(timeoutInMillis))) {
      throw this._env.exception(TIMEOUT_MESSAGE);
    }
  }

  hasLock() {
    return this._session().holds(this._scope);
  }

  releaseLock() {
    this._session().release(this._scope);
  }
}

module.exports = {
  LockServiceApi,
  LockSession,
  createSharedLocks,
  sleepSync,
  isAlive,
  lockFilePath,
  STALE_MS,
  TIMEOUT_MESSAGE,
};
