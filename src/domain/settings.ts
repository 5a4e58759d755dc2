/**
 * The studio's settings, one entry each: the Settings tab's row (its label, the Value Set up workbook
 * writes, its note), how its Value is read (the value, or what it must be), and whether client email reads
 * it. A new setting is one entry here: the Settings tab's rows (sheets-template/tabs.ts `SETTINGS`), the
 * typed settings the rules read and their defaults (src/sheets/settings.ts), and the settings client email
 * reads (EmailSettings) all derive from this table. Keep its order: it is the Settings tab's.
 */
import { yesNo } from './package';
import { parseRate } from './tax';

/** One setting. */
export interface SettingSpec {
  /** The Setting column's words (a row is found by them, in any case). */
  readonly label: string;
  /** The Value Set up workbook writes; the setting's value in a workbook that never had the row. */
  readonly default: string | number;
  /** The Notes column's words. */
  readonly note: string;
  /**
   * Reads a Value (trimmed, not empty): the value, or null when it can't be read. Absent: a row the
   * add-on writes itself (the time zone check), never read.
   */
  readonly read?: (text: string) => unknown;
  /** What a Value must be, for the message about one that can't be read or is empty. */
  readonly shape?: string;
  /** What an empty Value means: `default` (the default words), `none` (nothing, as for no tax id); absent: it must be filled in. */
  readonly blank?: 'default' | 'none';
  /** Client email reads it (EmailSettings): a Value it can't read stops the email, not billing. */
  readonly email?: true;
}

/** Text kept to `max` characters. */
const text = (max: number) => ({ read: (t: string) => t.slice(0, max) });
/** Yes or No (Y, N, TRUE, FALSE too), in any case. */
const yes = { read: yesNo, shape: 'Yes or No' } as const;
/** A whole number from `min` to `max`; `shape` says so in the message. */
function whole(min: number, max: number, shape: string) {
  return {
    read: (t: string) => {
      const n = Number(t);
      return Number.isInteger(n) && n >= min && n <= max ? n : null;
    },
    shape,
  };
}

/** "3, 7": the days after a first decline a card is charged again (at most 5, rising, 1 to 60); blank: none. */
function retryDaysOf(t: string): number[] | null {
  if (t.trim() === '') return [];
  const days = t
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map(Number);
  const rising = days.every((d, i) => Number.isInteger(d) && d >= 1 && d <= 60 && (i === 0 || d > days[i - 1]));
  return rising && days.length <= 5 ? days : null;
}

export const SETTINGS = {
  studioName: {
    label: 'Studio name',
    default: 'My Studio',
    note: 'Shown at the top of the reports.',
    ...text(100),
    blank: 'default',
    email: true,
  },
  currency: {
    label: 'Currency symbol',
    default: '$',
    note: 'Shown in the sidebars and reports ($, €, £ …).',
    read: (t: string) => (t.length >= 1 && t.length <= 4 ? t : null),
    shape: '1 to 4 characters',
  },
  graceDays: {
    label: 'Overdue grace days',
    default: 7,
    note: 'An invoice not fully paid this many days after its due date is Overdue.',
    ...whole(0, 365, 'a whole number of days from 0 to 365'),
    email: true,
  },
  nightlyHour: {
    label: 'Nightly run hour',
    default: 2,
    note: 'The hour (0–23, spreadsheet time zone) of the nightly Daily Processes; the reports and the weekly archive follow an hour later.',
    ...whole(0, 23, 'an hour from 0 to 23'),
  },
  archiveDays: {
    label: 'Archive after (days)',
    default: 365,
    note: 'Once a week, settled invoices and ledger rows older than this many days move to the archive spreadsheet (0 = never). With thousands of sales: 14 to 30.',
    read: (t: string) => {
      const n = Number(t);
      return Number.isInteger(n) && (n === 0 || (n >= 7 && n <= 3660)) ? n : null;
    },
    shape: '0 (never) or a whole number of days from 7 to 3660',
  },
  taxName: {
    label: 'Tax name',
    default: 'GST',
    note: 'The tax on your invoices: GST, VAT, Sales tax …',
    ...text(100),
    blank: 'default',
    email: true,
  },
  taxRate: {
    label: 'Tax rate (%)',
    default: 0,
    note: 'e.g. 10 for GST in Australia (0 = no tax). Each invoice keeps the tax of the day it was made: a change applies to new invoices only.',
    read: parseRate,
    shape: 'a percentage from 0 to 100 (e.g. 10 or 8.875)',
  },
  pricesIncludeTax: {
    label: 'Prices include tax',
    default: 'Yes',
    note: 'Yes: a package price includes the tax (tax = price × rate ÷ (1 + rate)); No: the tax is added to it. Rounded per invoice, half away from zero.',
    ...yes,
  },
  taxId: {
    label: 'Tax ID',
    default: '',
    note: 'Your ABN, VAT or GST number: shown with "Tax invoice" on the reports and exports.',
    ...text(100),
    // A blank tax id is no tax id.
    blank: 'none',
    email: true,
  },
  salesAccount: {
    label: 'Sales account code',
    default: '200',
    note: 'Export for accounting: the income account of the invoice lines (Xero AccountCode).',
    ...text(100),
    blank: 'default',
  },
  taxCode: {
    label: 'Tax code (taxed)',
    default: 'GST on Income',
    note: "Export for accounting: the tax rate's name in your accounting software for taxed lines (Xero TaxType, QuickBooks ItemTaxCode).",
    ...text(100),
    blank: 'default',
  },
  taxFreeCode: {
    label: 'Tax code (tax-free)',
    default: 'GST Free Income',
    note: 'Export for accounting: the same for tax-free and untaxed lines.',
    ...text(100),
    blank: 'default',
  },
  sendEmail: {
    label: 'Send client emails',
    default: 'No',
    note: 'Yes: Daily Processes emails invoices, receipts and overdue reminders (the Messages tab holds the words; the Email Log each message). Needs the email permission.',
    ...yes,
  },
  paymentInstructions: {
    label: 'Payment instructions',
    default: 'Pay at the desk, or by bank transfer (ask us for the details).',
    note: 'Put in invoices and reminders as {payment}: e.g. your bank details.',
    ...text(500),
    blank: 'default',
    email: true,
  },
  maxReminders: {
    label: 'Overdue reminders',
    default: 2,
    note: 'At most this many reminders per overdue invoice (0 = none).',
    ...whole(0, 60, 'a whole number from 0 to 60'),
    email: true,
  },
  reminderSpacing: {
    label: 'Reminder spacing (days)',
    default: 7,
    note: 'Days between two reminders to one client (each lists all their overdue invoices).',
    ...whole(0, 60, 'a whole number from 0 to 60'),
    email: true,
  },
  monthlyStatements: {
    label: 'Monthly statements',
    default: 'No',
    note: 'Yes: on the 1st of each month every client with an active package gets a statement.',
    ...yes,
    email: true,
  },
  retryDays: {
    label: 'Retry a declined card after (days)',
    default: '',
    note: 'Days after a card is first declined on which the nightly run charges it again, e.g. "3, 7" (blank: never).',
    read: retryDaysOf,
    shape: 'whole days from 1 to 60, rising, separated by commas (e.g. 3, 7), or blank',
    blank: 'none',
  },
  pauseUnpaid: {
    label: "Pause a sale when its card's last try fails",
    default: 'No',
    note: 'Yes: after the last try of a declined card (Retry a declined card after), the nightly run pauses the sale from its next due date until that invoice is paid (paid any way, or void): no invoice falls due and no sessions are given meanwhile.',
    ...yes,
  },
  timeZone: {
    label: 'Time zone check',
    default: '',
    note: "Written by the add-on after each run: the spreadsheet's time zone, which every date and the nightly hour follow (File › Settings).",
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;

type Spec<K extends SettingName> = (typeof SETTINGS)[K];
/** The settings the rules read (every one with a `read`), and those client email reads. */
type ReadName = { [K in SettingName]: Spec<K> extends { read: unknown } ? K : never }[SettingName];
type EmailName = { [K in SettingName]: Spec<K> extends { email: true } ? K : never }[SettingName];

/** The settings as the rules read them: each one's value, typed by its reader. */
export type Settings = {
  -readonly [K in ReadName]: Spec<K> extends { read: (text: string) => infer T } ? Exclude<T, null> : never;
};

/**
 * What client email reads (src/domain/email.ts): the studio's name, the payment instructions, the grace
 * days, the reminders (at most this many per invoice, 0: none; a client's this many days apart), whether
 * a statement goes on the 1st of each month, and the tax's name and id for an invoice's tax line.
 */
export type EmailSettings = Pick<Settings, EmailName>;

const NAMES = Object.keys(SETTINGS) as SettingName[];
const EMAIL_NAMES = NAMES.filter((name) => 'email' in SETTINGS[name]) as EmailName[];

/** What a setting's Value says: its value, keep the default (a blank meaning so), or what it must be. */
export type SettingValue = { value: unknown } | { keep: true } | { mustBe: string };

/** Reads one setting's Value (trimmed): never a default for a Value that can't be read. */
export function settingValue(name: SettingName, text: string): SettingValue {
  const spec: SettingSpec = SETTINGS[name];
  if (!spec.read) return { keep: true };
  const mustBe = { mustBe: spec.shape ?? 'filled in' };
  if (text === '')
    return spec.blank === 'default' ? { keep: true } : spec.blank === 'none' ? { value: spec.read('') } : mustBe;
  const value = spec.read(text);
  return value === null ? mustBe : { value };
}

/** The settings of a workbook that has no Settings rows: each setting's default Value, read. */
export const DEFAULT_SETTINGS: Settings = (() => {
  const settings: Record<string, unknown> = {};
  for (const name of NAMES) {
    const read = settingValue(name, String(SETTINGS[name].default));
    if ('value' in read) settings[name] = read.value;
  }
  return settings as Settings;
})();

/** The settings client email reads, from the settings (each one read: one that can't be read throws here). */
export function emailSettingsOf(settings: Settings): EmailSettings {
  const picked: Record<string, unknown> = {};
  for (const name of EMAIL_NAMES) picked[name] = settings[name];
  return picked as EmailSettings;
}
