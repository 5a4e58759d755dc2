// The latency model `npm run bench` uses to estimate how long a job takes in real Apps Script, from what
// the local runtime counts (`runtime.stats`, local/runtime/instrument.js) and the bundle's own compute:
//
//   estimate = perExecution + round trips × perRoundTrip + local calls × perLocalCall
//              + other service calls × perOtherCall + cells read × perCellRead + cells written × perCellWritten
//              + cells searched × perCellSearched + bundle compute (in Node) × v8Factor
//              + UrlFetchApp calls × perFetchCall + time waiting on the remote host × remoteFactor + time slept
//              + messages sent × perRoundTrip
//
// - Round trips (`stats.roundTrips`): the calls that wait for the Sheets server — every read (getValues,
//   getDataRange, getLastRow, getMaxRows, TextFinder.findAll, Sheets.Spreadsheets.get/getByDataFilter…),
//   every write whose answer comes from the server (TextFinder.replaceAllWith, SpreadsheetApp.create), and
//   one per batch of consecutive queued writes (setValues, insertRowsAfter, deleteRows…), sent at the next
//   read, at SpreadsheetApp.flush() or when the execution ends ([6]).
// - Local calls (`stats.localCalls`): builders answered in the script's own process (getRange,
//   getSheetByName, getSheets, getName, createTextFinder and its option setters, newDataValidation…).
// - Other service calls: LockService, Utilities, Session, PropertiesService… (`stats.byService` less
//   SpreadsheetApp and Sheets, the advanced service).
// - Cells: read (`cellsRead`, SpreadsheetApp and the Sheets API alike), written, and searched server-side by
//   TextFinder (`cellsSearched`: a whole column or grid per findAll, however few cells match).
// - UrlFetchApp (the Stripe steps; bench/collect.js): `fetchCalls` (fetch and fetchAll calls, counted by the
//   bench from `stats.byMethod`), and `remoteMs` (`stats.remoteMs`, local/runtime/urlfetch.js: each request's
//   latency as the emulated host gives it — the emulated Stripe's 200 ms a read, 500 ms a write, 1.2 s a
//   charge, local/runtime/stripe/index.js — a fetchAll the longest of its requests, as they go at once
//   [10]). `sleptMs`: Utilities.sleep (the add-on paces Stripe's rate limit with it). HTTPResponse calls
//   (getResponseCode, getContentText) read the answer already in the script: not counted as other calls.
// - Messages sent (`stats.mailsSent`, MailApp.sendEmail): each a round trip to Gmail, as the runtime's clock
//   charges it (local/runtime/faults.js); no published figure found, so priced as a Sheets round trip.
//
// Published measurements (retrieved via the project's reference search; the figures marked "platform
// notes" are as the project's ../shared/notes/platform.md quotes them):
// [1] bugbugnow.net, "GoogleAppsScriptのスプレッドシート処理を高速化する" (2019):
//     https://www.bugbugnow.net/2019/03/GoogleAppsScript-speed-up.html — 1 000 single-cell
//     getRange().getValue() calls: 3.06 s (≈ 3 ms a call: Apps Script answers from its read cache);
//     1 000 getLastRow() calls interleaved with Logger.log: 160 s (≈ 160 ms a call: a real round trip each);
//     one getValues + one setValues of 1 000 cells each: 0.9 s in all.
// [2] "What is faster: ScriptDb or SpreadsheetApp?" (Stack Overflow answer, mirrored at
//     https://ruby-bash.developreference.com/article/29263774/What+is+faster+ScriptDb+or+SpreadsheetApp):
//     one setValues of 4 000 cells < 50 ms (≤ 12.5 µs a cell, call included); 400 row-by-row setValues
//     164 ms (≈ 0.4 ms a call: queued writes, sent together); SpreadsheetApp.flush() ≈ 0.6 s.
// [3] K. Tanaike, "Handling 10,000,000 cells in Google Spreadsheet using Google Apps Script" (2022):
//     https://gist.github.com/tanaikech/cc4380692790150cc090114553e38a0e — reading a 10 M-cell sheet:
//     SpreadsheetApp getValues ≈ 8.5 µs a cell, the Sheets API ≈ 4.5 µs a cell; writing in bulk ≈ 22 µs a
//     cell with the Sheets API to > 36 µs with setValues (platform notes); a 10 M-cell sheet's metadata
//     (max rows/columns) in 0.3 s.
// [4] Google, Apps Script best practices: https://developers.google.com/apps-script/guides/support/best-practices
//     — service calls are far slower than in-script JavaScript; batch reads and writes; alternating reads
//     and writes defeats the caches. Qualitative only.
// [5] L. Peralta, "Google Apps Script APIs performance": https://ziritione.org/post/apps_script_performance
//     — 100 runs each: PropertiesService get ≈ 30 ms, set ≈ 62 ms; CacheService get ≈ 3 ms, put ≈ 93 ms.
// [6] Google Apps Script blog, "Optimizing Spreadsheet Operations" (2010):
//     http://googleappsscript.blogspot.com/2010/06/optimizing-spreadsheet-operations.html — Apps Script
//     keeps a look-ahead read cache and a write cache; every read first commits the write cache. So
//     consecutive writes cost one round trip, and a read after a write costs two.
// [7] K. Tanaike, "Best Practices for Discontinuous Cells on Google Spreadsheet by Google Apps Script" (2023):
//     https://tanaikech.github.io/2023/05/01/best-practices-for-discontinuous-cells-on-google-spreadsheet-by-google-apps-script/
//     — discontinuous ranges read in one Sheets API request cost less than a getValues each (a round trip
//     each) or one getValues of the span around them: what the desk endpoints do with the rows TextFinder
//     finds (one round trip, the rows' cells only).
// [8] mitonattou919, "Google Apps Scripts - キャッシュ" (Qiita): https://qiita.com/mitonattou919/items/a0fdd1a9e4559ee4a512
//     — CacheService get 13–28 ms (average 20–23 ms), put ≈ 56 ms. With [5]: a cache get is 3–23 ms,
//     not free (an index kept in CacheService would cost about a round trip per get).
// [9] TextFinder scans ≈ 1.5 µs per cell server-side (platform notes; not independently verified: no
//     published benchmark was found. The search runs on the server, so it costs one round trip plus the
//     scan, and no cells are transferred except the matches).
// [10] K. Tanaike, "Benchmark: fetchAll method in UrlFetch service for Google Apps Script" (2018):
//     https://tanaikech.github.io/2018/04/19/benchmark-fetchall-method-in-urlfetch-service-for-google-apps-script/
//     — fetchAll sends its requests asynchronously (at once) and returns them in order; and pre-practice.net,
//     "UrlFetchApp.fetchAllを使って複数のfetchを同時にやって…" (2020): https://www.pre-practice.net/2020/03/urlfetchappfetchallfetch.html
//     — three Google Books requests 1.77 s one fetch at a time (≈ 0.6 s each, the remote's time included),
//     0.93 s in one fetchAll.
//
// Choices (the estimate):
// - perRoundTrip 100 ms: between a cached read (≈ 3 ms [1]) and an uncached one (≈ 160 ms [1]); ≈ 3× a
//   PropertiesService get [5], which is one storage round trip. The desk endpoints' reads are mostly
//   uncached (each execution starts cold), so the middle of the range rather than the low end.
// - perLocalCall 0: builders do not leave the script's process ([1]: 1 000 getRange+getValue calls that
//   the cache answered took 3 ms each, builder included). The pessimistic bound charges 1 ms each.
// - perOtherCall 1 ms: Utilities.formatDate, LockService, Session calls do not touch the spreadsheet; no
//   published figure found, so 1 ms each (a guess, well above an in-process call). A PropertiesService or
//   CacheService call is a storage round trip (3–62 ms [5][8]); these jobs make none.
// - perCellRead 8.5 µs: SpreadsheetApp getValues [3] (the Sheets API's 4.5 µs [3] is the optimistic
//   figure; the endpoints' getByDataFilter reads are counted at the SpreadsheetApp rate all the same).
// - perCellWritten 22 µs: a bulk write with the Sheets API [3]; setValues measures > 36 µs [3] and the
//   pessimistic bound takes 50 µs (Sheets also re-applies formats and validations).
// - perCellSearched 1.5 µs: TextFinder [9].
// - perExecution 1.5 s: starting an execution and opening the document (the 1 000-cell example in [1]
//   took 0.9 s in all, cold).
// - Stripe requests: no published latency figure for Stripe's API was found, so the estimate takes the
//   emulated Stripe's (an ASSUMPTION, not a measurement: 200 ms a read, 500 ms a write, 1.2 s to create and
//   confirm an off-session PaymentIntent, a card authorisation at the card network included), a fetchAll
//   the longest of its requests [10] (remoteFactor 1; 2 in the pessimistic bound: Stripe or the network
//   twice as slow), plus perFetchCallMs 100 ms for Apps Script's own part of a UrlFetchApp call (a call to
//   Google's fetch service, priced as a Sheets round trip; [10] gives ≈ 0.6 s a request with the remote's
//   time included; 300 ms in the pessimistic bound, 30 ms in the optimistic one). Time slept counts as it is.
// - v8Factor 3: Apps Script runs the same V8 engine as Node, but on shared, throttled servers with a
//   per-execution memory cap. We found no published Node-versus-Apps-Script comparison of the same code,
//   so we assume 3× slower than this machine's Node (5× in the pessimistic bound, 2× in the optimistic).
//
// Replace these with measurements from a real deployment (the Run Log's Started/Finished columns time every
// Daily Processes run) when there are some.

const MODEL = {
  name: 'estimate',
  perExecutionMs: 1500,
  perRoundTripMs: 100,
  perLocalCallMs: 0,
  perOtherCallMs: 1,
  perCellReadMs: 0.0085,
  perCellWrittenMs: 0.022,
  perCellSearchedMs: 0.0015,
  v8Factor: 3,
  /** Apps Script's part of a UrlFetchApp.fetch or fetchAll call, besides the remote host's time. */
  perFetchCallMs: 100,
  /** The remote host's time (`remoteMs`: the emulated Stripe's latency, a fetchAll its longest) × this. */
  remoteFactor: 1,
  /** Write batching as Apps Script does it [6]: queued writes go in one round trip. */
  batchedWrites: true,
  limitMs: 6 * 60 * 1000,
};

/**
 * The pessimistic bound: no write batching (every write call its own round trip, besides every read),
 * each round trip at the slow end of [1] (160 ms), 1 ms per local call, reads at 20 µs a cell, writes at
 * 50 µs, TextFinder at 3 µs a cell (twice [9]), Apps Script's V8 at 5× this machine's Node.
 */
const PESSIMISTIC = {
  ...MODEL,
  name: 'pessimistic',
  perRoundTripMs: 160,
  perLocalCallMs: 1,
  perCellReadMs: 0.02,
  perCellWrittenMs: 0.05,
  perCellSearchedMs: 0.003,
  v8Factor: 5,
  perFetchCallMs: 300,
  remoteFactor: 2,
  batchedWrites: false,
};

/**
 * The optimistic bound: a round trip at 30 ms (between the cached 3 ms and PropertiesService's 30 ms
 * [1][5]), 0.5 s per execution, reads at the Sheets API's 4.5 µs a cell [3], 0.1 ms per other service
 * call, V8 at 2× this machine's Node; writes and searches as in the estimate.
 */
const OPTIMISTIC = {
  ...MODEL,
  name: 'optimistic',
  perExecutionMs: 500,
  perRoundTripMs: 30,
  perOtherCallMs: 0.1,
  perCellReadMs: 0.0045,
  v8Factor: 2,
  perFetchCallMs: 30,
};

/**
 * @typedef {{ sheetsCalls: number, roundTrips: number, localCalls: number, writeCalls: number,
 *   reads?: number, cellsRead: number, cellsWritten: number, cellsSearched: number,
 *   byService: Record<string, number>, fetchCalls?: number, remoteMs?: number, sleptMs?: number,
 *   mailsSent?: number }} RunStats
 */

/**
 * Service calls other than SpreadsheetApp's, the Sheets advanced service's and UrlFetchApp's (priced apart:
 * `fetchCalls`, `remoteMs`). @param {RunStats} stats
 */
function otherCalls(stats) {
  return Object.entries(stats.byService)
    .filter(([service]) => service !== 'SpreadsheetApp' && service !== 'Sheets' && service !== 'UrlFetchApp')
    .reduce((n, [, c]) => n + c, 0);
}

/**
 * Round trips under `model`: as counted (writes batched), or without batching — every read round trip
 * (`stats.reads`, counted by bench/size.js) plus every write call.
 * @param {RunStats} stats @param {typeof MODEL} [model]
 */
function roundTrips(stats, model = MODEL) {
  return model.batchedWrites ? stats.roundTrips : (stats.reads ?? stats.roundTrips) + stats.writeCalls;
}

/**
 * The estimated time in Apps Script of one execution, in ms.
 * @param {RunStats} stats
 * @param {number} computeMs the bundle's own compute in Node
 * @param {typeof MODEL} [model]
 */
function estimateMs(stats, computeMs, model = MODEL) {
  return (
    model.perExecutionMs +
    roundTrips(stats, model) * model.perRoundTripMs +
    stats.localCalls * model.perLocalCallMs +
    otherCalls(stats) * model.perOtherCallMs +
    stats.cellsRead * model.perCellReadMs +
    stats.cellsWritten * model.perCellWrittenMs +
    stats.cellsSearched * model.perCellSearchedMs +
    computeMs * model.v8Factor +
    (stats.fetchCalls ?? 0) * model.perFetchCallMs +
    (stats.remoteMs ?? 0) * model.remoteFactor +
    (stats.sleptMs ?? 0) +
    (stats.mailsSent ?? 0) * model.perRoundTripMs
  );
}

/** One line describing `model`, for the report. @param {typeof MODEL} model */
function describe(model) {
  const us = (/** @type {number} */ ms) => `${+(ms * 1000).toFixed(2)} µs`;
  return (
    `${model.perExecutionMs} ms per execution + ${model.perRoundTripMs} ms × ` +
    `${model.batchedWrites ? 'round trips' : 'round trips without write batching (reads + every write call)'} + ` +
    `${model.perLocalCallMs} ms × local calls + ${model.perOtherCallMs} ms × other service calls + ` +
    `${us(model.perCellReadMs)} × cells read + ${us(model.perCellWrittenMs)} × cells written + ` +
    `${us(model.perCellSearchedMs)} × cells searched + bundle compute × ${model.v8Factor} + ` +
    `${model.perFetchCallMs} ms × UrlFetchApp calls + the remote host's time × ${model.remoteFactor} + time slept + ` +
    `${model.perRoundTripMs} ms × messages sent`
  );
}

module.exports = { MODEL, OPTIMISTIC, PESSIMISTIC, estimateMs, otherCalls, roundTrips, describe };
