/**
 * Workbook upgrades: a workbook of an earlier layout (sheets-template/layouts.ts) brought to the current
 * one, from what the workbook itself holds. Missing columns at the right of their tab (with their header
 * style, number format and dropdown, template.ts), missing settings rows, every dropdown given its
 * column's current choices (a new value appears in a column the workbook had), missing message kinds,
 * and a message still holding the default words of an earlier layout given the current ones. A message
 * an owner edited is left as it is. Nothing is deleted or moved. The layout reached is recorded in the
 * system tab (`layout`), so the nightly run upgrades once per new layout, and says what it changed.
 */
import { LAYOUT_VERSION, replacedSince } from '../../sheets-template/layouts';
import { TABS, type TabSpec } from '../../sheets-template/tabs';
import { DEFAULT_TEMPLATES, listed, MESSAGE_KIND_CHOICES, type MessageKind } from '../domain';
import * as map from './mappers';
import type { Schema } from './schema';
import type { SystemTab } from './system';
import { addMissingSettings, type SetupReport, setUpTab } from './template';

const KEY = 'layout';

/** The system tab's `layout` row: the layout the workbook was last brought to, and when. */
export interface LayoutRecord {
  version: number;
  at: string;
}

export interface UpgradeReport extends SetupReport {
  /** "Adjustments › Type: the dropdown now offers "Change"": each dropdown given its current choices. */
  dropdowns: string[];
  /** Message kinds added, default words brought up to date, edited messages left as they are. */
  messages: string[];
  /** What it changed, in plain words, one line each ([]: nothing; the workbook was up to date). */
  changes: string[];
  /** The layout the workbook recorded (0: none, set up before layouts were recorded) and the one it has now. */
  layout: { from: number; to: number };
}

export const UP_TO_DATE = 'Nothing to change: the workbook is up to date.';

/** The layout this workbook was last brought to; 0 when it records none (set up by an earlier version). */
export function recordedLayout(system: SystemTab): number {
  const version = system.json<Partial<LayoutRecord>>(KEY)?.version;
  return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : 0;
}

/** Queues the layout the workbook now has (written with the system tab's next flush). */
export function noteLayout(system: SystemTab, report: UpgradeReport): void {
  if (report.layout.to !== report.layout.from)
    system.put(KEY, { version: report.layout.to, at: new Date().toISOString() });
}

/**
 * Brings the workbook to the current layout. `createTabs`: Set up workbook creates missing tabs; the
 * nightly run's upgrade leaves a missing tab to it (a tab deleted by hand is not made again empty there).
 */
export function upgradeWorkbook(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  system: SystemTab,
  had: Schema,
  createTabs: boolean,
): UpgradeReport {
  const from = recordedLayout(system);
  const report: UpgradeReport = {
    ...{ createdTabs: [], addedColumns: [], addedSettings: [], notRestored: [] },
    ...{ dropdowns: [], messages: [], changes: [], layout: { from, to: Math.max(from, LAYOUT_VERSION) } },
  };
  for (const tab of Object.values(TABS)) if (createTabs || ss.getSheetByName(tab.name)) setUpTab(ss, tab, report, had);
  addMissingSettings(ss, report, had);
  for (const tab of Object.values(TABS)) refreshDropdowns(ss, tab, report);
  upgradeMessages(ss, report, from);
  report.changes = describeChanges(report);
  return report;
}

/** Whether the spreadsheet has any of the studio's tabs (one that has none was never set up). */
export function hasStudioTabs(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): boolean {
  return Object.values(TABS).some((tab) => ss.getSheetByName(tab.name));
}

/** The schema a workbook has once upgraded: every guarded column of the tabs it has, every setting. */
export function upgradedSchema(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, full: Schema): Schema {
  const columns = Object.fromEntries(Object.entries(full.columns).filter(([tab]) => ss.getSheetByName(tab)));
  return { columns, settings: ss.getSheetByName(TABS.settings.name) ? full.settings : [] };
}

/** The list a dropdown offers (null: the cell has none, or not a list). */
function listOf(rule: GoogleAppsScript.Spreadsheet.DataValidation | null): string[] | null {
  const values = rule?.getCriteriaValues()?.[0];
  return Array.isArray(values) ? values.map(String) : null;
}

/** What giving a column `now` changes in the dropdown it has (`had`), in words; null when nothing. */
export function dropdownChange(had: readonly string[] | null, now: readonly string[]): string | null {
  const quoted = (values: readonly string[]) => listed(values.map((v) => `"${v}"`));
  if (!had) return `the dropdown is back, offering ${quoted(now)}`;
  if (had.length === now.length && had.every((v, i) => v === now[i])) return null;
  const added = now.filter((v) => !had.includes(v));
  const removed = had.filter((v) => !now.includes(v));
  const parts = [
    added.length ? `now offers ${quoted(added)}` : '',
    removed.length ? `no longer offers ${quoted(removed)}` : '',
  ].filter(Boolean);
  return parts.length ? `the dropdown ${parts.join(' and ')}` : `the dropdown lists ${quoted(now)}, in that order`;
}

/**
 * Gives every dropdown column of the tab its current choices where its first data row's rule differs
 * (two reads: the header row, the first data row's rules; one write per column changed). Values already
 * in the cells stay as they are.
 */
function refreshDropdowns(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, tab: TabSpec, report: UpgradeReport): void {
  const columns = tab.columns.filter((c) => c.choices);
  const sheet = columns.length ? ss.getSheetByName(tab.name) : null;
  const width = sheet?.getLastColumn() ?? 0;
  if (!sheet || width < 1 || sheet.getMaxRows() < 2) return;
  const header = sheet
    .getRange(1, 1, 1, width)
    .getValues()[0]
    .map((h) => String(h).trim());
  const rules = sheet.getRange(2, 1, 1, width).getDataValidations()[0];
  for (const spec of columns) {
    const col = header.indexOf(spec.header);
    const choices = spec.choices ?? [];
    const change = col < 0 ? null : dropdownChange(listOf(rules[col]), choices);
    if (!change) continue;
    const rule = SpreadsheetApp.newDataValidation()
      .requireValueInList([...choices], true)
      .setAllowInvalid(false)
      .build();
    sheet.getRange(2, col + 1, sheet.getMaxRows() - 1, 1).setDataValidation(rule);
    report.dropdowns.push(`${tab.name} › ${spec.header}: ${change}`);
  }
}

/** The Messages tab as read: its header, its rows, and each row's kind (null: not one the add-on knows). */
interface MessageRows {
  sheet: GoogleAppsScript.Spreadsheet.Sheet;
  header: string[];
  rows: unknown[][];
  kinds: (MessageKind | null)[];
}

function readMessages(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): MessageRows | null {
  const sheet = ss.getSheetByName(TABS.messages.name);
  if (!sheet) return null;
  const values = sheet.getDataRange().getValues();
  const header = values[0].map((h) => String(h).trim());
  const kindCol = header.indexOf('Kind');
  if (kindCol < 0) return null;
  const rows = values.slice(1);
  const kinds = rows.map((r) => {
    const text = String(r[kindCol] ?? '')
      .trim()
      .toLowerCase();
    return MESSAGE_KIND_CHOICES.find((c) => c.label.toLowerCase() === text)?.value ?? null;
  });
  return { sheet, header, rows, kinds };
}

const labelOf = (kind: MessageKind) => MESSAGE_KIND_CHOICES.find((c) => c.value === kind)?.label ?? kind;

/** Writes the default words of each message kind the Messages tab has no row for, below its rows. */
function addMissingKinds(tab: MessageRows, report: UpgradeReport): void {
  const missing = DEFAULT_TEMPLATES.filter((t) => !tab.kinds.includes(t.kind));
  if (missing.length === 0) return;
  const out = missing.map((t) => {
    const cells = map.messages.cells(t) as Record<string, unknown>;
    return tab.header.map((h) => String(cells[h] ?? ''));
  });
  tab.sheet
    .getRange(tab.rows.length + 2, 1, out.length, tab.header.length)
    .setNumberFormat('@')
    .setValues(out);
  const names = listed(missing.map((t) => `"${labelOf(t.kind)}"`));
  report.messages.push(
    `Messages: added the ${names} ${missing.length === 1 ? 'message' : 'messages'}, with the default words`,
  );
}

const sameText = (a: unknown, b: string) =>
  String(a ?? '')
    .replace(/\r\n/g, '\n')
    .trim() === b.trim();

/**
 * Each message still holding the default words of a layout after `from` gets the current default words
 * (its Subject and Body columns rewritten in one write each); a message an owner edited is left as it is,
 * and named when its kind's default words changed since `from`.
 */
function refreshWords(tab: MessageRows, report: UpgradeReport, from: number): void {
  const [s, b] = [tab.header.indexOf('Subject'), tab.header.indexOf('Body')];
  if (s < 0 || b < 0) return;
  let changed = false;
  tab.rows.forEach((row, i) => {
    const kind = tab.kinds[i];
    const now = DEFAULT_TEMPLATES.find((t) => t.kind === kind);
    if (!kind || !now || (sameText(row[s], now.subject) && sameText(row[b], now.body))) return;
    const earlier = replacedSince(kind, from);
    if (earlier.some((w) => sameText(row[s], w.subject) && sameText(row[b], w.body))) {
      [row[s], row[b], changed] = [now.subject, now.body, true];
      report.messages.push(
        `Messages › ${labelOf(kind)}: now has the current default words (it had an earlier default, unedited)`,
      );
    } else if (earlier.length) {
      report.messages.push(
        `Messages › ${labelOf(kind)}: left as you edited it; the default words have changed (to take them, delete its row and run Set up workbook)`,
      );
    }
  });
  if (!changed) return;
  for (const col of [s, b])
    tab.sheet
      .getRange(2, col + 1, tab.rows.length, 1)
      .setNumberFormat('@')
      .setValues(tab.rows.map((r) => [String(r[col] ?? '')]));
}

function upgradeMessages(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, report: UpgradeReport, from: number): void {
  const tab = readMessages(ss);
  if (!tab) return;
  refreshWords(tab, report, from);
  addMissingKinds(tab, report);
}

/** "Sales: Tax Free" entries, per tab: [["Sales", ["Tax Free", …]], …]. */
function byTab(entries: readonly string[]): [string, string[]][] {
  const out = new Map<string, string[]>();
  for (const entry of entries) {
    const at = entry.indexOf(': ');
    const tab = entry.slice(0, at);
    out.set(tab, [...(out.get(tab) ?? []), entry.slice(at + 2)]);
  }
  return [...out];
}

/** The report's changes in plain words, one line each. */
export function describeChanges(r: UpgradeReport): string[] {
  const quoted = (items: readonly string[]) => listed(items.map((i) => `"${i}"`));
  const lines: string[] = [];
  if (r.createdTabs.length)
    lines.push(`Created the ${r.createdTabs.length === 1 ? 'tab' : 'tabs'} ${quoted(r.createdTabs)}`);
  for (const [tab, headers] of byTab(r.addedColumns))
    lines.push(`${tab}: added the ${headers.length === 1 ? 'column' : 'columns'} ${quoted(headers)}`);
  if (r.addedSettings.length)
    lines.push(
      `Settings: added ${r.addedSettings.length === 1 ? 'the row' : 'the rows'} ${quoted(r.addedSettings)}, with ${r.addedSettings.length === 1 ? 'its default' : 'their defaults'}`,
    );
  return [...lines, ...r.dropdowns, ...r.messages];
}

/** What Set up workbook says: each change, then what it would not add again; or that nothing changed. */
export function describeSetup(r: UpgradeReport): string {
  const lines = r.changes.map((c) => `• ${c}.`);
  if (r.notRestored.length)
    lines.push(
      `Renamed or deleted by hand, and not added again: ${r.notRestored.join('; ')}. Until they are back, the work that reads them stops.`,
    );
  return lines.length ? lines.join('\n') : UP_TO_DATE;
}
