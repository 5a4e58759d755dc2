/**
 * What the add-on remembers about the archive spreadsheet, in the hidden system tab (src/sheets/system.ts),
 * written in one range write: all or nothing, which the archive job's crash safety relies on.
 */
import type { IsoDate, RecognitionMonth, RevenueRow } from '../domain';
import type { Archived } from './store';
import type { SystemTab } from './system';

const KEY = 'archive';

export const ARCHIVED_TABS = ['invoices', 'payments', 'adjustments'] as const;
export type ArchivedTab = (typeof ARCHIVED_TABS)[number];

export interface ArchiveInfo {
  /** The archive spreadsheet rows go to, once created. */
  id: string | null;
  /**
   * Earlier archive spreadsheets, read only: full ones (each holds up to ARCHIVE_CELL_LIMIT cells), and in
   * a copy of a studio the original's archives (src/sheets/home.ts).
   */
  full: string[];
  /** The archive spreadsheet's name and owner as last seen (named when it can't be opened). */
  name?: string | null;
  owner?: string | null;
  /** The cutoff of the last complete archive run, and the day it ran. */
  through: IsoDate | null;
  lastRun: IsoDate | null;
  /** False when the last run stopped at its row limit: the next nightly check runs again. */
  complete: boolean;
  highestInvoiceNumber: number;
  revenue: RevenueRow[];
  /** What the archived history adds to Revenue Recognition, per month (none from before it was kept). */
  recognition: RecognitionMonth[];
  /**
   * A run in progress: `copying` rows to the archive (whose tabs had `sizes` rows before), or `copied`
   * them (the live rows are next to go).
   */
  journal: {
    stage: 'copying' | 'copied';
    cutoff: IsoDate;
    sizes: Record<ArchivedTab, number>;
    /** What the copied rows add to Revenue by Month: counted once they have left the live tabs. */
    revenue?: RevenueRow[];
    recognition?: RecognitionMonth[];
    /** False when the row limit stopped the run: more to archive. */
    complete?: boolean;
    /** The archive the rows went to, when it is no longer `id` (a copy resuming the original's run). */
    volume?: string;
  } | null;
}

const EMPTY: ArchiveInfo = {
  id: null,
  full: [],
  through: null,
  lastRun: null,
  complete: true,
  highestInvoiceNumber: 0,
  revenue: [],
  recognition: [],
  journal: null,
};

const REVENUE = 'revenue:';
const RECOGNITION = 'recognition:';

/**
 * The stored info: the `archive` row of the system tab, with one `revenue:YYYY-MM` row per archived month
 * (so no value grows without bound). A row that does not parse (hand-edited) counts as no archive yet.
 */
export function readArchiveInfo(system: SystemTab): ArchiveInfo {
  const stored = system.json<Partial<ArchiveInfo>>(KEY);
  if (!stored) return { ...EMPTY };
  const months = system.keys().filter((k) => k.startsWith(REVENUE));
  const revenue = months.map((k) => system.json<RevenueRow>(k)).filter((r): r is RevenueRow => r !== null);
  const recognition = system
    .keys()
    .filter((k) => k.startsWith(RECOGNITION))
    .map((k) => system.json<RecognitionMonth>(k))
    .filter((r): r is RecognitionMonth => r !== null);
  return { ...EMPTY, ...stored, revenue, recognition };
}

/** The system tab's rows of the info: the `archive` row, then one row per archived month. */
function entriesOf(info: ArchiveInfo): [key: string, value: unknown][] {
  const { revenue, recognition, ...rest } = info;
  return [
    [KEY, rest],
    ...revenue.map((r): [string, unknown] => [`${REVENUE}${r.month}`, r]),
    ...(recognition ?? []).map((r): [string, unknown] => [`${RECOGNITION}${r.month}`, r]),
  ];
}

/**
 * Writes the info in one range write, and commits it before anything else happens: the archive job's
 * crash safety relies on the journal landing before the rows it describes are copied to the archive
 * spreadsheet (buffered writes to two spreadsheets need not land in order).
 */
export function writeArchiveInfo(system: SystemTab, info: ArchiveInfo): void {
  for (const [key, value] of entriesOf(info)) system.put(key, value);
  system.flush();
  SpreadsheetApp.flush();
}

/**
 * The rows a new system tab starts with in a studio that kept its archive info in a document property
 * (before the system tab existed; only a script bound to it can read that property). Read once, when
 * the tab is created; the property is deleted once the tab holds it.
 */
export function legacyArchiveRows(): [key: string, value: string][] {
  const props = documentProperties();
  const raw = props?.getProperty(KEY);
  if (!raw) return [];
  try {
    const info = { ...EMPTY, ...(JSON.parse(raw) as Partial<ArchiveInfo>) };
    return entriesOf(info).map(([key, value]) => [key, JSON.stringify(value)]);
  } catch {
    return [];
  }
}

/** Deletes the document property once the system tab holds what it held. */
export function forgetLegacyArchive(): void {
  documentProperties()?.deleteProperty(KEY);
}

/** Document properties where this execution has them (a published add-on's trigger has none). */
function documentProperties(): GoogleAppsScript.Properties.Properties | null {
  try {
    return PropertiesService.getDocumentProperties() ?? null;
  } catch {
    return null;
  }
}

/**
 * What a copy of the studio starts with (File › Make a copy copies the system tab): the original's
 * archives become read-only earlier volumes (exports read them; their invoice numbers and revenue still
 * count), and the copy has no archive of its own yet: its first run creates one, owned by whoever runs
 * it, so nothing the copy does writes to the original's archive. A run the original had stopped while
 * copying is forgotten (every row it copied is still in the copy's live tabs); one stopped after copying
 * is finished from the original's archive, read only (`journal.volume`).
 */
export function adoptArchive(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const info = { ...EMPTY, ...(value as Partial<ArchiveInfo>) };
  const full = info.id && !info.full.includes(info.id) ? [...info.full, info.id] : info.full;
  const journal =
    info.journal?.stage === 'copied' ? { ...info.journal, volume: info.journal.volume ?? info.id ?? undefined } : null;
  const { revenue: _revenue, recognition: _recognition, ...rest } = info;
  return { ...rest, id: null, name: null, owner: null, full, journal };
}

export function archivedTotals(info: ArchiveInfo): Archived {
  return { highestInvoiceNumber: info.highestInvoiceNumber, revenue: info.revenue, recognition: info.recognition };
}

export function archiveName(studioName: string, volume: number): string {
  return volume === 1 ? `${studioName} – archive` : `${studioName} – archive ${volume}`;
}
