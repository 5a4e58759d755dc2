/**
 * Every writing entry point runs under the studio's lock, so two executions never interleave their
 * writes to one spreadsheet. LockService alone cannot give that in a published add-on:
 * - a person's action (menu item, sidebar call) has the document lock, which is per document;
 * - the add-on's time-driven trigger has no document (getDocumentLock() is null there), and the script
 *   lock would be shared by every studio that installed the add-on.
 * - the front desk web app has no document either (it opens the spreadsheet by id).
 * So the runs without a document lock and people's actions also announce themselves in two fixed cells
 * of the hidden system tab, and each reads the other's cell only after writing its own (Dekker's
 * protocol: with every write flushed before the read, at least one of two overlapping executions sees
 * the other):
 *
 *   a person's action (under the document lock)      the nightly run, a front desk call (no document lock)
 *   1. desk  := { until }   (flushed)                 1. lease := { holder, until }   (flushed), taken
 *                                                        under the script lock once no one else holds it
 *   2. read the lease: held → step back (desk :=      2. read the desk flag: set → wait, then busy
 *      empty), retry for 10 s, then busy
 *   3. write; desk := empty                           3. write; lease := empty
 *
 * A flag left by an execution that Apps Script stopped counts until its `until` (the 6-minute limit),
 * and the nightly handler tries again the next hour. Where the document lock exists (a bound script's
 * trigger too) it is taken first, so people's actions queue for each other as before.
 * docs/exactly-once.md walks through every interleaving.
 */
import type { Installed } from '../domain';
import {
  currentTrigger,
  rereadSystemTab,
  rereadSystemTabAtTheDesk,
  systemTab,
  userEmail,
  writeFixedRow,
} from './context';

export class BusyError extends Error {}

/** The nightly trigger found that the spreadsheet no longer names it: it must stop (and delete itself). */
export class RetiredError extends Error {}

/** How long a person's action waits for a running job before saying the studio is busy. */
export const INTERACTIVE_WAIT_MS = 10_000;
/** The nightly run waits longer: a person's check-in takes seconds. */
export const NIGHTLY_WAIT_MS = 120_000;
/** A flag older than this is from an execution Apps Script has stopped (6 minutes at most). */
export const FLAG_MS = 6 * 60_000 + 30_000;
const POLL_MS = 2_000;

export interface Flag {
  holder: string;
  user: string;
  until: string;
}

const BUSY = `Studio Packages is busy: another run (the nightly Daily Processes, or someone else's change) is writing to this spreadsheet. Nothing was changed; try again in a minute.`;

function isHeld(flag: Flag | null, now: number, self?: string): flag is Flag {
  return flag !== null && flag.holder !== self && Date.parse(flag.until) > now;
}

function newFlag(): Flag {
  return { holder: Utilities.getUuid(), user: userEmail(), until: new Date(Date.now() + FLAG_MS).toISOString() };
}

/** Held by this execution already: an entry point called from another runs inside the outer one's lock. */
let depth = 0;

export function withDocumentLock<T>(fn: () => T, waitMs = INTERACTIVE_WAIT_MS): T {
  if (depth > 0) return fn();
  depth++;
  try {
    const lock = documentLock();
    return lock ? underDocumentLock(lock, fn, waitMs) : underLease(fn, waitMs);
  } finally {
    depth--;
  }
}

/** The document lock; null where there is no document (a published add-on's time-driven trigger). */
function documentLock(): GoogleAppsScript.Lock.Lock | null {
  try {
    return LockService.getDocumentLock() ?? null;
  } catch {
    return null;
  }
}

function underDocumentLock<T>(lock: GoogleAppsScript.Lock.Lock, fn: () => T, waitMs: number): T {
  if (!lock.tryLock(waitMs)) throw new BusyError(BUSY);
  try {
    return atTheDesk(fn, waitMs);
  } finally {
    // Apps Script may still hold this job's spreadsheet writes in a buffer: commit them before another
    // execution can take the lock and read (the LockService reference asks for exactly this).
    try {
      SpreadsheetApp.flush();
    } finally {
      lock.releaseLock();
    }
  }
}

/**
 * A person's action (or a bound script's trigger), holding the document lock: steps 1–3 on the left. A
 * lease held by another run (a check-in from the front desk's phone takes seconds) makes it step back,
 * clearing its flag so that run is not kept waiting, and try again until `waitMs` has passed.
 */
function atTheDesk<T>(fn: () => T, waitMs: number): T {
  for (let waited = 0; ; waited += POLL_MS) {
    writeFixedRow('desk', newFlag());
    SpreadsheetApp.flush();
    if (!isHeld(rereadSystemTabAtTheDesk().json<Flag>('lease'), Date.now())) break;
    systemTab().writeFixed('desk', null);
    SpreadsheetApp.flush();
    if (waited >= waitMs) throw new BusyError(BUSY);
    Utilities.sleep(POLL_MS);
  }
  try {
    return fn();
  } finally {
    systemTab().writeFixed('desk', null);
  }
}

/**
 * Takes the lease (step 1 on the right) once no other run holds it, waiting up to `waitMs`. The lease is
 * one cell, so two runs that both read it free and then both wrote it would each read back their own
 * lease in turn: the script lock makes "read it free, write ours" one step. It is held for one read and
 * one write (the script lock of a published add-on is shared by every studio), never for the job.
 */
function takeLease(flag: Flag, waitMs: number): void {
  for (let waited = 0; ; waited += POLL_MS) {
    const script = LockService.getScriptLock();
    if (!script.tryLock(waitMs)) throw new BusyError(BUSY);
    try {
      if (!isHeld(rereadSystemTab().json<Flag>('lease'), Date.now())) {
        systemTab().writeFixed('lease', flag);
        SpreadsheetApp.flush();
        return;
      }
    } finally {
      script.releaseLock();
    }
    if (waited >= waitMs) throw new BusyError(BUSY);
    Utilities.sleep(POLL_MS);
  }
}

/**
 * A run with no document lock, steps 1–3 on the right: the add-on's nightly run, and the front desk web
 * app (a web app has no containing document either).
 */
function underLease<T>(fn: () => T, waitMs: number): T {
  const flag = newFlag();
  takeLease(flag, waitMs);
  // Cleared at the end unless another run's lease replaced ours (then it is theirs to clear).
  let ours = true;
  try {
    for (let waited = 0; ; waited += POLL_MS) {
      const read = rereadSystemTab();
      if (isHeld(read.json<Flag>('lease'), Date.now(), flag.holder)) {
        ours = false;
        throw new BusyError(BUSY);
      }
      // Installing or removing the nightly run happens at the desk: once the desk is clear, the record
      // read here is final for this run. A trigger it no longer names stops without writing.
      const expected = currentTrigger();
      if (expected && read.json<Installed>('nightly')?.triggerId !== expected) throw new RetiredError(expected);
      if (!isHeld(read.json<Flag>('desk'), Date.now())) break;
      if (waited >= waitMs) throw new BusyError(BUSY);
      Utilities.sleep(POLL_MS);
    }
    return fn();
  } finally {
    try {
      SpreadsheetApp.flush();
    } finally {
      if (ours) {
        systemTab().writeFixed('lease', null);
        SpreadsheetApp.flush();
      }
    }
  }
}
