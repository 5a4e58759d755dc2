/**
 * The Settings tab: Setting | Value | Notes rows, read into typed values. What each setting is, how its
 * Value is read and its default are one table (src/domain/settings.ts); this reads the tab by it.
 */
import { type Header, TABS } from '../../sheets-template/tabs';
import { DEFAULT_SETTINGS, SETTINGS, type SettingName, type Settings, settingValue, type TaxRule } from '../domain';
import { textOf } from './cells';
import { columnLetter, type Problem, type Table, TabUnusableError } from './table';

export type { Settings };

/** The tax rule the settings give new invoices. */
export function taxRuleOf(settings: Settings): TaxRule {
  return {
    name: settings.taxName,
    ratePpm: settings.taxRate,
    inclusive: settings.pricesIncludeTax,
    taxId: settings.taxId,
  };
}

/** A setting the add-on can't read (its row gone, its Value garbled): what depends on it stops. */
export class SettingUnreadableError extends TabUnusableError {}

/**
 * Reads the settings. A value that doesn't parse, a blank that means nothing, and the row of a setting the
 * workbook had (`had`: src/sheets/schema.ts) that is gone are `broken`: never a default. A default is used
 * only for a setting this workbook never had.
 */
export function readSettings(
  table: Table<Header<'settings'>>,
  had: readonly SettingName[] = [],
): {
  settings: Settings;
  problems: Problem[];
  rowOf: Map<SettingName, number>;
  broken: Map<SettingName, Problem>;
} {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const problems: Problem[] = [];
  const broken = new Map<SettingName, Problem>();
  const rowOf = new Map<SettingName, number>();
  const byLabel = new Map(Object.entries(SETTINGS).map(([name, s]) => [s.label.toLowerCase(), name as SettingName]));
  const strangers: string[] = [];
  const valueColumn = columnLetter(table.column('Value') ?? 1);
  for (const r of table.rows()) {
    const label = textOf(r.raw('Setting'));
    const name = byLabel.get(label.toLowerCase());
    if (!name) {
      if (label) strangers.push(`"${label}" (row ${r.rowNumber})`);
      continue;
    }
    rowOf.set(name, r.rowNumber);
    const text = textOf(r.raw('Value'));
    const bad = (what: string) => {
      const problem = {
        tab: TABS.settings.name,
        row: r.rowNumber,
        message: `${SETTINGS[name].label}: cell ${valueColumn}${r.rowNumber} ${text === '' ? 'is empty' : `"${text.slice(0, 40)}" can't be read`}; it must be ${what}. Fix that cell: until then, nothing that uses this setting runs.`,
      };
      broken.set(name, problem);
      problems.push(problem);
    };
    const read = settingValue(name, text);
    if ('mustBe' in read) bad(read.mustBe);
    else if ('value' in read) settings[name] = read.value;
  }
  for (const problem of goneRows(had, rowOf, strangers)) {
    broken.set(problem.name, problem);
    problems.push(problem);
  }
  return { settings: settings as Settings, problems, rowOf, broken };
}

/** The settings the workbook had whose rows are gone (a label retyped, a row deleted). */
function goneRows(
  had: readonly SettingName[],
  rowOf: ReadonlyMap<SettingName, number>,
  strangers: readonly string[],
): (Problem & { name: SettingName })[] {
  const instead = strangers.length ? ` (the tab now has ${strangers.join(', ')})` : '';
  return had
    .filter((name) => !rowOf.has(name))
    .map((name) => ({
      name,
      tab: TABS.settings.name,
      row: 0,
      message: `the row "${SETTINGS[name].label}" is gone, and this workbook had it${instead}: type its label back in the Setting column, with its value. Until then, nothing that uses this setting runs.`,
    }));
}

/**
 * The settings as the rules see them: reading a broken one throws SettingUnreadableError, so the work
 * that depends on it stops (billing on the tax rate, email on Send client emails) and the rest goes on.
 */
export function guardSettings(settings: Settings, broken: ReadonlyMap<SettingName, Problem>): Settings {
  const guarded = { ...settings };
  for (const [name, problem] of broken) {
    if (!(name in guarded)) continue;
    Object.defineProperty(guarded, name, {
      enumerable: true,
      get: () => {
        throw new SettingUnreadableError(problem);
      },
    });
  }
  return guarded;
}

/** The rows Set up workbook writes for the settings missing from the tab. */
export function missingSettingRows(present: ReadonlySet<string>): string[][] {
  return Object.values(SETTINGS)
    .filter((s) => !present.has(s.label.toLowerCase()))
    .map((s) => [s.label, String(s.default), s.note]);
}

export { DEFAULT_SETTINGS };
