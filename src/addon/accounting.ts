/**
 * "Export for accounting…": the invoices and payments of a date range written to three tabs, in the
 * import layouts of Xero (sales invoices; payments as bank statement lines) and QuickBooks Online
 * (invoices): src/domain/exports.ts makes the rows, src/sheets/exports.ts writes the tabs. The owner
 * downloads each with File › Download › Comma-separated values. Nothing else changes but one Run Log row.
 *
 * Months moved to the archive export the same: when the range starts before the last archive run, the
 * archive spreadsheets' invoices and payments are read too (a row still live counts once). An archive
 * that can't be opened is said in the answer and the Run Log: its rows are then missing from the export.
 */
import {
  type AccountingExport,
  accountingExport,
  type Client,
  checkExportRange,
  counted,
  EXPORT_RANGE,
  type ExportInput,
  type ExportRange,
  formatMoney,
  longDate,
} from '../domain';
import { appendRunLog } from '../sheets/apply';
import { type ArchivedRecords, readArchivedRecords } from '../sheets/archive-book';
import { readArchiveInfo } from '../sheets/archive-info';
import { EXPORT_TABS, writeExports } from '../sheets/exports';
import type { Store } from '../sheets/store';
import { describeProblem, TabUnusableError } from '../sheets/table';
import { openStore, systemTab, userEmail } from './context';
import { INTERACTIVE_WAIT_MS, withDocumentLock } from './lock';
import { endpoint, failure, type Reply } from './reply';

export interface ExportSummary {
  from: string;
  to: string;
  invoices: number;
  payments: number;
  voided: number;
  /** The tabs written, in order. */
  tabs: string[];
  /** Whether the range reached archived months, and whether every archive could be read. */
  archive: 'not needed' | 'included' | 'incomplete';
  message: string;
  /** Rows that could not be read (left out of the export), as the Run Log says them. */
  problems: string[];
}

/** `{ from, to }` (YYYY-MM-DD, both included): rewrites the three export tabs. Bad dates change nothing. */
export function exportForAccounting(input: ExportInput): Reply<{ summary: ExportSummary }> {
  return endpoint(() => {
    const parsed = EXPORT_RANGE.parse(input);
    if (!parsed.ok) return failure(parsed.errors);
    const store = openStore();
    const range = checkExportRange(parsed.value, store.codec.today());
    if (!range.ok) return failure(range.errors);
    return withDocumentLock(() => ({ ok: true as const, summary: runExport(store, range.value) }), INTERACTIVE_WAIT_MS);
  });
}

type Archive = ArchivedRecords & { reached: boolean };

function runExport(store: Store, range: ExportRange): ExportSummary {
  const started = new Date();
  const archive = archivedFor(store, range);
  const settings = store.settings();
  const result = accountingExport(
    {
      invoices: withArchived(store.invoices().records, archive.invoices),
      payments: withArchived(store.payments().records, archive.payments),
      sales: store.sales().records,
      clients: clientsIfAny(store),
    },
    { ...settings },
    range,
  );
  writeExports(store.spreadsheet, result);
  const problems = [...store.problems, ...archive.problems].map(describeProblem);
  const summary = describe(range, result, archive, settings, problems);
  logRun(store, started, summary);
  return summary;
}

/** The archive's invoices and payments when the range starts before its last run (else none read). */
function archivedFor(store: Store, range: ExportRange): Archive {
  const info = readArchiveInfo(systemTab());
  const ids = [...info.full, ...(info.id ? [info.id] : [])];
  const reached = ids.length > 0 && (info.lastRun === null || range.from <= info.lastRun);
  if (!reached) return { invoices: [], payments: [], unreadable: [], problems: [], reached };
  return { ...readArchivedRecords(store, ids), reached };
}

/** The live rows, then the archived ones not also live (a run stopped between copying and removing). */
function withArchived<T extends { key: string }>(live: readonly T[], archived: readonly T[]): T[] {
  const keys = new Set(live.map((r) => r.key));
  return live.concat(archived.filter((r) => !keys.has(r.key)));
}

/** The clients (for their emails); none when the tab can't be used. */
function clientsIfAny(store: Store): readonly Client[] {
  try {
    return store.clients().records;
  } catch (e) {
    if (!(e instanceof TabUnusableError)) throw e;
    return [];
  }
}

function describe(
  range: ExportRange,
  r: AccountingExport,
  archive: Archive,
  settings: { currency: string; pricesIncludeTax: boolean },
  problems: string[],
): ExportSummary {
  const money = (cents: number) => formatMoney(cents, settings.currency);
  const tabs = Object.values(EXPORT_TABS);
  const state = !archive.reached ? 'not needed' : archive.unreadable.length ? 'incomplete' : 'included';
  const lines = [
    `Exported ${counted(r.invoices, 'invoice', 'invoices')} (${money(r.grossCents)}, tax ${money(r.taxCents)}) and ${counted(r.payments, 'payment', 'payments')} (${money(r.paidCents)}) from ${longDate(range.from)} to ${longDate(range.to)} to the tabs ${tabs.join(', ')}.`,
    `Amounts are tax ${settings.pricesIncludeTax ? 'inclusive' : 'exclusive'} (Settings › Prices include tax): choose the same when you import.`,
    r.voided
      ? `${counted(r.voided, 'void invoice', 'void invoices')} left out (neither Xero nor QuickBooks imports a void invoice).`
      : '',
    state === 'included' ? 'Archived months are included (read from the archive spreadsheets).' : '',
    state === 'incomplete'
      ? `ARCHIVED MONTHS NOT INCLUDED: ${counted(archive.unreadable.length, 'archive spreadsheet', 'archive spreadsheets')} could not be opened (${archive.unreadable.join(', ')}); invoices and payments archived there are missing from this export.`
      : '',
    problems.length
      ? `${counted(problems.length, 'row', 'rows')} could not be read and ${problems.length === 1 ? 'was' : 'were'} left out (see the Run Log).`
      : '',
  ];
  const message = lines.filter(Boolean).join(' ');
  return {
    ...range,
    invoices: r.invoices,
    payments: r.payments,
    voided: r.voided,
    tabs,
    archive: state,
    message,
    problems,
  };
}

/** The Run Log row; an unusable Run Log never turns an export whose tabs were written into a failure. */
function logRun(store: Store, started: Date, summary: ExportSummary): void {
  try {
    appendRunLog(store, {
      started,
      finished: new Date(),
      job: 'Export for accounting',
      today: store.codec.today(),
      user: userEmail(),
      invoicesCreated: 0,
      adjustmentsCreated: 0,
      problems: summary.problems,
      details: summary.message,
    });
  } catch (e) {
    if (!(e instanceof TabUnusableError)) throw e;
  }
}
