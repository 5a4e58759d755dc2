/**
 * What this workbook has had: the optional columns of each tab and the settings rows that Set up workbook
 * wrote or a job saw, kept in the system tab's `schema` row. It is what tells a header an owner renamed or
 * deleted (stop, and say so) from one an older workbook never had (read it as empty, as before it
 * existed): see docs/exactly-once.md, "What owners may edit, and what happens when they do".
 *
 * The record only grows: a header seen once is remembered, so renaming it later is never mistaken for a
 * workbook from before the column.
 */
import { SETTINGS, type SettingName, TABS, type TabName, whenMissing } from '../../sheets-template/tabs';
import type { SystemTab } from './system';

const KEY = 'schema';

/** Per tab name (as the tab is called), the optional headers the workbook has had; and its settings. */
export interface Schema {
  columns: Readonly<Record<string, readonly string[]>>;
  settings: readonly SettingName[];
}

export const NO_SCHEMA: Schema = { columns: {}, settings: [] };

/** The optional headers of a tab whose absence matters (a derived copy's never does). */
export function guardedHeaders(tab: TabName): string[] {
  return TABS[tab].columns.filter((c) => !c.required && whenMissing(c) !== 'derived').map((c) => c.header);
}

export function readSchema(system: SystemTab): Schema {
  const stored = system.json<Partial<Schema>>(KEY);
  const columns: Record<string, string[]> = {};
  for (const [tab, headers] of Object.entries(stored?.columns ?? {}))
    if (Array.isArray(headers)) columns[tab] = headers.filter((h) => typeof h === 'string');
  const names = Object.keys(SETTINGS) as SettingName[];
  const settings = Array.isArray(stored?.settings) ? names.filter((n) => stored.settings?.includes(n)) : [];
  return { columns, settings };
}

/** The schema as Set up workbook leaves a workbook: every guarded column of every tab, every setting. */
export function fullSchema(): Schema {
  const columns: Record<string, string[]> = {};
  for (const tab of Object.keys(TABS) as TabName[]) {
    const headers = guardedHeaders(tab);
    if (headers.length) columns[TABS[tab].name] = headers;
  }
  return { columns, settings: Object.keys(SETTINGS) as SettingName[] };
}

/** `a` and what `b` adds to it. */
export function mergeSchema(a: Schema, b: Schema): Schema {
  const columns: Record<string, string[]> = {};
  for (const tab of new Set([...Object.keys(a.columns), ...Object.keys(b.columns)]))
    columns[tab] = [...new Set([...(a.columns[tab] ?? []), ...(b.columns[tab] ?? [])])];
  return { columns, settings: [...new Set([...a.settings, ...b.settings])] };
}

function size(s: Schema): number {
  return Object.values(s.columns).reduce((n, h) => n + h.length, 0) + s.settings.length;
}

/** Queues what this job saw that the record lacks (written with the system tab's next flush). */
export function noteSchema(system: SystemTab, seen: Schema): void {
  const stored = readSchema(system);
  const next = mergeSchema(stored, seen);
  if (size(next) > size(stored)) system.put(KEY, next);
}
