// `npm run bench`: Daily Processes and the sidebar endpoints at studio and chain scale.
//
//   npm run bench                       # 100, 1 000, 10 000 and 30 000 sales; writes bench/results.md
//   node bench/run.js --sizes 100,1000  # other sizes (results.md is only written for the full run)
//   node bench/run.js --no-build        # use the dist/Code.js already built
//
// Builds the bundle (dist/Code.js) and the history generator (bench/history.ts -> bench/out/history.cjs),
// then runs bench/size.js once per size, each in its own Node process. Prints a table and, for the
// default sizes, writes it to bench/results.md. Exits non-zero when the Sheets calls of Daily Processes,
// or of any endpoint, differ between sizes (they must not grow with the rows), or when a run fails.

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { MODEL, OPTIMISTIC, PESSIMISTIC, estimateMs, otherCalls } = require('./model');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(__dirname, 'out');
const DEFAULT_SIZES = [100, 1000, 10000, 30000];
const IO_SIZE = 1000;
const HEAP_MB = Math.max(4096, Math.floor((os.totalmem() / 1048576) * 0.8));
const LIMIT = 10_000_000;

const args = process.argv.slice(2);
const sizesArg = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : null;
const SIZES = sizesArg ? sizesArg.split(',').map(Number) : DEFAULT_SIZES;
const WRITE_RESULTS = !sizesArg;
// --report-only: rewrite the report from the last run's bench/out/*.json (no build, no runs).
const REPORT_ONLY = args.includes('--report-only');

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
for (const sales of SIZES) {
  const out = path.join(OUT, `size-${sales}.json`);
  if (REPORT_ONLY) {
    results.push(JSON.parse(fs.readFileSync(out, 'utf8')));
    continue;
  }
  fs.rmSync(out, { force: true });
  const flags = sales === IO_SIZE ? ['--io'] : [];
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
    console.error(`bench: the ${sales}-sales run failed (exit ${child.status ?? child.signal})`);
    process.exit(1);
  }
  results.push(JSON.parse(fs.readFileSync(out, 'utf8')));
}
const META = path.join(OUT, WRITE_RESULTS ? 'run.json' : 'run-partial.json');
if (!REPORT_ONLY) {
  fs.writeFileSync(
    META,
    JSON.stringify({ benchMs: performance.now() - started, loadavg: os.loadavg(), at: new Date().toISOString() }),
  );
}
const meta = JSON.parse(fs.readFileSync(META, 'utf8'));
const benchMs = meta.benchMs;

// ---- the table ----

const int = (n) => Math.round(n).toLocaleString('en-US');
const secs = (ms) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const pct = (ms) => `${((100 * ms) / MODEL.limitMs).toFixed(1)} %`;
const ENDPOINTS = ['sellPackage', 'checkIn', 'getAdjustments', 'nightlyHousekeeping'];
const LABEL = {
  runDailyProcesses: 'Daily Processes (nightly trigger, 2 am)',
  sellPackage: 'sellPackage',
  checkIn: 'checkIn',
  nightlyHousekeeping: 'housekeeping (nightly trigger, 3 am: reports + weekly archive)',
};

const lines = [];
const out = (line = '') => lines.push(line);

out(
  '| sales | job | rows | Sheets calls | other calls | cells read | cells written | bundle compute (s) | emulated services (s) | estimate in Apps Script (s) | % of 6 min | range (s) |',
);
out('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const rows = Object.values(r.size.tabs).reduce((n, t) => n + t.rows, 0);
  for (const run of r.runs) {
    const est = estimateMs(run, run.computeMs);
    out(
      `| ${int(r.sales)} | ${LABEL[run.name] ?? run.name} | ${int(rows)} | ${run.sheetsCalls} | ${otherCalls(run)} | ${int(run.cellsRead)} | ` +
        `${int(run.cellsWritten)} | ${secs(run.computeMs)} | ${secs(run.serviceMs)} | ${secs(est)} | ${pct(est)} | ` +
        `${secs(estimateMs(run, run.computeMs, OPTIMISTIC))}–${secs(estimateMs(run, run.computeMs, PESSIMISTIC))} |`,
    );
  }
}
const table = lines.splice(0);

out(
  '| sales | invoices | adjustments (check-ins) | archived invoices / ledger rows | live rows (Carry rows) | used cells | grid cells (what Sheets counts) | over 10 M? | history generated in (s) | peak RSS (MB) |',
);
out('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |');
for (const r of results) {
  const over =
    r.size.gridCells > LIMIT ? (r.size.usedCells > LIMIT ? '**yes** (even used cells)' : '**yes** (grid)') : 'no';
  out(
    `| ${int(r.sales)} | ${int(r.history.invoices)} | ${int(r.history.adjustments)} (${int(r.history.uses)}) | ` +
      `${int(r.history.archived.invoices)} / ${int(r.history.archived.adjustments)} | ` +
      `${int(Object.values(r.size.tabs).reduce((n, t) => n + t.rows, 0))} (${int(r.history.archived.carries)}) | ` +
      `${int(r.size.usedCells)} | ${int(r.size.gridCells)} | ${over} | ${secs(r.generateMs)} | ${int(r.peakRssMb)} |`,
  );
}
const sizeTable = lines.splice(0);

// ---- the goals ----

const failures = [];
const callsOf = (name) => results.map((r) => r.runs.find((x) => x.name === name)?.sheetsCalls);
const constant = (name) => new Set(callsOf(name)).size === 1;
for (const name of ['runDailyProcesses', ...ENDPOINTS]) {
  if (!constant(name))
    failures.push(`${LABEL[name] ?? name}: Sheets calls differ between sizes (${callsOf(name).join(', ')})`);
}
const dailyOf = (sales) => results.find((r) => r.sales === sales)?.runs.find((x) => x.name === 'runDailyProcesses');
const perSale = (sales) => dailyOf(sales).computeMs / sales;
const growth = dailyOf(1000) && dailyOf(30000) ? perSale(30000) / perSale(1000) : null;
const tenK = dailyOf(10000);
const tenKEstimate = tenK ? estimateMs(tenK, tenK.computeMs) : null;
const io = results.find((r) => r.io)?.io;

const goals = [];
goals.push(
  `- Daily Processes' Sheets calls at every size: ${callsOf('runDailyProcesses').join(', ')} — ` +
    (constant('runDailyProcesses') ? '**equal** ✔' : '**differ** ✘'),
);
for (const name of ENDPOINTS) {
  goals.push(`- ${name}: ${callsOf(name).join(', ')} calls — ${constant(name) ? '**constant** ✔' : '**differ** ✘'}`);
}
if (tenKEstimate !== null) {
  goals.push(
    `- 10 000 sales' Daily Processes by the model: ${secs(tenKEstimate)} s = ${pct(tenKEstimate)} of the 6-minute limit ` +
      `(goal < 10 %: ${tenKEstimate < MODEL.limitMs / 10 ? '**met** ✔' : '**not met** ✘'}); ` +
      `range ${secs(estimateMs(tenK, tenK.computeMs, OPTIMISTIC))}–${secs(estimateMs(tenK, tenK.computeMs, PESSIMISTIC))} s ` +
      `(${pct(estimateMs(tenK, tenK.computeMs, OPTIMISTIC))}–${pct(estimateMs(tenK, tenK.computeMs, PESSIMISTIC))}).`,
  );
}
if (growth !== null) {
  goals.push(
    `- Bundle compute of Daily Processes per sale: ${(perSale(1000)).toFixed(3)} ms at 1 000 sales, ` +
      `${perSale(30000).toFixed(3)} ms at 30 000: growth ratio 1k→30k **${growth.toFixed(2)}** ` +
      `(1.0 = linear; a quadratic step would show ≈ 30).`,
  );
}
const over = results.filter((r) => r.size.gridCells > LIMIT).map((r) => int(r.sales));
const usedOver = results.filter((r) => r.size.usedCells > LIMIT).map((r) => int(r.sales));
goals.push(
  over.length || usedOver.length
    ? `- 10 M-cell limit: grid cells exceed it at ${over.join(', ') || 'no size'}; ` +
        `the cells the tabs actually use at ${usedOver.join(', ') || 'no size'} (sales; see bench/README.md).`
    : '- 10 M-cell limit: no live workbook comes near it (grid cells, empty ones included, at every size: see ' +
        '"Workbooks"); the archived rows are in archive spreadsheets of at most 8 M cells each.',
);
if (io) {
  goals.push(
    `- Emulator file I/O (not in any figure above), ${int(IO_SIZE)} sales (${int(io.cells)} cells, ${(io.bytes / 1048576).toFixed(1)} MB .xlsx): ` +
      `save ${secs(io.saveMs)} s, load ${secs(io.loadMs)} s.`,
  );
}
goals.push(
  `- Peak memory (max RSS of each size's process): ${results.map((r) => `${int(r.sales)}: ${int(r.peakRssMb)} MB`).join(', ')}.`,
);

const machine = [
  `- Date: ${meta.at.slice(0, 16).replace('T', ' ')} UTC`,
  `- Machine: ${os.cpus().length} CPUs (nproc ${execOut('nproc') || os.cpus().length}), ${os.cpus()[0]?.model ?? 'unknown CPU'}, ` +
    `${(os.totalmem() / 1073741824).toFixed(1)} GiB RAM (free -h: ${execOut('free -h | sed -n 2p').replace(/\s+/g, ' ')}), ` +
    `${os.platform()} ${os.release()}; load average at the end ${meta.loadavg.map((l) => l.toFixed(2)).join(' / ')} ` +
    '(the machine is shared: other jobs running at the same time inflate the compute figures)',
  `- Bundle: dist/Code.js sha256 ${bundleHash}…; Node ${process.version}; bench runtime ${secs(benchMs)} s (all sizes, build included)`,
];

const model = [
  `estimate = ${MODEL.perExecutionMs} ms per execution + ${MODEL.perCallMs} ms × Sheets calls + ` +
    `${MODEL.perOtherCallMs} ms × other service calls + ${MODEL.perCellReadMs * 1000} µs × cells read + ${MODEL.perCellWrittenMs * 1000} µs × cells written + ` +
    `bundle compute × ${MODEL.v8Factor} (Apps Script's V8 assumed ${MODEL.v8Factor}× slower than this machine's Node).`,
  '',
  `Range: optimistic = ${OPTIMISTIC.perExecutionMs} ms + ${OPTIMISTIC.perCallMs} ms × Sheets calls + ${OPTIMISTIC.perOtherCallMs} ms × other calls + ` +
    `${OPTIMISTIC.perCellReadMs * 1000} µs × cells read + ${OPTIMISTIC.perCellWrittenMs * 1000} µs × cells written + compute × ${OPTIMISTIC.v8Factor}; ` +
    `pessimistic = the model with compute × ${PESSIMISTIC.v8Factor}.`,
  'Sources and reasoning: bench/model.js.',
];

const report = [
  '# Benchmark results',
  '',
  `Made by \`npm run bench\` (bench/run.js). Synthetic studios (seed ${results[0].seed}): ${results[0].historyDays} days of ` +
    `sales start dates, five packages (weekly, fortnightly, every 4 weeks, monthly; Reset and Add, one with a rollover cap), ` +
    `clients using ${Math.round(results[0].useRate * 100)} % of their sessions, history up to the day before the measured night ` +
    `(${results[0].today}), archived weekly with "Archive after (days)" = 14 (the last archive run a week before: the ` +
    `live tabs hold the most an ordinary night reads; the weekly archive job is measured too). Every job is one cold execution of the built bundle (dist/Code.js) under the local runtime.`,
  '',
  ...machine,
  '',
  '## Goals',
  '',
  ...goals,
  '',
  '## Jobs',
  '',
  ...table,
  '',
  '"Bundle compute" is the wall time of the call minus the time spent inside the emulated services; ' +
    '"emulated services" is that time (the emulator, not Apps Script: it is not used in the estimate).',
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
    'empty ones included, which is what the 10 million-cell limit counts.',
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
