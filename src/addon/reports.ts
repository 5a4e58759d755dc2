/**
 * The report tabs (views over the records) and the time zone check. Rewritten by "Run Daily Processes
 * now" after its run, and every night by the housekeeping trigger an hour after the nightly billing run:
 * they never hold up billing, and a crash while writing them loses nothing (the next run rewrites them).
 */
import type { Payment, State } from '../domain';
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
  const view = { ...records, payments: paid, archivedRevenue: store.archived.revenue };
  refreshReports(store.spreadsheet, buildReports(view, today, store.settings(), store.codec));
  checkTimeZones(store);
}

function zones(store: Store): { sheet: string; script: string } {
  return { sheet: store.codec.timeZone, script: Session.getScriptTimeZone() };
}

/** Dates follow the spreadsheet's time zone; a different script time zone is worth a warning. */
export function timeZoneWarning(store: Store): string[] {
  const { sheet, script } = zones(store);
  return sheet === script
    ? []
    : [
        `The spreadsheet's time zone (${sheet}) differs from the script's (${script}): dates follow the spreadsheet's. Set both to the studio's (File › Settings; appsscript.json).`,
      ];
}

/** Writes the "Time zone check" setting's value. */
function checkTimeZones(store: Store): void {
  const { sheet, script } = zones(store);
  const row = store.settingRow('timeZone');
  if (row === undefined) return;
  store
    .table('settings')
    .set(row, 'Value', sheet === script ? `${sheet} ✓` : `Spreadsheet ${sheet}, script ${script}: they differ`);
  store.flush(['settings']);
}
