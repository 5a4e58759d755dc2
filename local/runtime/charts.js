// @ts-check
// Embedded charts: Sheet.newChart() → EmbeddedChartBuilder → Sheet.insertChart(chart), getCharts(),
// updateChart(chart), removeChart(chart), and the Charts.ChartType enum. The emulator draws nothing: a
// chart is a record (type, ranges as A1, anchor, options) on its sheet, kept in the workbook's metadata
// so it survives save and load (.xlsx charts are beyond exceljs).
const { makeEnum } = require('./instrument');

const ChartType = makeEnum([
  'AREA',
  'BAR',
  'BUBBLE',
  'CANDLESTICK',
  'COLUMN',
  'COMBO',
  'GAUGE',
  'GEO',
  'HISTOGRAM',
  'LINE',
  'ORG',
  'PIE',
  'SCATTER',
  'SPARKLINE',
  'STEPPED_AREA',
  'TABLE',
  'TIMELINE',
  'TREEMAP',
  'WATERFALL',
]);

/**
 * @typedef {{ id: string, type: string, ranges: string[], anchor: { row: number, column: number, offsetX: number, offsetY: number }, options: Record<string, unknown> }} ChartRecord
 */

let nextId = 1;

class EmbeddedChartBuilder {
  /** A builder: nothing reaches the server until Sheet.insertChart/updateChart (instrument.js round trips). */
  static LOCAL = new Set([
    'setChartType',
    'getChartType',
    'addRange',
    'clearRanges',
    'getRanges',
    'setPosition',
    'setOption',
    'build',
  ]);

  /** @param {import('./instrument').Env} env @param {ChartRecord} record */
  constructor(env, record) {
    this._env = env;
    this._record = record;
  }

  /** @param {string} type one of Charts.ChartType */
  setChartType(type) {
    if (!Object.hasOwn(ChartType, String(type))) throw this._env.exception(`Invalid argument: type`);
    this._record.type = String(type);
    return this._self();
  }

  getChartType() {
    return this._record.type;
  }

  /** @param {{ getA1Notation(): string, getSheet?: () => unknown }} range */
  addRange(range) {
    this._record.ranges.push(range.getA1Notation());
    return this._self();
  }

  clearRanges() {
    this._record.ranges = [];
    return this._self();
  }

  getRanges() {
    return this._env.array([...this._record.ranges]);
  }

  /** @param {number} anchorRowPos @param {number} anchorColPos @param {number} offsetX @param {number} offsetY */
  setPosition(anchorRowPos, anchorColPos, offsetX, offsetY) {
    this._record.anchor = { row: anchorRowPos, column: anchorColPos, offsetX, offsetY };
    return this._self();
  }

  /** @param {string} option @param {unknown} value */
  setOption(option, value) {
    this._record.options[String(option)] = value;
    return this._self();
  }

  build() {
    if (!this._record.type) throw this._env.exception('The chart type must be set before building.');
    if (this._record.ranges.length === 0) throw this._env.exception('The chart needs at least one range.');
    return this._env.wrap(
      new EmbeddedChart(this._env, structuredClone(this._record)),
      'EmbeddedChart',
      'SpreadsheetApp',
    );
  }

  _self() {
    return this._env.wrap(this, 'EmbeddedChartBuilder', 'SpreadsheetApp');
  }
}

class EmbeddedChart {
  /** A snapshot Sheet.getCharts() returned: its getters answer locally. */
  static LOCAL = new Set(['getChartId', 'getRanges', 'getOptions', 'getContainerInfo', 'modify']);

  /** @param {import('./instrument').Env} env @param {ChartRecord} record */
  constructor(env, record) {
    this._env = env;
    this._record = record;
  }

  getChartId() {
    return this._record.id;
  }

  getRanges() {
    return this._env.array([...this._record.ranges]);
  }

  getOptions() {
    const options = this._record.options;
    return { get: (/** @type {string} */ key) => options[key] ?? null };
  }

  /** Where the chart sits: ContainerInfo's anchor cell (1-based) and pixel offsets. */
  getContainerInfo() {
    const a = this._record.anchor;
    return {
      getAnchorRow: () => a.row,
      getAnchorColumn: () => a.column,
      getOffsetX: () => a.offsetX,
      getOffsetY: () => a.offsetY,
    };
  }

  modify() {
    return new EmbeddedChartBuilder(this._env, structuredClone(this._record))._self();
  }
}

/** A new chart record for a sheet. @returns {ChartRecord} */
function newChartRecord() {
  return {
    id: `u${Date.now().toString(36)}${nextId++}`,
    type: '',
    ranges: [],
    anchor: { row: 1, column: 1, offsetX: 0, offsetY: 0 },
    options: {},
  };
}

module.exports = { ChartType, EmbeddedChartBuilder, EmbeddedChart, newChartRecord };
