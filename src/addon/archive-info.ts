/**
 * What the add-on remembers about the archive spreadsheet, in one document property (one property is
 * written all or nothing, which the archive job's crash safety relies on).
 */
import type { IsoDate, RevenueRow } from '../domain';
import type { Archived } from '../sheets/store';

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

/** The stored info; a property that does not parse (hand-edited) counts as no archive yet. */
export function readArchiveInfo(): ArchiveInfo {
  const raw = PropertiesService.getDocumentProperties().getProperty(KEY);
  if (!raw) return { ...EMPTY };
  try {
    const parsed = JSON.parse(raw) as Partial<ArchiveInfo>;
    return { ...EMPTY, ...parsed };
  } catch {
    return { ...EMPTY };
  }
}

export function writeArchiveInfo(info: ArchiveInfo): void {
  PropertiesService.getDocumentProperties().setProperty(KEY, JSON.stringify(info));
}

export function archivedTotals(info: ArchiveInfo): Archived {
  return { highestInvoiceNumber: info.highestInvoiceNumber, revenue: info.revenue };
}

export function archiveName(studioName: string, volume: number): string {
  return volume === 1 ? `${studioName} – archive` : `${studioName} – archive ${volume}`;
}
