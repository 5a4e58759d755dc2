/**
 * A sale's card, as the check-in sidebar and the phone desk draw it (one drawing for both): who or what it
 * is for, the sessions left, what comes next (upcoming.ts), who shares it, what is still owed, then the
 * page's own controls (the check-in button, the overdraw question).
 */
import type { SaleSummary } from '../../contract';
import { type Child, h, show } from './dom';
import { formatMoney, longDate, sessions, todayIso } from './format';
import { upcoming } from './upcoming';

/** "Sat 2 Jan" in the studio's current year, "Sat 2 Jan 2027" otherwise. */
export function shortDate(iso: string): string {
  const long = longDate(iso);
  return iso.slice(0, 4) === todayIso().slice(0, 4) ? long.replace(/ \d{4}$/, '') : long;
}

/** Shows `balance` in a card's balance line ("3 sessions left"), marked when none are left. */
export function showBalance(line: HTMLElement, balance: number): void {
  show(line, sessions(balance), ' left');
  line.className = balance <= 0 ? 'balance zero' : 'balance';
}

/** A shared sale's people and the sessions each used, the one looking marked: "Shared: Ava (here) 3 used, Sam 1 used". */
export function sharedLine(sale: SaleSummary, here: string): string {
  const who = (p: { id: string; name: string }) => (p.id === here ? `${p.name} (here)` : p.name);
  return `Shared: ${sale.usage.map((p) => `${who(p)} ${p.used} used`).join(', ')}`;
}

export interface SaleCardParts {
  /** The card's heading and what follows it (the check-in's name and sale line; the desk's package). */
  title: Child[];
  /** The client the card is shown for (a shared sale's line marks them "here"). */
  for: string;
  /** The page's own controls, below the sale's facts. */
  controls: Child[];
}

/**
 * Draws `sale`'s card as a `tag` element (a form on the check-in sidebar, a section on the desk) with
 * `attrs`; `balance` is its balance line, for a page that updates it after a check-in (showBalance).
 */
export function saleCard<K extends 'form' | 'section'>(
  tag: K,
  attrs: Parameters<typeof h>[1],
  sale: SaleSummary,
  parts: SaleCardParts,
): { card: HTMLElementTagNameMap[K]; balance: HTMLElement } {
  const balance = h('div');
  showBalance(balance, sale.balance);
  const card = h(
    tag,
    { class: 'card', ...attrs },
    ...parts.title,
    balance,
    ...upcoming(sale, shortDate).map((line) => h('div', { class: 'meta next' }, line)),
    sale.sharedWith.length ? h('div', { class: 'meta shared' }, sharedLine(sale, parts.for)) : null,
    sale.outstandingCents > 0 ? h('div', { class: 'meta owed' }, `Owes ${formatMoney(sale.outstandingCents)}`) : null,
    ...parts.controls,
  );
  return { card, balance };
}
