/** Daily Processes: from the menu, the nightly trigger, the CLI and the sidebar. */
import {
  checkDate,
  type DailyInput,
  type DailyResult,
  dailyProcesses,
  type FieldError,
  holdsToday,
  type Invoice,
  type IsoDate,
  type LastDaily,
  longDate,
  type Payment,
  RUN_DAILY,
  type State,
} from '../domain';
import { appendRunLog, apply } from '../sheets/apply';
import { highestInUse, noteIssued } from '../sheets/ids';
import { withIssued } from '../sheets/issued';
import { noteLastRows } from '../sheets/last-rows';
import { danglingReferences, probeOtherTabs, repeatedInvoiceNumbers } from '../sheets/probe';
import { noteSchema } from '../sheets/schema';
import { BILLING_SKIPS, type Store } from '../sheets/store';
import { describeProblem, TabUnusableError } from '../sheets/table';
import { type CollectionRun, collectPayments } from './collect';
import { openStore, systemTab, userEmail } from './context';
import { tellDeclines } from './declines';
import { type EmailRun, sendEmails } from './email';
import { INTERACTIVE_WAIT_MS, withDocumentLock } from './lock';
import { linkPaymentsStep, payLinksStep } from './paylinks';
import { reconcileStripe } from './reconcile';
import { endpoint, failure, type Reply } from './reply';
import { writeReports } from './reports';

export interface DailySummary {
  today: IsoDate;
  dryRun: boolean;
  invoicesCreated: number;
  adjustmentsCreated: number;
  balancesUpdated: number;
  statusesUpdated: number;
  problems: string[];
  /** The invoices created (or, in a dry run, that would be), at most 200. */
  invoices: Pick<Invoice, 'number' | 'key' | 'clientName' | 'dueDate' | 'amountCents'>[];
  /** Client email (when Send client emails is Yes): what went, or in a dry run would go. */
  emails: EmailRun;
  /** Automatic collection through Stripe (src/addon/collect.ts): charges made, declined, waiting. */
  collection: Pick<CollectionRun, 'charged' | 'declined' | 'waiting'>;
}

const LISTED = 200;

/**
 * Runs Daily Processes for `today` (default: today in the spreadsheet's time zone; never a later day,
 * but a dry run may preview tomorrow).
 * Reads Sales, Invoices and Adjustments once each (and Packages, Clients and Payments, only to report
 * what in them cannot be read); writes Invoices, then Adjustments, then Sales, then one Run Log row. A dry
 * run reads the same and writes nothing. See docs/exactly-once.md for why a crash anywhere is safe.
 */
export function runDailyProcesses(input?: DailyInput): Reply<{ summary: DailySummary }> {
  // google.script.run passes every argument the client gives: only `input` is taken from it.
  return runDaily(input, INTERACTIVE_WAIT_MS);
}

/** The nightly trigger's way in: the same run, waiting longer for the lock. */
export function runDaily(input: DailyInput | undefined, waitMs: number): Reply<{ summary: DailySummary }> {
  return endpoint(() => {
    const parsed = RUN_DAILY.parse(input);
    if (!parsed.ok) return failure(parsed.errors);
    const { today, dryRun = false, reports = true } = parsed.value;
    // The nightly trigger leaves the report tabs to the housekeeping run an hour later (reports.ts).
    const job = () => run(today, dryRun, reports);
    return dryRun ? job() : withDocumentLock(job, waitMs);
  });
}

/** One run's reading: the billing state, what Daily Processes makes of it, and what else was met. */
interface Billing {
  started: Date;
  store: Store;
  today: IsoDate;
  state: State;
  result: DailyResult;
  payments: readonly Payment[];
  logUsable: boolean;
  problems: string[];
  emails?: EmailRun;
  collection?: CollectionRun;
  /** The invoices whose Paid a payment through a pay link changed tonight (before collection). */
  linked?: Invoice[];
  /** Sales paused until paid, or whose pause ended tonight (holds.ts): the Run Log's Details. */
  holds?: string[];
}

/**
 * The state after the run: what was read, what the run created, what collection was paid, and the
 * Collection cells it wrote (a decline's words: the last written of an invoice's is its cell).
 */
function billed({ state, result, collection, linked }: Billing): State {
  const paid = new Map([...(linked ?? []), ...(collection?.invoices ?? [])].map((i) => [i.key, i]));
  const marked = new Map((collection?.collections ?? []).map((m) => [m.key, m.collection]));
  const cell = (i: Invoice): Invoice => (marked.has(i.key) ? { ...i, collection: marked.get(i.key) } : i);
  return {
    ...state,
    invoices: [...state.invoices, ...result.newInvoices].map((i) => cell(paid.get(i.key) ?? i)),
    adjustments: [...state.adjustments, ...result.newAdjustments],
  };
}

/**
 * After billing is written: automatic collection (the cards asked for, then the charges: collect.ts),
 * then client email, which tells of the invoices and the payments just recorded.
 */
/**
 * Sales paused until paid (holds.ts): after collection and Stripe's payments, so a decline's last try
 * recorded tonight pauses its sale tonight, and a payment recorded tonight ends its pause. A sale that
 * could not be held is a problem; the others are the Run Log's Details.
 */
function holdUnpaid(billing: Billing): void {
  const { store, today } = billing;
  // A setting it can't read holds no new sale (and says so); the sales held already go on as they are.
  let rules = { days: [] as readonly number[], pauseUnpaid: false };
  try {
    rules = { days: store.settings().retryDays, pauseUnpaid: store.settings().pauseUnpaid };
  } catch (e) {
    if (!(e instanceof TabUnusableError)) throw e;
    billing.problems.push(`No sale was paused until paid: ${e.message}`);
  }
  const holds = holdsToday(billed(billing), rules.days, rules.pauseUnpaid, today);
  if (holds.changes.updatedSales?.length) apply(store, 'hold', holds.changes, today);
  billing.problems.push(...holds.problems);
  billing.holds = holds.lines;
}

function clientSteps(billing: Billing): void {
  const { store, today, started } = billing;
  // Payments through pay links first (paylinks.ts): an invoice paid through its link is not charged.
  const paidByLink = linkPaymentsStep(store, billed(billing), billing.payments, today);
  billing.linked = paidByLink.invoices;
  billing.payments = [...billing.payments, ...paidByLink.payments];
  billing.problems.push(...paidByLink.problems);
  billing.collection = collectPayments(store, billed(billing), billing.payments, today, started);
  billing.payments = [...billing.payments, ...billing.collection.payments];
  billing.problems.push(...billing.collection.problems);
  // Pay links (paylinks.ts): paid invoices' links off, part-paid ones replaced, new ones made.
  const links = payLinksStep(store, billed(billing), today);
  billing.collection = { ...billing.collection, invoices: [...billing.collection.invoices, ...links.invoices] };
  billing.problems.push(...links.problems);
  // Each decline told to its client once (declines.ts), with the pay link just made for its invoice.
  billing.problems.push(
    ...tellDeclines(store, billing.collection.toTell, billing.collection.cards, billed(billing).invoices, today),
  );
  // Reconciliation (reconcile.ts): refunds made in Stripe as rows; what matches nothing, and payouts, logged.
  const reconciled = reconcileStripe(store, billed(billing).invoices, billing.payments, today, started);
  billing.collection.invoices.push(...reconciled.invoices);
  billing.payments = [...billing.payments, ...reconciled.payments];
  billing.problems.push(...reconciled.problems);
  holdUnpaid(billing);
  billing.emails = sendEmails(store, billed(billing), billing.payments, today, false, started);
  billing.problems.push(...billing.emails.problems);
}

function run(requestedToday: IsoDate | undefined, dryRun: boolean, reports: boolean): Reply<{ summary: DailySummary }> {
  const started = new Date();
  // Without the reports, nothing reads or rewrites the free-text columns: they are left unread.
  const store = openStore(reports ? undefined : BILLING_SKIPS);
  const actualToday = store.codec.today();
  const errors: FieldError[] = [];
  const today = checkDate(errors, 'today', requestedToday, 'Today', actualToday, {
    maxDaysBack: 3660,
    // A preview may look at the next nightly run's day (tomorrow, after the nightly hour); a run never.
    maxDaysAhead: dryRun ? 1 : 0,
    fallback: actualToday,
  });
  if (errors.length) return failure(errors);
  // The clock never runs backwards: a run for a day before the last one completed is refused.
  const backwards = beforeLastRun(today);
  if (backwards && !dryRun) return failure([{ field: 'today', message: backwards }]);
  const billing = readBilling(store, started, today, dryRun);
  if (backwards) billing.problems.unshift(backwards);
  if (dryRun) {
    billing.emails = sendEmails(store, billed(billing), billing.payments, today, true);
    billing.problems.push(...billing.emails.problems);
  }
  const statusesUpdated = dryRun ? 0 : write(billing, reports);
  return { ok: true, summary: summarise(billing, dryRun, statusesUpdated) };
}

/**
 * Why a run for `today` would turn the clock back (the last Daily Processes completed for a later day:
 * the system tab's "daily" row), or null. Overdue invoices would read as open again and later check-ins
 * as late, without the later Resets restated.
 */
function beforeLastRun(today: IsoDate): string | null {
  const last = systemTab().json<LastDaily>('daily')?.today;
  if (typeof last !== 'string' || today >= last) return null;
  return `Daily Processes last completed for ${longDate(last)}: a run for an earlier day (${longDate(today)}) is refused, as it would undo that run's statuses and take later check-ins as late. Run it for ${longDate(last)} or later; a dry run may still look.`;
}

/** Reads and bills; a billing tab that can't be used fails the run, with its Run Log row. */
function readBilling(store: Store, started: Date, today: IsoDate, dryRun: boolean): Billing {
  let state: State;
  try {
    state = store.state();
    // The settings billing reads (the tax rule, in state(); the grace days of the statuses it refreshes):
    // one the owner made unreadable stops the run here, before any write, with its cell named.
    void store.settings().graceDays;
  } catch (e) {
    if (e instanceof TabUnusableError && !dryRun) logFailure(store, started, today, e.message);
    throw e;
  }
  const { unusable, payments, logUsable } = probeOtherTabs(store, !dryRun);
  // What shows what the studio issued: a deleted invoice is reported, never made again.
  const result = dailyProcesses(withIssued(store, systemTab(), state, payments), today);
  const problems = [
    ...store.problems.map(describeProblem),
    ...unusable,
    ...repeatedInvoiceNumbers(store),
    ...danglingReferences(store),
    ...result.problems,
  ];
  return { started, store, today, state, result, payments, logUsable, problems };
}

/** Writes the run (one apply), its Run Log row, then the derived views. Returns the statuses changed. */
function write(billing: Billing, reports: boolean): number {
  const { store, today, result } = billing;
  const { statusesUpdated } = apply(store, 'daily', { ...result, refreshStatuses: true }, today);
  // The last ids issued and the tabs' last rows, for the desk (src/sheets/ids.ts, last-rows.ts), after the
  // rows they describe.
  if (result.newInvoices.length) noteIssued(systemTab(), highestInUse(store), result);
  noteLastRows(systemTab(), store.lastRows());
  noteSchema(systemTab(), store.seenSchema());
  systemTab().flush();
  // Collection and client email, once the invoices they act on are written.
  clientSteps(billing);
  const reportsStop = reports ? settingsStop(store, ['graceDays', 'currency', 'studioName']) : null;
  if (reportsStop) billing.problems.push(`Reports not refreshed: ${reportsStop}`);
  // Completed for `today`: no later run may go back before it, and a nightly failure of this day or an
  // earlier one is answered (src/domain/nightly.ts); what the run met goes with it, for the notice on
  // open. After the email step, whose stops it names.
  systemTab().writeFixed('daily', {
    today,
    at: new Date().toISOString(),
    ...(billing.problems.length ? { problems: billing.problems.length, firstProblem: billing.problems[0] } : {}),
  });
  if (billing.logUsable) {
    appendRunLog(store, {
      started: billing.started,
      finished: new Date(),
      job: 'Daily Processes',
      today,
      user: userEmail(),
      invoicesCreated: result.newInvoices.length,
      adjustmentsCreated: result.newAdjustments.length,
      problems: billing.problems,
      details: (billing.holds ?? []).join('\n'),
    });
  }
  // Derived views, rewritten last: a crash here loses nothing, the next run rewrites them.
  if (reports && !reportsStop) writeReports(store, today, billed(billing), billing.payments);
  return statusesUpdated;
}

/** Why the settings `names` can't be read (the first one's cell), or null when they all can. */
function settingsStop(store: Store, names: readonly (keyof ReturnType<Store['settings']>)[]): string | null {
  try {
    const settings = store.settings();
    for (const name of names) void settings[name];
    return null;
  } catch (e) {
    if (e instanceof TabUnusableError) return e.message;
    throw e;
  }
}

function summarise(
  { today, result, problems, emails, collection }: Billing,
  dryRun: boolean,
  statusesUpdated: number,
): DailySummary {
  const mail = emails ?? { planned: [], sent: 0, waiting: 0, failed: 0, problems: [] };
  return {
    emails: { ...mail, planned: mail.planned.slice(0, LISTED) },
    collection: {
      charged: collection?.charged ?? 0,
      declined: collection?.declined ?? 0,
      waiting: collection?.waiting ?? 0,
    },
    today,
    dryRun,
    invoicesCreated: result.newInvoices.length,
    adjustmentsCreated: result.newAdjustments.length,
    balancesUpdated: result.balanceUpdates.length,
    statusesUpdated,
    problems,
    invoices: result.newInvoices
      .slice(0, LISTED)
      .map(({ number, key, clientName, dueDate, amountCents }) => ({ number, key, clientName, dueDate, amountCents })),
  };
}

/** A run that could not start still leaves its Run Log row, when the Run Log itself is usable. */
function logFailure(store: Store, started: Date, today: IsoDate, message: string): void {
  try {
    appendRunLog(store, {
      started,
      finished: new Date(),
      job: 'Daily Processes (failed)',
      today,
      user: userEmail(),
      invoicesCreated: 0,
      adjustmentsCreated: 0,
      problems: [message],
      details: 'Nothing was created.',
    });
  } catch {
    // The Run Log is unusable too; the error still reaches the caller.
  }
}
