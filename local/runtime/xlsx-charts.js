// @ts-check
// The embedded charts of a saved workbook as Excel and LibreOffice draw them (exceljs writes no charts):
// each sheet's charts (charts.js records: a type, its ranges as A1, its anchor cell, a title) become a
// SpreadsheetML drawing with one DrawingML chart per record, added to the .xlsx exceljs wrote
// (ECMA-376 Part 1: §20.5 spreadsheet drawing, §21.2 DrawingML charts). A column chart's first column
// holds the categories and each further column a series named by the range's first row; the value axis
// takes the cells' own number format (sourceLinked), as Sheets labels it. Only what the add-on draws is
// written: a clustered column chart (Charts.ChartType.COLUMN); other types are drawn as columns too.
// The charts stay in the workbook's metadata as well, which is what loading reads back.

const JSZip = require('jszip');
const { columnLetter, parseA1 } = require('./a1');

/** Sheets' default size of a new chart, in pixels (600 × 371), and the grid it covers at 100 × 21. */
const CHART_COLUMNS = 6;
const CHART_ROWS = 18;

/** Text as XML text. @param {string} text */
function xml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An absolute reference to a block of one column on `sheet`. @param {string} sheet @param {number} column @param {number} first @param {number} last */
function ref(sheet, column, first, last) {
  const c = `$${columnLetter(column)}`;
  return `'${sheet.replace(/'/g, "''")}'!${c}$${first}:${c}$${last}`;
}

/** The block a chart draws (its first range), 1-based. @param {import('./charts').ChartRecord} chart */
function blockOf(chart) {
  return parseA1(chart.ranges[0] ?? 'A1', 1e7, 18_278) ?? { row: 1, column: 1, numRows: 1, numColumns: 1 };
}

/**
 * The chart part for one record on `sheet`; `valueFormat`: the number format of its first value cell,
 * which labels the value axis ("$#,##0.00": "$2,235.00", as Sheets shows it).
 * @param {string} sheet @param {import('./charts').ChartRecord} chart @param {string} [valueFormat]
 */
function chartXml(sheet, chart, valueFormat = 'General') {
  const { row, column, numRows, numColumns } = blockOf(chart);
  const [first, last] = [row + 1, row + numRows - 1];
  const categories = ref(sheet, column, first, last);
  const series = [];
  for (let c = column + 1; c < column + numColumns; c++) {
    series.push(
      `<c:ser><c:idx val="${c - column - 1}"/><c:order val="${c - column - 1}"/>` +
        `<c:tx><c:strRef><c:f>${xml(ref(sheet, c, row, row))}</c:f></c:strRef></c:tx>` +
        `<c:invertIfNegative val="0"/>` +
        `<c:cat><c:strRef><c:f>${xml(categories)}</c:f></c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${xml(ref(sheet, c, first, last))}</c:f></c:numRef></c:val></c:ser>`,
    );
  }
  const title = String(chart.options.title ?? '');
  const titleXml = title
    ? `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:rPr sz="1400" b="0"/><a:t>${xml(title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>`
    : '<c:autoTitleDeleted val="1"/>';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" ' +
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<c:roundedCorners val="0"/>' + // the schema's default is rounded (Excel draws it so)
    `<c:chart>${titleXml}<c:plotArea><c:layout/>` +
    `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series.join('')}` +
    '<c:gapWidth val="150"/><c:axId val="1"/><c:axId val="2"/></c:barChart>' +
    '<c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>' +
    '<c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/>' +
    '<c:crossAx val="2"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>' +
    '<c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>' +
    `<c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="${xml(valueFormat)}" sourceLinked="1"/><c:tickLblPos val="nextTo"/>` +
    '<c:crossAx val="1"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>' +
    '</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/></c:chart>' +
    '</c:chartSpace>'
  );
}

/**
 * A sheet's drawing: one anchor per chart, from its anchor cell (1-based in the record, 0-based here) over
 * the cells a chart of Sheets' default size covers.
 * @param {import('./charts').ChartRecord[]} charts
 */
function drawingXml(charts) {
  const anchors = charts.map((chart, i) => {
    const [row, col] = [chart.anchor.row - 1, chart.anchor.column - 1];
    const at = (/** @type {number} */ c, /** @type {number} */ r) =>
      `<xdr:col>${c}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${r}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
    return (
      `<xdr:twoCellAnchor editAs="oneCell"><xdr:from>${at(col, row)}</xdr:from><xdr:to>${at(col + CHART_COLUMNS, row + CHART_ROWS)}</xdr:to>` +
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="Chart ${i + 1}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
      '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">' +
      `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId${i + 1}"/>` +
      '</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
    );
  });
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ' +
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
    `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${anchors.join('')}</xdr:wsDr>`
  );
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A relationships part holding `rels` ([id, type, target]). @param {[string, string, string][]} rels */
function relsXml(rels) {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    rels.map(([id, type, target]) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`).join('') +
    '</Relationships>'
  );
}

/** Each sheet's part in the package, by sheet name (workbook.xml and its relationships). @param {JSZip} zip */
async function sheetParts(zip) {
  const workbook = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const rels = (await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '';
  const targets = new Map(
    [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => [attr(m[0], 'Id'), attr(m[0], 'Target')]),
  );
  /** @type {Map<string, string>} */
  const parts = new Map();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const target = targets.get(attr(m[0], 'r:id')) ?? '';
    parts.set(unescapeXml(attr(m[0], 'name')), target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  return parts;
}

/** An attribute's value in a start tag. @param {string} tag @param {string} name */
function attr(tag, name) {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? '';
}

/** @param {string} text */
function unescapeXml(text) {
  return text.replace(/&(lt|gt|quot|apos|amp|#(\d+));/g, (_, e, n) =>
    n ? String.fromCharCode(Number(n)) : { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[/** @type {'lt'} */ (e)],
  );
}

/**
 * The .xlsx `buffer` exceljs wrote, with the charts of each sheet in `charts` (by sheet name) added;
 * `formatAt(sheet, row, column)`: a cell's number format (1-based), for the value axes.
 * @param {Buffer} buffer @param {Map<string, import('./charts').ChartRecord[]>} charts
 * @param {(sheet: string, row: number, column: number) => string | undefined} [formatAt]
 * @returns {Promise<Buffer>}
 */
async function withCharts(buffer, charts, formatAt = () => undefined) {
  const drawn = [...charts].filter(([, list]) => list.length > 0);
  if (drawn.length === 0) return buffer;
  const zip = await JSZip.loadAsync(buffer);
  const parts = await sheetParts(zip);
  let types = (await zip.file('[Content_Types].xml')?.async('string')) ?? '';
  let chartNo = 0;
  let drawingNo = 0;
  for (const [sheet, list] of drawn) {
    const part = parts.get(sheet);
    const sheetXml = part ? await zip.file(part)?.async('string') : undefined;
    if (!part || sheetXml === undefined || sheetXml.includes('<drawing ')) continue;
    drawingNo++;
    const drawing = `xl/drawings/drawing${drawingNo}.xml`;
    const chartRels = /** @type {[string, string, string][]} */ ([]);
    for (const chart of list) {
      chartNo++;
      const block = blockOf(chart);
      const format = formatAt(sheet, block.row + 1, block.column + 1);
      zip.file(`xl/charts/chart${chartNo}.xml`, chartXml(sheet, chart, format || 'General'));
      chartRels.push([`rId${chartRels.length + 1}`, 'chart', `../charts/chart${chartNo}.xml`]);
      types = types.replace(
        '</Types>',
        `<Override PartName="/xl/charts/chart${chartNo}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/></Types>`,
      );
    }
    zip.file(drawing, drawingXml(list));
    zip.file(`xl/drawings/_rels/drawing${drawingNo}.xml.rels`, relsXml(chartRels));
    types = types.replace(
      '</Types>',
      `<Override PartName="/${drawing}" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>`,
    );
    // The sheet names its drawing (after the page setup, before any legacy drawing or table parts).
    const relsPart = part.replace(/([^/]+)$/, '_rels/$1.rels');
    const existing = (await zip.file(relsPart)?.async('string')) ?? relsXml([]);
    const id = `rIdDrawing${drawingNo}`;
    zip.file(
      relsPart,
      existing.replace(
        '</Relationships>',
        `<Relationship Id="${id}" Type="${REL}/drawing" Target="../drawings/drawing${drawingNo}.xml"/></Relationships>`,
      ),
    );
    const withNs = sheetXml.includes('xmlns:r=')
      ? sheetXml
      : sheetXml.replace('<worksheet ', `<worksheet xmlns:r="${REL}" `);
    const at = [
      '<legacyDrawing',
      '<legacyDrawingHF',
      '<picture',
      '<oleObjects',
      '<controls',
      '<webPublishItems',
      '<tableParts',
      '<extLst',
      '</worksheet>',
    ]
      .map((tag) => withNs.indexOf(tag))
      .filter((i) => i >= 0)
      .reduce((a, b) => Math.min(a, b));
    zip.file(part, `${withNs.slice(0, at)}<drawing r:id="${id}"/>${withNs.slice(at)}`);
  }
  zip.file('[Content_Types].xml', types);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

module.exports = { withCharts, chartXml, drawingXml };
