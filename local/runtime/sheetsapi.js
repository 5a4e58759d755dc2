// @ts-check
// The Sheets advanced service (https://developers.google.com/apps-script/advanced/sheets): the global
// `Sheets` a project gets when its manifest enables it (dependencies.enabledAdvancedServices, serviceId
// "sheets"), a thin client of the Sheets REST API. Sheets.Spreadsheets.get and getByDataFilter are modelled:
// https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/get
// https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/getByDataFilter
//
//   Sheets.Spreadsheets.get(spreadsheetId, { ranges: ["Sales!A2:P2", "'Run Log'!1:1"], fields: "…" })
//   Sheets.Spreadsheets.getByDataFilter({ dataFilters: [{ a1Range: "Sales!A2:P2" }] }, spreadsheetId, { fields })
//     the same answer, the ranges sent in the request body (a POST: no URL length limit); only a1Range
//     filters are modelled (a gridRange or developer-metadata filter throws, naming it).
//
// The answer is the REST Spreadsheet resource, limited to what the emulator models:
//   { spreadsheetId, properties: { title, locale, timeZone }, sheets: [{ properties: { title, sheetId, index }, data: [GridData…] }] }
//   GridData = { startRow, startColumn, rowData: [{ values: [CellData…] }] }
//   CellData = { effectiveValue: { numberValue | stringValue | boolValue | errorValue: { type, message } },
//                effectiveFormat: { numberFormat: { type, pattern } } }
// - `ranges` (A1 with a sheet name, 'quoted' when needed, '' escaping a quote; a bare sheet name is its
//   whole grid; no sheet name means the first visible sheet) select the sheets listed, in tab order, each
//   with one GridData per range of that sheet in request order, clipped to the grid. No ranges: every sheet.
// - getByDataFilter answers with "the portions of the spreadsheet that intersect ranges matched by any of
//   the filters" (its reference page), not one GridData per filter: the emulator merges the ranges of a
//   sheet that span the same columns and touch or overlap into one GridData, and sends each sheet's
//   blocks by start row, or shuffled by a seed (`blocks`: { merge, shuffle }, the runtime option
//   `dataFilterBlocks`), so a caller that takes the blocks in request order fails here as it would there.
// - Grid data comes only when `fields` selects it or `includeGridData` is true (the API ignores
//   includeGridData when a field mask is given).
// - proto3 JSON: zero numbers are omitted (startRow/startColumn 0), and so are the trailing empty cells of
//   a row and the trailing empty rows; an empty row in the middle is {} and so is an empty cell. A cell
//   is empty when it holds no value, formula or number format (a formatted blank cell reports its
//   effectiveFormat). A value with the automatic format has `effectiveFormat: {}`.
// - Dates are serial numbers (numberValue) with a DATE / TIME / DATE_TIME number format, as stored.
//   Formulas are not evaluated: a formula cell's effectiveValue is errorValue { type: "ERROR" }, as its
//   display is #ERROR!.
// - `sheetId` is a stable number made from the sheet's name (the emulator keeps no sheet ids).
// - `fields`: Google's partial-response syntax (a,b/c,d(e,f)) — any selection of the fields above is
//   honoured; naming a field the emulator does not model throws an error naming it (the real API would
//   return it), rather than silently leaving it out.
// Errors are GoogleJsonResponseException, as Apps Script throws them: "API call to
// sheets.spreadsheets.get failed with error: Requested entity was not found." for an id the Drive does
// not hold, "…: The caller does not have permission" (HTTP 403, PERMISSION_DENIED) for a spreadsheet not
// shared with the execution's user (the rule of SpreadsheetApp.openById, sharing.js), "…: Unable to
// parse range: X" for a bad range.

const { parseA1 } = require('./a1');
const { openableWorkbook } = require('./spreadsheet');
const { canOpen } = require('./sharing');
const { isDateFormat } = require('./workbook');

/**
 * @typedef {import('./instrument').Env} Env
 * @typedef {import('./workbook').Workbook} Workbook
 * @typedef {import('./workbook').SheetModel} SheetModel
 * @typedef {import('./workbook').Cell} Cell
 * @typedef {{ [field: string]: Mask } | true} Mask  true: the whole field
 * @typedef {{ model: SheetModel, row: number, column: number, numRows: number, numColumns: number }} GridRange
 * @typedef {{ merge?: boolean, shuffle?: number | null }} DataFilterBlocks
 *   merge: ranges of one sheet over the same columns that touch or overlap come back as one block (default
 *   true); shuffle: a seed that orders each sheet's blocks at random (default null: by start row)
 */

/** The fields the emulator models (what `fields` may name). @type {Mask} */
const MODELLED = {
  spreadsheetId: true,
  properties: { title: true, locale: true, timeZone: true },
  sheets: {
    properties: { title: true, sheetId: true, index: true },
    data: {
      startRow: true,
      startColumn: true,
      rowData: {
        values: {
          effectiveValue: {
            numberValue: true,
            stringValue: true,
            boolValue: true,
            errorValue: { type: true, message: true },
          },
          effectiveFormat: { numberFormat: { type: true, pattern: true } },
        },
      },
    },
  },
};

const METHOD = 'sheets.spreadsheets.get';

/**
 * The NumberFormat type of a Sheets number format pattern (Sheets API NumberFormatType).
 * @param {string} pattern @returns {string}
 */
function numberFormatType(pattern) {
  if (pattern === '@') return 'TEXT';
  if (isDateFormat(pattern)) {
    const bare = pattern.replace(/"[^"]*"|\\./g, '').replace(/\[(?![hms]+\])[^\]]*\]/gi, '');
    const time = /[hs]|am\/pm|a\/p/i.test(bare);
    const date = /[yd]/i.test(bare) || (/m/i.test(bare) && !time);
    if (date && time) return 'DATE_TIME';
    return time ? 'TIME' : 'DATE';
  }
  const bare = pattern.replace(/"[^"]*"|\\./g, (m) => (/[$€£¥₹]/.test(m) ? '$' : ''));
  if (/[0#?.]E[+-]/i.test(bare)) return 'SCIENTIFIC';
  if (bare.includes('%')) return 'PERCENT';
  if (/[$€£¥₹]|\[\$/.test(bare)) return 'CURRENCY';
  return 'NUMBER';
}

/** A stable positive 31-bit id from a sheet's name (FNV-1a). @param {string} name */
function sheetIdOf(name) {
  let h = 0x811c9dc5;
  for (const ch of name) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193);
  return h & 0x7fffffff;
}

/** @param {string} name */
function quoteSheet(name) {
  return `'${name.replace(/'/g, "''")}'`;
}

/**
 * Google's partial-response field syntax: "a,b/c,d(e,f(g))" (also a.b) into a tree.
 * @param {string} text @returns {Mask | null} null when it does not parse
 */
function parseFields(text) {
  let i = 0;
  /** @param {Record<string, Mask>} tree @param {string[]} path @param {Mask} leaf */
  const put = (tree, path, leaf) => {
    let node = tree;
    path.forEach((name, k) => {
      const last = k === path.length - 1;
      const existing = node[name];
      if (existing === true) return;
      if (last) node[name] = leaf === true || !existing ? leaf : merge(existing, leaf);
      else node = /** @type {Record<string, Mask>} */ ((node[name] = existing ?? {}));
    });
  };
  /** @param {Record<string, Mask>} a @param {Mask} b @returns {Mask} */
  const merge = (a, b) => {
    if (b === true) return true;
    for (const [k, v] of Object.entries(b)) put(a, [k], v);
    return a;
  };
  /** @returns {Record<string, Mask> | null} */
  const list = () => {
    /** @type {Record<string, Mask>} */
    const tree = {};
    for (;;) {
      const path = [];
      do {
        const m = /^\s*([A-Za-z_*][\w]*)\s*/.exec(text.slice(i));
        if (!m) return null;
        path.push(m[1]);
        i += m[0].length;
      } while ((text[i] === '/' || text[i] === '.') && ++i);
      /** @type {Mask | null} */
      let leaf = true;
      if (text[i] === '(') {
        i++;
        leaf = list();
        if (!leaf || text[i] !== ')') return null;
        i++;
        while (text[i] === ' ') i++;
      }
      put(tree, path, leaf);
      if (text[i] !== ',') return tree;
      i++;
    }
  };
  const tree = list();
  return tree && i === text.length ? tree : null;
}

/**
 * Throws unless every field the mask names is modelled.
 * @param {Mask} mask @param {Mask} modelled @param {string} path @param {(field: string) => never} fail
 */
function checkModelled(mask, modelled, path, fail) {
  if (mask === true || modelled === true) return;
  for (const [name, sub] of Object.entries(mask)) {
    if (name === '*') continue;
    const field = path ? `${path}.${name}` : name;
    if (!Object.hasOwn(modelled, name)) fail(field);
    checkModelled(sub, modelled[name], field, fail);
  }
}

const { createApiQuota, takeRequest } = require('./quota');

class SpreadsheetsCollection {
  /** One request to the Sheets API: a round trip (instrument.js). */
  static LOCAL = new Set();

  /**
   * @param {Env} env @param {Workbook} own @param {Map<string, Workbook>} drive @param {string} user who calls the API
   * @param {DataFilterBlocks} [blocks] how getByDataFilter cuts and orders its blocks
   */
  constructor(env, own, drive, user, blocks = {}, quota = createApiQuota(), now = () => Date.now()) {
    this._quota = quota;
    this._now = now;
    this._blocks = { merge: blocks.merge ?? true, shuffle: blocks.shuffle ?? null };
    this._method = METHOD;
    this._env = env;
    this._own = own;
    this._drive = drive;
    this._user = user;
  }

  /** GoogleJsonResponseException, as the advanced services throw it. @param {number} code @param {string} message */
  _apiError(code, message) {
    const error = new this._env.realm.Error(`API call to ${this._method} failed with error: ${message}`);
    error.name = 'GoogleJsonResponseException';
    Object.assign(error, { details: { code, message } });
    return error;
  }

  /**
   * @param {string} spreadsheetId
   * @param {{ ranges?: string | string[], fields?: string, includeGridData?: boolean }} [optionalArgs]
   */
  get(spreadsheetId, optionalArgs = {}) {
    this._method = METHOD;
    return this._read(spreadsheetId, optionalArgs);
  }

  /**
   * @param {{ dataFilters?: { a1Range?: string }[], includeGridData?: boolean }} resource
   * @param {string} spreadsheetId
   * @param {{ fields?: string }} [optionalArgs]
   */
  getByDataFilter(resource, spreadsheetId, optionalArgs = {}) {
    this._method = 'sheets.spreadsheets.getByDataFilter';
    const filters = resource?.dataFilters ?? [];
    for (const f of filters) {
      const other = Object.keys(f ?? {}).find((k) => k !== 'a1Range');
      if (other)
        throw this._env.exception(
          `Sheets.Spreadsheets.getByDataFilter: the local runtime models only a1Range filters, not "${other}".`,
        );
    }
    const ranges = filters.map((f) => String(f.a1Range));
    const args = { ...(optionalArgs ?? {}), includeGridData: resource?.includeGridData, ranges };
    return this._read(spreadsheetId, args, (mine) => portions(mine, this._blocks));
  }

  /**
   * @param {string} spreadsheetId
   * @param {{ ranges?: string | string[], fields?: string, includeGridData?: boolean }} [optionalArgs]
   * @param {(mine: GridRange[]) => GridRange[]} [cut] the blocks of one sheet's ranges (get: one per range)
   */
  _read(spreadsheetId, optionalArgs = {}, cut = (mine) => mine) {
    // Every request counts against the project's per-minute quotas, served or not (quota.js).
    const refused = takeRequest(this._quota, 'read', this._user, this._now());
    if (refused) throw this._apiError(429, refused);
    const workbook = openableWorkbook(this._own, this._drive, spreadsheetId);
    if (!workbook) throw this._apiError(404, 'Requested entity was not found.');
    if (!canOpen(workbook.sharing, this._user)) throw this._apiError(403, 'The caller does not have permission');
    const args = optionalArgs ?? {};
    /** @type {Mask} */
    let mask = true;
    if (args.fields !== undefined && args.fields !== null) {
      const parsed = parseFields(String(args.fields));
      if (!parsed) throw this._apiError(400, `Invalid field selection ${args.fields}`);
      checkModelled(parsed, MODELLED, '', (field) => {
        throw this._env.exception(
          `Sheets.Spreadsheets.get: the local runtime does not model the field "${field}" (fields: ${args.fields}).`,
        );
      });
      mask = parsed;
    }
    const withData = args.fields !== undefined && args.fields !== null ? true : args.includeGridData === true;
    const requested = args.ranges === undefined ? [] : Array.isArray(args.ranges) ? args.ranges : [args.ranges];
    const ranges = requested.map((text) => this._gridRange(workbook, String(text)));
    if (requested.length === 0) {
      for (const model of workbook.sheets) {
        ranges.push({ model, row: 1, column: 1, numRows: model.maxRows, numColumns: model.maxColumns });
      }
    }
    const sheets = workbook.sheets
      .map((model, index) => ({ model, index, mine: ranges.filter((r) => r.model === model) }))
      .filter((s) => s.mine.length > 0)
      .map(({ model, index, mine }) => {
        /** @type {Record<string, unknown>} */
        const entry = { properties: { title: model.name, sheetId: sheetIdOf(model.name), index } };
        if (withData) entry.data = cut(mine).map((r) => this._gridData(r));
        return entry;
      });
    const properties = { title: workbook.name, locale: workbook.locale ?? 'en_US', timeZone: workbook.timeZone };
    return /** @type {Record<string, unknown>} */ (
      this._project({ spreadsheetId: workbook.id, properties, sheets }, mask)
    );
  }

  /** @param {Workbook} workbook @param {string} text @returns {GridRange} */
  _gridRange(workbook, text) {
    const fail = () => this._apiError(400, `Unable to parse range: ${text}`);
    const m = /^(?:'((?:[^']|'')+)'|([^'!]+))(?:!(.*))?$/s.exec(text);
    let name = m ? (m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]) : null;
    let a1 = m ? m[3] : undefined;
    if (m && a1 === undefined && m[1] === undefined && !workbook.sheet(m[2]) && parseA1(m[2], 1, 1)) {
      // "A1:B2" with no sheet name: the first visible sheet.
      a1 = m[2];
      name = (workbook.sheets.find((s) => !s.hidden) ?? workbook.sheets[0]).name;
    }
    const model = name === null ? null : workbook.sheet(name);
    if (!model) throw fail();
    if (a1 === undefined) return { model, row: 1, column: 1, numRows: model.maxRows, numColumns: model.maxColumns };
    const rect = parseA1(a1, model.maxRows, model.maxColumns);
    if (!rect) throw fail();
    if (rect.row > model.maxRows || rect.column > model.maxColumns) {
      throw this._apiError(
        400,
        `Range (${quoteSheet(model.name)}!${a1}) exceeds grid limits. Max rows: ${model.maxRows}, max columns: ${model.maxColumns}`,
      );
    }
    return {
      model,
      row: rect.row,
      column: rect.column,
      numRows: Math.min(rect.numRows, model.maxRows - rect.row + 1),
      numColumns: Math.min(rect.numColumns, model.maxColumns - rect.column + 1),
    };
  }

  /** @param {GridRange} r */
  _gridData(r) {
    /** @type {Record<string, unknown>[]} */
    const rowData = [];
    for (let i = 0; i < r.numRows; i++) {
      const stored = r.model.rows[r.row + i - 1];
      const values = [];
      for (let j = 0; j < r.numColumns && stored; j++) values.push(cellData(stored[r.column + j - 1]));
      while (values.length && Object.keys(values[values.length - 1]).length === 0) values.pop();
      rowData.push(values.length ? { values } : {});
    }
    while (rowData.length && !rowData[rowData.length - 1].values) rowData.pop();
    // The API sends what the range holds, trailing blanks trimmed: a whole-column range costs its data.
    for (const row of rowData) this._env.stats.cellsRead += /** @type {unknown[]} */ (row.values ?? []).length;
    /** @type {Record<string, unknown>} */
    const grid = {};
    if (r.row > 1) grid.startRow = r.row - 1;
    if (r.column > 1) grid.startColumn = r.column - 1;
    if (rowData.length) grid.rowData = rowData;
    return grid;
  }

  /**
   * The fields of `value` the mask selects, with arrays made in the script's realm.
   * @param {unknown} value @param {Mask} mask @returns {unknown}
   */
  _project(value, mask) {
    if (Array.isArray(value)) {
      const out = new this._env.realm.Array();
      for (let i = 0; i < value.length; i++) out.push(this._project(value[i], mask));
      return out;
    }
    if (value === null || typeof value !== 'object') return value;
    /** @type {Record<string, unknown>} */
    const out = {};
    const all = mask === true || mask['*'] !== undefined;
    for (const key in value) {
      const sub = all ? true : /** @type {Record<string, Mask>} */ (mask)[key];
      if (sub) out[key] = this._project(/** @type {Record<string, unknown>} */ (value)[key], sub);
    }
    return out;
  }
}

/**
 * The blocks getByDataFilter sends for one sheet's ranges: those over the same columns that touch or
 * overlap merged (with `merge`), by start row, or in a seeded random order (`shuffle`).
 * @param {GridRange[]} ranges @param {{ merge: boolean, shuffle: number | null }} options @returns {GridRange[]}
 */
function portions(ranges, options) {
  const sorted = [...ranges].sort((a, b) => a.row - b.row || a.column - b.column);
  /** @type {GridRange[]} */
  const out = [];
  for (const r of sorted) {
    const into = options.merge
      ? out.find((o) => o.column === r.column && o.numColumns === r.numColumns && r.row <= o.row + o.numRows)
      : undefined;
    if (into) into.numRows = Math.max(into.numRows, r.row + r.numRows - into.row);
    else out.push({ ...r });
  }
  if (options.shuffle === null) return out;
  // mulberry32: the same seed, the same order.
  let seed = options.shuffle >>> 0;
  const random = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** CellData of one stored cell ({} when empty). @param {Cell | undefined} cell */
function cellData(cell) {
  /** @type {Record<string, unknown>} */
  const data = {};
  if (!cell) return data;
  if (cell.f !== undefined) {
    data.effectiveValue = {
      errorValue: { type: 'ERROR', message: 'The local runtime does not evaluate formulas.' },
    };
  } else if (typeof cell.v === 'number') data.effectiveValue = { numberValue: cell.v };
  else if (typeof cell.v === 'string') data.effectiveValue = { stringValue: cell.v };
  else if (typeof cell.v === 'boolean') data.effectiveValue = { boolValue: cell.v };
  if (cell.fmt) data.effectiveFormat = { numberFormat: { type: numberFormatType(cell.fmt), pattern: cell.fmt } };
  else if (data.effectiveValue) data.effectiveFormat = {};
  return data;
}

module.exports = { SpreadsheetsCollection, numberFormatType, parseFields, sheetIdOf, portions };
