/**
 * What the add-on remembers about the archive spreadsheet, in the hidden system tab (src/sheets/system.ts),
 * written in one range write: all or nothing, which the archive job's crash safety relies on.
 */
import type { IsoDate, RevenueRow } from '../domain';
import type { Archived } from '../sheets/store';
import type { SystemTab } from '../sheets/system';

const KEY = 'archive';

export const ARCHIVED_TABS = ['invoices', 'payments', 'adjustments'] as const;
export type ArchivedTab = (typeof ARCHIVED_TABS)[number];

export interface ArchiveInfo {
  /** The archive spreadsheet rows go to, once created. */
  id: string | null;
  /** Earlier archive spreadsheets, full (each holds up to ARCHIVE_CELL_LIMIT cells). */
  full: string[];
  /** The cutoff of the last complete archive run, and the day it ran. */
  through: IsoDate | null;
  lastRun: IsoDate | null;
  /** False when the last run stopped at its row limit: the next nightly check runs again. */
  complete: boolean;
  highestInvoiceNumber: number;
  revenue: RevenueRow[];
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
    /** False when the row limit stopped the run: more to archive. */
    complete?: boolean;
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
  journal: null,
};

const REVENUE = 'revenue:';

/**
 * The stored info: the `archive` row of the system tab, with one `revenue:YYYY-MM` row per archived month
 * (so no value grows without bound). A row that does not parse (hand-edited) counts as no archive yet.
 * A studio set up before the system tab kept it in a document property: that is read until the next write.
 */
export function readArchiveInfo(system: SystemTab): ArchiveInfo {
  const stored = system.json<Partial<ArchiveInfo>>(KEY) ?? legacyInfo();
  if (!stored) return { ...EMPTY };
  const months = system.keys().filter((k) => k.startsWith(REVENUE));
  const revenue = months.length
    ? months.map((k) => system.json<RevenueRow>(k)).filter((r): r is RevenueRow => r !== null)
    : (stored.revenue ?? []);
  return { ...EMPTY, ...stored, revenue };
}

/** Writes the info in one call (the archive job's crash safety relies on it landing all or nothing). */
export function writeArchiveInfo(system: SystemTab, info: ArchiveInfo): void {
  const { revenue, ...rest } = info;
  system.put(KEY, rest);
  for (const row of revenue) system.put(`${REVENUE}${row.month}`, row);
  system.flush();
  // A studio upgraded from the document property: the tab holds it now.
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

function legacyInfo(): Partial<ArchiveInfo> | null {
  const raw = documentProperties()?.getProperty(KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Partial<ArchiveInfo>;
  } catch {
    return null;
  }
}

export function archivedTotals(info: ArchiveInfo): Archived {
  return { highestInvoiceNumber: info.highestInvoiceNumber, revenue: info.revenue };
}

export function archiveName(studioName: string, volume: number): string {
  return volume === 1 ? `${studioName} – archive` : `${studioName} – archive ${volume}`;
}
