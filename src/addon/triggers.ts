/** The nightly time-driven triggers: Daily Processes (billing), and an hour later housekeeping (reports, archive). */
import { openStore } from './context';
import { runDaily } from './daily';
import { HOUSEKEEPING_HANDLER } from './housekeeping';
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

/** The hour each of our triggers runs at: Daily Processes, then housekeeping (reports, weekly archive) an hour later. */
function schedule(hour: number): [handler: string, hour: number][] {
  return [
    [NIGHTLY_HANDLER, hour],
    [HOUSEKEEPING_HANDLER, (hour + 1) % 24],
  ];
}

function ourTriggers(): GoogleAppsScript.Script.Trigger[] {
  const handlers = new Set([NIGHTLY_HANDLER, HOUSEKEEPING_HANDLER]);
  return ScriptApp.getProjectTriggers().filter((t) => handlers.has(t.getHandlerFunction()));
}

export interface NightlyTrigger {
  installed: boolean;
  hour: number;
  timeZone: string;
}

/** Installs the nightly triggers once: installing again changes nothing. */
export function installNightlyTrigger(): Reply<NightlyTrigger> {
  return endpoint<NightlyTrigger>(() =>
    withDocumentLock(() => {
      const store = openStore();
      const timeZone = store.codec.timeZone;
      const hour = store.settings().nightlyHour;
      const existing = ourTriggers();
      const wanted = schedule(hour);
      // Each installed once at its hour: leave them; anything else (the setting changed, one missing, a
      // repeat): replace them all — never a second trigger for a handler.
      const exact =
        existing.length === wanted.length &&
        wanted.every(([handler, h]) =>
          existing.some((t) => t.getHandlerFunction() === handler && triggerHour(t) === h),
        );
      if (exact) return { ok: true, installed: false, hour, timeZone };
      removeAll(existing);
      for (const [handler, h] of wanted) {
        const trigger = ScriptApp.newTrigger(handler).timeBased().atHour(h).everyDays(1).inTimezone(timeZone).create();
        PropertiesService.getDocumentProperties().setProperty(`${HOUR_KEY}:${trigger.getUniqueId()}`, String(h));
      }
      return { ok: true, installed: true, hour, timeZone };
    }),
  );
}

export function removeNightlyTrigger(): Reply<{ removed: number }> {
  return endpoint(() =>
    withDocumentLock(() => {
      const triggers = ourTriggers();
      removeAll(triggers);
      return { ok: true, removed: triggers.length };
    }),
  );
}

/** The trigger's handler: Daily Processes for today in the spreadsheet's time zone. */
export function nightlyDailyProcesses(): void {
  // Billing only when the housekeeping trigger rewrites the reports an hour later; a studio that installed
  // the nightly trigger before housekeeping existed has only this one, which then does the reports too.
  const housekeeping = ScriptApp.getProjectTriggers().some((t) => t.getHandlerFunction() === HOUSEKEEPING_HANDLER);
  const result = runDaily({ reports: !housekeeping }, NIGHTLY_WAIT_MS);
  // Throwing makes Apps Script email the owner about the failed run; tomorrow's run catches up anyway.
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join(' '));
}
