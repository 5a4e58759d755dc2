// @ts-check
// TextFinder (reference/spreadsheet/text-finder): Range/Sheet/Spreadsheet.createTextFinder(findText).
// https://developers.google.com/apps-script/reference/spreadsheet/text-finder
//
// What a cell is matched on: its displayed text (what Range.getDisplayValue shows: "12.00" for 12 with
// format "0.00", a date per its format, TRUE/FALSE); with matchFormulaText(true) a formula cell is matched
// on its formula text ("If true, configures the search to return matches that appear within formula
// text; otherwise cells with formulas are considered based on their displayed value"; the emulator
// displays a formula as #ERROR!, it evaluates none). Empty cells never match. By default a
// case-insensitive substring match; matchEntireCell(true) needs the whole text to match.
//
// useRegularExpression(true): Google uses RE2; the emulator uses JavaScript RegExp (with the `u` flag
// when the pattern allows it). Patterns that only one of them accepts behave differently: RE2 has no
// lookaround or backreferences, JavaScript has no inline flags such as (?i) and no \C. With
// matchEntireCell the pattern must match the whole text (it is wrapped in ^(?:…)$). In replacements a
// regular expression's $1… refer to its groups; plain text is replaced literally.
//
// Order: row by row, left to right, within a range; a spreadsheet's sheets in tab order. findNext /
// findPrevious move a cursor and return null past the last / before the first match (no wrap around;
// Google's page does not say). With no current match findNext starts before the first cell and
// findPrevious after the last one; startFrom(range) puts the cursor on the range's top-left cell.
// Replacing writes the new text as if typed into the cell (its number format kept); formula cells are
// replaced only with matchFormulaText(true). replaceAllWith/replaceWith return the number of occurrences
// replaced (several per cell when the text occurs several times).
//
// `stats.cellsSearched` counts the grid cells each findAll / findNext / findPrevious / replaceAllWith
// scanned (a Sheet finder scans the whole grid, maxRows × maxColumns), to model the server-side scan.

const { signature } = require('./instrument');
const { displayValue, storeInput } = require('./values');

const SERVICE = 'SpreadsheetApp';

/**
 * @typedef {import('./instrument').Env} Env
 * @typedef {import('./workbook').SheetModel} SheetModel
 * @typedef {import('./workbook').Cell} Cell
 * @typedef {{ model: SheetModel, row: number, column: number, numRows: number, numColumns: number }} Rect
 * @typedef {{ model: SheetModel, rect: Omit<Rect, 'model'> | null }} Scope  rect null: the whole grid
 * @typedef {{ ordinal: number, model: SheetModel, row: number, column: number, cell: Cell }} Hit
 * @typedef {(model: SheetModel, row: number, column: number) => unknown} MakeRange a wrapped 1×1 Range
 */

/** @param {string} text */
function escapeRegExp(text) {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** Text without diacritics (decomposed, combining marks removed). @param {string} text */
function stripDiacritics(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

class TextFinder {
  static LOCAL = new Set([
    'matchCase',
    'matchEntireCell',
    'useRegularExpression',
    'matchFormulaText',
    'ignoreDiacritics',
    'startFrom',
    'getCurrentMatch',
  ]);
  static WRITES = new Set(['replaceAllWith', 'replaceWith']);
  /** They return how many occurrences the server replaced: sent at once, not queued. */
  static WRITES_WITH_REPLY = new Set(['replaceAllWith', 'replaceWith']);

  /**
   * @param {Env} env @param {Scope[]} scopes searched in order @param {string} findText
   * @param {MakeRange} makeRange @param {string} timeZone the spreadsheet's (for replaced dates)
   */
  constructor(env, scopes, findText, makeRange, timeZone, mustEdit = () => {}) {
    this._env = env;
    /** Throws when the execution's user may not edit the spreadsheet (protection.js). */
    this._mustEdit = mustEdit;
    this._scopes = scopes;
    this._findText = findText;
    this._makeRange = makeRange;
    this._timeZone = timeZone;
    this._options = { matchCase: false, matchEntireCell: false, regex: false, formulas: false, diacritics: false };
    /** The cursor (an ordinal, see `_rects`); null: none yet. @type {number | null} */
    this._cursor = null;
    /** The current match. @type {Hit | null} */
    this._current = null;
  }

  /** @param {unknown} value @param {string} method */
  _flag(value, method) {
    if (typeof value !== 'boolean') {
      throw this._env.exception(
        `The parameters (${signature([value])}) don't match the method signature for SpreadsheetApp.TextFinder.${method}.`,
      );
    }
    return value;
  }

  /** @param {boolean} matchCase */
  matchCase(matchCase) {
    this._options.matchCase = this._flag(matchCase, 'matchCase');
    return this;
  }

  /** @param {boolean} matchEntireCell */
  matchEntireCell(matchEntireCell) {
    this._options.matchEntireCell = this._flag(matchEntireCell, 'matchEntireCell');
    return this;
  }

  /** @param {boolean} useRegEx */
  useRegularExpression(useRegEx) {
    this._options.regex = this._flag(useRegEx, 'useRegularExpression');
    return this;
  }

  /** @param {boolean} matchFormulaText */
  matchFormulaText(matchFormulaText) {
    this._options.formulas = this._flag(matchFormulaText, 'matchFormulaText');
    return this;
  }

  /** @param {boolean} ignoreDiacritics */
  ignoreDiacritics(ignoreDiacritics) {
    this._options.diacritics = this._flag(ignoreDiacritics, 'ignoreDiacritics');
    return this;
  }

  /** The search continues after the range's top-left cell, which must be in the searched cells. @param {unknown} startRange */
  startFrom(startRange) {
    const range = /** @type {{ _model?: SheetModel, _row?: number, _column?: number }} */ (
      this._env.unwrap(startRange)
    );
    const ordinal =
      range?._model && range._row !== undefined && range._column !== undefined
        ? this._ordinalOf(range._model, range._row, range._column)
        : -1;
    if (ordinal < 0) throw this._env.exception('Invalid argument: startRange');
    this._cursor = ordinal;
    this._current = null;
    return this;
  }

  getCurrentMatch() {
    return this._current ? this._range(this._current) : null;
  }

  findAll() {
    const matcher = this._matcher();
    const ranges = [];
    for (const hit of this._hits(0, 1)) if (this._matches(matcher, hit.cell)) ranges.push(this._range(hit));
    this._env.stats.cellsSearched += this._size();
    return this._env.array(ranges);
  }

  findNext() {
    return this._step(1);
  }

  findPrevious() {
    return this._step(-1);
  }

  /** @param {string} replaceText */
  replaceAllWith(replaceText) {
    this._mustEdit();
    const matcher = this._matcher();
    let count = 0;
    for (const hit of this._hits(0, 1)) count += this._replace(matcher, hit, replaceText);
    this._env.stats.cellsSearched += this._size();
    return count;
  }

  /** Replaces in the current match only (0 when there is none). @param {string} replaceText */
  replaceWith(replaceText) {
    this._mustEdit();
    if (!this._current) return 0;
    const { model, row, column } = this._current;
    const cell = model.cell(row, column);
    return cell ? this._replace(this._matcher(), { ...this._current, cell }, replaceText) : 0;
  }

  /** @param {1 | -1} direction */
  _step(direction) {
    const matcher = this._matcher();
    const size = this._size();
    const from = this._cursor ?? (direction === 1 ? -1 : size);
    for (const hit of this._hits(from + direction, direction)) {
      if (!this._matches(matcher, hit.cell)) continue;
      this._env.stats.cellsSearched += Math.abs(hit.ordinal - from);
      this._cursor = hit.ordinal;
      this._current = hit;
      return this._range(hit);
    }
    this._env.stats.cellsSearched += direction === 1 ? size - 1 - from : from;
    return null;
  }

  /** @param {Hit} hit */
  _range(hit) {
    return this._makeRange(hit.model, hit.row, hit.column);
  }

  /** Each scope's rectangle now (a sheet's grid may have grown) and its first ordinal. */
  _rects() {
    let start = 0;
    return this._scopes.map(({ model, rect }) => {
      const r = rect ?? { row: 1, column: 1, numRows: model.maxRows, numColumns: model.maxColumns };
      const out = { model, ...r, start };
      start += r.numRows * r.numColumns;
      return out;
    });
  }

  _size() {
    return this._rects().reduce((n, r) => n + r.numRows * r.numColumns, 0);
  }

  /** The ordinal of a cell among the searched ones, -1 when outside. @param {SheetModel} model @param {number} row @param {number} column */
  _ordinalOf(model, row, column) {
    for (const r of this._rects()) {
      const inside =
        r.model === model &&
        row >= r.row &&
        row < r.row + r.numRows &&
        column >= r.column &&
        column < r.column + r.numColumns;
      if (inside) return r.start + (row - r.row) * r.numColumns + (column - r.column);
    }
    return -1;
  }

  /**
   * The cells holding something, from ordinal `from` on in `direction` (only stored rows are visited).
   * @param {number} from @param {1 | -1} direction @returns {Generator<Hit>}
   */
  *_hits(from, direction) {
    const rects = this._rects();
    if (direction === -1) rects.reverse();
    for (const r of rects) {
      const size = r.numRows * r.numColumns;
      const first = Math.max(0, Math.min(size - 1, from - r.start));
      if (direction === 1 ? from - r.start >= size : from - r.start < 0) continue;
      const firstRow = Math.floor(first / r.numColumns);
      for (let i = firstRow; direction === 1 ? i < r.numRows : i >= 0; i += direction) {
        const stored = r.model.rows[r.row + i - 1];
        if (!stored) continue;
        const lastColumn = Math.min(r.numColumns - 1, stored.length - r.column);
        let j = direction === 1 ? 0 : lastColumn;
        if (i === firstRow) j = direction === 1 ? first % r.numColumns : Math.min(lastColumn, first % r.numColumns);
        for (; direction === 1 ? j <= lastColumn : j >= 0; j += direction) {
          const cell = stored[r.column + j - 1];
          if (cell)
            yield {
              ordinal: r.start + i * r.numColumns + j,
              model: r.model,
              row: r.row + i,
              column: r.column + j,
              cell,
            };
        }
      }
    }
  }

  /** The regular expression the options make (global: for counting and replacing). */
  _matcher() {
    const { matchCase, matchEntireCell, regex, diacritics } = this._options;
    const flags = `g${matchCase ? '' : 'i'}`;
    /** @type {(text: string) => string} how a cell's text is prepared */
    let prepare = (text) => text;
    let source;
    if (!regex) {
      // Literal text; ignoring diacritics lets any combining marks follow each character of the
      // decomposed text, so a replacement keeps the accents of what it does not replace.
      source = diacritics
        ? [...stripDiacritics(this._findText)].map((ch) => `${escapeRegExp(ch)}\\p{M}*`).join('')
        : escapeRegExp(this._findText);
      if (diacritics) prepare = (text) => text.normalize('NFD');
    } else {
      source = diacritics ? stripDiacritics(this._findText) : this._findText;
      if (diacritics) prepare = stripDiacritics;
    }
    if (matchEntireCell) source = `^(?:${source})$`;
    return { regExp: this._compile(source, flags, !regex || diacritics), prepare };
  }

  /** @param {string} source @param {string} flags @param {boolean} unicodeOnly */
  _compile(source, flags, unicodeOnly) {
    try {
      return new RegExp(source, `${flags}u`);
    } catch (error) {
      if (!unicodeOnly) {
        try {
          return new RegExp(source, flags);
        } catch {}
      }
      throw this._env.exception(`Invalid argument: findText (${/** @type {Error} */ (error).message})`);
    }
  }

  /** The text a cell is matched on. @param {Cell} cell */
  _text(cell) {
    return this._options.formulas && cell.f !== undefined ? cell.f : displayValue(cell);
  }

  /** @param {{ regExp: RegExp, prepare: (text: string) => string }} matcher @param {Cell} cell */
  _matches(matcher, cell) {
    const text = this._text(cell);
    if (text === '') return false;
    matcher.regExp.lastIndex = 0;
    return matcher.regExp.test(matcher.prepare(text));
  }

  /**
   * Replaces every occurrence in one cell; returns how many.
   * @param {{ regExp: RegExp, prepare: (text: string) => string }} matcher @param {Hit} hit @param {string} replaceText
   */
  _replace(matcher, hit, replaceText) {
    const { cell } = hit;
    if (cell.f !== undefined && !this._options.formulas) return 0;
    const text = this._text(cell);
    if (text === '') return 0;
    const prepared = matcher.prepare(text);
    const count = [...prepared.matchAll(matcher.regExp)].length;
    if (count === 0) return 0;
    const replacement = String(replaceText);
    const replaced = this._options.regex
      ? prepared.replace(matcher.regExp, replacement)
      : prepared.replace(matcher.regExp, () => replacement);
    storeInput(hit.model.cellForWrite(hit.row, hit.column), replaced.normalize('NFC'), this._timeZone);
    this._env.stats.cellsWritten++;
    return count;
  }
}

/**
 * A wrapped TextFinder, after Apps Script's argument checks.
 * @param {Env} env @param {Scope[]} scopes @param {unknown} findText @param {MakeRange} makeRange
 * @param {string} timeZone @param {string} owner 'Range', 'Sheet' or 'Spreadsheet' (for the error)
 */
function createTextFinder(env, scopes, findText, makeRange, timeZone, owner, mustEdit = () => {}) {
  if (typeof findText !== 'string') {
    throw env.exception(
      `The parameters (${signature([findText])}) don't match the method signature for SpreadsheetApp.${owner}.createTextFinder.`,
    );
  }
  if (findText === '') throw env.exception('Invalid argument: findText');
  return env.wrap(new TextFinder(env, scopes, findText, makeRange, timeZone, mustEdit), 'TextFinder', SERVICE);
}

module.exports = { TextFinder, createTextFinder };
