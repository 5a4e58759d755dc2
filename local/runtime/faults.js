// @ts-check
// Google as it fails: the error text a failed service call throws, and what each call costs in time.
//
// Failures (docs/platform.md › "Failures at any call and the 6-minute limit"): Apps Script services throw
// an exception and the execution stops unless the script catches it. The texts below are Google's, by
// service: a Sheets server error names the document; the Sheets API answers 429 past its per-minute
// quota (https://developers.google.com/workspace/sheets/api/limits); MailApp past its daily quota
// (https://developers.google.com/apps-script/guides/services/quotas); a lock not given in time
// (https://developers.google.com/apps-script/reference/lock/lock#waitLock(Integer)); any other service
// fails with the generic server error. A test may give its own text instead (`faults.error`).
//
// Time: every outermost call advances the execution's clock by the cost model of `npm run bench`
// (bench/model.js), at its OPTIMISTIC figures (so a job the runtime kills would be killed by Google
// too): 0.5 s to start an execution, 30 ms a round trip, 4.5 µs a cell read, 22 µs a cell written, 1.5 µs
// a cell searched, 0.1 ms any other service call. Two calls the model does not list are round trips to
// other Google servers: MailApp.sendEmail (the message goes to Gmail) and every PropertiesService call
// (a storage round trip, 3–62 ms in bench/model.js [5][8]). A UrlFetchApp call also takes what the
// remote host took (the emulated host's latency: stats.remoteMs). The bundle's own compute is not counted: it
// varies with the machine, and the runtime's kill must be the same on every run.

const { OPTIMISTIC } = require('../../bench/model');

/** Apps Script's time limits (guides/services/quotas › Current limitations). */
const LIMITS = {
  /** Script runtime: 6 min / execution. */
  executionMs: 6 * 60 * 1000,
  /** Simple triggers (onOpen, onInstall…): 30 s / execution. */
  simpleTriggerMs: 30 * 1000,
};

/** What Google says when it stops an execution at its limit. */
const TIME_LIMIT_MESSAGE = 'Exceeded maximum execution time';

const SHEETS_QUOTA =
  "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:1'.";

/**
 * Google's text for a failed call of `service` (`method` is "Class.method"), and the error's name.
 * `args`: the call's arguments (a failed fetch names its URL: "Address unavailable: <url>", the text
 * users report when the host cannot be reached).
 * @param {string} service @param {string} method @param {string} documentId @param {unknown[]} [args]
 * @returns {{ name: string, message: string }}
 */
function googleFailure(service, method, documentId, args = []) {
  switch (service) {
    case 'UrlFetchApp':
      return { name: 'Exception', message: `Address unavailable: ${firstUrl(args)}` };
    case 'SpreadsheetApp':
      return {
        name: 'Exception',
        message: `Service Spreadsheets failed while accessing document with id ${documentId}.`,
      };
    case 'Sheets':
      return {
        name: 'GoogleJsonResponseException',
        message: `API call to sheets.spreadsheets.${method.split('.')[1]} failed with error: ${SHEETS_QUOTA}`,
      };
    case 'MailApp':
      return { name: 'Exception', message: 'Service invoked too many times for one day: email.' };
    case 'LockService':
      return { name: 'Exception', message: 'Lock timeout: another process was holding the lock for too long.' };
    default:
      return { name: 'Exception', message: "We're sorry, a server error occurred. Please wait a bit and try again." };
  }
}

/** The URL a fetch or the first of a fetchAll names. @param {unknown[]} args */
function firstUrl(args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'string') return first;
  const url = /** @type {{ url?: unknown }} */ (first)?.url;
  return typeof url === 'string' ? url : '';
}

/**
 * @typedef {{ roundTrips: number, cellsRead: number, cellsWritten: number, cellsSearched: number, remoteMs: number }} Counters
 *   `remoteMs`: time spent waiting for other hosts (UrlFetchApp: each request's latency, a fetchAll's longest).
 */

/** @param {{ roundTrips: number, cellsRead: number, cellsWritten: number, cellsSearched: number, remoteMs?: number }} s @returns {Counters} */
function counters(s) {
  return {
    roundTrips: s.roundTrips,
    cellsRead: s.cellsRead,
    cellsWritten: s.cellsWritten,
    cellsSearched: s.cellsSearched,
    remoteMs: s.remoteMs ?? 0,
  };
}

/**
 * Milliseconds one outermost call took, from the counters before and after it.
 * @param {string} service @param {string} method "Class.method" @param {Counters} before @param {Counters} after
 */
function callCostMs(service, method, before, after) {
  const m = OPTIMISTIC;
  let roundTrips = after.roundTrips - before.roundTrips;
  if (method === 'MailApp.sendEmail' || service === 'PropertiesService') roundTrips++;
  const other = service === 'SpreadsheetApp' || service === 'Sheets' ? 0 : m.perOtherCallMs;
  return (
    roundTrips * m.perRoundTripMs +
    (after.cellsRead - before.cellsRead) * m.perCellReadMs +
    (after.cellsWritten - before.cellsWritten) * m.perCellWrittenMs +
    (after.cellsSearched - before.cellsSearched) * m.perCellSearchedMs +
    (after.remoteMs - before.remoteMs) +
    other
  );
}

/** What starting an execution costs. */
const EXECUTION_START_MS = OPTIMISTIC.perExecutionMs;

module.exports = { LIMITS, TIME_LIMIT_MESSAGE, googleFailure, counters, callCostMs, EXECUTION_START_MS };
