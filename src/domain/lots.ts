/**
 * Which period's sessions a balance holds, for packages whose rolled-over sessions expire: sessions are
 * used oldest first, so a balance is a queue of lots, one per period that still has sessions in it.
 *
 * Replayed from one sale's live ledger in ledger order:
 * - an Allocate row of period k adds a lot of period k (its key ends in k);
 * - a Carry row adds the lots its key lists (`<sale>:carry:<date>:p3=2,p4=6`, written by the archive for
 *   these packages), or, listing none, one lot of the current period;
 * - any other row that adds sessions (a correction, an undone check-in) adds a lot of the current period
 *   (the period of the latest allocation before it);
 * - a row that takes sessions (a check-in, a lapse, a cap, a correction) takes them from the oldest lot
 *   first; taken past the last lot, the balance owes them (`debt`) and the next sessions added pay it off.
 */
import { foldLate } from './ledger';
import type { Adjustment } from './records';

export interface Lot {
  period: number;
  sessions: number;
}

export interface Lots {
  lots: Lot[];
  /** Sessions taken beyond the balance (an overdraw), paid off first by the next sessions added. */
  debt: number;
}

const CARRIED_LOT = /^p(\d+)=(\d+)$/;

/** The period an Allocate row's key names (`<sale>:allocate:<k>`), or null for another key. */
export function allocatedPeriod(row: Pick<Adjustment, 'key' | 'type'>): number | null {
  if (row.type !== 'allocate') return null;
  const k = Number(row.key.slice(row.key.lastIndexOf(':') + 1));
  return Number.isInteger(k) && k >= 0 ? k : null;
}

/** The lots a Carry row's key lists (`…:p3=2,p4=6`), or null when it lists none (or they don't add up). */
export function carriedLots(row: Pick<Adjustment, 'key' | 'sessions'>): Lot[] | null {
  const parts = row.key.split(':');
  if (parts.length < 4) return null;
  const lots: Lot[] = [];
  for (const part of parts[parts.length - 1].split(',')) {
    const m = CARRIED_LOT.exec(part);
    if (!m) return null;
    lots.push({ period: Number(m[1]), sessions: Number(m[2]) });
  }
  return lots.reduce((sum, l) => sum + l.sessions, 0) === row.sessions ? lots : null;
}

/** The key suffix that lists lots for a Carry row (`p3=2,p4=6`), or '' when there are none. */
export function lotsSuffix(lots: readonly Lot[]): string {
  return lots.map((l) => `p${l.period}=${l.sessions}`).join(',');
}

function add(state: Lots, period: number, sessions: number): void {
  const paid = Math.min(state.debt, sessions);
  state.debt -= paid;
  const left = sessions - paid;
  if (left === 0) return;
  // Kept oldest first (a carried or corrected lot may be of a period before the newest).
  let i = state.lots.length;
  while (i > 0 && state.lots[i - 1].period > period) i--;
  const before = state.lots[i - 1];
  if (before && before.period === period) before.sessions += left;
  else state.lots.splice(i, 0, { period, sessions: left });
}

function take(state: Lots, sessions: number): void {
  let left = sessions;
  while (left > 0 && state.lots.length) {
    const oldest = state.lots[0];
    const taken = Math.min(oldest.sessions, left);
    oldest.sessions -= taken;
    left -= taken;
    if (oldest.sessions === 0) state.lots.shift();
  }
  state.debt += left;
}

/** The lots left after `rows` (one sale's live ledger, in ledger order). */
export function lotsAfter(rows: readonly Adjustment[]): Lots {
  const state: Lots = { lots: [], debt: 0 };
  let current = 0;
  // A late check-in's restatement of a lapse counts as part of it (late.ts).
  for (const row of foldLate(rows)) {
    const k = allocatedPeriod(row);
    if (k !== null) current = Math.max(current, k);
    if (row.sessions < 0) {
      take(state, -row.sessions);
      continue;
    }
    const carried = row.type === 'carry' ? carriedLots(row) : null;
    if (carried) for (const lot of carried) add(state, lot.period, lot.sessions);
    else if (row.sessions > 0) add(state, k ?? current, row.sessions);
  }
  return state;
}

/** Sessions of period `period` or earlier still unused after `rows`: what lapses when they age out. */
export function unusedThrough(rows: readonly Adjustment[], period: number): number {
  return lotsAfter(rows)
    .lots.filter((l) => l.period <= period)
    .reduce((sum, l) => sum + l.sessions, 0);
}
