/**
 * Apps Script stops an execution at 6 minutes, wherever it stands (no `finally` runs): a long step works
 * in chunks, records what it has done after each, and starts no chunk once this much of the execution has
 * gone, leaving the rest for the next run (docs/exactly-once.md, "Long steps: chunks under a time budget").
 * The budget leaves 1½ minutes for the chunk under way and what follows it (the Run Log row, the lock).
 */
export const BUDGET_MS = 4.5 * 60_000;

/** Whether a job that started at `started` may start another chunk. */
export function withinBudget(started: Date): boolean {
  return Date.now() - started.getTime() < BUDGET_MS;
}
