/**
 * The second nightly trigger, an hour after Daily Processes: rewrites the report tabs, then archives old
 * history when a week has passed since the last archive run. Kept out of the billing run so that billing
 * stays short at any size (see bench/results.md), and a report or archive problem never holds it up.
 */
import { archive } from './archive';
import { readArchiveInfo } from './archive-info';
import { openStore } from './context';
import { NIGHTLY_WAIT_MS, withDocumentLock } from './lock';
import { endpoint } from './reply';
import { writeReports } from './reports';

export const HOUSEKEEPING_HANDLER = 'nightlyHousekeeping';

/** The trigger's handler. Throwing makes Apps Script email the owner; the next night tries again. */
export function nightlyHousekeeping(): void {
  const result = endpoint(() =>
    withDocumentLock(() => {
      if (readArchiveInfo().journal) {
        // An archive run stopped half-way: finish it first, then report from the tabs as they are now.
        const reply = archive(openStore(), false);
        const store = openStore();
        writeReports(store, store.codec.today());
        return reply;
      }
      // The reports read the same tabs as the archive (read once); archiving changes nothing they show.
      const store = openStore();
      writeReports(store, store.codec.today());
      return archive(store, false);
    }, NIGHTLY_WAIT_MS),
  );
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join(' '));
}
