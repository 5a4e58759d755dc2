/**
 * "Set up workbook": brings the workbook to the current layout (src/sheets/upgrade.ts): missing tabs and
 * columns, dropdowns with their current choices, missing settings and message kinds, and the default words
 * of a message never edited. Never deletes or moves data. The first Daily Processes of a version whose
 * layout is newer (the nightly run's, the menu's) runs the same upgrade first (`upgradeIfOlder`).
 */
import { LAYOUT_VERSION } from '../../sheets-template/layouts';
import { TABS } from '../../sheets-template/tabs';
import { appendRunLog } from '../sheets/apply';
import { forgetLegacyArchive } from '../sheets/archive-info';
import { protectTabs } from '../sheets/protect';
import { fullSchema, noteSchema, readSchema } from '../sheets/schema';
import { TabUnusableError } from '../sheets/table';
import {
  hasStudioTabs,
  noteLayout,
  recordedLayout,
  type UpgradeReport,
  upgradedSchema,
  upgradeWorkbook,
} from '../sheets/upgrade';
import { activeSpreadsheet, openStore, systemTab, userEmail } from './context';
import { RetiredError, withDocumentLock } from './lock';
import { endpoint, type Reply } from './reply';

export type { UpgradeReport };

/** Creates every missing tab and column, and brings the rest to the current layout; says what changed. */
export function setUpWorkbook(): Reply<{ report: UpgradeReport }> {
  return endpoint(() =>
    withDocumentLock(() => {
      const report = upgrade('Set up workbook', true);
      // The lock created the hidden system tab (with any archive state an earlier version kept in a
      // document property); the property can go once the tab holds it.
      forgetLegacyArchive();
      return { ok: true, report };
    }),
  );
}

/** The upgrade, under the caller's lock: the workbook, then its record, protections and Run Log row. */
function upgrade(job: string, createTabs: boolean): UpgradeReport {
  const started = new Date();
  const ss = activeSpreadsheet();
  const report = upgradeWorkbook(ss, systemTab(), readSchema(systemTab()), createTabs);
  // From now on every column and setting is one this workbook has had: a header renamed later stops
  // the work that reads it, never reads as empty (src/sheets/schema.ts).
  noteSchema(systemTab(), upgradedSchema(ss, fullSchema()));
  noteLayout(systemTab(), report);
  systemTab().flush();
  protectTabs(ss); // warning-only: Sheets asks an owner who edits a header or a key column to confirm
  SpreadsheetApp.flush();
  // A new workbook's first set up is not an upgrade: no Run Log row.
  if (report.createdTabs.length < Object.keys(TABS).length) logUpgrade(job, started, report.changes, []);
  return report;
}

/**
 * The Run Log row of an upgrade that changed something, or failed. A Run Log that can't be used is left
 * alone: the reply still says what changed.
 */
function logUpgrade(job: string, started: Date, changes: readonly string[], problems: string[]): void {
  if (!changes.length && !problems.length) return;
  try {
    const store = openStore();
    appendRunLog(store, {
      started,
      finished: new Date(),
      job,
      today: store.codec.today(),
      user: userEmail(),
      invoicesCreated: 0,
      adjustmentsCreated: 0,
      problems,
      details: changes.join('\n'),
    });
  } catch (e) {
    if (!(e instanceof TabUnusableError)) throw e;
  }
}

/**
 * Before Daily Processes (the nightly run's and the menu's): a workbook that records an older layout (or
 * none) is brought to the current one first, under the studio's lock, once. Returns what it changed. A
 * tab missing is left to Set up workbook. Busy or failing, Daily Processes still runs (it reads every
 * layout), and the next run tries again; a failure is in the Run Log.
 */
export function upgradeIfOlder(waitMs: number): string[] {
  if (recordedLayout(systemTab()) >= LAYOUT_VERSION) return [];
  try {
    return withDocumentLock(() => {
      if (recordedLayout(systemTab()) >= LAYOUT_VERSION || !hasStudioTabs(activeSpreadsheet())) return [];
      const started = new Date();
      try {
        return upgrade('Workbook upgrade', false).changes;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        logUpgrade('Workbook upgrade (failed)', started, [], [`${message} Run Set up workbook.`]);
        throw e;
      }
    }, waitMs);
  } catch (e) {
    if (e instanceof RetiredError) throw e;
    return [];
  }
}

/** The upgrade's changes, as the menu's Daily Processes alert starts with them ('' when none). */
export function describeUpgrade(changes: readonly string[]): string {
  if (!changes.length) return '';
  return ['The workbook was first brought to the current layout:', ...changes.map((c) => `• ${c}.`), '', ''].join('\n');
}
