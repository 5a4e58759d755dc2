// @ts-check
// Protected ranges: Range.protect() → Protection, Sheet.getProtections(type), Spreadsheet.getProtections(type)
// and the SpreadsheetApp.ProtectionType enum, as Google documents them:
//
// - reference/spreadsheet/range#protect(): a new protection's editors "mirror those of the spreadsheet
//   itself, which effectively means that the range remains unprotected" until the script changes its
//   editors; protecting a protected range again makes a second, overlapping protection; a cell in
//   several protections is editable only by those every one of them allows.
// - reference/spreadsheet/protection#setWarningOnly(Boolean) and the Sheets API's ProtectedRange
//   (sheets/api/reference/rest/v4/spreadsheets/sheets#ProtectedRange) › warningOnly: "every user can edit
//   data in the protected range, except editing will prompt a warning asking the user to confirm the
//   edit … if this field is true, then editors are ignored"; changed from true to false without editors,
//   "the editors will be set to all the editors in the document". The warning is the editor's UI: a
//   script is never asked and never stopped by a warning-only protection.
// - protection#canEdit(): "The spreadsheet owner is always able to edit protected ranges and sheets."
// - protection#addEditor(String): it "does not automatically give the user permission to edit the
//   spreadsheet itself".
// - A write by someone a protection does not allow fails with Sheets' message (PROTECTED below, as the
//   Sheets API and Apps Script executions report it).
//
// A protection is a record on its sheet (SheetModel.protections, workbook.js), kept in the workbook
// metadata so it survives save and load (.xlsx has no warning-only protected ranges). Its rectangle moves
// and grows with inserted and deleted rows and columns as Sheets moves it (workbook.js moveProtections); a
// side left open by the address it was made from (`B2:B`, `A:A`) takes in the rows or columns added past
// the grid's edge.

const { makeEnum } = require('./instrument');
const { ACCESS_DENIED, canEdit: canEditSpreadsheet } = require('./sharing');
const { User } = require('./services');

const ProtectionType = makeEnum(['RANGE', 'SHEET']);

/** What a write to a protected cell by someone the protection does not allow gets. */
const PROTECTED =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';

/**
 * @typedef {import('./workbook').ProtectionRecord} ProtectionRecord
 * @typedef {import('./spreadsheet').Doc} Doc
 * @typedef {import('./workbook').SheetModel} SheetModel
 */

/** @param {string} a @param {string} b */
const same = (a, b) => a.toLowerCase() === b.toLowerCase();

/** The spreadsheet's owner: its sharing's, else the runtime's user. @param {Doc} doc */
function ownerOf(doc) {
  return doc.workbook.sharing ? doc.workbook.sharing.owner : doc.account.runtimeUser;
}

/** Whether `user` may edit what `record` protects. @param {Doc} doc @param {ProtectionRecord} record @param {string} user */
function mayEdit(doc, record, user) {
  if (same(user, ownerOf(doc))) return true;
  // A person who may only view the spreadsheet edits nothing in it, warning-only protections included.
  if (!canEditSpreadsheet(doc.workbook.sharing, user)) return false;
  if (record.warningOnly) return true;
  return record.editors === null || record.editors.some((e) => same(e, user));
}

/** The last row / column a record covers on a sheet of this size. @param {ProtectionRecord} r @param {SheetModel} m */
function extent(r, m) {
  return {
    lastRow: r.numRows === null ? m.maxRows : r.row + r.numRows - 1,
    lastColumn: r.numColumns === null ? m.maxColumns : r.column + r.numColumns - 1,
  };
}

/**
 * Throws when the execution's user may open the spreadsheet but not edit it (shared with them to view or
 * comment): Google refuses every change such a person's script makes, whatever cell. Google documents no
 * text for it; the runtime gives the one openById gives a person without access (sharing.js).
 * @param {Doc} doc
 */
function mustEditSpreadsheet(doc) {
  if (!canEditSpreadsheet(doc.workbook.sharing, doc.account.user)) throw doc.env.exception(ACCESS_DENIED);
}

/**
 * Throws Sheets' message when the execution's user may not edit a cell of the rectangle (1-based,
 * inclusive) because a protection covers it. Warning-only protections never stop a script.
 * @param {Doc} doc @param {SheetModel} model
 * @param {{ row: number, column: number, lastRow: number, lastColumn: number }} rect
 */
function checkEditable(doc, model, rect) {
  mustEditSpreadsheet(doc);
  for (const p of model.protections) {
    const { lastRow, lastColumn } = extent(p, model);
    const overlaps =
      p.row <= rect.lastRow && rect.row <= lastRow && p.column <= rect.lastColumn && rect.column <= lastColumn;
    if (overlaps && !mayEdit(doc, p, doc.account.user)) throw doc.env.exception(PROTECTED);
  }
}

class Protection {
  /** Setters reach the Sheets server (queued writes); getters answer from the object it returned. */
  static WRITES = new Set([
    'setWarningOnly',
    'setDescription',
    'addEditor',
    'addEditors',
    'removeEditor',
    'removeEditors',
    'setRange',
    'remove',
  ]);
  static LOCAL = new Set(['getDescription', 'isWarningOnly', 'getRange', 'getProtectionType']);

  /** Before any change: a person who may only view the spreadsheet can't make one. */
  _checkWritable() {
    mustEditSpreadsheet(this._doc);
  }

  /**
   * @param {Doc} doc @param {SheetModel} model @param {ProtectionRecord} record
   * @param {(model: SheetModel, row: number, column: number, numRows: number, numColumns: number) => unknown} makeRange
   */
  constructor(doc, model, record, makeRange) {
    this._doc = doc;
    this._model = model;
    this._record = record;
    this._makeRange = makeRange;
  }

  getProtectionType() {
    return ProtectionType.RANGE;
  }

  getDescription() {
    return this._record.description;
  }

  /** @param {string} description */
  setDescription(description) {
    this._mustEdit();
    this._record.description = String(description);
    return this;
  }

  isWarningOnly() {
    return this._record.warningOnly;
  }

  /**
   * Warning-only: everyone may edit, the editors are ignored. Back to false: the editors become the
   * spreadsheet's (Sheets API ProtectedRange.warningOnly). @param {boolean} warningOnly
   */
  setWarningOnly(warningOnly) {
    this._mustEdit();
    if (this._record.warningOnly && !warningOnly) this._record.editors = null;
    this._record.warningOnly = Boolean(warningOnly);
    return this;
  }

  /** The protected cells as they are now (moved with inserted and deleted rows and columns). */
  getRange() {
    const r = this._record;
    const { lastRow, lastColumn } = extent(r, this._model);
    return this._makeRange(this._model, r.row, r.column, lastRow - r.row + 1, lastColumn - r.column + 1);
  }

  /** Whether the execution's user may edit the protected cells (the owner always may). */
  canEdit() {
    return mayEdit(this._doc, this._record, this._doc.account.user);
  }

  /** Everyone Google's page says may edit: the owner, then the editors (the spreadsheet's until changed). */
  getEditors() {
    const { env } = this._doc;
    if (!this.canEdit()) throw env.exception(ACCESS_DENIED);
    return env.array(this._editors().map((email) => env.wrap(new User(email), 'User', 'SpreadsheetApp')));
  }

  /** @param {unknown} emailOrUser */
  addEditor(emailOrUser) {
    return this.addEditors([emailOrUser]);
  }

  /** @param {unknown[]} emails */
  addEditors(emails) {
    this._mustEdit();
    const editors = this._editors();
    for (const email of this._emails(emails, 'addEditors'))
      if (!editors.some((e) => same(e, email))) editors.push(email);
    this._record.editors = editors;
    return this;
  }

  /** @param {unknown} emailOrUser */
  removeEditor(emailOrUser) {
    return this.removeEditors([emailOrUser]);
  }

  /**
   * Takes people off the editors. The owner always may edit and the user running the script stays (as
   * in Google's sample, which removes every editor getEditors() lists and goes on editing).
   * @param {unknown[]} emails
   */
  removeEditors(emails) {
    this._mustEdit();
    const keep = [ownerOf(this._doc), this._doc.account.user];
    const gone = this._emails(emails, 'removeEditors').filter((e) => !keep.some((k) => same(k, e)));
    this._record.editors = this._editors().filter((e) => !gone.some((g) => same(g, e)));
    return this;
  }

  /** Unprotects the range. */
  remove() {
    this._mustEdit();
    this._model.protections = this._model.protections.filter((p) => p !== this._record);
  }

  /** @param {unknown} range a Range of this sheet */
  setRange(range) {
    this._mustEdit();
    const r =
      /** @type {{ _model: SheetModel, _row: number, _column: number, _numRows: number, _numColumns: number, _open?: { rows: boolean, columns: boolean } }} */ (
        this._doc.env.unwrap(range)
      );
    if (!r || r._model !== this._model) throw this._doc.env.exception('Invalid argument: range');
    Object.assign(this._record, rectOf(r));
    return this;
  }

  /** The editor list, made concrete: the spreadsheet's people when it still mirrors them. */
  _editors() {
    const { editors } = this._record;
    if (editors !== null) return [...editors];
    const sharing = this._doc.workbook.sharing;
    return [ownerOf(this._doc), ...(sharing?.editors ?? [])];
  }

  /** @param {unknown[]} values @param {string} method */
  _emails(values, method) {
    if (!Array.isArray(values)) {
      throw this._doc.env.exception(
        `The parameters (${typeof values}) don't match the method signature for SpreadsheetApp.Protection.${method}.`,
      );
    }
    return values.map((v) => {
      const u = /** @type {{ getEmail?: () => string }} */ (this._doc.env.unwrap(v));
      return typeof u === 'object' && u && typeof u.getEmail === 'function' ? u.getEmail() : String(v);
    });
  }

  /** Changing a protection needs edit rights on it (Google: "if the user has permission"). */
  _mustEdit() {
    if (!this.canEdit()) throw this._doc.env.exception(PROTECTED);
  }
}

/**
 * A record's rectangle from a runtime Range (its open sides kept open).
 * @param {{ _row: number, _column: number, _numRows: number, _numColumns: number, _open?: { rows: boolean, columns: boolean } }} range
 */
function rectOf(range) {
  return {
    row: range._row,
    column: range._column,
    numRows: range._open?.rows ? null : range._numRows,
    numColumns: range._open?.columns ? null : range._numColumns,
  };
}

module.exports = { Protection, ProtectionType, PROTECTED, checkEditable, mustEditSpreadsheet, rectOf };
