/** Every writing entry point runs under the document lock, so two runs never interleave their writes. */

export class BusyError extends Error {}

/** How long a person's action waits for a running job before saying the studio is busy. */
export const INTERACTIVE_WAIT_MS = 10_000;
/** The nightly run waits longer: a person's check-in takes seconds. */
export const NIGHTLY_WAIT_MS = 120_000;

export function withDocumentLock<T>(fn: () => T, waitMs = INTERACTIVE_WAIT_MS): T {
  // getDocumentLock() is null outside a document context (e.g. run from the script editor).
  const lock = LockService.getDocumentLock() ?? LockService.getScriptLock();
  if (!lock.tryLock(waitMs)) {
    throw new BusyError(
      `Studio Packages is busy: another run (the nightly Daily Processes, or someone else's change) is writing to this spreadsheet. Nothing was changed; try again in a minute.`,
    );
  }
  try {
    return fn();
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
