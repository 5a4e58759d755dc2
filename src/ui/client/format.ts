/** Formatting and parsing shared by the sidebars. */
export { longDate } from '../../domain/dates';
export { formatMoney, parseMoney } from '../../domain/money';

import { counted } from '../../domain/words';

/**
 * Today in the studio: the spreadsheet's date (its time zone), which the server writes on the page.
 * The browser's own date (another zone, a wrong clock) is only the fallback of a page served without it.
 */
export function todayIso(): string {
  const studio = document.body.dataset.today ?? '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(studio)) return studio;
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "1 session", "3 sessions", "-1 session". */
export function sessions(n: number): string {
  return counted(n, 'session', 'sessions');
}
