/**
 * The sessions ledger. A sale's balance is the sum of its adjustment rows; the running balance shown on
 * each row is replayed in ledger order: by date, then nightly rows (reset, expire, allocate, cap) before
 * people's rows (use, correct) of the same day, then row order.
 */
import type { IsoDate } from './dates';
import type { Adjustment, AdjustmentType } from './records';

const RANK: Record<AdjustmentType, number> = {
  reset: 0,
  allocate: 1,
  cap: 2,
  // After any allocation of that day: a period cancelled after it was allocated (its invoice voided)
  // expires with the rest.
  expire: 2.5,
  use: 3,
  correct: 3,
  pause: 3,
};

export const SYSTEM_TYPES: readonly AdjustmentType[] = ['reset', 'expire', 'allocate', 'cap'];

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
