/**
 * "Archive old history": settled invoices (with their payments) and ledger rows older than the
 * Settings' "Archive after (days)" move to the archive spreadsheet; each sale's balance is brought
 * forward on a Carry row. The rules are src/domain/archive.ts; this is the crash-safe order of writes:
 *
 *   1. journal "copying" (with the archive tabs' sizes)
 *   2. append the rows to the archive, ARCHIVE_CHUNK_ROWS a write, while the time budget lasts (budget.ts)
 *   3. journal "copied" + highest invoice number + revenue, in one system-tab write
 *   4. append the Carry rows to Adjustments             5. remove the copied rows from the live tabs
 *   6. clear the journal; one Run Log row.
 *
 * A run stopped in 2 (by the time budget, a failure or the 6-minute kill) is resumed by the next: the rows
 * the archive received after the recorded sizes are read back, and only the plan's others are copied. When
 * they are not all rows the plan still moves (an owner's edit since), the archive is cut back to its sizes
 * and the copy starts again. A run stopped after 3 resumes: it removes from the live tabs exactly the rows
 * the archive received, so a row is never lost nor archived twice. Live rows dated before a Carry row no longer count (ledger.liveLedger), so
 * every state in between bills and balances correctly.
 */
import {
  type Adjustment,
  type ArchivePlan,
  addRecognition,
  addRevenue,
  archiveCutoff,
  archivePlan,
  counted,
  type DailyResult,
  dailyProcesses,
  daysBetween,
  type FieldError,
  type IsoDate,
  longDate,
  saleIdOfKey,
} from '../domain';
import { appendRunLog, apply } from '../sheets/apply';
import {
  type ArchivedKeys,
  copiedKeys,
  copyToArchive,
  createArchive,
  cutBack,
  incomingCells,
  isFull,
  keysWithin,
  openArchive,
  openIfThere,
  removeArchived,
  shareArchive,
  withoutKeys,
} from '../sheets/archive-book';
import {
  ARCHIVED_TABS,
  type ArchivedTab,
  type ArchiveInfo,
  archiveName,
  readArchiveInfo,
  writeArchiveInfo,
} from '../sheets/archive-info';
import type { RunLogEntry } from '../sheets/mappers';
import type { Store } from '../sheets/store';
import { TabUnusableError } from '../sheets/table';
import { withinBudget } from './budget';
import { activeSpreadsheet, openStore, systemTab, userEmail } from './context';
import { INTERACTIVE_WAIT_MS, withDocumentLock } from './lock';
import { endpoint, failure, type Reply } from './reply';

/** Rows moved in one run at most (about 2 M cells): a first archive of years of history takes a few nights. */
export const MAX_ARCHIVED_ROWS = 200_000;
/** An archive spreadsheet takes rows up to this many cells; then the next one is created. */
export const ARCHIVE_CELL_LIMIT = 8_000_000;
/** The nightly check archives once a week (or sooner, to finish a run that hit the row limit). */
const EVERY_DAYS = 7;

export interface ArchiveSummary {
  today: IsoDate;
  cutoff: IsoDate | null;
  /** Rows moved to the archive, per tab, and Carry rows written. */
  moved: Record<ArchivedTab, number>;
  carries: number;
  /** False when the row limit stopped it: the rest moves at the next run. */
  complete: boolean;
  archiveUrl: string | null;
  message: string;
}

/** From the menu: archive now (settled history older than the setting; nothing when it is 0). */
export function archiveHistory(): Reply<{ summary: ArchiveSummary }> {
  return endpoint(() => withDocumentLock(() => archive(openStore(), true), INTERACTIVE_WAIT_MS));
}

function summary(today: IsoDate, message: string, extra: Partial<ArchiveSummary> = {}): ArchiveSummary {
  return {
    today,
    cutoff: null,
    moved: { invoices: 0, payments: 0, adjustments: 0 },
    carries: 0,
    complete: true,
    archiveUrl: null,
    message,
    ...extra,
  };
}

/**
 * Archives under the caller's lock: now (`now`, the menu) or when due (a week since the last run, or one
 * unfinished), and only when "Archive after (days)" is not 0.
 */
export function archive(store: Store, now: boolean): Reply<{ summary: ArchiveSummary }> {
  try {
    return archiveRun(store, now);
  } catch (e) {
    if (e instanceof ArchiveUnreachableError) return failure([{ field: '', message: e.message }]);
    throw e;
  }
}

/**
 * The archive spreadsheet can't be opened by whoever runs this (not shared with them, or deleted): the
 * run stops, naming the archive and its owner. Only its owner may conclude it is gone and start another
 * (mayReplace): anyone else starting one would split the studio's settled history.
 */
class ArchiveUnreachableError extends Error {}

function unreachable(info: ArchiveInfo): ArchiveUnreachableError {
  const me = userEmail() || 'you';
  const name = info.name ? `"${info.name}" (${info.id})` : String(info.id);
  const owner = info.owner || 'whoever first archived this studio';
  return new ArchiveUnreachableError(
    `The archive spreadsheet ${name} can't be opened by ${me}: it belongs to ${owner} and is not shared with ${me} (or it was deleted). Ask ${owner} to run Extensions › Studio Packages › Archive old history now once: that shares the archive with every editor of this spreadsheet. Nothing was archived.`,
  );
}

/** Whether the runner may take an archive that won't open as gone: only its owner (or, unrecorded, the studio's). */
function mayReplace(info: ArchiveInfo): boolean {
  const me = userEmail().trim().toLowerCase();
  const owner = (info.owner || activeSpreadsheet().getOwner()?.getEmail() || '').trim().toLowerCase();
  return me !== '' && me === owner;
}

function archiveRun(store: Store, now: boolean): Reply<{ summary: ArchiveSummary }> {
  const started = new Date();
  const today = store.codec.today();
  const keep = store.settings().archiveDays;
  let info = readArchiveInfo(systemTab());
  const off = summary(today, 'Archiving is off ("Archive after (days)" is 0 in Settings).');
  const idle = keep === 0 && info.journal === null ? off : now || isDue(info, today) ? null : notDue(info, today);
  if (idle) return { ok: true, summary: idle };
  // A run stopped while copying, with archiving turned off since: cut the archive back to what it held.
  if (info.journal?.stage === 'copying' && keep === 0) {
    undoCopying(info, info.journal.sizes);
    return { ok: true, summary: off };
  }
  const journal = info.journal;
  const cutoff = journal ? journal.cutoff : archiveCutoff(today, keep);
  const read = store.state();
  const billing = journal?.stage === 'copied' ? null : dailyProcesses(read, today);
  const behind = billing ? unbilledBefore(billing, cutoff) : null;
  if (behind) return failure([behind]);
  // A sale with a deleted invoice stays live (as one with an unreadable row): archived, the evidence would go.
  const state = { ...read, reservedKeys: new Set([...(read.reservedKeys ?? []), ...(billing?.deleted ?? [])]) };
  // Resuming, the rows to remove are the ones the archive received; the Carry rows are those of their
  // sales (a plan rebuilt now could stop at another sale: the row limit counts today's rows).
  const limit = journal?.stage === 'copied' ? Number.POSITIVE_INFINITY : MAX_ARCHIVED_ROWS;
  const plan = archivePlan(state, store.payments().records, cutoff, limit);
  const keys = planKeys(plan);
  const run = { started, today, cutoff, skipped: plan.skipped };
  if (journal?.stage === 'copied')
    return done(store, { ...resumeCopy(info, plan), ...run, complete: journal.complete !== false });
  const already = journal?.stage === 'copying' ? copiedSoFar(info, journal.sizes, keys) : null;
  if (journal && !already) info = undoCopying(info, journal.sizes);
  if (!already && plan.carries.length === 0 && ARCHIVED_TABS.every((t) => keys[t].size === 0)) {
    writeArchiveInfo(systemTab(), { ...info, lastRun: today, through: cutoff, complete: true });
    return { ok: true, summary: summary(today, `Nothing to archive before ${longDate(cutoff)}.`, { cutoff }) };
  }
  const copy = copyPlan(store, info, plan, { keys, cutoff, started, already });
  if ('stopped' in copy) return { ok: true, summary: stopped(store, { ...run, ...copy }) };
  return done(store, { ...copy, ...run, complete: plan.complete });
}

function done(store: Store, run: Finish): Reply<{ summary: ArchiveSummary }> {
  return { ok: true, summary: finish(store, run) };
}

/**
 * What a run stopped while copying left in the archive (the rows after the journal's sizes), when each is
 * a row the plan moves now; null when the archive can't be opened or holds another row (then undone).
 */
function copiedSoFar(info: ArchiveInfo, sizes: Record<ArchivedTab, number>, keys: ArchivedKeys): ArchivedKeys | null {
  const ss = info.id ? openIfThere(info.id) : null;
  if (!ss) return null;
  const copied = copiedKeys(ss, sizes);
  return keysWithin(copied, keys) ? copied : null;
}

function isDue(info: ArchiveInfo, today: IsoDate): boolean {
  return (
    info.journal !== null || !info.complete || info.lastRun === null || daysBetween(info.lastRun, today) >= EVERY_DAYS
  );
}

function notDue(info: ArchiveInfo, today: IsoDate): ArchiveSummary {
  return summary(today, `Not due: last archived on ${info.lastRun ? longDate(info.lastRun) : 'never'}.`);
}

function planKeys(plan: ArchivePlan): ArchivedKeys {
  return { invoices: plan.invoiceKeys, payments: plan.paymentKeys, adjustments: plan.adjustmentKeys };
}

/** What steps 1–3 leave for the rest: the rows the archive holds, and the Carry rows of their sales. */
interface Copied {
  info: ArchiveInfo;
  archiveUrl: string;
  copied: ArchivedKeys;
  carries: readonly Adjustment[];
  lost: string;
}

/** A run stopped after step 3: the rows the archive received, found there again. */
function resumeCopy(info: ArchiveInfo, plan: ArchivePlan): Copied {
  const volume = info.journal?.volume;
  const ss = openIfThere(volume ?? (info.id as string));
  if (!ss) throw unreachable(volume ? { ...info, id: volume, name: null, owner: null } : info);
  const copied = copiedKeys(ss, info.journal?.sizes ?? { invoices: 0, payments: 0, adjustments: 0 });
  const sales = new Set([...copied.adjustments].map(saleIdOfKey));
  const carries = plan.carries.filter((c) => sales.has(c.saleId));
  return { info, archiveUrl: ss.getUrl(), copied, carries, lost: '' };
}

interface CopyRun {
  keys: ArchivedKeys;
  cutoff: IsoDate;
  started: Date;
  /** The rows a stopped run copied already (resuming it), or null (a new run). */
  already: ArchivedKeys | null;
}

/** Step 2 stopped by the time budget: what the archive holds so far, for the next run to go on from. */
interface Stopped {
  stopped: true;
  archiveUrl: string;
  copied: number;
  total: number;
}

/** Steps 1–3: journal "copying", the rows appended to the archive, journal "copied". */
function copyPlan(store: Store, before: ArchiveInfo, plan: ArchivePlan, run: CopyRun): Copied | Stopped {
  const { keys, cutoff, already } = run;
  // Resuming, the archive is the journal's; a new run takes the current one, or the next when it is full.
  const { info: current, lost } = already
    ? { info: before, lost: '' }
    : currentVolume(store, before, incomingCells(store, keys));
  const book = openArchive(store, current.id as string);
  const owner = shareArchive(book.spreadsheet, activeSpreadsheet());
  const volume: ArchiveInfo = { ...current, owner: owner || current.owner };
  const sizes = already && before.journal ? before.journal.sizes : book.sizes;
  writeArchiveInfo(systemTab(), { ...volume, journal: { stage: 'copying', cutoff, sizes } });
  const rest = already ? withoutKeys(keys, already) : keys;
  if (!copyToArchive(store, book, rest, () => withinBudget(run.started))) {
    const count = (k: ArchivedKeys) => ARCHIVED_TABS.reduce((n, t) => n + k[t].size, 0);
    const copied = count(copiedKeys(book.spreadsheet, sizes));
    return { stopped: true, archiveUrl: book.spreadsheet.getUrl(), copied, total: count(keys) };
  }
  // The highest number counts at once (rows may go from now on); the revenue only once they have gone.
  const info: ArchiveInfo = {
    ...volume,
    highestInvoiceNumber: Math.max(volume.highestInvoiceNumber, plan.highestInvoiceNumber),
    journal: {
      stage: 'copied',
      cutoff,
      sizes,
      revenue: plan.revenue,
      recognition: plan.recognition,
      complete: plan.complete,
    },
  };
  writeArchiveInfo(systemTab(), info);
  return { info, archiveUrl: book.spreadsheet.getUrl(), copied: keys, carries: plan.carries, lost };
}

/** The time budget ran out while copying: nothing has left the live tabs; the next run goes on. */
function stopped(store: Store, run: Stopped & { started: Date; today: IsoDate; cutoff: IsoDate }): ArchiveSummary {
  const { today, cutoff } = run;
  const message = `Copied ${run.copied} of ${counted(run.total, 'row', 'rows')} dated before ${longDate(cutoff)} to the archive so far; the time limit stopped the run there, and the next nightly check (or Archive old history now) goes on from there. Nothing has left these tabs yet.`;
  logRun(store, run, { message, archiveUrl: run.archiveUrl, carries: 0, problems: [] });
  return summary(today, message, { cutoff, complete: false, archiveUrl: run.archiveUrl });
}

interface Finish extends Copied {
  started: Date;
  today: IsoDate;
  cutoff: IsoDate;
  complete: boolean;
  skipped: readonly string[];
}

/** Steps 4–6: the Carry rows, the copied rows removed from the live tabs, the journal cleared, logged. */
function finish(store: Store, run: Finish): ArchiveSummary {
  const { today, cutoff, complete, carries, lost, archiveUrl } = run;
  apply(store, 'carry', { newAdjustments: carries }, today);
  const moved = removeArchived(store, run.copied);
  const revenue = addRevenue(run.info.revenue, run.info.journal?.revenue ?? []);
  const recognition = addRecognition(run.info.recognition ?? [], run.info.journal?.recognition ?? []);
  const done = { revenue, recognition, journal: null, through: cutoff, lastRun: today, complete };
  writeArchiveInfo(systemTab(), { ...run.info, ...done });
  const message = archivedMessage(moved, run);
  logRun(store, run, { message, archiveUrl, carries: carries.length, problems: lost ? [lost] : [] });
  return summary(today, message, { cutoff, moved, carries: carries.length, complete, archiveUrl });
}

function archivedMessage(moved: Record<ArchivedTab, number>, run: Finish): string {
  const { skipped, cutoff, carries, complete, lost } = run;
  const held = skipped.length
    ? ` ${counted(skipped.length, 'sale', 'sales')} left as they are until their unreadable or deleted rows are fixed (see the Run Log): ${skipped.slice(0, 10).join(', ')}.`
    : '';
  const more = complete ? '' : ' More remains: the next nightly check continues.';
  return `Archived ${counted(moved.invoices, 'invoice', 'invoices')}, ${counted(moved.payments, 'payment', 'payments')} and ${counted(moved.adjustments, 'ledger row', 'ledger rows')} dated before ${longDate(cutoff)}; ${counted(carries.length, 'balance', 'balances')} brought forward.${more}${held}${lost ? ` ${lost}` : ''}`;
}

/** Step 1 undone: the archive's tabs cut back to the sizes the journal recorded, the journal cleared. */
function undoCopying(info: ArchiveInfo, sizes: Record<ArchivedTab, number>): ArchiveInfo {
  const ss = openIfThere(info.id as string);
  if (!ss) {
    // The archive can't be opened: its owner takes it as deleted (nothing of this run left the live tabs,
    // so the run starts a new one); anyone else stops and says whose it is.
    if (!mayReplace(info)) throw unreachable(info);
    const lost = { ...info, id: null, full: info.id ? [...info.full, info.id] : info.full, journal: null };
    writeArchiveInfo(systemTab(), lost);
    return lost;
  }
  cutBack(ss, sizes);
  const undone = { ...info, journal: null };
  writeArchiveInfo(systemTab(), undone);
  return undone;
}

/** Invoices and ledger rows due before `cutoff` that Daily Processes has not made yet, as the refusal. */
function unbilledBefore(behind: DailyResult, cutoff: IsoDate): FieldError | null {
  const missed =
    behind.newInvoices.filter((i) => i.dueDate < cutoff).length +
    behind.newAdjustments.filter((a) => a.date < cutoff).length;
  if (missed === 0) return null;
  const rows = `${missed} invoice or ledger row${missed === 1 ? ' is' : 's are'}`;
  return {
    field: 'today',
    message: `Run Daily Processes first: ${rows} due before ${longDate(cutoff)} and not made yet. Nothing was archived.`,
  };
}

/**
 * The archive spreadsheet rows go to: the current one, or a new one (the first, the next when the current
 * one would pass ARCHIVE_CELL_LIMIT, or one replacing a spreadsheet that can no longer be opened). A new
 * one's id is kept at once, so a run stopped while setting it up finishes that one next time.
 */
function currentVolume(store: Store, info: ArchiveInfo, incoming: number): { info: ArchiveInfo; lost: string } {
  const current = info.id ? openIfThere(info.id) : null;
  if (info.id && !current && !mayReplace(info)) throw unreachable(info);
  const lost =
    info.id && !current
      ? `The archive spreadsheet ${info.id} could not be opened by its owner (deleted): a new one was started.`
      : '';
  if (current && !isFull(current, incoming, ARCHIVE_CELL_LIMIT)) return { info, lost };
  const volume = info.full.length + (info.id ? 2 : 1);
  const name = archiveName(store.settings().studioName, volume);
  const id = createArchive(name);
  const next = { ...info, id, name, owner: userEmail() || null, full: info.id ? [...info.full, info.id] : info.full };
  writeArchiveInfo(systemTab(), next);
  return { info: next, lost };
}

/** The Run Log row; an unusable Run Log never turns a run whose writes landed into a failure. */
function logRun(
  store: Store,
  run: { started: Date; today: IsoDate },
  what: { message: string; archiveUrl: string; carries: number; problems: string[] },
): void {
  const entry: RunLogEntry = {
    started: run.started,
    finished: new Date(),
    job: 'Archive',
    today: run.today,
    user: userEmail(),
    invoicesCreated: 0,
    adjustmentsCreated: what.carries,
    problems: what.problems,
    details: `${what.message} Archive: ${what.archiveUrl}`,
  };
  try {
    appendRunLog(store, entry);
  } catch (e) {
    if (!(e instanceof TabUnusableError)) throw e;
  }
}
