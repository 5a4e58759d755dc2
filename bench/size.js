// One size of `npm run bench`, in its own process (so its peak memory is its own):
//   node --expose-gc bench/size.js <sales> <out.json> <distDir> [--io]
// Builds an in-memory studio of <sales> active sales with two years of history, then runs the built
// bundle's Daily Processes, sellPackage, checkIn and getAdjustments through the local runtime, one fresh
// execution each (a fresh vm context, as Apps Script starts every execution cold), and writes what it
// measured to <out.json>. With --io it also times saving and loading the workbook as .xlsx (the
// emulator's file I/O, which the measured calls never include: they run on the in-memory workbook).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

// The emulator converts every date cell between instants and wall clocks with several Intl calls (80 % of
// the emulator's time in a full-tab read). Both conversions are pure functions of (instant, zone), so the
// bench memoizes them before the runtime loads them: it only shortens the emulator's (unmeasured) part.
const timezone = require('../local/runtime/timezone');
for (const name of ['toWallClock', 'fromWallClock']) {
  const convert = timezone[name];
  const memo = new Map();
  timezone[name] = (value, zone) => {
    const key = `${zone}|${value}`;
    let out = memo.get(key);
    if (out === undefined) {
      out = convert(value, zone);
      memo.set(key, out);
    }
    return out;
  };
}
const { createRuntime, createSharedLocks, Workbook } = require('../local/runtime');
const { writeSyntheticStudio } = require('../local/synthetic');

const TODAY = '2026-03-02';
const UNTIL = '2026-03-01'; // the last day of history: tonight's run (TODAY) is the measured one
const HISTORY_DAYS = 730;
const SEED = 7;
const USE_RATE = 0.75;
// Archiving as a chain would set it: "Archive after (days)" = 14, the weekly check last ran 7 days before
// the measured night (so the live tabs hold 21 days and a bit: the most an ordinary night reads).
const KEEP_DAYS = 14;
const ARCHIVED_ON = '2026-02-23';
const ARCHIVED_BEFORE = '2026-02-09'; // ARCHIVED_ON − KEEP_DAYS
const CELL_LIMIT = 10_000_000;

const [salesArg, outFile, distDir, ...flags] = process.argv.slice(2);
const SALES = Number(salesArg);
if (!Number.isInteger(SALES) || SALES < 1 || !outFile || !distDir) {
  console.error('usage: node bench/size.js <sales> <out.json> <distDir> [--io]');
  process.exit(2);
}

const log = (message) => console.log(`[${SALES} sales] ${message}`);
const gc = () => globalThis.gc?.();
const mb = (bytes) => Math.round(bytes / 1048576);

const workbook = Workbook.create({ timeZone: 'Australia/Sydney', name: `bench-${SALES}` });
const lock = createSharedLocks();
const triggers = [];
const properties = { document: {}, script: {}, user: {} };
const drive = new Map();
const runtime = (day, more = {}) =>
  createRuntime({ workbook, now: day, lock, triggers, properties, drive, distDir, console: { log() {} }, ...more });
/** The studio runs as the published add-on; its owner installed the nightly trigger. */
const OWNER = { mode: 'addon', userEmail: 'owner@bench.test' };

/**
 * Apps Script firing the owner's nightly trigger at `at`: one execution, measured like `execute` (the
 * bundle's load is inside it). `name` labels the job it does at that hour.
 */
function fire(at, name, triggerId) {
  gc();
  const rt = runtime(at, OWNER);
  rt.resetStats();
  const started = performance.now();
  const outcome = rt.runTrigger(triggerId);
  const wallMs = performance.now() - started;
  if (!outcome.ok) throw new Error(`the nightly trigger failed at ${at} (${SALES} sales): ${outcome.error}`);
  const stats = rt.stats;
  return {
    name,
    wallMs,
    serviceMs: stats.serviceMs,
    computeMs: wallMs - stats.serviceMs,
    loadMs: 0,
    sheetsCalls: stats.sheetsCalls,
    cellsRead: stats.cellsRead,
    cellsWritten: stats.cellsWritten,
    byMethod: stats.byMethod,
    heapMb: mb(process.memoryUsage().heapUsed),
    reply: outcome,
  };
}

/** One execution of an entry point: wall time, time inside the emulated services, counters. */
function execute(day, name, arg, more = OWNER) {
  gc();
  const rt = runtime(day, more);
  const loadStarted = performance.now();
  const script = rt.load();
  const loadMs = performance.now() - loadStarted;
  rt.resetStats();
  const started = performance.now();
  let reply;
  try {
    reply = arg === undefined ? script[name]() : script[name](JSON.parse(JSON.stringify(arg)));
  } finally {
    rt.endExecution();
  }
  const wallMs = performance.now() - started;
  const stats = rt.stats;
  if (reply !== undefined && !reply.ok)
    throw new Error(`${name} failed at ${SALES} sales: ${JSON.stringify(reply).slice(0, 500)}`);
  return {
    name,
    wallMs,
    serviceMs: stats.serviceMs,
    computeMs: wallMs - stats.serviceMs,
    loadMs,
    sheetsCalls: stats.sheetsCalls,
    cellsRead: stats.cellsRead,
    cellsWritten: stats.cellsWritten,
    byMethod: stats.byMethod,
    heapMb: mb(process.memoryUsage().heapUsed),
    reply,
  };
}

/**
 * The state the last weekly archive run left: "Archive after (days)" in Settings, the archive spreadsheet
 * (its tabs set up; the rows it holds are not materialized: no job reads them, and at 30 000 sales they
 * would double the bench's memory) and what the add-on remembers of it (the hidden system tab).
 */
function setUpArchive(services, archived) {
  const settings = services.SpreadsheetApp.getActive().getSheetByName('Settings');
  const labels = settings
    .getDataRange()
    .getValues()
    .map((r) => r[0]);
  settings.getRange(labels.indexOf('Archive after (days)') + 1, 2).setValue(String(KEEP_DAYS));
  const archive = services.SpreadsheetApp.create(`bench-${SALES} – archive`);
  for (const name of ['Invoices', 'Payments', 'Adjustments']) {
    const live = services.SpreadsheetApp.getActive().getSheetByName(name);
    const header = live.getRange(1, 1, 1, live.getLastColumn()).getValues();
    archive.insertSheet(name).getRange(1, 1, 1, header[0].length).setValues(header);
  }
  archive.deleteSheet(archive.getSheetByName('Sheet1'));
  // The system tab's rows from row 7 (below its 5 fixed rows): the archive's progress, and one row per
  // archived month of revenue.
  const info = {
    id: archive.getId(),
    full: [],
    through: ARCHIVED_BEFORE,
    lastRun: ARCHIVED_ON,
    complete: true,
    highestInvoiceNumber: archived.highestInvoiceNumber,
    journal: null,
  };
  const rows = [
    ['archive', JSON.stringify(info)],
    ...archived.revenue.map((r) => [`revenue:${r.month}`, JSON.stringify(r)]),
  ];
  services.SpreadsheetApp.getActive()
    .getSheetByName('Studio Packages (system)') // SYSTEM_TAB in sheets-template/tabs.ts
    .getRange(7, 1, rows.length, 2)
    .setValues(rows);
}

/** Rows and cells per tab: used (header + data, the columns the tab uses) and grid (what Sheets counts). */
function sizes() {
  const tabs = {};
  let used = 0;
  let grid = 0;
  for (const sheet of workbook.sheets) {
    const rows = sheet.lastRow();
    const columns = sheet.lastColumn();
    tabs[sheet.name] = { rows: Math.max(rows - 1, 0), columns, maxRows: sheet.maxRows, maxColumns: sheet.maxColumns };
    used += rows * columns;
    grid += sheet.maxRows * sheet.maxColumns;
  }
  return { tabs, usedCells: used, gridCells: grid, overLimit: grid > CELL_LIMIT, usedOverLimit: used > CELL_LIMIT };
}

async function main() {
  const t0 = performance.now();
  const setUp = execute('2024-01-01', 'setUpWorkbook', {});
  const services = runtime(TODAY).globals();
  const ss = services.SpreadsheetApp.getActive();
  writeSyntheticStudio(ss, { sales: SALES, today: TODAY, historyDays: HISTORY_DAYS, seed: SEED });
  // The add-on's datastore (bundled into history.cjs) reads the time zone through Utilities.
  globalThis.Utilities = services.Utilities;
  const { writeHistory } = require('./out/history.cjs');
  const history = writeHistory(ss, { until: UNTIL, useRate: USE_RATE, seed: SEED, archivedBefore: ARCHIVED_BEFORE });
  delete globalThis.Utilities;
  setUpArchive(services, history.archived);
  const generateMs = performance.now() - t0;
  const before = sizes();
  log(
    `history: ${history.invoices} invoices, ${history.adjustments} adjustments (${history.uses} check-ins), ` +
      `${before.usedCells} used cells, ${before.gridCells} grid cells, in ${(generateMs / 1000).toFixed(1)} s`,
  );

  // Warm-up and check: the bundle's own Daily Processes for the night the history ends on. The history
  // is what the add-on would have written, so it creates and updates nothing (checked at every size);
  // any first-run work (tabs a run creates once) is done before the measured, ordinary night.
  const warm = execute(UNTIL, 'runDailyProcesses', {}).reply.summary;
  const verified = warm.invoicesCreated === 0 && warm.adjustmentsCreated === 0 && warm.balancesUpdated === 0;
  if (!verified) throw new Error(`history differs from Daily Processes': ${JSON.stringify(warm).slice(0, 500)}`);
  log("history verified: the bundle's Daily Processes for its last night creates and updates nothing");

  const runs = [];
  // The add-on's one hourly trigger for this spreadsheet: billing at the nightly hour (2 am), the reports
  // and the weekly archive the hour after, each its own execution with no active spreadsheet.
  const installed = execute(UNTIL, 'installNightlyTrigger', {});
  const triggerId = installed.reply.ok && triggers.find((t) => t.documentId === workbook.id)?.id;
  if (!triggerId) throw new Error(`installNightlyTrigger failed: ${JSON.stringify(installed.reply)}`);
  const daily = fire(`${TODAY}T02:00`, 'runDailyProcesses', triggerId);
  runs.push(daily);
  log(
    `Daily Processes (trigger at 02:00): ${daily.sheetsCalls} calls, ${daily.cellsWritten} cells written, ` +
      `${(daily.wallMs / 1000).toFixed(2)} s wall, ${(daily.computeMs / 1000).toFixed(2)} s compute`,
  );
  const client = `C-${Math.ceil(SALES / 2)}`;
  const sale = `S-${Math.ceil(SALES / 2)}`;
  runs.push(
    execute(TODAY, 'sellPackage', { requestId: 'bench-sale-1', clientId: client, packageId: 'P-1', startDate: TODAY }),
  );
  runs.push(execute(TODAY, 'checkIn', { requestId: 'bench-checkin-1', saleId: sale, overdraw: true }));
  runs.push(execute(TODAY, 'getAdjustments', { clientId: client }));
  // The same trigger an hour later: the report tabs, then the weekly archive (due: a week since the
  // last), which moves the rows that passed the 14 days since.
  runs.push(fire(`${TODAY}T03:00`, 'nightlyHousekeeping', triggerId));
  for (const run of runs.slice(1)) {
    log(`${run.name}: ${run.sheetsCalls} calls, ${(run.wallMs / 1000).toFixed(2)} s wall`);
  }

  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  let io = null;
  if (flags.includes('--io')) {
    const file = path.join(os.tmpdir(), `studio-bench-${process.pid}.xlsx`);
    gc();
    const saveStarted = performance.now();
    await workbook.save(file);
    const saveMs = performance.now() - saveStarted;
    const bytes = fs.statSync(file).size;
    gc();
    const loadStarted = performance.now();
    await Workbook.load(file);
    const loadMs = performance.now() - loadStarted;
    fs.unlinkSync(file);
    io = {
      saveMs,
      loadMs,
      bytes,
      cells: sizes().usedCells,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    log(`.xlsx: save ${(saveMs / 1000).toFixed(1)} s, load ${(loadMs / 1000).toFixed(1)} s, ${mb(bytes)} MB`);
  }

  const result = {
    sales: SALES,
    today: TODAY,
    historyDays: HISTORY_DAYS,
    useRate: USE_RATE,
    seed: SEED,
    history,
    verified,
    generateMs,
    setUpCalls: setUp.sheetsCalls,
    size: before,
    after: sizes(),
    runs: runs.map(({ reply, byMethod, ...run }) => ({
      ...run,
      byMethod,
      summary: reply?.summary
        ? { invoicesCreated: reply.summary.invoicesCreated, adjustmentsCreated: reply.summary.adjustmentsCreated }
        : undefined,
    })),
    io,
    peakRssMb,
    totalMs: performance.now() - t0,
  };
  fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
