/**
 * Revenue recognition: revenue is earned when a session is delivered, not when it is invoiced.
 *
 * Each invoice's net (its amount without tax, tax.ts) is the value of the sessions its period allocates,
 * and those sessions are a lot. Replayed from a sale's live ledger in ledger order:
 * - an Allocate row of period k adds a lot of its sessions worth invoice k's net (0 when the invoice is
 *   void or missing); it is "invoiced" on that row's date, which is the invoice's date (the day it was
 *   made: the sale for the first one, its due date for the others);
 * - a Use row takes a session from the oldest lot: its value is **earned** that day;
 * - a Reset, Cap or Expire row, or a correction that takes sessions away, takes them the same way: their
 *   value is **lapsed** that day (earned too, as the package's terms say, but shown apart);
 * - a correction that gives sessions (an undone check-in, a gift) adds a lot worth nothing;
 * - a session taken beyond the lots (an overdraw) is owed: the next sessions added pay it off, and their
 *   value is earned (or lapsed) on the day they arrive;
 * - a Carry row (archive.ts) brings the lots forward with their values (`formatCarried`).
 * Taking m of a lot's s sessions worth c cents takes round(c × m ÷ s), half away from zero, and the last
 * session takes what is left: every cent of every invoice is earned or lapsed exactly once, or still held.
 * So, month by month: invoiced = earned + lapsed + the change in what is held (unearned), to the cent.
 */

import { type IsoDate, minDate } from './dates';
import { foldLate, ledgerOrder, ledgersBySale } from './ledger';
import { allocatedPeriod } from './lots';
import { type Cents, dollars, parseMoney } from './money';
import { type Adjustment, type Invoice, invoiceKey, type Sale, type State } from './records';
import { divideHalfAway, invoiceTaxed } from './tax';
import { firstAllocationDate } from './term';

export type Recognised = 'earned' | 'lapsed';

interface Lot {
  sessions: number;
  cents: Cents;
}

/** What a sale holds: its lots (oldest first) and the sessions it owes (taken beyond its lots). */
export interface Holding {
  lots: Lot[];
  owed: { sessions: number; kind: Recognised }[];
}

export interface RecognitionEvent {
  date: IsoDate;
  saleId: string;
  kind: 'invoiced' | Recognised;
  cents: Cents;
}

/** The date an invoice was made: the sale for period 0 (sold before it starts), else its due date. */
export function invoiceDate(inv: Pick<Invoice, 'period' | 'dueDate'>, sale?: Sale): IsoDate {
  return inv.period === 0 && sale ? minDate(firstAllocationDate(sale), inv.dueDate) : inv.dueDate;
}

const LOT = /^(\d+) for (-?\d+\.\d\d)$/;
const OWED = /^owes (\d+) (used|lapsed)$/;

/** A Carry row's Carried Value: "2 for 50.00; 6 for 150.00", "owes 1 used" ('' when it holds nothing). */
export function formatCarried(h: Holding): string {
  return [
    ...h.lots.map((l) => `${l.sessions} for ${dollars(l.cents).toFixed(2)}`),
    ...h.owed.map((o) => `owes ${o.sessions} ${o.kind === 'earned' ? 'used' : 'lapsed'}`),
  ].join('; ');
}

/** A Carry row's holding: its Carried Value, or (none, or not readable) its sessions worth nothing. */
export function parseCarried(row: Pick<Adjustment, 'sessions' | 'carriedValue'>): Holding {
  const h: Holding = { lots: [], owed: [] };
  for (const part of (row.carriedValue ?? '')
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const lot = LOT.exec(part);
    const owed = OWED.exec(part);
    const cents = lot ? parseMoney(lot[2]) : null;
    if (lot && cents !== null) h.lots.push({ sessions: Number(lot[1]), cents });
    else if (owed) h.owed.push({ sessions: Number(owed[1]), kind: owed[2] === 'used' ? 'earned' : 'lapsed' });
    else return worthless(row.sessions);
  }
  const net = h.lots.reduce((s, l) => s + l.sessions, 0) - h.owed.reduce((s, o) => s + o.sessions, 0);
  return net === row.sessions ? h : worthless(row.sessions);
}

function worthless(sessions: number): Holding {
  if (sessions > 0) return { lots: [{ sessions, cents: 0 }], owed: [] };
  return { lots: [], owed: sessions < 0 ? [{ sessions: -sessions, kind: 'earned' }] : [] };
}

/** Adds a lot: it pays off what is owed first (recognised now, at its value), the rest is held. */
function addLot(h: Holding, lot: Lot, recognise: (kind: Recognised, cents: Cents) => void): void {
  let left = { ...lot };
  while (left.sessions > 0 && h.owed.length) {
    const owed = h.owed[0];
    const m = Math.min(owed.sessions, left.sessions);
    const cents = m === left.sessions ? left.cents : divideHalfAway(left.cents * m, left.sessions);
    recognise(owed.kind, cents);
    left = { sessions: left.sessions - m, cents: left.cents - cents };
    owed.sessions -= m;
    if (owed.sessions === 0) h.owed.shift();
  }
  if (left.sessions > 0) h.lots.push(left);
}

/** Takes sessions from the oldest lots (beyond them, they are owed), recognising their value. */
function takeSessions(h: Holding, sessions: number, kind: Recognised, recognise: (c: Cents) => void): void {
  let left = sessions;
  while (left > 0 && h.lots.length) {
    const lot = h.lots[0];
    const m = Math.min(lot.sessions, left);
    const cents = m === lot.sessions ? lot.cents : divideHalfAway(lot.cents * m, lot.sessions);
    recognise(cents);
    lot.sessions -= m;
    lot.cents -= cents;
    left -= m;
    if (lot.sessions === 0) h.lots.shift();
  }
  if (left > 0) h.owed.push({ sessions: left, kind });
}

/** The net value of an allocation: its invoice's net (0 when void or missing). */
function allocationValue(row: Adjustment, invoices: ReadonlyMap<string, Invoice>): Cents {
  const k = allocatedPeriod(row);
  const inv = k === null ? undefined : invoices.get(invoiceKey(row.saleId, k));
  return !inv || inv.status === 'void' ? 0 : invoiceTaxed(inv).netCents;
}

/**
 * One sale's recognition, replaying its live ledger (`rows`, any order) up to the rows dated before
 * `until` (all when null): the events, and what it holds after them.
 */
export function replaySale(
  rows: readonly Adjustment[],
  invoices: ReadonlyMap<string, Invoice>,
  until: IsoDate | null = null,
): { events: RecognitionEvent[]; holding: Holding } {
  const h: Holding = { lots: [], owed: [] };
  const events: RecognitionEvent[] = [];
  for (const row of foldLate(ledgerOrder(rows))) {
    if (until !== null && row.date >= until) break;
    const at = (kind: RecognitionEvent['kind'], cents: Cents) => {
      if (cents !== 0) events.push({ date: row.date, saleId: row.saleId, kind, cents });
    };
    if (row.type === 'carry') {
      const carried = parseCarried(row);
      h.lots.push(...carried.lots);
      h.owed.push(...carried.owed);
    } else if (row.sessions > 0) {
      const cents = row.type === 'allocate' ? allocationValue(row, invoices) : 0;
      at('invoiced', cents);
      addLot(h, { sessions: row.sessions, cents }, at);
    } else if (row.sessions < 0) {
      const kind: Recognised = row.type === 'use' ? 'earned' : 'lapsed';
      takeSessions(h, -row.sessions, kind, (c) => at(kind, c));
    }
  }
  return { events, holding: h };
}

/** The invoices by key. */
function byKey(invoices: readonly Invoice[]): Map<string, Invoice> {
  return new Map(invoices.map((i) => [i.key, i]));
}

/** Every sale's recognition events, from the live ledger. */
export function recognitionEvents(state: State): RecognitionEvent[] {
  const invoices = byKey(state.invoices);
  const events: RecognitionEvent[] = [];
  for (const [, rows] of ledgersBySale(state.adjustments)) events.push(...replaySale(rows, invoices).events);
  return events;
}

/** The value of the sessions every sale holds now (what is unearned), counted from the lots themselves. */
export function heldValue(state: State): Cents {
  const invoices = byKey(state.invoices);
  let held = 0;
  for (const [, rows] of ledgersBySale(state.adjustments))
    for (const lot of replaySale(rows, invoices).holding.lots) held += lot.cents;
  return held;
}

/** One month of recognition: the net and tax invoiced (by invoice date), and the value earned and lapsed. */
export interface RecognitionMonth {
  month: string;
  netCents: Cents;
  taxCents: Cents;
  earnedCents: Cents;
  lapsedCents: Cents;
}

/** A month of the Revenue Recognition report: its flows, and the unearned balance at its end. */
export interface RecognitionRow extends RecognitionMonth {
  unearnedCents: Cents;
}

function emptyMonth(month: string): RecognitionMonth {
  return { month, netCents: 0, taxCents: 0, earnedCents: 0, lapsedCents: 0 };
}

/** Recognition months added together, month by month, in month order. */
export function addRecognition(...lists: readonly (readonly RecognitionMonth[])[]): RecognitionMonth[] {
  const months = new Map<string, RecognitionMonth>();
  for (const r of lists.flat()) {
    const m = months.get(r.month) ?? emptyMonth(r.month);
    months.set(r.month, {
      month: r.month,
      netCents: m.netCents + r.netCents,
      taxCents: m.taxCents + r.taxCents,
      earnedCents: m.earnedCents + r.earnedCents,
      lapsedCents: m.lapsedCents + r.lapsedCents,
    });
  }
  return [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
}

/** The invoices' net and tax by the month they were made (void ones left out). */
function invoicedMonths(invoices: readonly Invoice[], sales: readonly Sale[]): RecognitionMonth[] {
  const saleOf = new Map(sales.map((s) => [s.id, s]));
  return invoices
    .filter((inv) => inv.status !== 'void')
    .map((inv) => {
      const t = invoiceTaxed(inv);
      const month = invoiceDate(inv, saleOf.get(inv.saleId)).slice(0, 7);
      return { ...emptyMonth(month), netCents: t.netCents, taxCents: t.taxCents };
    });
}

/** The events' earned and lapsed value by month. */
function eventMonths(events: readonly RecognitionEvent[]): RecognitionMonth[] {
  return events
    .filter((e) => e.kind !== 'invoiced')
    .map((e) => ({
      ...emptyMonth(e.date.slice(0, 7)),
      [e.kind === 'earned' ? 'earnedCents' : 'lapsedCents']: e.cents,
    }));
}

/**
 * The Revenue Recognition report: per month, the net invoiced, the value of the sessions used (earned)
 * and lapsed, and the unearned balance carried at the month's end (the months archived included).
 */
export function revenueRecognition(state: State, archived: readonly RecognitionMonth[] = []): RecognitionRow[] {
  const months = addRecognition(
    archived,
    invoicedMonths(state.invoices, state.sales),
    eventMonths(recognitionEvents(state)),
  );
  let unearned = 0;
  return months.map((m) => {
    unearned += m.netCents - m.earnedCents - m.lapsedCents;
    return { ...m, unearnedCents: unearned };
  });
}

/**
 * What an archive run moves, for the recognition: each new Carry row with the value of the lots it brings
 * forward, and the months of the moved history (the sessions recognised before each Carry row, and the
 * moved invoices).
 */
export function archiveRecognition(
  state: State,
  carries: readonly Adjustment[],
  movedInvoices: readonly Invoice[],
): { carries: Adjustment[]; months: RecognitionMonth[] } {
  const invoices = byKey(state.invoices);
  const ledgers = ledgersBySale(state.adjustments);
  const events: RecognitionEvent[] = [];
  const valued = carries.map((carry) => {
    const { events: before, holding } = replaySale(ledgers.get(carry.saleId) ?? [], invoices, carry.date);
    events.push(...before);
    const carriedValue = formatCarried(holding);
    return carriedValue ? { ...carry, carriedValue } : carry;
  });
  return {
    carries: valued,
    months: addRecognition(invoicedMonths(movedInvoices, state.sales), eventMonths(events)),
  };
}
