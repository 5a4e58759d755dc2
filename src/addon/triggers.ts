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
  abandoned,
  beginAttempt,
  counted,
  dueJob,
  endAttempt,
  type Installed,
  type IsoDate,
  type LastDaily,
  longDate,
  type NightlyJob,
  type NightlyStatus,
  NO_STATUS,
  nextNightlyRun,
  nightlyNotice,
  nightOf,
  type Outcome,
  type Removed,
} from '../domain';
import { appendRunLog } from '../sheets/apply';
import { copyNotice, releaseEmail } from '../sheets/home';
import { awaitingConsent, CONSENT_NEEDED } from './consent';
import { activeSpreadsheet, openStore, systemTab, userEmail, useSpreadsheet } from './context';
import { runDaily } from './daily';
import { HOUSEKEEPING_HANDLER, housekeep } from './housekeeping';
import { NIGHTLY_WAIT_MS, RetiredError, withDocumentLock } from './lock';
import { endpoint, type Reply } from './reply';
import { upgradeIfOlder } from './setup';

export const NIGHTLY_HANDLER = 'nightlyDailyProcesses';
const HANDLERS = new Set([NIGHTLY_HANDLER, HOUSEKEEPING_HANDLER]);
/** User property `nightly:<trigger id>` = the id of the spreadsheet that trigger runs for. */
const MAPPING = 'nightly:';
/** Failures kept for the Run Log when it cannot be written at once. */
const UNLOGGED_KEPT = 20;

/**
 * This user's triggers of ours for this spreadsheet (not those of the same add-on in their other files):
 * the ones the user's properties map to it, and any getUserTriggers(spreadsheet) lists (earlier versions'
 * triggers, which have no map entry).
 */
function ourTriggers(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): GoogleAppsScript.Script.Trigger[] {
  const props = PropertiesService.getUserProperties();
  const mapped = ScriptApp.getProjectTriggers().filter(
    (t) => props.getProperty(`${MAPPING}${t.getUniqueId()}`) === ss.getId(),
  );
  const listed = ScriptApp.getUserTriggers(ss).filter(
    (t) => HANDLERS.has(t.getHandlerFunction()) && !mapped.some((m) => m.getUniqueId() === t.getUniqueId()),
  );
  return [...mapped, ...listed];
}

function forget(trigger: GoogleAppsScript.Script.Trigger): void {
  ScriptApp.deleteTrigger(trigger);
  PropertiesService.getUserProperties().deleteProperty(`${MAPPING}${trigger.getUniqueId()}`);
}

/** The "nightly" row as an install record (null when removed, missing or unreadable). */
function installedRecord(): Installed | null {
  const row = systemTab().json<Partial<Installed>>('nightly');
  return row?.triggerId ? (row as Installed) : null;
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
      // In a copy: its own rows first (the original's trigger record goes), and its client email released.
      releaseEmail(systemTab());
      systemTab().flush();
      const timeZone = store.codec.timeZone;
      const hour = store.settings().nightlyHour;
      const user = userEmail();
      const recorded = installedRecord();
      const props = PropertiesService.getUserProperties();
      const mine = ourTriggers(ss);
      const current =
        mine.length === 1 &&
        recorded?.triggerId === mine[0].getUniqueId() &&
        props.getProperty(`${MAPPING}${mine[0].getUniqueId()}`) === ss.getId();
      if (current) return { ok: true, installed: false, hour, timeZone, replaced: null };
      // Anything else (one from an earlier version, two, a lost record): replace ours with one.
      const trigger = replaceOurs(mine, recorded);
      props.setProperty(`${MAPPING}${trigger.getUniqueId()}`, ss.getId());
      const installed: Installed = {
        triggerId: trigger.getUniqueId(),
        user,
        installedAt: new Date().toISOString(),
        installedOn: store.codec.today(),
      };
      systemTab().writeFixed('nightly', installed);
      const replaced =
        recorded && !mine.some((t) => t.getUniqueId() === recorded.triggerId)
          ? recorded.user || 'another editor'
          : null;
      return { ok: true, installed: true, hour, timeZone, replaced };
    }),
  );
}

/**
 * Replaces this user's triggers here with one hourly trigger. An add-on may hold one time-driven trigger
 * per file, so the old ones go first; if the new one can't be made, the record no longer names a gone one.
 */
function replaceOurs(
  mine: readonly GoogleAppsScript.Script.Trigger[],
  recorded: Installed | null,
): GoogleAppsScript.Script.Trigger {
  for (const t of mine) forget(t);
  try {
    return ScriptApp.newTrigger(NIGHTLY_HANDLER).timeBased().everyHours(1).create();
  } catch (e) {
    if (recorded && mine.some((t) => t.getUniqueId() === recorded.triggerId)) systemTab().writeFixed('nightly', null);
    throw e;
  }
}

/** Removes this user's nightly run here; another editor's stops at its next run (theirs to delete). */
export function removeNightlyTrigger(): Reply<{ removed: number; retiring: string | null }> {
  return endpoint(() =>
    withDocumentLock(() => {
      const mine = ourTriggers(activeSpreadsheet());
      for (const t of mine) forget(t);
      const recorded = installedRecord();
      const retiring =
        recorded && !mine.some((t) => t.getUniqueId() === recorded.triggerId)
          ? recorded.user || 'another editor'
          : null;
      const removed: Removed = { removedBy: userEmail(), removedAt: new Date().toISOString() };
      if (recorded || mine.length) systemTab().writeFixed('nightly', removed);
      return { ok: true, removed: mine.length, retiring };
    }),
  );
}

export interface NightlyView {
  installed: Installed | null;
  status: NightlyStatus;
  /** The last Daily Processes that completed, from the menu or the trigger. */
  lastDaily: LastDaily | null;
  /** What every editor should be told (a failed or stopped nightly run), or null. */
  notice: string | null;
  hour: number;
  timeZone: string;
  /** Today in the studio, and the day the next nightly run bills (tomorrow once the nightly hour is past). */
  today: IsoDate;
  nextRun: IsoDate;
}

/** The nightly run as the system tab records it: two reads (the system tab, Settings). */
export function nightlyView(): NightlyView {
  const store = openStore();
  const installed = installedRecord();
  const status = readStatus();
  const lastDaily = systemTab().json<LastDaily>('daily');
  const hour = store.settings().nightlyHour;
  const timeZone = store.codec.timeZone;
  const today = store.codec.today();
  const now = studioHour(timeZone);
  const notice = copyNotice(systemTab()) ?? nightlyNotice(installed, status, lastDaily, today, now, hour);
  return { installed, status, lastDaily, notice, hour, timeZone, today, nextRun: nextNightlyRun(today, now, hour) };
}

/** "; Daily Processes last ran for Mon 19 Jan 2026 at 2:00 (done)", from the trigger or by anyone; or "". */
export function describeLastRun(view: NightlyView): string {
  const billing = view.status.lastBilling;
  if (billing)
    return `; Daily Processes last ran for ${longDate(billing.today)} at ${billing.hour}:00 (${billing.ok ? 'done' : 'failed'})`;
  return view.lastDaily ? `; Daily Processes last completed for ${longDate(view.lastDaily.today)}` : '';
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
/** Hours in a row a trigger may fail to open its spreadsheet before it takes it as gone for good. */
const MISSES_KEPT = 3;

function fire(e: GoogleAppsScript.Events.TimeDriven | undefined, kind: Kind): void {
  const id = e?.triggerUid ? String(e.triggerUid) : '';
  const props = PropertiesService.getUserProperties();
  const spreadsheetId = id ? props.getProperty(`${MAPPING}${id}`) : null;
  // A new version waiting for its installer's consent runs nothing (consent.ts).
  if (awaitingConsent(id, spreadsheetId)) throw new Error(CONSENT_NEEDED);
  // A trigger of an earlier version has no map entry: it runs in a bound script's container.
  const ss = spreadsheetId ? openOrCount(id, spreadsheetId) : SpreadsheetApp.getActiveSpreadsheet();
  if (!ss) {
    // An unmapped trigger with no container was never ours to run here: it stops.
    if (!spreadsheetId) retire(id);
    return;
  }
  useSpreadsheet(ss, id || null);
  const recorded = systemTab().json<Partial<Installed & Removed>>('nightly');
  const current = id !== '' && recorded?.triggerId === id;
  if (!current && (spreadsheetId !== null || recorded !== null)) {
    // Replaced by another editor's, or removed: stop quietly. Nothing names a nightly run any more (the
    // row was cleared by hand): stop, and say so to every editor.
    if (!recorded) noteStopped('the hidden system tab no longer records it (it was edited or cleared).');
    retire(id);
    return;
  }
  // Installed by this version: hourly, one job per hour. Earlier ones run daily at the nightly hour.
  const jobs: NightlyJob[] | null = kind === 'housekeeping' ? ['housekeeping'] : current ? null : ['billing'];
  try {
    run(jobs);
  } catch (err) {
    if (!(err instanceof RetiredError)) throw err;
    retire(id);
  }
}

/**
 * Opens the trigger's spreadsheet; null when it can't. Apps Script's errors don't tell a deleted file from
 * a passing outage, so a trigger gives up (deletes itself) only after MISSES_KEPT hours in a row.
 */
function openOrCount(id: string, spreadsheetId: string): GoogleAppsScript.Spreadsheet.Spreadsheet | null {
  const props = PropertiesService.getUserProperties();
  const key = `${MAPPING}${id}:misses`;
  try {
    const ss = SpreadsheetApp.openById(spreadsheetId);
    if (props.getProperty(key) !== null) props.deleteProperty(key);
    return ss;
  } catch (e) {
    const misses = Number(props.getProperty(key) ?? 0) + 1;
    if (misses >= MISSES_KEPT) {
      retire(id);
      props.deleteProperty(key);
      return null;
    }
    props.setProperty(key, String(misses));
    throw e;
  }
}

function retire(id: string): void {
  if (!id) return;
  for (const t of ScriptApp.getProjectTriggers()) if (t.getUniqueId() === id) forget(t);
  PropertiesService.getUserProperties().deleteProperty(`${MAPPING}${id}`);
}

function readStatus(): NightlyStatus {
  return { ...NO_STATUS, ...systemTab().json<NightlyStatus>('nightly status') };
}

/** The status row says why the nightly run stopped (only a trigger nothing names writes this). */
function noteStopped(reason: string): void {
  systemTab().writeFixed('nightly status', { ...readStatus(), stopped: { at: new Date().toISOString(), reason } });
  SpreadsheetApp.flush();
}

/**
 * Runs the due job (or `jobs`), recording in the system tab each attempt as it starts (so one Apps
 * Script stops is still counted, and reported by the next hour) and as it ends; failures go to the Run Log.
 */
function run(jobs: NightlyJob[] | null): void {
  const store = openStore();
  const today = store.codec.today();
  const hour = studioHour(store.codec.timeZone);
  const nightlyHour = store.settings().nightlyHour;
  let status = readStatus();
  // Running at all means the permission a new version asked for has been given.
  const consented = !!status.consent;
  if (consented) status = { ...status, consent: null };
  const failures: Outcome[] = [];
  const toLog: Outcome[] = [];
  const stopped = abandoned(status, new Date().toISOString());
  if (stopped) {
    status = endAttempt(status, stopped);
    failures.push(stopped);
    toLog.push(stopped);
  }
  const due = jobs ?? [dueJob(status, today, hour, nightlyHour)].filter((j) => j !== null);
  const night = nightOf(today, hour, nightlyHour);
  for (const job of due) {
    const started = { job, at: new Date().toISOString(), today: job === 'billing' ? today : night, hour };
    const { outcome, logged } = runJob(status, started);
    status = endAttempt(beginAttempt(status, started), outcome);
    if (!outcome.ok) failures.push(outcome);
    if (!outcome.ok && !logged) toLog.push(outcome);
  }
  if (toLog.length || status.unlogged.length) status = logFailures(status, toLog);
  // Only this trigger writes the status row, so it is written even when the run never got the lock.
  if (due.length || stopped || failures.length || consented) systemTab().writeFixed('nightly status', status);
  SpreadsheetApp.flush();
  // Thrown as well, so that the execution shows as failed (a bound script's owner also gets Google's
  // email; an add-on's trigger sends none: the notice and the Run Log are what the studio sees).
  if (failures.length) throw new Error(failures.map((f) => f.message).join(' '));
}

/**
 * One job, its attempt recorded in the system tab before it starts (so one that Apps Script stops is
 * still counted, and reported by the next hour).
 */
function runJob(status: NightlyStatus, started: Omit<Outcome, 'ok' | 'message'>): ReturnType<typeof attempt> {
  systemTab().writeFixed('nightly status', beginAttempt(status, started));
  SpreadsheetApp.flush();
  try {
    return attempt(started);
  } catch (e) {
    // Retired inside the lease: this attempt never happened (the trigger now named takes over).
    if (e instanceof RetiredError) systemTab().writeFixed('nightly status', status);
    throw e;
  }
}

/** One job; `logged`: the job wrote its own Run Log row (Daily Processes does for a run it started). */
function attempt(started: Omit<Outcome, 'ok' | 'message'>): { outcome: Outcome; logged: boolean } {
  const done = (ok: boolean, message: string, logged = false) => ({
    outcome: { ...started, at: new Date().toISOString(), ok, message },
    logged,
  });
  try {
    if (started.job === 'billing') {
      upgradeIfOlder(NIGHTLY_WAIT_MS); // the first run of a version with a newer layout (setup.ts)
      const reply = runDaily({ reports: false }, NIGHTLY_WAIT_MS);
      if (!reply.ok) return done(false, messages(reply.errors), !reply.busy);
      const s = reply.summary;
      return done(
        true,
        `${counted(s.invoicesCreated, 'invoice', 'invoices')} and ${counted(s.adjustmentsCreated, 'session adjustment', 'session adjustments')} created.`,
      );
    }
    const reply = housekeep();
    return reply.ok ? done(true, reply.summary.message) : done(false, messages(reply.errors));
  } catch (e) {
    if (e instanceof RetiredError) throw e;
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
      const entries = pending.map((f) => ({
        started: new Date(f.at),
        finished: new Date(f.at),
        job: f.job === 'billing' ? 'Daily Processes (failed)' : 'Housekeeping (failed)',
        today: f.today,
        user: userEmail(),
        invoicesCreated: 0,
        adjustmentsCreated: 0,
        problems: [f.message],
        details: 'The nightly run. Nothing was created; it is tried again next hour.',
      }));
      appendRunLog(openStore(), ...entries);
    }, 5_000);
    return { ...status, unlogged: [] };
  } catch {
    return { ...status, unlogged: pending };
  }
}
