// @ts-check
// An in-memory, synchronous spreadsheet model, and its .xlsx persistence through exceljs.
//
// Cells hold what Sheets stores: a number / string / boolean (`v`) or a formula (`f`), a number format
// (`fmt`), an optional list data validation (`dv`) and a little formatting. A date is a number (the
// wall-clock serial, days since 1899-12-30) whose number format is a date format: exactly as in Sheets.
//
// Persistence in the .xlsx:
// - dates are real Excel date cells (number + date numFmt), so Excel and LibreOffice show dates;
// - frozen rows as a frozen view, column widths in Excel character units (px / 7), number formats as
//   numFmt, list validations as <dataValidation type="list">, bold/background/alignment as cell styles;
// - what .xlsx has no place for (the spreadsheet time zone and locale, its id, each sheet's maxRows/maxColumns
//   and the active sheet) goes as JSON into the workbook's "description" document property (docProps/core.xml):
//   {"studioRuntime":1,"timeZone":"Australia/Sydney","id":"…","name":"…","locale":"en_US","activeSheet":"…","sheets":{"Name":{…}},
//    "sharing":{"owner":"…","editors":[…],"viewers":[…]}}  (sharing: who may open it, see sharing.js; null: everyone).
//   A sheet's entry also holds its embedded charts (charts.js) and its protected ranges (protection.js):
//   "protections":[{"description":"…","warningOnly":true,"editors":null,"row":2,"column":1,"numRows":null,"numColumns":1}].

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const ExcelJS = require('exceljs');
const { withCharts } = require('./xlsx-charts');
const { serialToWall, wallToSerial, isValidTimeZone } = require('./timezone');
const { normalizeSharing } = require('./sharing');
const { tempName, putInPlace } = require('./durable');

const DEFAULT_MAX_ROWS = 1000;
const DEFAULT_MAX_COLUMNS = 26;
const DEFAULT_COLUMN_WIDTH = 100;
const PX_PER_CHAR = 7;

/**
 * @typedef {{ type: 'VALUE_IN_LIST', values: string[], showDropdown: boolean, allowInvalid: boolean,
 *   helpText: string | null }} ValidationRule
 * @typedef {{ v?: number | string | boolean, f?: string, fmt?: string, dv?: ValidationRule, bold?: boolean,
 *   bg?: string, align?: string }} Cell
 */

/**
 * A protected range (protection.js):
 * @typedef {{ description: string, warningOnly: boolean, editors: string[] | null, row: number, column: number,
 *   numRows: number | null, numColumns: number | null }} ProtectionRecord
 *   one protected range: `editors` null mirrors the spreadsheet's (everyone who may edit it); a null
 *   `numRows` / `numColumns` runs to the grid's edge, wherever it is
 */

/**
 * A span [start, start + size) after `count` lines are inserted after line `after` (size null: open to
 * the edge, so it takes in lines inserted anywhere after its start). Lines inserted just below a bounded
 * span stay outside it.
 * @param {number} start @param {number | null} size @param {number} after @param {number} count
 */
function spanAfterInsert(start, size, after, count) {
  if (after < start) return { start: start + count, size };
  if (size !== null && after < start + size - 1) return { start, size: size + count };
  return { start, size };
}

/**
 * A span after `count` lines from `position` are deleted; null when nothing of it is left.
 * @param {number} start @param {number | null} size @param {number} position @param {number} count @param {number} max the grid's size after the deletion
 */
function spanAfterDelete(start, size, position, count, max) {
  const last = size === null ? Number.POSITIVE_INFINITY : start + size - 1;
  const deletedLast = position + count - 1;
  if (deletedLast < start) return { start: start - count, size };
  if (position > last) return { start, size };
  const removed = Math.min(last, deletedLast) - Math.max(start, position) + 1;
  const newStart = Math.min(start, position);
  if (size === null) return newStart > max ? null : { start: newStart, size: null };
  return size - removed < 1 ? null : { start: newStart, size: size - removed };
}

/**
 * Moves a sheet's protections as Sheets does when rows or columns are inserted or deleted; a protection
 * left with no cells is gone.
 * @param {SheetModel} model @param {'rows' | 'columns'} dimension @param {'insert' | 'delete'} change
 * @param {number} position insert: after this line; delete: from this line @param {number} count
 */
function moveProtections(model, dimension, change, position, count) {
  const startKey = dimension === 'rows' ? 'row' : 'column';
  const sizeKey = dimension === 'rows' ? 'numRows' : 'numColumns';
  const max = dimension === 'rows' ? model.maxRows : model.maxColumns;
  model.protections = model.protections.filter((p) => {
    const span =
      change === 'insert'
        ? spanAfterInsert(p[startKey], p[sizeKey], position, count)
        : spanAfterDelete(p[startKey], p[sizeKey], position, count, max);
    if (!span) return false;
    p[startKey] = span.start;
    p[sizeKey] = span.size;
    return true;
  });
}

/** True for a Sheets/Excel number format that shows a date or a time. @param {string | undefined} fmt */
function isDateFormat(fmt) {
  if (!fmt || fmt === '@' || fmt === 'General') return false;
  const bare = fmt.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /[ydhsm]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}

/** @param {Cell | undefined} cell */
function hasContent(cell) {
  return cell !== undefined && (cell.v !== undefined || cell.f !== undefined);
}

class SheetModel {
  /** @param {string} name @param {{ maxRows?: number, maxColumns?: number }} [size] */
  constructor(name, size = {}) {
    this.name = name;
    /** @type {(Cell | undefined)[][]} rows[r - 1][c - 1] */
    this.rows = [];
    this.maxRows = size.maxRows ?? DEFAULT_MAX_ROWS;
    this.maxColumns = size.maxColumns ?? DEFAULT_MAX_COLUMNS;
    this.frozenRows = 0;
    /** @type {Map<number, number>} column -> width in pixels */
    this.columnWidths = new Map();
    this.hidden = false;
    /** @type {import('./charts').ChartRecord[]} embedded charts (kept in the workbook metadata) */
    this.charts = [];
    /** @type {ProtectionRecord[]} protected ranges (kept in the workbook metadata) */
    this.protections = [];
  }

  /** @param {number} row @param {number} column @returns {Cell | undefined} */
  cell(row, column) {
    return this.rows[row - 1]?.[column - 1];
  }

  /** The cell at (row, column), created when missing. @param {number} row @param {number} column */
  cellForWrite(row, column) {
    if (!this.rows[row - 1]) this.rows[row - 1] = [];
    const r = this.rows[row - 1];
    if (!r[column - 1]) r[column - 1] = {};
    return /** @type {Cell} */ (r[column - 1]);
  }

  /** Last row holding a value or formula (0 when the sheet is empty). */
  lastRow() {
    for (let r = this.rows.length; r >= 1; r--) if (this.rows[r - 1]?.some(hasContent)) return r;
    return 0;
  }

  /** Last column holding a value or formula (0 when the sheet is empty). */
  lastColumn() {
    let last = 0;
    for (const row of this.rows) {
      if (!row) continue;
      for (let c = row.length; c > last; c--) {
        if (hasContent(row[c - 1])) {
          last = c;
          break;
        }
      }
    }
    return last;
  }

  /** @param {number} column */
  columnWidth(column) {
    return this.columnWidths.get(column) ?? DEFAULT_COLUMN_WIDTH;
  }

  /** Inserts `count` rows after `after`; they inherit the formats and validations of row `after`. */
  insertRows(/** @type {number} */ after, /** @type {number} */ count) {
    const template = after >= 1 ? this.rows[after - 1] : undefined;
    /** @type {(Cell | undefined)[][]} */
    const fresh = [];
    for (let i = 0; i < count; i++) fresh.push(template ? template.map(formatOnly) : []);
    while (this.rows.length < after) this.rows.push([]);
    // Rows past the last one written need no storage; elsewhere rebuild the array (splice(...fresh) would
    // overflow the stack for tens of thousands of rows).
    if (after < this.rows.length) this.rows = [...this.rows.slice(0, after), ...fresh, ...this.rows.slice(after)];
    else if (template) for (const row of fresh) this.rows.push(row);
    this.maxRows += count;
    moveProtections(this, 'rows', 'insert', after, count);
  }

  /** @param {number} after @param {number} count */
  insertColumns(after, count) {
    for (const row of this.rows) {
      if (!row || row.length <= after) continue;
      const template = after >= 1 ? row[after - 1] : undefined;
      row.splice(after, 0, ...Array.from({ length: count }, () => formatOnly(template)));
    }
    const widths = new Map();
    for (const [c, w] of this.columnWidths) widths.set(c > after ? c + count : c, w);
    this.columnWidths = widths;
    this.maxColumns += count;
    moveProtections(this, 'columns', 'insert', after, count);
  }

  /** @param {number} position @param {number} count */
  deleteColumns(position, count) {
    for (const row of this.rows) if (row && row.length >= position) row.splice(position - 1, count);
    const widths = new Map();
    for (const [c, w] of this.columnWidths) {
      if (c < position) widths.set(c, w);
      else if (c >= position + count) widths.set(c - count, w);
    }
    this.columnWidths = widths;
    this.maxColumns -= count;
    moveProtections(this, 'columns', 'delete', position, count);
  }

  /** @param {number} position @param {number} count */
  deleteRows(position, count) {
    this.rows.splice(position - 1, count);
    this.maxRows -= count;
    moveProtections(this, 'rows', 'delete', position, count);
  }

  /** Clears contents and formats; keeps data validations (and protections), like Sheet.clear(). */
  clear() {
    for (const row of this.rows) {
      if (!row) continue;
      row.forEach((cell, i) => {
        row[i] = cell?.dv ? { dv: cell.dv } : undefined;
      });
    }
  }
}

/** A copy of a cell's formats and validation without its content. @param {Cell | undefined} cell */
function formatOnly(cell) {
  if (!cell) return undefined;
  const { v, f, ...format } = cell;
  return Object.keys(format).length ? format : undefined;
}

class Workbook {
  /**
   * @param {{ timeZone?: string, name?: string, id?: string, sheets?: string[], locale?: string,
   *   sharing?: import('./sharing').Sharing | null }} [options]
   */
  static create(options = {}) {
    const wb = new Workbook(options.timeZone ?? 'America/New_York', options.name ?? 'Untitled spreadsheet', options.id);
    if (options.locale) wb.locale = options.locale;
    wb.sharing = normalizeSharing(options.sharing);
    for (const name of options.sheets ?? ['Sheet1']) wb.addSheet(name);
    return wb;
  }

  /** @param {string} timeZone @param {string} name @param {string} [id] */
  constructor(timeZone, name, id) {
    if (!isValidTimeZone(timeZone)) throw new Error(`Invalid time zone: ${timeZone}`);
    this.timeZone = timeZone;
    this.name = name;
    this.id = id ?? crypto.randomBytes(22).toString('base64url');
    /** @type {SheetModel[]} */
    this.sheets = [];
    /** @type {string | null} */
    this.activeSheetName = null;
    /** The spreadsheet's locale (File › Settings), e.g. "en_US". */
    this.locale = 'en_US';
    /** Who it is shared with (sharing.js); null: not modelled, everyone can open and edit it. @type {import('./sharing').Sharing | null} */
    this.sharing = null;
  }

  /** @param {string} name */
  sheet(name) {
    return this.sheets.find((s) => s.name === name) ?? null;
  }

  /** @param {string} name @param {number} [index] */
  addSheet(name, index = this.sheets.length) {
    const sheet = new SheetModel(name);
    this.sheets.splice(index, 0, sheet);
    return sheet;
  }

  activeSheet() {
    return this.sheet(this.activeSheetName ?? '') ?? this.sheets.find((s) => !s.hidden) ?? this.sheets[0];
  }

  /** Loads an .xlsx written by `save` (or by Excel / LibreOffice / Sheets export). @param {string} file */
  static async load(file) {
    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.readFile(file);
    const meta = parseMeta(xlsx.description);
    const name = meta.name ?? path.basename(file).replace(/\.xlsx$/i, '');
    const wb = new Workbook(meta.timeZone ?? 'America/New_York', name, meta.id);
    if (meta.locale) wb.locale = meta.locale;
    wb.sharing = normalizeSharing(meta.sharing);
    xlsx.eachSheet((ws) => readSheet(wb, ws, meta.sheets?.[ws.name]));
    wb.activeSheetName = meta.activeSheet ?? null;
    return wb;
  }

  /**
   * Writes the workbook to `file` atomically: a temporary file in the same folder, fsynced, then renamed
   * over the old one (durable.js), so a kill during a save leaves the previous file whole.
   * @param {string} file
   */
  async save(file) {
    const xlsx = new ExcelJS.Workbook();
    /** @type {Record<string, SheetMeta>} */
    const sizes = {};
    for (const sheet of this.sheets) {
      writeSheet(xlsx, sheet);
      sizes[sheet.name] = { maxRows: sheet.maxRows, maxColumns: sheet.maxColumns };
      if (sheet.charts.length) sizes[sheet.name].charts = sheet.charts;
      if (sheet.protections.length) sizes[sheet.name].protections = sheet.protections;
    }
    const meta = {
      studioRuntime: 1,
      timeZone: this.timeZone,
      id: this.id,
      name: this.name,
      locale: this.locale,
      activeSheet: this.activeSheetName,
      sheets: sizes,
      sharing: this.sharing,
    };
    xlsx.description = JSON.stringify(meta);
    // exceljs writes no charts: they are added to its package (xlsx-charts.js), so Excel draws them too.
    const written = Buffer.from(await xlsx.xlsx.writeBuffer());
    const data = await withCharts(
      written,
      new Map(this.sheets.map((s) => [s.name, s.charts])),
      (name, row, column) => this.sheet(name)?.cell(row, column)?.fmt,
    );
    const tmp = tempName(file);
    try {
      fs.writeFileSync(tmp, data);
      putInPlace(tmp, file);
    } finally {
      if (fs.existsSync(tmp)) fs.unlinkSync(tmp);
    }
  }
}

/**
 * What the metadata keeps of one sheet.
 * @typedef {{ maxRows: number, maxColumns: number, charts?: import('./charts').ChartRecord[],
 *   protections?: ProtectionRecord[] }} SheetMeta
 */

/**
 * @param {string | undefined} description
 * @returns {{ timeZone?: string, id?: string, name?: string, locale?: string, activeSheet?: string, sheets?: Record<string, SheetMeta>, sharing?: unknown }}
 */
function parseMeta(description) {
  try {
    const meta = JSON.parse(description ?? '');
    return meta?.studioRuntime ? meta : {};
  } catch {
    return {};
  }
}

/** @param {ValidationRule} rule */
function toXlsxValidation(rule) {
  const list = rule.values.map((v) => String(v).replace(/"/g, '""')).join(',');
  return {
    type: 'list',
    allowBlank: true,
    formulae: [`"${list}"`],
    showErrorMessage: !rule.allowInvalid,
    ...(rule.allowInvalid ? {} : { errorStyle: 'stop' }),
    ...(rule.helpText ? { showInputMessage: true, prompt: rule.helpText } : {}),
  };
}

/**
 * @typedef {{ type?: string, formulae?: unknown[], showErrorMessage?: boolean, prompt?: string }} XlsxValidation
 * @param {XlsxValidation} dv @returns {ValidationRule | undefined}
 */
function fromXlsxValidation(dv) {
  const formula = String(dv.formulae?.[0] ?? '');
  if (dv.type !== 'list' || !/^".*"$/s.test(formula)) return undefined;
  const values = formula
    .slice(1, -1)
    .split(',')
    .map((v) => v.replace(/""/g, '"'));
  return {
    type: 'VALUE_IN_LIST',
    values,
    showDropdown: true,
    allowInvalid: !dv.showErrorMessage,
    helpText: dv.prompt ?? null,
  };
}

/** @param {import('exceljs').Workbook} xlsx @param {SheetModel} sheet */
function writeSheet(xlsx, sheet) {
  const ws = xlsx.addWorksheet(sheet.name, {
    state: sheet.hidden ? 'hidden' : 'visible',
    views: sheet.frozenRows ? [{ state: 'frozen', ySplit: sheet.frozenRows, xSplit: 0 }] : [],
  });
  for (const [column, px] of sheet.columnWidths) ws.getColumn(column).width = px / PX_PER_CHAR;
  sheet.rows.forEach((row, r) => {
    row?.forEach((cell, c) => {
      if (!cell) return;
      const xc = ws.getCell(r + 1, c + 1);
      if (cell.f !== undefined) xc.value = { formula: cell.f.replace(/^=/, '') };
      else if (typeof cell.v === 'number' && isDateFormat(cell.fmt)) xc.value = new Date(serialToWall(cell.v));
      else if (cell.v !== undefined) xc.value = cell.v;
      if (cell.fmt) xc.numFmt = cell.fmt;
      if (cell.bold !== undefined) xc.font = { bold: cell.bold };
      if (cell.bg) xc.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: toArgb(cell.bg) } };
      if (cell.align) xc.alignment = { horizontal: /** @type {'left'} */ (cell.align) };
      if (cell.dv) validationsOf(ws).add(xc.address, toXlsxValidation(cell.dv));
    });
  });
}

/** @param {Workbook} wb @param {import('exceljs').Worksheet} ws @param {SheetMeta | undefined} size */
function readSheet(wb, ws, size) {
  const sheet = wb.addSheet(ws.name);
  sheet.hidden = ws.state !== 'visible';
  const frozen = ws.views?.find((v) => v.state === 'frozen');
  sheet.frozenRows = frozen && 'ySplit' in frozen ? Number(frozen.ySplit ?? 0) : 0;
  (ws.columns ?? []).forEach((col, i) => {
    if (col.width) sheet.columnWidths.set(i + 1, Math.round(col.width * PX_PER_CHAR));
  });
  // Every row, the empty ones too: a body cell formatted by "Set up workbook" holds only its format, and
  // a row appended later must land in it and show that format, as in Sheets.
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    row.eachCell({ includeEmpty: true }, (xc, c) => {
      if (!holdsAnything(xc)) return;
      const cell = sheet.cellForWrite(r, c);
      readValue(cell, xc);
      if (xc.numFmt && xc.numFmt !== 'General') cell.fmt = xc.numFmt;
      if (xc.font?.bold) cell.bold = true;
      const fill = /** @type {{ fgColor?: { argb?: string } }} */ (xc.fill);
      if (fill?.fgColor?.argb) cell.bg = `#${fill.fgColor.argb.slice(-6).toLowerCase()}`;
      if (xc.alignment?.horizontal) cell.align = xc.alignment.horizontal;
    });
  });
  for (const [address, dv] of Object.entries(validationsOf(ws).model)) {
    const rule = dv && fromXlsxValidation(dv);
    if (!rule) continue;
    const xc = ws.getCell(address);
    sheet.cellForWrite(Number(xc.row), Number(xc.col)).dv = rule;
  }
  sheet.maxRows = Math.max(size?.maxRows ?? DEFAULT_MAX_ROWS, sheet.rows.length);
  sheet.charts = size?.charts ?? [];
  sheet.protections = (size?.protections ?? []).map(readProtection);
  sheet.maxColumns = Math.max(size?.maxColumns ?? DEFAULT_MAX_COLUMNS, ...sheet.rows.map((r) => r?.length ?? 0));
}

/** A protection record from the metadata, every field checked (a hand-edited file may hold anything). @param {any} p @returns {ProtectionRecord} */
function readProtection(p) {
  const count = (/** @type {unknown} */ n) => (Number.isInteger(n) && Number(n) >= 1 ? Number(n) : null);
  return {
    description: String(p?.description ?? ''),
    warningOnly: p?.warningOnly === true,
    editors: Array.isArray(p?.editors) ? p.editors.map(String) : null,
    row: count(p?.row) ?? 1,
    column: count(p?.column) ?? 1,
    numRows: count(p?.numRows),
    numColumns: count(p?.numColumns),
  };
}

/** Whether an .xlsx cell holds a value, a number format or a style worth keeping. @param {import('exceljs').Cell} xc */
function holdsAnything(xc) {
  const fill = /** @type {{ fgColor?: { argb?: string } }} */ (xc.fill);
  return (
    (xc.value !== null && xc.value !== undefined) ||
    (!!xc.numFmt && xc.numFmt !== 'General') ||
    !!xc.font?.bold ||
    !!fill?.fgColor?.argb ||
    !!xc.alignment?.horizontal
  );
}

/** @param {Cell} cell @param {import('exceljs').Cell} xc */
function readValue(cell, xc) {
  const value = /** @type {unknown} */ (xc.value);
  if (value === null || value === undefined) return;
  if (value instanceof Date) cell.v = wallToSerial(value.getTime());
  else if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') cell.v = value;
  else if (typeof value === 'object') {
    const o =
      /** @type {{ formula?: string, sharedFormula?: string, richText?: { text: string }[], text?: string, error?: string }} */ (
        value
      );
    if (o.formula || o.sharedFormula) cell.f = `=${xc.formula ?? o.formula}`;
    else if (o.richText) cell.v = o.richText.map((t) => t.text).join('');
    else if (o.text !== undefined) cell.v = String(o.text);
    else if (o.error) cell.v = o.error;
  }
}

/**
 * exceljs keeps a sheet's data validations (one entry per cell or range address) in a member its typings omit.
 * @param {import('exceljs').Worksheet} ws
 * @returns {{ add(address: string, validation: object): void, model: Record<string, XlsxValidation | undefined> }}
 */
function validationsOf(ws) {
  return /** @type {never} */ (
    /** @type {{ dataValidations: unknown }} */ (/** @type {unknown} */ (ws)).dataValidations
  );
}

/** "#ff0000" -> "FFFF0000" (other colors become white). @param {string} color */
function toArgb(color) {
  const hex = color.replace(/^#/, '');
  return /^[0-9a-f]{6}$/i.test(hex) ? `FF${hex.toUpperCase()}` : 'FFFFFFFF';
}

module.exports = { Workbook, SheetModel, isDateFormat, hasContent, DEFAULT_MAX_ROWS, DEFAULT_MAX_COLUMNS };
