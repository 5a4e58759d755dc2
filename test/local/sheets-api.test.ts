// The Sheets advanced service in the local runtime: Sheets.Spreadsheets.get (REST spreadsheets.get),
// present only when the manifest enables it.
import { createRuntime, fixtureBundle, Workbook } from '../support/local-runtime';

const MASK =
  'sheets(properties(title),data(startRow,startColumn,rowData(values(effectiveValue,effectiveFormat(numberFormat(type))))))';
const ENABLED = {
  timeZone: 'Australia/Sydney',
  dependencies: { enabledAdvancedServices: [{ userSymbol: 'Sheets', serviceId: 'sheets', version: 'v4' }] },
};
const PROBE = `
function probe(id, ranges) {
  var r = Sheets.Spreadsheets.get(id, { ranges: ranges, fields: 'sheets(data(rowData(values(effectiveValue))))' });
  var d = r.sheets[0].data;
  return Array.isArray(r.sheets) && r.sheets instanceof Array && d instanceof Array && d[0].rowData instanceof Array;
}
function hasSheets() { return typeof Sheets !== 'undefined'; }
`;

/** A runtime whose manifest is `manifest`, over Sales / Run Log / Adjustments tabs. */
function setup(manifest: Record<string, unknown> = ENABLED) {
  const workbook = Workbook.create({ timeZone: 'Australia/Sydney', sheets: ['Sales', 'Run Log', 'Adjustments'] });
  const distDir = fixtureBundle(PROBE, manifest);
  const rt = createRuntime({ workbook, distDir, console: { log() {} } });
  const g = rt.globals();
  const ss = g.SpreadsheetApp.getActiveSpreadsheet();
  return { rt, g, ss, id: workbook.id as string, tab: (name: string) => ss.getSheetByName(name) };
}

describe('Sheets advanced service: enabling', () => {
  test('Sheets exists only when the manifest enables it', () => {
    const on = setup();
    expect(on.g.Sheets).toBeDefined();
    expect(on.rt.load().hasSheets()).toBe(true);
    const off = setup({ timeZone: 'Australia/Sydney', dependencies: {} });
    expect(off.g.Sheets).toBeUndefined();
    expect('Sheets' in off.g).toBe(false);
    expect(off.rt.load().hasSheets()).toBe(false);
    const otherService = setup({
      dependencies: { enabledAdvancedServices: [{ userSymbol: 'Drive', serviceId: 'drive', version: 'v3' }] },
    });
    expect(otherService.g.Sheets).toBeUndefined();
  });

  test('FULL only, like other data services', () => {
    const { rt, id } = setup();
    const limited = rt.globals({ authMode: 'LIMITED' });
    expect(() => limited.Sheets.Spreadsheets.get(id, { ranges: ['Sales!A1'] })).toThrow(
      'You do not have permission to call SpreadsheetsCollection.get. Required permissions: https://www.googleapis.com/auth/spreadsheets',
    );
  });

  test('the answer is made of script-realm arrays', () => {
    const { rt, id, tab } = setup();
    tab('Sales').getRange('A1').setValue('x');
    expect(rt.load().probe(id, ['Sales!A1'])).toBe(true);
  });
});

describe('Sheets.Spreadsheets.get', () => {
  test("the project's mask: sheets in tab order, data per range in request order, zeros and trailing empties omitted", () => {
    const { g, id, tab } = setup();
    tab('Sales')
      .getRange('A1:C2')
      .setValues([
        ['Id', 'Start', 'Price'],
        ['S-1', new Date('2026-03-01T00:00:00+11:00'), 120],
      ]);
    tab('Sales').getRange('C2').setNumberFormat('"$"#,##0.00');
    tab('Run Log')
      .getRange('A1:D1')
      .setValues([['When', '', true, '=NOW()']]);
    tab('Adjustments')
      .getRange('A5:B5')
      .setValues([['adj', 0.25]]);
    tab('Adjustments').getRange('B5').setNumberFormat('0%');
    const ranges = ['Adjustments!A5:H5', "'Run Log'!1:1", 'Sales!A2:P2', 'Sales!A1:B1'];
    const result = g.Sheets.Spreadsheets.get(id, { ranges, fields: MASK });
    expect(result).toEqual({
      sheets: [
        {
          properties: { title: 'Sales' },
          data: [
            {
              startRow: 1,
              rowData: [
                {
                  values: [
                    { effectiveValue: { stringValue: 'S-1' }, effectiveFormat: {} },
                    { effectiveValue: { numberValue: 46082 }, effectiveFormat: { numberFormat: { type: 'DATE' } } },
                    { effectiveValue: { numberValue: 120 }, effectiveFormat: { numberFormat: { type: 'CURRENCY' } } },
                  ],
                },
              ],
            },
            {
              rowData: [
                {
                  values: [
                    { effectiveValue: { stringValue: 'Id' }, effectiveFormat: {} },
                    { effectiveValue: { stringValue: 'Start' }, effectiveFormat: {} },
                  ],
                },
              ],
            },
          ],
        },
        {
          properties: { title: 'Run Log' },
          data: [
            {
              rowData: [
                {
                  values: [
                    { effectiveValue: { stringValue: 'When' }, effectiveFormat: {} },
                    {},
                    { effectiveValue: { boolValue: true }, effectiveFormat: {} },
                    {
                      effectiveValue: {
                        errorValue: { type: 'ERROR', message: 'The local runtime does not evaluate formulas.' },
                      },
                      effectiveFormat: {},
                    },
                  ],
                },
              ],
            },
          ],
        },
        {
          properties: { title: 'Adjustments' },
          data: [
            {
              startRow: 4,
              rowData: [
                {
                  values: [
                    { effectiveValue: { stringValue: 'adj' }, effectiveFormat: {} },
                    { effectiveValue: { numberValue: 0.25 }, effectiveFormat: { numberFormat: { type: 'PERCENT' } } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
  });

  test('without a mask: spreadsheetId, sheet properties, patterns; grid data only with includeGridData', () => {
    const { g, id, tab } = setup();
    tab('Adjustments').getRange('C3').setValue(7);
    const bare = g.Sheets.Spreadsheets.get(id, { ranges: ['Adjustments!C3'] });
    expect(bare).toEqual({
      spreadsheetId: id,
      properties: { title: 'Untitled spreadsheet', locale: 'en_US', timeZone: 'Australia/Sydney' },
      sheets: [{ properties: { title: 'Adjustments', sheetId: expect.any(Number), index: 2 } }],
    });
    // getByDataFilter: the same answer, the ranges given as a1Range filters in the request body.
    const mask = 'properties(timeZone),sheets(properties(title),data(startRow,rowData(values(effectiveValue))))';
    expect(
      g.Sheets.Spreadsheets.getByDataFilter({ dataFilters: [{ a1Range: 'Adjustments!C3' }] }, id, { fields: mask }),
    ).toEqual(g.Sheets.Spreadsheets.get(id, { ranges: ['Adjustments!C3'], fields: mask }));
    expect(() =>
      g.Sheets.Spreadsheets.getByDataFilter({ dataFilters: [{ gridRange: { sheetId: 1 } }] }, id, { fields: mask }),
    ).toThrow(/only a1Range/);
    const full = g.Sheets.Spreadsheets.get(id, { ranges: ['Adjustments!B2:D4'], includeGridData: true });
    expect(full.sheets[0].data).toEqual([
      {
        startRow: 1,
        startColumn: 1,
        rowData: [{}, { values: [{}, { effectiveValue: { numberValue: 7 }, effectiveFormat: {} }] }],
      },
    ]);
    // Same sheet, same id every time; different sheets, different ids.
    const ids = g.Sheets.Spreadsheets.get(id).sheets.map(
      (s: { properties: { sheetId: number } }) => s.properties.sheetId,
    );
    expect(new Set(ids).size).toBe(3);
    expect(g.Sheets.Spreadsheets.get(id).sheets[2].properties.sheetId).toBe(bare.sheets[0].properties.sheetId);
  });

  test('a blank row in the middle is {}, trailing blank rows go; a formatted blank cell keeps its format', () => {
    const { g, id, tab } = setup();
    const sales = tab('Sales');
    sales.getRange('A1').setValue('top');
    sales.getRange('B3').setValue('bottom');
    sales.getRange('C3').setNumberFormat('@');
    const [data] = g.Sheets.Spreadsheets.get(id, { ranges: ['Sales!A1:D6'], fields: MASK }).sheets[0].data;
    expect(data.rowData).toEqual([
      { values: [{ effectiveValue: { stringValue: 'top' }, effectiveFormat: {} }] },
      {},
      {
        values: [
          {},
          { effectiveValue: { stringValue: 'bottom' }, effectiveFormat: {} },
          { effectiveFormat: { numberFormat: { type: 'TEXT' } } },
        ],
      },
    ]);
    expect(g.Sheets.Spreadsheets.get(id, { ranges: ['Sales!E10:F12'], fields: MASK }).sheets[0].data).toEqual([
      { startRow: 9, startColumn: 4 },
    ]);
  });

  test('number format types: date, time, date-time, text, number, scientific', () => {
    const { g, id, tab } = setup();
    const formats = ['yyyy-mm-dd', 'hh:mm', 'yyyy-mm-dd hh:mm:ss', 'mmmm d', '[h]:mm:ss', '@', '#,##0', '0.00E+00'];
    const row = tab('Sales').getRange(1, 1, 1, formats.length);
    row.setValues([formats.map(() => 46082.5)]);
    row.setNumberFormats([formats]);
    const fields = 'sheets(data(rowData(values(effectiveFormat(numberFormat(type,pattern))))))';
    const [data] = g.Sheets.Spreadsheets.get(id, { ranges: ['Sales!1:1'], fields }).sheets[0].data;
    expect(
      data.rowData[0].values.map((v: { effectiveFormat: { numberFormat: unknown } }) => v.effectiveFormat.numberFormat),
    ).toEqual([
      { type: 'DATE', pattern: 'yyyy-mm-dd' },
      { type: 'TIME', pattern: 'hh:mm' },
      { type: 'DATE_TIME', pattern: 'yyyy-mm-dd hh:mm:ss' },
      { type: 'DATE', pattern: 'mmmm d' },
      { type: 'TIME', pattern: '[h]:mm:ss' },
      { type: 'TEXT', pattern: '@' },
      { type: 'NUMBER', pattern: '#,##0' },
      { type: 'SCIENTIFIC', pattern: '0.00E+00' },
    ]);
  });

  test("quoted sheet names ('' escapes a quote), bare sheet names, ranges clipped to the grid", () => {
    const { rt, g, ss, id } = setup();
    const quoted = ss.insertSheet("Bob's Log");
    quoted.getRange('Z2').setValue('last column');
    const fields = 'sheets(properties(title),data(startColumn,rowData(values(effectiveValue))))';
    rt.resetStats();
    const result = g.Sheets.Spreadsheets.get(id, { ranges: ["'Bob''s Log'!Y2:AD3"], fields });
    expect(result.sheets).toEqual([
      {
        properties: { title: "Bob's Log" },
        data: [{ startColumn: 24, rowData: [{ values: [{}, { effectiveValue: { stringValue: 'last column' } }] }] }],
      },
    ]);
    expect(rt.stats.cellsRead).toBe(2); // Y2:Z3 clipped to 26 columns; what is sent: one row of two cells
    const whole = g.Sheets.Spreadsheets.get(id, { ranges: ["'Bob''s Log'"], fields: 'sheets(properties(title))' });
    expect(whole.sheets).toEqual([{ properties: { title: "Bob's Log" } }]);
  });

  test('errors: unknown id, unparsable range, unknown sheet, beyond the grid, unmodelled field', () => {
    const { g, id } = setup();
    const get = (sid: string, args?: Record<string, unknown>) => () => g.Sheets.Spreadsheets.get(sid, args);
    expect(get('no-such-id', { ranges: ['Sales!A1'] })).toThrow(
      'API call to sheets.spreadsheets.get failed with error: Requested entity was not found.',
    );
    try {
      g.Sheets.Spreadsheets.get('no-such-id');
    } catch (error) {
      expect((error as Error).name).toBe('GoogleJsonResponseException');
    }
    expect(get(id, { ranges: ['Sales!A1:'] })).toThrow(
      'API call to sheets.spreadsheets.get failed with error: Unable to parse range: Sales!A1:',
    );
    expect(get(id, { ranges: ['Nope!A1'] })).toThrow('Unable to parse range: Nope!A1');
    expect(get(id, { ranges: ['Sales!A1001'] })).toThrow("Range ('Sales'!A1001) exceeds grid limits. Max rows: 1000");
    expect(get(id, { ranges: ['Sales!A1'], fields: 'sheets(data(rowData(values(formattedValue))))' })).toThrow(
      'does not model the field "sheets.data.rowData.values.formattedValue"',
    );
  });

  test('opens what SpreadsheetApp.openById opens; counts one call, one round trip and the cells read', () => {
    const { rt, g } = setup();
    const other = g.SpreadsheetApp.create('Archive');
    other.getSheets()[0].getRange('A1').setValue('archived');
    const otherId = other.getId();
    rt.resetStats();
    const result = g.Sheets.Spreadsheets.get(otherId, { ranges: ['Sheet1!A1:B2'], fields: MASK });
    expect(result.sheets[0].data[0].rowData[0].values[0].effectiveValue).toEqual({ stringValue: 'archived' });
    expect(rt.stats).toMatchObject({
      sheetsCalls: 0,
      cellsRead: 1, // A1:B2 holds one value: the API sends no trailing blanks
      roundTrips: 1,
      byService: { Sheets: 1 },
      byMethod: { 'SpreadsheetsCollection.get': 1 },
    });
  });
});
