/** Endpoints for check-ins, corrections and the adjustments history. */
import {
  type Adjustment,
  balanceOf,
  CHECK_IN,
  CORRECT_SESSIONS,
  checkIn as checkInRule,
  correctSessions as correctRule,
  type Declared,
  dueDate,
  GET_ADJUSTMENTS,
  type LedgerFilters,
  type LedgerWrite,
  ledgerOrder,
  ledgersBySale,
  mapOk,
  outstanding,
  type Person,
  type PersonUsage,
  pauseEnd,
  periodInTerm,
  plusDays,
  type Result,
  type Sale,
  type SaleStatus,
  type State,
  saleIsFor,
  saleStatus,
  saleTerm,
  UNDO_CHECK_IN,
  undoCheckIn as undoRule,
  unusedLapse,
  usageByPerson,
} from '../domain';
import { focusRequest, focusSales } from '../sheets/focus';
import { openDeskStore } from './context';
import { readFilters } from './filters';
import { endpoint, failure, problemLines, type Reply } from './reply';
import { writeEndpoint } from './write';

type LedgerRule<I> = (state: State, input: I, today: string) => Result<LedgerWrite>;

/**
 * A ledger row written by a person: the row and the balances after it, in one Adjustments write. Reads
 * only the sale's own rows (its Sales row and its ledger), however long the history.
 */
function ledgerEndpoint<I extends { saleId: string }>(declared: Declared<I>, rule: LedgerRule<I>) {
  return writeEndpoint('ledger', declared, (store, input, today) => {
    focusSales(store, [input.saleId], ['adjustments']);
    return mapOk(rule(store.state(), input, today), ({ changes, adjustment, balance, duplicate, usedThatDay }) => ({
      changes,
      // A late check-in's effect on the nightly rows since, in words ("the reset lost 1 session fewer").
      reply: {
        adjustment,
        balance,
        duplicate,
        usedThatDay,
        restated: (changes.newAdjustments ?? []).slice(1).map((a) => a.note),
      },
    }));
  });
}

/** Checks in one session: `{ saleId, date?, overdraw?, requestId? }`. */
export const checkIn = ledgerEndpoint(CHECK_IN, checkInRule);

/** A manual ± correction with a reason: `{ saleId, date?, sessions, reason, requestId? }`. */
export const correctSessions = ledgerEndpoint(CORRECT_SESSIONS, correctRule);

/** Undoes a check-in (a +1 correction, once per check-in): `{ saleId, checkInKey, reason }`. */
export const undoCheckIn = ledgerEndpoint(UNDO_CHECK_IN, undoRule);

export interface SaleSummary {
  id: string;
  clientId: string;
  clientName: string;
  packageName: string;
  startDate: string;
  endDate: string | null;
  status: SaleStatus;
  balance: number;
  /** When the next period's sessions come (its invoice's due date), how many, and what happens to unused ones. */
  nextDueDate: string | null;
  sessionsPerPeriod: number;
  rollover: Sale['terms']['rollover'];
  /** What the client still owes on this sale's invoices, in cents. */
  outstandingCents: number;
  /** Others who check in against it (a shared sale), and the sessions each person has used. */
  sharedWith: Person[];
  usage: PersonUsage[];
  /** When its unused sessions next lapse (null: never). */
  lapsesOn: string | null;
  /** The pause under way or to come (its first and last days), or null. */
  pause: { from: string; to: string } | null;
}

/** The first pause not over by `today`: its first and last days. */
function pauseAhead(sale: Sale, today: string): SaleSummary['pause'] {
  const p = (sale.pauses ?? []).find((x) => plusDays(pauseEnd(x), -1) >= today);
  return p ? { from: p.from, to: plusDays(pauseEnd(p), -1) } : null;
}

function summary(
  sale: Sale,
  rows: readonly Adjustment[],
  invoicedPeriods: number,
  owed: number,
  today: string,
): SaleSummary {
  const next = periodInTerm(saleTerm(sale), invoicedPeriods) ? dueDate(sale, invoicedPeriods) : null;
  return {
    id: sale.id,
    clientId: sale.clientId,
    clientName: sale.clientName,
    packageName: sale.terms.name,
    startDate: sale.startDate,
    endDate: sale.endDate,
    status: saleStatus(sale, today),
    balance: balanceOf(rows),
    nextDueDate: next,
    sessionsPerPeriod: sale.terms.sessionsPerPeriod,
    rollover: sale.terms.rollover,
    outstandingCents: owed,
    sharedWith: sale.sharedWith ?? [],
    usage: sale.sharedWith?.length ? usageByPerson(sale, rows) : [],
    lapsesOn: unusedLapse(sale, rows, today),
    pause: pauseAhead(sale, today),
  };
}

/** A ledger row as the history shows it, with the sheet row it was read from (later rows were added later). */
export type LedgerRow = Adjustment & { sheetRow?: number };

/** A client's sales and ledger rows; `unreadable`: their rows that can't be read, in an owner's words. */
export interface ClientLedger {
  sales: SaleSummary[];
  adjustments: LedgerRow[];
  problems: string[];
  unreadable: string[];
  today: string;
}

/**
 * A client's or a sale's sales (with balances) and ledger rows in ledger order, each with its running
 * balance: `{ saleId? , clientId? }` (neither: every sale).
 */
export function getAdjustments(input: LedgerFilters): Reply<ClientLedger> {
  return endpoint(() => {
    const parsed = GET_ADJUSTMENTS.parse(input);
    if (!parsed.ok) return failure(parsed.errors);
    const store = openDeskStore();
    const today = store.codec.today();
    focusRequest(store, parsed.value, ['adjustments', 'invoices']);
    const { filters, errors } = readFilters(store, parsed.value);
    if (errors.length) return failure(errors);
    const state = store.state();
    const chosen = state.sales.filter(
      (s) =>
        (filters.saleId === undefined || s.id === filters.saleId) &&
        (filters.clientId === undefined || saleIsFor(s, filters.clientId)),
    );
    const ledgers = ledgersBySale(state.adjustments);
    const invoiced = new Map<string, number>();
    const owed = new Map<string, number>();
    for (const inv of state.invoices) {
      invoiced.set(inv.saleId, Math.max(invoiced.get(inv.saleId) ?? 0, inv.period + 1));
      owed.set(inv.saleId, (owed.get(inv.saleId) ?? 0) + outstanding(inv));
    }
    const adjustments: LedgerRow[] = [];
    const rowOf = store.adjustments().rowOf;
    const sales = chosen.map((sale) => {
      const rows = ledgerOrder(ledgers.get(sale.id) ?? []);
      let balance = 0;
      for (const row of rows) {
        balance += row.sessions;
        adjustments.push({ ...row, balance, sheetRow: rowOf.get(row.key) });
      }
      return summary(sale, rows, invoiced.get(sale.id) ?? 0, owed.get(sale.id) ?? 0, today);
    });
    const [problems, unreadable] = [problemLines(store.problems), store.unreadableRows()];
    return { ok: true, sales, adjustments, problems, unreadable, today };
  });
}
