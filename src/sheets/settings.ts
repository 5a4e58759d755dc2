/** The Settings tab: Setting | Value | Notes rows, read into typed values with defaults. */
import { type Header, SETTINGS, type SettingName, TABS } from '../../sheets-template/tabs';
import { parseRate, type TaxRule, yesNo } from '../domain';
import { textOf } from './cells';
import { columnLetter, type Problem, type Table, TabUnusableError } from './table';

export interface Settings {
  studioName: string;
  currency: string;
  graceDays: number;
  nightlyHour: number;
  archiveDays: number;
  /** The tax of new invoices (the rate in parts per million). */
  taxName: string;
  taxRate: number;
  pricesIncludeTax: boolean;
  taxId: string;
  /** Export for accounting: the income account and the tax codes of the accounting software. */
  salesAccount: string;
  taxCode: string;
  taxFreeCode: string;
  /** Client email (src/domain/email.ts). */
  sendEmail: boolean;
  paymentInstructions: string;
  maxReminders: number;
  reminderSpacing: number;
  monthlyStatements: boolean;
}

const DEFAULTS: Settings = {
  studioName: SETTINGS.studioName.default,
  currency: SETTINGS.currency.default,
  graceDays: SETTINGS.graceDays.default,
  nightlyHour: SETTINGS.nightlyHour.default,
  archiveDays: SETTINGS.archiveDays.default,
  taxName: SETTINGS.taxName.default,
  taxRate: SETTINGS.taxRate.default,
  pricesIncludeTax: true,
  taxId: SETTINGS.taxId.default,
  salesAccount: SETTINGS.salesAccount.default,
  taxCode: SETTINGS.taxCode.default,
  taxFreeCode: SETTINGS.taxFreeCode.default,
  sendEmail: false,
  paymentInstructions: SETTINGS.paymentInstructions.default,
  maxReminders: SETTINGS.maxReminders.default,
  reminderSpacing: SETTINGS.reminderSpacing.default,
  monthlyStatements: false,
};

/** The tax rule the settings give new invoices. */
export function taxRuleOf(settings: Settings): TaxRule {
  return {
    name: settings.taxName,
    ratePpm: settings.taxRate,
    inclusive: settings.pricesIncludeTax,
    taxId: settings.taxId,
  };
}

/** The text settings of tax and exports (kept to 100 characters); false for another setting. */
const TEXT_SETTINGS = ['taxName', 'taxId', 'salesAccount', 'taxCode', 'taxFreeCode'] as const;

/**
 * Reads a tax setting into `settings`: true when `name` is one (a bad value is reported by `bad`, and its
 * default kept).
 */
function readTaxSetting(name: SettingName, text: string, settings: Settings, bad: (what: string) => void): boolean {
  if ((TEXT_SETTINGS as readonly string[]).includes(name)) {
    // A blank tax id is no tax id; another blank keeps its default.
    if (text || name === 'taxId') settings[name as (typeof TEXT_SETTINGS)[number]] = text.slice(0, 100);
    return true;
  }
  if (name === 'taxRate') {
    const ppm = parseRate(text);
    if (ppm !== null) settings.taxRate = ppm;
    else if (text !== '') bad('a percentage from 0 to 100 (e.g. 10 or 8.875)');
    return true;
  }
  if (name === 'pricesIncludeTax') {
    const yes = yesNo(text);
    if (yes !== null) settings.pricesIncludeTax = yes;
    else if (text !== '') bad('Yes or No');
    return true;
  }
  return false;
}

/** Reads an email setting into `settings`: true when `name` is one (a bad value reported, its default kept). */
function readEmailSetting(name: SettingName, text: string, settings: Settings, bad: (what: string) => void): boolean {
  if (name === 'sendEmail' || name === 'monthlyStatements') {
    const yes = yesNo(text);
    if (yes !== null) settings[name] = yes;
    else if (text !== '') bad('Yes or No');
    return true;
  }
  if (name === 'paymentInstructions') {
    if (text) settings.paymentInstructions = text.slice(0, 500);
    return true;
  }
  if (name === 'maxReminders' || name === 'reminderSpacing') {
    const n = Number(text);
    if (text !== '' && Number.isInteger(n) && n >= 0 && n <= 60) settings[name] = n;
    else if (text !== '') bad('a whole number from 0 to 60');
    return true;
  }
  return false;
}

/**
 * Settings whose blank Value means something (no tax id, the default words): any other blank is a value
 * the add-on can't read.
 */
const MAY_BE_BLANK: readonly SettingName[] = [
  'studioName',
  'taxName',
  'taxId',
  'salesAccount',
  'taxCode',
  'taxFreeCode',
  'paymentInstructions',
  'timeZone',
];

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
  const settings = { ...DEFAULTS };
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
    if (text === '' && !MAY_BE_BLANK.includes(name)) {
      bad(SHAPES[name] ?? 'filled in');
      continue;
    }
    if (readTaxSetting(name, text, settings, bad) || readEmailSetting(name, text, settings, bad)) continue;
    readStudioSetting(name, text, settings, bad);
  }
  for (const problem of goneRows(had, rowOf, strangers)) {
    broken.set(problem.name, problem);
    problems.push(problem);
  }
  return { settings, problems, rowOf, broken };
}

/** Reads one of the studio's own settings (name, currency, grace days, hours, archive) into `settings`. */
function readStudioSetting(name: SettingName, text: string, settings: Settings, bad: (what: string) => void): void {
  switch (name) {
    case 'studioName':
      if (text) settings.studioName = text.slice(0, 100);
      break;
    case 'currency':
      if (text.length >= 1 && text.length <= 4) settings.currency = text;
      else if (text) bad('1 to 4 characters');
      break;
    case 'graceDays': {
      const n = Number(text);
      if (text !== '' && Number.isInteger(n) && n >= 0 && n <= 365) settings.graceDays = n;
      else if (text !== '') bad('a whole number of days from 0 to 365');
      break;
    }
    case 'nightlyHour': {
      const n = Number(text);
      if (text !== '' && Number.isInteger(n) && n >= 0 && n <= 23) settings.nightlyHour = n;
      else if (text !== '') bad('an hour from 0 to 23');
      break;
    }
    case 'archiveDays': {
      const n = Number(text);
      if (text !== '' && Number.isInteger(n) && (n === 0 || (n >= 7 && n <= 3660))) settings.archiveDays = n;
      else if (text !== '') bad('0 (never) or a whole number of days from 7 to 3660');
      break;
    }
    case 'timeZone':
      break;
  }
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

/** What each non-text setting must be, for the message about an empty cell. */
const SHAPES: Partial<Record<SettingName, string>> = {
  currency: '1 to 4 characters',
  graceDays: 'a whole number of days from 0 to 365',
  nightlyHour: 'an hour from 0 to 23',
  archiveDays: '0 (never) or a whole number of days from 7 to 3660',
  taxRate: 'a percentage from 0 to 100 (e.g. 10 or 8.875)',
  pricesIncludeTax: 'Yes or No',
  sendEmail: 'Yes or No',
  monthlyStatements: 'Yes or No',
  maxReminders: 'a whole number from 0 to 60',
  reminderSpacing: 'a whole number from 0 to 60',
};

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

export { DEFAULTS as DEFAULT_SETTINGS };
