// @ts-check
// SpreadsheetApp over the in-memory Workbook: Spreadsheet, Sheet, Range and data validation builders,
// following the Apps Script reference (argument checks and error messages included).

const { parseA1, toA1 } = require('./a1');
const { makeEnum, signature } = require('./instrument');
const { isValidTimeZone } = require('./timezone');
const { cellValue, displayValue, storeInput } = require('./values');
const { createTextFinder } = require('./textfinder');
const { EmbeddedChart, EmbeddedChartBuilder, newChartRecord } = require('./charts');
const { Ui } = require('./ui');
const { Workbook: WorkbookModel } = require('./workbook');
const { User } = require('./services');
const { ACCESS_DENIED, canOpen, canEdit, share, sameEmail, isEmail } = require('./sharing');
const { Protection, ProtectionType, checkEditable, mustEditSpreadsheet, rectOf } = require('./protection');

/** What getNumberFormat() reports for a cell with the automatic format. */
const AUTOMATIC_FORMAT = '0.###############';
const SERVICE = 'SpreadsheetApp';
const DataValidationCriteria = makeEnum(['VALUE_IN_LIST', 'VALUE_IN_RANGE']);

/**
 * @typedef {import('./instrument').Env} Env
 * @typedef {import('./workbook').Workbook} Workbook
 * @typedef {import('./workbook').SheetModel} SheetModel
 * @typedef {import('./workbook').ValidationRule} ValidationRule
 * @typedef {{ sheet: string, ranges: string[] }} Selection the selected blocks (A1) on one sheet, last = current
 * @typedef {{ user: string, runtimeUser: string }} Account
 *   who runs the execution (`user`: sharing decides what they may open) and the runtime's own user, the
 *   owner of a spreadsheet whose sharing is not modelled
 * @typedef {{ env: Env, workbook: Workbook, ui: import('./ui').UiRecord, selection: Selection | null, account: Account }} Doc
 * @typedef {Map<string, Workbook>} Drive
 * @typedef {{ hasActiveDocument: boolean, hasUi: boolean, locale: string }} SpreadsheetContext
 *   hasActiveDocument false: an add-on's time-driven run or a web app, where getActiveSpreadsheet() is
 *   null; hasUi false: no editor is open (a time-driven run, a web app), where getUi() throws.
 */

/**
 * The first sheet's name in a new spreadsheet, as Sheets shows it in the user's language (the
 * platform notes: a Spanish user's new spreadsheet has "Hoja 1").
 */
const FIRST_SHEET_NAME = /** @type {Record<string, string>} */ ({
  en: 'Sheet1',
  es: 'Hoja 1',
  fr: 'Feuille 1',
  de: 'Tabellenblatt1',
  pt: 'Página1',
  it: 'Foglio1',
});

/** @param {string} locale e.g. "es_ES" */
function firstSheetName(locale) {
  return FIRST_SHEET_NAME[locale.split(/[_-]/)[0].toLowerCase()] ?? FIRST_SHEET_NAME.en;
}

// Round trips (instrument.js): each class lists its LOCAL calls (answered in the script's process, no
// request to the Sheets server) next to its WRITES (queued until the next read or flush); every other
// method is a read, one round trip. Where Google's pages say nothing the choice follows the platform
// notes (getRange, getSheetByName are local) and leans to a round trip when the answer is server state
// (the last row, the grid size, the selection, the time zone).

class SpreadsheetAppService {
  static WRITES = new Set(['create']);
  /** create returns the new file, whose id the server makes. */
  static WRITES_WITH_REPLY = new Set(['create']);
  /** flush costs the queued writes it sends, nothing itself. */
  static LOCAL = new Set(['getActive', 'getActiveSpreadsheet', 'getUi', 'newDataValidation', 'flush']);

  /**
   * @param {Doc} doc the runtime's own spreadsheet (the active one, unless the context has none)
   * @param {Drive} [drive] the other spreadsheets the user can open, by id
   * @param {SpreadsheetContext} [context]
   */
  constructor(doc, drive = new Map(), context = { hasActiveDocument: true, hasUi: true, locale: 'en_US' }) {
    this._doc = doc;
    this._drive = drive;
    this._context = context;
    this.DataValidationCriteria = DataValidationCriteria;
    this.ProtectionType = ProtectionType;
  }

  /**
   * A new spreadsheet in the Drive of the user the execution runs as, owned by them and shared with
   * nobody (Drive: "files you create belong to you"; the platform notes), with one sheet (1 000 rows × 26
   * columns, or the given size) named in the user's language ("Sheet1", "Hoja 1"…) and the user's
   * locale. Its time zone is the runtime workbook's (a real one takes the owner's Drive setting).
   * @param {string} name @param {number} [rows] @param {number} [columns]
   */
  create(name, rows, columns) {
    if (typeof name !== 'string' || name === '') throw this._doc.env.exception('Invalid argument: name');
    const { locale } = this._context;
    const owner = this._doc.account.user || this._doc.account.runtimeUser;
    const sharing = { owner, editors: [], viewers: [] };
    const workbook = WorkbookModel.create({ timeZone: this._doc.workbook.timeZone, name, sheets: [], locale, sharing });
    const model = workbook.addSheet(firstSheetName(locale));
    if (rows !== undefined) model.maxRows = rows;
    if (columns !== undefined) model.maxColumns = columns;
    this._drive.set(workbook.id, workbook);
    return spreadsheet(this._other(workbook));
  }

  /**
   * Any spreadsheet of the Drive, the runtime's own included, that is shared with the execution's user
   * (sharing.js; one without a sharing record opens for everyone).
   * @param {string} id
   */
  openById(id) {
    const workbook = openableWorkbook(this._doc.workbook, this._drive, id);
    if (!workbook)
      throw this._doc.env.exception(
        'Unexpected error while getting the method or property openById on object SpreadsheetApp.',
      );
    if (!canOpen(workbook.sharing, this._doc.account.user)) throw this._doc.env.exception(ACCESS_DENIED);
    return spreadsheet(workbook === this._doc.workbook ? this._doc : this._other(workbook));
  }

  /** @param {Workbook} workbook @returns {Doc} */
  _other(workbook) {
    return { env: this._doc.env, workbook, ui: this._doc.ui, selection: null, account: this._doc.account };
  }

  /**
   * The active spreadsheet, or null in an add-on's time-driven run: nothing is open (the platform notes;
   * Google's pages promise no active document to a trigger that is not bound to one).
   */
  getActive() {
    return this._activeSpreadsheet();
  }

  getActiveSpreadsheet() {
    return this._activeSpreadsheet();
  }

  /** Without counting a call (for event objects). */
  _activeSpreadsheet() {
    return this._context.hasActiveDocument ? spreadsheet(this._doc) : null;
  }

  /** The editor's UI; a time-driven run has none and Apps Script throws this message. */
  getUi() {
    if (!this._context.hasUi) throw this._doc.env.exception('Cannot call SpreadsheetApp.getUi() from this context.');
    return this._doc.env.wrap(new Ui(this._doc.env, this._doc.ui), 'Ui', SERVICE);
  }

  newDataValidation() {
    return this._doc.env.wrap(new DataValidationBuilder(this._doc.env), 'DataValidationBuilder', SERVICE);
  }

  /**
   * Writes are applied immediately in the emulator; flush only closes the batch of queued writes in the
   * round-trip count (reference/spreadsheet/spreadsheet-app#flush()).
   */
  flush() {
    this._doc.env.sendQueuedWrites();
  }
}

/**
 * The workbook `id` names among those an execution can find: its own, or one of the Drive's; whether
 * the user may open it is the sharing's to say (sharing.js). openById and the Sheets advanced service
 * share this rule.
 * @param {Workbook} own @param {Drive} drive @param {unknown} id @returns {Workbook | undefined}
 */
function openableWorkbook(own, drive, id) {
  return id === own.id ? own : drive.get(String(id));
}

/** A wrapped 1×1 Range (what a TextFinder returns). @param {Doc} doc @returns {import('./textfinder').MakeRange} */
function cellMaker(doc) {
  return (model, row, column) => doc.env.wrap(new Range(doc, model, row, column, 1, 1), 'Range', SERVICE);
}

/** The email an argument names: a string, or a `User` (its getEmail()). @param {unknown} value */
function emailOf(value) {
  const u = /** @type {{ getEmail?: () => unknown }} */ (value);
  return typeof u?.getEmail === 'function' ? String(u.getEmail()) : String(value);
}

/** A Base `User` (reference/base/user). @param {Env} env @param {string} email */
function user(env, email) {
  return env.wrap(new User(email), 'User', SERVICE);
}

/** @param {Doc} doc */
function spreadsheet(doc) {
  return doc.env.wrap(new Spreadsheet(doc), 'Spreadsheet', SERVICE);
}

/** @param {Doc} doc @param {SheetModel} model */
function sheet(doc, model) {
  return doc.env.wrap(new Sheet(doc, model), 'Sheet', SERVICE);
}

/**
 * The range protections of `models`, in tab order then in the order they were made, for
 * getProtections(type): SHEET protections are not modelled (Sheet.protect() is not emulated), so that
 * type finds none. Anything but a ProtectionType member is a signature error.
 * @param {Doc} doc @param {SheetModel[]} models @param {unknown} type @param {string} owner "Sheet" or "Spreadsheet"
 */
function protectionsOf(doc, models, type, owner) {
  if (type !== ProtectionType.RANGE && type !== ProtectionType.SHEET) {
    throw doc.env.exception(
      `The parameters (${signature([type])}) don't match the method signature for SpreadsheetApp.${owner}.getProtections.`,
    );
  }
  if (type === ProtectionType.SHEET) return doc.env.array([]);
  const found = models.flatMap((model) => model.protections.map((record) => protection(doc, model, record)));
  return doc.env.array(found);
}

/** @param {Doc} doc @param {SheetModel} model @param {import('./protection').ProtectionRecord} record */
function protection(doc, model, record) {
  const makeRange = (
    /** @type {SheetModel} */ m,
    /** @type {number} */ row,
    /** @type {number} */ column,
    /** @type {number} */ numRows,
    /** @type {number} */ numColumns,
  ) => doc.env.wrap(new Range(doc, m, row, column, numRows, numColumns), 'Range', SERVICE);
  return doc.env.wrap(new Protection(doc, model, record, makeRange), 'Protection', SERVICE);
}

class Spreadsheet {
  static WRITES = new Set(['insertSheet', 'deleteSheet', 'setSpreadsheetTimeZone', 'addEditor', 'addEditors']);
  /** toast shows in the editor: like Ui calls it does not send the queued writes. */
  static LOCAL = new Set(['getId', 'getName', 'getUrl', 'getSheetByName', 'getSheets', 'createTextFinder', 'toast']);

  /** @param {Doc} doc */
  constructor(doc) {
    this._doc = doc;
  }

  /** Before any change: a person who may only view the spreadsheet can't make one (protection.js). */
  _checkWritable() {
    mustEditSpreadsheet(this._doc);
  }

  getId() {
    return this._doc.workbook.id;
  }

  getName() {
    return this._doc.workbook.name;
  }

  getUrl() {
    return `https://docs.google.com/spreadsheets/d/${this._doc.workbook.id}/edit`;
  }

  /** @param {string} name */
  getSheetByName(name) {
    const model = this._doc.workbook.sheet(String(name));
    return model ? sheet(this._doc, model) : null;
  }

  getSheets() {
    return this._doc.env.array(this._doc.workbook.sheets.map((m) => sheet(this._doc, m)));
  }

  /** Every protected range of every sheet, in tab order (reference/spreadsheet/spreadsheet#getProtections(ProtectionType)). @param {unknown} type */
  getProtections(type) {
    return protectionsOf(this._doc, this._doc.workbook.sheets, type, 'Spreadsheet');
  }

  /** A TextFinder over every sheet's whole grid, in tab order (reference/spreadsheet/spreadsheet#createTextFinder(String)). @param {string} findText */
  createTextFinder(findText) {
    const scopes = this._doc.workbook.sheets.map((model) => ({ model, rect: null }));
    const { env, workbook } = this._doc;
    const mustEdit = () => mustEditSpreadsheet(this._doc);
    return createTextFinder(env, scopes, findText, cellMaker(this._doc), workbook.timeZone, 'Spreadsheet', mustEdit);
  }

  /**
   * insertSheet(), insertSheet(sheetName), insertSheet(sheetName, sheetIndex) or insertSheet(sheetIndex).
   * The new sheet goes after the active sheet (or at the 0-based index) and becomes the active sheet.
   * @param {string | number} [nameOrIndex] @param {number} [index]
   */
  insertSheet(nameOrIndex, index) {
    const wb = this._doc.workbook;
    if (typeof nameOrIndex === 'number') [nameOrIndex, index] = [undefined, nameOrIndex];
    let name = nameOrIndex === undefined ? '' : String(nameOrIndex);
    if (!name) {
      let n = wb.sheets.length + 1;
      while (wb.sheet(`Sheet${n}`)) n++;
      name = `Sheet${n}`;
    }
    if (wb.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
      throw this._doc.env.exception(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    if (index !== undefined && (!Number.isInteger(index) || index < 0 || index > wb.sheets.length)) {
      throw this._doc.env.exception(`Invalid argument: sheetIndex`);
    }
    const at = index ?? wb.sheets.indexOf(wb.activeSheet()) + 1;
    const model = wb.addSheet(name, at);
    wb.activeSheetName = name;
    return sheet(this._doc, model);
  }

  /** @param {Sheet} target */
  deleteSheet(target) {
    const wb = this._doc.workbook;
    const s = /** @type {Sheet} */ (this._doc.env.unwrap(target));
    const model = s instanceof Sheet ? s._model : null;
    const i = model ? wb.sheets.indexOf(model) : -1;
    if (!model || i < 0) throw this._doc.env.exception('Invalid argument: sheet');
    if (wb.sheets.length === 1) {
      throw this._doc.env.exception("You can't remove all the sheets in a document.");
    }
    wb.sheets.splice(i, 1);
    if (wb.activeSheetName === model.name) wb.activeSheetName = null;
  }

  getSpreadsheetTimeZone() {
    return this._doc.workbook.timeZone;
  }

  /** @param {string} timeZone */
  setSpreadsheetTimeZone(timeZone) {
    if (!isValidTimeZone(timeZone)) throw this._doc.env.exception(`Invalid argument: timeZone`);
    this._doc.workbook.timeZone = timeZone;
  }

  getActiveSheet() {
    return sheet(this._doc, this._doc.workbook.activeSheet());
  }

  /** @param {Sheet} target */
  setActiveSheet(target) {
    const s = /** @type {Sheet} */ (this._doc.env.unwrap(target));
    if (!(s instanceof Sheet))
      throw this._doc.env.exception(
        `The parameters (${signature([target])}) don't match the method signature for SpreadsheetApp.Spreadsheet.setActiveSheet.`,
      );
    this._doc.workbook.activeSheetName = s._model.name;
    return sheet(this._doc, s._model);
  }

  /**
   * The selection on the active sheet (A1 unless the runtime or Range.activate() set one). Of a
   * multi-block selection only the last block: reference/spreadsheet/spreadsheet#getActiveRange "If
   * multiple ranges are selected this method returns only the last selected range".
   */
  getActiveRange() {
    return new Sheet(this._doc, this._doc.workbook.activeSheet()).getActiveRange();
  }

  /** Every selected block on the active sheet, or null when nothing is selected there. */
  getActiveRangeList() {
    return new Sheet(this._doc, this._doc.workbook.activeSheet()).getActiveRangeList();
  }

  /**
   * The owner (reference/spreadsheet/spreadsheet#getOwner(): "the owner of the document, or null for a
   * document in a shared drive"; shared drives are not modelled). A spreadsheet without a sharing
   * record belongs to the runtime's user.
   */
  getOwner() {
    const { sharing } = this._doc.workbook;
    return user(this._doc.env, sharing ? sharing.owner : this._doc.account.runtimeUser);
  }

  /**
   * The editors (reference/spreadsheet/spreadsheet#getEditors()), in the order they were added, without
   * the owner (Google's page does not say whether the owner is listed: check getOwner() too). Drive lists
   * the people only to those who can edit: a viewer's call throws the permission exception. Without a
   * sharing record: none (everyone may edit, nobody is listed).
   */
  getEditors() {
    const { env, workbook } = this._doc;
    if (!canEdit(workbook.sharing, this._doc.account.user)) throw env.exception(ACCESS_DENIED);
    return env.array((workbook.sharing?.editors ?? []).map((email) => user(env, email)));
  }

  /**
   * _Write._ Shares the spreadsheet with one person as an editor (reference/spreadsheet/spreadsheet
   * #addEditor(String): "Adds the given user to the list of editors for the Spreadsheet. If the user was
   * already on the list of viewers, this method promotes the user out of the list of viewers"). Only
   * someone who can edit it may share it (Drive's default); an argument that is no email throws
   * `Invalid argument: email`. The owner stays the owner. A spreadsheet without a sharing record is open
   * to everyone already: nothing changes.
   * @param {unknown} emailOrUser an email or a User
   */
  addEditor(emailOrUser) {
    return this.addEditors([emailOf(emailOrUser)]);
  }

  /** _Write._ addEditor for each email, in one call (reference/spreadsheet/spreadsheet#addEditors(String)). @param {unknown} emails */
  addEditors(emails) {
    const { env, workbook, account } = this._doc;
    if (!Array.isArray(emails)) throw env.exception('Invalid argument: emailAddresses');
    const list = emails.map((e) => String(e));
    if (!list.every(isEmail)) throw env.exception('Invalid argument: email');
    if (!canEdit(workbook.sharing, account.user)) throw env.exception(ACCESS_DENIED);
    let sharing = workbook.sharing;
    if (!sharing) return spreadsheet(this._doc);
    for (const email of list)
      if (!sameEmail(sharing.owner, email)) sharing = share(sharing, email, 'editor', sharing.owner);
    workbook.sharing = sharing;
    return spreadsheet(this._doc);
  }

  /** The spreadsheet's locale, e.g. "en_US". */
  getSpreadsheetLocale() {
    return this._doc.workbook.locale;
  }

  /**
   * A small popup in the corner of the spreadsheet, recorded in `ui.toasts`. Without a timeout it shows
   * for 5 seconds; a negative one stays until dismissed (reference/spreadsheet/spreadsheet#toast).
   * @param {unknown} msg @param {unknown} [title] @param {number | null} [timeoutSeconds]
   */
  toast(msg, title, timeoutSeconds) {
    this._doc.ui.toasts.push({
      message: String(msg),
      title: title === undefined || title === null ? null : String(title),
      timeoutSeconds: typeof timeoutSeconds === 'number' ? timeoutSeconds : 5,
    });
  }
}

class Sheet {
  static WRITES = new Set([
    'insertRowsAfter',
    'insertColumnsAfter',
    'deleteRows',
    'deleteColumns',
    'setFrozenRows',
    'setColumnWidth',
    'setColumnWidths',
    'hideSheet',
    'showSheet',
    'clear',
    'insertChart',
    'updateChart',
    'removeChart',
  ]);
  static LOCAL = new Set(['getName', 'getRange', 'newChart', 'createTextFinder']);

  /** Before any change: a person who may only view the spreadsheet can't make one (protection.js). */
  _checkWritable() {
    mustEditSpreadsheet(this._doc);
  }

  /** @param {Doc} doc @param {SheetModel} model */
  constructor(doc, model) {
    this._doc = doc;
    this._model = model;
  }

  /** @param {string} message */
  _error(message) {
    return this._doc.env.exception(message);
  }

  getName() {
    return this._model.name;
  }

  /** A TextFinder over the sheet's whole grid (reference/spreadsheet/sheet#createTextFinder(String)). @param {string} findText */
  createTextFinder(findText) {
    const { env, workbook } = this._doc;
    const scopes = [{ model: this._model, rect: null }];
    const mustEdit = () => mustEditSpreadsheet(this._doc);
    return createTextFinder(env, scopes, findText, cellMaker(this._doc), workbook.timeZone, 'Sheet', mustEdit);
  }

  newChart() {
    return new EmbeddedChartBuilder(this._doc.env, newChartRecord())._self();
  }

  getCharts() {
    const env = this._doc.env;
    return env.array(
      this._model.charts.map((/** @type {import('./charts').ChartRecord} */ c) =>
        env.wrap(new EmbeddedChart(env, structuredClone(c)), 'EmbeddedChart', SERVICE),
      ),
    );
  }

  /** @param {unknown} chart */
  insertChart(chart) {
    const record = /** @type {EmbeddedChart} */ (this._doc.env.unwrap(chart))._record;
    this._model.charts.push(structuredClone(record));
  }

  /** @param {unknown} chart */
  updateChart(chart) {
    const record = /** @type {EmbeddedChart} */ (this._doc.env.unwrap(chart))._record;
    const at = this._model.charts.findIndex((/** @type {{ id: string }} */ c) => c.id === record.id);
    if (at < 0) throw this._error('The chart is not on this sheet.');
    this._model.charts[at] = structuredClone(record);
  }

  /** @param {unknown} chart */
  removeChart(chart) {
    const record = /** @type {EmbeddedChart} */ (this._doc.env.unwrap(chart))._record;
    this._model.charts = this._model.charts.filter((/** @type {{ id: string }} */ c) => c.id !== record.id);
  }

  /** The sheet's protected ranges (reference/spreadsheet/sheet#getProtections(ProtectionType)). @param {unknown} type */
  getProtections(type) {
    return protectionsOf(this._doc, [this._model], type, 'Sheet');
  }

  getLastRow() {
    return this._model.lastRow();
  }

  getLastColumn() {
    return this._model.lastColumn();
  }

  getMaxRows() {
    return this._model.maxRows;
  }

  getMaxColumns() {
    return this._model.maxColumns;
  }

  getDataRange() {
    return this._range(1, 1, Math.max(1, this._model.lastRow()), Math.max(1, this._model.lastColumn()));
  }

  /**
   * getRange(a1Notation), getRange(row, column), getRange(row, column, numRows), getRange(row, column, numRows, numColumns).
   * @param {...(number | string)} args
   */
  getRange(...args) {
    const [rowOrA1, column, numRows, numColumns] = args;
    if (args.length === 1 && typeof rowOrA1 === 'string') {
      const a1 = rowOrA1.includes('!') ? this._stripSheet(rowOrA1) : rowOrA1;
      const rect = parseA1(a1, this._model.maxRows, this._model.maxColumns);
      if (!rect) throw this._error('Range not found');
      return this._range(rect.row, rect.column, rect.numRows, rect.numColumns, rect.open);
    }
    if (args.length < 2 || args.length > 4 || args.some((a) => typeof a !== 'number' || Number.isNaN(a))) {
      throw this._error(
        `The parameters (${signature(args)}) don't match the method signature for SpreadsheetApp.Sheet.getRange.`,
      );
    }
    const [row, col, rows = 1, cols = 1] = /** @type {number[]} */ ([rowOrA1, column, numRows, numColumns]);
    return this._range(Math.floor(row), Math.floor(col), Math.floor(rows), Math.floor(cols));
  }

  /** @param {string} a1 */
  _stripSheet(a1) {
    const at = a1.lastIndexOf('!');
    const name = a1
      .slice(0, at)
      .replace(/^'(.*)'$/, '$1')
      .replace(/''/g, "'");
    if (name !== this._model.name) throw this._error('Range not found');
    return a1.slice(at + 1);
  }

  /**
   * @param {number} row @param {number} column @param {number} numRows @param {number} numColumns
   * @param {{ rows: boolean, columns: boolean }} [open] the sides an A1 address left unbounded
   */
  _range(row, column, numRows, numColumns, open) {
    if (row < 1) throw this._error('The starting row of the range is too small.');
    if (column < 1) throw this._error('The starting column of the range is too small.');
    if (numRows < 1) throw this._error('The number of rows in the range must be at least 1.');
    if (numColumns < 1) throw this._error('The number of columns in the range must be at least 1.');
    if (row + numRows - 1 > this._model.maxRows || column + numColumns - 1 > this._model.maxColumns) {
      throw this._error('The coordinates of the range are outside the dimensions of the sheet.');
    }
    const range = new Range(this._doc, this._model, row, column, numRows, numColumns, open);
    return this._doc.env.wrap(range, 'Range', SERVICE);
  }

  /** Throws when a protection the user is not allowed by covers any of the lines. @param {'rows' | 'columns'} dimension @param {number} from @param {number} count */
  _mustEditLines(dimension, from, count) {
    const m = this._model;
    const rect =
      dimension === 'rows'
        ? { row: from, lastRow: from + count - 1, column: 1, lastColumn: m.maxColumns }
        : { row: 1, lastRow: m.maxRows, column: from, lastColumn: from + count - 1 };
    checkEditable(this._doc, m, rect);
  }

  /** @param {number} value @param {string} name */
  _count(value, name) {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this._error(`Invalid argument: ${name}`);
  }

  /** New rows take the formats and validations of row `afterPosition`. @param {number} afterPosition @param {number} howMany */
  insertRowsAfter(afterPosition, howMany) {
    this._count(afterPosition, 'afterPosition');
    this._count(howMany, 'howMany');
    if (afterPosition < 1 || afterPosition > this._model.maxRows) throw this._error('Those rows are out of bounds.');
    if (howMany < 1) throw this._error('Those rows are out of bounds.');
    this._model.insertRows(afterPosition, howMany);
    if (afterPosition < this._model.frozenRows) this._model.frozenRows += howMany;
    return this;
  }

  /** @param {number} afterPosition @param {number} howMany */
  insertColumnsAfter(afterPosition, howMany) {
    this._count(afterPosition, 'afterPosition');
    this._count(howMany, 'howMany');
    if (afterPosition < 1 || afterPosition > this._model.maxColumns || howMany < 1) {
      throw this._error('Those columns are out of bounds.');
    }
    this._model.insertColumns(afterPosition, howMany);
    return this;
  }

  /** @param {number} rowPosition @param {number} howMany */
  deleteRows(rowPosition, howMany) {
    this._count(rowPosition, 'rowPosition');
    this._count(howMany, 'howMany');
    const m = this._model;
    if (rowPosition < 1 || howMany < 1 || rowPosition + howMany - 1 > m.maxRows) {
      throw this._error('Those rows are out of bounds.');
    }
    if (howMany >= m.maxRows) throw this._error("You can't delete all the rows on the sheet.");
    this._mustEditLines('rows', rowPosition, howMany);
    const frozenDeleted = Math.max(0, Math.min(m.frozenRows, rowPosition + howMany - 1) - rowPosition + 1);
    m.deleteRows(rowPosition, howMany);
    m.frozenRows -= frozenDeleted;
  }

  /** @param {number} columnPosition @param {number} howMany */
  deleteColumns(columnPosition, howMany) {
    this._count(columnPosition, 'columnPosition');
    this._count(howMany, 'howMany');
    const m = this._model;
    if (columnPosition < 1 || howMany < 1 || columnPosition + howMany - 1 > m.maxColumns) {
      throw this._error('Those columns are out of bounds.');
    }
    if (howMany >= m.maxColumns) throw this._error("You can't delete all the columns on the sheet.");
    this._mustEditLines('columns', columnPosition, howMany);
    m.deleteColumns(columnPosition, howMany);
  }

  /** @param {number} rows */
  setFrozenRows(rows) {
    this._count(rows, 'rows');
    if (rows < 0 || rows > this._model.maxRows) throw this._error('Invalid argument: rows');
    this._model.frozenRows = rows;
  }

  getFrozenRows() {
    return this._model.frozenRows;
  }

  /** @param {number} columnPosition @param {number} width */
  setColumnWidth(columnPosition, width) {
    return this.setColumnWidths(columnPosition, 1, width);
  }

  /** @param {number} startColumn @param {number} numColumns @param {number} width */
  setColumnWidths(startColumn, numColumns, width) {
    this._count(startColumn, 'startColumn');
    this._count(numColumns, 'numColumns');
    if (typeof width !== 'number' || width < 0) throw this._error('Invalid argument: width');
    if (startColumn < 1 || numColumns < 1 || startColumn + numColumns - 1 > this._model.maxColumns) {
      throw this._error('The coordinates of the range are outside the dimensions of the sheet.');
    }
    for (let c = startColumn; c < startColumn + numColumns; c++) this._model.columnWidths.set(c, Math.round(width));
    return this;
  }

  hideSheet() {
    if (this._doc.workbook.sheets.filter((s) => !s.hidden && s !== this._model).length === 0) {
      throw this._error("You can't hide all the sheets in a document.");
    }
    this._model.hidden = true;
    // A hidden sheet is never the active one: Sheets moves the selection to the first visible sheet.
    const workbook = this._doc.workbook;
    if (workbook.activeSheetName === this._model.name) {
      workbook.activeSheetName = workbook.sheets.find((s) => !s.hidden)?.name ?? workbook.activeSheetName;
    }
    return this;
  }

  isSheetHidden() {
    return this._model.hidden === true;
  }

  showSheet() {
    this._model.hidden = false;
    return this;
  }

  activate() {
    this._doc.workbook.activeSheetName = this._model.name;
    return this;
  }

  /** The selection's blocks on this sheet (null: none). */
  _selected() {
    const selection = this._doc.selection;
    return selection && selection.sheet === this._model.name && selection.ranges.length ? selection.ranges : null;
  }

  /** The current (last selected) block on this sheet, A1 when the runtime set no selection here. */
  getActiveRange() {
    const blocks = this._selected();
    return this.getRange(blocks ? blocks[blocks.length - 1] : 'A1');
  }

  /** Every selected block on this sheet, in selection order, or null when nothing is selected. */
  getActiveRangeList() {
    const blocks = this._selected();
    if (!blocks) return null;
    const list = new RangeList(
      this._doc.env,
      blocks.map((a1) => this.getRange(a1)),
    );
    return this._doc.env.wrap(list, 'RangeList', SERVICE);
  }

  /** Clears the sheet of contents and formats. */
  clear() {
    this._mustEditLines('rows', 1, this._model.maxRows);
    this._model.clear();
    return this;
  }
}

class Range {
  static WRITES = new Set([
    'setValues',
    'setValue',
    'setNumberFormat',
    'setNumberFormats',
    'setDataValidation',
    'setDataValidations',
    'clearDataValidations',
    'setFontWeight',
    'setBackground',
    'setHorizontalAlignment',
    'clearContent',
    'protect',
  ]);
  /** protect() returns the protection the server made. */
  static WRITES_WITH_REPLY = new Set(['protect']);
  static LOCAL = new Set([
    'getA1Notation',
    'getRow',
    'getColumn',
    'getNumRows',
    'getNumColumns',
    'getLastRow',
    'getSheet',
    'createTextFinder',
  ]);

  /** Before any change: a person who may only view the spreadsheet can't make one (protection.js). */
  _checkWritable() {
    mustEditSpreadsheet(this._doc);
  }

  /**
   * @param {Doc} doc @param {SheetModel} model @param {number} row @param {number} column @param {number} numRows @param {number} numColumns
   * @param {{ rows: boolean, columns: boolean }} [open] the sides its A1 address left unbounded ("B2:B", "A:A")
   */
  constructor(doc, model, row, column, numRows, numColumns, open) {
    this._doc = doc;
    this._model = model;
    this._row = row;
    this._column = column;
    this._numRows = numRows;
    this._numColumns = numColumns;
    this._open = open;
  }

  /** Throws Sheets' message when a protection covering the range does not allow the user (protection.js). */
  _mustEdit() {
    const rect = {
      row: this._row,
      column: this._column,
      lastRow: this._row + this._numRows - 1,
      lastColumn: this._column + this._numColumns - 1,
    };
    checkEditable(this._doc, this._model, rect);
  }

  /**
   * A new protection of these cells (reference/spreadsheet/range#protect()): not warning-only, no
   * description, its editors the spreadsheet's until the script changes them, so nobody is stopped yet.
   * A side the address left open ("B2:B") stays open: rows added below later are protected too.
   */
  protect() {
    /** @type {import('./protection').ProtectionRecord} */
    const record = { description: '', warningOnly: false, editors: null, ...rectOf(this) };
    this._model.protections.push(record);
    return protection(this._doc, this._model, record);
  }

  /** @template T @param {(cell: import('./workbook').Cell | undefined) => T} read @returns {T[][]} */
  _read(read) {
    /** @type {T[][]} */
    const rows = [];
    for (let r = 0; r < this._numRows; r++) {
      const row = [];
      for (let c = 0; c < this._numColumns; c++) row.push(read(this._model.cell(this._row + r, this._column + c)));
      rows.push(row);
    }
    this._doc.env.stats.cellsRead += this._numRows * this._numColumns;
    return this._doc.env.grid(rows);
  }

  /** @param {(cell: import('./workbook').Cell) => void} write */
  _writeEach(write) {
    this._mustEdit();
    for (let r = 0; r < this._numRows; r++) {
      for (let c = 0; c < this._numColumns; c++) write(this._model.cellForWrite(this._row + r, this._column + c));
    }
  }

  /** Throws unless `data` is a 2D array exactly the size of this range. @param {unknown} data @param {string} method */
  _checkGrid(data, method) {
    const env = this._doc.env;
    if (!Array.isArray(data) || !data.every(Array.isArray)) {
      throw env.exception(
        `The parameters (${signature([data])}) don't match the method signature for SpreadsheetApp.Range.${method}.`,
      );
    }
    if (data.length !== this._numRows) {
      throw env.exception(
        `The number of rows in the data does not match the number of rows in the range. The data has ${data.length} but the range has ${this._numRows}.`,
      );
    }
    for (const row of data) {
      if (row.length !== this._numColumns) {
        throw env.exception(
          `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${this._numColumns}.`,
        );
      }
    }
  }

  /** @param {import('./workbook').Cell} cell @param {unknown} value */
  _store(cell, value) {
    storeInput(cell, value, this._doc.workbook.timeZone);
  }

  /** A TextFinder over this range's cells (reference/spreadsheet/range#createTextFinder(String)). @param {string} findText */
  createTextFinder(findText) {
    const { env, workbook } = this._doc;
    const rect = { row: this._row, column: this._column, numRows: this._numRows, numColumns: this._numColumns };
    return createTextFinder(
      env,
      [{ model: this._model, rect }],
      findText,
      cellMaker(this._doc),
      workbook.timeZone,
      'Range',
      () => mustEditSpreadsheet(this._doc),
    );
  }

  getValues() {
    const { timeZone } = this._doc.workbook;
    const DateCtor = this._doc.env.realm.Date;
    return this._read((cell) => cellValue(cell, timeZone, DateCtor));
  }

  getValue() {
    this._doc.env.stats.cellsRead++;
    return cellValue(this._model.cell(this._row, this._column), this._doc.workbook.timeZone, this._doc.env.realm.Date);
  }

  getDisplayValues() {
    return this._read(displayValue);
  }

  /** The top-left cell as Sheets shows it (Range.getDisplayValue). */
  getDisplayValue() {
    return this.getDisplayValues()[0][0];
  }

  getFormulas() {
    return this._read((cell) => cell?.f ?? '');
  }

  getNumberFormats() {
    return this._read((cell) => cell?.fmt ?? AUTOMATIC_FORMAT);
  }

  /** The top-left cell's number format (Range.getNumberFormat). */
  getNumberFormat() {
    return this.getNumberFormats()[0][0];
  }

  /** @param {unknown[][]} values */
  setValues(values) {
    this._checkGrid(values, 'setValues');
    this._mustEdit();
    for (let r = 0; r < this._numRows; r++) {
      for (let c = 0; c < this._numColumns; c++) {
        this._store(this._model.cellForWrite(this._row + r, this._column + c), values[r][c]);
      }
    }
    this._doc.env.stats.cellsWritten += this._numRows * this._numColumns;
    if (process.env.STUDIO_TRACE_WRITES)
      console.error(`setValues ${this._model.name} ${this._row},${this._column} ${this._numRows}x${this._numColumns}`);
    return this;
  }

  /** Sets every cell of the range to `value`. @param {unknown} value */
  setValue(value) {
    this._writeEach((cell) => this._store(cell, value));
    this._doc.env.stats.cellsWritten += this._numRows * this._numColumns;
    return this;
  }

  clearContent() {
    this._writeEach((cell) => {
      delete cell.v;
      delete cell.f;
    });
    this._doc.env.stats.cellsWritten += this._numRows * this._numColumns;
    return this;
  }

  /** @param {string} numberFormat */
  setNumberFormat(numberFormat) {
    const fmt = String(numberFormat);
    this._writeEach((cell) => {
      if (fmt === '' || fmt === 'General' || fmt === AUTOMATIC_FORMAT) delete cell.fmt;
      else cell.fmt = fmt;
    });
    return this;
  }

  /** @param {string[][]} numberFormats */
  setNumberFormats(numberFormats) {
    this._checkGrid(numberFormats, 'setNumberFormats');
    this._mustEdit();
    for (let r = 0; r < this._numRows; r++) {
      for (let c = 0; c < this._numColumns; c++) {
        const cell = this._model.cellForWrite(this._row + r, this._column + c);
        const fmt = String(numberFormats[r][c] ?? '');
        if (fmt === '' || fmt === 'General' || fmt === AUTOMATIC_FORMAT) delete cell.fmt;
        else cell.fmt = fmt;
      }
    }
    return this;
  }

  /** @param {DataValidation | null} rule */
  setDataValidation(rule) {
    const dv = this._validation(rule);
    this._writeEach((cell) => {
      if (dv) cell.dv = dv;
      else delete cell.dv;
    });
    return this;
  }

  /** @param {(DataValidation | null)[][]} rules */
  setDataValidations(rules) {
    this._checkGrid(rules, 'setDataValidations');
    this._mustEdit();
    for (let r = 0; r < this._numRows; r++) {
      for (let c = 0; c < this._numColumns; c++) {
        const cell = this._model.cellForWrite(this._row + r, this._column + c);
        const dv = this._validation(rules[r][c]);
        if (dv) cell.dv = dv;
        else delete cell.dv;
      }
    }
    return this;
  }

  /** @param {DataValidation | null} rule @returns {ValidationRule | null} */
  _validation(rule) {
    if (rule === null) return null;
    const dv = this._doc.env.unwrap(rule);
    if (!(dv instanceof DataValidation)) {
      throw this._doc.env.exception(
        `The parameters (${signature([rule])}) don't match the method signature for SpreadsheetApp.Range.setDataValidation.`,
      );
    }
    return dv._rule;
  }

  clearDataValidations() {
    return this.setDataValidation(null);
  }

  /** Each cell's validation rule as a `DataValidation`, null where it has none (a read). */
  getDataValidations() {
    const env = this._doc.env;
    return this._read((cell) =>
      cell?.dv ? env.wrap(new DataValidation(env, cell.dv), 'DataValidation', SERVICE) : null,
    );
  }

  /** @param {string | null} fontWeight "bold" or "normal" (null resets) */
  setFontWeight(fontWeight) {
    if (fontWeight !== null && fontWeight !== 'bold' && fontWeight !== 'normal') {
      throw this._doc.env.exception('Invalid argument: fontWeight');
    }
    this._writeEach((cell) => {
      if (fontWeight === 'bold') cell.bold = true;
      else delete cell.bold;
    });
    return this;
  }

  /** @param {string | null} color CSS color such as "#ffcc00" (null resets) */
  setBackground(color) {
    this._writeEach((cell) => {
      if (color) cell.bg = String(color);
      else delete cell.bg;
    });
    return this;
  }

  /** @param {string | null} alignment "left", "center", "right" or "normal"/null */
  setHorizontalAlignment(alignment) {
    if (alignment !== null && !['left', 'center', 'right', 'normal', 'general'].includes(alignment)) {
      throw this._doc.env.exception('Invalid argument: alignment');
    }
    this._writeEach((cell) => {
      if (alignment && alignment !== 'normal' && alignment !== 'general') cell.align = alignment;
      else delete cell.align;
    });
    return this;
  }

  /** Selects the range (and its sheet). */
  activate() {
    this._doc.workbook.activeSheetName = this._model.name;
    this._doc.selection = { sheet: this._model.name, ranges: [this.getA1Notation()] };
    return this;
  }

  getA1Notation() {
    return toA1(this._row, this._column, this._numRows, this._numColumns);
  }

  getRow() {
    return this._row;
  }

  getColumn() {
    return this._column;
  }

  getNumRows() {
    return this._numRows;
  }

  getNumColumns() {
    return this._numColumns;
  }

  getLastRow() {
    return this._row + this._numRows - 1;
  }

  getSheet() {
    return sheet(this._doc, this._model);
  }
}

/** Several ranges of one sheet (a multi-block selection). */
class RangeList {
  static LOCAL = new Set(['getRanges']);

  /** @param {Env} env @param {Range[]} ranges the wrapped ranges */
  constructor(env, ranges) {
    this._env = env;
    this._ranges = ranges;
  }

  getRanges() {
    return this._env.array(this._ranges);
  }
}

class DataValidationBuilder {
  static LOCAL = new Set(['requireValueInList', 'setAllowInvalid', 'setHelpText', 'build']);

  /** @param {Env} env */
  constructor(env) {
    this._env = env;
    /** @type {ValidationRule | null} */
    this._rule = null;
    this._allowInvalid = true;
    /** @type {string | null} */
    this._helpText = null;
  }

  /** @param {string[]} values @param {boolean} [showDropdown] */
  requireValueInList(values, showDropdown = true) {
    if (!Array.isArray(values)) {
      throw this._env.exception(
        `The parameters (${signature([values])}) don't match the method signature for SpreadsheetApp.DataValidationBuilder.requireValueInList.`,
      );
    }
    this._rule = {
      type: 'VALUE_IN_LIST',
      values: values.map(String),
      showDropdown: Boolean(showDropdown),
      allowInvalid: true,
      helpText: null,
    };
    return this;
  }

  /** @param {boolean} allowInvalidData */
  setAllowInvalid(allowInvalidData) {
    this._allowInvalid = Boolean(allowInvalidData);
    return this;
  }

  /** @param {string} helpText */
  setHelpText(helpText) {
    this._helpText = String(helpText);
    return this;
  }

  build() {
    if (!this._rule) throw this._env.exception('You must specify a criteria type for the data validation rule.');
    const rule = {
      ...this._rule,
      values: [...this._rule.values],
      allowInvalid: this._allowInvalid,
      helpText: this._helpText,
    };
    return this._env.wrap(new DataValidation(this._env, rule), 'DataValidation', SERVICE);
  }
}

class DataValidation {
  static LOCAL = new Set(['getCriteriaType', 'getCriteriaValues', 'getAllowInvalid', 'getHelpText']);

  /** @param {Env} env @param {ValidationRule} rule */
  constructor(env, rule) {
    this._env = env;
    this._rule = rule;
  }

  getCriteriaType() {
    return DataValidationCriteria[this._rule.type];
  }

  getCriteriaValues() {
    return this._env.array([this._env.array(this._rule.values), this._rule.showDropdown]);
  }

  getAllowInvalid() {
    return this._rule.allowInvalid;
  }

  getHelpText() {
    return this._rule.helpText;
  }
}

module.exports = {
  SpreadsheetAppService,
  Spreadsheet,
  Sheet,
  Range,
  RangeList,
  AUTOMATIC_FORMAT,
  firstSheetName,
  openableWorkbook,
};
