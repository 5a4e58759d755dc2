import { newRuntime } from '../support/local-runtime';

describe('Range value semantics (typed strings like a person typing into Sheets)', () => {
  test('apostrophe forces text; =, +, -, @ make formulas; numbers, booleans and ISO dates parse', () => {
    const { sheet } = newRuntime();
    const range = sheet.getRange('A1:J1');
    range.setValues([["'=1+1", '=SUM(B2:B3)', '+A1', '-x', '@foo', '42', '-3.5', 'TRUE', 'false', '2026-03-01']]);
    const [values] = range.getValues();
    expect(values.slice(0, 9)).toEqual(['=1+1', '#ERROR!', '#ERROR!', '#ERROR!', '#ERROR!', 42, -3.5, true, false]);
    expect(Object.prototype.toString.call(values[9])).toBe('[object Date]');
    expect(range.getFormulas()).toEqual([['', '=SUM(B2:B3)', '=+A1', '=-x', '=@foo', '', '', '', '', '']]);
    expect(range.getDisplayValues()[0][9]).toBe('2026-03-01');
    expect(range.getNumberFormats()[0][9]).toBe('yyyy-mm-dd');
  });

  test("'-5 is text, -5 a number, plain words stay strings, null and undefined clear the cell", () => {
    const { sheet } = newRuntime();
    sheet.getRange('A1:E1').setValues([["'-5", '-5', 'hello', null, undefined]]);
    expect(sheet.getRange('A1:E1').getValues()).toEqual([['-5', -5, 'hello', '', '']]);
    expect(sheet.getLastColumn()).toBe(3);
  });

  test('a plain-text (@) cell keeps strings literally', () => {
    const { sheet } = newRuntime();
    const range = sheet.getRange('A1:D1');
    range.setNumberFormat('@');
    range.setValues([['=1+1', '007', 'TRUE', '2026-03-01']]);
    expect(range.getValues()).toEqual([['=1+1', '007', 'TRUE', '2026-03-01']]);
    expect(range.getFormulas()).toEqual([['', '', '', '']]);
    expect(range.getNumberFormats()).toEqual([['@', '@', '@', '@']]);
  });

  test('numbers and booleans are stored as given; a fresh cell has the automatic format', () => {
    const { sheet } = newRuntime();
    sheet.getRange(1, 1, 1, 2).setValues([[1.5, false]]);
    expect(sheet.getRange(1, 1, 1, 2).getValues()).toEqual([[1.5, false]]);
    expect(sheet.getRange('C1').getNumberFormats()).toEqual([['0.###############']]);
    sheet.getRange('A2').setValue(1234.5).setNumberFormat('#,##0.00');
    expect(sheet.getRange('A2').getDisplayValues()).toEqual([['1,234.50']]);
  });

  test('setValue fills every cell; clearContent empties values but keeps formats', () => {
    const { sheet } = newRuntime();
    const range = sheet.getRange('A1:B2');
    range.setNumberFormat('0.00').setValue(3);
    expect(range.getValues()).toEqual([
      [3, 3],
      [3, 3],
    ]);
    range.clearContent();
    expect(range.getValues()).toEqual([
      ['', ''],
      ['', ''],
    ]);
    expect(range.getNumberFormats()[0][0]).toBe('0.00');
    expect(sheet.getLastRow()).toBe(0);
  });
});

describe('Range errors like the real service', () => {
  test('data size must match the range', () => {
    const { sheet } = newRuntime();
    expect(() => sheet.getRange('A1:B2').setValues([[1, 2]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() => sheet.getRange('A1:B2').setValues([[1, 2], [3]])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
  });

  test('ranges outside the grid, and bad coordinates, throw', () => {
    const { sheet } = newRuntime();
    const outside = 'The coordinates of the range are outside the dimensions of the sheet.';
    expect(() => sheet.getRange(1001, 1)).toThrow(outside);
    expect(() => sheet.getRange(1, 1, 1, 27)).toThrow(outside);
    expect(() => sheet.getRange('AA1')).toThrow(outside);
    expect(() => sheet.getRange(0, 1)).toThrow('The starting row of the range is too small.');
    expect(() => sheet.getRange(1, 0)).toThrow('The starting column of the range is too small.');
    expect(() => sheet.getRange(1, 1, 0)).toThrow('The number of rows in the range must be at least 1.');
    expect(() => sheet.getRange('not a range')).toThrow('Range not found');
    expect(() => sheet.getRange('1', 2)).toThrow(
      "The parameters (String,number) don't match the method signature for SpreadsheetApp.Sheet.getRange.",
    );
    try {
      sheet.getRange(0, 1);
    } catch (e) {
      expect(String(e)).toBe('Exception: The starting row of the range is too small.');
    }
  });

  test('insertRowsAfter grows maxRows and shifts data; deleteRows shrinks it', () => {
    const { sheet } = newRuntime();
    sheet.getRange('A1:A3').setValues([['h'], [1], [2]]);
    sheet.getRange('A1').setFontWeight('bold');
    sheet.insertRowsAfter(1, 5);
    expect(sheet.getMaxRows()).toBe(1005);
    expect(sheet.getRange('A7:A8').getValues()).toEqual([[1], [2]]);
    expect(sheet.getRange(1005, 1).getValue()).toBe('');
    sheet.deleteRows(2, 5);
    expect(sheet.getMaxRows()).toBe(1000);
    expect(sheet.getRange('A1:A3').getValues()).toEqual([['h'], [1], [2]]);
    expect(() => sheet.deleteRows(1, 1000)).toThrow("You can't delete all the rows on the sheet.");
  });

  test('insertSheet refuses a duplicate name; getSheetByName returns null when missing', () => {
    const { ss } = newRuntime();
    ss.insertSheet('Clients');
    expect(() => ss.insertSheet('Clients')).toThrow(
      'A sheet with the name "Clients" already exists. Please enter another name.',
    );
    expect(ss.getSheetByName('Nope')).toBeNull();
    expect(ss.getSheets().map((s: { getName(): string }) => s.getName())).toEqual(['Sheet1', 'Clients']);
    expect(ss.getActiveSheet().getName()).toBe('Clients');
  });

  test('getDataRange, A1 notation and whole-column ranges', () => {
    const { sheet } = newRuntime();
    sheet.getRange('B2:C3').setValues([
      [1, 2],
      [3, 4],
    ]);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1:C3');
    expect(sheet.getRange('B:B').getNumRows()).toBe(1000);
    expect(sheet.getRange('B2:C3').getLastRow()).toBe(3);
  });
});

describe('inserting many rows', () => {
  it('inserts 200 000 rows in the middle and at the end without overflowing the stack', () => {
    const { sheet } = newRuntime();
    sheet.getRange(1, 1, 3, 1).setValues([['a'], ['b'], ['c']]);
    sheet.insertRowsAfter(1, 200_000);
    expect(sheet.getMaxRows()).toBe(201_000);
    expect(sheet.getRange(200_002, 1).getValue()).toBe('b');
    sheet.insertRowsAfter(sheet.getMaxRows(), 200_000);
    expect(sheet.getMaxRows()).toBe(401_000);
    expect(sheet.getLastRow()).toBe(200_003);
  });
});
