/** Money is integer cents in the domain; these convert at the edges (forms and sheet cells). */

export type Cents = number;

/** The largest amount we accept for one price or payment: $1,000,000.00. */
export const MAX_CENTS = 100_000_000;

export function isCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/**
 * Parses an amount typed by a person ("300", "300.5", "$1,250.00") into cents, or null when it is not a
 * plain amount with at most two decimals.
 */
export function parseMoney(text: string): Cents | null {
  const cleaned = text.trim().replace(/^\$/, '').replace(/,/g, '');
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) return null;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return null;
  return m[1] ? -cents : cents;
}

/**
 * A currency cell's number (dollars, as Sheets stores it) in cents, or null when it is not a whole number
 * of cents (binary floating point is allowed its usual tiny error).
 */
export function centsFromNumber(amount: number): Cents | null {
  if (!Number.isFinite(amount)) return null;
  const cents = Math.round(amount * 100);
  if (Math.abs(cents - amount * 100) > 1e-6 * Math.max(1, Math.abs(amount))) return null;
  return Number.isSafeInteger(cents) ? cents : null;
}

export function dollars(cents: Cents): number {
  return cents / 100;
}

export function formatMoney(cents: Cents, symbol = '$'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${symbol}${whole}.${String(abs % 100).padStart(2, '0')}`;
}
