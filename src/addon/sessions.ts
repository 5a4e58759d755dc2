/** Endpoints for check-ins, corrections and the adjustments history. */
import {
  type Adjustment,
  CHECK_IN,
  CORRECT_SESSIONS,
  checkIn as checkInRule,
  correctSessions as correctRule,
  type Declared,
  GET_ADJUSTMENTS,
  invoicingBySale,
  type LedgerFilters,
  type LedgerWrite,
  ledgerOrder,
  ledgersBySale,
  mapOk,
  type Result,
  type SaleSummary,
  type State,
  saleIsFor,
  saleSummary,
  UNDO_CHECK_IN,
  undoCheckIn as undoRule,
} from '../domain';
import { focusSales } from '../sheets/focus';
import { readFilters, storeFor } from './filters';
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

export type { SaleSummary };

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
    const store = storeFor(parsed.value, ['adjustments', 'invoices']);
    const today = store.codec.today();
    const { filters, errors } = readFilters(store, parsed.value);
    if (errors.length) return failure(errors);
    const state = store.state();
    const chosen = state.sales.filter(
      (s) =>
        (filters.saleId === undefined || s.id === filters.saleId) &&
        (filters.clientId === undefined || saleIsFor(s, filters.clientId)),
    );
    const ledgers = ledgersBySale(state.adjustments);
    const invoicing = invoicingBySale(state.invoices);
    const adjustments: LedgerRow[] = [];
    const rowOf = store.adjustments().rowOf;
    const sales = chosen.map((sale) => {
      const rows = ledgerOrder(ledgers.get(sale.id) ?? []);
      let balance = 0;
      for (const row of rows) {
        balance += row.sessions;
        adjustments.push({ ...row, balance, sheetRow: rowOf.get(row.key) });
      }
      return saleSummary(sale, rows, invoicing.get(sale.id), today);
    });
    const [problems, unreadable] = [problemLines(store.problems), store.unreadableRows()];
    return { ok: true, sales, adjustments, problems, unreadable, today };
  });
}
