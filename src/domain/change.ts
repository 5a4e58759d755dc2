/**
 * Change of package: from a chosen period on (its due date, not yet billed), a sale continues on another
 * package's terms. Nothing is prorated: the change falls on a period boundary. The terms it had before
 * stay on the sale (`earlier`), so that every earlier period is still billed and allocated as it was;
 * the change itself is one ledger row at its due date (the `change` row), which applies the stated rule
 * to an Add balance (carry all, none, or up to N); a Reset balance has just lapsed with its reset row.
 */
import { type PackageTerms, validatePackageTerms } from './package';
import type { Sale } from './records';
import type { Segment, Term } from './schedule';
import { asRecord } from './validate';

/** What an Add balance keeps at a change: all of it, none, or at most N sessions. */
export type CarryRule = 'all' | 'none' | number;

/** The terms a sale had until a change: periods before `untilPeriod` were on them. */
export interface EarlierTerms {
  untilPeriod: number;
  packageId: string;
  terms: PackageTerms;
  /** What the Add balance kept when these terms ended. */
  carry: CarryRule;
}

/** The terms in force for period k (0-based). */
export function termsAt(sale: Sale, k: number): PackageTerms {
  for (const e of sale.earlier ?? []) if (k < e.untilPeriod) return e.terms;
  return sale.terms;
}

/** The sale's schedule terms: period 0's, then one segment per change of package. */
export function scheduleOf(sale: Sale): Pick<Term, 'frequency' | 'recurWeeks' | 'changes'> {
  const earlier = sale.earlier ?? [];
  const first = earlier.length ? earlier[0].terms : sale.terms;
  const changes: Segment[] = earlier.map((e, i) => {
    const next = i + 1 < earlier.length ? earlier[i + 1].terms : sale.terms;
    return { fromPeriod: e.untilPeriod, frequency: next.frequency, recurWeeks: next.recurWeeks };
  });
  return { frequency: first.frequency, recurWeeks: first.recurWeeks, ...(changes.length ? { changes } : {}) };
}

/** The change that starts at period k, if one does: the terms it ends and its carry rule. */
export function changeAt(sale: Sale, k: number): EarlierTerms | undefined {
  return (sale.earlier ?? []).find((e) => e.untilPeriod === k);
}

/** The sessions a change removes from an Add balance `b` by its rule (none from a Reset balance). */
export function changeAmount(ended: EarlierTerms, balance: number): number {
  if (ended.terms.rollover === 'reset' || ended.carry === 'all') return 0;
  const keep = ended.carry === 'none' ? 0 : ended.carry;
  return -Math.max(balance - keep, 0);
}

/** "Changed from Fortnightly 6 to Monthly 8 from period 5: unused sessions carried over (up to 4)". */
export function changeNote(ended: EarlierTerms, now: PackageTerms, k: number): string {
  const rule =
    ended.terms.rollover === 'reset'
      ? 'unused sessions lapsed with the reset'
      : ended.carry === 'all'
        ? 'unused sessions carried over'
        : ended.carry === 'none'
          ? 'unused sessions lapsed'
          : `unused sessions carried over, up to ${ended.carry}`;
  return `Changed from ${ended.terms.name} to ${now.name} from period ${k + 1}: ${rule}`;
}

/** Reads the Package Changes cell's entries (JSON), or null when they are not valid terms. */
export function parseEarlier(value: unknown): EarlierTerms[] | null {
  if (!Array.isArray(value)) return null;
  const out: EarlierTerms[] = [];
  let last = 0;
  for (const e of value) {
    const entry = asRecord(e);
    const terms = validatePackageTerms(entry.terms);
    const until = entry.untilPeriod;
    const carry = entry.carry;
    const carryOk = carry === 'all' || carry === 'none' || (Number.isInteger(carry) && (carry as number) >= 0);
    if (
      !terms.ok ||
      !Number.isInteger(until) ||
      (until as number) <= last ||
      typeof entry.packageId !== 'string' ||
      !carryOk
    )
      return null;
    last = until as number;
    out.push({ untilPeriod: last, packageId: entry.packageId, terms: terms.value, carry: carry as CarryRule });
  }
  return out;
}

/** The first period of the sale's current terms (0 when it never changed package). */
export function lastChange(sale: Sale): number {
  const earlier = sale.earlier ?? [];
  return earlier.length ? earlier[earlier.length - 1].untilPeriod : 0;
}
