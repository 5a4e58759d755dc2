/**
 * The one shape of a write endpoint: parse the input as its declaration says (before waiting for the lock:
 * src/domain/inputs.ts), take the document
 * lock, open the store, run the domain rule on today's records, write its Changes through the one apply
 * path (src/sheets/apply.ts) and answer with the rule's reply. An endpoint is then its rule and its
 * operation's name.
 */
import type { Declared, IsoDate, Result, Write } from '../domain';
import { apply, type Operation } from '../sheets/apply';
import { noteLastRows } from '../sheets/last-rows';
import { noteSchema } from '../sheets/schema';
import type { Store } from '../sheets/store';
import { openDeskStore, systemTab } from './context';
import { withDocumentLock } from './lock';
import { endpoint, failure, type Reply } from './reply';

/** A write rule as an endpoint runs it: the store's records, the parsed input and today in, the Changes and a reply out. */
export type WriteRule<P, R> = (store: Store, input: P, today: IsoDate) => Result<Write<R>>;

/**
 * The endpoint: typed for its callers as the declaration's input (`W`); at run time it takes whatever it is
 * sent (google.script.run passes anything) and parses it first: a bad input is refused before the lock is
 * waited for, with nothing read.
 */
export function writeEndpoint<W, P, R extends object>(
  operation: Operation,
  input: Declared<W, P>,
  rule: WriteRule<P, R>,
): (input: W) => Reply<R> {
  return (raw) =>
    endpoint(() => {
      const parsed = input.parse(raw);
      if (!parsed.ok) return failure(parsed.errors);
      return withDocumentLock(() => {
        const store = openDeskStore();
        const today = store.codec.today();
        const result = rule(store, parsed.value, today);
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
