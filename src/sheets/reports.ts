/**
 * Report tabs, rewritten after every Daily Processes run: a title row, a header row, the rows, a total
 * row where it adds up — all values in one write, whatever the number of rows.
 */

import { type ColumnKind, FORMATS, REPORTS, type ReportName, type ReportSpec } from '../../sheets-template/tabs';
import {
  addRevenue,
  dollars,
  formatMoney,
  formatRate,
  heldValue,
  invoiceHeading,
  overdueInvoices,
  type Payment,
  type RecognitionMonth,
  type RevenueRow,
  revenueByMonth,
  revenueRecognition,
  type SessionsRow,
  type State,
  sessionsRemaining,
  type TaxRule,
  upcomingInvoices,
} from '../domain';
import type { Cell, DateCodec } from './cells';
import { type Settings, taxRuleOf } from './settings';

/** Columns beside a narrow report where its chart sits. */
const CHART_COLUMNS = 8;
/** Rows below a wide report where its chart sits (Sheets draws a new chart 371 px high: 18 rows of 21). */
const CHART_ROWS = 20;
/** The title row and the header row stay in view. */
const FROZEN_ROWS = 2;

/** A report's column chart: the columns it draws (Month first), its title, and where it sits. */
interface ChartSpec {
  columns: number;
  title: string;
  /** Beside a narrow report; below a wide one, whose chart beside it would start off a laptop's screen. */
  place: 'beside' | 'below';
}

const CHARTS: Partial<Record<ReportName, ChartSpec>> = {
  revenue: { columns: 3, title: 'Invoiced and collected per month', place: 'beside' },
  recognition: { columns: 4, title: 'Invoiced, earned and collected per month', place: 'below' },
};

/** What the reports read: the records, the payments and what the archive keeps of the months it holds. */
export type ReportView = State & {
  payments: readonly Payment[];
  archivedRevenue?: readonly RevenueRow[];
  archivedRecognition?: readonly RecognitionMonth[];
};

export interface ReportData {
  /** The Settings' currency symbol, for the money columns. */
  currency: string;
  subtitle: string;
  rows: Cell[][];
  total?: Cell[];
  /**
   * How to read the report, a row a line below the table (the title row stays short enough to be read
   * whole on a laptop's screen, and so does each line).
   */
  note?: readonly string[];
}

/** Writes an ISO date as a date cell ('' for none). */
type DateCell = (d: string | null) => Cell;

/** What one package's unused sessions add up to. */
interface PackageTotal {
  sales: number;
  sessions: number;
  value: number;
}

/** The sum of `f` over the rows. */
function sum<T>(rows: readonly T[], f: (r: T) => number): number {
  return rows.reduce((t, r) => t + f(r), 0);
}

/** The invoices due in the next 30 days, with their total. */
function upcomingReport(state: State, today: string, currency: string, subtitle: string, date: DateCell): ReportData {
  const upcoming = upcomingInvoices(state.sales, new Set(state.invoices.map((i) => i.key)), today, 30);
  return {
    currency,
    subtitle,
    rows: upcoming.map((r) => [date(r.dueDate), r.saleId, r.clientName, r.packageName, dollars(r.amountCents)]),
    total: ['Total', '', '', `${upcoming.length} invoices`, dollars(sum(upcoming, (r) => r.amountCents))],
  };
}

/** The invoices overdue past the grace days, with what they still owe. */
function overdueReport(state: State, today: string, settings: Settings, asOf: string, date: DateCell): ReportData {
  const overdue = overdueInvoices(state.invoices, today, settings.graceDays);
  return {
    currency: settings.currency,
    subtitle: `${asOf} (grace ${settings.graceDays} days)`,
    rows: overdue.map((r) => [
      r.number,
      r.saleId,
      r.clientName,
      date(r.dueDate),
      dollars(r.amountCents),
      dollars(r.paidCents),
      dollars(r.outstandingCents),
      r.daysOverdue,
    ]),
    total: [
      'Total',
      '',
      `${overdue.length} invoices`,
      '',
      '',
      '',
      dollars(sum(overdue, (r) => r.outstandingCents)),
      '',
    ],
  };
}

/** Every sale with a balance other than zero. */
function sessionsReport(
  sessions: readonly SessionsRow[],
  currency: string,
  subtitle: string,
  date: DateCell,
): ReportData {
  return {
    currency,
    subtitle,
    rows: sessions.map((r) => [
      r.clientName,
      r.saleId,
      r.packageName,
      r.balance,
      date(r.expires),
      dollars(r.valueCents),
    ]),
    total: [
      'Total',
      '',
      '',
      sum(sessions, (r) => Math.max(r.balance, 0)),
      '',
      dollars(sum(sessions, (r) => r.valueCents)),
    ],
  };
}

/** The unused sessions (positive balances only) added up by package name, in first-seen order. */
function totalsByPackage(sessions: readonly SessionsRow[]): Map<string, PackageTotal> {
  const byPackage = new Map<string, PackageTotal>();
  for (const r of sessions) {
    if (r.balance <= 0) continue;
    const p = byPackage.get(r.packageName) ?? { sales: 0, sessions: 0, value: 0 };
    byPackage.set(r.packageName, {
      sales: p.sales + 1,
      sessions: p.sessions + r.balance,
      value: p.value + r.valueCents,
    });
  }
  return byPackage;
}

/** The value of the unused sessions, package by package in name order. */
function unearnedReport(sessions: readonly SessionsRow[], currency: string, asOf: string): ReportData {
  const byPackage = totalsByPackage(sessions);
  return {
    currency,
    subtitle: asOf,
    note: [
      'Each unused session is worth what it was invoiced at, net of tax (a gift session nothing), as Revenue Recognition counts it.',
    ],
    rows: [...byPackage]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, p]) => [name, p.sales, p.sessions, dollars(p.value)]),
    total: [
      'Total',
      sum([...byPackage.values()], (p) => p.sales),
      sum([...byPackage.values()], (p) => p.sessions),
      dollars(sum([...byPackage.values()], (p) => p.value)),
    ],
  };
}

/** Invoiced and collected per month, the archived months included. */
function revenueReport(
  state: State & { payments: readonly Payment[]; archivedRevenue?: readonly RevenueRow[] },
  currency: string,
  asOf: string,
): ReportData {
  // Months whose invoices moved to the archive keep their totals (kept with the archive's details).
  const revenue = addRevenue(state.archivedRevenue ?? [], revenueByMonth(state.invoices, state.payments));
  return {
    currency,
    subtitle: asOf,
    note: ['Invoiced by due date, collected by payment date.'],
    rows: revenue.map((r) => [r.month, dollars(r.invoicedCents), dollars(r.collectedCents)]),
    total: ['Total', dollars(sum(revenue, (r) => r.invoicedCents)), dollars(sum(revenue, (r) => r.collectedCents))],
  };
}

/**
 * Revenue recognised per month (recognition.ts), with what was collected, and a check: the unearned
 * balance carried against the value of the sessions held now.
 */
function recognitionReport(view: ReportView, settings: Settings, asOf: string): ReportData {
  const rows = revenueRecognition(view, view.archivedRecognition ?? []);
  const collected = new Map(
    addRevenue(view.archivedRevenue ?? [], revenueByMonth(view.invoices, view.payments)).map((r) => [
      r.month,
      r.collectedCents,
    ]),
  );
  const months = [...new Set([...rows.map((r) => r.month), ...collected.keys()])].sort();
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  let unearned = 0;
  const cells = months.map((month) => {
    const r = byMonth.get(month);
    unearned = r?.unearnedCents ?? unearned;
    const [net, used, lapsed, tax] = r ? [r.netCents, r.earnedCents, r.lapsedCents, r.taxCents] : [0, 0, 0, 0];
    return [month, net, used + lapsed, collected.get(month) ?? 0, used, lapsed, unearned, tax];
  });
  const held = heldValue(view);
  const check =
    held === unearned
      ? `Unearned now = the sessions held (${formatMoney(held, settings.currency)})`
      : `The sessions held are worth ${formatMoney(held, settings.currency)}, ${formatMoney(held - unearned, settings.currency)} from the unearned carried (see README, "For accountants")`;
  return {
    currency: settings.currency,
    subtitle: asOf,
    note: [...netOf(taxRuleOf(settings)), 'Invoiced = earned + change in unearned.', `${check}.`],
    rows: cells.map((c) => [c[0], ...c.slice(1).map((v) => dollars(v as number))]),
    total: [
      'Total',
      ...[1, 2, 3, 4, 5].map((i) => dollars(sum(cells, (c) => c[i] as number))),
      dollars(unearned),
      dollars(sum(cells, (c) => c[7] as number)),
    ],
  };
}

/** Every report's rows, from the records (pure but for date cells). */
export function buildReports(
  state: ReportView,
  today: string,
  settings: Settings,
  codec: DateCodec,
): Record<ReportName, ReportData> {
  const date: DateCell = (d) => (d ? codec.write(d) : '');
  const asOf = `${settings.studioName} — as of ${today}`;
  const sessions = sessionsRemaining(state, today).filter((r) => r.balance !== 0);
  return {
    upcoming: upcomingReport(state, today, settings.currency, asOf, date),
    overdue: overdueReport(state, today, settings, asOf, date),
    sessions: sessionsReport(sessions, settings.currency, asOf, date),
    unearned: unearnedReport(sessions, settings.currency, asOf),
    revenue: revenueReport(state, settings.currency, asOf),
    recognition: recognitionReport(state, settings, asOf),
  };
}

/** What the net amounts leave out, for a studio that charges tax (nothing for one that doesn't). */
function netOf(rule: TaxRule): string[] {
  return rule.ratePpm > 0 ? [`Amounts are net of ${formatRate(rule.ratePpm)} tax (${invoiceHeading(rule)}).`] : [];
}

/**
 * Rewrites one report tab (created when missing): clears the old values, writes title, headers, rows,
 * total and note in one range, and formats by column, with room for its `chart`. A constant number of
 * Sheets calls per report.
 */
function writeReport(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  spec: ReportSpec,
  data: ReportData,
  chart: ChartSpec | undefined,
): GoogleAppsScript.Spreadsheet.Sheet {
  let sheet = ss.getSheetByName(spec.name);
  const created = !sheet;
  if (!sheet) sheet = ss.insertSheet(spec.name, ss.getSheets().length); // after the data tabs
  const width = spec.columns.length;
  const blank = () => new Array<Cell>(width).fill('');
  const title = blank();
  title[0] = `${spec.title} — ${data.subtitle}`;
  const values: Cell[][] = [title, spec.columns.map((c) => c.header), ...data.rows];
  if (data.total) values.push(data.total);
  const text = new Set([0, 1]); // the rows that hold words, not the columns' kinds
  for (const line of data.note ?? []) {
    const note = blank();
    note[0] = line;
    text.add(values.length);
    values.push(note);
  }
  // Replace the old body in a fixed number of calls whatever its size: add as many rows as this report
  // needs at the end, then delete every old row below the title and header rows (they and their
  // formatting stay; a chart is placed again after). The tab ends up exactly as long as the report, plus
  // two, and as long as its chart needs: below the report, or beside it from row 3.
  const room = !chart
    ? 0
    : chart.place === 'below'
      ? CHART_ROWS
      : Math.max(0, FROZEN_ROWS + CHART_ROWS - values.length);
  const max = sheet.getMaxRows();
  sheet.insertRowsAfter(max, values.length + room);
  sheet.deleteRows(3, max - 2);
  const range = sheet.getRange(1, 1, values.length, width);
  const format = (kind: ColumnKind) =>
    kind === 'money' ? FORMATS.money.replace('$', `"${data.currency}"`) : FORMATS[kind];
  range.setNumberFormats(values.map((_, r) => spec.columns.map((c) => (text.has(r) ? '@' : format(c.kind)))));
  range.setValues(values);
  if (created) {
    // Only the report's columns (and, for a chart beside, room for it): the grid counts against 10 M cells.
    const keep = width + (chart?.place === 'beside' ? CHART_COLUMNS : 0);
    if (sheet.getMaxColumns() > keep) sheet.deleteColumns(keep + 1, sheet.getMaxColumns() - keep);
    sheet.getRange(1, 1, 1, width).setFontWeight('bold');
    sheet.getRange(2, 1, 1, width).setFontWeight('bold').setBackground('#e8f0fe');
    sheet.setFrozenRows(FROZEN_ROWS);
    spec.columns.forEach((c, i) => {
      sheet.setColumnWidth(i + 1, c.width);
    });
  }
  return sheet;
}

/** Rewrites every report; a charted report's column chart covers exactly its month rows. */
export function refreshReports(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  reports: Record<ReportName, ReportData>,
): void {
  for (const name of Object.keys(REPORTS) as ReportName[]) {
    const chart = CHARTS[name];
    const sheet = writeReport(ss, REPORTS[name], reports[name], chart);
    if (chart) drawChart(sheet, chart, reports[name], REPORTS[name].columns.length);
  }
}

/** A report's column chart: Month and the next columns, over the month rows (and the header). */
function drawChart(sheet: GoogleAppsScript.Spreadsheet.Sheet, chart: ChartSpec, data: ReportData, width: number): void {
  const rows = data.rows.length;
  const months = sheet.getRange(2, 1, Math.max(rows, 1) + 1, chart.columns);
  // Beside: under the frozen title and header rows (they would cover its title), a column clear of the
  // report. Below: a row clear of the table (its total and note), from column A.
  const lastRow = FROZEN_ROWS + rows + (data.total ? 1 : 0) + (data.note?.length ?? 0);
  const [row, column] = chart.place === 'beside' ? [FROZEN_ROWS + 1, width + 2] : [lastRow + 2, 1];
  const [existing] = sheet.getCharts();
  if (existing) {
    sheet.updateChart(existing.modify().clearRanges().addRange(months).setPosition(row, column, 0, 0).build());
  } else {
    const builder = sheet.newChart().setChartType(Charts.ChartType.COLUMN).addRange(months);
    sheet.insertChart(builder.setOption('title', chart.title).setPosition(row, column, 0, 0).build());
  }
}
