/** The nightly time-driven trigger that runs Daily Processes. */
import { runDaily } from './daily';
import { NIGHTLY_WAIT_MS, withDocumentLock } from './lock';
import { endpoint, type Reply } from './reply';

export const NIGHTLY_HANDLER = 'nightlyDailyProcesses';
/** The hour (in the spreadsheet's time zone) the nightly run starts; Apps Script picks a minute within it. */
export const NIGHTLY_HOUR = 2;

function nightlyTriggers(): GoogleAppsScript.Script.Trigger[] {
  return ScriptApp.getProjectTriggers().filter((t) => t.getHandlerFunction() === NIGHTLY_HANDLER);
}

export interface NightlyTrigger {
  installed: boolean;
  hour: number;
  timeZone: string;
}

/** Installs the nightly trigger once: installing again changes nothing. */
export function installNightlyTrigger(): Reply<NightlyTrigger> {
  return endpoint<NightlyTrigger>(() =>
    withDocumentLock(() => {
      const timeZone = SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone();
      if (nightlyTriggers().length > 0) return { ok: true, installed: false, hour: NIGHTLY_HOUR, timeZone };
      ScriptApp.newTrigger(NIGHTLY_HANDLER).timeBased().atHour(NIGHTLY_HOUR).everyDays(1).inTimezone(timeZone).create();
      return { ok: true, installed: true, hour: NIGHTLY_HOUR, timeZone };
    }),
  );
}

export function removeNightlyTrigger(): Reply<{ removed: number }> {
  return endpoint(() =>
    withDocumentLock(() => {
      const triggers = nightlyTriggers();
      for (const t of triggers) ScriptApp.deleteTrigger(t);
      return { ok: true, removed: triggers.length };
    }),
  );
}

/** The trigger's handler: Daily Processes for today in the spreadsheet's time zone. */
export function nightlyDailyProcesses(): void {
  const result = runDaily({}, NIGHTLY_WAIT_MS);
  // Throwing makes Apps Script email the owner about the failed run; tomorrow's run catches up anyway.
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join(' '));
}
