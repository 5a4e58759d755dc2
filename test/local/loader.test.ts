import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRuntime, fixtureBundle, readSidecar, tempDir, Workbook, withWorkbook } from '../support/local-runtime';

/** A hand-written stand-in for dist/Code.js: top-level functions calling the services. */
const CODE = `
function probe() {
  var sheet = SpreadsheetApp.getActive().getSheetByName('Sheet1');
  var now = new Date();
  sheet.getRange(1, 1, 1, 2).setValues([[now, 'written']]);
  var values = sheet.getRange(1, 1, 1, 2).getValues();
  return {
    readBackIsDate: values[0][0] instanceof Date,
    rowsIsArray: values instanceof Array,
    nowIso: now.toISOString(),
    dateNow: Date.now(),
    today: Utilities.formatDate(now, SpreadsheetApp.getActive().getSpreadsheetTimeZone(), 'yyyy-MM-dd'),
    scriptTimeZone: Session.getScriptTimeZone(),
  };
}
function errorKind() {
  try { SpreadsheetApp.getActive().getSheetByName('Sheet1').getRange(0, 1); }
  catch (e) { return { isError: e instanceof Error, name: e.name, message: e.message }; }
}
function writeThree() {
  var sheet = SpreadsheetApp.getActive().getSheetByName('Sheet1');
  sheet.getRange('A1').setValue(1);
  sheet.getRange('A2').setValue(2);
  sheet.getRange('A3').setValue(3);
}
function remember() {
  PropertiesService.getDocumentProperties().setProperty('runs', String(Number(PropertiesService.getDocumentProperties().getProperty('runs') || 0) + 1));
  ScriptApp.newTrigger('probe').timeBased().atHour(3).everyDays(1).create();
  LockService.getDocumentLock().waitLock(1000);
  Logger.log('ran %s', 'remember');
}
`;

function runtimeFor(options: Record<string, unknown> = {}) {
  const distDir = fixtureBundle(CODE);
  const workbook = Workbook.create({ timeZone: 'Australia/Sydney' });
  return createRuntime({ workbook, distDir, scriptTimeZone: 'Australia/Sydney', console: { log() {} }, ...options });
}

describe('loading a bundle with gas-local', () => {
  test('the clock follows `now`; Dates handed to the script are its own Dates', () => {
    const rt = runtimeFor({ now: '2026-03-01' });
    const result = rt.load().probe();
    expect(result).toEqual({
      readBackIsDate: true,
      rowsIsArray: true,
      nowIso: '2026-03-01T01:00:00.000Z', // noon in Sydney (AEDT, UTC+11)
      // The clock moved on by the calls between (docs/platform.md, the 6-minute limit): the queued write and
      // the read that sent it, 30 ms each by the cost model.
      dateNow: Date.parse('2026-03-01T01:00:00.000Z') + 60,
      today: '2026-03-01',
      scriptTimeZone: 'Australia/Sydney',
    });
  });

  test('`now` may be a function (a moving clock); each load is a fresh context', () => {
    let t = Date.parse('2026-07-01T00:00:00Z');
    const rt = runtimeFor({ now: () => new Date(t) });
    expect(rt.load().probe().nowIso).toBe('2026-07-01T00:00:00.000Z');
    t += 86400000;
    expect(rt.load().probe().nowIso).toBe('2026-07-02T00:00:00.000Z');
  });

  test('service errors are Errors of the script realm named Exception', () => {
    expect(runtimeFor().load().errorKind()).toEqual({
      isError: true,
      name: 'Exception',
      message: 'The starting row of the range is too small.',
    });
  });
});

describe('call counting and fault injection', () => {
  test('stats count calls per method and service, cells read and written', () => {
    const rt = runtimeFor({ now: '2026-03-01' });
    rt.load().probe();
    expect(rt.stats).toMatchObject({
      sheetsCalls: 8,
      cellsRead: 2,
      cellsWritten: 2,
      byMethod: {
        'SpreadsheetApp.getActive': 2,
        'Spreadsheet.getSheetByName': 1,
        'Spreadsheet.getSpreadsheetTimeZone': 1,
        'Sheet.getRange': 2,
        'Range.setValues': 1,
        'Range.getValues': 1,
        'Utilities.formatDate': 1,
        'Session.getScriptTimeZone': 1,
      },
      byService: { SpreadsheetApp: 8, Utilities: 1, Session: 1 },
    });
    rt.resetStats();
    expect(rt.stats.sheetsCalls).toBe(0);
  });

  test('failBeforeWrite: the n-th write throws and does not happen', () => {
    const rt = runtimeFor();
    rt.faults = { failBeforeWrite: 2 };
    expect(() => rt.load().writeThree()).toThrow('Injected fault before write #2');
    expect(rt.writeCount).toBe(1);
    const model = rt.workbook.sheet('Sheet1');
    expect([model.cell(1, 1)?.v, model.cell(2, 1)?.v, model.cell(3, 1)?.v]).toEqual([1, undefined, undefined]);
  });

  test('failAfterWrite: the n-th write happens, then throws', () => {
    const rt = runtimeFor();
    rt.faults = { failAfterWrite: 2 };
    expect(() => rt.load().writeThree()).toThrow('Injected fault after write #2');
    expect(rt.writeCount).toBe(2);
    const model = rt.workbook.sheet('Sheet1');
    expect([model.cell(1, 1)?.v, model.cell(2, 1)?.v, model.cell(3, 1)?.v]).toEqual([1, 2, undefined]);
  });
});

describe('withWorkbook (the CLI path)', () => {
  test('loads, runs, saves the workbook and the sidecar, and releases locks; also after a crash', async () => {
    const dir = tempDir();
    const file = join(dir, 'studio.xlsx');
    const distDir = fixtureBundle(CODE);
    const options = { distDir, scriptTimeZone: 'Australia/Sydney', now: '2026-03-01', console: { log() {} } };
    await withWorkbook(file, (rt: { load(): Record<string, () => void> }) => rt.load().remember(), {
      ...options,
      create: { timeZone: 'Australia/Sydney' },
    });
    expect(existsSync(file)).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
    await expect(
      withWorkbook(
        file,
        (rt: { faults: object; load(): Record<string, () => void> }) => {
          rt.load().remember();
          rt.faults = { failAfterWrite: 1 };
          rt.load().writeThree();
        },
        options,
      ),
    ).rejects.toThrow('Injected fault after write #1');
    expect(existsSync(`${file}.lock`)).toBe(false);

    const sidecar = readSidecar(file);
    expect(sidecar.properties.document).toEqual({ runs: '2' });
    expect(sidecar.triggers).toHaveLength(2);
    const reloaded = await Workbook.load(file);
    expect(reloaded.timeZone).toBe('Australia/Sydney');
    expect(reloaded.sheet('Sheet1').cell(1, 1).v).toBe(1); // the write before the crash was kept
  });
});
