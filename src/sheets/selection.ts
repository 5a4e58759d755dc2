/** The rows a person selected in a tab, read as the keys in one of its columns. */
import { TABS, type TabName } from '../../sheets-template/tabs';
import { textOf } from './cells';

/**
 * The distinct values of column `header` in the data rows selected in tab `tab`: every block of a
 * Ctrl/Cmd-click selection (getActiveRange() returns only the last one; getActiveRangeList() all). Reads
 * the header row and that column of the selected rows only: one read per block. Null when the selection
 * is not (only) in that tab.
 */
export function selectedKeys(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  tab: TabName,
  header: string,
): string[] | null {
  const blocks = ss.getActiveRangeList()?.getRanges() ?? [];
  const sheet = blocks[0]?.getSheet();
  const name = TABS[tab].name;
  if (!sheet || sheet.getName() !== name || blocks.some((b) => b.getSheet().getName() !== name)) return null;
  const headers = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(textOf);
  const col = headers.indexOf(header);
  if (col < 0) return [];
  const keys = new Set<string>();
  for (const block of blocks) {
    const first = Math.max(block.getRow(), 2);
    const last = block.getLastRow();
    if (last < first) continue;
    for (const [value] of sheet.getRange(first, col + 1, last - first + 1, 1).getValues()) {
      const key = textOf(value);
      if (key !== '') keys.add(key);
    }
  }
  return [...keys];
}
