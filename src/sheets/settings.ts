/** The Settings tab: Setting | Value | Notes rows, read into typed values with defaults. */
import { type Header, SETTINGS, type SettingName, TABS } from '../../sheets-template/tabs';
import { parseRate, type TaxRule } from '../domain';
import { textOf } from './cells';
import type { Problem, Table } from './table';

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
    const yes = /^(yes|y|true)$/i.test(text);
    if (yes || /^(no|n|false)$/i.test(text)) settings.pricesIncludeTax = yes;
    else if (text !== '') bad('Yes or No');
    return true;
  }
  return false;
}

/** Reads an email setting into `settings`: true when `name` is one (a bad value reported, its default kept). */
function readEmailSetting(name: SettingName, text: string, settings: Settings, bad: (what: string) => void): boolean {
  if (name === 'sendEmail' || name === 'monthlyStatements') {
    const yes = /^(yes|y|true)$/i.test(text);
    if (yes || /^(no|n|false)$/i.test(text)) settings[name] = yes;
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

/** Reads the settings; a value that doesn't parse is reported and its default used. */
export function readSettings(table: Table<Header<'settings'>>): {
  settings: Settings;
  problems: Problem[];
  rowOf: Map<SettingName, number>;
} {
  const settings = { ...DEFAULTS };
  const problems: Problem[] = [];
  const rowOf = new Map<SettingName, number>();
  const byLabel = new Map(Object.entries(SETTINGS).map(([name, s]) => [s.label.toLowerCase(), name as SettingName]));
  for (const r of table.rows()) {
    const name = byLabel.get(textOf(r.raw('Setting')).toLowerCase());
    if (!name) continue;
    rowOf.set(name, r.rowNumber);
    const raw = r.raw('Value');
    const text = textOf(raw);
    const bad = (what: string) =>
      problems.push({
        tab: TABS.settings.name,
        row: r.rowNumber,
        message: `${SETTINGS[name].label} must be ${what}; using ${DEFAULTS[name as keyof Settings]}.`,
      });
    if (readTaxSetting(name, text, settings, bad) || readEmailSetting(name, text, settings, bad)) continue;
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
  return { settings, problems, rowOf };
}

/** The rows Set up workbook writes for the settings missing from the tab. */
export function missingSettingRows(present: ReadonlySet<string>): string[][] {
  return Object.values(SETTINGS)
    .filter((s) => !present.has(s.label.toLowerCase()))
    .map((s) => [s.label, String(s.default), s.note]);
}

export { DEFAULTS as DEFAULT_SETTINGS };
