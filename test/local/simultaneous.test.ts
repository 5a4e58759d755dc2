// Apps Script runs at most 30 executions at once per user (and 1,000 per script): one more fails as it
// starts, with Google's text (guides/services/quotas, "Current limitations"). The runtime's scheduler,
// which runs executions at once, enforces it (local/runtime/scheduler.js).
const localRuntime = require('../../local/runtime');
const localScheduler = require('../../local/runtime/scheduler');

function executions(users: string[]) {
  const workbook = localRuntime.Workbook.create({ timeZone: 'Australia/Sydney' });
  const first = localRuntime.createRuntime({ workbook, now: '2026-03-02T09:00' });
  const scheduler = new localScheduler.Scheduler({
    start: first.clock(),
    strategy: localScheduler.randomStrategy(7, 0.5),
  });
  users.forEach((user, i) => {
    scheduler.add({
      name: `run ${i + 1}`,
      runtime: localRuntime.createRuntime({ workbook, now: '2026-03-02T09:00', userEmail: user }),
      // Each waits a minute (a sleep lets the others start meanwhile), then reads a cell.
      run: (rt: any) => {
        const g = rt.globals();
        g.Utilities.sleep(60_000);
        return g.SpreadsheetApp.getActive().getSheets()[0].getRange('A1').getValue();
      },
    });
  });
  return scheduler.run();
}

test('31 executions at once by one user: 30 run, the 31st fails as it starts with Google’s text', () => {
  const outcomes = executions(Array.from({ length: 31 }, () => 'desk@studio.test'));
  const failed = outcomes.filter((o: any) => o.error);
  expect(failed).toHaveLength(1);
  expect(String(failed[0].error.message)).toBe(
    'There are too many scripts running simultaneously for this Google user account.',
  );
  expect(failed[0].slices).toBe(0);
  expect(outcomes.filter((o: any) => !o.error)).toHaveLength(30);
});

test('31 at once by two users (16 and 15): every one runs', () => {
  const outcomes = executions(Array.from({ length: 31 }, (_, i) => (i % 2 ? 'a@studio.test' : 'b@studio.test')));
  expect(outcomes.filter((o: any) => o.error)).toEqual([]);
});
