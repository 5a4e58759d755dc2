/**
 * Late check-ins: a session recorded after the nightly rows of its day have run (the desk forgot
 * Tuesday's check-in, and Wednesday's Reset has counted the balance without it). The check-in is dated
 * on its real day, and its effect on each nightly row after it is stated by an appended row of the same
 * type, date and key plus `:late-<id>` ("the reset lost 1 session fewer"): the rows already written are
 * never changed, and the ledger adds up to what it would be had the check-in been recorded on time.
 */

import { nightlyRules } from './daily';
import { longDate } from './dates';
import { LATE, ledgerOrder } from './ledger';
import type { Adjustment, Sale } from './records';
import { counted } from './words';

const WHAT: Partial<Record<Adjustment['type'], string>> = {
  reset: 'the reset',
  cap: 'the rollover cap',
  expire: 'the expiry',
};

/**
 * The rows that restate the nightly rows after `used` (a check-in dated before them) in one sale's live
 * ledger `rows`: each nightly row's rule is replayed with and without the check-in, and any difference
 * is appended. Rows of the same date and type follow their original in ledger order.
 */
export function lateEffects(sale: Sale, rows: readonly Adjustment[], used: Adjustment, today: string): Adjustment[] {
  const rules = nightlyRules(sale, rows, today);
  const ordered = ledgerOrder([...rows, used]);
  const id = used.key.slice(`${sale.id}:use:`.length);
  const without: Adjustment[] = [];
  const withIt: Adjustment[] = [];
  const created: Adjustment[] = [];
  let seen = false;
  for (const row of ordered) {
    if (row === used) {
      seen = true;
      withIt.push(row);
      continue;
    }
    const rule = seen ? rules.get(row.key) : undefined;
    const delta = rule ? rule.amount(sum(withIt), withIt) - rule.amount(sum(without), without) : 0;
    without.push(row);
    withIt.push(row);
    if (delta !== 0) {
      const late = lateRow(row, `${row.key}${LATE}${id}`, delta, used);
      created.push(late);
      withIt.push(late);
    }
  }
  return created;
}

function sum(rows: readonly Adjustment[]): number {
  return rows.reduce((s, r) => s + r.sessions, 0);
}

function lateRow(original: Adjustment, key: string, sessions: number, used: Adjustment): Adjustment {
  const n = Math.abs(sessions);
  const what = WHAT[original.type] ?? 'this row';
  return {
    ...original,
    key,
    sessions,
    balance: 0,
    note: `Late check-in of ${longDate(used.date)}: ${what} lost ${counted(n, 'session', 'sessions')} ${sessions > 0 ? 'fewer' : 'more'}`,
  };
}
