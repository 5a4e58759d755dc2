// The nightly run's hourly schedule and the notice every editor sees (src/domain/nightly.ts).
import {
  afterAttempt,
  dueJob,
  type Installed,
  MAX_ATTEMPTS,
  type NightlyJob,
  type NightlyStatus,
  NO_STATUS,
  nightlyNotice,
} from '../../src/domain';

const TODAY = '2026-03-10';
const outcome = (job: NightlyJob, ok: boolean, hour: number, today = TODAY, message = ok ? 'done' : 'busy') => ({
  job,
  at: `${today}T0${hour}:05:00.000Z`,
  today,
  hour,
  ok,
  message,
});

/** Fires the trigger at each hour of `today`; returns the job run at each hour (null for none). */
function day(status: NightlyStatus, nightlyHour: number, fails: (job: NightlyJob, hour: number) => boolean) {
  const ran: (NightlyJob | null)[] = [];
  let s = status;
  for (let hour = 0; hour < 24; hour++) {
    const job = dueJob(s, TODAY, hour, nightlyHour);
    ran.push(job);
    if (job) s = afterAttempt(s, outcome(job, !fails(job, hour), hour));
  }
  return { ran, status: s };
}

describe('the hourly schedule', () => {
  it('bills at the nightly hour, does housekeeping the hour after, then nothing until the next day', () => {
    const { ran, status } = day(NO_STATUS, 2, () => false);
    expect(ran.slice(0, 5)).toEqual([null, null, 'billing', 'housekeeping', null]);
    expect(ran.filter(Boolean)).toHaveLength(2);
    expect(status).toMatchObject({ billedFor: TODAY, housekeptFor: TODAY });
    expect(dueJob(status, '2026-03-11', 1, 2)).toBeNull();
    expect(dueJob(status, '2026-03-11', 2, 2)).toBe('billing');
  });

  it('tries a failed billing again each hour, at most three times a day, then housekeeping', () => {
    const { ran, status } = day(NO_STATUS, 2, (job, hour) => job === 'billing' && hour < 4);
    expect(ran.slice(0, 7)).toEqual([null, null, 'billing', 'billing', 'billing', 'housekeeping', null]);
    expect(status.billedFor).toBe(TODAY);
    const never = day(NO_STATUS, 2, (job) => job === 'billing');
    expect(never.ran.filter((j) => j === 'billing')).toHaveLength(MAX_ATTEMPTS);
    expect(never.ran).not.toContain('housekeeping');
    expect(never.status.billedFor).toBeNull();
    // The next day starts again (and Daily Processes catches up the missed day).
    expect(dueJob(never.status, '2026-03-11', 2, 2)).toBe('billing');
  });

  it('installed in the afternoon: bills at the next hour, never before the nightly hour', () => {
    expect(dueJob(NO_STATUS, TODAY, 15, 2)).toBe('billing');
    expect(dueJob(NO_STATUS, TODAY, 1, 2)).toBeNull();
    expect(dueJob(NO_STATUS, TODAY, 22, 23)).toBeNull();
  });
});

describe('the notice', () => {
  const installed: Installed = {
    triggerId: '1',
    user: 'owner@studio.test',
    installedAt: '2026-03-01T04:00:00Z',
    installedOn: '2026-03-01',
  };

  it('says nothing while the nightly run does its work, or when it is not installed', () => {
    const { status } = day(NO_STATUS, 2, () => false);
    expect(nightlyNotice(installed, status, TODAY, 9, 2)).toBeNull();
    expect(nightlyNotice(null, NO_STATUS, TODAY, 9, 2)).toBeNull();
    // Just installed: nothing expected yet.
    expect(nightlyNotice({ ...installed, installedOn: TODAY }, NO_STATUS, TODAY, 9, 2)).toBeNull();
  });

  it('names a failed run and what to do', () => {
    const failed = afterAttempt(
      NO_STATUS,
      outcome('billing', false, 2, TODAY, 'Invoices: the Due Date column is missing.'),
    );
    expect(nightlyNotice(installed, failed, TODAY, 9, 2)).toBe(
      "Last night's run of Daily Processes failed: Invoices: the Due Date column is missing. — Run Daily Processes now (Extensions › Studio Packages) to catch up.",
    );
    // Fixed at the next attempt: the notice goes.
    expect(nightlyNotice(installed, afterAttempt(failed, outcome('billing', true, 3)), TODAY, 9, 2)).toBeNull();
  });

  it('says when the nightly run has stopped (removed, or its installer lost access)', () => {
    const lastWeek = afterAttempt(NO_STATUS, outcome('billing', true, 2, '2026-03-05'));
    expect(nightlyNotice(installed, lastWeek, TODAY, 9, 2)).toMatch(
      /^The nightly run \(installed by owner@studio\.test\) has not run since 2026-03-05: /,
    );
    // Yesterday's run is enough before tonight's hour has passed.
    const yesterday = afterAttempt(NO_STATUS, outcome('billing', true, 2, '2026-03-09'));
    expect(nightlyNotice(installed, yesterday, TODAY, 3, 2)).toBeNull();
    expect(nightlyNotice(installed, yesterday, TODAY, 4, 2)).not.toBeNull();
  });
});
