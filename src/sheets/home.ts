/**
 * Which spreadsheet the hidden system tab belongs to, and what a copy of it starts with. File › Make a
 * copy copies every tab, the system tab included, but none of the original's installable triggers; a
 * copy is a new studio with the same data:
 *
 * - no nightly run: the original's trigger record and status are not the copy's;
 * - fresh hints (the last ids issued, the tabs' last rows), found again from the tabs;
 * - the original's archives read only (src/sheets/archive-info.ts, adoptArchive), none to write to yet;
 * - its automatic client email held until someone installs the nightly run in the copy: the copy's Email
 *   Log is the original's, so the same invoices would go to the same clients from both spreadsheets.
 */
import { adoptArchive } from './archive-info';
import type { CopyRules, SystemTab } from './system';

export const COPY_RULES: CopyRules = {
  nightly: () => null,
  'nightly status': () => null,
  ids: () => null,
  rows: () => null,
  archive: adoptArchive,
};

/** The spreadsheet the studio was copied from (before or after the copy's first write), or null. */
export function copyOf(system: SystemTab): string | null {
  return system.copiedFrom() ?? system.home()?.copiedFrom ?? null;
}

/** Whether the automatic client email waits: a copy's, until the nightly run is installed in it. */
export function emailHeld(system: SystemTab): boolean {
  return system.copiedFrom() !== null || system.home()?.holdEmail === true;
}

/** Installing the nightly run in a copy makes it a working studio: its client email goes from now on. */
export function releaseEmail(system: SystemTab): void {
  if (emailHeld(system)) system.updateHome({ holdEmail: false });
}

/** What every editor of a copy is told until its nightly run is installed. */
export function copyNotice(system: SystemTab): string | null {
  const from = copyOf(system);
  if (!from || !emailHeld(system)) return null;
  return `This spreadsheet is a copy of another studio spreadsheet (${from}): it has no nightly run and no archive of its own yet, and client emails are held. Install nightly trigger (Extensions › Studio Packages) to make it a working studio — and remove the nightly run from the original if this copy replaces it, or both will bill and email your clients.`;
}

export const EMAIL_HELD =
  'Client email held: this spreadsheet is a copy, and no nightly run has been installed in it yet (Install nightly trigger releases it). Nothing was sent.';
