// The nightly run's hourly schedule and the notice every editor sees (src/domain/nightly.ts).
import {
  abandoned,
  beginAttempt,
  dueJob,
  endAttempt,
  type Installed,
  MAX_ATTEMPTS,
  type NightlyJob,
  type NightlyStatus,
  NO_STATUS,
  nightlyNotice,
} from '../../src/domain';

const TODAY = '2026-03-10';
type Done = ReturnType<typeof outcome>;
/** One attempt, from its start to its end. */
const afterAttempt = (status: NightlyStatus, o: Done) => {
  const { ok: _ok, message: _message, ...running } = o;
  return endAttempt(beginAttempt(status, running), o);
};
const outcome = (job: NightlyJob, ok: boolean, hour: number, today = TODAY, message = ok ? 'done' : 'busy') => ({
  job,
  at: `${today}T0${hour}:05:00.000Z`,
  today,
  hour,
  ok,
  message,
});

/** Fires the trigger at each hour of `today`; returns the job run at each hour (null for none). */
function day(
  status: NightlyStatus,
  nightlyHour: number,
  fails: (job: NightlyJob, hour: number) => boolean,
  today = TODAY,
) {
  const ran: (NightlyJob | null)[] = [];
  let s = status;
  for (let hour = 0; hour < 24; hour++) {
    const job = dueJob(s, today, hour, nightlyHour);
    ran.push(job);
    const night = hour >= nightlyHour ? today : prevDay(today);
    if (job) s = afterAttempt(s, outcome(job, !fails(job, hour), hour, night));
  }
  return { ran, status: s };
}
const prevDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

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

  it('with a nightly hour of 23, housekeeping runs after midnight for the night before', () => {
    const first = day(NO_STATUS, 23, () => false);
    expect(first.ran[23]).toBe('billing');
    const next = day(first.status, 23, () => false, '2026-03-11');
    expect(next.ran[0]).toBe('housekeeping');
    expect(next.ran[23]).toBe('billing');
    expect(next.ran.filter(Boolean)).toHaveLength(2);
    expect(next.status).toMatchObject({ billedFor: '2026-03-11', housekeptFor: '2026-03-10' });
  });

  it('a run Apps Script stopped still counts: three stopped starts, then no more that night', () => {
    let s = NO_STATUS;
    for (const hour of [2, 3, 4]) {
      expect(dueJob(s, TODAY, hour, 2)).toBe('billing');
      const stopped = abandoned(s, `${TODAY}T0${hour}:59:00.000Z`);
      if (stopped) s = endAttempt(s, stopped);
      s = beginAttempt(s, { job: 'billing', at: `${TODAY}T0${hour}:00:00.000Z`, today: TODAY, hour });
    }
    expect(abandoned(s, 'later')).toMatchObject({
      job: 'billing',
      ok: false,
      message: expect.stringMatching(/6-minute/),
    });
    expect(dueJob(s, TODAY, 5, 2)).toBeNull();
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
    expect(nightlyNotice(installed, status, null, TODAY, 9, 2)).toBeNull();
    expect(nightlyNotice(null, NO_STATUS, null, TODAY, 9, 2)).toBeNull();
    // Just installed: nothing expected yet.
    expect(nightlyNotice({ ...installed, installedOn: TODAY }, NO_STATUS, null, TODAY, 9, 2)).toBeNull();
  });

  it('names a failed run and what to do', () => {
    const failed = afterAttempt(
      NO_STATUS,
      outcome('billing', false, 2, TODAY, 'Invoices: the Due Date column is missing.'),
    );
    expect(nightlyNotice(installed, failed, null, TODAY, 2, 2)).toBe(
      "Last night's run of Daily Processes failed: Invoices: the Due Date column is missing. It is tried again next hour. Run Daily Processes now (Extensions › Studio Packages) to catch up.",
    );
    // Fixed at the next attempt, or by someone's Run Daily Processes now: the notice goes.
    expect(nightlyNotice(installed, afterAttempt(failed, outcome('billing', true, 3)), null, TODAY, 9, 2)).toBeNull();
    expect(nightlyNotice(installed, failed, { today: TODAY, at: `${TODAY}T08:00:00.000Z` }, TODAY, 9, 2)).toBeNull();
    // Three failed attempts: no "tried again".
    const thrice = [3, 4].reduce((s, h) => afterAttempt(s, outcome('billing', false, h)), failed);
    expect(nightlyNotice(installed, thrice, null, TODAY, 9, 2)).not.toMatch(/tried again/);
  });

  it('says when the nightly run has stopped (removed, or its installer lost access)', () => {
    const lastWeek = afterAttempt(NO_STATUS, outcome('billing', true, 2, '2026-03-05'));
    expect(nightlyNotice(installed, lastWeek, null, TODAY, 9, 2)).toMatch(
      /^The nightly run \(installed by owner@studio\.test\) has not run since Thu 5 Mar 2026: /,
    );
    // Yesterday's run is enough before tonight's hour has passed.
    const yesterday = afterAttempt(NO_STATUS, outcome('billing', true, 2, '2026-03-09'));
    expect(nightlyNotice(installed, yesterday, null, TODAY, 3, 2)).toBeNull();
    expect(nightlyNotice(installed, yesterday, null, TODAY, 4, 2)).not.toBeNull();
    // A trigger that found nothing naming it (the system tab's row hand-cleared) says so.
    const stopped = { ...NO_STATUS, stopped: { at: 'x', reason: 'its record was removed.' } };
    expect(nightlyNotice(null, stopped, null, TODAY, 9, 2)).toBe(
      'The nightly run stopped: its record was removed. Install nightly trigger again.',
    );
  });
});
