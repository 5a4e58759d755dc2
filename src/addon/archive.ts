/**
 * "Archive old history": settled invoices (with their payments) and ledger rows older than the
 * Settings' "Archive after (days)" move to the archive spreadsheet; each sale's balance is brought
 * forward on a Carry row. The rules are src/domain/archive.ts; this is the crash-safe order of writes:
 *
 *   1. journal "copying" (with the archive tabs' sizes)  2. append the rows to the archive
 *   3. journal "copied" + highest invoice number + revenue, in one property write
 *   4. append the Carry rows to Adjustments             5. remove the copied rows from the live tabs
 *   6. clear the journal; one Run Log row.
 *
 * A run stopped in 2 is undone (the archive tabs cut back to their sizes) and starts again; a run stopped
 * after 3 resumes: it removes from the live tabs exactly the rows the archive received, so a row is never
 * lost nor archived twice. Live rows dated before a Carry row no longer count (ledger.liveLedger), so
 * every state in between bills and balances correctly.
 */
import { TABS } from '../../sheets-template/tabs';
import {
  addRevenue,
  archiveCutoff,
  archivePlan,
  dailyProcesses,
  daysBetween,
  type IsoDate,
  type State,
  saleIdOfKey,
} from '../domain';
import { type Cell, textOf } from '../sheets/cells';
import type { Store } from '../sheets/store';
import { Table, TabUnusableError } from '../sheets/table';
import { WRITE_ORDER } from '../sheets/write-order';
import { addAdjustments, addRunLog } from '../sheets/writes';
import {
  ARCHIVED_TABS,
  type ArchivedTab,
  type ArchiveInfo,
  archiveName,
  readArchiveInfo,
  writeArchiveInfo,
} from './archive-info';
import { openStore, systemTab, userEmail } from './context';
import { INTERACTIVE_WAIT_MS, withDocumentLock } from './lock';
import { endpoint, failure, type Reply } from './reply';
import { setUpTab } from './setup';

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
  const started = new Date();
  const today = store.codec.today();
  const keep = store.settings().archiveDays;
  let info = readArchiveInfo(systemTab());
  const due =
    info.journal !== null || !info.complete || info.lastRun === null || daysBetween(info.lastRun, today) >= EVERY_DAYS;
  const off = summary(today, 'Archiving is off ("Archive after (days)" is 0 in Settings).');
  if (keep === 0 && info.journal === null) return { ok: true, summary: off };
  if (!now && !due) return { ok: true, summary: summary(today, `Not due: last archived on ${info.lastRun}.`) };

  // A run stopped while copying: cut the archive back to what it held, and start again.
  if (info.journal?.stage === 'copying') {
    info = undoCopying(info, info.journal.sizes);
    if (keep === 0) return { ok: true, summary: off };
  }

  const resuming = info.journal?.stage === 'copied' ? info.journal : null;
  const cutoff = resuming ? resuming.cutoff : archiveCutoff(today, keep);
  const state = store.state();
  const payments = store.payments().records;
  if (!resuming) {
    const missed = unbilledBefore(state, today, cutoff);
    if (missed > 0) {
      return failure([
        {
          field: 'today',
          message: `Run Daily Processes first: ${missed} invoice or ledger row${missed === 1 ? ' is' : 's are'} due before ${cutoff} and not made yet. Nothing was archived.`,
        },
      ]);
    }
  }
  // Resuming, the rows to remove are the ones the archive received; the Carry rows are those of their
  // sales (a plan rebuilt now could stop at another sale: the row limit counts today's rows).
  const plan = archivePlan(state, payments, cutoff, resuming ? Number.POSITIVE_INFINITY : MAX_ARCHIVED_ROWS);
  const keys: Record<ArchivedTab, ReadonlySet<string>> = {
    invoices: plan.invoiceKeys,
    payments: plan.paymentKeys,
    adjustments: plan.adjustmentKeys,
  };
  const nothing = plan.carries.length === 0 && ARCHIVED_TABS.every((t) => keys[t].size === 0);
  if (nothing && !resuming) {
    writeArchiveInfo(systemTab(), { ...info, lastRun: today, through: cutoff, complete: true });
    return { ok: true, summary: summary(today, `Nothing to archive before ${cutoff}.`, { cutoff }) };
  }

  let ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  let copied: Record<ArchivedTab, ReadonlySet<string>>;
  let carries = plan.carries;
  let lost = '';
  if (resuming) {
    ss = SpreadsheetApp.openById(info.id as string);
    copied = copiedKeys(ss, resuming.sizes);
    const sales = new Set([...copied.adjustments].map(saleIdOfKey));
    carries = plan.carries.filter((c) => sales.has(c.saleId));
  } else {
    ({ info, lost } = currentVolume(store, info, incomingCells(store, keys)));
    ss = openArchive(store, info.id as string);
    const tables = ARCHIVED_TABS.map((tab) => ({ tab, table: Table.forAppend(ss, TABS[tab], store.codec) }));
    const sizes = { invoices: 0, payments: 0, adjustments: 0 };
    for (const { tab, table } of tables) sizes[tab] = table.lastRow;
    writeArchiveInfo(systemTab(), { ...info, journal: { stage: 'copying', cutoff, sizes } });
    for (const { tab, table } of tables) copyRows(store, ss, tab, table, keys[tab]);
    // The highest number counts at once (rows may go from now on); the revenue only once they have gone.
    info = {
      ...info,
      highestInvoiceNumber: Math.max(info.highestInvoiceNumber, plan.highestInvoiceNumber),
      journal: { stage: 'copied', cutoff, sizes, revenue: plan.revenue, complete: plan.complete },
    };
    writeArchiveInfo(systemTab(), info);
    copied = keys;
  }

  addAdjustments(store, carries);
  store.flush(WRITE_ORDER.carry);
  const moved = { invoices: 0, payments: 0, adjustments: 0 };
  for (const tab of ARCHIVED_TABS) {
    const rowOf = rowsByKey(store, tab);
    const rows = new Set<number>();
    for (const key of copied[tab]) {
      const row = rowOf.get(key);
      if (row !== undefined) rows.add(row);
    }
    store.table(tab).removeRows(rows);
    moved[tab] = rows.size;
  }
  const revenue = addRevenue(info.revenue, info.journal?.revenue ?? []);
  const complete = resuming ? resuming.complete !== false : plan.complete;
  info = { ...info, revenue, journal: null, through: cutoff, lastRun: today, complete };
  writeArchiveInfo(systemTab(), info);

  const skipped = plan.skipped.length
    ? ` ${plan.skipped.length} sale(s) left as they are until their unreadable rows are fixed (see the Run Log): ${plan.skipped.slice(0, 10).join(', ')}.`
    : '';
  const message = `Archived ${moved.invoices} invoices, ${moved.payments} payments and ${moved.adjustments} ledger rows dated before ${cutoff}; ${carries.length} balances brought forward.${complete ? '' : ' More remains: the next nightly check continues.'}${skipped}${lost ? ` ${lost}` : ''}`;
  const archiveUrl = ss.getUrl();
  logRun(store, {
    started,
    finished: new Date(),
    job: 'Archive',
    today,
    user: userEmail(),
    invoicesCreated: 0,
    adjustmentsCreated: carries.length,
    problems: lost ? [lost] : [],
    details: `${message} Archive: ${archiveUrl}`,
  });
  return {
    ok: true,
    summary: summary(today, message, {
      cutoff,
      moved,
      carries: carries.length,
      complete,
      archiveUrl,
    }),
  };
}

/** Step 1 undone: the archive's tabs cut back to the sizes the journal recorded, the journal cleared. */
function undoCopying(info: ArchiveInfo, sizes: Record<ArchivedTab, number>): ArchiveInfo {
  const ss = openIfThere(info.id as string);
  if (!ss) {
    // The archive can't be opened (deleted, or not shared with whoever runs this): nothing of this run
    // left the live tabs, so forget that archive; the run starts a new one.
    const lost = { ...info, id: null, full: info.id ? [...info.full, info.id] : info.full, journal: null };
    writeArchiveInfo(systemTab(), lost);
    return lost;
  }
  for (const tab of ARCHIVED_TABS) {
    const sheet = ss.getSheetByName(TABS[tab].name);
    const last = sheet ? sheet.getLastRow() : 0;
    if (sheet && last > sizes[tab]) sheet.deleteRows(sizes[tab] + 1, last - sizes[tab]);
  }
  const undone = { ...info, journal: null };
  writeArchiveInfo(systemTab(), undone);
  return undone;
}

/** How many invoices and ledger rows due before `cutoff` Daily Processes has not made yet. */
function unbilledBefore(state: State, today: IsoDate, cutoff: IsoDate): number {
  const behind = dailyProcesses(state, today);
  return (
    behind.newInvoices.filter((i) => i.dueDate < cutoff).length +
    behind.newAdjustments.filter((a) => a.date < cutoff).length
  );
}

/** The cells the rows to move take (what the archive spreadsheet must have room for). */
function incomingCells(store: Store, keys: Record<ArchivedTab, ReadonlySet<string>>): number {
  return ARCHIVED_TABS.reduce((n, tab) => n + keys[tab].size * store.table(tab).headers().length, 0);
}

/**
 * The archive spreadsheet rows go to: the current one, or a new one (the first, the next when the current
 * one would pass ARCHIVE_CELL_LIMIT, or one replacing a spreadsheet that can no longer be opened). A new
 * one's id is kept at once, so a run stopped while setting it up finishes that one next time.
 */
function currentVolume(store: Store, info: ArchiveInfo, incoming: number): { info: ArchiveInfo; lost: string } {
  const current = info.id ? openIfThere(info.id) : null;
  const lost =
    info.id && !current
      ? `The archive spreadsheet ${info.id} could not be opened (deleted, or no longer shared with you): a new one was started.`
      : '';
  if (current && !isFull(current, incoming)) return { info, lost };
  const volume = info.full.length + (info.id ? 2 : 1);
  const created = SpreadsheetApp.create(archiveName(store.settings().studioName, volume));
  const next = { ...info, id: created.getId(), full: info.id ? [...info.full, info.id] : info.full };
  writeArchiveInfo(systemTab(), next);
  return { info: next, lost };
}

/** Step 2 for one tab: the live rows with these keys appended to the archive tab, every column kept. */
function copyRows(
  store: Store,
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  tab: ArchivedTab,
  table: Table,
  keys: ReadonlySet<string>,
): void {
  const live = store.table(tab);
  const rowOf = rowsByKey(store, tab);
  const headers = live.headers();
  // Owners' own columns go along: the archive tab gets their headers first.
  const target = addMissingHeaders(ss, tab, table.headers(), headers)
    ? Table.forAppend(ss, TABS[tab], store.codec)
    : table;
  for (const key of keys) {
    const cells = live.rowCells(rowOf.get(key) as number);
    const record: Record<string, Cell> = {};
    headers.forEach((h, i) => {
      if (h) record[h] = cells[i] ?? '';
    });
    target.append(record);
  }
  target.flush();
}

/** The Run Log row; an unusable Run Log never turns a run whose writes landed into a failure. */
function logRun(store: Store, entry: Parameters<typeof addRunLog>[1]): void {
  try {
    addRunLog(store, entry);
    store.flush(WRITE_ORDER.runLog);
  } catch (e) {
    if (!(e instanceof TabUnusableError)) throw e;
  }
}

/** The sheet row of each key in a live tab (rows that parsed; others never move). */
function rowsByKey(store: Store, tab: ArchivedTab): Map<string, number> {
  if (tab === 'invoices') return store.invoices().rowOf;
  if (tab === 'payments') return store.payments().rowOf;
  return store.adjustments().rowOf;
}

/** The archive spreadsheet, with its three tabs set up (Set up workbook's rules: missing tabs and columns). */
function openArchive(store: Store, id: string): GoogleAppsScript.Spreadsheet.Spreadsheet {
  const ss = SpreadsheetApp.openById(id);
  if (ss.getSpreadsheetTimeZone() !== store.codec.timeZone) ss.setSpreadsheetTimeZone(store.codec.timeZone);
  const report = { createdTabs: [], addedColumns: [], addedSettings: [] };
  for (const tab of ARCHIVED_TABS) setUpTab(ss, TABS[tab], report);
  // The blank first sheet SpreadsheetApp.create made is named in the owner's locale ("Sheet1", "Hoja 1",
  // "Feuille 1"…): find it as the sheet that is not an archive tab and holds nothing.
  const ours = new Set<string>(ARCHIVED_TABS.map((tab) => TABS[tab].name));
  for (const sheet of ss.getSheets()) {
    if (!ours.has(sheet.getName()) && sheet.getLastRow() === 0 && sheet.getLastColumn() === 0) ss.deleteSheet(sheet);
  }
  return ss;
}

/**
 * Whether the archive spreadsheet would pass ARCHIVE_CELL_LIMIT with `incoming` more cells (Sheets' limit
 * is 10 M cells a spreadsheet, empty grid cells included).
 */
function isFull(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, incoming: number): boolean {
  let cells = 0;
  for (const sheet of ss.getSheets()) cells += sheet.getMaxRows() * sheet.getMaxColumns();
  return cells > 0 && cells + incoming > ARCHIVE_CELL_LIMIT;
}

/** The spreadsheet, or null when it can't be opened (deleted, or access lost). */
function openIfThere(id: string): GoogleAppsScript.Spreadsheet.Spreadsheet | null {
  try {
    return SpreadsheetApp.openById(id);
  } catch {
    return null;
  }
}

/** Adds to an archive tab's header row the live tab's headers it lacks (owners' own columns); true if any. */
function addMissingHeaders(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  tab: ArchivedTab,
  archived: readonly string[],
  live: readonly string[],
): boolean {
  const missing = live.filter((h) => h !== '' && !archived.includes(h));
  if (missing.length === 0) return false;
  const sheet = ss.getSheetByName(TABS[tab].name) as GoogleAppsScript.Spreadsheet.Sheet;
  const start = archived.length + 1;
  const needed = start + missing.length - 1;
  if (needed > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), needed - sheet.getMaxColumns());
  sheet.getRange(1, start, 1, missing.length).setValues([missing]).setFontWeight('bold');
  return true;
}

/** The keys the archive received after `sizes` (the rows a stopped run copied). */
function copiedKeys(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  sizes: Record<ArchivedTab, number>,
): Record<ArchivedTab, ReadonlySet<string>> {
  const out = { invoices: new Set<string>(), payments: new Set<string>(), adjustments: new Set<string>() };
  for (const tab of ARCHIVED_TABS) {
    const sheet = ss.getSheetByName(TABS[tab].name);
    if (!sheet) continue;
    const last = sheet.getLastRow();
    if (last <= sizes[tab]) continue;
    const header = sheet
      .getRange(1, 1, 1, sheet.getLastColumn())
      .getValues()[0]
      .map((h) => textOf(h as Cell));
    const col = header.indexOf('Key') + 1;
    if (col === 0) continue;
    for (const [v] of sheet.getRange(sizes[tab] + 1, col, last - sizes[tab], 1).getValues())
      out[tab].add(textOf(v as Cell));
  }
  return out;
}
