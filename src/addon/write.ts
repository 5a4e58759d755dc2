/**
 * The one shape of a write endpoint: check the input (before waiting for the lock), take the document
 * lock, open the store, run the domain rule on today's records, write its Changes through the one apply
 * path (src/sheets/apply.ts) and answer with the rule's reply. An endpoint is then its rule and its
 * operation's name.
 */
import type { FieldError, IsoDate, Result, Write } from '../domain';
import { apply, type Operation } from '../sheets/apply';
import { noteLastRows } from '../sheets/last-rows';
import { noteSchema } from '../sheets/schema';
import type { Store } from '../sheets/store';
import { openDeskStore, systemTab } from './context';
import { withDocumentLock } from './lock';
import { endpoint, failure, type Reply } from './reply';

/** A write rule as an endpoint runs it: the store's records and today in, the Changes and a reply out. */
export type WriteRule<R> = (store: Store, input: unknown, today: IsoDate) => Result<Write<R>>;

/** What a precheck finds wrong with the input alone (nothing read yet, no lock taken). */
export type Precheck = (input: unknown) => readonly FieldError[];

export function writeEndpoint<R extends object>(
  operation: Operation,
  rule: WriteRule<R>,
  precheck?: Precheck,
): (input: unknown) => Reply<R> {
  return (input) =>
    endpoint(() => {
      const errors = precheck?.(input) ?? [];
      if (errors.length) return failure([...errors]);
      return withDocumentLock(() => {
        const store = openDeskStore();
        const today = store.codec.today();
        const result = rule(store, input, today);
        // A row of this client or sale that can't be read: never answered as if it were not there.
        const unreadable = store.unreadableRows();
        if (unreadable.length) return failure(unreadable.map((message) => ({ field: '', message })));
        if (!result.ok) return failure(result.errors);
        apply(store, operation, result.value.changes, today);
        // What the rule noted in the system tab (the ids it issued) and the tabs' last rows, after the records.
        noteLastRows(systemTab(), store.lastRows());
        noteSchema(systemTab(), store.seenSchema());
        systemTab().flush();
        return { ok: true as const, ...result.value.reply };
      });
    });
}
