/** Words in the singular or the plural, as the count asks: both forms are given, never made by adding "s". */

/** "1 session", "2 sessions", "1 invoice", "3 invoices": the count, then the word that agrees with it. */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
