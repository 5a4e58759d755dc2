/** "Set up workbook": creates missing tabs and columns from the template. Never deletes or moves data. */
import { TABS } from '../../sheets-template/tabs';
import { forgetLegacyArchive } from '../sheets/archive-info';
import { protectTabs } from '../sheets/protect';
import { fullSchema, noteSchema, readSchema } from '../sheets/schema';
import { addMissingMessages, addMissingSettings, type SetupReport, setUpTab } from '../sheets/template';
import { activeSpreadsheet, systemTab } from './context';
import { withDocumentLock } from './lock';
import { endpoint, type Reply } from './reply';

export type { SetupReport };

/** Creates every missing tab, and every missing column at the right of an existing tab. */
export function setUpWorkbook(): Reply<{ report: SetupReport }> {
  return endpoint(() =>
    withDocumentLock(() => {
      const ss = activeSpreadsheet();
      const report: SetupReport = { createdTabs: [], addedColumns: [], addedSettings: [], notRestored: [] };
      const had = readSchema(systemTab());
      for (const tab of Object.values(TABS)) setUpTab(ss, tab, report, had);
      addMissingSettings(ss, report, had);
      addMissingMessages(ss, report);
      // From now on every column and setting is one this workbook has had: a header renamed later stops
      // the work that reads it, never reads as empty (src/sheets/schema.ts).
      noteSchema(systemTab(), fullSchema());
      systemTab().flush();
      protectTabs(ss); // warning-only: Sheets asks an owner who edits a header or a key column to confirm
      // The lock created the hidden system tab (with any archive state an earlier version kept in a
      // document property); the property can go once the tab holds it.
      SpreadsheetApp.flush();
      forgetLegacyArchive();
      return { ok: true, report };
    }),
  );
}
