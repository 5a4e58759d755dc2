// `npm run bench`: Daily Processes, housekeeping and the desk endpoints at studio and chain scale.
//
//   npm run bench                       # 100, 1 000, 10 000 and 30 000 sales, each archived with "Archive
//                                       # after (days)" = 14 and = 365; writes bench/results.md
//   node bench/run.js --sizes 100,1000  # other sizes (results.md is only written for the full run)
//   node bench/run.js --keeps 14        # other "Archive after (days)" settings (default 14,365)
//   node bench/run.js --no-build        # use the dist/Code.js already built
//   node bench/run.js --report-only     # rewrite the report from the last run's bench/out/*.json
//   node bench/run.js --only collect    # only the nightly collection of 300 charges (bench/collect.js)
//
// Builds the bundle (dist/Code.js) and the history generator (bench/history.ts -> bench/out/history.cjs),
// then runs bench/size.js once per size and keep, each in its own Node process, and bench/collect.js (the
// nightly collection of 300 charges, issue 33) in one more. Prints a table and, for
// the default sizes and keeps, writes it to bench/results.md. Exits non-zero when a run fails, or when the
// Sheets calls or round trips of a job differ between sizes, or the cells a desk endpoint reads grow (they must
// not grow with the rows). The time goals are reported as met or not, without failing the run.

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { MODEL, OPTIMISTIC, PESSIMISTIC, estimateMs, describe } = require('./model');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(__dirname, 'out');
const DEFAULT_SIZES = [100, 1000, 10000, 30000];
const DEFAULT_KEEPS = [14, 365];
const IO_SIZE = 1000;
const HEAP_MB = Math.max(4096, Math.floor((os.totalmem() / 1048576) * 0.8));
const LIMIT = 10_000_000;
/** The sidebars' desk endpoints (issue 14): each must read the same cells at every size. */
const SIDEBAR = [
  'checkIn',
  'correctSessions',
  'getAdjustments',
  'recordPayment',
  'listInvoices',
  'previewSale',
  'sellPackage',
  'pauseSale',
  'cancelSale',
];
/** The phone's (issue 30): a client served is a search, their page and the check-in. */
const PHONE = ['deskSearch', 'deskClient', 'deskCheckIn'];
/** Every desk call: the same cells at every size, and ≤ 2.5 s wherever the workbook fits in Sheets. */
const DESK = [...PHONE, ...SIDEBAR];
const DESK_GOAL_MS = 2500;
const NIGHTLY = ['runDailyProcesses', 'nightlyHousekeeping'];
const GOAL_SIZE = 30000;
const GOAL_KEEP = 14;

const args = process.argv.slice(2);
const listArg = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1].split(',').map(Number) : null);
const SIZES = listArg('--sizes') ?? DEFAULT_SIZES;
const KEEPS = listArg('--keeps') ?? DEFAULT_KEEPS;
const WRITE_RESULTS = !args.includes('--sizes') && !args.includes('--keeps');
// --report-only: rewrite the report from the last run's bench/out/*.json (no build, no runs).
const REPORT_ONLY = args.includes('--report-only');
// --only collect: only the nightly collection (bench/collect.js); prints its lines, leaves results.md alone.
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
if (ONLY !== null && ONLY !== 'collect') {
  console.error(`bench: --only takes "collect", not ${ONLY}`);
  process.exit(2);
}
const COLLECT_CLIENTS = 300;
const COLLECT_OUT = path.join(OUT, `collect-${COLLECT_CLIENTS}.json`);

const started = performance.now();
fs.mkdirSync(OUT, { recursive: true });
if (!REPORT_ONLY && !args.includes('--no-build')) {
  execFileSync(process.execPath, ['build.mjs'], { cwd: ROOT, stdio: 'inherit' });
}
// Every size runs the same bundle: a copy, so a rebuild of dist/ while the bench runs changes nothing.
const DIST = path.join(OUT, 'dist');
fs.mkdirSync(DIST, { recursive: true });
if (!REPORT_ONLY) {
  for (const file of ['Code.js', 'appsscript.json'])
    fs.copyFileSync(path.join(ROOT, 'dist', file), path.join(DIST, file));
}
/** The nightly collection (bench/collect.js) in its own process: its result, or null when it failed. */
function runCollect() {
  if (!REPORT_ONLY) {
    fs.rmSync(COLLECT_OUT, { force: true });
    spawnSync(
      process.execPath,
      ['--expose-gc', path.join(__dirname, 'collect.js'), String(COLLECT_CLIENTS), COLLECT_OUT, DIST],
      { cwd: ROOT, stdio: 'inherit' },
    );
  }
  return fs.existsSync(COLLECT_OUT) ? JSON.parse(fs.readFileSync(COLLECT_OUT, 'utf8')) : null;
}
if (ONLY === 'collect') {
  const collected = runCollect();
  if (!collected || collected.failures.length) {
    console.error('bench: the nightly collection failed');
    process.exit(1);
  }
  process.exit(0);
}
const bundleHash = require('node:crypto')
  .createHash('sha256')
  .update(fs.readFileSync(path.join(DIST, 'Code.js')))
  .digest('hex')
  .slice(0, 12);
require('esbuild').buildSync({
  entryPoints: [path.join(__dirname, 'history.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: path.join(OUT, 'history.cjs'),
  logLevel: 'warning',
});

const results = [];
for (const keep of KEEPS) {
  for (const sales of SIZES) {
    const out = path.join(OUT, `size-${sales}-keep${keep}.json`);
    if (REPORT_ONLY) {
      results.push(JSON.parse(fs.readFileSync(out, 'utf8')));
      continue;
    }
    fs.rmSync(out, { force: true });
    const flags = ['--keep', String(keep), ...(sales === IO_SIZE && keep === GOAL_KEEP ? ['--io'] : [])];
    const child = spawnSync(
      process.execPath,
      [
        `--max-old-space-size=${HEAP_MB}`,
        '--expose-gc',
        path.join(__dirname, 'size.js'),
        String(sales),
        out,
        DIST,
        ...flags,
      ],
      { cwd: ROOT, stdio: 'inherit' },
    );
    if (child.status !== 0 || !fs.existsSync(out)) {
      console.error(`bench: the ${sales}-sales run (keep ${keep}) failed (exit ${child.status ?? child.signal})`);
      process.exit(1);
    }
    results.push(JSON.parse(fs.readFileSync(out, 'utf8')));
  }
}
// The nightly collection of 300 charges (issue 33), with the full run only.
const collect = WRITE_RESULTS ? runCollect() : null;
const META = path.join(OUT, WRITE_RESULTS ? 'run.json' : 'run-partial.json');
if (!REPORT_ONLY) {
  fs.writeFileSync(
    META,
    JSON.stringify({ benchMs: performance.now() - started, loadavg: os.loadavg(), at: new Date().toISOString() }),
  );
}
const meta = JSON.parse(fs.readFileSync(META, 'utf8'));
const benchMs = meta.benchMs;

// ---- the tables ----

const int = (n) => Math.round(n).toLocaleString('en-US');
const secs = (ms) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const pct = (ms) => `${((100 * ms) / MODEL.limitMs).toFixed(1)} %`;
const LABEL = {
  runDailyProcesses: 'Daily Processes (nightly trigger, 2 am)',
  nightlyHousekeeping: 'housekeeping (nightly trigger, 3 am: reports + weekly archive)',
};
const label = (name) => LABEL[name] ?? name;
const keepOf = (r) => r.keepDays ?? 14;
const overLimit = (r) => r.size.gridCells > LIMIT;
const keepsRun = [...new Set(results.map(keepOf))];
const sizesRun = (keep) => results.filter((r) => keepOf(r) === keep).map((r) => r.sales);
const runOf = (sales, keep, name) =>
  results.find((r) => r.sales === sales && keepOf(r) === keep)?.runs.find((x) => x.name === name);
const est = (run, model = MODEL) => estimateMs(run, run.computeMs, model);

const lines = [];
const out = (line = '') => lines.push(line);

const tables = [];
for (const keep of keepsRun) {
  out(`### Archive after ${keep} days`);
  out('');
  out(
    '| sales | job | round trips | local calls | Sheets calls | cells read | cells written | cells searched | bundle compute (s) | estimate (s) | pessimistic (s) | optimistic (s) | % of 6 min |',
  );
  out('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results.filter((x) => keepOf(x) === keep)) {
    const sales = overLimit(r) ? `${int(r.sales)} (**over 10 M cells**)` : int(r.sales);
    for (const run of r.runs) {
      out(
        `| ${sales} | ${label(run.name)} | ${run.roundTrips} | ${run.localCalls} | ${run.sheetsCalls} | ${int(run.cellsRead)} | ` +
          `${int(run.cellsWritten)} | ${int(run.cellsSearched)} | ${secs(run.computeMs)} | ${secs(est(run))} | ` +
          `${secs(est(run, PESSIMISTIC))} | ${secs(est(run, OPTIMISTIC))} | ${pct(est(run))} |`,
      );
    }
  }
  out('');
  tables.push(...lines.splice(0));
}

out(
  '| sales | keep (days) | archived before | invoices | adjustments (check-ins) | archived invoices / ledger rows | live rows (Carry rows) | used cells | grid cells (what Sheets counts) | over 10 M? | history generated in (s) | verified in (s) | peak RSS (MB) |',
);
out('| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
for (const r of results) {
  const near = r.size.gridCells > 0.9 * LIMIT ? `near: ${((100 * r.size.gridCells) / LIMIT).toFixed(0)} % of it` : 'no';
  const over = overLimit(r) ? (r.size.usedCells > LIMIT ? '**yes** (even used cells)' : '**yes** (grid)') : near;
  out(
    `| ${int(r.sales)} | ${keepOf(r)} | ${r.archivedBefore ?? ''} | ${int(r.history.invoices)} | ${int(r.history.adjustments)} (${int(r.history.uses)}) | ` +
      `${int(r.history.archived.invoices)} / ${int(r.history.archived.adjustments)} | ` +
      `${int(Object.values(r.size.tabs).reduce((n, t) => n + t.rows, 0))} (${int(r.history.archived.carries)}) | ` +
      `${int(r.size.usedCells)} | ${int(r.size.gridCells)} | ${over} | ${secs(r.generateMs)} | ${secs(r.verifyMs ?? 0)} | ${int(r.peakRssMb)} |`,
  );
}
const sizeTable = lines.splice(0);

// ---- the goals ----

const failures = [];
const goals = [];
const seq = (values, fmt = String) => values.map((v) => (v === undefined ? '–' : fmt(v))).join(', ');
const allEqual = (values) => new Set(values).size === 1;

// Calls and round trips constant (every job, each keep).
goals.push('**Calls do not grow with the rows** (Sheets calls and round trips at each size, per keep; fails the run):');
goals.push('');
for (const keep of keepsRun) {
  // The phone's search makes one local call per name found (TextFinder gives every match, the rows past
  // the page's 20 are not read): more names match in a larger studio, its round trips stay the same.
  for (const name of [...NIGHTLY, ...SIDEBAR, 'deskClient', 'deskCheckIn']) {
    const runs = sizesRun(keep).map((sales) => runOf(sales, keep, name));
    if (runs.every((x) => x === undefined)) continue;
    const calls = runs.map((x) => x?.sheetsCalls);
    const trips = runs.map((x) => x?.roundTrips);
    const ok = allEqual(calls) && allEqual(trips);
    if (!ok)
      failures.push(
        `${label(name)} (keep ${keep}): Sheets calls ${seq(calls)}, round trips ${seq(trips)} differ between sizes`,
      );
    goals.push(
      `- keep ${keep}, ${label(name)}: ${seq(calls)} Sheets calls, ${seq(trips)} round trips — ${ok ? '**constant** ✔' : '**differ** ✘'}`,
    );
  }
}
goals.push('');

// (a) The desk: cells read never grow with the size (fails the run), and the estimate within 2.5 s (reported).
goals.push(
  `**The desk** (issues 14 and 30: the sidebars' calls and the phone's): cells read never grow with the studio (fails the run when they do), and each call ≤ ${secs(DESK_GOAL_MS)} s ` +
    `by the model at every size whose workbook fits in Sheets (sizes ${seq(SIZES, int)}). The smallest studio may read a few cells more: its tabs ` +
    `still have blank formatted rows below the data, and the row after the last (read to check the last-row hint) is ` +
    'sent with its formats; the larger ones end at their last row.',
);
goals.push('');
goals.push('| endpoint | keep (days) | cells read | grow? | estimate (s) | pessimistic (s) | ≤ 2.5 s at every size? |');
goals.push('| --- | ---: | --- | --- | --- | --- | --- |');
const deskMisses = [];
for (const name of DESK) {
  for (const keep of keepsRun) {
    const runs = sizesRun(keep).map((sales) => runOf(sales, keep, name));
    if (runs.some((x) => x === undefined)) continue;
    const cells = runs.map((x) => x.cellsRead);
    const equal = cells.every((c, i) => i === 0 || c <= cells[i - 1]);
    if (!equal) failures.push(`${name} (keep ${keep}): cells read ${seq(cells, int)} grow with the size`);
    const estimates = runs.map((x) => est(x));
    // A size whose workbook is over Sheets' 10 M cells can't be a studio's spreadsheet: shown, not counted.
    const fits = sizesRun(keep).map(
      (sales) => !overLimit(results.find((r) => r.sales === sales && keepOf(r) === keep)),
    );
    const met = estimates.every((ms, i) => !fits[i] || ms <= DESK_GOAL_MS);
    if (!met) deskMisses.push(`${name} (keep ${keep})`);
    const shown = estimates.map((ms, i) => `${secs(ms)}${fits[i] ? '' : '†'}`).join(', ');
    goals.push(
      `| ${name} | ${keep} | ${seq(cells, int)} | ${equal ? '**no** ✔' : '**yes** ✘'} | ${shown} | ` +
        `${seq(
          runs.map((x) => est(x, PESSIMISTIC)),
          secs,
        )} | ${met ? '**met** ✔' : '**not met** ✘'} |`,
    );
  }
}
goals.push('');
goals.push(
  '† The live workbook is over Sheets\' 10 M cells at that size and keep (see "Workbooks"): no studio\'s ' +
    'spreadsheet can hold it, so it does not count against the goal.',
);
goals.push('');
goals.push(
  deskMisses.length
    ? `Desk goal of ≤ ${secs(DESK_GOAL_MS)} s: **not met** for ${deskMisses.join(', ')}.`
    : `Desk goal of ≤ ${secs(DESK_GOAL_MS)} s: **met** by every endpoint at every size and keep that fits in Sheets.`,
);
goals.push('');

// Issue 30: the Sheets API's per-minute quotas (local/runtime/quota.js), which decide whether the desk
// answers at all. Every studio on the published add-on shares the add-on's one Cloud project.
const QUOTA = { perProject: 300, perUser: 60 };
const PEAK_CHECKINS_PER_MINUTE = 2000;
const STUDIOS_GOAL = 10000;
const apiReads = (run) => run?.byService?.Sheets ?? 0;
const largest = results.filter((r) => keepOf(r) === GOAL_KEEP).sort((a, b) => b.sales - a.sales)[0];
if (largest && PHONE.every((n) => largest.runs.some((x) => x.name === n))) {
  const of = (name) => largest.runs.find((x) => x.name === name);
  const perClient = PHONE.reduce((n, name) => n + apiReads(of(name)), 0);
  const nightly = ['runDailyProcesses', 'nightlyHousekeeping'].reduce((n, name) => n + apiReads(of(name)), 0);
  // At the peak, 2 000 clients a minute across every studio: the project serves 300 / perClient of them.
  const clientsPerMinute = perClient > 0 ? QUOTA.perProject / perClient : Number.POSITIVE_INFINITY;
  const studios = Math.floor((clientsPerMinute * STUDIOS_GOAL) / PEAK_CHECKINS_PER_MINUTE);
  const needed = Math.ceil(PEAK_CHECKINS_PER_MINUTE * perClient);
  const rush = Math.max(...PHONE.map((n) => est(of(n))));
  goals.push(
    `**Google's quotas** (issue 30; Sheets API: ${QUOTA.perProject} read requests a minute per project, ${QUOTA.perUser} per user): API reads per action at ${int(largest.sales)} sales, keep ${GOAL_KEEP}: ` +
      `${PHONE.map((n) => `${n} ${apiReads(of(n))}`).join(', ')}, so **${perClient} per client served** (search, page, check-in); ` +
      `${SIDEBAR.map((n) => `${n} ${apiReads(of(n))}`).join(', ')}; the nightly jobs ${nightly} (SpreadsheetApp only: no project quota). Writes through the API: none.`,
  );
  goals.push('');
  goals.push(
    `- Studios per add-on project at the peak: **${int(studios)}** (${Math.floor(clientsPerMinute)} clients a minute for all studios at ${perClient} reads each, with the peak of ${int(PEAK_CHECKINS_PER_MINUTE)} check-ins a minute spread over ${int(STUDIOS_GOAL)} studios; goal ≥ ${int(STUDIOS_GOAL)}: ${studios >= STUDIOS_GOAL ? '**met** ✔' : `**not met** ✘ — it needs a Sheets API read quota of ${int(needed)} requests a minute for the project (a quota increase asked of Google), because each desk call reads the client's scattered rows with one request and only the API reads them in one round trip`}).`,
  );
  goals.push(
    `- One account at a class rush: ${Math.ceil(QUOTA.perUser / perClient)} clients a minute before the per-user quota (${QUOTA.perUser}) makes a call wait; 30 clients in 5 minutes is 6 a minute. The class rush's worst answer by the model: ${secs(rush)} s (no wait for the quota: test/bundle/quota.test.ts).`,
  );
  goals.push('');
}

// (b), (c) The nightly jobs at 30 000 sales, keep 14.
for (const [name, share] of [
  ['runDailyProcesses', 0.1],
  ['nightlyHousekeeping', 0.25],
]) {
  const run = runOf(GOAL_SIZE, GOAL_KEEP, name);
  if (!run) continue;
  const ms = est(run);
  goals.push(
    `- ${label(name)} at ${int(GOAL_SIZE)} sales (keep ${GOAL_KEEP}) by the model: ${secs(ms)} s = ${pct(ms)} of the 6-minute limit ` +
      `(goal < ${share * 100} %: ${ms < MODEL.limitMs * share ? '**met** ✔' : '**not met** ✘'}); ` +
      `optimistic ${secs(est(run, OPTIMISTIC))} s (${pct(est(run, OPTIMISTIC))}), pessimistic ${secs(est(run, PESSIMISTIC))} s (${pct(est(run, PESSIMISTIC))}).`,
  );
}
if (WRITE_RESULTS) {
  if (!collect) failures.push('the nightly collection (bench/collect.js) did not finish');
  else {
    for (const f of collect.failures) failures.push(`nightly collection: ${f}`);
    goals.push(`- ${collect.lines[0]} Details: "Nightly collection".`);
  }
}
const daily = (sales) => runOf(sales, GOAL_KEEP, 'runDailyProcesses');
if (daily(1000) && daily(30000)) {
  const perSale = (sales) => daily(sales).computeMs / sales;
  goals.push(
    `- Bundle compute of Daily Processes per sale: ${perSale(1000).toFixed(3)} ms at 1 000 sales, ` +
      `${perSale(30000).toFixed(3)} ms at 30 000: growth ratio 1k→30k **${(perSale(30000) / perSale(1000)).toFixed(2)}** ` +
      `(1.0 = linear; a quadratic step would show ≈ 30).`,
  );
}
for (const keep of keepsRun) {
  const over = results.filter((r) => keepOf(r) === keep && overLimit(r));
  goals.push(
    over.length
      ? `- 10 M-cell limit, keep ${keep}: the live workbook is **over it** at ${over
          .map((r) => `${int(r.sales)} sales (${int(r.size.gridCells)} grid cells, ${int(r.size.usedCells)} used)`)
          .join(
            ', ',
          )}: such a studio cannot keep ${keep} days live in one spreadsheet; its figures are marked in the tables.`
      : `- 10 M-cell limit, keep ${keep}: no live workbook reaches it (grid cells, empty ones included, at every size: see "Workbooks").`,
  );
  for (const r of results.filter((x) => keepOf(x) === keep && !overLimit(x) && x.size.gridCells > 0.9 * LIMIT)) {
    goals.push(
      `- 10 M-cell limit, keep ${keep}: ${int(r.sales)} sales is **near it** (${int(r.size.gridCells)} grid cells, ` +
        `${((100 * r.size.gridCells) / LIMIT).toFixed(0)} %): a slightly larger or busier studio would pass it.`,
    );
  }
}
const io = results.find((r) => r.io)?.io;
if (io) {
  goals.push(
    `- Emulator file I/O (not in any figure above), ${int(IO_SIZE)} sales (${int(io.cells)} cells, ${(io.bytes / 1048576).toFixed(1)} MB .xlsx): ` +
      `save ${secs(io.saveMs)} s, load ${secs(io.loadMs)} s.`,
  );
}
goals.push(
  `- Peak memory (max RSS of each size's process): ${results.map((r) => `${int(r.sales)} × ${keepOf(r)}: ${int(r.peakRssMb)} MB`).join(', ')}.`,
);
const desk = results[0]?.desk;

const machine = [
  `- Date: ${meta.at.slice(0, 16).replace('T', ' ')} UTC`,
  `- Machine: ${os.cpus().length} CPUs (nproc ${execOut('nproc') || os.cpus().length}), ${os.cpus()[0]?.model ?? 'unknown CPU'}, ` +
    `${(os.totalmem() / 1073741824).toFixed(1)} GiB RAM (free -h: ${execOut('free -h | sed -n 2p').replace(/\s+/g, ' ')}), ` +
    `${os.platform()} ${os.release()}; load average at the end ${meta.loadavg.map((l) => l.toFixed(2)).join(' / ')} ` +
    '(the machine is shared: other jobs running at the same time inflate the compute figures)',
  `- Bundle: dist/Code.js sha256 ${bundleHash}…; Node ${process.version}; bench runtime ${secs(benchMs)} s (all sizes and keeps, build included)`,
];

const model = [
  `- estimate = ${describe(MODEL)} (Apps Script's V8 assumed ${MODEL.v8Factor}× slower than this machine's Node).`,
  `- pessimistic = ${describe(PESSIMISTIC)}.`,
  `- optimistic = ${describe(OPTIMISTIC)}.`,
  '',
  'Round trips are the calls that wait for the Sheets server (reads, writes with a reply, and one per batch of ' +
    'consecutive queued writes); local calls are builders answered in the script (getRange, getSheetByName, ' +
    'createTextFinder…). Sources and reasoning: bench/model.js; the classification: bench/README.md.',
];

const report = [
  '# Benchmark results',
  '',
  `Made by \`npm run bench\` (bench/run.js). Synthetic studios (seed ${results[0].seed}): ${results[0].historyDays} days of ` +
    `sales start dates, five packages (weekly, fortnightly, every 4 weeks, monthly; Reset and Add, one with a rollover cap), ` +
    `clients using ${Math.round(results[0].useRate * 100)} % of their sessions, history up to the day before the measured night ` +
    `(${results[0].today}), archived weekly with "Archive after (days)" = ${keepsRun.join(' and ')} (the last archive run a week ` +
    'before: the live tabs hold the most an ordinary night reads). Every job is one cold execution of the built bundle ' +
    '(dist/Code.js) under the local runtime. The nightly jobs (Daily Processes, housekeeping) are measured at 14 days ' +
    `only. The desk calls are made for ${desk ? `sale ${desk.saleId} (client ${desk.clientId})` : 'one sale'}, whose history is the same at every ` +
    'size, its rows moved to the middle of the Sales and Clients tabs.',
  '',
  ...machine,
  '',
  '## Goals',
  '',
  ...goals,
  '',
  ...(collect
    ? [
        '## Nightly collection',
        '',
        `bench/collect.js (issue 33): a studio of ${collect.clients} clients, each with the test card 4242 4242 4242 4242 on file ` +
          'and a monthly package charged automatically, all started on 1 February; the nightly trigger of ' +
          `${collect.night} (2 am) bills and charges every second instalment, one cold execution with the 6-minute limit on. ` +
          `The owner's mail quota: ${collect.mailQuota} recipients a day (a Workspace account). Counted from the emulated Stripe's ` +
          "objects and the tabs; UrlFetchApp priced by the model below (the emulated Stripe's latency, an assumption: bench/model.js).",
        '',
        ...collect.lines,
        '',
      ]
    : []),
  '## Jobs',
  '',
  ...tables,
  '"Bundle compute" is the wall time of the call minus the time spent inside the emulated services. "% of 6 min" is the estimate\'s.',
  '',
  '## Model',
  '',
  ...model,
  '',
  '## Workbooks',
  '',
  ...sizeTable,
  '',
  '"Used cells" = header and data rows × the columns each tab uses; "grid cells" = every tab\'s rows × columns, ' +
    'empty ones included, which is what the 10 million-cell limit counts. "Verified in": the warm-up Daily Processes ' +
    "for the history's last night, which must create and change nothing.",
  '',
];

console.log(`\n${report.join('\n')}`);
if (WRITE_RESULTS) {
  fs.writeFileSync(path.join(__dirname, 'results.md'), `${report.join('\n')}\n`);
  // Formatted as `npm run lint` expects (biome formats Markdown tables).
  try {
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', 'bench/results.md'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  } catch {}
  console.log('Wrote bench/results.md');
}
if (failures.length) {
  console.error(`\nbench: FAILED\n${failures.map((f) => `- ${f}`).join('\n')}`);
  process.exit(1);
}

function execOut(command) {
  try {
    return execFileSync('sh', ['-c', command], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
