/**
 * The one shape of a write endpoint: parse the input as its declaration says (src/domain/inputs.ts), before
 * waiting for the lock; take the document lock, open the store, run the domain rule on today's records,
 * write its Changes through the one apply path (src/sheets/apply.ts) and answer with the rule's reply. An
 * endpoint is then its operation's name, its input and its rule.
 *
 * Its store's type says what it may read: `writeEndpoint`'s rule gets a FocusedStore (the rows it
 * focuses on, however large the studio), `wholeWriteEndpoint`'s a WholeStore (tabs read whole).
 */
import type { Declared, IsoDate, Result, Write } from '../domain';
import { apply, type Operation } from '../sheets/apply';
import { noteLastRows } from '../sheets/last-rows';
import { noteSchema } from '../sheets/schema';
import type { FocusedStore, Store, WholeStore } from '../sheets/store';
import { openCallStore, openDeskStore, systemTab } from './context';
import { withDocumentLock } from './lock';
import { endpoint, failure, type Reply } from './reply';

/** A write rule as an endpoint runs it: the store's records, the parsed input and today in, the Changes and a reply out. */
export type WriteRule<S extends Store, P, R> = (store: S, input: P, today: IsoDate) => Result<Write<R>>;

/**
 * An endpoint whose rule reads only the rows it focuses on (a client's, a sale's). Typed for its callers
 * as the declaration's input (`W`); at run time it takes whatever it is sent (google.script.run passes
 * anything) and parses it first: a bad input is refused before the lock is waited for, with nothing read.
 */
export function writeEndpoint<W, P, R extends object>(
  operation: Operation,
  input: Declared<W, P>,
  rule: WriteRule<FocusedStore, P, R>,
): (input: W) => Reply<R> {
  return endpointOn(openDeskStore, operation, input, rule);
}

/** An endpoint whose rule needs history tabs whole (a new client's id, a closure of every sale). */
export function wholeWriteEndpoint<W, P, R extends object>(
  operation: Operation,
  input: Declared<W, P>,
  rule: WriteRule<WholeStore, P, R>,
): (input: W) => Reply<R> {
  return endpointOn(openCallStore, operation, input, rule);
}

function endpointOn<S extends Store, W, P, R extends object>(
  open: () => S,
  operation: Operation,
  input: Declared<W, P>,
  rule: WriteRule<S, P, R>,
): (input: W) => Reply<R> {
  return (raw) =>
    endpoint(() => {
      const parsed = input.parse(raw);
      if (!parsed.ok) return failure(parsed.errors);
      return withDocumentLock(() => {
        const store = open();
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
