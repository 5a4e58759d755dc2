/**
 * Test harness for the domain: applies the results of Daily Processes, sales, check-ins and cancellations
 * to an in-memory State (as the sheet layer would), and simulates days:
 * for each day: run dailyProcesses(state, day) (when it is a run day) and apply it; then apply that
 * day's events (sales, check-ins, cancellations) in the order given.
 *
 * The calendar helpers here are deliberately independent of src/domain/dates.ts (plain UTC day numbers),
 * so that tests can compute expected dates without calling the code under test.
 */
import {
  type Adjustment,
  type BalanceUpdate,
  type CarryRule,
  CHECK_IN,
  type Client,
  cancelSale,
  changePackage,
  checkIn,
  type DailyResult,
  dailyProcesses,
  type FieldError,
  type IsoDate,
  type LedgerWrite,
  nextDueDates,
  type Package,
  type PackageTerms,
  parsedThen,
  type SaleRecords,
  type State,
  saleTerm,
  sell,
} from '../../src/domain';

// ---------------------------------------------------------------------------------------------------------
// An independent calendar.

const DAY_MS = 86_400_000;

export function dayNumber(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function fromDayNumber(n: number): IsoDate {
  const dt = new Date(n * DAY_MS);
  const pad = (v: number, w = 2) => String(v).padStart(w, '0');
  return `${pad(dt.getUTCFullYear(), 4)}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`;
}

export function addDaysIso(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function monthLength(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Adds months to the start date's own day, clamped to the target month's end. */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const total = m - 1 + months;
  const ny = y + Math.floor(total / 12);
  const nm = (((total % 12) + 12) % 12) + 1;
  const nd = Math.min(d, monthLength(ny, nm));
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}`;
}

const DAYS: Record<string, number> = { weekly: 7, fortnightly: 14, 'every 3 weeks': 21, 'every 4 weeks': 28 };
const MONTHS: Record<string, number> = { monthly: 1, quarterly: 3 };

/** Start of period k, computed independently of the domain. */
export function expectedPeriodStart(start: IsoDate, frequency: string, k: number): IsoDate {
  if (frequency in DAYS) return addDaysIso(start, DAYS[frequency] * k);
  if (frequency in MONTHS) return addMonthsClamped(start, MONTHS[frequency] * k);
  throw new Error(`unknown frequency ${frequency}`);
}

/**
 * The due dates of the invoices a sale should have by `until`: period 0 always (it is billed at the
 * sale), then every period whose start is ≤ until and before the term limit (start + 7W days, and/or the
 * cancel date).
 */
export function expectedDueDates(
  start: IsoDate,
  frequency: string,
  recurWeeks: number,
  cancelFrom: IsoDate | null,
  until: IsoDate,
): IsoDate[] {
  const limits: IsoDate[] = [];
  if (recurWeeks > 0) limits.push(addDaysIso(start, 7 * recurWeeks));
  if (cancelFrom) limits.push(cancelFrom);
  const dates: IsoDate[] = [start];
  for (let k = 1; ; k++) {
    const d = expectedPeriodStart(start, frequency, k);
    if (d > until || limits.some((l) => d >= l)) break;
    dates.push(d);
  }
  return dates;
}

// ---------------------------------------------------------------------------------------------------------
// Applying results to a State.

export function emptyState(): State {
  return { sales: [], invoices: [], adjustments: [] };
}

export function applyBalanceUpdates(state: State, updates: readonly BalanceUpdate[]): void {
  for (const u of updates) {
    const row = state.adjustments.find((a) => a.key === u.key);
    if (!row) throw new Error(`balance update for unknown row ${u.key}`);
    row.balance = u.balance;
  }
}

export function applyDaily(state: State, result: DailyResult): void {
  state.invoices.push(...result.newInvoices.map((i) => ({ ...i })));
  state.adjustments.push(...result.newAdjustments.map((a) => ({ ...a })));
  applyBalanceUpdates(state, result.balanceUpdates);
}

export function applySale(state: State, records: SaleRecords): void {
  state.sales.push({ ...records.sale });
  state.invoices.push(...records.invoices.map((i) => ({ ...i })));
  state.adjustments.push(...records.adjustments.map((a) => ({ ...a })));
}

/** Applies a check-in or correction; a duplicate (retried request) writes nothing. */
export function applyWrite(state: State, write: LedgerWrite): void {
  if (write.duplicate) return;
  state.adjustments.push(...(write.changes.newAdjustments ?? []).map((a) => ({ ...a })));
  applyBalanceUpdates(state, write.balanceUpdates);
}

// ---------------------------------------------------------------------------------------------------------
// Simulation.

export const CLIENT: Client = { id: 'C-1', name: 'Ann Example', email: 'ann@example.com', phone: '' };

export function pkg(terms: Partial<PackageTerms> = {}, id = 'P-1'): Package {
  return {
    id,
    name: 'Fortnightly 6',
    sessionsPerPeriod: 6,
    frequency: 'fortnightly',
    rollover: 'reset',
    recurWeeks: 0,
    priceCents: 30000,
    rolloverCap: null,
    minPeriods: 0,
    noticeDays: 0,
    usableDays: null,
    expireAfterPeriods: 0,
    introPeriods: 0,
    introPriceCents: null,
    ...terms,
  };
}

export type SimEvent =
  | { kind: 'sell'; day: IsoDate; id: string; pkg: Package; startDate: IsoDate; client?: Client }
  | { kind: 'checkIn'; day: IsoDate; saleId: string; overdraw?: boolean; requestId?: string; date?: IsoDate }
  | { kind: 'cancel'; day: IsoDate; saleId: string; date: IsoDate }
  | { kind: 'change'; day: IsoDate; saleId: string; pkg: Package; fromDate: IsoDate | number; carry?: CarryRule };

export interface Outcome {
  day: IsoDate;
  kind: SimEvent['kind'];
  ok: boolean;
  duplicate?: boolean;
  errors?: FieldError[];
}

/** Applies one event on `day`; returns what happened. */
export function applyEvent(state: State, e: SimEvent): Outcome {
  if (e.kind === 'sell') {
    const r = sell(state, { id: e.id, client: e.client ?? CLIENT, pkg: e.pkg, startDate: e.startDate }, e.day);
    if (!r.ok) return { day: e.day, kind: e.kind, ok: false, errors: r.errors };
    applySale(state, r.value);
    return { day: e.day, kind: e.kind, ok: true };
  }
  if (e.kind === 'checkIn') {
    const input: Record<string, unknown> = { saleId: e.saleId };
    if (e.overdraw !== undefined) input.overdraw = e.overdraw;
    if (e.requestId !== undefined) input.requestId = e.requestId;
    if (e.date !== undefined) input.date = e.date;
    const r = parsedThen(CHECK_IN, input, (parsed) => checkIn(state, parsed, e.day));
    if (!r.ok) return { day: e.day, kind: e.kind, ok: false, errors: r.errors };
    applyWrite(state, r.value);
    return { day: e.day, kind: e.kind, ok: true, duplicate: r.value.duplicate };
  }
  if (e.kind === 'change') {
    // A number: the n-th due date after the day (as the history sidebar offers them).
    const sale = state.sales.find((s) => s.id === e.saleId);
    const fromDate =
      typeof e.fromDate === 'number' ? (sale ? nextDueDates(saleTerm(sale), e.day, 3)[e.fromDate] : '') : e.fromDate;
    const input = { saleId: e.saleId, packageId: e.pkg.id, fromDate, carry: e.carry };
    const r = changePackage(state, [e.pkg], input, e.day);
    if (!r.ok) return { day: e.day, kind: e.kind, ok: false, errors: r.errors };
    state.sales[state.sales.findIndex((s) => s.id === e.saleId)] = r.value;
    return { day: e.day, kind: e.kind, ok: true };
  }
  const r = cancelSale(state, { saleId: e.saleId, date: e.date }, e.day);
  if (!r.ok) return { day: e.day, kind: e.kind, ok: false, errors: r.errors };
  const i = state.sales.findIndex((s) => s.id === e.saleId);
  state.sales[i] = r.value;
  return { day: e.day, kind: e.kind, ok: true };
}

export interface SimOptions {
  from: IsoDate;
  to: IsoDate;
  events?: readonly SimEvent[];
  /** Which days Daily Processes runs on: every day (default), or the days for which this is true. */
  runOn?: (day: IsoDate) => boolean;
  /** After each run, run again on the same day and fail if that second run finds anything. */
  checkRerun?: boolean;
  /** Called after each day's daily run (before the events) with the result. */
  onDaily?: (day: IsoDate, result: DailyResult, state: State) => void;
  /** Called before each event is applied. */
  beforeEvent?: (e: SimEvent, state: State) => void;
  state?: State;
}

export interface SimResult {
  state: State;
  outcomes: Outcome[];
  problems: string[];
}

export function simulate(opts: SimOptions): SimResult {
  const state = opts.state ?? emptyState();
  const events = [...(opts.events ?? [])];
  const outcomes: Outcome[] = [];
  const problems: string[] = [];
  const first = dayNumber(opts.from);
  const last = dayNumber(opts.to);
  for (let n = first; n <= last; n++) {
    const day = fromDayNumber(n);
    if (!opts.runOn || opts.runOn(day)) {
      const result = dailyProcesses(state, day);
      problems.push(...result.problems);
      applyDaily(state, result);
      opts.onDaily?.(day, result, state);
      if (opts.checkRerun) {
        const again = dailyProcesses(state, day);
        if (again.newInvoices.length || again.newAdjustments.length || again.balanceUpdates.length) {
          throw new Error(`second run on ${day} found more: ${JSON.stringify(again)}`);
        }
      }
    }
    for (const e of events.filter((ev) => ev.day === day)) {
      opts.beforeEvent?.(e, state);
      outcomes.push(applyEvent(state, e));
    }
  }
  return { state, outcomes, problems };
}

/** The days on which something happens. */
export function eventDays(events: readonly SimEvent[]): Set<IsoDate> {
  return new Set(events.map((e) => e.day));
}

// ---------------------------------------------------------------------------------------------------------
// Views for comparisons.

export type InvoiceRow = [number, string, IsoDate, number];
export type LedgerRow = [string, IsoDate, string, number, number];

export function invoiceTable(state: State): InvoiceRow[] {
  return [...state.invoices]
    .sort((a, b) => a.number - b.number)
    .map((i) => [i.number, i.key, i.dueDate, i.amountCents]);
}

/** One sale's rows in ledger order, computed independently: date, nightly before people's, then row order. */
export function ledgerRows(state: State, saleId: string): Adjustment[] {
  const rank: Record<string, number> = { reset: 0, change: 0.5, allocate: 1, cap: 2, expire: 2.5, use: 3, correct: 3 };
  return state.adjustments
    .map((row, i) => ({ row, i }))
    .filter((x) => x.row.saleId === saleId)
    .sort((a, b) =>
      a.row.date !== b.row.date ? (a.row.date < b.row.date ? -1 : 1) : rank[a.row.type] - rank[b.row.type] || a.i - b.i,
    )
    .map((x) => x.row);
}

export function ledgerTable(state: State, saleId: string): LedgerRow[] {
  return ledgerRows(state, saleId).map((a) => [a.key, a.date, a.type, a.sessions, a.balance]);
}

/** Every sale's ledger, keyed by sale id, for whole-state comparisons. */
export function allLedgers(state: State): Record<string, LedgerRow[]> {
  const out: Record<string, LedgerRow[]> = {};
  for (const s of state.sales) out[s.id] = ledgerTable(state, s.id);
  return out;
}
