/**
 * Sending client email, exactly once. Each message is an Email Log row keyed by what it is about
 * (`invoice:S-3:2`). Every row is first written `waiting`; then, ten messages at a time, the chunk's rows
 * are set `sending` (flushed) BEFORE its mail goes, and `sent` (or `failed: …`, or `waiting` when the quota
 * ran out) after. A run stopped at any point (Apps Script's 6-minute limit, a quota, a service error) leaves
 * the messages it had not reached `waiting`, for the next run, and at most one chunk `sending`: those are
 * never sent twice. The next run reports them in the Run Log for the owner to check their Sent mail and type
 * `resend` in its Status if one never went (docs/exactly-once.md). No chunk starts once the job has used
 * its time budget (budget.ts), so the limit itself never stops a chunk half-way. A studio would rather see
 * one uncertain email than have a client receive an invoice twice.
 */

import { TABS } from '../../sheets-template/tabs';
import {
  counted,
  DEFAULT_TEMPLATES,
  EMAIL_STATEMENT,
  type EmailInput,
  type EmailLogEntry,
  type EmailLogStatus,
  type EmailStatus,
  emailSettingsOf,
  type IsoDate,
  legacySuffix,
  listedIn,
  type MessageKind,
  mayRetry,
  type Outgoing,
  type Payment,
  planEmails,
  render,
  renderAll,
  requestSuffix,
  type State,
  type StatementInput,
  shownId,
  statementCandidate,
  type Template,
} from '../domain';
import { apply } from '../sheets/apply';
import { focusRequest } from '../sheets/focus';
import { EMAIL_HELD, emailHeld } from '../sheets/home';
import type { Store } from '../sheets/store';
import { describeProblem, TabUnusableError } from '../sheets/table';
import { withinBudget } from './budget';
import { openDeskStore, openStore, systemTab, userEmail } from './context';
import { withDocumentLock } from './lock';
import { endpoint, failure, type Reply } from './reply';

export interface EmailRun {
  /** What was (or, in a dry run, would be) sent: kind, address, subject. */
  planned: Pick<Outgoing, 'key' | 'kind' | 'to' | 'subject' | 'skipped'>[];
  sent: number;
  waiting: number;
  failed: number;
  problems: string[];
}

const NONE: EmailRun = { planned: [], sent: 0, waiting: 0, failed: 0, problems: [] };

/** The Messages tab's templates; a kind without a row (or no tab) uses the default words. */
export function templatesOf(store: Store): Map<MessageKind, Template> {
  const templates = new Map(DEFAULT_TEMPLATES.map((t) => [t.kind, t]));
  if (store.hasTab('messages')) for (const t of store.messages().records) templates.set(t.kind, t);
  return templates;
}

/** What a plan reads, from the store (the Email Log read whole). */
export function emailInput(store: Store, state: State, payments: readonly Payment[], today: IsoDate): EmailInput {
  const log = new Map(store.emailLog().records.map((e) => [e.key, { status: e.status, date: e.date }]));
  // A row that can't be read (its Date garbled) still holds its key: that message went, or is going; it
  // is never planned again (the row's problem is in the Run Log).
  for (const key of store.rawKeys('emailLog', 'Key'))
    if (!log.has(key)) log.set(key, { status: 'unreadable', date: today });
  const input = {
    state,
    payments,
    clients: store.clients().records,
    log,
    templates: templatesOf(store),
    settings: emailSettingsOf(store.settings()),
    today,
  };
  // A column email needs (an address, the opt-out, a template's words) gone from a workbook that had it.
  const [stop] = store.emailStops();
  if (stop) throw new TabUnusableError(stop);
  return input;
}

/** Rows an earlier run left `sending`: not confirmed sent, for the owner to check. */
function unconfirmed(store: Store): string[] {
  return store
    .emailLog()
    .records.filter((e) => e.status.trim().toLowerCase() === 'sending')
    .map(
      (e) =>
        `Email Log ${e.key} to ${e.address || e.clientName}: not confirmed sent (a run stopped while sending). Check your Sent mail; type resend in its Status to send it again.`,
    );
}

/**
 * Daily Processes' email step: plans today's messages, marks them in the Email Log (sending, waiting or
 * skipped), sends, then records each outcome. Nothing when "Send client emails" is No.
 */
export function sendEmails(
  store: Store,
  state: State,
  payments: readonly Payment[],
  today: IsoDate,
  dryRun: boolean,
  started: Date = new Date(),
): EmailRun {
  try {
    return emailStep(store, state, payments, today, dryRun, started);
  } catch (e) {
    // A setting or column email needs that can't be read (src/sheets/schema.ts): nothing is sent, and the
    // Run Log says why; billing has gone on.
    if (!(e instanceof TabUnusableError)) throw e;
    return { ...NONE, problems: [`Client email stopped, nothing sent: ${e.message}`] };
  }
}

function emailStep(
  store: Store,
  state: State,
  payments: readonly Payment[],
  today: IsoDate,
  dryRun: boolean,
  started: Date,
): EmailRun {
  if (!store.settings().sendEmail) return NONE;
  if (emailHeld(systemTab())) return { ...NONE, problems: [EMAIL_HELD] };
  if (!store.hasTab('emailLog'))
    return { ...NONE, problems: ['Send client emails is Yes, but there is no Email Log tab: run Set up workbook.'] };
  const input = emailInput(store, state, payments, today);
  const plan = planEmails(input);
  // The Email Log's rows that can't be read (read only now, after billing listed its problems).
  const logRows = store.problems.filter((p) => p.tab === TABS.emailLog.name).map(describeProblem);
  const problems = [...logRows, ...unconfirmed(store), ...plan.problems];
  const planned = plan.messages.map(({ key, kind, to, subject, skipped }) => ({ key, kind, to, subject, skipped }));
  if (dryRun) return { ...NONE, planned, problems };
  const outcome = deliver(store, input, plan.messages, today, started);
  return { planned, ...outcome, problems: [...problems, ...outcome.problems] };
}

/**
 * Marks, sends, records, one message at a time. Public for the on-demand statement: `messages` are
 * rendered messages whose keys have no Email Log row, or one marked waiting or resend. Every row is first
 * written `waiting` (or skipped): a run stopped before reaching a message leaves it for the next run.
 * Then, while the execution's time budget lasts (`started`: when the job began), for each message one
 * write (flushed) records the previous message's outcome and this one `sending`, and the message goes; the
 * last outcome is written after the loop. A run stopped anywhere leaves at most one message in doubt.
 */
export function deliver(
  store: Store,
  input: Pick<EmailInput, 'log' | 'settings'>,
  messages: readonly Outgoing[],
  today: IsoDate,
  started: Date = new Date(),
): Pick<EmailRun, 'sent' | 'waiting' | 'failed' | 'problems'> {
  const marked = mark(store, input, messages, today);
  const toSend = marked.filter((x) => x.status === 'sending').map((x) => x.message);
  const outcomes: EmailStatus[] = [];
  for (const m of toSend) {
    if (!withinBudget(started)) break;
    const sending: EmailStatus = { key: m.key, status: 'sending', date: today };
    apply(store, 'email', { emailStatuses: [...outcomes.slice(-1), sending] }, today);
    SpreadsheetApp.flush(); // `sending` is on record before the message goes
    outcomes.push({ key: m.key, status: send(m, input.settings.studioName), date: today });
  }
  if (outcomes.length) apply(store, 'email', { emailStatuses: outcomes.slice(-1) }, today);
  const left = toSend.length - outcomes.length;
  return {
    sent: outcomes.filter((o) => o.status === 'sent').length,
    waiting:
      marked.filter((x) => x.status === 'waiting').length +
      left +
      outcomes.filter((o) => o.status === 'waiting').length,
    failed: outcomes.filter((o) => o.status.startsWith('failed')).length,
    problems: left
      ? [
          `Client email: ${counted(left, 'message waits', 'messages wait')} for the next run (this run neared Apps Script's 6-minute limit).`,
        ]
      : [],
  };
}

/**
 * Writes each message's Email Log row before anything is sent: `waiting` (to be sent: as far as the day's
 * quota goes, this run sends it; after it, a later run), or why it is skipped; a reminder's invoice rows
 * too (`listed in <its key>`). A new key is a new row, and all new rows go in one write; a row already
 * logged (waiting, resend) is updated. Returns what this run means to do with each: `sending` for the
 * quota's share.
 */
function mark(
  store: Store,
  input: Pick<EmailInput, 'log'>,
  messages: readonly Outgoing[],
  today: IsoDate,
): { message: Outgoing; status: EmailLogStatus }[] {
  let quota = messages.some((m) => !m.skipped) ? MailApp.getRemainingDailyQuota() : 0;
  const marked = messages.map((m) => ({
    message: m,
    status: m.skipped ?? (quota-- > 0 ? ('sending' as const) : ('waiting' as const)),
  }));
  const rows = marked.flatMap(({ message: m, status }) => [
    logEntry(m, m.key, m.kind, m.subject, status === 'sending' ? 'waiting' : status, today),
    ...(m.items ?? []).map((i) => logEntry(m, i.key, 'reminder item', i.note, listedIn(m.key), today)),
  ]);
  const newEmailLog = rows.filter((e) => !input.log.has(e.key));
  const emailStatuses = rows
    .filter((e) => input.log.has(e.key))
    .map(({ key, status }) => ({ key, status, date: today }));
  apply(store, 'email', { newEmailLog, emailStatuses }, today);
  return marked;
}

/** An Email Log row about message `m`: its own, or one of its invoices'. */
function logEntry(
  m: Outgoing,
  key: string,
  kind: string,
  subject: string,
  status: EmailLogStatus,
  date: IsoDate,
): EmailLogEntry & { status: EmailLogStatus } {
  return { key, date, clientId: m.clientId, clientName: m.clientName, address: m.to, kind, subject, status };
}

/** Sends one message; its outcome as a Status. */
function send(m: Outgoing, studioName: string): EmailLogStatus {
  try {
    MailApp.sendEmail({ to: m.to, subject: m.subject, body: m.text, htmlBody: m.html, name: studioName });
    return 'sent';
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    // The daily quota ran out (another script of the account sent too): it waits for the next run.
    return /too many times|quota/i.test(why) ? 'waiting' : `failed: ${why.slice(0, 300 - 'failed: '.length)}`;
  }
}

/**
 * "Email statement" (history sidebar): `{ clientId, requestId }`. Sends the client a statement now (each
 * active sale's sessions, next sessions, lapse, owing, last check-ins), logged like every message under
 * `statement:<client>:req.<request id>`, so a retried request sends it once.
 */
export function emailStatement(input: StatementInput): Reply<{ status: string; to: string }> {
  return endpoint(() => {
    const parsed = EMAIL_STATEMENT.parse(input);
    if (!parsed.ok) return failure(parsed.errors);
    const { clientId, requestId } = parsed.value;
    return withDocumentLock(() => statementNow(clientId, requestId));
  });
}

/**
 * The request's part of an on-demand statement's key: `req.<id>` (`statement:C-1:req.<id>`), or the bare id
 * an older version logged when it is in the log and could not be a monthly statement's month (requests.ts).
 */
function statementSuffix(log: ReadonlyMap<string, unknown>, clientId: string, requestId: string): string {
  const legacy = legacySuffix(requestId, /^\d{4}-\d{2}$/);
  return legacy && log.has(`statement:${clientId}:${legacy}`) ? legacy : requestSuffix(requestId);
}

function statementNow(clientId: string, requestId: string): Reply<{ status: string; to: string }> {
  const store = openDeskStore();
  const today = store.codec.today();
  focusRequest(store, { clientId }, ['adjustments', 'invoices']);
  store.focus({ tab: 'clients', by: 'Client ID', values: [clientId] });
  const client = store.clients().records.find((c) => c.id === clientId);
  if (!client) return failure([{ field: 'clientId', message: `No client with id ${shownId(clientId)}.` }]);
  if (!store.hasTab('emailLog'))
    return failure([{ field: 'clientId', message: 'There is no Email Log tab: run Set up workbook.' }]);
  const input = emailInput(store, store.state(), [], today);
  const suffix = statementSuffix(input.log, clientId, requestId);
  const logged = input.log.get(`statement:${clientId}:${suffix}`);
  if (logged && !mayRetry(logged.status)) return { ok: true, status: logged.status, to: client.email };
  const { messages, problems } = renderAll(input, [statementCandidate(input, clientId, suffix)]);
  if (!messages.length)
    return failure([{ field: 'clientId', message: problems[0] ?? 'Statements are switched off in the Messages tab.' }]);
  const done = deliver(store, input, messages, today);
  const status = messages[0].skipped ?? (done.sent ? 'sent' : done.waiting ? 'waiting' : 'failed');
  return { ok: true, status, to: client.email };
}

/** "Send a test email to me": the invoice template with sample values, to whoever runs it. */
export function sendTestEmail(): Reply<{ to: string }> {
  return endpoint(() => {
    const store = openStore();
    const to = userEmail();
    if (!to) return failure([{ field: '', message: 'Google gives no address for your account here.' }]);
    const template = templatesOf(store).get('invoice') as Template;
    const settings = store.settings();
    const sample = render(template, {
      client: 'Sample Client',
      studio: settings.studioName,
      number: '123',
      amount: '$300.00',
      due: 'Mon 4 Jan 2027',
      period: '2',
      sessions: '6 sessions',
      package: 'Sample package',
      payment: settings.paymentInstructions,
      sessionsLeft: '8 sessions',
      tax: '',
    });
    MailApp.sendEmail({
      to,
      subject: `[Test] ${sample.subject}`,
      body: sample.text,
      htmlBody: sample.html,
      name: settings.studioName,
    });
    return { ok: true, to };
  });
}
