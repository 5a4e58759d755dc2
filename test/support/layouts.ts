// Workbooks of earlier layouts, for the upgrade fixtures: today's workbook with every later layout's
// changes undone (sheets-template/layouts.ts), newest first: its tabs deleted, its columns deleted, its
// dropdown values taken out, its settings rows deleted, its message kinds' rows deleted and the default
// words it replaced put back. The system tab forgets the layout (and the columns and settings) it recorded,
// as a workbook from before layouts were recorded; or, with `record`, records that layout.
import { LAYOUTS } from '../../sheets-template/layouts';
import { SETTINGS, SYSTEM_TAB, TABS, type TabName } from '../../sheets-template/tabs';
import { MESSAGE_KIND_CHOICES } from '../../src/domain';
import type { Studio } from './studio';

type Sheet = any;

const headerOf = (sheet: Sheet): string[] =>
  sheet.getLastColumn() > 0 ? sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String) : [];

/** The sheet rows (below the header) whose `header` cell is one of `values` (any case), last first. */
function rowsWhere(sheet: Sheet, header: string, values: readonly string[]): number[] {
  const col = headerOf(sheet).indexOf(header);
  if (col < 0) return [];
  const cells: unknown[][] = sheet.getRange(1, col + 1, sheet.getLastRow(), 1).getValues();
  const wanted = new Set(values.map((v) => v.toLowerCase()));
  return cells
    .map((r, i) => (i > 0 && wanted.has(String(r[0]).trim().toLowerCase()) ? i + 1 : 0))
    .filter((r) => r > 0)
    .reverse();
}

/** The dropdown values of `tab`'s `header` that layouts after `version` added. */
export function laterChoices(version: number, tab: TabName, header: string): string[] {
  return LAYOUTS.filter((l) => l.version > version).flatMap(
    (l) => ((l.choices?.[tab] ?? {}) as Record<string, readonly string[]>)[header] ?? [],
  );
}

const labelOf = (kind: string) => MESSAGE_KIND_CHOICES.find((c) => c.value === kind)?.label ?? kind;

/** Undoes one layout's changes in the workbook `ss`, as of `version` (the layout the fixture is of). */
function undo(g: any, layout: (typeof LAYOUTS)[number], version: number): void {
  const ss = g.SpreadsheetApp.getActive();
  for (const tab of layout.tabs ?? []) ss.deleteSheet(ss.getSheetByName(TABS[tab].name));
  for (const [tab, headers] of Object.entries(layout.columns ?? {}) as [TabName, string[]][]) {
    const sheet = ss.getSheetByName(TABS[tab].name);
    for (const h of headers) sheet.deleteColumns(headerOf(sheet).indexOf(h) + 1, 1);
  }
  for (const [tab, columns] of Object.entries(layout.choices ?? {}) as [TabName, Record<string, string[]>][]) {
    const sheet = ss.getSheetByName(TABS[tab].name);
    for (const header of Object.keys(columns)) {
      const later = laterChoices(version, tab, header);
      const spec = TABS[tab].columns.find((c) => c.header === header);
      const list = (spec?.choices ?? []).filter((v) => !later.includes(v));
      const rule = g.SpreadsheetApp.newDataValidation().requireValueInList(list, true).setAllowInvalid(false).build();
      sheet.getRange(2, headerOf(sheet).indexOf(header) + 1, sheet.getMaxRows() - 1, 1).setDataValidation(rule);
    }
  }
  const settings = ss.getSheetByName(TABS.settings.name);
  const labels = (layout.settings ?? []).map((name) => SETTINGS[name].label);
  for (const row of rowsWhere(settings, 'Setting', labels)) settings.deleteRows(row, 1);
  const messages = ss.getSheetByName(TABS.messages.name);
  if (!messages) return;
  for (const row of rowsWhere(messages, 'Kind', (layout.messages ?? []).map(labelOf))) messages.deleteRows(row, 1);
  for (const words of layout.replaced ?? []) {
    const header = headerOf(messages);
    for (const row of rowsWhere(messages, 'Kind', [labelOf(words.kind)])) {
      messages.getRange(row, header.indexOf('Subject') + 1).setValue(words.subject);
      messages.getRange(row, header.indexOf('Body') + 1).setValue(words.body);
    }
  }
}

/**
 * Makes a set-up studio's workbook one of layout `version`: every later layout undone. `record`: the
 * system tab records that layout (as a version that records layouts left it); otherwise it records none.
 */
export function asLayout(studio: Studio, version: number, options: { record?: boolean } = {}): void {
  const g = studio.services();
  for (const layout of [...LAYOUTS].reverse()) if (layout.version > version) undo(g, layout, version);
  const system = g.SpreadsheetApp.getActive().getSheetByName(SYSTEM_TAB.name);
  for (const row of rowsWhere(system, 'Key', ['schema', 'layout'])) system.getRange(row, 1, 1, 2).setValues([['', '']]);
  if (options.record)
    system
      .getRange(system.getLastRow() + 1, 1, 1, 2)
      .setValues([['layout', JSON.stringify({ version, at: '2026-01-01T00:00:00.000Z' })]]);
}
