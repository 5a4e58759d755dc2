// The round-trip model of the stats (instrument.js): builder calls are local, reads are round trips,
// consecutive writes are one round trip, sent at the next read, at flush() or when the execution ends.
import { createRuntime, fixtureBundle, newRuntime, Workbook } from '../support/local-runtime';

const ENABLED = {
  timeZone: 'Australia/Sydney',
  dependencies: { enabledAdvancedServices: [{ userSymbol: 'Sheets', serviceId: 'sheets', version: 'v4' }] },
};
const CODE = `
function writeThrice() {
  var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Sheet1');
  sheet.getRange('A1').setValue(1);
  sheet.getRange('A2').setValue(2);
  sheet.getRange('A3').setValue(3);
}
`;

const counts = (stats: Record<string, unknown>) => ({
  roundTrips: stats.roundTrips,
  localCalls: stats.localCalls,
  writeCalls: stats.writeCalls,
});

describe('round trips', () => {
  test('getRange alone is local: no round trip', () => {
    const { rt, sheet } = newRuntime();
    rt.resetStats();
    const range = sheet.getRange('A1:B2');
    range.getA1Notation();
    range.getNumRows();
    expect(counts(rt.stats)).toEqual({ roundTrips: 0, localCalls: 3, writeCalls: 0 });
    expect(rt.stats.sheetsCalls).toBe(3);
  });

  test('three setValues then a getValues: one batch and one read', () => {
    const { rt, sheet } = newRuntime();
    rt.resetStats();
    sheet.getRange('A1').setValues([[1]]);
    sheet.getRange('A2').setValues([[2]]);
    sheet.getRange('A3').setValues([[3]]);
    expect(rt.stats.roundTrips).toBe(0); // queued
    expect(sheet.getRange('A1:A3').getValues()).toEqual([[1], [2], [3]]);
    expect(counts(rt.stats)).toEqual({ roundTrips: 2, localCalls: 4, writeCalls: 3 });
    expect(rt.stats.sheetsCalls).toBe(8);
  });

  test('alternating writes and reads: every read sends the writes before it', () => {
    const { rt, sheet } = newRuntime();
    rt.resetStats();
    for (let row = 1; row <= 3; row++) {
      sheet.getRange(row, 1).setValue(row);
      sheet.getLastRow();
    }
    expect(rt.stats.roundTrips).toBe(6);
  });

  test('flush sends the queued writes; a flush with nothing queued is free', () => {
    const { rt, g, sheet } = newRuntime();
    rt.resetStats();
    g.SpreadsheetApp.flush();
    expect(rt.stats.roundTrips).toBe(0);
    sheet.getRange('A1').setValue('x');
    sheet.getRange('B1').setNumberFormat('@');
    g.SpreadsheetApp.flush();
    g.SpreadsheetApp.flush();
    // localCalls: the three flushes (their cost is the batch they send) and the two getRange.
    expect(counts(rt.stats)).toEqual({ roundTrips: 1, localCalls: 5, writeCalls: 2 });
  });

  test('the end of an execution sends what is queued: endExecution, and a trigger run', () => {
    const { rt, sheet } = newRuntime();
    rt.resetStats();
    sheet.getRange('A1').setValue('x');
    rt.endExecution();
    expect(rt.stats.roundTrips).toBe(1);
    rt.endExecution();
    expect(rt.stats.roundTrips).toBe(1);

    const workbook = Workbook.create({ timeZone: 'Australia/Sydney' });
    const bundled = createRuntime({ workbook, distDir: fixtureBundle(CODE), console: { log() {} } });
    bundled.load().writeThrice();
    expect(bundled.stats.roundTrips).toBe(0);
    bundled.endExecution();
    expect(counts(bundled.stats)).toEqual({ roundTrips: 1, localCalls: 5, writeCalls: 3 });
    bundled.triggers.push({
      id: 't1',
      handlerFunction: 'writeThrice',
      eventType: 'CLOCK',
      triggerSource: 'CLOCK',
      atHour: 2,
      nearMinute: null,
      everyDays: 1,
      everyHours: null,
      timeZone: null,
    });
    bundled.resetStats();
    expect(bundled.runTrigger('t1')).toEqual({ ok: true });
    expect(bundled.stats.roundTrips).toBe(1);
  });

  test('TextFinder: creating and configuring is local, findAll a round trip, replaceAllWith a write with a reply', () => {
    const { rt, sheet } = newRuntime();
    sheet.getRange('A1').setValue('x');
    rt.resetStats();
    const finder = sheet.createTextFinder('x').matchCase(true).matchEntireCell(true);
    expect(counts(rt.stats)).toEqual({ roundTrips: 0, localCalls: 3, writeCalls: 0 });
    finder.findAll();
    expect(rt.stats.roundTrips).toBe(1);
    sheet.getRange('B1').setValue('queued');
    expect(finder.replaceAllWith('y')).toBe(1);
    expect(counts(rt.stats)).toEqual({ roundTrips: 3, localCalls: 4, writeCalls: 2 });
  });

  test('a service calling another proxy counts once in the model (sheetsCalls still counts both)', () => {
    const { rt, sheet } = newRuntime();
    const range = sheet.getRange('A1:B2');
    rt.resetStats();
    sheet.newChart().addRange(range); // addRange reads range.getA1Notation() through the proxy
    expect(rt.stats.localCalls).toBe(2);
    expect(rt.stats.sheetsCalls).toBe(3);
  });

  test('the Sheets advanced service is one round trip (and sends the queued writes)', () => {
    const workbook = Workbook.create({ timeZone: 'Australia/Sydney' });
    const rt = createRuntime({ workbook, distDir: fixtureBundle('', ENABLED), console: { log() {} } });
    const g = rt.globals();
    const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Sheet1');
    rt.resetStats();
    sheet.getRange('A1').setValue(1);
    sheet.getRange('A2').setValue(2);
    g.Sheets.Spreadsheets.get(workbook.id, { ranges: ['Sheet1!A1:A2'] });
    expect(counts(rt.stats)).toEqual({ roundTrips: 2, localCalls: 2, writeCalls: 2 });
    expect(rt.stats.sheetsCalls).toBe(4);
  });

  test('resetStats drops what was queued before it', () => {
    const { rt, sheet } = newRuntime();
    sheet.getRange('A1').setValue('x');
    rt.resetStats();
    sheet.getRange('A1').getValue();
    expect(rt.stats.roundTrips).toBe(1);
  });
});
