/**
 * Words an owner or a client reads, in the singular and the plural: the one wording helper. A plural is
 * always given whole ("invoices", "days"), never made by adding an "s".
 */

/** "1 invoice", "3 invoices": the count and the noun that agrees with it. */
export function counted(n: number, one: string, many: string): string {
  return `${n} ${Math.abs(n) === 1 ? one : many}`;
}

/** "4", "4 and 5", "4, 5 and 7": items as a list in a sentence. */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A noun in both numbers: "week" / "weeks", "3-week period" / "3-week periods". */
export interface Noun {
  one: string;
  many: string;
}

/** "1 week", "2 3-week periods": a count of a noun. */
export function countOf(n: number, noun: Noun): string {
  return counted(n, noun.one, noun.many);
}
