/**
 * The nightly run's schedule and what every editor is told about it. The add-on installs one hourly
 * time-driven trigger per spreadsheet (an editor add-on may have one trigger of each type per user per
 * document): each hour it does at most the one job due — Daily Processes from the nightly hour,
 * housekeeping (reports, the weekly archive) at a later hour of the same night once billing is done — and
 * a failed job is tried again the next hour, up to MAX_ATTEMPTS a night.
 *
 * A night runs from the nightly hour of day D to the nightly hour of D + 1 (so with a nightly hour of 23,
 * housekeeping runs at midnight). An attempt is counted when it starts (the status row is written first),
 * so a run that Apps Script stops at its 6-minute limit still counts, and the next hour records it.
 */
import { type IsoDate, longDate, plusDays } from './dates';

export const MAX_ATTEMPTS = 3;

export type NightlyJob = 'billing' | 'housekeeping';

export interface Outcome {
  job: NightlyJob;
  /** When the attempt ended (an ISO instant) and the night (studio day) it ran for. */
  at: string;
  today: IsoDate;
  /** The studio hour (0–23) it ran in. */
  hour: number;
  ok: boolean;
  message: string;
}

/** What the trigger remembers between hours (the system tab's "nightly status" row; only it writes there). */
export interface NightlyStatus {
  billedFor: IsoDate | null;
  housekeptFor: IsoDate | null;
  /** Attempts started in the night `day`. */
  attempts: { day: IsoDate; billing: number; housekeeping: number } | null;
  /** An attempt started and not finished (yet, or ever: stopped by Apps Script). */
  running: Omit<Outcome, 'ok' | 'message'> | null;
  lastBilling: Outcome | null;
  lastHousekeeping: Outcome | null;
  /** Failures not in the Run Log yet (the run could not write there: it never got the lock). */
  unlogged: Outcome[];
  /** Set when a trigger stopped itself because nothing in the spreadsheet names a nightly run any more. */
  stopped: { at: string; reason: string } | null;
  /**
   * Set when the trigger found that a new version of the add-on needs a permission its installer has not
   * given yet (it then runs nothing until they give it); cleared by the first run that has it.
   */
  consent?: { at: string; user: string } | null;
}

/** Who installed the nightly run (the system tab's "nightly" row, written by install and remove). */
export interface Installed {
  triggerId: string;
  user: string;
  /** An ISO instant, and the studio day it fell on. */
  installedAt: string;
  installedOn: IsoDate;
}

/** The "nightly" row after Remove nightly trigger: a trigger still around stops quietly. */
export interface Removed {
  removedBy: string;
  removedAt: string;
}

/**
 * The last Daily Processes that completed, by anyone (the menu, the trigger, the CLI): the "daily" row.
 * Its day is the latest any run completed for: a run for an earlier day is refused (the clock never runs
 * backwards).
 */
export interface LastDaily {
  today: IsoDate;
  at: string;
  /** What that run could not do or read (its Run Log row's problems): how many, and the first. */
  problems?: number;
  firstProblem?: string;
}

export const NO_STATUS: NightlyStatus = {
  billedFor: null,
  housekeptFor: null,
  attempts: null,
  running: null,
  lastBilling: null,
  lastHousekeeping: null,
  unlogged: [],
  stopped: null,
  consent: null,
};

/** The night an hour belongs to: from the nightly hour of `today`, or the night before. */
export function nightOf(today: IsoDate, hour: number, nightlyHour: number): IsoDate {
  return hour >= nightlyHour ? today : plusDays(today, -1);
}

function attemptsOn(status: NightlyStatus, night: IsoDate): { billing: number; housekeeping: number } {
  return status.attempts?.day === night ? status.attempts : { billing: 0, housekeeping: 0 };
}

/**
 * The day the next nightly Daily Processes bills, at `hour` of `today`: today until the nightly hour,
 * then tomorrow (a nightly hour of 2 bills, at 2:00, the day that has just begun).
 */
export function nextNightlyRun(today: IsoDate, hour: number, nightlyHour: number): IsoDate {
  return hour < nightlyHour ? today : plusDays(today, 1);
}

/**
 * The job due at `hour` (0–23, studio time) of `today`, or null. Billing is for `today` from the nightly
 * hour on; housekeeping for the night whose billing is done, at a later hour than that billing.
 */
export function dueJob(status: NightlyStatus, today: IsoDate, hour: number, nightlyHour: number): NightlyJob | null {
  const night = nightOf(today, hour, nightlyHour);
  const tries = attemptsOn(status, night);
  if (night === today && status.billedFor !== today) return tries.billing < MAX_ATTEMPTS ? 'billing' : null;
  if (status.billedFor !== night || status.housekeptFor === night) return null;
  // An hour after billing: the billing run never shares an execution with the reports.
  const last = status.lastBilling;
  if (last?.ok && last.today === night && last.hour === hour && night === today) return null;
  return tries.housekeeping < MAX_ATTEMPTS ? 'housekeeping' : null;
}

/** The status as an attempt starts: counted, and marked running until it ends. */
export function beginAttempt(status: NightlyStatus, running: Omit<Outcome, 'ok' | 'message'>): NightlyStatus {
  const tries = attemptsOn(status, running.today);
  return {
    ...status,
    running,
    stopped: null,
    attempts: {
      day: running.today,
      billing: tries.billing + (running.job === 'billing' ? 1 : 0),
      housekeeping: tries.housekeeping + (running.job === 'housekeeping' ? 1 : 0),
    },
  };
}

/** The status after an attempt ended. */
export function endAttempt(status: NightlyStatus, outcome: Outcome): NightlyStatus {
  const next: NightlyStatus = { ...status, running: null };
  if (outcome.job === 'billing') {
    next.lastBilling = outcome;
    if (outcome.ok) next.billedFor = outcome.today;
  } else {
    next.lastHousekeeping = outcome;
    if (outcome.ok) next.housekeptFor = outcome.today;
  }
  return next;
}

/** An attempt marked running that never ended (Apps Script stopped it), as a failure. */
export function abandoned(status: NightlyStatus, now: string): Outcome | null {
  const r = status.running;
  return r
    ? { ...r, at: now, ok: false, message: "It stopped before finishing (Apps Script's 6-minute limit, or a quota)." }
    : null;
}

const JOB_NAMES: Record<NightlyJob, string> = { billing: 'Daily Processes', housekeeping: 'the reports and archive' };

/**
 * The line every editor sees when they open the spreadsheet or a sidebar, or null when all is well:
 * the nightly run failed (and no later Daily Processes has caught up), or has stopped running.
 */
export function nightlyNotice(
  installed: Installed | null,
  status: NightlyStatus,
  lastDaily: LastDaily | null,
  today: IsoDate,
  hour: number,
  nightlyHour: number,
): string | null {
  if (status.stopped) return `The nightly run stopped: ${status.stopped.reason} Install nightly trigger again.`;
  if (status.consent) return consentNotice(status.consent, installed);
  // A later Daily Processes that billed the failed day (or a later one) has caught up.
  const caughtUp = (o: Outcome) =>
    o.job === 'billing' && lastDaily !== null && lastDaily.at > o.at && lastDaily.today >= o.today;
  const failed = [status.lastBilling, status.lastHousekeeping].find((o) => o && !o.ok && !caughtUp(o));
  if (failed) {
    const when =
      failed.today === today || failed.today === plusDays(today, -1) ? "Last night's" : `The ${longDate(failed.today)}`;
    const left = MAX_ATTEMPTS - attemptsOn(status, failed.today)[failed.job];
    const retry = left > 0 && nightOf(today, hour, nightlyHour) === failed.today ? ' It is tried again next hour.' : '';
    const action =
      failed.job === 'billing' ? ' Run Daily Processes now (Extensions › Studio Packages) to catch up.' : '';
    return `${when} run of ${JOB_NAMES[failed.job]} failed: ${failed.message}${retry}${action}`;
  }
  const unread = lastDaily?.problems ? problemsNotice(lastDaily) : null;
  if (!installed) return unread;
  // Billing should have run by two hours after the nightly hour, or yesterday's should have.
  const expected = hour >= nightlyHour + 2 ? today : plusDays(today, -1);
  if (installed.installedOn >= expected) return unread;
  const days = [status.billedFor, lastDaily?.today].filter((d): d is IsoDate => !!d).sort();
  const billed = days.length ? days[days.length - 1] : null;
  if (billed !== null && billed >= expected) return unread;
  const since = billed ? `since ${longDate(billed)}` : 'since it was installed';
  return `The nightly run (installed by ${installed.user || 'another editor'}) has not run ${since}: it may have been removed, or its installer lost access. Run Daily Processes now, then Install nightly trigger again.`;
}

/** The nightly run waits for a permission a new version asks for: who must give it, and how. */
export function consentNotice(consent: { at: string; user: string }, installed: Installed | null): string {
  const who = consent.user || installed?.user || 'the editor who installed the nightly run';
  return `The nightly run is paused since ${longDate(consent.at.slice(0, 10))}: this version of Studio Packages needs a permission that ${who} has not given yet, so nothing runs by itself (no invoices, no emails). ${who} should open this spreadsheet and choose Extensions › Studio Packages › Nightly run status…: Google asks for the permission; allow it, and the nightly run resumes within the hour.`;
}

/**
 * What the last Daily Processes could not do or read (a header renamed, a setting garbled, email stopped),
 * for everyone who opens the spreadsheet: the Run Log has the rest.
 */
function problemsNotice(last: LastDaily): string {
  const n = last.problems ?? 0;
  const more = n > 1 ? ` (and ${n - 1} more: see the Run Log)` : '';
  return `Daily Processes of ${longDate(last.today)} met ${n === 1 ? 'a problem' : `${n} problems`}: ${last.firstProblem ?? ''}${more}`;
}
