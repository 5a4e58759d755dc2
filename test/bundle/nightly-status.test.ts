// Issue 31, item 13: "Nightly run status" said "Last Daily Processes: not run yet." and then "last
// completed for Mon 7 Dec 2026" when Daily Processes had run from the menu: each line now says whose run.
import { newStudio, ok } from '../support/studio';

test('run from the menu, no trigger yet: the status says the trigger has not run it, and when it last completed', () => {
  const studio = newStudio();
  ok(studio.call('2026-12-07T09:00', 'runDailyProcesses', {}));
  const rt = studio.runtime('2026-12-07T10:00');
  rt.load().menuNightlyStatus();
  expect(rt.ui.alerts.at(-1).prompt.split('\n')).toEqual([
    'Not installed: Daily Processes runs only when someone runs it (Install nightly trigger).',
    'Nightly trigger, Daily Processes: the trigger has not run it yet.',
    'Nightly trigger, reports and archive: the trigger has not run it yet.',
    'Daily Processes last completed (from the menu, a sidebar or the trigger) for Mon 7 Dec 2026, run on Mon 7 Dec 2026 at 9:00.',
  ]);
});
