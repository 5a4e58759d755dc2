/**
 * Each history tab's last row, as the last job that appended left it (the system tab's `rows`), so that a
 * desk call appends without first asking the sheet for its size. A hint only: `Store.focus` reads the row
 * it names and the next one with the rows it reads anyway, and uses it only when that row is filled and the
 * next one blank. Rows typed below, deleted, or moved by the archive make it fail that check, and the tab
 * is asked (`getLastRow`), as before; a new row never overwrites anything either way, since rows are
 * inserted (`insertRowsAfter`) before they are written.
 */
import type { TabName } from '../../sheets-template/tabs';
import type { LastRows } from './store';
import type { SystemTab } from './system';

const KEY = 'rows';

export function readLastRows(system: SystemTab): LastRows {
  return system.json<LastRows>(KEY) ?? {};
}

/** Queues the tabs' last rows as this job leaves them (written with the system tab's next flush). */
export function noteLastRows(system: SystemTab, rows: LastRows): void {
  const stored = readLastRows(system);
  const next: LastRows = { ...stored, ...rows };
  const changed = (Object.keys(rows) as TabName[]).some((t) => stored[t] !== rows[t]);
  if (changed) system.put(KEY, next);
}
