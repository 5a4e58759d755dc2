/** The nightly time-driven trigger that runs Daily Processes. */
import { openStore } from './context';
import { runDaily } from './daily';
import { NIGHTLY_WAIT_MS, withDocumentLock } from './lock';
import { endpoint, type Reply } from './reply';

export const NIGHTLY_HANDLER = 'nightlyDailyProcesses';
const HOUR_KEY = 'nightlyHour';

function removeAll(triggers: GoogleAppsScript.Script.Trigger[]): void {
  const props = PropertiesService.getDocumentProperties();
  for (const t of triggers) {
    props.deleteProperty(`${HOUR_KEY}:${t.getUniqueId()}`);
    ScriptApp.deleteTrigger(t);
  }
}

/** The hour a trigger was installed for (kept in document properties: a Trigger does not report it). */
function triggerHour(t: GoogleAppsScript.Script.Trigger): number | null {
  const value = PropertiesService.getDocumentProperties().getProperty(`${HOUR_KEY}:${t.getUniqueId()}`);
  return value === null ? null : Number(value);
}

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
      const store = openStore();
      const timeZone = store.codec.timeZone;
      const hour = store.settings().nightlyHour;
      const existing = nightlyTriggers();
      // Installed at another hour (the setting changed): replace it; at this hour: leave it, never a second.
      const same = existing.filter((t) => triggerHour(t) === hour);
      if (same.length > 0 && existing.length === 1) return { ok: true, installed: false, hour, timeZone };
      removeAll(existing);
      const trigger = ScriptApp.newTrigger(NIGHTLY_HANDLER)
        .timeBased()
        .atHour(hour)
        .everyDays(1)
        .inTimezone(timeZone)
        .create();
      PropertiesService.getDocumentProperties().setProperty(`${HOUR_KEY}:${trigger.getUniqueId()}`, String(hour));
      return { ok: true, installed: true, hour, timeZone };
    }),
  );
}

export function removeNightlyTrigger(): Reply<{ removed: number }> {
  return endpoint(() =>
    withDocumentLock(() => {
      const triggers = nightlyTriggers();
      removeAll(triggers);
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
