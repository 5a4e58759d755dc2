// @ts-check
// `studio dump`: the workbook's tabs as JSON objects keyed by header, dates as YYYY-MM-DD.
const { Workbook } = require('./runtime');
const { toWallClock } = require('./runtime/timezone');
const { activeSpreadsheet } = require('./bundle');

/**
 * @param {unknown} value a cell value as getValues returns it
 * @param {string} timeZone the spreadsheet's
 */
function plain(value, timeZone) {
  if (Object.prototype.toString.call(value) !== '[object Date]') return value;
  // The wall clock in the spreadsheet's zone, as a UTC timestamp: read it with the UTC getters.
  const iso = new Date(toWallClock(/** @type {Date} */ (value).getTime(), timeZone)).toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

/**
 * Every tab (or one) as `{ tab: [{ header: value }] }`, read through the emulated SpreadsheetApp so the
 * values are exactly what the add-on reads. Blank rows are kept out.
 * @param {import('./runtime').Runtime} runtime @param {string} [tab]
 */
function dumpTabs(runtime, tab) {
  const ss = activeSpreadsheet(runtime);
  const timeZone = ss.getSpreadsheetTimeZone();
  const named = tab ? ss.getSheetByName(tab) : null;
  if (tab && !named) throw new Error(`No tab named "${tab}".`);
  const sheets = named ? [named] : ss.getSheets();
  /** @type {Record<string, Record<string, unknown>[]>} */
  const out = {};
  for (const sheet of sheets) {
    const [header = [], ...rows] = sheet.getDataRange().getValues();
    out[sheet.getName()] = rows
      .filter((/** @type {unknown[]} */ r) => r.some((v) => v !== ''))
      .map((/** @type {unknown[]} */ r) =>
        Object.fromEntries(
          header.map((/** @type {unknown} */ h, /** @type {number} */ i) => [String(h), plain(r[i], timeZone)]),
        ),
      );
  }
  return out;
}

module.exports = { dumpTabs, plain, Workbook };
