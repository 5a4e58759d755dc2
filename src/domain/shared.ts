/**
 * Shared packages: a sale may name other clients (a family, a couple) who check in against its balance.
 * The sale's own client pays and owns it; each check-in row names who attended, so that the history and
 * the usage per person are read from the ledger.
 */
import type { IsoDate } from './dates';
import type { ShareInput } from './inputs';
import type { Adjustment, Client, Sale, State } from './records';
import { type FieldError, fail, ok, type Result } from './result';
import { shownId } from './validate';

/** A client named on a sale or a row: id and name (as the Clients tab had it when it was written). */
export interface Person {
  id: string;
  name: string;
}

/** The most people a sale is shared with (besides its own client). */
export const MAX_SHARED = 8;

/** "Sam Lee (C-2); Jo Lee (C-3)": the Shared With and Attended By cells. */
export function formatPeople(people: readonly Person[]): string {
  return people.map((p) => `${p.name} (${p.id})`).join('; ');
}

const PERSON = /\s*(.+?)\s*\(([^()]+)\)\s*(?:;|$)/sy;

/** The people a cell names, or null when it is not like "Sam Lee (C-2); Jo Lee (C-3)". */
export function parsePeople(text: string): Person[] | null {
  const people: Person[] = [];
  const trimmed = text.trim();
  PERSON.lastIndex = 0;
  while (PERSON.lastIndex < trimmed.length) {
    const m = PERSON.exec(trimmed);
    if (!m) return null;
    people.push({ id: m[2].trim(), name: m[1] });
  }
  return people;
}

/** Everyone who may check in against a sale: its own client first, then those it is shared with. */
export function peopleOf(sale: Sale): Person[] {
  return [{ id: sale.clientId, name: sale.clientName }, ...(sale.sharedWith ?? [])];
}

/** Whether a sale is the client's own or shared with them. */
export function saleIsFor(sale: Sale, clientId: string): boolean {
  return sale.clientId === clientId || (sale.sharedWith ?? []).some((p) => p.id === clientId);
}

/**
 * Who attends a check-in on `sale`: `clientId` absent, or the sale's own client → null (the row's Client
 * says who); one of those it is shared with → that person; anyone else is an error.
 */
export function attendee(sale: Sale, clientId: string | undefined, errors: FieldError[]): Person | null {
  if (clientId === undefined || clientId === sale.clientId) return null;
  const found = (sale.sharedWith ?? []).find((p) => p.id === clientId);
  if (!found) {
    errors.push({ field: 'clientId', message: `Sale ${sale.id} is not shared with client ${shownId(clientId)}.` });
    return null;
  }
  return found;
}

/**
 * Shares a sale: `{ saleId, clientIds }` names everyone besides its own client who may check in against
 * it (an empty list: it is no longer shared). Clients must exist; the sale's own client is not repeated.
 */
export function shareSale(state: State, clients: readonly Client[], raw: ShareInput, _today: IsoDate): Result<Sale> {
  const errors: FieldError[] = [];
  const sale = state.sales.find((s) => s.id === raw.saleId);
  if (!sale) return fail([{ field: 'saleId', message: `No sale with id ${shownId(raw.saleId)}.` }]);
  const people: Person[] = [];
  for (const id of new Set(raw.clientIds)) {
    const client = clients.find((c) => c.id === id);
    if (!client) errors.push({ field: 'clientIds', message: `No client with id ${shownId(id)}.` });
    else if (id === sale.clientId)
      errors.push({ field: 'clientIds', message: `${client.name} owns sale ${sale.id}: share it with others.` });
    else people.push({ id: client.id, name: client.name });
  }
  if (errors.length) return fail(errors);
  return ok({ ...sale, sharedWith: people });
}

export interface PersonUsage extends Person {
  used: number;
}

/** Sessions each person used on a sale (check-ins less undone ones), its own client first. */
export function usageByPerson(sale: Sale, rows: readonly Adjustment[]): PersonUsage[] {
  const usage = new Map<string, PersonUsage>(peopleOf(sale).map((p) => [p.id, { ...p, used: 0 }]));
  const byKey = new Map(rows.map((r) => [r.key, r]));
  for (const r of rows) {
    // An undo names the check-in it gives back (sessions.undoKey): it counts against that check-in's person.
    const undone = r.type === 'correct' ? /:correct:undo-(.+)$/.exec(r.key) : null;
    const row = r.type === 'use' ? r : undone ? byKey.get(`${sale.id}:use:${undone[1]}`) : undefined;
    if (!row) continue;
    const who = row.attendee ?? { id: sale.clientId, name: sale.clientName };
    const entry = usage.get(who.id) ?? { ...who, used: 0 };
    entry.used += r.type === 'use' ? 1 : -r.sessions;
    usage.set(who.id, entry);
  }
  return [...usage.values()];
}
