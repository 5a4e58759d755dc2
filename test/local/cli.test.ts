// The `studio` CLI over a workbook file, as a published add-on: install the nightly run as its owner, list
// the triggers, fire them at night as Apps Script would, and read the status as another editor.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '../support/local-runtime';

const CLI = join(__dirname, '..', '..', 'local', 'cli.js');

function studio(workbook: string, ...args: string[]): any {
  const out = execFileSync(process.execPath, [CLI, ...args, '--workbook', workbook], { encoding: 'utf8' });
  return JSON.parse(out);
}

it('installs, lists and fires the nightly trigger in addon mode; another editor reads its status', () => {
  const workbook = join(tempDir('studio-cli-'), 'studio.xlsx');
  studio(workbook, 'init', '--today', '2026-01-05');
  const install = studio(workbook, 'call', 'installNightlyTrigger', '--mode', 'addon', '--user', 'owner@studio.test');
  expect(install).toMatchObject({ ok: true, installed: true, hour: 2 });
  const [trigger] = studio(workbook, 'triggers');
  expect(trigger).toMatchObject({ handler: 'nightlyDailyProcesses', user: 'owner@studio.test', schedule: 'every 1 h' });
  // The demo studio is billed through 2026-01-05: the night of the 19th bills the fortnight due then.
  const before = studio(workbook, 'dump', '--tab', 'Invoices').Invoices.length;
  expect(studio(workbook, 'fire', '--mode', 'addon', '--at', '2026-01-19T02:00')).toEqual([
    { id: trigger.id, handler: 'nightlyDailyProcesses', user: 'owner@studio.test', ok: true },
  ]);
  expect(studio(workbook, 'dump', '--tab', 'Invoices').Invoices.length).toBeGreaterThan(before);
  const status = studio(workbook, 'call', 'getNightlyStatus', '--mode', 'addon', '--user', 'desk@studio.test');
  expect(status.nightly).toMatchObject({
    installed: { user: 'owner@studio.test' },
    status: { billedFor: '2026-01-19', lastBilling: { ok: true, hour: 2 } },
  });
  const bad = spawnSync(process.execPath, [CLI, 'fire', '--at', '2026-01-19', '--workbook', workbook], {
    encoding: 'utf8',
  });
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/--at must be YYYY-MM-DDTHH:mm/);
});

it('refuses a date that is not on the calendar, with what is wrong, and bills nothing', () => {
  const workbook = join(tempDir('studio-cli-'), 'studio.xlsx');
  studio(workbook, 'init', '--today', '2026-01-05');
  const before = studio(workbook, 'dump', '--tab', 'Invoices').Invoices.length;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args, '--workbook', workbook], { encoding: 'utf8' });
  const cases: [string[], RegExp][] = [
    [['daily', '--today', '2026-02-30'], /not "2026-02-30" \(February 2026 has 28 days\)/],
    [['daily', '--today', '2026-13-01'], /not "2026-13-01" \(there is no month 13\)/],
    [['call', 'runDailyProcesses', '--today', '2026-04-31'], /April 2026 has 30 days/],
    [['fire', '--at', '2026-02-29T02:00'], /February 2026 has 28 days/],
  ];
  for (const [args, message] of cases) {
    const out = run(...args);
    expect([args.join(' '), out.status]).toEqual([args.join(' '), 1]);
    expect(out.stderr).toMatch(message);
  }
  // Nothing was billed ahead: the workbook holds what init made.
  expect(studio(workbook, 'dump', '--tab', 'Invoices').Invoices.length).toBe(before);
  // A real leap day is a date.
  expect(run('daily', '--today', '2028-02-29', '--dry-run').status).toBe(0);
});
