// @ts-check
// Deterministic synthetic studios for the constant-calls test and `npm run bench`: packages, clients
// and sales written straight into the tabs (one setValues per tab, as an import would), so the add-on's
// own Daily Processes then creates the invoices and the ledger.

// The runtime's seeded PRNG (mulberry32), one for the scheduler, the bench and the tests.
const { prng: random } = require('./runtime/scheduler');

const PACKAGES = [
  ['Reformer – Fortnightly', 6, 'Fortnightly', 'Reset', 0, 300, ''],
  ['Physio – Weekly', 2, 'Weekly', 'Add', 0, 120, 6],
  ['Tutoring – Weekly', 1, 'Weekly', 'Reset', 0, 75, ''],
  ['PT – Monthly', 8, 'Monthly', 'Add', 0, 480, ''],
  ['Yoga – Every 4 weeks', 4, 'Every 4 weeks', 'Reset', 0, 160, ''],
];

/** @param {string} date @param {number} days */
function plusDays(date, days) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Writes `sales` sales (and a client each) whose start dates spread over `historyDays` before `today`.
 * @param {import('./runtime/spreadsheet').Spreadsheet} ss the emulated Spreadsheet (after setUpWorkbook)
 * With `weekly`, every sale is on a weekly package and sale i starts on weekday i % 7 (so from 7 sales
 * on, every night bills someone).
 * @param {{ sales: number, today: string, historyDays: number, seed?: number, weekly?: boolean }} options
 */
function writeSyntheticStudio(ss, { sales, today, historyDays, seed = 1, weekly = false }) {
  const rand = random(seed);
  /** @param {string} tab @param {Record<string, unknown>[]} rows */
  const write = (tab, rows) => {
    const sheet = ss.getSheetByName(tab);
    if (!sheet) throw new Error(`No ${tab} tab: run setUpWorkbook first.`);
    const header = sheet
      .getRange(1, 1, 1, sheet.getLastColumn())
      .getValues()[0]
      .map((h) => String(h));
    const values = rows.map((r) => header.map((h) => (h in r ? r[h] : '')));
    if (sheet.getMaxRows() < values.length + 1)
      sheet.insertRowsAfter(sheet.getMaxRows(), values.length + 1 - sheet.getMaxRows());
    sheet.getRange(2, 1, values.length, header.length).setValues(values);
  };
  const packages = PACKAGES.map(([name, n, freq, rollover, weeks, price, cap], i) => ({
    'Package ID': `P-${i + 1}`,
    Name: name,
    'Sessions per Period': n,
    Frequency: freq,
    'Reset/Add': rollover,
    'Keep Recurring Weeks': weeks,
    'Price per Period': price,
    'Rollover Cap': cap,
  }));
  write('Packages', packages);
  const clients = [];
  const saleRows = [];
  for (let i = 1; i <= sales; i++) {
    const pkg = weekly ? packages[1 + (i % 2)] : packages[Math.floor(rand() * packages.length)];
    const back = weekly ? (i % 7) + 7 * Math.floor((rand() * historyDays) / 7) : Math.floor(rand() * historyDays);
    const start = plusDays(today, -back);
    clients.push({ 'Client ID': `C-${i}`, Name: `Client ${i}`, Email: `client${i}@example.com` });
    saleRows.push({
      'Sale ID': `S-${i}`,
      'Client ID': `C-${i}`,
      Client: `Client ${i}`,
      'Package ID': pkg['Package ID'],
      Package: pkg.Name,
      'Sold On': start,
      'Start Date': start,
      ...Object.fromEntries(Object.entries(pkg).filter(([k]) => k !== 'Package ID' && k !== 'Name')),
      Status: 'Active',
    });
  }
  write('Clients', clients);
  write('Sales', saleRows);
}

module.exports = { writeSyntheticStudio, random, plusDays };
