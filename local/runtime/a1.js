// @ts-check
// A1 notation: column letters, cell and range addresses.

/** 1 -> "A", 27 -> "AA". @param {number} col */
function columnLetter(col) {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** "A" -> 1, "AA" -> 27. @param {string} letters */
function columnNumber(letters) {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * "B2", "A1:C3", "A:B" (whole columns), "B2:B" (a column from row 2), "2:5" (whole rows) -> 1-based
 * rectangle; null when not A1. `open`: which end the address leaves unbounded (Range.isEndRowBounded /
 * isEndColumnBounded in Apps Script): the rectangle stops at the grid's edge today, a protection made from
 * it covers rows or columns added there later.
 * @param {string} a1 @param {number} maxRows @param {number} maxColumns
 * @returns {{ row: number, column: number, numRows: number, numColumns: number, open?: { rows: boolean, columns: boolean } } | null}
 */
function parseA1(a1, maxRows, maxColumns) {
  const m = /^\$?([A-Za-z]*)\$?(\d*)(?::\$?([A-Za-z]*)\$?(\d*))?$/.exec(a1.trim());
  if (!m) return null;
  const [, c1, r1, c2, r2] = m;
  const isRange = m[3] !== undefined || m[4] !== undefined;
  if (!isRange) {
    if (!c1 || !r1) return null;
    return { row: Number(r1), column: columnNumber(c1), numRows: 1, numColumns: 1 };
  }
  const columnsGiven = Boolean(c1 && c2);
  const rowsOnly = !c1 && !c2 && Boolean(r1 && r2);
  if (!columnsGiven && !rowsOnly) return null;
  const top = r1 ? Number(r1) : 1;
  const bottom = r2 ? Number(r2) : maxRows;
  const left = c1 ? columnNumber(c1) : 1;
  const right = c2 ? columnNumber(c2) : maxColumns;
  const row = Math.min(top, bottom);
  const column = Math.min(left, right);
  const open = { rows: !r2, columns: !c2 };
  return { row, column, numRows: Math.abs(bottom - top) + 1, numColumns: Math.abs(right - left) + 1, open };
}

/** @param {number} row @param {number} column @param {number} numRows @param {number} numColumns */
function toA1(row, column, numRows, numColumns) {
  const first = `${columnLetter(column)}${row}`;
  if (numRows === 1 && numColumns === 1) return first;
  return `${first}:${columnLetter(column + numColumns - 1)}${row + numRows - 1}`;
}

module.exports = { columnLetter, columnNumber, parseA1, toA1 };
