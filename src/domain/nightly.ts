/**
 * The nightly run's schedule and what every editor is told about it. The add-on installs one hourly
 * time-driven trigger per spreadsheet (an editor add-on may have one trigger of each type per user per
 * document): each hour it does at most one job — Daily Processes from the nightly hour, housekeeping
 * (reports, the weekly archive) at a later hour once billing is done — and a failed job is tried again
 * the next hour, up to MAX_ATTEMPTS a day.
 */
import { type IsoDate, plusDays } from './dates';

export const MAX_ATTEMPTS = 3;

export type NightlyJob = 'billing' | 'housekeeping';

export interface Outcome {
  job: NightlyJob;
  /** When the attempt ended (an ISO instant) and the studio day it ran for. */
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
  attempts: { day: IsoDate; billing: number; housekeeping: number } | null;
  lastBilling: Outcome | null;
  lastHousekeeping: Outcome | null;
  /** Failures not in the Run Log yet (the run could not write there: it never got the lock). */
  unlogged: Outcome[];
}

/** Who installed the nightly run (the system tab's "nightly" row, written by install and remove). */
export interface Installed {
  triggerId: string;
  user: string;
  /** An ISO instant, and the studio day it fell on. */
  installedAt: string;
  installedOn: IsoDate;
}

export const NO_STATUS: NightlyStatus = {
  billedFor: null,
  housekeptFor: null,
  attempts: null,
  lastBilling: null,
  lastHousekeeping: null,
  unlogged: [],
};

function attemptsOn(status: NightlyStatus, today: IsoDate): { billing: number; housekeeping: number } {
  return status.attempts?.day === today ? status.attempts : { billing: 0, housekeeping: 0 };
}

/** The job due at `hour` (0–23, studio time) of `today`, or null. */
export function dueJob(status: NightlyStatus, today: IsoDate, hour: number, nightlyHour: number): NightlyJob | null {
  if (hour < nightlyHour) return null;
  const tries = attemptsOn(status, today);
  if (status.billedFor !== today) return tries.billing < MAX_ATTEMPTS ? 'billing' : null;
  if (status.housekeptFor !== today) {
    // An hour after billing: the billing run never shares an execution with the reports.
    const last = status.lastBilling;
    if (last?.ok && last.today === today && last.hour === hour) return null;
    return tries.housekeeping < MAX_ATTEMPTS ? 'housekeeping' : null;
  }
  return null;
}

/** The status after one attempt. */
export function afterAttempt(status: NightlyStatus, outcome: Outcome): NightlyStatus {
  const tries = attemptsOn(status, outcome.today);
  const next: NightlyStatus = {
    ...status,
    attempts: {
      day: outcome.today,
      billing: tries.billing + (outcome.job === 'billing' ? 1 : 0),
      housekeeping: tries.housekeeping + (outcome.job === 'housekeeping' ? 1 : 0),
    },
  };
  if (outcome.job === 'billing') {
    next.lastBilling = outcome;
    if (outcome.ok) next.billedFor = outcome.today;
  } else {
    next.lastHousekeeping = outcome;
    if (outcome.ok) next.housekeptFor = outcome.today;
  }
  return next;
}

const JOB_NAMES: Record<NightlyJob, string> = { billing: 'Daily Processes', housekeeping: 'the reports and archive' };

/**
 * The line every editor sees when they open the spreadsheet or a sidebar, or null when all is well:
 * the nightly run failed, or has stopped running (its installer removed it or lost access).
 */
export function nightlyNotice(
  installed: Installed | null,
  status: NightlyStatus,
  today: IsoDate,
  hour: number,
  nightlyHour: number,
): string | null {
  const failed = [status.lastBilling, status.lastHousekeeping].find((o) => o && !o.ok);
  if (failed) {
    const when = failed.today === today ? "Last night's" : `The ${failed.today}`;
    const action =
      failed.job === 'billing'
        ? 'Run Daily Processes now (Extensions › Studio Packages) to catch up'
        : 'it is tried again next hour';
    return `${when} run of ${JOB_NAMES[failed.job]} failed: ${failed.message} — ${action}.`;
  }
  if (!installed) return null;
  // Billing should have run by two hours after the nightly hour, or yesterday's should have.
  const expected = hour >= nightlyHour + 2 ? today : plusDays(today, -1);
  if (installed.installedOn >= expected) return null;
  if (status.billedFor !== null && status.billedFor >= expected) return null;
  const since = status.billedFor ? `since ${status.billedFor}` : 'since it was installed';
  return `The nightly run (installed by ${installed.user || 'another editor'}) has not run ${since}: it may have been removed, or its installer lost access. Run Daily Processes now, then Install nightly trigger again.`;
}
