/**
 * The installation self-check's Sheets API probe: one getByDataFilter request for two touching ranges of
 * the hidden system tab (its header row and the rows under it), read the way the desk reads every row
 * (grid.ts readScattered), and the raw reply's blocks described for support. Reads only.
 */
import { SYSTEM_TAB } from '../../sheets-template/tabs';
import { counted } from '../domain';
import { textOf } from './cells';
import { readScattered, withBackoff } from './grid';

/** What the probe found: whether the desk can read rows this way, and what the reply looked like. */
export function probeSheetsApi(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): { ok: boolean; detail: string } {
  if (typeof Sheets === 'undefined')
    return { ok: false, detail: 'the Sheets advanced service is not enabled in this project (appsscript.json).' };
  if (!ss.getSheetByName(SYSTEM_TAB.name))
    return { ok: false, detail: 'the hidden system tab is missing: choose Set up workbook first.' };
  try {
    const api = Sheets;
    const raw = withBackoff(() =>
      api.Spreadsheets.getByDataFilter(
        { dataFilters: [{ a1Range: `'${SYSTEM_TAB.name}'!A1:B1` }, { a1Range: `'${SYSTEM_TAB.name}'!A2:B3` }] },
        ss.getId(),
        { fields: 'sheets(data(startRow))' },
      ),
    );
    const starts = (raw.sheets?.[0]?.data ?? []).map((g) => (g.startRow ?? 0) + 1);
    const read = readScattered(ss, [{ sheet: SYSTEM_TAB.name, rows: [2, 3], width: 2 }], null).tabs.get(
      SYSTEM_TAB.name,
    );
    const keys = [read?.header[0], read?.rows.get(2)?.[0], read?.rows.get(3)?.[0]].map((c) => textOf(c ?? ''));
    const ok = keys[0] === SYSTEM_TAB.columns[0].header && keys[1].startsWith('lease') && keys[2] === 'desk';
    const at = starts.length === 1 ? 'row' : 'rows';
    const shape = `2 ranges came back as ${counted(starts.length, 'block', 'blocks')} starting at ${at} ${starts.join(', ') || 'none'}`;
    return {
      ok,
      detail: ok
        ? `the Sheets API answers, and the desk reads its rows (${shape}).`
        : `the Sheets API answered, but not with the rows asked for (${shape}; read ${JSON.stringify(keys)}).`,
    };
  } catch (e) {
    return { ok: false, detail: `the Sheets API refused: ${e instanceof Error ? e.message : String(e)}` };
  }
}
