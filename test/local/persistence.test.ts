import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { FORMATS, TABS } from '../../sheets-template/tabs';
import { createRuntime, newRuntime, tempDir, Workbook, withWorkbook } from '../support/local-runtime';

/** Reopens a saved workbook in a new runtime and returns its first sheet. */
async function reopen(file: string) {
  const workbook = await Workbook.load(file);
  const rt = createRuntime({ workbook, scriptTimeZone: 'UTC' });
  const ss = rt.globals().SpreadsheetApp.getActive();
  return { workbook, ss, sheet: ss.getSheets()[0] };
}

// Each day is a DST change: Sydney's clocks go back at 03:00 on 5 Apr 2026 (02:00-03:00 happens twice),
// New York's jump from 02:00 to 03:00 on 8 Mar 2026. A cell stores a wall clock, so the two instants
// showing 02:30 in Sydney both read back as the earlier one — as in Sheets.
describe.each([
  [
    'Australia/Sydney',
    '2026-04-05',
    '2026-04-04T13:00:00.000Z',
    ['2026-04-04T15:30:00.000Z', '2026-04-04T16:30:00.000Z'],
    ['2026-04-04T15:30:00.000Z', '2026-04-04T15:30:00.000Z'],
  ],
  [
    'America/New_York',
    '2026-03-08',
    '2026-03-08T05:00:00.000Z',
    ['2026-03-08T06:59:59.000Z', '2026-03-08T07:00:00.000Z'],
    ['2026-03-08T06:59:59.000Z', '2026-03-08T07:00:00.000Z'],
  ],
])('dates in %s', (timeZone, day, midnightUtc, aroundChange, readBack) => {
  test('a typed date is midnight in the spreadsheet time zone; Dates round-trip through setValues', () => {
    const { sheet } = newRuntime({ timeZone });
    sheet.getRange('A1').setValue(day);
    expect((sheet.getRange('A1').getValue() as Date).toISOString()).toBe(midnightUtc);

    // A Date written is stored as its wall clock in the spreadsheet zone, across the DST change.
    const instants = [midnightUtc, ...aroundChange].map((s) => new Date(s));
    sheet.getRange('B1:D1').setValues([instants]);
    const back = sheet.getRange('B1:D1').getValues()[0] as Date[];
    expect(back.map((d) => d.toISOString())).toEqual([midnightUtc, ...readBack]);
    expect(sheet.getRange('C1:D1').getDisplayValues()[0][1].slice(0, 10)).toBe(day);
    expect(sheet.getRange('B1').getDisplayValues()[0][0]).toBe(day);
  });

  test('dates survive save + load as real Excel date cells holding the wall clock', async () => {
    const file = join(tempDir(), 'dates.xlsx');
    const { rt, sheet } = newRuntime({ timeZone });
    const later = new Date('2026-06-01T09:45:00Z');
    sheet.getRange('A1:B1').setValues([[new Date(midnightUtc), later]]);
    await rt.workbook.save(file);

    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.readFile(file);
    const cell = xlsx.worksheets[0].getCell('A1');
    expect(cell.value).toBeInstanceOf(Date); // Excel/LibreOffice see a date
    expect((cell.value as Date).toISOString()).toBe(`${day}T00:00:00.000Z`);

    const { ss, sheet: reloaded } = await reopen(file);
    expect(ss.getSpreadsheetTimeZone()).toBe(timeZone);
    const values = reloaded.getRange('A1:B1').getValues()[0] as Date[];
    expect(values.map((d) => d.toISOString())).toEqual([midnightUtc, later.toISOString()]);
  });
});

test('changing the spreadsheet time zone reinterprets the stored wall clock (as Sheets does)', () => {
  const { ss, sheet } = newRuntime({ timeZone: 'Australia/Sydney' });
  sheet.getRange('A1').setValue('2026-03-01');
  ss.setSpreadsheetTimeZone('America/New_York');
  expect((sheet.getRange('A1').getValue() as Date).toISOString()).toBe('2026-03-01T05:00:00.000Z');
  expect(() => ss.setSpreadsheetTimeZone('Mars/Olympus')).toThrow('Invalid argument: timeZone');
});

test('validations, frozen rows, column widths, formats, sizes and text survive save + load', async () => {
  const file = join(tempDir(), 'book.xlsx');
  const { rt, g, ss, sheet } = newRuntime({ timeZone: 'Australia/Sydney' });
  const rule = g.SpreadsheetApp.newDataValidation()
    .requireValueInList(['Active', 'Paused', 'Say "hi"'], true)
    .setAllowInvalid(false)
    .setHelpText('Pick a status')
    .build();
  sheet.getRange('C2:C50').setDataValidation(rule);
  sheet.setFrozenRows(1);
  sheet.setColumnWidth(1, 180);
  sheet.setColumnWidths(2, 2, 90);
  sheet.getRange('A2:A3').setNumberFormat('@');
  sheet.getRange('A2:B2').setValues([['=not a formula', 12.5]]);
  sheet.getRange('B2').setNumberFormat('#,##0.00');
  sheet.getRange('D2').setValue('=SUM(B2:B3)');
  sheet.getRange('A1').setValue('Name').setFontWeight('bold').setBackground('#ffcc00');
  sheet.insertRowsAfter(1000, 200);
  const other = ss.insertSheet('Hidden');
  other.hideSheet();
  await rt.workbook.save(file);

  const { workbook, ss: ss2, sheet: s2 } = await reopen(file);
  expect(s2.getFrozenRows()).toBe(1);
  expect(s2.getMaxRows()).toBe(1200);
  expect(s2.getMaxColumns()).toBe(26);
  const model = workbook.sheet('Sheet1');
  expect([model.columnWidth(1), model.columnWidth(2), model.columnWidth(3), model.columnWidth(4)]).toEqual([
    180, 90, 90, 100,
  ]);
  expect(model.cell(2, 3).dv).toEqual({
    type: 'VALUE_IN_LIST',
    values: ['Active', 'Paused', 'Say "hi"'],
    showDropdown: true,
    allowInvalid: false,
    helpText: 'Pick a status',
  });
  expect(model.cell(50, 3).dv).toBeDefined();
  expect(model.cell(51, 3)?.dv).toBeUndefined();
  expect(s2.getRange('A2:B2').getValues()).toEqual([['=not a formula', 12.5]]);
  expect(s2.getRange('A2:B2').getNumberFormats()).toEqual([['@', '#,##0.00']]);
  expect(s2.getRange('D2').getFormulas()).toEqual([['=SUM(B2:B3)']]);
  expect(model.cell(1, 1)).toMatchObject({ v: 'Name', bold: true, bg: '#ffcc00' });
  expect(ss2.getSheetByName('Hidden')).not.toBeNull();
  expect(workbook.sheet('Hidden').hidden).toBe(true);
  expect(ss2.getId()).toBe(rt.workbook.id);
});

describe('other spreadsheets (SpreadsheetApp.create / openById)', () => {
  test('a created spreadsheet is saved next to the workbook and opens by id in the next execution', async () => {
    const dir = tempDir();
    const file = join(dir, 'studio.xlsx');
    const { withWorkbook } = require('../../local/runtime');
    const id: string = await withWorkbook(
      file,
      (rt: any) => {
        const app = rt.globals().SpreadsheetApp;
        const other = app.create('Studio – archive');
        other
          .getSheets()[0]
          .getRange('A1:B1')
          .setValues([['Key', 'Date']]);
        expect(() => app.openById('no-such-id')).toThrow(/openById/);
        return other.getId();
      },
      { create: { timeZone: 'Australia/Sydney' } },
    );
    const values = await withWorkbook(file, (rt: any) => {
      const other = rt.globals().SpreadsheetApp.openById(id);
      return [other.getName(), other.getSheets()[0].getRange('A1:B1').getValues()[0]];
    });
    expect(values).toEqual(['Studio – archive', ['Key', 'Date']]);
  });
});

// The template formats each column's body (rows 2 to the last, as "Set up workbook" does); a row the
// add-on appends lands in those cells (insertRowsAfter at the end, then setValues below the last row, as
// src/sheets/table.ts flushAppends does) and shows the column's format — after any number of saves.
describe("the template's column formats survive save + load", () => {
  const tabs = [TABS.packages, TABS.invoices, TABS.payments];

  function setUpTabs() {
    const { rt, ss } = newRuntime({ timeZone: 'Australia/Sydney' });
    for (const tab of tabs) {
      const sheet = ss.insertSheet(tab.name);
      sheet.getRange(1, 1, 1, tab.columns.length).setValues([tab.columns.map((c) => c.header)]);
      tab.columns.forEach((c, i) => {
        sheet.getRange(2, i + 1, sheet.getMaxRows() - 1, 1).setNumberFormat(FORMATS[c.kind]);
      });
    }
    return rt;
  }

  /** Appends one row by header, as the add-on does. */
  function append(ss: any, tab: (typeof tabs)[number], record: Record<string, unknown>): number {
    const sheet = ss.getSheetByName(tab.name);
    const row = sheet.getLastRow() + 1;
    sheet.insertRowsAfter(sheet.getMaxRows(), 1);
    sheet.getRange(row, 1, 1, tab.columns.length).setValues([tab.columns.map((c) => record[c.header] ?? '')]);
    return row;
  }

  /** Each tab's columns, with the distinct number formats in their body (rows 2 to the last). */
  const formats = (ss: any) =>
    tabs.map((t) => {
      const sheet = ss.getSheetByName(t.name);
      const body = sheet.getRange(2, 1, sheet.getMaxRows() - 1, t.columns.length).getNumberFormats();
      return [t.name, t.columns.map((c, i) => [c.header, [...new Set(body.map((r: string[]) => r[i]))]])];
    });
  const column = (tab: (typeof tabs)[number], header: string) => tab.columns.findIndex((c) => c.header === header) + 1;

  test('a row appended after a reload takes its columns’ number formats, in the runtime and in the .xlsx', async () => {
    const file = join(tempDir(), 'studio.xlsx');
    const rt = setUpTabs();
    append(rt.globals().SpreadsheetApp.getActive(), TABS.packages, {
      'Package ID': 'P-1',
      Name: 'Reformer',
      'Price per Period': 300,
    });
    const template = tabs.map((t) => [t.name, t.columns.map((c) => [c.header, [FORMATS[c.kind]]])]);
    expect(formats(rt.globals().SpreadsheetApp.getActive())).toEqual(template);
    await rt.workbook.save(file);

    // Reloaded: every cell keeps its format, the empty rows' too.
    const { workbook, ss } = await reopen(file);
    expect(formats(ss)).toEqual(template);

    const p = append(ss, TABS.packages, { 'Package ID': 'P-2', Name: 'Mat', 'Price per Period': 240 });
    const i = append(ss, TABS.invoices, {
      'Invoice No': 1,
      Key: 'S-1:0',
      'Sale ID': 'S-1',
      Period: 1,
      'Due Date': new Date('2026-03-01T00:00:00+11:00'),
      Amount: 240,
      Paid: 0,
    });
    const y = append(ss, TABS.payments, { Key: 'PAY-1', Date: new Date('2026-03-02T00:00:00+11:00'), Amount: 240 });
    const price = ss.getSheetByName('Packages').getRange(p, column(TABS.packages, 'Price per Period'));
    expect([price.getNumberFormat(), price.getDisplayValue()]).toEqual(['$#,##0.00', '$240.00']);
    const invoices = ss.getSheetByName('Invoices');
    const amount = invoices.getRange(i, column(TABS.invoices, 'Amount'));
    expect([amount.getNumberFormat(), amount.getDisplayValue()]).toEqual(['$#,##0.00', '$240.00']);
    const due = invoices.getRange(i, column(TABS.invoices, 'Due Date'));
    expect([due.getNumberFormat(), due.getDisplayValue()]).toEqual(['yyyy-mm-dd', '2026-03-01']);
    const paid = ss.getSheetByName('Payments').getRange(y, column(TABS.payments, 'Amount'));
    expect(paid.getDisplayValue()).toBe('$240.00');

    // Saved again: the appended cells are currency and date cells on disk (what Excel/LibreOffice show).
    await workbook.save(file);
    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.readFile(file);
    const onDisk = (tab: (typeof tabs)[number], row: number, header: string) =>
      xlsx.getWorksheet(tab.name)!.getCell(row, column(tab, header));
    expect(onDisk(TABS.packages, p, 'Price per Period')).toMatchObject({ value: 240, numFmt: '$#,##0.00' });
    expect(onDisk(TABS.invoices, i, 'Amount')).toMatchObject({ value: 240, numFmt: '$#,##0.00' });
    expect(onDisk(TABS.invoices, i, 'Due Date').numFmt).toBe('yyyy-mm-dd');
    expect(onDisk(TABS.invoices, i, 'Due Date').value).toBeInstanceOf(Date);
    expect(onDisk(TABS.payments, y, 'Amount')).toMatchObject({ value: 240, numFmt: '$#,##0.00' });

    // And the next reload still has the formats below the new rows.
    const third = await reopen(file);
    const next = append(third.ss, TABS.invoices, { 'Invoice No': 2, Key: 'S-1:1', Amount: 240 });
    expect(third.ss.getSheetByName('Invoices').getRange(next, column(TABS.invoices, 'Amount')).getDisplayValue()).toBe(
      '$240.00',
    );
  });
});

// The preview server keeps its workbook in memory (withWorkbook's cache): a call that writes nothing does
// not rewrite the file, a call that writes saves it, and a file another process changed is read again.
describe('a long-lived process keeps the workbook in memory', () => {
  const cell = (rt: any) => rt.globals().SpreadsheetApp.getActive().getSheets()[0].getRange('A1');

  test('reads leave the file alone; writes save it; a change on disk is loaded again', async () => {
    const file = join(tempDir(), 'studio.xlsx');
    await withWorkbook(file, (rt: any) => cell(rt).setValue('first'), { create: { timeZone: 'UTC' } });
    const cache = new Map();
    const loaded = await withWorkbook(file, (rt: any) => rt.workbook, { cache });
    const written = statSync(file).mtimeMs;

    // A read: the same in-memory workbook, the file untouched.
    expect(await withWorkbook(file, (rt: any) => [rt.workbook === loaded, cell(rt).getValue()], { cache })).toEqual([
      true,
      'first',
    ]);
    expect(statSync(file).mtimeMs).toBe(written);

    // A write is saved: a process without the cache sees it.
    await withWorkbook(file, (rt: any) => cell(rt).setValue('second'), { cache });
    expect(await withWorkbook(file, (rt: any) => cell(rt).getValue())).toBe('second');

    // Another process wrote the file (here: without the cache): the next call reads the file, not memory.
    await withWorkbook(file, (rt: any) => cell(rt).setValue('third'));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(await withWorkbook(file, (rt: any) => [rt.workbook === loaded, cell(rt).getValue()], { cache })).toEqual([
      false,
      'third',
    ]);
  });
});
