// The seed's worked example, end to end through the bundle's endpoints and the sheet datastore:
// fortnightly billing, 6 sessions a fortnight, $300 a fortnight, open-ended, sold with a start date of
// Monday 5 January 2026, Daily Processes run every day for ten weeks, with check-ins along the way.
import { days, FORTNIGHTLY_RESET, newStudio, ok } from '../support/studio';

const CHECK_INS = [
  '2026-01-06',
  '2026-01-08',
  '2026-01-13',
  '2026-01-20',
  '2026-01-21',
  '2026-01-22',
  '2026-01-27',
  '2026-01-28',
  '2026-01-29',
  '2026-02-03',
  '2026-02-10',
  '2026-03-03',
];

function runTenWeeks(rollover: 'reset' | 'add') {
  const studio = newStudio();
  const pkg = ok(studio.call('2026-01-05', 'savePackage', { ...FORTNIGHTLY_RESET, rollover })).package;
  const client = ok(studio.call('2026-01-05', 'saveClient', { name: 'Ava Chen', email: 'ava@example.com' })).client;
  const sold = ok(
    studio.call('2026-01-05', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-01-05' }),
  );
  const refusals: string[] = [];
  for (const day of days('2026-01-05', '2026-03-15')) {
    ok(studio.call(day, 'runDailyProcesses', {}));
    if (CHECK_INS.includes(day)) ok(studio.call(day, 'checkIn', { saleId: sold.receipt.saleId }));
    if (day === '2026-01-30') {
      const reply = studio.call(day, 'checkIn', { saleId: sold.receipt.saleId });
      if (!reply.ok) refusals.push(reply.errors?.[0].message ?? '');
    }
  }
  return { studio, sold, refusals };
}

const ledger = (studio: ReturnType<typeof newStudio>) =>
  studio.dump('Adjustments').Adjustments.map((r) => [r.Key, r.Date, r.Type, r.Sessions, r.Balance]);

describe('the seed scenario through the bundle', () => {
  it('sells: invoice 1 due on the start date and 6 sessions allocated at the sale', () => {
    const { sold } = runTenWeeks('reset');
    expect(sold.receipt).toMatchObject({ saleId: 'S-1', invoiceNumbers: [1], balance: 6 });
    expect(sold.receipt.preview.description).toBe(
      '$300.00 every fortnight, 6 sessions each fortnight, unused sessions are lost, no end date',
    );
  });

  it('creates one invoice per fortnight on its due date, numbered in order, never ahead', () => {
    const { studio } = runTenWeeks('reset');
    // None was paid: on 15 March every one is more than the 7 grace days past due, so Overdue.
    const invoices = studio
      .dump('Invoices')
      .Invoices.map((r) => [r['Invoice No'], r.Key, r.Period, r['Due Date'], r.Amount, r.Status]);
    expect(invoices).toEqual([
      [1, 'S-1:0', 1, '2026-01-05', 300, 'Overdue'],
      [2, 'S-1:1', 2, '2026-01-19', 300, 'Overdue'],
      [3, 'S-1:2', 3, '2026-02-02', 300, 'Overdue'],
      [4, 'S-1:3', 4, '2026-02-16', 300, 'Overdue'],
      [5, 'S-1:4', 5, '2026-03-02', 300, 'Overdue'],
    ]);
  });

  it('Reset: unused sessions are lost, in their own row, when the next fortnight is allocated', () => {
    const { studio, refusals } = runTenWeeks('reset');
    expect(ledger(studio)).toEqual([
      ['S-1:allocate:0', '2026-01-05', 'Allocate', 6, 6],
      ['S-1:use:1', '2026-01-06', 'Use', -1, 5],
      ['S-1:use:2', '2026-01-08', 'Use', -1, 4],
      ['S-1:use:3', '2026-01-13', 'Use', -1, 3],
      ['S-1:reset:1', '2026-01-19', 'Reset', -3, 0],
      ['S-1:allocate:1', '2026-01-19', 'Allocate', 6, 6],
      ['S-1:use:4', '2026-01-20', 'Use', -1, 5],
      ['S-1:use:5', '2026-01-21', 'Use', -1, 4],
      ['S-1:use:6', '2026-01-22', 'Use', -1, 3],
      ['S-1:use:7', '2026-01-27', 'Use', -1, 2],
      ['S-1:use:8', '2026-01-28', 'Use', -1, 1],
      ['S-1:use:9', '2026-01-29', 'Use', -1, 0],
      ['S-1:allocate:2', '2026-02-02', 'Allocate', 6, 6],
      ['S-1:use:10', '2026-02-03', 'Use', -1, 5],
      ['S-1:use:11', '2026-02-10', 'Use', -1, 4],
      ['S-1:reset:3', '2026-02-16', 'Reset', -4, 0],
      ['S-1:allocate:3', '2026-02-16', 'Allocate', 6, 6],
      ['S-1:reset:4', '2026-03-02', 'Reset', -6, 0],
      ['S-1:allocate:4', '2026-03-02', 'Allocate', 6, 6],
      ['S-1:use:12', '2026-03-03', 'Use', -1, 5],
    ]);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(/no sessions left.*allow overdraw/i);
  });

  it('Add: unused sessions accrue', () => {
    const { studio, refusals } = runTenWeeks('add');
    expect(ledger(studio)).toEqual([
      ['S-1:allocate:0', '2026-01-05', 'Allocate', 6, 6],
      ['S-1:use:1', '2026-01-06', 'Use', -1, 5],
      ['S-1:use:2', '2026-01-08', 'Use', -1, 4],
      ['S-1:use:3', '2026-01-13', 'Use', -1, 3],
      ['S-1:allocate:1', '2026-01-19', 'Allocate', 6, 9],
      ['S-1:use:4', '2026-01-20', 'Use', -1, 8],
      ['S-1:use:5', '2026-01-21', 'Use', -1, 7],
      ['S-1:use:6', '2026-01-22', 'Use', -1, 6],
      ['S-1:use:7', '2026-01-27', 'Use', -1, 5],
      ['S-1:use:8', '2026-01-28', 'Use', -1, 4],
      ['S-1:use:9', '2026-01-29', 'Use', -1, 3],
      ['S-1:use:10', '2026-01-30', 'Use', -1, 2],
      ['S-1:allocate:2', '2026-02-02', 'Allocate', 6, 8],
      ['S-1:use:11', '2026-02-03', 'Use', -1, 7],
      ['S-1:use:12', '2026-02-10', 'Use', -1, 6],
      ['S-1:allocate:3', '2026-02-16', 'Allocate', 6, 12],
      ['S-1:allocate:4', '2026-03-02', 'Allocate', 6, 18],
      ['S-1:use:13', '2026-03-03', 'Use', -1, 17],
    ]);
    expect(refusals).toEqual([]);
  });

  it('writes one Run Log row per run, with the day and what it created', () => {
    const { studio } = runTenWeeks('reset');
    const log = studio.dump('Run Log')['Run Log'];
    expect(log).toHaveLength(70);
    const created = log
      .filter((r) => r['Invoices Created'] !== 0)
      .map((r) => [r.Today, r['Invoices Created'], r['Adjustments Created']]);
    expect(created).toEqual([
      ['2026-01-19', 1, 2],
      ['2026-02-02', 1, 1],
      ['2026-02-16', 1, 2],
      ['2026-03-02', 1, 2],
    ]);
  });

  it('a run after five missed weeks creates each missed fortnight on its own due date, equal to daily runs', () => {
    const daily = runTenWeeks('add').studio;
    const studio = newStudio();
    const pkg = ok(studio.call('2026-01-05', 'savePackage', { ...FORTNIGHTLY_RESET, rollover: 'add' })).package;
    const client = ok(studio.call('2026-01-05', 'saveClient', { name: 'Ava Chen', email: 'ava@example.com' })).client;
    ok(studio.call('2026-01-05', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-01-05' }));
    const run = ok(studio.call('2026-03-15', 'runDailyProcesses', {}));
    expect(run.summary.invoicesCreated).toBe(4);
    const invoices = (s: ReturnType<typeof newStudio>) => s.dump('Invoices').Invoices;
    expect(invoices(studio)).toEqual(invoices(daily));
    expect(ok(studio.call('2026-03-15', 'runDailyProcesses', {})).summary.invoicesCreated).toBe(0);
  });
});
