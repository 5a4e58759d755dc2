/**
 * The datastore's Table over the emulated SpreadsheetApp: reading without some columns (the nightly
 * billing run) and removing rows (the archive job) in a constant number of calls, without ever writing
 * over what it did not read.
 */
import { TABS } from '../../sheets-template/tabs';
import { DateCodec } from '../../src/sheets/cells';
import { Table } from '../../src/sheets/table';

const { createRuntime, Workbook } = require('../../local/runtime');

const HEADER = ['Key', 'Date', 'Sale ID', 'Client', 'Type', 'Sessions', 'Balance', 'Note', 'Owner notes'];

function tab(rows: number) {
  const rt = createRuntime({ workbook: Workbook.create({ timeZone: 'Australia/Sydney' }), now: '2026-03-02' });
  const g = rt.globals();
  (globalThis as Record<string, unknown>).Utilities = g.Utilities;
  // Appended rows get their columns' dropdowns (a rule built by SpreadsheetApp.newDataValidation()).
  (globalThis as Record<string, unknown>).SpreadsheetApp = g.SpreadsheetApp;
  const ss = g.SpreadsheetApp.getActive();
  const sheet = ss.insertSheet('Adjustments');
  const values: unknown[][] = [HEADER];
  for (let i = 1; i <= rows; i++)
    values.push([`S-1:use:${i}`, '', 'S-1', `Client ${i}`, 'Use', -1, -i, `note ${i}`, `mine ${i}`]);
  sheet.getRange(1, 1, values.length, HEADER.length).setValues(values);
  const codec = new DateCodec('Australia/Sydney');
  return { rt, ss, sheet, codec, values };
}

const keysOf = (sheet: any) =>
  sheet
    .getDataRange()
    .getValues()
    .slice(1)
    .map((r: unknown[]) => r[0]);

describe('Table.read with skipped columns', () => {
  it('reads every other column, reads fewer cells, and refuses to write what it skipped', () => {
    const { rt, ss, codec } = tab(50);
    rt.resetStats();
    const full = Table.read(ss, TABS.adjustments, codec);
    const fullCells = rt.stats.cellsRead;
    rt.resetStats();
    const lean = Table.read(ss, TABS.adjustments, codec, ['Client', 'Note']);
    expect(rt.stats.cellsRead).toBeLessThan(fullCells);
    expect(rt.stats.cellsRead).toBe(HEADER.length + 50 * (HEADER.length - 2));
    for (const row of [2, 30, 51]) {
      for (const h of ['Key', 'Sessions', 'Balance', 'Owner notes']) expect(lean.raw(row, h)).toEqual(full.raw(row, h));
      expect([lean.raw(row, 'Client'), lean.raw(row, 'Note')]).toEqual(['', '']);
    }
    expect(() => lean.set(2, 'Note', 'x')).toThrow(/was not read/);
    expect(() => lean.removeRows(new Set([2]))).toThrow(/cannot be removed/);
    // A column it read is written as usual, and nothing else changes.
    lean.set(3, 'Balance', 99);
    lean.flush();
    expect(ss.getSheetByName('Adjustments').getRange(3, 4, 1, 5).getValues()).toEqual([
      ['Client 2', 'Use', -1, 99, 'note 2'],
    ]);
  });
});

describe('Table.removeRows', () => {
  it.each([
    ['one block', [2, 3, 4, 5], 'deleteRows', 1],
    ["two blocks (the oldest rows and an older run's Carry rows)", [2, 3, 4, 20, 21], 'deleteRows', 2],
    ['scattered rows', [3, 5, 7, 9, 11, 13], 'setValues', 1],
  ])('%s: the other rows stay, in order, with every column', (_label, gone, method, calls) => {
    const { rt, ss, sheet, codec, values } = tab(30);
    const table = Table.read(ss, TABS.adjustments, codec);
    const maxRows = sheet.getMaxRows();
    rt.resetStats();
    table.removeRows(new Set(gone));
    expect(rt.stats.byMethod[method === 'deleteRows' ? 'Sheet.deleteRows' : 'Range.setValues']).toBe(calls);
    const kept = values.slice(1).filter((_, i) => !gone.includes(i + 2));
    expect(sheet.getDataRange().getValues().slice(1)).toEqual(kept);
    expect(sheet.getMaxRows()).toBe(maxRows - gone.length);
    // Appends go right below what is left.
    table.append({ Key: 'S-1:use:new', 'Sale ID': 'S-1', Type: 'Use', Sessions: -1 });
    table.flush();
    expect(keysOf(sheet).slice(-2)).toEqual([kept.at(-1)?.[0], 'S-1:use:new']);
  });
});
