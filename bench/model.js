// The latency model `npm run bench` uses to estimate how long a job takes in real Apps Script, from what
// the local runtime counts (Sheets calls, cells read, cells written) and the bundle's own compute time.
//
//   estimate = perExecution + Sheets calls × perCall + other service calls × perOtherCall
//              + cellsRead × perCellRead + cellsWritten × perCellWritten + bundle compute (in Node) × v8Factor
//
// No source publishes a per-call and per-cell cost for SpreadsheetApp that we could adopt as-is, so the
// figures are conservative upper bounds chosen from the published measurements below (each figure is
// several times the measured cost it is derived from). Replace them with measurements from a real
// deployment (the Run Log's Started/Finished columns time every Daily Processes run) when there are some.
//
// Published measurements (retrieved via the project's reference search):
// [1] bugbugnow.net, "GoogleAppsScriptのスプレッドシート処理を高速化する" (2019):
//     https://www.bugbugnow.net/2019/03/GoogleAppsScript-speed-up.html — 1 000 single-cell
//     getRange().getValue() calls: 3.06 s (≈ 3 ms a call); 1 000 getLastRow() calls interleaved with
//     Logger.log: 160 s (≈ 160 ms a call); one getValues + one setValues of 1 000 cells each: 0.9 s in all.
// [2] "What is faster: ScriptDb or SpreadsheetApp?" (Stack Overflow answer, mirrored at
//     https://ruby-bash.developreference.com/article/29263774/What+is+faster+ScriptDb+or+SpreadsheetApp):
//     one setValues of 4 000 cells < 50 ms (≤ 12.5 µs a cell, call included); 400 row-by-row setValues
//     164 ms (≈ 0.4 ms a call); SpreadsheetApp.flush() ≈ 0.6 s.
// [3] K. Tanaike, "Handling 10,000,000 cells in Google Spreadsheet using Google Apps Script" (gist, 2022):
//     https://gist.github.com/tanaikech/cc4380692790150cc090114553e38a0e — a 10 M-cell sheet's metadata
//     (max rows/columns) in 0.3 s. (Its full read/write timings were not in the retrieved excerpt.)
// [4] Google, Apps Script best practices: https://developers.google.com/apps-script/guides/support/best-practices
//     — service calls are far slower than in-script JavaScript; batch reads and writes; alternating reads
//     and writes defeats the caches. Qualitative only.
// [5] L. Peralta, "Google Apps Script APIs performance": https://ziritione.org/post/apps_script_performance
//     — PropertiesService get ≈ 30 ms, set ≈ 62 ms (100 runs): the order of a round trip to a service.
//
// Choices:
// - perCall 100 ms: above every per-call cost measured for SpreadsheetApp in [1]–[3] except getLastRow
//   interleaved with logging (which flushes), and ≈ 2–3× a PropertiesService round trip [5]. Counted for
//   every SpreadsheetApp-family call, including getRange/getSheetByName that real Apps Script resolves
//   locally without a round trip, so it over-counts.
// - perCellRead 20 µs and perCellWritten 50 µs: [2] bounds a bulk write at ≤ 12.5 µs a cell including
//   the call; [1] bounds a bulk read + write of 1 000 cells at 0.9 s including opening the spreadsheet.
//   We take 4× for writes (Sheets also re-renders, re-applies formats and validations) and assume reads
//   cost 40 % of writes. At these rates a full read of a 10 M-cell spreadsheet would take 200 s: a real
//   danger sign we want the model to show, not hide.
// - perOtherCall 1 ms: Utilities.formatDate, LockService, Session calls do not touch the spreadsheet; no
//   published figure found, so 1 ms each (a guess, well above an in-process call; PropertiesService,
//   which does a storage round trip, measures ≈ 30 ms in [5] and is not used by these jobs).
// - perExecution 1.5 s: starting an execution and opening the document (the 1 000-cell example in [1]
//   took 0.9 s in all).
// - v8Factor 3: Apps Script runs the same V8 engine as Node, but on shared, throttled servers with a
//   per-execution memory cap. We found no published Node-versus-Apps-Script comparison of the same code,
//   so we assume 3× slower than this machine's Node, and the results also show the estimate at 5×.

const MODEL = {
  perExecutionMs: 1500,
  perCallMs: 100,
  perOtherCallMs: 1,
  perCellReadMs: 0.02,
  perCellWrittenMs: 0.05,
  v8Factor: 3,
  limitMs: 6 * 60 * 1000,
};

/**
 * The range the results also show. Optimistic: the measured figures themselves rather than bounds
 * ([2]: ≤ 12.5 µs a written cell, call included; reads taken at 40 % of that; 20 ms a call; Node-speed
 * ×2). Pessimistic: the model with Apps Script's V8 at 5× this machine's Node.
 */
const OPTIMISTIC = {
  ...MODEL,
  perExecutionMs: 500,
  perCallMs: 20,
  perOtherCallMs: 0.1,
  perCellReadMs: 0.005,
  perCellWrittenMs: 0.0125,
  v8Factor: 2,
};
const PESSIMISTIC = { ...MODEL, v8Factor: 5 };

/** Service calls other than SpreadsheetApp's. @param {{ sheetsCalls: number, byMethod: Record<string, number> }} stats */
function otherCalls(stats) {
  return Object.values(stats.byMethod).reduce((n, c) => n + c, 0) - stats.sheetsCalls;
}

/**
 * The estimated time in Apps Script of one execution.
 * @param {{ sheetsCalls: number, cellsRead: number, cellsWritten: number, byMethod: Record<string, number> }} stats
 * @param {number} computeMs the bundle's own compute in Node
 * @param {typeof MODEL} [model]
 */
function estimateMs(stats, computeMs, model = MODEL) {
  return (
    model.perExecutionMs +
    stats.sheetsCalls * model.perCallMs +
    otherCalls(stats) * model.perOtherCallMs +
    stats.cellsRead * model.perCellReadMs +
    stats.cellsWritten * model.perCellWrittenMs +
    computeMs * model.v8Factor
  );
}

module.exports = { MODEL, OPTIMISTIC, PESSIMISTIC, estimateMs, otherCalls };
