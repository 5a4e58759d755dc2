// TextFinder in the local runtime (reference/spreadsheet/text-finder): what a cell is matched on (its
// displayed text), the options, the order of matches, the cells a search scans, and replacing.
import { newRuntime } from '../support/local-runtime';

type AnyRange = { getA1Notation(): string; getSheet(): { getName(): string } };
const a1s = (ranges: AnyRange[]) => ranges.map((r) => r.getA1Notation());

/** A small sheet: names, codes, formatted numbers, a date, a blank row (5), a formula. */
function fixture() {
  const made = newRuntime();
  const { sheet } = made;
  sheet.getRange('A1:D4').setValues([
    ['Name', 'Code', 'Amount', 'Date'],
    ['Alice', 'S-1', 12, new Date('2026-03-01T00:00:00+11:00')],
    ['alice smith', 'S-12', 5, ''],
    ['Bob', 'S-123', 1234.5, ''],
  ]);
  sheet.getRange('C2').setNumberFormat('0.00');
  sheet.getRange('C4').setNumberFormat('#,##0.00');
  sheet.getRange('D2').setNumberFormat('dd/mm/yyyy');
  sheet.getRange('A6:C6').setValues([['Ålice', "' S-1 ", '=SUM(C2:C4)']]);
  return made;
}

describe('TextFinder matching', () => {
  test('default: case-insensitive substring of the displayed text; matchCase; matchEntireCell', () => {
    const { sheet } = fixture();
    expect(a1s(sheet.createTextFinder('alice').findAll())).toEqual(['A2', 'A3']);
    expect(a1s(sheet.createTextFinder('alice').matchCase(true).findAll())).toEqual(['A3']);
    expect(a1s(sheet.createTextFinder('ALICE').matchEntireCell(true).findAll())).toEqual(['A2']);
    expect(a1s(sheet.createTextFinder('alice').ignoreDiacritics(true).findAll())).toEqual(['A2', 'A3', 'A6']);
  });

  test('regular expressions: anchored alternation does not match S-123; matchEntireCell wraps the whole pattern', () => {
    const { sheet } = fixture();
    const anchored = sheet.createTextFinder('^\\s*(S-1|S-12)\\s*$').useRegularExpression(true);
    expect(a1s(anchored.findAll())).toEqual(['B2', 'B3', 'B6']);
    expect(a1s(anchored.matchEntireCell(true).findAll())).toEqual(['B2', 'B3', 'B6']);
    // Unanchored alternation: entire-cell must hold for either branch (^(?:S-1|S-12)$), not ^S-1 | S-12$.
    const bare = sheet.createTextFinder('S-1|S-12').useRegularExpression(true);
    expect(a1s(bare.findAll())).toEqual(['B2', 'B3', 'B4', 'B6']);
    expect(a1s(bare.matchEntireCell(true).findAll())).toEqual(['B2', 'B3']);
    // Without useRegularExpression the pattern is plain text.
    expect(sheet.createTextFinder('S-1|S-12').findAll()).toHaveLength(0);
    expect(() => sheet.createTextFinder('(').useRegularExpression(true).findAll()).toThrow(
      'Invalid argument: findText',
    );
  });

  test('numbers and dates match as displayed by their format', () => {
    const { sheet } = fixture();
    expect(sheet.getRange('C2').getDisplayValue()).toBe('12.00');
    expect(a1s(sheet.createTextFinder('12.00').findAll())).toEqual(['C2']);
    expect(a1s(sheet.createTextFinder('12').matchEntireCell(true).findAll())).toEqual([]);
    expect(a1s(sheet.createTextFinder('1,234.50').matchEntireCell(true).findAll())).toEqual(['C4']);
    expect(a1s(sheet.createTextFinder('1234.5').findAll())).toEqual([]);
    expect(a1s(sheet.createTextFinder('01/03/2026').findAll())).toEqual(['D2']);
    expect(sheet.createTextFinder('2026-03-01').findAll()).toHaveLength(0);
  });

  test('empty cells never match, even a pattern that matches the empty text', () => {
    const { sheet } = fixture();
    const all = sheet.createTextFinder('.*').useRegularExpression(true).findAll();
    expect(a1s(all)).toEqual([
      'A1',
      'B1',
      'C1',
      'D1',
      'A2',
      'B2',
      'C2',
      'D2',
      'A3',
      'B3',
      'C3',
      'A4',
      'B4',
      'C4',
      'A6',
      'B6',
      'C6',
    ]);
    expect(sheet.createTextFinder('^$').useRegularExpression(true).findAll()).toHaveLength(0);
  });

  test('formulas: displayed value unless matchFormulaText(true)', () => {
    const { sheet } = fixture();
    expect(sheet.createTextFinder('SUM').findAll()).toHaveLength(0);
    expect(a1s(sheet.createTextFinder('sum(').matchFormulaText(true).findAll())).toEqual(['C6']);
  });

  test('a Range finder searches only its cells; open-ended A1 (C2:C) reaches the last row', () => {
    const { sheet } = fixture();
    expect(a1s(sheet.getRange('B3:B4').createTextFinder('S-1').findAll())).toEqual(['B3', 'B4']);
    const column = sheet.getRange('C2:C');
    expect(column.getNumRows()).toBe(999);
    expect(a1s(column.createTextFinder('12').findAll())).toEqual(['C2']);
    sheet.getRange('C1000').setValue('12 again');
    expect(a1s(column.createTextFinder('12').findAll())).toEqual(['C2', 'C1000']);
  });

  test('a Spreadsheet finder searches every sheet in tab order', () => {
    const { ss, sheet } = fixture();
    const first = ss.insertSheet('First', 0);
    first.getRange('B2').setValue('Bob again');
    const found = ss.createTextFinder('bob').findAll();
    expect(found.map((r: AnyRange) => `${r.getSheet().getName()}!${r.getA1Notation()}`)).toEqual([
      'First!B2',
      'Sheet1!A4',
    ]);
    expect(sheet.createTextFinder('bob').findAll()).toHaveLength(1);
  });

  test('argument checks: empty or non-string findText, non-boolean options, startFrom outside', () => {
    const { ss, sheet } = fixture();
    expect(() => sheet.createTextFinder('')).toThrow('Invalid argument: findText');
    expect(() => sheet.createTextFinder(12)).toThrow(
      "The parameters (number) don't match the method signature for SpreadsheetApp.Sheet.createTextFinder.",
    );
    expect(() => sheet.createTextFinder('x').matchCase('yes')).toThrow(
      "The parameters (String) don't match the method signature for SpreadsheetApp.TextFinder.matchCase.",
    );
    const other = ss.insertSheet('Other');
    expect(() => sheet.createTextFinder('x').startFrom(other.getRange('A1'))).toThrow('Invalid argument: startRange');
    expect(() => sheet.getRange('B2:B4').createTextFinder('x').startFrom(sheet.getRange('A1'))).toThrow(
      'Invalid argument: startRange',
    );
  });
});

describe('TextFinder navigation and counting', () => {
  test('findNext walks row by row and returns null past the last match; findPrevious walks back', () => {
    const { sheet } = fixture();
    const finder = sheet.createTextFinder('s-1');
    expect(finder.getCurrentMatch()).toBeNull();
    const seen = [];
    for (let r = finder.findNext(); r; r = finder.findNext()) seen.push(r.getA1Notation());
    expect(seen).toEqual(['B2', 'B3', 'B4', 'B6']);
    expect(finder.getCurrentMatch().getA1Notation()).toBe('B6');
    expect(finder.findPrevious().getA1Notation()).toBe('B4');
    expect(finder.findPrevious().getA1Notation()).toBe('B3');
    expect(finder.startFrom(sheet.getRange('B3')).findNext().getA1Notation()).toBe('B4');
    expect(sheet.createTextFinder('s-1').findPrevious().getA1Notation()).toBe('B6');
    expect(sheet.createTextFinder('nothing').findNext()).toBeNull();
  });

  test('cellsSearched: a Sheet finder scans the whole grid, a Range finder its cells, findNext up to the match', () => {
    const { rt, sheet } = fixture();
    rt.resetStats();
    sheet.createTextFinder('alice').findAll();
    expect(rt.stats.cellsSearched).toBe(1000 * 26);
    rt.resetStats();
    sheet.getRange('B2:B4').createTextFinder('S').findAll();
    expect(rt.stats.cellsSearched).toBe(3);
    rt.resetStats();
    const finder = sheet.createTextFinder('Bob');
    finder.findNext(); // A1 … A4: the 13th cell of the grid, row by row
    expect(rt.stats.cellsSearched).toBe(3 * 26 + 1);
    expect(finder.findNext()).toBeNull(); // the rest of the grid
    expect(rt.stats.cellsSearched).toBe(1000 * 26);
  });

  test('replaceAllWith / replaceWith: occurrences replaced, written as typed, format kept, fault-injectable', () => {
    const { rt, sheet } = fixture();
    sheet.getRange('E1').setValue('S-1 and S-1');
    rt.resetStats();
    expect(sheet.getRange('B2:E2').createTextFinder('S-1').matchEntireCell(true).replaceAllWith('T-1')).toBe(1);
    expect(sheet.getRange('B2').getValue()).toBe('T-1');
    expect(sheet.createTextFinder('s-1').replaceAllWith('X')).toBe(5); // B3, B4, B6 and twice in E1
    expect(sheet.getRange('E1').getValue()).toBe('X and X');
    expect(sheet.getRange('B4').getValue()).toBe('X23');
    expect(rt.stats.cellsWritten).toBe(5);
    // A number cell: the replaced display text is typed back, the format stays.
    expect(sheet.createTextFinder('12.00').replaceAllWith('13.00')).toBe(1);
    expect(sheet.getRange('C2').getValue()).toBe(13);
    expect(sheet.getRange('C2').getDisplayValue()).toBe('13.00');
    // Regular expressions may use groups in the replacement; formulas only with matchFormulaText.
    expect(sheet.createTextFinder('^(\\w+) smith$').useRegularExpression(true).replaceAllWith('$1 jones')).toBe(1);
    expect(sheet.getRange('A3').getValue()).toBe('alice jones');
    expect(sheet.createTextFinder('#ERROR!').replaceAllWith('x')).toBe(0);
    expect(sheet.createTextFinder('C4').matchFormulaText(true).replaceAllWith('C5')).toBe(1);
    expect(sheet.getRange('C6').getFormulas()).toEqual([['=SUM(C2:C5)']]);
    // replaceWith: the current match only.
    const finder = sheet.createTextFinder('bob');
    expect(finder.replaceWith('nobody')).toBe(0);
    finder.findNext();
    expect(finder.replaceWith('Robert')).toBe(1);
    expect(sheet.getRange('A4').getValue()).toBe('Robert');
    // Both are writes: fault injection sees them.
    rt.faults = { failBeforeWrite: rt.writeCalls + 1, transient: true };
    expect(() => sheet.createTextFinder('Robert').replaceAllWith('Bob')).toThrow('Injected fault before write');
    expect(sheet.getRange('A4').getValue()).toBe('Robert');
  });

  test('LIMITED may use a TextFinder on the document', () => {
    const { rt } = fixture();
    const g = rt.globals({ authMode: 'LIMITED' });
    const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Sheet1');
    expect(a1s(sheet.createTextFinder('bob').findAll())).toEqual(['A4']);
  });
});
