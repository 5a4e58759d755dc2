// One size of `npm run bench`, in its own process (so its peak memory is its own):
//   node --expose-gc bench/size.js <sales> <out.json> <distDir> [--keep <days>] [--io]
// Builds an in-memory studio of <sales> active sales with two years of history, archived as the weekly
// archive job leaves it with "Archive after (days)" = <days> (14, the default, or e.g. 365), then runs the
// built bundle's jobs through the local runtime, one fresh execution each (a fresh vm context, as Apps
// Script starts every execution cold): the nightly trigger's Daily Processes (2 am), the desk calls for one
// client and sale in the middle of the studio, then the trigger's housekeeping (3 am). With a keep other
// than 14 the two nightly jobs are left out (they read the whole live tabs; the nightly goals are at 14).
// Writes what it measured to <out.json>. With --io it also times saving and loading the workbook as .xlsx
// (the emulator's file I/O, which the measured calls never include: they run on the in-memory workbook).

const fs = require('node:fs');
const { counters: countersOf } = require('./counters');
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
const { Env } = require('../local/runtime/instrument');
const { writeSyntheticStudio, plusDays } = require('../local/synthetic');

// The pessimistic model (bench/model.js) needs the round trips that are reads, apart from the batches of
// queued writes: counted here, around the runtime's own classification, in `stats.reads`.
const charge = Env.prototype.charge;
Env.prototype.charge = function (kind) {
  if (kind === 'read') this.stats.reads = (this.stats.reads ?? 0) + 1;
  return charge.call(this, kind);
};

const TODAY = '2026-03-02';
const UNTIL = '2026-03-01'; // the last day of history: tonight's run (TODAY) is the measured one
const HISTORY_DAYS = 730;
const SEED = 7;
const USE_RATE = 0.75;
const CELL_LIMIT = 10_000_000;

const [salesArg, outFile, distDir, ...flags] = process.argv.slice(2);
const SALES = Number(salesArg);
// "Archive after (days)": 14 as a chain would set it, or 365 (the add-on's default).
const KEEP_DAYS = flags.includes('--keep') ? Number(flags[flags.indexOf('--keep') + 1]) : 14;
if (!Number.isInteger(SALES) || SALES < 1 || !outFile || !distDir || !Number.isInteger(KEEP_DAYS) || KEEP_DAYS < 1) {
  console.error('usage: node bench/size.js <sales> <out.json> <distDir> [--keep <days>] [--io]');
  process.exit(2);
}
// The weekly archive last ran 7 days before the measured night, with the cutoff KEEP_DAYS before that
// (src/domain/archive.ts archiveCutoff): the live tabs hold KEEP_DAYS + 7 days and a bit, the most an
// ordinary night reads.
const ARCHIVED_ON = '2026-02-23';
const ARCHIVED_BEFORE = plusDays(ARCHIVED_ON, -KEEP_DAYS);
// The nightly jobs read the whole live tabs; their goals are at 14 days, so other keeps measure the desk.
const NIGHTLY = KEEP_DAYS === 14;

const log = (message) => console.log(`[${SALES} sales, keep ${KEEP_DAYS}] ${message}`);
const gc = () => globalThis.gc?.();
const mb = (bytes) => Math.round(bytes / 1048576);

const workbook = Workbook.create({ timeZone: 'Australia/Sydney', name: `bench-${SALES}` });
const lock = createSharedLocks();
const triggers = [];
const properties = { document: {}, script: {}, user: {} };
const drive = new Map();
// No execution time limit here: the bench measures each job's time and reports it against the 6 minutes
// itself (its setup also reads through the same services, far past what one execution could).
const runtime = (day, more = {}) =>
  createRuntime({
    workbook,
    now: day,
    lock,
    triggers,
    properties,
    drive,
    distDir,
    console: { log() {} },
    timeLimits: false,
    ...more,
  });
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
  return { name, wallMs, loadMs: 0, ...counters(rt.stats, wallMs), reply: outcome };
}

/** What the runtime counted in one execution (bench/counters.js), and the heap after it. */
function counters(stats, wallMs) {
  return { ...countersOf(stats, wallMs), heapMb: mb(process.memoryUsage().heapUsed) };
}

/** The desk account the phone's calls run as (an editor of the studio's spreadsheet). */
const DESK_USER = 'desk@bench.test';

/** One google.script.run call from the phone's desk page: measured like `execute` (its load inside). */
function visitDesk(day, name, arg) {
  gc();
  const rt = runtime(day, OWNER);
  rt.resetStats();
  const started = performance.now();
  const reply = rt.webAppCall(name, [arg], { user: DESK_USER });
  const wallMs = performance.now() - started;
  if (!reply?.ok) throw new Error(`${name} failed at ${SALES} sales: ${JSON.stringify(reply).slice(0, 500)}`);
  return { name, wallMs, loadMs: 0, ...counters(rt.stats, wallMs), reply };
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
  if (reply !== undefined && !reply.ok)
    throw new Error(`${name} failed at ${SALES} sales: ${JSON.stringify(reply).slice(0, 500)}`);
  return { name, wallMs, loadMs, ...counters(rt.stats, wallMs), reply };
}

/**
 * The state the last weekly archive run left: "Archive after (days)" in Settings, the archive spreadsheet
 * (its tabs set up; the rows it holds are not materialized: no job reads them, and at 30 000 sales they
 * would double the bench's memory) and what the add-on remembers of it (the hidden system tab), with the
 * last ids issued that every nightly run that makes invoices notes there (src/sheets/ids.ts).
 */
function setUpArchive(services, history) {
  const archived = history.archived;
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
  const ours = [
    ['archive', JSON.stringify(info)],
    ...archived.revenue.map((r) => [`revenue:${r.month}`, JSON.stringify(r)]),
    ['ids', JSON.stringify({ sale: SALES, invoice: history.highestInvoiceNumber })],
  ];
  const system = services.SpreadsheetApp.getActive().getSheetByName('Studio Packages (system)'); // SYSTEM_TAB
  // Added to what Set up workbook wrote there (the layout it brought the workbook to, …), never over it:
  // a workbook without its layout row would be upgraded by every nightly run measured.
  const last = system.getLastRow();
  const kept = (last >= 7 ? system.getRange(7, 1, last - 6, 2).getValues() : []).filter(
    ([key]) => key !== '' && !ours.some(([k]) => k === key),
  );
  const rows = [...kept, ...ours];
  system.getRange(7, 1, rows.length, 2).setValues(rows);
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

/**
 * The client and sale the desk calls are measured on: the first sale from S-50 on (S-50 is the middle of
 * the smallest size) with an invoice left to pay (for recordPayment). Sale k's history is the same at every
 * size (the generator's random stream reaches it in the same state), so the desk calls read the same rows
 * at every size, and what grows with the studio shows. Its Sales and Clients rows are then moved to the
 * middle of their tabs (swapped with the middle sale's and client's, as an owner's sort would), so that a
 * read of a span from the top of a tab would show too. Read here, outside any measured execution.
 */
function chooseDeskSale(ss) {
  const values = (tab) => ss.getSheetByName(tab).getDataRange().getValues();
  const [header, ...invoices] = values('Invoices');
  const col = (name) => header.indexOf(name);
  const [no, sale, due, amount, paid, status] = ['Invoice No', 'Sale ID', 'Due Date', 'Amount', 'Paid', 'Status'].map(
    col,
  );
  const open = new Map(); // sale id -> an invoice number with something left to pay
  const lastDue = new Map(); // sale id -> the latest due date of its invoices (yyyy-mm-dd)
  for (const r of invoices) {
    const id = String(r[sale]);
    const day =
      r[due] instanceof Date
        ? services().Utilities.formatDate(r[due], ss.getSpreadsheetTimeZone(), 'yyyy-MM-dd')
        : String(r[due]);
    if (!lastDue.has(id) || lastDue.get(id) < day) lastDue.set(id, day);
    if (String(r[status]).toLowerCase() !== 'void' && (Number(r[paid]) || 0) < Number(r[amount]) && !open.has(id))
      open.set(id, Number(r[no]));
  }
  const mid = Math.ceil(SALES / 2);
  let k = Math.min(50, mid);
  while (k <= SALES && !open.has(`S-${k}`)) k++;
  if (k > SALES) throw new Error(`no sale with an invoice left to pay from S-${Math.min(50, mid)} on`);
  const swap = (tab, id, other) => {
    if (id === other) return;
    const sheet = ss.getSheetByName(tab);
    const ids = sheet
      .getRange(1, 1, sheet.getLastRow(), 1)
      .getValues()
      .map((r) => String(r[0]));
    const [a, b] = [ids.indexOf(id) + 1, ids.indexOf(other) + 1];
    const width = sheet.getLastColumn();
    const [rowA, rowB] = [a, b].map((row) => sheet.getRange(row, 1, 1, width).getValues());
    sheet.getRange(a, 1, 1, width).setValues(rowB);
    sheet.getRange(b, 1, 1, width).setValues(rowA);
  };
  swap('Sales', `S-${k}`, `S-${mid}`);
  swap('Clients', `C-${k}`, `C-${mid}`);
  return {
    saleId: `S-${k}`,
    clientId: `C-${k}`,
    row: mid + 1,
    invoiceNo: open.get(`S-${k}`),
    lastDue: lastDue.get(`S-${k}`),
  };
}

let servicesOf = null;
function services() {
  // As the studio's owner: the archive it creates is theirs (a file belongs to whoever creates it), as
  // when the owner's own archive run made it.
  servicesOf ??= runtime(TODAY, { userEmail: OWNER.userEmail }).globals();
  return servicesOf;
}

async function main() {
  const t0 = performance.now();
  const setUp = execute('2024-01-01', 'setUpWorkbook', {});
  const ss = services().SpreadsheetApp.getActive();
  writeSyntheticStudio(ss, { sales: SALES, today: TODAY, historyDays: HISTORY_DAYS, seed: SEED });
  // The add-on's datastore (bundled into history.cjs) reads the time zone through Utilities.
  globalThis.Utilities = services().Utilities;
  const { writeHistory } = require('./out/history.cjs');
  const history = writeHistory(ss, {
    until: UNTIL,
    useRate: USE_RATE,
    seed: SEED,
    archivedBefore: ARCHIVED_BEFORE,
    archivedOn: ARCHIVED_ON,
  });
  delete globalThis.Utilities;
  setUpArchive(services(), history);
  const desk = chooseDeskSale(ss);
  const generateMs = performance.now() - t0;
  const before = sizes();
  log(
    `history: ${history.invoices} invoices, ${history.adjustments} adjustments (${history.uses} check-ins), ` +
      `${before.usedCells} used cells, ${before.gridCells} grid cells, in ${(generateMs / 1000).toFixed(1)} s; ` +
      `desk calls on ${desk.saleId} (${desk.clientId}, Sales row ${desk.row}, invoice #${desk.invoiceNo} to pay)`,
  );

  // Warm-up and check: the bundle's own Daily Processes for the night the history ends on. The history
  // is what the add-on would have written, so it creates and updates nothing (checked at every size);
  // any first-run work (tabs a run creates once) is done before the measured, ordinary night.
  const verifyStarted = performance.now();
  const warm = execute(UNTIL, 'runDailyProcesses', {}).reply.summary;
  const verifyMs = performance.now() - verifyStarted;
  const verified = warm.invoicesCreated === 0 && warm.adjustmentsCreated === 0 && warm.balancesUpdated === 0;
  if (!verified) throw new Error(`history differs from Daily Processes': ${JSON.stringify(warm).slice(0, 500)}`);
  log(
    `history verified in ${(verifyMs / 1000).toFixed(1)} s: the bundle's Daily Processes for its last night creates and updates nothing`,
  );

  const runs = [];
  let triggerId = null;
  if (NIGHTLY) {
    // The add-on's one hourly trigger for this spreadsheet: billing at the nightly hour (2 am), the reports
    // and the weekly archive the hour after, each its own execution with no active spreadsheet.
    const installed = execute(UNTIL, 'installNightlyTrigger', {});
    triggerId = installed.reply.ok && triggers.find((t) => t.documentId === workbook.id)?.id;
    if (!triggerId) throw new Error(`installNightlyTrigger failed: ${JSON.stringify(installed.reply)}`);
    const daily = fire(`${TODAY}T02:00`, 'runDailyProcesses', triggerId);
    runs.push(daily);
    log(
      `Daily Processes (trigger at 02:00): ${daily.roundTrips} round trips, ${daily.cellsWritten} cells written, ` +
        `${(daily.wallMs / 1000).toFixed(2)} s wall, ${(daily.computeMs / 1000).toFixed(2)} s compute`,
    );
  }
  // The desk, one cold execution per call, in the order a visit might make them.
  const { saleId, clientId } = desk;
  const pauseFrom = [plusDays(TODAY, 21), plusDays(desk.lastDue, 1)].sort()[1]; // after its last invoice
  const calls = [
    ['checkIn', { saleId, requestId: 'bench-checkin-1', overdraw: true }],
    ['correctSessions', { saleId, sessions: 1, reason: 'Make-up class', requestId: 'bench-correct-1' }],
    ['getAdjustments', { clientId }],
    ['recordPayment', { invoiceNo: desk.invoiceNo, amount: 100, method: 'cash', requestId: 'bench-payment-1' }],
    ['listInvoices', { clientId }],
    ['previewSale', { clientId, packageId: 'P-1', startDate: TODAY }],
    ['sellPackage', { requestId: 'bench-sale-1', clientId, packageId: 'P-1', startDate: TODAY }],
    ['pauseSale', { saleId, from: pauseFrom, weeks: 1 }],
    ['cancelSale', { saleId, date: plusDays(TODAY, 120) }],
  ];
  for (const [name, arg] of calls) runs.push(execute(TODAY, name, arg));
  // The phone's front desk (the web app, as a desk account): a client served is a search, their page and
  // the check-in. Measured for their Sheets API requests (the project's per-minute quota) and time.
  workbook.sharing = { owner: OWNER.userEmail, editors: [DESK_USER], viewers: [] };
  const spreadsheetId = workbook.id;
  const clients = services().SpreadsheetApp.getActive().getSheetByName('Clients');
  const header = clients.getRange(1, 1, 1, clients.getLastColumn()).getValues()[0].map(String);
  const name = String(clients.getRange(desk.row, header.indexOf('Name') + 1).getValue());
  for (const [call, arg] of [
    ['deskSearch', { spreadsheetId, query: name.slice(0, 4) || 'Cli' }],
    ['deskClient', { spreadsheetId, clientId }],
    ['deskCheckIn', { spreadsheetId, saleId, requestId: 'bench-desk-1', overdraw: true }],
  ])
    runs.push(visitDesk(TODAY, call, arg));
  if (NIGHTLY) {
    // The same trigger an hour later: the report tabs, then the weekly archive (due: a week since the
    // last), which moves the rows that passed the 14 days since.
    runs.push(fire(`${TODAY}T03:00`, 'nightlyHousekeeping', triggerId));
  }
  for (const run of runs.slice(NIGHTLY ? 1 : 0)) {
    log(
      `${run.name}: ${run.roundTrips} round trips, ${run.cellsRead} cells read, ${run.cellsSearched} searched, ` +
        `${(run.wallMs / 1000).toFixed(2)} s wall`,
    );
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
    keepDays: KEEP_DAYS,
    archivedBefore: ARCHIVED_BEFORE,
    desk,
    verifyMs,
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
