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
 *   1. desk  := { until }   (flushed)                 1. under the script lock: lease free → lease :=
 *                                                        { holder, until } (flushed); else wait and retry
 *   2. read the lease: held → step back (desk :=      2. read the desk flag: set → wait, then busy
 *      empty), wait for it to clear, from 1 again
 *   3. write; desk := empty                           3. write; lease := free (swapped back)
 *
 * Every wait ends at one deadline per call (10 s for a person, 2 minutes for the nightly run).
 * A flag left by an execution that Apps Script stopped counts until its `until` (the 6-minute limit),
 * and the nightly handler tries again the next hour. Where the document lock exists (a bound script's
 * trigger too) it is taken first, so people's actions queue for each other as before.
 * docs/exactly-once.md walks through every interleaving.
 */
import type { Installed } from '../domain';
import { claimFreeLease, FREE_LEASE, type Lease, leaseText } from '../sheets/system';
import {
  activeSpreadsheet,
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

function isHeld(flag: Lease | null, now: number, self?: string): flag is Lease {
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
    // One deadline for the whole wait: the document lock, then the lease or the desk flag.
    const deadline = Date.now() + waitMs;
    const lock = documentLock();
    return lock ? underDocumentLock(lock, fn, deadline) : underLease(fn, deadline);
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

/** Waits POLL_MS, or says the studio is busy when that would pass the deadline. */
function waitOrBusy(deadline: number): void {
  if (Date.now() + POLL_MS > deadline) throw new BusyError(BUSY);
  Utilities.sleep(POLL_MS);
}

function underDocumentLock<T>(lock: GoogleAppsScript.Lock.Lock, fn: () => T, deadline: number): T {
  if (!lock.tryLock(Math.max(0, deadline - Date.now()))) throw new BusyError(BUSY);
  try {
    return atTheDesk(fn, deadline);
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
 * lease held by another run (a check-in from the front desk's phone takes seconds) makes it step back:
 * it clears its flag (so that run is not kept waiting for it), waits for the lease to be given back
 * without raising the flag again, then starts over, until the deadline.
 */
function atTheDesk<T>(fn: () => T, deadline: number): T {
  // From the moment the flag is written, every way out clears it: a read that fails after it (a 429, a
  // service error) must not leave the studio busy for 6½ minutes.
  let raised = false;
  try {
    for (;;) {
      raised = true;
      writeFixedRow('desk', newFlag());
      SpreadsheetApp.flush();
      if (!isHeld(rereadSystemTabAtTheDesk().lease(), Date.now())) break;
      clearDesk();
      raised = false;
      SpreadsheetApp.flush();
      do waitOrBusy(deadline);
      while (isHeld(rereadSystemTab().lease(), Date.now()));
    }
    return fn();
  } finally {
    if (raised) clearDesk();
  }
}

/**
 * Clears the desk flag, trying twice: a transient failure of the one write must not leave the flag set
 * (only a run Apps Script stops leaves it, until it expires).
 */
function clearDesk(): void {
  twice(() => writeFixedRow('desk', null));
}

/** Runs `release` again once if it throws (a release that fails twice throws). */
function twice(release: () => void): void {
  try {
    release();
  } catch {
    release();
  }
}

/**
 * Takes the lease (step 1 on the right) once no other run holds it. The lease cell is read and written
 * under LockService's script lock, held for that read and that write only (never for a job: a published
 * add-on's script lock is shared by every studio), so of two runs that want it one writes it and the
 * other reads that. Google documents no atomicity for a find-and-replace between executions, so the lock,
 * which Google documents, is what makes "read free, then write" one step (docs/exactly-once.md). A free
 * cell is claimed with one request under that lock (`claimFreeLease`), a held or expired one read first.
 */
function takeLease(flag: Flag, deadline: number): void {
  const lock = LockService.getScriptLock();
  for (;;) {
    if (!lock.tryLock(Math.max(0, deadline - Date.now()))) throw new BusyError(BUSY);
    let taken = false;
    try {
      // A free cell is claimed in one request; any other text is read: an expired lease is taken over.
      taken = claimFreeLease(activeSpreadsheet(), leaseText(flag));
      if (!taken && !isHeld(rereadSystemTab().lease(), Date.now())) {
        systemTab().writeLease(leaseText(flag));
        SpreadsheetApp.flush();
        taken = true;
      }
    } finally {
      lock.releaseLock();
    }
    if (taken) return;
    waitOrBusy(deadline);
  }
}

/**
 * A run with no document lock, steps 1–3 on the right: the add-on's nightly run, and the front desk web
 * app (a web app has no containing document either).
 */
function underLease<T>(fn: () => T, deadline: number): T {
  const flag = newFlag();
  // Given back at the end if this run took it and no other run's lease replaced it (an expired one can be).
  let ours = false;
  try {
    takeLease(flag, deadline);
    ours = true;
    // A person's call at the front desk reads the desk flag in the request its store starts with anyway
    // (the time zone, the header rows, the small tabs: one round trip for both); the nightly run, whose
    // jobs read through SpreadsheetApp, spends no API request on it.
    let reread = currentTrigger() ? rereadSystemTab : rereadSystemTabAtTheDesk;
    for (;;) {
      const read = reread();
      reread = rereadSystemTab;
      if (isHeld(read.lease(), Date.now(), flag.holder)) {
        ours = false;
        throw new BusyError(BUSY);
      }
      // Installing or removing the nightly run happens at the desk: once the desk is clear, the record
      // read here is final for this run. A trigger it no longer names stops without writing.
      const expected = currentTrigger();
      if (expected && read.json<Installed>('nightly')?.triggerId !== expected) throw new RetiredError(expected);
      // A lease an earlier version of the add-on kept in the Value cell is waited for like the desk flag.
      if (!isHeld(read.json<Flag>('desk'), Date.now()) && !isHeld(read.legacyLease(), Date.now())) break;
      waitOrBusy(deadline);
    }
    return fn();
  } finally {
    if (ours) giveBack(flag.holder);
    else SpreadsheetApp.flush();
  }
}

/**
 * Gives the lease back, even when the run failed (a read that threw, a service error). Only its holder
 * writes a held lease cell (a taker writes it only once it is free or expired, and Apps Script stops an
 * execution before its lease's `until`): a plain write, queued after the run's last writes and sent in
 * the same batch, one round trip for both. Apps Script sends queued writes in the order the script made
 * them, so no other run finds the lease free before those writes are in (docs/exactly-once.md). A batch
 * that fails may have landed or not: the lease is written again only if a reading shows it still this
 * run's, since once it is free another run may take it, and a second give-back would erase theirs.
 */
function giveBack(holder: string): void {
  twice(() => systemTab().writeLease(FREE_LEASE));
  try {
    SpreadsheetApp.flush();
  } catch (error) {
    twice(() => {
      if (rereadSystemTab().lease()?.holder !== holder) return;
      systemTab().writeLease(FREE_LEASE);
      SpreadsheetApp.flush();
    });
    throw error;
  }
}
