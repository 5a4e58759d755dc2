/**
 * Client email: what the studio sends (invoices, receipts, reminders, statements), each message rendered
 * from a template the owner edits (the Messages tab) and keyed, so that the Email Log tab sends each one
 * exactly once: `invoice:<invoice key>`, `receipt:<payment key>`, `reminder:<client id>:<date>` (one
 * message listing the client's overdue invoices, each recorded as `reminder:<invoice key>:<n>`:
 * reminders.ts), `statement:<client id>:<yyyy-mm>` (monthly) or `statement:<client id>:<request id>`, and
 * `card:<client id>:req.<request id>` (the link to save a card on file, asked for in the Stripe sidebar),
 * `declined:<invoice key>:<attempt>` (a declined card, with a page to pay or save another card).
 */
import { type IsoDate, longDate, plusDays } from './dates';
import { stillInUse } from './desk';
import { balanceOf, ledgerOrder, ledgersBySale } from './ledger';
import { formatMoney } from './money';
import { payLinkToShow } from './paylinks';
import type { Adjustment, Choice, Client, Invoice, Payment, Sale, State } from './records';
import { type ReminderItem, reminderPlans } from './reminders';
import { saleStatus } from './sale';
import { nextDueDates } from './schedule';
import type { EmailSettings } from './settings';
import { invoicingBySale, type SaleInvoicing } from './summary';
import { saleTerm } from './term';
import { counted } from './words';

export const MESSAGE_KIND_CHOICES = [
  { value: 'invoice', label: 'Invoice' },
  { value: 'receipt', label: 'Receipt' },
  { value: 'reminder', label: 'Overdue reminder' },
  { value: 'statement', label: 'Statement' },
  { value: 'card', label: 'Card request' },
  { value: 'declined', label: 'Card declined' },
] as const satisfies readonly Choice[];
export type MessageKind = (typeof MESSAGE_KIND_CHOICES)[number]['value'];

/** One row of the Messages tab. */
export interface Template {
  kind: MessageKind;
  send: boolean;
  subject: string;
  body: string;
}

/** The placeholders each kind may use (besides {client} and {studio}, which all may). */
export const PLACEHOLDERS: Record<MessageKind, readonly string[]> = {
  invoice: ['number', 'amount', 'due', 'period', 'sessions', 'package', 'payment', 'sessionsLeft', 'tax'],
  receipt: ['number', 'amount', 'date', 'owed', 'package', 'sessionsLeft'],
  reminder: ['invoices', 'count', 'owed', 'payment', 'number', 'amount', 'due', 'days', 'package'],
  statement: ['statement', 'owed', 'sessionsLeft', 'date'],
  card: ['link', 'expires'],
  declined: ['number', 'amount', 'reason', 'next', 'pay', 'link', 'expires'],
};

/** The Messages tab's note: every kind's placeholders. */
export const PLACEHOLDER_NOTE = `Placeholders: {client} {studio}; ${MESSAGE_KIND_CHOICES.map(
  ({ value }) => `${value}: ${PLACEHOLDERS[value].map((p) => `{${p}}`).join(' ')}`,
).join('; ')}`;

export const DEFAULT_TEMPLATES: readonly Template[] = [
  {
    kind: 'invoice',
    send: true,
    subject: '{studio}: invoice {number} for {package}',
    body: 'Hi {client},\n\nInvoice {number} for {package}, period {period}: {amount}, due {due}. It gives you {sessions}; you have {sessionsLeft} in all.\n{tax}\n\nHow to pay: {payment}\n\n{studio}',
  },
  {
    kind: 'receipt',
    send: true,
    subject: '{studio}: receipt for {amount}',
    body: 'Hi {client},\n\nThank you: we received {amount} on {date} for invoice {number} ({package}). Still owing: {owed}. Sessions left: {sessionsLeft}.\n\n{studio}',
  },
  {
    kind: 'reminder',
    send: true,
    subject: '{studio}: {count} overdue',
    body: 'Hi {client},\n\nOur records show {count} overdue:\n\n{invoices}\n\nStill owing: {owed}.\n\nHow to pay: {payment}\n\n{studio}',
  },
  {
    kind: 'statement',
    send: true,
    subject: '{studio}: your sessions on {date}',
    body: 'Hi {client},\n\nYour packages on {date}:\n\n{statement}\n\nOwing in all: {owed}.\n\n{studio}',
  },
  {
    kind: 'card',
    send: true,
    subject: '{studio}: save a card for your package payments',
    body: "Hi {client},\n\nTo have each instalment of your package paid on its due date, please save a card on Stripe's secure page (the link works until {expires}):\n\n{link}\n\nWe see only the card's brand, its last four digits and its expiry, never its number. Each payment is charged on its due date, and you get a receipt.\n\n{studio}",
  },
  {
    kind: 'declined',
    send: true,
    subject: '{studio}: your card was declined for invoice {number}',
    body: 'Hi {client},\n\nWe could not charge your card {amount} for invoice {number}: {reason}.{next}\n\n{pay}To save another card for your payments, use this page on Stripe (it works until {expires}):\n\n{link}\n\n{studio}',
  },
];

/** "Tax invoice (ABN 12 345 678 901): $272.73 + GST $27.27 = $300.00", or '' for an invoice without tax. */
export function taxLine(inv: Invoice, settings: Pick<EmailSettings, 'taxName' | 'taxId'>): string {
  if (!inv.taxCents || inv.netCents === undefined) return '';
  const id = settings.taxId ? ` (${settings.taxId})` : '';
  const name = settings.taxName || 'Tax';
  return `Tax invoice${id}: ${formatMoney(inv.netCents)} + ${name} ${formatMoney(inv.taxCents)} = ${formatMoney(inv.amountCents)}`;
}

/**
 * What an Email Log row's Status says: the add-on writes every one of these but `resend`, which the owner
 * types (in any case) to have a message go again.
 * - `waiting`: to go (the day's quota ran out, or the run had not reached it);
 * - `sending`: marked before its mail went, never confirmed sent (a run stopped): the owner checks;
 * - `sent`, `skipped: <why>` (no address, opted out, nothing overdue now), `failed: <Google's words>`;
 * - `listed in <message key>`: an invoice row of a reminder message (reminders.ts).
 */
export type EmailLogStatus =
  | 'waiting'
  | 'resend'
  | 'sending'
  | 'sent'
  | SkippedStatus
  | `failed: ${string}`
  | `listed in ${string}`;

/** Why a message is logged and not sent. */
export type SkippedStatus = `skipped: ${string}`;

/**
 * The retry rule: may a message the Email Log already holds with this Status go (again)? Only when it is
 * waiting or marked resend (as typed: any case, spaces around). Sent, sending (not confirmed), skipped,
 * failed or listed in a message: never, so no client gets a message twice.
 */
export function mayRetry(status: string): boolean {
  return /^(waiting|resend)$/i.test(status.trim());
}

/** One Email Log row: a message's key, what it was, and what became of it. */
export interface EmailLogEntry {
  key: string;
  date: IsoDate;
  clientId: string;
  clientName: string;
  address: string;
  kind: string;
  subject: string;
  /** An EmailLogStatus when the add-on wrote it; as read, whatever the cell holds. */
  status: string;
}

/** A new status for a logged message (sent, waiting, failed: …), dated the day it was set. */
export interface EmailStatus {
  key: string;
  status: EmailLogStatus;
  date: IsoDate;
}

/** A message to send (or to log as skipped), rendered. */
export interface Outgoing {
  key: string;
  kind: MessageKind;
  clientId: string;
  clientName: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Set when it is not sent: "skipped: no address", "skipped: opted out". */
  skipped?: SkippedStatus;
  /** A reminder's invoices: a row each in the Email Log, written with the message's row. */
  items?: readonly ReminderItem[];
}

/** How far back Daily Processes looks for invoices and payments that have no Email Log row yet. */
export const EMAIL_WINDOW_DAYS = 7;

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** The placeholders a template uses that its kind doesn't know ("{amout}"), or [] when it is good. */
export function unknownPlaceholders(t: Pick<Template, 'kind' | 'subject' | 'body'>): string[] {
  const known = new Set(['client', 'studio', ...PLACEHOLDERS[t.kind]]);
  const used = [...`${t.subject}\n${t.body}`.matchAll(PLACEHOLDER)].map((m) => m[1]);
  return [...new Set(used.filter((p) => !known.has(p)))];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text: never markup, never a link (`<a href>` stays visible text). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * Fills a template: the subject and the text body with the values as they are, the HTML body with the
 * template's text and every value escaped (line breaks kept), so a client's name can't inject markup.
 */
export function render(t: Template, values: Record<string, string>): { subject: string; text: string; html: string } {
  const fill = (s: string, esc: (v: string) => string) =>
    s.replace(PLACEHOLDER, (whole, name: string) => (name in values ? esc(values[name]) : whole));
  // A line holding only a placeholder with nothing to say ({tax} without tax) goes, not left as a gap.
  const body = t.body
    .split('\n')
    .filter((line) => {
      const only = /^\s*\{(\w+)\}\s*$/.exec(line);
      return !(only && only[1] in values && values[only[1]] === '');
    })
    .join('\n');
  const subject = fill(t.subject, (v) => v).replace(/[\r\n]+/g, ' ');
  const text = fill(body, (v) => v);
  const html = `<div style="font-family:sans-serif;line-height:1.4">${fill(escapeHtml(body), escapeHtml).replace(/\n/g, '<br>')}</div>`;
  return { subject, text, html };
}

/** A client as email sees them: address, and whether they said no (the Clients tab). */
export type Recipient = Client;

/** What a plan reads. */
export interface EmailInput {
  state: State;
  payments: readonly Payment[];
  clients: readonly Recipient[];
  /** The Email Log: each key's status and date ("sent", "waiting", "sending", "skipped: …", "failed: …"). */
  log: ReadonlyMap<string, { status: string; date: IsoDate }>;
  templates: ReadonlyMap<MessageKind, Template>;
  settings: EmailSettings;
  today: IsoDate;
}

/** "3 sessions" */
function sessionsText(n: number): string {
  return counted(n, 'session', 'sessions');
}

/** Each client's sales (own and shared), each sale's ledger and what it owes: built once per state. */
interface ClientIndex {
  salesOf: Map<string, Sale[]>;
  ledgers: Map<string, Adjustment[]>;
  invoicing: Map<string, SaleInvoicing>;
  /** Each sale's invoices with a pay link to show (payLinkToShow), by number. */
  payLinks: Map<string, Invoice[]>;
}

const INDEXES = new WeakMap<EmailInput, ClientIndex>();

/** The index of one plan's records, built on first use: a run plans many messages over the same records. */
function indexOf(input: EmailInput): ClientIndex {
  let index = INDEXES.get(input);
  const { state } = input;
  if (index) return index;
  const salesOf = new Map<string, Sale[]>();
  for (const sale of state.sales) {
    for (const id of [sale.clientId, ...(sale.sharedWith ?? []).map((p) => p.id)]) {
      const list = salesOf.get(id);
      if (list) list.push(sale);
      else salesOf.set(id, [sale]);
    }
  }
  const payLinks = new Map<string, Invoice[]>();
  for (const invoice of [...state.invoices].sort((a, b) => a.number - b.number)) {
    if (!payLinkToShow(invoice)) continue;
    payLinks.set(invoice.saleId, [...(payLinks.get(invoice.saleId) ?? []), invoice]);
  }
  index = {
    salesOf,
    ledgers: ledgersBySale(state.adjustments),
    invoicing: invoicingBySale(state.invoices),
    payLinks,
  };
  INDEXES.set(input, index);
  return index;
}

/** The sessions left on every sale a client holds or shares. */
function sessionsLeft(input: EmailInput, clientId: string): number {
  const { salesOf, ledgers } = indexOf(input);
  return (salesOf.get(clientId) ?? []).reduce((sum, s) => sum + Math.max(balanceOf(ledgers.get(s.id) ?? []), 0), 0);
}

/** What a client owes on all their own sales' invoices. */
function owedBy(input: EmailInput, clientId: string): number {
  const { salesOf, invoicing } = indexOf(input);
  return (salesOf.get(clientId) ?? [])
    .filter((s) => s.clientId === clientId)
    .reduce((sum, s) => sum + (invoicing.get(s.id)?.owedCents ?? 0), 0);
}

/**
 * The owing invoices of a sale that have a Stripe pay link, as lines under its statement line: one link
 * per invoice, each on its own line (nothing after a link that a mail reader could take into it).
 */
function payLinkLines(input: EmailInput, saleId: string): string {
  return (indexOf(input).payLinks.get(saleId) ?? [])
    .map((i) => `\n  Pay invoice ${i.number} online (Stripe's secure page): ${payLinkToShow(i)}`)
    .join('');
}

/**
 * The statement block: each active sale's sessions, next sessions, lapse, last check-ins, and on the
 * client's own sales (not one shared with them: its buyer pays) what is owed and each owing invoice's
 * pay link.
 */
export function statementText(input: EmailInput, clientId: string): string {
  const { salesOf, ledgers, invoicing } = indexOf(input);
  const lines: string[] = [];
  for (const sale of salesOf.get(clientId) ?? []) {
    const rows = ledgerOrder(ledgers.get(sale.id) ?? []);
    const left = balanceOf(rows);
    if (!stillInUse({ status: saleStatus(sale, input.today), balance: left })) continue;
    const next = nextDueDates(saleTerm(sale), input.today, 1)[0];
    const lapse = sale.terms.rollover === 'reset' && next ? ` (unused ones lapse on ${longDate(next)})` : '';
    const own = sale.clientId === clientId;
    const owed = own ? (invoicing.get(sale.id)?.owedCents ?? 0) : 0;
    const used = rows
      .filter((r) => r.type === 'use')
      .slice(-3)
      .map((r) => longDate(r.date));
    lines.push(
      `${sale.terms.name}: ${sessionsText(left)} left${lapse}.` +
        (next ? ` Next: ${sessionsText(sale.terms.sessionsPerPeriod)} on ${longDate(next)}.` : '') +
        (owed > 0 ? ` Owing: ${formatMoney(owed)}.` : '') +
        (used.length ? ` Last check-ins: ${used.join(', ')}.` : '') +
        (own ? payLinkLines(input, sale.id) : ''),
    );
  }
  return lines.length ? lines.map((l) => `- ${l}`).join('\n') : '- No active package.';
}

interface Candidate {
  key: string;
  kind: MessageKind;
  clientId: string;
  values: Record<string, string>;
  skipped?: SkippedStatus;
  items?: readonly ReminderItem[];
}

/** Within the last EMAIL_WINDOW_DAYS, or of any date when the Email Log holds its key as waiting or resend. */
function inWindow(input: EmailInput, date: IsoDate, key: string): boolean {
  const logged = input.log.get(key);
  return date <= input.today && (date >= plusDays(input.today, -EMAIL_WINDOW_DAYS) || mayRetry(logged?.status ?? ''));
}

/** "$320.00", or with what was paid before the email went: "$320.00 ($200.00 paid, $120.00 left to pay)". */
function amountOwed(i: Invoice): string {
  if (i.paidCents <= 0) return formatMoney(i.amountCents);
  const left = i.amountCents - i.paidCents;
  return left > 0
    ? `${formatMoney(i.amountCents)} (${formatMoney(i.paidCents)} paid, ${formatMoney(left)} left to pay)`
    : `${formatMoney(i.amountCents)} (paid in full, thank you)`;
}

function invoiceCandidates(input: EmailInput, sales: Map<string, Sale>): Candidate[] {
  return input.state.invoices
    .filter((i) => i.status !== 'void' && inWindow(input, i.dueDate, `invoice:${i.key}`) && sales.has(i.saleId))
    .map((i) => {
      const sale = sales.get(i.saleId) as Sale;
      return {
        key: `invoice:${i.key}`,
        kind: 'invoice' as const,
        clientId: sale.clientId,
        values: {
          number: String(i.number),
          amount: amountOwed(i),
          due: longDate(i.dueDate),
          period: String(i.period + 1),
          sessions: sessionsText(sale.terms.sessionsPerPeriod),
          package: sale.terms.name,
          payment: payLinkToShow(i)
            ? `${input.settings.paymentInstructions}\n\nPay this invoice online (Stripe's secure page): ${payLinkToShow(i)}`
            : input.settings.paymentInstructions,
          sessionsLeft: sessionsText(sessionsLeft(input, sale.clientId)),
          tax: taxLine(i, input.settings),
        },
      };
    });
}

function receiptCandidates(input: EmailInput, sales: Map<string, Sale>): Candidate[] {
  return input.payments
    .filter((p) => p.amountCents > 0 && inWindow(input, p.date, `receipt:${p.key}`) && sales.has(p.saleId))
    .map((p) => {
      const sale = sales.get(p.saleId) as Sale;
      return {
        key: `receipt:${p.key}`,
        kind: 'receipt' as const,
        clientId: sale.clientId,
        values: {
          number: String(p.invoiceNumber),
          amount: formatMoney(p.amountCents),
          date: longDate(p.date),
          owed: formatMoney(owedBy(input, sale.clientId)),
          package: sale.terms.name,
          sessionsLeft: sessionsText(sessionsLeft(input, sale.clientId)),
        },
      };
    });
}

/** A statement for one client, keyed by `suffix` (the month, or an on-demand request id). */
export function statementCandidate(input: EmailInput, clientId: string, suffix: string): Candidate {
  return {
    key: `statement:${clientId}:${suffix}`,
    kind: 'statement',
    clientId,
    values: {
      statement: statementText(input, clientId),
      owed: formatMoney(owedBy(input, clientId)),
      sessionsLeft: sessionsText(sessionsLeft(input, clientId)),
      date: longDate(input.today),
    },
  };
}

/** The link to save a card (asked for in the Stripe sidebar), keyed `card:<client id>:<suffix>`. */
export function cardCandidate(clientId: string, suffix: string, link: string, expires: string): Candidate {
  return { key: `card:${clientId}:${suffix}`, kind: 'card', clientId, values: { link, expires } };
}

/**
 * A declined card (src/addon/collect.ts): try `attempt` (0: the first charge) of the invoice `invoiceKey`,
 * keyed `declined:<invoice key>:<attempt>` so each try's decline is told once.
 */
export function declinedCandidate(
  invoiceKey: string,
  attempt: number,
  clientId: string,
  values: { number: string; amount: string; reason: string; next: string; link: string; expires: string },
): Candidate {
  return { key: `declined:${invoiceKey}:${attempt}`, kind: 'declined', clientId, values };
}

function monthlyCandidates(input: EmailInput): Candidate[] {
  if (!input.settings.monthlyStatements || !input.today.endsWith('-01')) return [];
  const month = input.today.slice(0, 7);
  const active = new Set(
    input.state.sales.filter((s) => saleStatus(s, input.today) === 'active').map((s) => s.clientId),
  );
  return [...active].map((id) => statementCandidate(input, id, month));
}

/**
 * Renders candidates into messages: a kind switched off sends nothing; a template with an unknown
 * placeholder is a problem and its kind is not sent; a client with no address or who opted out is a
 * skipped message (logged, not sent).
 */
export function renderAll(
  input: EmailInput,
  candidates: readonly Candidate[],
): { messages: Outgoing[]; problems: string[] } {
  const problems: string[] = [];
  const broken = new Set<MessageKind>();
  for (const t of input.templates.values()) {
    const unknown = unknownPlaceholders(t);
    if (t.send && unknown.length) {
      broken.add(t.kind);
      problems.push(
        `Messages: the ${t.kind} template uses ${unknown.map((p) => `{${p}}`).join(', ')}, which it can't fill: no ${t.kind} emails are sent until it is fixed.`,
      );
    }
  }
  const clients = new Map(input.clients.map((c) => [c.id, c]));
  const messages: Outgoing[] = [];
  for (const c of candidates) {
    const t = input.templates.get(c.kind);
    if (!t?.send || broken.has(c.kind)) continue;
    const client = clients.get(c.clientId);
    const name = client?.name ?? c.clientId;
    const rendered = render(t, { ...c.values, client: name, studio: input.settings.studioName });
    const skipped: SkippedStatus | undefined =
      c.skipped ?? (!client?.email.trim() ? 'skipped: no address' : client.noEmail ? 'skipped: opted out' : undefined);
    messages.push({
      key: c.key,
      kind: c.kind,
      clientId: c.clientId,
      clientName: name,
      to: client?.email.trim() ?? '',
      ...rendered,
      ...(skipped ? { skipped } : {}),
      ...(c.items ? { items: c.items } : {}),
    });
  }
  return { messages, problems };
}

/**
 * What Daily Processes sends today: invoices and payments of the last EMAIL_WINDOW_DAYS without an Email
 * Log row, reminders due (reminders.ts), monthly statements, and anything the log holds as waiting (or
 * marked resend), in that order. A key already logged otherwise (sent, sending, skipped, failed) is never
 * planned again.
 */
export function planEmails(input: EmailInput): { messages: Outgoing[]; problems: string[] } {
  const sales = new Map(input.state.sales.map((s) => [s.id, s]));
  const reminders = reminderPlans(input, sales).map((p): Candidate => ({ ...p, kind: 'reminder' }));
  const all = [
    ...invoiceCandidates(input, sales),
    ...receiptCandidates(input, sales),
    ...reminders,
    ...monthlyCandidates(input),
  ];
  const due = all.filter((c) => {
    const logged = input.log.get(c.key);
    return logged === undefined || mayRetry(logged.status);
  });
  const plan = renderAll(input, due);
  return { messages: plan.messages, problems: [...plan.problems, ...listless(input, plan.messages)] };
}

/** A reminder of several invoices rendered from a template without {invoices} (an older Messages tab). */
function listless(input: EmailInput, messages: readonly Outgoing[]): string[] {
  const t = input.templates.get('reminder');
  const several = messages.some((m) => m.kind === 'reminder' && !m.skipped && (m.items?.length ?? 0) > 1);
  if (!t || !several || /\{invoices\}/.test(t.body)) return [];
  return [
    'Messages: the reminder template has no {invoices}, so a reminder of several invoices names them only by number ("invoice 4 and 5"). Put {invoices} in its Body to list each with its due date and what is owing (and {count} in its Subject), as the default words do.',
  ];
}
