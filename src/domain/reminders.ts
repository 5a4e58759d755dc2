/**
 * Overdue reminders a client can make sense of: only for invoices the client was emailed, and at most one
 * message per client per run, listing every invoice it reminds them of.
 *
 * Keys (the Email Log, docs/exactly-once.md "Client email"):
 * - the message: `reminder:<client id>:<date planned>`, one a day at most, so a rerun can't send another;
 * - each invoice it lists: `reminder:<invoice key>:<n>` (its n-th reminder), status `listed in <message
 *   key>`, written in the same write as the message's row. The invoice has had reminder n once that
 *   message has gone (sent, sending, failed or skipped); while it waits (quota) or is marked resend, the
 *   invoice is still that message's, which goes again under its own key.
 *
 * Rows `reminder:<invoice key>:<n>` with a status of their own are reminders of one invoice each, from
 * before messages were combined: they count as they always did.
 */

import { daysBetween, type IsoDate, longDate, maxDate } from './dates';
import { type EmailInput, type EmailLogStatus, mayRetry, type SkippedStatus } from './email';
import { isOverdue, outstanding } from './invoicing';
import { formatMoney } from './money';
import type { Invoice, Sale } from './records';
import { counted, listed } from './words';

/** An invoice row of a reminder message: the Email Log row recording which reminder of it this is. */
export interface ReminderItem {
  key: string;
  /** "Invoice 4: reminder 1", the row's Subject. */
  note: string;
}

/** One client's reminder today: its key, the invoices it lists, and the template's values. */
export interface ReminderPlan {
  key: string;
  clientId: string;
  items: ReminderItem[];
  values: Record<string, string>;
  /** A waiting message whose invoices have all been paid since: logged as not needed, never sent. */
  skipped?: SkippedStatus;
}

/** The status of an invoice row of a reminder: `listed in reminder:C-1:2026-03-16`. */
export function listedIn(messageKey: string): EmailLogStatus {
  return `listed in ${messageKey}`;
}

const LISTED_IN = /^listed in (\S+)$/i;
const MESSAGE_KEY = /^reminder:(.+):(\d{4}-\d{2}-\d{2})$/;
type Log = EmailInput['log'];

interface Listed {
  invoice: Invoice;
  sale: Sale;
  n: number;
  key: string;
}

/** The next reminder an invoice may have: its number, its row's key, and the waiting message it is in. */
function nextReminder(log: Log, inv: Invoice, max: number): { n: number; key: string; waitsIn?: string } | null {
  for (let n = 1; n <= max; n++) {
    const key = `reminder:${inv.key}:${n}`;
    const row = log.get(key);
    if (!row || mayRetry(row.status)) return { n, key };
    const message = LISTED_IN.exec(row.status.trim())?.[1];
    if (message === undefined) continue; // a reminder of its own (before messages were combined)
    const status = log.get(message)?.status;
    if (status === undefined) return { n, key }; // its message was never written: not had
    if (mayRetry(status)) return { n, key, waitsIn: message };
  }
  return null;
}

/** Overdue, and emailed to the client (status sent) more than the grace days ago. */
function remindable(input: EmailInput, inv: Invoice): boolean {
  const { graceDays } = input.settings;
  const emailed = input.log.get(`invoice:${inv.key}`);
  return (
    isOverdue(inv, input.today, graceDays) &&
    emailed !== undefined &&
    /^sent$/i.test(emailed.status.trim()) &&
    daysBetween(emailed.date, input.today) > graceDays
  );
}

/** Each client's last reminder (the day a message went) and their messages waiting to go, oldest first. */
function remindersSoFar(input: EmailInput, clientOf: ReadonlyMap<string, string>) {
  const out = new Map<string, { last?: IsoDate; waiting: string[] }>();
  for (const [key, row] of input.log) {
    if (!key.startsWith('reminder:') || LISTED_IN.test(row.status.trim())) continue;
    const message = MESSAGE_KEY.exec(key);
    const client = message ? message[1] : clientOf.get(key.slice('reminder:'.length, key.lastIndexOf(':')));
    if (client === undefined) continue;
    const seen = out.get(client) ?? { waiting: [] };
    out.set(client, seen);
    if (!mayRetry(row.status)) seen.last = seen.last ? maxDate(seen.last, row.date) : row.date;
    else if (message) seen.waiting.push(key);
  }
  for (const seen of out.values()) seen.waiting.sort();
  return out;
}

/**
 * Today's reminder messages, one per client at most: a message of theirs that waits (quota) or was marked
 * resend goes again, with any invoice newly due for a reminder; otherwise a new one, keyed by today, once
 * the reminder spacing has passed since their last. Each lists every invoice emailed to them, overdue, and
 * with reminders left.
 */
export function reminderPlans(input: EmailInput, sales: ReadonlyMap<string, Sale>): ReminderPlan[] {
  const { maxReminders, reminderSpacing } = input.settings;
  if (maxReminders <= 0) return [];
  const clientOf = new Map<string, string>();
  const due = new Map<string, Invoice[]>();
  for (const inv of input.state.invoices) {
    const sale = sales.get(inv.saleId);
    if (!sale) continue;
    clientOf.set(inv.key, sale.clientId);
    if (!remindable(input, inv)) continue;
    const list = due.get(sale.clientId);
    if (list) list.push(inv);
    else due.set(sale.clientId, [inv]);
  }
  const soFar = remindersSoFar(input, clientOf);
  const plans: ReminderPlan[] = [];
  for (const clientId of new Set([...due.keys(), ...[...soFar].filter(([, s]) => s.waiting.length).map(([c]) => c)])) {
    const seen = soFar.get(clientId);
    const waiting = seen?.waiting[0];
    const key = waiting ?? `reminder:${clientId}:${input.today}`;
    if (!waiting && (input.log.has(key) || (seen?.last && daysBetween(seen.last, input.today) < reminderSpacing)))
      continue;
    const chosen: Listed[] = [];
    for (const invoice of due.get(clientId) ?? []) {
      const next = nextReminder(input.log, invoice, maxReminders);
      if (next && (next.waitsIn === undefined || next.waitsIn === key))
        chosen.push({ invoice, sale: sales.get(invoice.saleId) as Sale, n: next.n, key: next.key });
    }
    if (chosen.length || waiting) plans.push(planOf(input, clientId, key, chosen));
  }
  return plans;
}

function planOf(input: EmailInput, clientId: string, key: string, chosen: Listed[]): ReminderPlan {
  chosen.sort((a, b) => a.invoice.dueDate.localeCompare(b.invoice.dueDate) || a.invoice.number - b.invoice.number);
  return {
    key,
    clientId,
    items: chosen.map((l) => ({ key: l.key, note: `Invoice ${l.invoice.number}: reminder ${l.n}` })),
    values: reminderValues(input, chosen),
    ...(chosen.length ? {} : { skipped: 'skipped: nothing overdue now' }),
  };
}

/**
 * The reminder's placeholders: {invoices} (a line per invoice), {count} ("2 invoices"), {owed} (what is
 * still owing on them). {number}, {amount}, {due}, {days} and {package} are the one invoice's, or for
 * several: the numbers listed ("4 and 5"), the amounts added up, the earliest due date and its days.
 */
function reminderValues(input: EmailInput, chosen: readonly Listed[]): Record<string, string> {
  const first = chosen[0]?.invoice;
  const sum = (f: (i: Invoice) => number) => chosen.reduce((total, l) => total + f(l.invoice), 0);
  const ago = (inv: Invoice) => counted(daysBetween(inv.dueDate, input.today), 'day', 'days');
  return {
    invoices: chosen
      .map(
        ({ invoice: i, sale }) =>
          `- Invoice ${i.number}, ${sale.terms.name}: ${formatMoney(outstanding(i))} owing, due ${longDate(i.dueDate)} (${ago(i)} ago)`,
      )
      .join('\n'),
    count: counted(chosen.length, 'invoice', 'invoices'),
    owed: formatMoney(sum(outstanding)),
    number: listed(chosen.map((l) => String(l.invoice.number))),
    amount: formatMoney(sum((i) => i.amountCents)),
    due: first ? longDate(first.dueDate) : '',
    days: first ? String(daysBetween(first.dueDate, input.today)) : '',
    package: listed([...new Set(chosen.map((l) => l.sale.terms.name))]),
    payment: input.settings.paymentInstructions,
  };
}
