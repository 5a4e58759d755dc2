// @ts-check
// What a cell becomes when a script writes a value, and how a cell reads back: Sheets' value semantics.
//
// Strings are parsed like a person typing into Sheets: a leading apostrophe forces text (and is dropped);
// "=…" is a formula, and so is "+…", "-…" or "@…" unless it is a plain number; plain numbers become
// numbers, TRUE/FALSE booleans, "yyyy-MM-dd" (optionally " HH:mm[:ss]") a date. A cell formatted as
// plain text ("@") keeps strings literally.
//
// This emulator does NOT evaluate formulas: a formula cell reads back from getValues() as the string
// "#ERROR!" (as Sheets shows a formula it cannot compute); getFormulas() returns the formula text.

const { fromWallClock, toWallClock, wallToSerial, serialToWall } = require('./timezone');
const { isDateFormat } = require('./workbook');
const { MONTHS, DAYS } = require('./formatdate');

const FORMULA_PLACEHOLDER = '#ERROR!';
const DATE_FORMAT = 'yyyy-mm-dd';
const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** @param {unknown} x @returns {x is Date} */
function isDate(x) {
  return Object.prototype.toString.call(x) === '[object Date]';
}

/**
 * The content a written value gives a cell.
 * @param {unknown} value
 * @param {{ timeZone: string, format: string | undefined }} context
 * @returns {{ v?: number | string | boolean, f?: string, dateFormat?: string }}
 */
function inputToContent(value, context) {
  if (value === null || value === undefined || value === '') return {};
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { v: '#NUM!' };
    return { v: value };
  }
  if (typeof value === 'boolean') return { v: value };
  if (isDate(value)) {
    const instant = value.getTime();
    if (Number.isNaN(instant)) return { v: '' };
    const wall = toWallClock(instant, context.timeZone);
    const midnight = wall % 86400000 === 0;
    return { v: wallToSerial(wall), dateFormat: midnight ? DATE_FORMAT : DATE_TIME_FORMAT };
  }
  const text = String(value);
  if (context.format === '@') return { v: text };
  return parseTyped(text);
}

/**
 * Writes `value` into `cell` as Range.setValue does: the content replaces the old one, the number format
 * stays (a date written into an unformatted cell gets a date format).
 * @param {import('./workbook').Cell} cell @param {unknown} value @param {string} timeZone the spreadsheet's
 */
function storeInput(cell, value, timeZone) {
  const content = inputToContent(value, { timeZone, format: cell.fmt });
  delete cell.v;
  delete cell.f;
  if (content.v !== undefined) cell.v = content.v;
  if (content.f !== undefined) cell.f = content.f;
  if (content.dateFormat && !cell.fmt) cell.fmt = content.dateFormat;
}

/** A string typed into a cell with an automatic format. @param {string} text */
function parseTyped(text) {
  if (text.startsWith("'")) return text.length > 1 ? { v: text.slice(1) } : {};
  const trimmed = text.trim();
  if (PLAIN_NUMBER.test(trimmed)) return { v: Number(trimmed) };
  if (text.length > 1 && /^[=+\-@]/.test(text)) return { f: text.startsWith('=') ? text : `=${text}` };
  if (/^(true|false)$/i.test(trimmed)) return { v: trimmed.toLowerCase() === 'true' };
  const m = ISO_DATE.exec(trimmed);
  if (m) {
    const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1);
    const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const check = new Date(wall);
    if (check.getUTCMonth() === Number(mo) - 1 && check.getUTCDate() === Number(d) && Number(h) < 24) {
      return { v: wallToSerial(wall), dateFormat: m[4] === undefined ? DATE_FORMAT : DATE_TIME_FORMAT };
    }
  }
  return { v: text };
}

/**
 * The value getValues() returns for a cell: Dates are built with `DateCtor` (the script's realm).
 * @param {import('./workbook').Cell | undefined} cell @param {string} timeZone @param {DateConstructor} DateCtor
 * @returns {number | string | boolean | Date}
 */
function cellValue(cell, timeZone, DateCtor) {
  if (!cell) return '';
  if (cell.f !== undefined) return FORMULA_PLACEHOLDER;
  if (cell.v === undefined) return '';
  if (typeof cell.v === 'number' && isDateFormat(cell.fmt)) {
    return new DateCtor(fromWallClock(serialToWall(cell.v), timeZone));
  }
  return cell.v;
}

/** The text Sheets shows for a cell (simplified formats). @param {import('./workbook').Cell | undefined} cell */
function displayValue(cell) {
  if (!cell) return '';
  if (cell.f !== undefined) return FORMULA_PLACEHOLDER;
  const v = cell.v;
  if (v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return v;
  if (isDateFormat(cell.fmt)) return formatSerial(v, /** @type {string} */ (cell.fmt));
  if (cell.fmt && cell.fmt !== '@') return formatNumber(v, cell.fmt);
  return String(Number(v.toPrecision(15)));
}

/** Formats a date serial with a Sheets date pattern (yyyy yy mmmm mmm mm m dddd ddd dd d hh h ss s am/pm). */
function formatSerial(/** @type {number} */ serial, /** @type {string} */ fmt) {
  const d = new Date(serialToWall(serial));
  const tokens =
    fmt.match(/"[^"]*"|\\.|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am\/pm|a\/p|\[[^\]]*\]|./gi) ?? [];
  const twelveHour = tokens.some((t) => /^(am\/pm|a\/p)$/i.test(t));
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  const hours = twelveHour ? d.getUTCHours() % 12 || 12 : d.getUTCHours();
  return tokens
    .map((t, i) => {
      const lower = t.toLowerCase();
      const prev = tokens
        .slice(0, i)
        .reverse()
        .find((x) => /^[a-z]/i.test(x) && !/^\[/.test(x));
      const next = tokens.slice(i + 1).find((x) => /^[a-z]/i.test(x));
      const minutes = (lower === 'm' || lower === 'mm') && (/^h/i.test(prev ?? '') || /^s/i.test(next ?? ''));
      if (minutes) return lower === 'mm' ? pad(d.getUTCMinutes()) : String(d.getUTCMinutes());
      switch (lower) {
        case 'yyyy':
          return String(d.getUTCFullYear());
        case 'yy':
          return pad(d.getUTCFullYear() % 100);
        case 'mmmm':
          return MONTHS[d.getUTCMonth()];
        case 'mmm':
          return MONTHS[d.getUTCMonth()].slice(0, 3);
        case 'mm':
          return pad(d.getUTCMonth() + 1);
        case 'm':
          return String(d.getUTCMonth() + 1);
        case 'dddd':
          return DAYS[d.getUTCDay()];
        case 'ddd':
          return DAYS[d.getUTCDay()].slice(0, 3);
        case 'dd':
          return pad(d.getUTCDate());
        case 'd':
          return String(d.getUTCDate());
        case 'hh':
          return pad(hours);
        case 'h':
          return String(hours);
        case 'ss':
          return pad(d.getUTCSeconds());
        case 's':
          return String(d.getUTCSeconds());
        case 'am/pm':
          return d.getUTCHours() < 12 ? 'AM' : 'PM';
        case 'a/p':
          return d.getUTCHours() < 12 ? 'a' : 'p';
        default:
          if (t.startsWith('"')) return t.slice(1, -1);
          if (t.startsWith('\\')) return t.slice(1);
          if (t.startsWith('[')) return '';
          return t;
      }
    })
    .join('');
}

/** Formats a number with a simple numeric pattern: 0, 0.00, #,##0.00, 0%, with literal prefix/suffix. */
function formatNumber(/** @type {number} */ n, /** @type {string} */ fmt) {
  const sections = fmt.split(';');
  const section = n < 0 && sections[1] ? sections[1] : sections[0];
  const bare = section
    .replace(/"([^"]*)"/g, '$1')
    .replace(/\\(.)/g, '$1')
    .replace(/\[[^\]]*\]/g, '');
  const first = bare.search(/[0#?]/);
  if (first < 0) return bare;
  const last = bare.search(/[0#?.,%][^0#?.,%]*$/);
  const core = bare.slice(first, last + 1);
  const percent = core.includes('%') || bare.slice(last + 1).includes('%');
  const decimals = (core.split('.')[1] ?? '').replace(/[^0#?]/g, '').length;
  const value = (percent ? n * 100 : n) * (n < 0 && sections[1] ? -1 : 1);
  let body = Math.abs(value).toFixed(decimals);
  if (core.includes(',')) {
    const [int, frac] = body.split('.');
    body = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
  }
  const sign = value < 0 ? '-' : '';
  return `${sign}${bare.slice(0, first)}${body}${bare.slice(last + 1).replace(/%/, '')}${percent ? '%' : ''}`;
}

module.exports = {
  inputToContent,
  storeInput,
  cellValue,
  displayValue,
  formatNumber,
  isDate,
  FORMULA_PLACEHOLDER,
  DATE_FORMAT,
};
