// @ts-check
// How a file-backed execution (the `studio` CLI, the preview server: withWorkbook) reaches the disk so
// that a kill at any moment loses nothing Google would have kept and sends no message twice
// (docs/platform.md, "Durability: the local studio and Google").
//
// - Files: a workbook `<dir>/<name>.xlsx`, its sidecar `<name>.xlsx.runtime.json` (properties, triggers,
//   which other spreadsheets the Drive holds), the Drive's other spreadsheets `<name>.<id>.xlsx` (the
//   archive), each written atomically (durable.js).
// - The journal, `<name>.xlsx.journal`: every one of those files as they should be, in one file written
//   atomically (v8 serialization: quick, no .xlsx encoding). When an execution changes more than one
//   file, it writes the journal first, then the files, then removes the journal; the next process that
//   opens the workbook finds a journal left by a killed one and finishes its work (recover). So the
//   archive never goes without the workbook that points at it, or the other way round.
// - Mail: a message in the outbox is one Google has sent. Before MailApp sends (beforeSend), the journal
//   takes the spreadsheets as Google holds them then: the writes sent to the server (flushed, or sent
//   with a read). Writes still queued are not durable in Google (SpreadsheetApp.flush: "Spreadsheet
//   operations are sometimes bundled together"), so when any are queued the journal is left as it was:
//   the add-on must flush its Email Log rows before it sends, or a killed run sends again.

const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const { Workbook, SheetModel } = require('./workbook');
const { writeAtomic, removeDurably, removeStaleTemps } = require('./durable');
const { isAlive } = require('./lock');

/**
 * What an execution leaves on disk: each spreadsheet with its file name (beside the workbook; the
 * workbook last), and the sidecar's text.
 * @typedef {{ files: [string, Workbook][], sidecar: string }} DiskState
 */

/** The sidecar file holding PropertiesService data and triggers next to a workbook. @param {string} workbookPath */
function sidecarPath(workbookPath) {
  return `${workbookPath}.runtime.json`;
}

/** @param {string} workbookPath */
function journalPath(workbookPath) {
  return `${workbookPath}.journal`;
}

/** @param {string} workbookPath @returns {DiskState | null} */
function readJournal(workbookPath) {
  let bytes;
  try {
    bytes = fs.readFileSync(journalPath(workbookPath));
  } catch {
    return null;
  }
  const state = /** @type {DiskState} */ (v8.deserialize(bytes));
  for (const [, workbook] of state.files) {
    Object.setPrototypeOf(workbook, Workbook.prototype);
    for (const sheet of workbook.sheets) Object.setPrototypeOf(sheet, SheetModel.prototype);
  }
  return state;
}

/**
 * Writes a state's files (the other spreadsheets, the workbook, the sidecar), each atomically; with
 * `journal`, the journal first; any journal is removed last.
 * @param {string} workbookPath @param {DiskState} state @param {boolean} journal
 */
async function writeState(workbookPath, state, journal) {
  if (journal) writeAtomic(journalPath(workbookPath), v8.serialize(state));
  const dir = path.dirname(workbookPath);
  for (const [name, workbook] of state.files) await workbook.save(path.join(dir, name));
  writeAtomic(sidecarPath(workbookPath), state.sidecar);
  removeDurably(journalPath(workbookPath));
}

/**
 * Before a workbook is opened: removes what killed processes left half-written, and finishes the work
 * of a killed execution whose journal is complete. Returns whether there was one.
 * @param {string} workbookPath
 */
async function recover(workbookPath) {
  removeStaleTemps(workbookPath.replace(/\.xlsx$/i, ''), isAlive);
  const state = readJournal(workbookPath);
  if (!state) return false;
  await writeState(workbookPath, state, false);
  return true;
}

/**
 * Guards one file-backed execution: journals before each message MailApp sends, and `save` writes what
 * the execution leaves (journalled when more than one file changes, or a journal was written).
 * @param {string} workbookPath @param {import('./index').Runtime} runtime
 * @param {(changed: boolean) => DiskState} stateOf the state to save (`changed`: with the spreadsheets)
 */
function guard(workbookPath, runtime, stateOf) {
  const sidecarAtLoad = fs.existsSync(sidecarPath(workbookPath))
    ? fs.readFileSync(sidecarPath(workbookPath), 'utf8')
    : '';
  /** @type {{ writes: number, sidecar: string } | null} */
  let journalled = null;
  runtime.beforeSend = () => {
    if (runtime.env.queuedWrites > 0) return;
    const state = stateOf(true);
    if (journalled && journalled.writes === runtime.env.writeCount && journalled.sidecar === state.sidecar) return;
    writeAtomic(journalPath(workbookPath), v8.serialize(state));
    journalled = { writes: runtime.env.writeCount, sidecar: state.sidecar };
  };
  return {
    /** @param {boolean} changed whether the spreadsheets changed */
    async save(changed) {
      runtime.beforeSend = null;
      const state = stateOf(changed);
      const files = state.files.length + (state.sidecar === sidecarAtLoad ? 0 : 1);
      await writeState(workbookPath, state, journalled !== null || files > 1);
    },
  };
}

module.exports = { sidecarPath, journalPath, recover, guard };
