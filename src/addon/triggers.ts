/**
 * The nightly run: ONE hourly time-driven trigger per spreadsheet, as Google allows an editor add-on
 * ("Each add-on can only have one trigger of each type, per user, per document":
 * developers.google.com/apps-script/add-ons/concepts/editor-triggers#restrictions). Each hour it does at
 * most the one job due (src/domain/nightly.ts): Daily Processes from the nightly hour, housekeeping an
 * hour after, a failed job again the next hour.
 *
 * Where things live, and why:
 * - the trigger → spreadsheet map is in the installer's USER properties: an add-on's trigger runs with no
 *   active spreadsheet (and so no document properties); the handler opens its spreadsheet by id;
 * - who installed it, and its last results, are in the hidden system tab, so that every editor sees
 *   them (another account cannot see a user's triggers: guides/triggers/installable#restrictions);
 * - a trigger the system tab no longer names (another editor installed one, or removed it) retires: it
 *   deletes itself the next time it fires, so a spreadsheet is billed by one trigger.
 */
import {
  afterAttempt,
  dueJob,
  type Installed,
  type IsoDate,
  type NightlyJob,
  type NightlyStatus,
  NO_STATUS,
  nightlyNotice,
  type Outcome,
} from '../domain';
import { addRunLog } from '../sheets/writes';
import { activeSpreadsheet, openStore, systemTab, userEmail, useSpreadsheet } from './context';
import { runDaily } from './daily';
import { HOUSEKEEPING_HANDLER, housekeep } from './housekeeping';
import { NIGHTLY_WAIT_MS, withDocumentLock } from './lock';
import { endpoint, type Reply } from './reply';

export const NIGHTLY_HANDLER = 'nightlyDailyProcesses';
const HANDLERS = new Set([NIGHTLY_HANDLER, HOUSEKEEPING_HANDLER]);
/** User property `nightly:<trigger id>` = the id of the spreadsheet that trigger runs for. */
const MAPPING = 'nightly:';
/** Failures kept for the Run Log when it cannot be written at once. */
const UNLOGGED_KEPT = 20;

/** This user's triggers of ours in this spreadsheet (not those of the same add-on in other files). */
function ourTriggers(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): GoogleAppsScript.Script.Trigger[] {
  return ScriptApp.getUserTriggers(ss).filter((t) => HANDLERS.has(t.getHandlerFunction()));
}

function forget(trigger: GoogleAppsScript.Script.Trigger): void {
  ScriptApp.deleteTrigger(trigger);
  PropertiesService.getUserProperties().deleteProperty(`${MAPPING}${trigger.getUniqueId()}`);
}

export interface NightlyTrigger {
  installed: boolean;
  hour: number;
  timeZone: string;
  /** Another editor's nightly run this one replaces (theirs stops at its next run). */
  replaced: string | null;
}

/** Installs the nightly run for this spreadsheet once: installing again changes nothing. */
export function installNightlyTrigger(): Reply<NightlyTrigger> {
  return endpoint<NightlyTrigger>(() =>
    withDocumentLock(() => {
      const ss = activeSpreadsheet();
      const store = openStore();
      const timeZone = store.codec.timeZone;
      const hour = store.settings().nightlyHour;
      const user = userEmail();
      const recorded = systemTab().json<Installed>('nightly');
      const props = PropertiesService.getUserProperties();
      const mine = ourTriggers(ss);
      const current =
        mine.length === 1 &&
        recorded?.triggerId === mine[0].getUniqueId() &&
        props.getProperty(`${MAPPING}${mine[0].getUniqueId()}`) === ss.getId();
      if (current) return { ok: true, installed: false, hour, timeZone, replaced: null };
      // Anything else (one from an earlier version, two, a lost record): replace ours with one.
      for (const t of mine) forget(t);
      const trigger = ScriptApp.newTrigger(NIGHTLY_HANDLER).timeBased().everyHours(1).create();
      props.setProperty(`${MAPPING}${trigger.getUniqueId()}`, ss.getId());
      const installed: Installed = {
        triggerId: trigger.getUniqueId(),
        user,
        installedAt: new Date().toISOString(),
        installedOn: store.codec.today(),
      };
      systemTab().writeFixed('nightly', installed);
      const replaced = recorded && !mine.some((t) => t.getUniqueId() === recorded.triggerId) ? recorded.user : null;
      return { ok: true, installed: true, hour, timeZone, replaced };
    }),
  );
}

/** Removes this user's nightly run here; another editor's stops at its next run (theirs to delete). */
export function removeNightlyTrigger(): Reply<{ removed: number; retiring: string | null }> {
  return endpoint(() =>
    withDocumentLock(() => {
      const mine = ourTriggers(activeSpreadsheet());
      for (const t of mine) forget(t);
      const recorded = systemTab().json<Installed>('nightly');
      const retiring = recorded && !mine.some((t) => t.getUniqueId() === recorded.triggerId) ? recorded.user : null;
      if (recorded) systemTab().writeFixed('nightly', null);
      return { ok: true, removed: mine.length, retiring };
    }),
  );
}

export interface NightlyView {
  installed: Installed | null;
  status: NightlyStatus;
  /** What every editor should be told (a failed or stopped nightly run), or null. */
  notice: string | null;
  hour: number;
  timeZone: string;
}

/** The nightly run as the system tab records it: two reads (the system tab, Settings). */
export function nightlyView(): NightlyView {
  const store = openStore();
  const installed = systemTab().json<Installed>('nightly');
  const status = { ...NO_STATUS, ...systemTab().json<NightlyStatus>('nightly status') };
  const hour = store.settings().nightlyHour;
  const timeZone = store.codec.timeZone;
  const notice = nightlyNotice(installed, status, store.codec.today(), studioHour(timeZone), hour);
  return { installed, status, notice, hour, timeZone };
}

/** For the sidebars and the status menu item: who installed the nightly run, its last results. */
export function getNightlyStatus(): Reply<{ nightly: NightlyView }> {
  return endpoint(() => ({ ok: true, nightly: nightlyView() }));
}

function studioHour(timeZone: string): number {
  return Number(Utilities.formatDate(new Date(), timeZone, 'H'));
}

/** The trigger's handler (and the name of the daily trigger earlier versions installed). */
export function nightlyDailyProcesses(e?: GoogleAppsScript.Events.TimeDriven): void {
  fire(e, 'hourly');
}

/** The second daily trigger of earlier versions: housekeeping only, until the owner reinstalls. */
export function nightlyHousekeeping(e?: GoogleAppsScript.Events.TimeDriven): void {
  fire(e, 'housekeeping');
}

type Kind = 'hourly' | 'housekeeping';

function fire(e: GoogleAppsScript.Events.TimeDriven | undefined, kind: Kind): void {
  const id = e?.triggerUid ? String(e.triggerUid) : '';
  const spreadsheetId = id ? PropertiesService.getUserProperties().getProperty(`${MAPPING}${id}`) : null;
  // A trigger of an earlier version has no map entry: it runs in a bound script's container.
  const ss = spreadsheetId ? openIfThere(spreadsheetId) : SpreadsheetApp.getActiveSpreadsheet();
  if (!ss) {
    // Its spreadsheet was deleted or unshared, or this trigger was never ours to run: it stops here.
    retire(id);
    return;
  }
  useSpreadsheet(ss);
  const recorded = systemTab().json<Installed>('nightly');
  if (id && recorded?.triggerId !== id && (spreadsheetId !== null || recorded !== null)) {
    retire(id);
    return;
  }
  // Installed by this version: hourly, one job per hour. Earlier ones run daily at the nightly hour.
  const jobs: NightlyJob[] | null =
    kind === 'housekeeping' ? ['housekeeping'] : spreadsheetId ? null : ['billing', 'housekeeping'];
  run(jobs);
}

function openIfThere(id: string): GoogleAppsScript.Spreadsheet.Spreadsheet | null {
  try {
    return SpreadsheetApp.openById(id);
  } catch {
    return null;
  }
}

function retire(id: string): void {
  if (!id) return;
  for (const t of ScriptApp.getProjectTriggers()) if (t.getUniqueId() === id) forget(t);
  PropertiesService.getUserProperties().deleteProperty(`${MAPPING}${id}`);
}

/** Runs the due job (or `jobs`), records each outcome in the system tab, and puts failures in the Run Log. */
function run(jobs: NightlyJob[] | null): void {
  const store = openStore();
  const today = store.codec.today();
  const hour = studioHour(store.codec.timeZone);
  let status: NightlyStatus = { ...NO_STATUS, ...systemTab().json<NightlyStatus>('nightly status') };
  const due = jobs ?? [dueJob(status, today, hour, store.settings().nightlyHour)].filter((j) => j !== null);
  const failures: Outcome[] = [];
  const toLog: Outcome[] = [];
  for (const job of due) {
    const { outcome, logged } = attempt(job, today, hour);
    status = afterAttempt(status, outcome);
    if (!outcome.ok) failures.push(outcome);
    if (!outcome.ok && !logged) toLog.push(outcome);
  }
  if (toLog.length || status.unlogged.length) status = logFailures(status, toLog);
  // Only this trigger writes the status row, so it is written even when the run never got the lock.
  if (due.length || failures.length) systemTab().writeFixed('nightly status', status);
  SpreadsheetApp.flush();
  // Thrown as well, so that the execution shows as failed (a bound script's owner also gets Google's
  // email; an add-on's trigger sends none: the notice and the Run Log are what the studio sees).
  if (failures.length) throw new Error(failures.map((f) => f.message).join(' '));
}

/** One job; `logged`: the job wrote its own Run Log row (Daily Processes does for a run it started). */
function attempt(job: NightlyJob, today: IsoDate, hour: number): { outcome: Outcome; logged: boolean } {
  const done = (ok: boolean, message: string, logged = false) => ({
    outcome: { job, at: new Date().toISOString(), today, hour, ok, message },
    logged,
  });
  try {
    if (job === 'billing') {
      const reply = runDaily({ reports: false }, NIGHTLY_WAIT_MS);
      if (!reply.ok) return done(false, messages(reply.errors), !reply.busy);
      const s = reply.summary;
      return done(true, `${s.invoicesCreated} invoice(s) and ${s.adjustmentsCreated} session adjustment(s) created.`);
    }
    const reply = housekeep();
    return reply.ok ? done(true, reply.summary.message) : done(false, messages(reply.errors));
  } catch (e) {
    return done(false, e instanceof Error ? e.message : String(e));
  }
}

function messages(errors: readonly { message: string }[]): string {
  return errors.map((e) => e.message).join(' ');
}

/**
 * Appends a Run Log row for each failure not logged yet (Daily Processes logs the runs it started itself).
 * The Run Log is written under the lock like every tab; when the studio is still busy the failures stay
 * in the status row and go to the Run Log at the next run.
 */
function logFailures(status: NightlyStatus, failures: readonly Outcome[]): NightlyStatus {
  const pending = [...status.unlogged, ...failures].slice(-UNLOGGED_KEPT);
  if (pending.length === 0) return { ...status, unlogged: [] };
  try {
    withDocumentLock(() => {
      const store = openStore();
      for (const f of pending) {
        addRunLog(store, {
          started: new Date(f.at),
          finished: new Date(f.at),
          job: f.job === 'billing' ? 'Daily Processes (failed)' : 'Housekeeping (failed)',
          today: f.today,
          user: userEmail(),
          invoicesCreated: 0,
          adjustmentsCreated: 0,
          problems: [f.message],
          details: 'The nightly run. Nothing was created; it is tried again next hour.',
        });
      }
      store.flush(['runLog']);
    }, 5_000);
    return { ...status, unlogged: [] };
  } catch {
    return { ...status, unlogged: pending };
  }
}
