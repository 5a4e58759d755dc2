/**
 * The sessions ledger. A sale's balance is the sum of its adjustment rows; the running balance shown on
 * each row is replayed in ledger order: by date, then nightly rows (reset, expire, allocate, cap) before
 * people's rows (use, correct) of the same day, then row order.
 *
 * A Carry row (written when older rows are archived, see archive.ts) starts the ledger over: it holds the
 * balance of every row dated before it, and the rows before it no longer count (they are in the archive,
 * or about to be removed from the live tab).
 */
import type { IsoDate } from './dates';
import type { Adjustment, AdjustmentType } from './records';

const RANK: Record<AdjustmentType, number> = {
  carry: -1,
  reset: 0,
  // A change of package: after the reset of the old terms, before the first allocation of the new.
  change: 0.5,
  allocate: 1,
  cap: 2,
  // After any allocation of that day: a period cancelled after it was allocated (its invoice voided)
  // expires with the rest.
  expire: 2.5,
  use: 3,
  correct: 3,
  pause: 3,
};

export const SYSTEM_TYPES: readonly AdjustmentType[] = ['carry', 'reset', 'change', 'expire', 'allocate', 'cap'];

export function isSystemType(type: AdjustmentType): boolean {
  return RANK[type] < 3;
}

/** Sorts rows of one sale into ledger order (stable: equal rows keep their given order). */
export function ledgerOrder<T extends Pick<Adjustment, 'date' | 'type'>>(rows: readonly T[]): T[] {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) =>
      a.row.date !== b.row.date ? (a.row.date < b.row.date ? -1 : 1) : RANK[a.row.type] - RANK[b.row.type] || a.i - b.i,
    )
    .map((x) => x.row);
}

export function balanceOf(rows: readonly Pick<Adjustment, 'sessions'>[]): number {
  return rows.reduce((sum, r) => sum + r.sessions, 0);
}

/** The latest date of a nightly row: people's rows may not be dated before it (that period is closed). */
export function closedUntil(rows: readonly Adjustment[]): IsoDate | null {
  let latest: IsoDate | null = null;
  for (const r of rows) if (isSystemType(r.type) && (latest === null || r.date > latest)) latest = r.date;
  return latest;
}

export interface BalanceUpdate {
  key: string;
  balance: number;
}

/** Replays the running balance of one sale's rows; returns rows whose stored balance is stale. */
export function staleBalances(rows: readonly Adjustment[]): BalanceUpdate[] {
  const updates: BalanceUpdate[] = [];
  let balance = 0;
  for (const row of ledgerOrder(rows)) {
    balance += row.sessions;
    if (row.balance !== balance) updates.push({ key: row.key, balance });
  }
  return updates;
}

/** Groups rows by sale id, keeping row order. */
export function bySale<T extends { saleId: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.saleId);
    if (list) list.push(row);
    else map.set(row.saleId, [row]);
  }
  return map;
}

/** The date of the latest Carry row: the sale's rows before it are archived. */
export function carryDate(rows: readonly Pick<Adjustment, 'date' | 'type'>[]): IsoDate | null {
  let latest: IsoDate | null = null;
  for (const r of rows) if (r.type === 'carry' && (latest === null || r.date > latest)) latest = r.date;
  return latest;
}

/** One sale's rows that count: from its latest Carry row on (all of them when it has none). */
export function liveLedger<T extends Pick<Adjustment, 'date' | 'type'>>(rows: readonly T[]): T[] {
  const from = carryDate(rows);
  if (from === null) return [...rows];
  let carried = false;
  return rows.filter((r) => {
    if (r.date < from) return false;
    if (r.type !== 'carry') return true;
    // One Carry row per date (its key holds the date); a repeat is ignored.
    if (r.date > from || carried) return false;
    carried = true;
    return true;
  });
}

/** Each sale's live ledger (liveLedger), by sale id, in row order. */
export function ledgersBySale(rows: readonly Adjustment[]): Map<string, Adjustment[]> {
  const map = bySale(rows);
  for (const [id, list] of map) map.set(id, liveLedger(list));
  return map;
}

/** The separator between a nightly row's key and a late check-in's correction of it. */
export const LATE = ':late-';

/** The key of the nightly row a late correction restates (the key itself for any other row). */
export function lateOriginal(key: string): string {
  const i = key.indexOf(LATE);
  return i < 0 ? key : key.slice(0, i);
}

/** Rows with each late correction folded into the nightly row it restates (as if it had been right). */
export function foldLate(rows: readonly Adjustment[]): Adjustment[] {
  const originals = new Map<string, Adjustment>();
  const out: Adjustment[] = [];
  for (const row of rows) {
    const of = lateOriginal(row.key);
    const original = of === row.key ? undefined : originals.get(of);
    if (original) {
      original.sessions += row.sessions;
      continue;
    }
    const copy = { ...row };
    originals.set(row.key, copy);
    out.push(copy);
  }
  return out;
}
