/**
 * The report tabs (views over the records) and the time zone check. Rewritten by "Run Daily Processes
 * now" after its run, and every night by the housekeeping trigger an hour after the nightly billing run:
 * they never hold up billing, and a crash while writing them loses nothing (the next run rewrites them).
 */
import type { Payment, State } from '../domain';
import { writeSetting } from '../sheets/apply';
import { buildReports, refreshReports } from '../sheets/reports';
import type { Store } from '../sheets/store';
import { TabUnusableError } from '../sheets/table';

/** Rewrites every report from `state` (read from the store when not given) and the time zone check. */
export function writeReports(store: Store, today: string, state?: State, payments?: readonly Payment[]): void {
  const records = state ?? store.state();
  let paid = payments;
  if (!paid) {
    try {
      paid = store.payments().records;
    } catch (e) {
      // Reported by Daily Processes; the reports go on without the payments.
      if (!(e instanceof TabUnusableError)) throw e;
      paid = [];
    }
  }
  const view = {
    ...records,
    payments: paid,
    archivedRevenue: store.archived.revenue,
    archivedRecognition: store.archived.recognition,
  };
  refreshReports(store.spreadsheet, buildReports(view, today, store.settings(), store.codec));
  checkTimeZones(store);
}

/**
 * Writes the "Time zone check" setting's value: the zone every date and the nightly hour follow, the
 * spreadsheet's (the studio's). The script's zone is not compared: a published add-on's is its own
 * manifest's, the same for every customer (Session.getScriptTimeZone), and nothing here reads a date in it.
 */
function checkTimeZones(store: Store): void {
  writeSetting(
    store,
    'timeZone',
    `${store.codec.timeZone} ✓ (the spreadsheet's: every date and the nightly hour follow it)`,
  );
}
