/**
 * What the front desk finds and lists, for the server and the page alike. "A name containing what was
 * typed" is one pattern: the server's search (TextFinder, RE2) and the page narrowing a search it already
 * holds (a JavaScript RegExp) use it, so the page never shows a client the server would not have found,
 * nor hides one. Which of a client's sales the desk and the check-in list show is one rule too.
 */
import type { SaleSummary } from './summary';

/** Clients a search shows at most (type more of the name for the rest). */
export const MAX_FOUND = 20;
/** Check-ins a client's page lists for undoing, newest first. */
export const RECENT_CHECK_INS = 5;

/** Accented forms each letter also matches: "chloe" finds "Chloé". */
const ACCENTS: Record<string, string> = {
  a: 'àáâãäå',
  c: 'ç',
  e: 'èéêë',
  i: 'ìíîï',
  n: 'ñ',
  o: 'òóôõöø',
  u: 'ùúûü',
  y: 'ýÿ',
};

/**
 * A pattern (RE2 and JavaScript alike) for a cell that contains `query`, ignoring case and accents. Each
 * letter becomes a class of its cases and accented forms; anything else is matched as is.
 */
export function containsPattern(query: string): string {
  return `.*${tokens(query).join('')}.*`;
}

/** The pattern of each character typed (accents dropped from the query first). */
function tokens(query: string): string[] {
  return [...query.normalize('NFD').replace(/[\u0300-\u036f]/g, '')].map((ch) => {
    const lower = ch.toLowerCase();
    if (!/[a-z]/.test(lower)) return ch.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
    const forms = lower + (ACCENTS[lower] ?? '');
    return `[${forms}${forms.toUpperCase()}]`;
  });
}

/** Whether `name` contains `query` as the server's search matches it (the whole cell, as TextFinder). */
export function nameContains(name: string, query: string): boolean {
  return new RegExp(`^(?:${containsPattern(query)})$`, 's').test(name);
}

/**
 * Whether every name a search for `query` finds is among those a search for `held` finds: when the
 * characters' patterns of `held` run, in order, inside those of `query` ("chl" in "Chloé M").
 */
export function narrows(query: string, held: string): boolean {
  const [q, h] = [tokens(query), tokens(held)];
  for (let at = 0; at + h.length <= q.length; at++) if (h.every((t, i) => q[at + i] === t)) return true;
  return false;
}

/**
 * A sale still in use: active, or finished and still holding sessions (an Add sale's). The check-in list,
 * the desk and a statement show these; the rest are history.
 */
export function stillInUse(sale: Pick<SaleSummary, 'status' | 'balance'>): boolean {
  return sale.status === 'active' || sale.balance > 0;
}
