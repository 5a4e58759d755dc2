// The `studio` CLI over a workbook file, as a published add-on: install the nightly run as an editor, list
// the triggers, fire them at night as Apps Script would, and read the status as another editor (init
// shares the spreadsheet with owner@example.com, its owner, and frontdesk@example.com, an editor).
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir, Workbook } from '../support/local-runtime';
import { WEEKLY_ADD } from '../support/studio';

const CLI = join(__dirname, '..', '..', 'local', 'cli.js');

function studio(workbook: string, ...args: string[]): any {
  const out = execFileSync(process.execPath, [CLI, ...args, '--workbook', workbook], { encoding: 'utf8' });
  return JSON.parse(out);
}

it('installs, lists and fires the nightly trigger in addon mode; another editor reads its status', () => {
  const workbook = join(tempDir('studio-cli-'), 'studio.xlsx');
  studio(workbook, 'init', '--today', '2026-01-05');
  const install = studio(
    workbook,
    'call',
    'installNightlyTrigger',
    '--mode',
    'addon',
    '--user',
    'frontdesk@example.com',
  );
  expect(install).toMatchObject({ ok: true, installed: true, hour: 2 });
  const [trigger] = studio(workbook, 'triggers');
  expect(trigger).toMatchObject({
    handler: 'nightlyDailyProcesses',
    user: 'frontdesk@example.com',
    schedule: 'every 1 h',
  });
  // The demo studio is billed through 2026-01-05: the night of the 19th bills the fortnight due then.
  const before = studio(workbook, 'dump', '--tab', 'Invoices').Invoices.length;
  expect(studio(workbook, 'fire', '--mode', 'addon', '--at', '2026-01-19T02:00')).toEqual([
    { id: trigger.id, handler: 'nightlyDailyProcesses', user: 'frontdesk@example.com', ok: true },
  ]);
  expect(studio(workbook, 'dump', '--tab', 'Invoices').Invoices.length).toBeGreaterThan(before);
  const status = studio(workbook, 'call', 'getNightlyStatus', '--mode', 'addon', '--user', 'owner@example.com');
  expect(status.nightly).toMatchObject({
    installed: { user: 'frontdesk@example.com' },
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

it('shares the spreadsheet: init records the studio’s people; share lists and changes them', async () => {
  const workbook = join(tempDir('studio-cli-'), 'studio.xlsx');
  studio(workbook, 'init', '--empty', '--today', '2026-01-05');
  const people = {
    owner: 'owner@example.com',
    editors: ['frontdesk@example.com'],
    viewers: ['accountant@example.com'],
  };
  expect(studio(workbook, 'share')).toEqual(people);
  const changed = { ...people, editors: ['frontdesk@example.com', 'accountant@example.com'], viewers: [] };
  expect(studio(workbook, 'share', 'accountant@example.com', '--role', 'editor')).toEqual(changed);
  expect((await Workbook.load(workbook)).sharing).toEqual(changed);
  const bad = spawnSync(process.execPath, [CLI, 'share', '--role', 'viewer', '--workbook', workbook], {
    encoding: 'utf8',
  });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/share needs both EMAIL and --role/);
});

it('studio daily never runs the clock backwards: a day before the last completed is refused; a dry run looks', () => {
  const workbook = join(tempDir('studio-cli-'), 'studio.xlsx');
  studio(workbook, 'init', '--today', '2026-01-05');
  expect(studio(workbook, 'daily', '--today', '2026-01-19')).toMatchObject({ ok: true });
  const invoices = studio(workbook, 'dump', '--tab', 'Invoices').Invoices;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args, '--workbook', workbook], { encoding: 'utf8' });
  const back = run('daily', '--today', '2026-01-12');
  expect(back.status).toBe(1);
  expect(JSON.parse(back.stdout).errors[0]).toEqual({
    field: 'today',
    message: expect.stringMatching(
      /^Daily Processes last completed for Mon 19 Jan 2026: a run for an earlier day \(Mon 12 Jan 2026\) is refused/,
    ),
  });
  expect(studio(workbook, 'dump', '--tab', 'Invoices').Invoices).toEqual(invoices);
  const look = run('daily', '--today', '2026-01-12', '--dry-run');
  expect(look.status).toBe(0);
  expect(JSON.parse(look.stdout).summary.problems[0]).toMatch(/^Daily Processes last completed for Mon 19 Jan 2026/);
});

it('--today is the studio’s day in its spreadsheet’s time zone, a day behind the script’s or not', () => {
  // The script's zone is Australia/Sydney (appsscript.json): its noon is the evening before in Honolulu.
  const workbook = join(tempDir('studio-cli-'), 'studio.xlsx');
  studio(workbook, 'init', '--empty', '--time-zone', 'Pacific/Honolulu', '--today', '2026-12-07');
  expect(studio(workbook, 'daily', '--today', '2026-12-08', '--dry-run').summary.today).toBe('2026-12-08');
  const pkg = studio(workbook, 'call', 'savePackage', JSON.stringify(WEEKLY_ADD), '--today', '2026-12-08');
  const client = studio(workbook, 'call', 'saveClient', JSON.stringify({ name: 'Kai Akana' }), '--today', '2026-12-08');
  const sale = studio(
    workbook,
    'call',
    'sellPackage',
    JSON.stringify({ clientId: client.client.id, packageId: pkg.package.id, startDate: '2026-12-08' }),
    '--today',
    '2026-12-08',
  );
  expect(sale).toMatchObject({ ok: true });
  const checkIn = studio(
    workbook,
    'call',
    'checkIn',
    JSON.stringify({ saleId: sale.receipt.saleId, requestId: 'r-1' }),
    '--today',
    '2026-12-08',
  );
  expect(checkIn).toMatchObject({ ok: true });
  const uses = studio(workbook, 'dump', '--tab', 'Adjustments').Adjustments.filter((r: any) => r.Type === 'Use');
  expect(uses.map((r: any) => r.Date)).toEqual(['2026-12-08']);
});
