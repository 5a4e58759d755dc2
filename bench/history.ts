/**
 * Two years of a studio's history, made by the add-on's own rules and cell mappers (bundled by
 * bench/run.js with esbuild into bench/out/history.cjs): check-ins spread over each billing period,
 * then the pure `dailyProcesses` catch-up creating every invoice and nightly ledger row up to `until`,
 * with the running balances it computes. The rows are the ones the nightly runs and the Check-in
 * sidebar would have written (same keys, amounts, balances, cells); only the writing is done here, in
 * chunks, because a single two-year catch-up at chain scale is not a job the add-on ever runs.
 */
import { TABS } from '../sheets-template/tabs';
import {
  type Adjustment,
  adjustmentKey,
  archivePlan,
  dailyProcesses,
  dueDate,
  firstAllocationDate,
  type IsoDate,
  isOverdue,
  periodsUntil,
  plusDays,
  type RevenueRow,
  type Sale,
  saleTerm,
} from '../src/domain';
import type { Cell } from '../src/sheets/cells';
import * as map from '../src/sheets/mappers';
import { WholeStore } from '../src/sheets/store';

/** mulberry32, shared with local/synthetic.js (plain JavaScript, so required with its type). */
const { random } = require('../local/synthetic') as { random(seed: number): () => number };

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface HistoryOptions {
  /** The last day of history (the nightly run of this day has run; check-ins up to it are recorded). */
  until: IsoDate;
  /** The share of allocated sessions clients use (check-in rows). */
  useRate: number;
  seed: number;
  /**
   * The cutoff of the last weekly archive run: what it moved (src/domain/archive.ts) is left out of the
   * live tabs and each sale gets its Carry row, as the add-on's archive job leaves them.
   */
  archivedBefore?: IsoDate;
  /**
   * The day that run took place (its cutoff + "Archive after (days)"): its Carry rows follow that day's
   * rows. Default: 14 days after the cutoff.
   */
  archivedOn?: IsoDate;
}

export interface HistoryCounts {
  sales: number;
  invoices: number;
  adjustments: number;
  uses: number;
  balanceUpdates: number;
  /** The highest invoice number issued (live or archived). */
  highestInvoiceNumber: number;
  /** Rows the archive holds (left out of the live tabs), Carry rows, and what the add-on remembers of them. */
  archived: {
    invoices: number;
    adjustments: number;
    carries: number;
    highestInvoiceNumber: number;
    revenue: RevenueRow[];
  };
}

function dayNumber(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

function isoOf(day: number): IsoDate {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The check-ins of one sale: in each period, about `useRate` of its sessions (never more than it
 * allocates, so the balance never goes below zero), on days strictly after the period's allocation and
 * before the next one (people's rows are never dated into a closed period), up to `until`.
 */
function checkIns(sale: Sale, until: IsoDate, useRate: number, rand: () => number): Adjustment[] {
  const n = sale.terms.sessionsPerPeriod;
  const end = dayNumber(until);
  const rows: Adjustment[] = [];
  for (const k of periodsUntil(saleTerm(sale), until)) {
    const from = dayNumber(k === 0 ? firstAllocationDate(sale) : dueDate(sale, k)) + 1;
    const to = Math.min(dayNumber(dueDate(sale, k + 1)) - 1, end);
    const days = to - from + 1;
    if (days <= 0) continue;
    const uses = Math.min(n, Math.floor(useRate * n + rand()));
    for (let j = 0; j < uses; j++) {
      rows.push({
        key: adjustmentKey(sale.id, 'use', rows.length + 1),
        date: isoOf(from + Math.floor(((j + rand()) * days) / uses)),
        saleId: sale.id,
        clientName: sale.clientName,
        type: 'use',
        sessions: -1,
        balance: Number.NaN,
        note: 'Checked in',
      });
    }
  }
  return rows;
}

/** 1 for people's rows (check-ins, corrections), written during the day after that night's rows. */
function personal(row: Adjustment): number {
  return row.type === 'use' || row.type === 'correct' ? 1 : 0;
}

/** Appends `rows` (cells by header) below the last row of `sheet`, in chunks of at most `chunk` rows. */
function appendRows(sheet: Sheet, rows: Record<string, Cell>[], chunk = 50_000): void {
  const width = sheet.getLastColumn();
  const header = sheet
    .getRange(1, 1, 1, width)
    .getValues()[0]
    .map((h) => String(h));
  let at = Math.max(sheet.getLastRow(), 1) + 1;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk).map((r) => header.map((h) => (h in r ? r[h] : '')));
    const missing = at + part.length - 1 - sheet.getMaxRows();
    if (missing > 0) sheet.insertRowsAfter(sheet.getMaxRows(), missing);
    sheet.getRange(at, 1, part.length, width).setValues(part);
    at += part.length;
  }
}

/**
 * Writes the history of every sale of the (synthetic) Sales tab into Invoices and Adjustments.
 * Needs the globals the add-on's datastore uses (`Utilities`), i.e. run it with the emulated services.
 */
export function writeHistory(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, options: HistoryOptions): HistoryCounts {
  const rand = random(options.seed);
  const store = new WholeStore(ss);
  const state = store.state();
  const uses: Adjustment[] = [];
  for (const sale of state.sales)
    for (const row of checkIns(sale, options.until, options.useRate, rand)) uses.push(row);
  const result = dailyProcesses({ ...state, adjustments: uses }, options.until);
  // The check-ins were recorded without balances: the replay gives each one its running balance.
  const balance = new Map(result.balanceUpdates.map((u) => [u.key, u.balance]));
  for (const row of uses) row.balance = balance.get(row.key) ?? row.balance;
  // Sheet order: as written day by day (each night's rows, then that day's check-ins).
  const saleNo = (id: string) => Number(/(\d+)$/.exec(id)?.[1] ?? 0);
  const all = [...result.newAdjustments, ...uses].map((row, i) => ({ row, i, sale: saleNo(row.saleId) }));
  all.sort((a, b) =>
    a.row.date !== b.row.date
      ? a.row.date < b.row.date
        ? -1
        : 1
      : personal(a.row) - personal(b.row) || a.sale - b.sale || a.i - b.i,
  );
  const sheetOf = (name: string) => ss.getSheetByName(name) as Sheet;
  // Clients pay: every invoice due more than three weeks before the measured night is paid (as typed by
  // hand in the Paid column); the recent ones are open, and some of those are overdue.
  const paidBefore = plusDays(options.until, -21);
  let invoices = result.newInvoices.map((inv) =>
    inv.dueDate < paidBefore ? { ...inv, paidCents: inv.amountCents, status: 'paid' as const } : inv,
  );
  const archived = { invoices: 0, adjustments: 0, carries: 0, highestInvoiceNumber: 0, revenue: [] as RevenueRow[] };
  let rows = all.map((x) => x.row);
  if (options.archivedBefore) {
    const plan = archivePlan({ sales: state.sales, invoices, adjustments: rows }, [], options.archivedBefore);
    invoices = invoices.filter((inv) => !plan.invoiceKeys.has(inv.key));
    rows = rows.filter((r) => !plan.adjustmentKeys.has(r.key));
    // The archive run ("Archive after (days)" after its cutoff) appended its Carry rows after that night's rows.
    const archivedOn = options.archivedOn ?? plusDays(options.archivedBefore, 14);
    const at = rows.findIndex((r) => r.date > archivedOn);
    rows.splice(at < 0 ? rows.length : at, 0, ...plan.carries);
    Object.assign(archived, {
      invoices: plan.invoiceKeys.size,
      adjustments: plan.adjustmentKeys.size,
      carries: plan.carries.length,
      highestInvoiceNumber: plan.highestInvoiceNumber,
      revenue: plan.revenue,
    });
  }
  appendRows(
    sheetOf(TABS.invoices.name),
    invoices.map((inv) => map.invoices.cells(inv, store.codec, isOverdue(inv, options.until, 7))),
  );
  appendRows(
    sheetOf(TABS.adjustments.name),
    rows.map((row) => map.adjustments.cells(row, store.codec)),
  );
  return {
    sales: state.sales.length,
    invoices: result.newInvoices.length,
    adjustments: all.length,
    uses: uses.length,
    balanceUpdates: result.balanceUpdates.length,
    highestInvoiceNumber: result.newInvoices.reduce((n, inv) => Math.max(n, inv.number), 0),
    archived,
  };
}
