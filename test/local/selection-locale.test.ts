import { join } from 'node:path';
import { newRuntime, tempDir, Workbook } from '../support/local-runtime';

const a1s = (ranges: { getA1Notation(): string }[]) => ranges.map((r) => r.getA1Notation());

describe('a multi-block selection', () => {
  test('getActiveRange is the last block; getActiveRangeList has every block, in order', () => {
    const { rt, g, ss } = newRuntime();
    ss.insertSheet('Sales');
    rt.setActiveRanges('Sales', ['A2:A3', 'A6:A7']);
    const again = g.SpreadsheetApp.getActive();
    expect(again.getActiveSheet().getName()).toBe('Sales');
    expect(again.getActiveRange().getA1Notation()).toBe('A6:A7');
    expect(again.getSheetByName('Sales').getActiveRange().getA1Notation()).toBe('A6:A7');
    const list = again.getActiveRangeList();
    expect(a1s(list.getRanges())).toEqual(['A2:A3', 'A6:A7']);
    expect(list.getRanges()[0].getSheet().getName()).toBe('Sales');
    expect(a1s(again.getSheetByName('Sales').getActiveRangeList().getRanges())).toEqual(['A2:A3', 'A6:A7']);
    expect(rt.activeRange).toEqual({ sheet: 'Sales', a1: 'A6:A7' });
    expect(() => rt.setActiveRanges('Sales', [])).toThrow('at least one range');
  });

  test('nothing selected: no range list, the active range is A1; setActiveRange and activate select one block', () => {
    const { rt, ss } = newRuntime();
    expect(ss.getActiveRangeList()).toBeNull();
    expect(ss.getActiveRange().getA1Notation()).toBe('A1');
    rt.setActiveRange('Sheet1', 'B2:C3');
    expect(a1s(ss.getActiveRangeList().getRanges())).toEqual(['B2:C3']);
    ss.getSheetByName('Sheet1').getRange('D4').activate();
    expect(ss.getActiveRange().getA1Notation()).toBe('D4');
    expect(a1s(ss.getActiveRangeList().getRanges())).toEqual(['D4']);
    ss.insertSheet('Other');
    expect(ss.getActiveRangeList()).toBeNull(); // the selection is on another sheet
  });
});

describe('SpreadsheetApp.create in the user’s locale', () => {
  test.each([
    ['en_US', 'Sheet1'],
    ['es_ES', 'Hoja 1'],
    ['fr_FR', 'Feuille 1'],
    ['de_DE', 'Tabellenblatt1'],
    ['pt_BR', 'Página1'],
    ['it_IT', 'Foglio1'],
    ['ja_JP', 'Sheet1'],
  ])('%s names the first sheet "%s"', (locale, first) => {
    const { g } = newRuntime({ locale });
    const created = g.SpreadsheetApp.create('Archive');
    expect(created.getSheets().map((s: { getName(): string }) => s.getName())).toEqual([first]);
    expect(created.getSpreadsheetLocale()).toBe(locale);
  });

  test('the default locale is en_US; Session reports the language', () => {
    const { g, ss } = newRuntime();
    expect(ss.getSpreadsheetLocale()).toBe('en_US');
    expect(g.Session.getActiveUserLocale()).toBe('en');
    expect(newRuntime({ locale: 'es_ES' }).g.Session.getActiveUserLocale()).toBe('es');
  });

  test('a workbook keeps its locale in the .xlsx', async () => {
    const file = join(tempDir(), 'hoja.xlsx');
    await Workbook.create({ locale: 'es_ES', sheets: ['Hoja 1'] }).save(file);
    expect((await Workbook.load(file)).locale).toBe('es_ES');
  });
});
