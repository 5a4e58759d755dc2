/**
 * Housekeeping, an hour after the nightly billing run: rewrites the report tabs, then archives old
 * history when a week has passed since the last archive run. Kept out of the billing run so that billing
 * stays short at any size (see bench/results.md), and a report or archive problem never holds it up.
 */

import { readArchiveInfo } from '../sheets/archive-info';
import { type ArchiveSummary, archive } from './archive';
import { openStore, systemTab } from './context';
import { NIGHTLY_WAIT_MS, withDocumentLock } from './lock';
import { endpoint, type Reply } from './reply';
import { writeReports } from './reports';

/** The handler name of the second daily trigger earlier versions installed; it still runs housekeeping. */
export const HOUSEKEEPING_HANDLER = 'nightlyHousekeeping';

/** Reports, then the weekly archive, under the studio's lock. */
export function housekeep(waitMs = NIGHTLY_WAIT_MS): Reply<{ summary: ArchiveSummary }> {
  return endpoint(() =>
    withDocumentLock(() => {
      if (readArchiveInfo(systemTab()).journal) {
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
    }, waitMs),
  );
}
