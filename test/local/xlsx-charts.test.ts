// Issue 31, item 17: the saved .xlsx holds the embedded charts, as Excel and LibreOffice read them (exceljs
// writes none: local/runtime/xlsx-charts.js adds a drawing and a chart part per chart to its package).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { newRuntime, tempDir, Workbook } from '../support/local-runtime';

/** Whether `text` is well-formed XML (a parser error throws). */
function wellFormed(text: string): boolean {
  const parser = new SaxesParser({ xmlns: true });
  parser.write(text).close();
  return true;
}

test("a sheet's chart is saved as a DrawingML column chart over its ranges, anchored at its cell", async () => {
  const { rt, g, ss } = newRuntime();
  const sheet = ss.insertSheet("Revenue O'Month");
  sheet.getRange('A2:C4').setValues([
    ['Month', 'Invoiced', 'Collected'],
    ['2026-01', 600, 300],
    ['2026-02', 300, 0],
  ]);
  sheet.getRange('B3:C4').setNumberFormat('$#,##0.00');
  const chart = sheet
    .newChart()
    .setChartType(g.Charts.ChartType.COLUMN)
    .addRange(sheet.getRange('A2:C4'))
    .setOption('title', 'Invoiced & collected')
    .setPosition(3, 5, 0, 0)
    .build();
  sheet.insertChart(chart);
  const file = join(tempDir(), 'charts.xlsx');
  await rt.workbook.save(file);

  const zip = await JSZip.loadAsync(readFileSync(file));
  const part = async (name: string) => {
    const text = await zip.file(name)?.async('string');
    if (text === undefined) throw new Error(`no ${name} in the package`);
    expect(wellFormed(text)).toBe(true);
    return text;
  };
  const chartXml = await part('xl/charts/chart1.xml');
  expect(chartXml).toContain('<c:barDir val="col"/>');
  expect(chartXml).toContain('<a:t>Invoiced &#38; collected</a:t>');
  // Two series named by the header row, over the month rows; categories from the first column.
  expect([...chartXml.matchAll(/<c:f>([^<]*)<\/c:f>/g)].map((m) => m[1].replace(/&#39;/g, "'"))).toEqual([
    "'Revenue O''Month'!$B$2:$B$2",
    "'Revenue O''Month'!$A$3:$A$4",
    "'Revenue O''Month'!$B$3:$B$4",
    "'Revenue O''Month'!$C$2:$C$2",
    "'Revenue O''Month'!$A$3:$A$4",
    "'Revenue O''Month'!$C$3:$C$4",
  ]);
  // The value axis in the cells' own format, as Sheets labels it.
  expect(chartXml).toContain('<c:numFmt formatCode="$#,##0.00" sourceLinked="1"/>');
  const drawing = await part('xl/drawings/drawing1.xml');
  expect(drawing).toContain('<xdr:from><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row>');
  expect(await part('xl/drawings/_rels/drawing1.xml.rels')).toContain('Target="../charts/chart1.xml"');
  const types = await part('[Content_Types].xml');
  expect(types).toContain('PartName="/xl/charts/chart1.xml"');
  expect(types).toContain('PartName="/xl/drawings/drawing1.xml"');
  // The sheet (the second in the workbook) names its drawing; the first sheet has none.
  const sheetXml = await part('xl/worksheets/sheet2.xml');
  expect(sheetXml).toMatch(/<drawing r:id="rIdDrawing1"\/>(<\/worksheet>|<tableParts|<extLst)/);
  expect(await part('xl/worksheets/_rels/sheet2.xml.rels')).toContain('Target="../drawings/drawing1.xml"');
  expect(await part('xl/worksheets/sheet1.xml')).not.toContain('<drawing');

  // Still a workbook exceljs (and the runtime) reads, the chart kept.
  const xlsx = new ExcelJS.Workbook();
  await xlsx.xlsx.readFile(file);
  expect(xlsx.getWorksheet("Revenue O'Month")?.getCell('B3').value).toBe(600);
  const reloaded = await Workbook.load(file);
  expect(reloaded.sheets.find((s: { name: string }) => s.name === "Revenue O'Month").charts).toHaveLength(1);
});

test('a workbook without charts is saved as exceljs writes it', async () => {
  const { rt } = newRuntime();
  const file = join(tempDir(), 'plain.xlsx');
  await rt.workbook.save(file);
  const zip = await JSZip.loadAsync(readFileSync(file));
  expect(Object.keys(zip.files).filter((n) => /chart|drawing/.test(n))).toEqual([]);
});
