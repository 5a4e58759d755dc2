/**
 * The workbook's single source of truth: every tab, its columns (header, kind, width, format, dropdown)
 * in their default order. Owners may reorder columns and add their own: rows are mapped by header.
 */

import {
  ADJUSTMENT_TYPE_CHOICES,
  type Choice,
  FREQUENCY_CHOICES,
  INVOICE_STATUS_CHOICES,
  MESSAGE_KIND_CHOICES,
  PAYMENT_METHOD_CHOICES,
  PLACEHOLDER_NOTE,
  ROLLOVER_CHOICES,
  SALE_STATUS_CHOICES,
  YES_NO_CHOICES,
} from '../src/domain';

/** How a column's cells are read and written. */
export type ColumnKind =
  | 'id' // add-on generated identifier (text)
  | 'text' // text typed by people: always written so it can never become a formula
  | 'choice' // one of a list (dropdown)
  | 'date' // a calendar date cell
  | 'timestamp' // a date-time cell (Run Log)
  | 'money' // a currency cell; cents in the domain
  | 'int' // a whole number
  | 'count'; // a whole number the add-on derives (running balance)

/** `H`: the header as a literal type, so each tab's headers are a union the mappers are checked against. */
export interface ColumnSpec<H extends string = string> {
  header: H;
  kind: ColumnKind;
  /** A row without this column cannot be read; a tab without this header cannot be used. */
  required: boolean;
  width: number;
  /** Dropdown values (the labels owners see), for `choice` columns: derived from a domain choice table. */
  choices?: readonly string[];
  /** A short note shown in README / header note. */
  note?: string;
  /**
   * An optional column whose header is gone from a workbook that had it (Set up workbook wrote it, a job
   * saw it, or a row still holds data under a blank header): what stops (docs/exactly-once.md, "What
   * owners may edit"). `stops` (the default): the tab can't be used, so the work that reads it stops;
   * `stopsEmail`: client email stops, the rest goes on; `blank`: read as empty (nothing depends on it),
   * but a write of a value into it is refused; `derived`: a copy the add-on can rebuild (a name shown
   * beside an id, a status, a running balance): read as empty, and writes to it are dropped. A workbook
   * that never had the column reads it as empty (the behaviour from before it existed).
   */
  missing?: 'stops' | 'stopsEmail' | 'blank' | 'derived';
}

/** What a missing optional column stops (ColumnSpec.missing), `stops` when not said. */
export function whenMissing(c: ColumnSpec): NonNullable<ColumnSpec['missing']> {
  return c.missing ?? 'stops';
}

export interface TabSpec {
  name: string;
  columns: readonly ColumnSpec[];
  /** The header whose value is unique per row, if any. */
  key?: string;
  /** Header row background. */
  color: string;
}

/** What a column may set besides its header, kind and width. */
type ColumnExtra = Partial<Omit<ColumnSpec, 'header' | 'kind' | 'width'>>;

const col = <H extends string>(header: H, kind: ColumnKind, width: number, extra: ColumnExtra = {}): ColumnSpec<H> => ({
  header,
  kind,
  width,
  required: true,
  ...extra,
});
const optional = <H extends string>(
  header: H,
  kind: ColumnKind,
  width: number,
  extra: ColumnExtra = {},
): ColumnSpec<H> => col(header, kind, width, { ...extra, required: false });

/** A dropdown's values: the labels of a choice table, in its order. */
const labels = (choices: readonly Choice[]): readonly string[] => choices.map((c) => c.label);

const termColumns = [
  col('Sessions per Period', 'int', 135),
  col('Frequency', 'choice', 110, { choices: labels(FREQUENCY_CHOICES) }),
  col('Reset/Add', 'choice', 80, { choices: labels(ROLLOVER_CHOICES) }),
  col('Keep Recurring Weeks', 'int', 150, { note: '0 = open-ended (no expiry)' }),
  col('Price per Period', 'money', 110),
  optional('Rollover Cap', 'int', 90, { note: 'Add packages only: the most sessions a client can hold' }),
  optional('Usable Days After End', 'int', 150, {
    note: 'Add packages only: days unused sessions stay usable once the sale ends (0: they lapse with it; blank: forever)',
  }),
  optional('Expire After Periods', 'int', 135, {
    note: "Add packages only: a period's unused sessions lapse this many periods later; used oldest first (blank or 0: never)",
  }),
  optional('Intro Periods', 'int', 90, {
    note: 'The first this many periods are billed at the Intro Price (blank or 0: none)',
  }),
  optional('Intro Price', 'money', 90, { note: 'The price of each intro period' }),
  optional('Minimum Periods', 'int', 120, {
    note: 'A cancellation ends the sale no earlier than the end of this many billing periods (blank or 0: none)',
  }),
  optional('Notice Days', 'int', 85, {
    note: 'A cancellation ends the sale no earlier than this many days after it is asked for (blank or 0: none)',
  }),
  optional('Tax Free', 'choice', 70, {
    choices: labels(YES_NO_CHOICES),
    note: 'Yes: no tax on its invoices (e.g. some health services); blank or No: taxed at the Settings rate',
  }),
];

/**
 * The Settings tab: one row per setting (Setting | Value | Notes). Set up workbook writes the missing
 * rows with their defaults; owners edit the Value column.
 */
export const SETTINGS_TAB = {
  name: 'Settings',
  color: '#e8eaed',
  columns: [
    col('Setting', 'text', 180),
    col('Value', 'text', 200),
    optional('Notes', 'text', 420, { missing: 'derived' }),
  ],
} as const satisfies TabSpec;

/**
 * The add-on's own state, in a hidden tab of the spreadsheet (not in document properties: a published
 * add-on's time-driven trigger has no active document, so it cannot read them, while it can open the
 * spreadsheet by id). Rows 2–6 are fixed, each written with a single-range write: the nightly run's
 * lease, the desk flag of a person's action, who installed the nightly run, the nightly run's last
 * results, and the last Daily Processes that completed. From row 7: key/value rows (the archive's
 * progress, one row per archived month of revenue), rewritten together in one write.
 */
export const SYSTEM_TAB = {
  name: 'Studio Packages (system)',
  color: '#f1f3f4',
  columns: [col('Key', 'id', 160), optional('Value', 'text', 640)],
  fixedRows: ['lease', 'desk', 'nightly', 'nightly status', 'daily'],
} as const;

export const TABS = {
  packages: {
    name: 'Packages',
    key: 'Package ID',
    color: '#e8f0fe',
    columns: [
      col('Package ID', 'id', 90),
      col('Name', 'text', 200),
      ...termColumns,
      optional('Charge Automatically', 'choice', 150, {
        choices: labels(YES_NO_CHOICES),
        missing: 'blank',
        note: "Yes: each invoice is charged to the client's card on file on its due date (Stripe connected); blank or No: paid by hand",
      }),
    ],
  },
  clients: {
    name: 'Clients',
    key: 'Client ID',
    color: '#e8f0fe',
    columns: [
      col('Client ID', 'id', 90),
      col('Name', 'text', 200),
      optional('Email', 'text', 200, { missing: 'stopsEmail' }),
      optional('Phone', 'text', 130, { missing: 'blank' }),
      optional('No Email', 'choice', 80, {
        missing: 'stopsEmail',
        choices: labels(YES_NO_CHOICES),
        note: 'Yes: the studio sends this client no email (invoices, receipts, reminders, statements)',
      }),
      optional('Stripe Customer', 'id', 170, {
        missing: 'blank',
        note: 'Set by "Ask for a card": this client in your Stripe account (cus_…)',
      }),
      optional('Card', 'text', 240, {
        missing: 'blank',
        note: 'Set by the add-on: the card on file ("Visa •••• 4242, expires 08/28"), or the link it waits for',
      }),
      optional('Stripe Card', 'id', 170, {
        missing: 'blank',
        note: 'Set by the add-on: the saved card in your Stripe account (pm_…), the one charged; clear it to stop charging',
      }),
    ],
  },
  sales: {
    name: 'Sales',
    key: 'Sale ID',
    color: '#e6f4ea',
    columns: [
      col('Sale ID', 'id', 80),
      col('Client ID', 'id', 80),
      col('Client', 'text', 180),
      col('Package ID', 'id', 90),
      col('Package', 'text', 180),
      col('Sold On', 'date', 100),
      col('Start Date', 'date', 100, { note: 'The first invoice falls due on this date' }),
      ...termColumns,
      optional('Cancel Date', 'date', 100, { note: 'No invoice due on or after this date is created' }),
      optional('Pauses', 'text', 220, {
        note: 'e.g. "2026-12-21 for 2 weeks": nothing falls due inside; later dates move',
      }),
      optional('Package Changes', 'text', 260, {
        note: 'Set by "Change package": the terms the sale had before each change, as data (its columns show the current terms)',
      }),
      optional('Shared With', 'text', 220, {
        note: 'Other clients who check in against this sale, e.g. "Sam Lee (C-2); Jo Lee (C-3)"',
      }),
      optional('Status', 'choice', 90, { choices: labels(SALE_STATUS_CHOICES), missing: 'derived' }),
      optional('Request ID', 'id', 120, { note: 'Set by the sale form: a retried sale finds this row' }),
    ],
  },
  invoices: {
    name: 'Invoices',
    key: 'Key',
    color: '#fef7e0',
    columns: [
      col('Invoice No', 'int', 90),
      col('Key', 'id', 110),
      col('Sale ID', 'id', 80),
      optional('Client', 'text', 180, { missing: 'derived' }),
      col('Period', 'int', 70, { note: '1 = the invoice created at the sale' }),
      col('Due Date', 'date', 100),
      col('Amount', 'money', 100),
      optional('Paid', 'money', 100),
      optional('Status', 'choice', 90, { choices: labels(INVOICE_STATUS_CHOICES), missing: 'derived' }),
      optional('Net', 'money', 100, { note: 'Amount without its tax, fixed when the invoice was made' }),
      optional('Tax', 'money', 90, { note: 'The tax in Amount (Amount = Net + Tax), fixed when the invoice was made' }),
      optional('Collection', 'text', 280, {
        missing: 'blank',
        note: 'Set by automatic collection: paid by card, declined (and why), or asked of Stripe and not yet answered',
      }),
      optional('Pay Link', 'text', 220, {
        missing: 'blank',
        note: "Stripe's page to pay this invoice (in its emails), while it owes: set by the nightly run",
      }),
      optional('Stripe Pay Link', 'text', 120, {
        missing: 'blank',
        note: 'The Payment Link in Stripe (plink_…): the nightly run turns it off once the invoice is paid',
      }),
    ],
  },
  payments: {
    name: 'Payments',
    key: 'Key',
    color: '#fef7e0',
    columns: [
      col('Key', 'id', 120),
      col('Date', 'date', 100),
      col('Invoice No', 'int', 90),
      col('Sale ID', 'id', 80),
      optional('Client', 'text', 180, { missing: 'derived' }),
      col('Amount', 'money', 100),
      col('Method', 'choice', 100, { choices: labels(PAYMENT_METHOD_CHOICES) }),
      optional('Reference', 'id', 220, {
        missing: 'derived',
        note: 'A card charge: the payment in your Stripe account (pi_…)',
      }),
    ],
  },
  adjustments: {
    name: 'Adjustments',
    key: 'Key',
    color: '#f3e8fd',
    columns: [
      col('Key', 'id', 150),
      col('Date', 'date', 100),
      col('Sale ID', 'id', 80),
      optional('Client', 'text', 180, { missing: 'derived' }),
      col('Type', 'choice', 90, { choices: labels(ADJUSTMENT_TYPE_CHOICES) }),
      col('Sessions', 'int', 80),
      optional('Balance', 'count', 80, { note: "The sale's running balance after this row", missing: 'derived' }),
      optional('Note', 'text', 280),
      optional('Attended By', 'text', 160, { note: "A shared sale's check-in by someone other than its client" }),
      optional('Carried Value', 'text', 160, {
        note: 'Carry rows: the unearned value of the sessions brought forward (e.g. "2 for 50.00; 6 for 150.00")',
      }),
    ],
  },
  settings: SETTINGS_TAB,
  messages: {
    name: 'Messages',
    key: 'Kind',
    color: '#fef7e0',
    columns: [
      col('Kind', 'choice', 130, { choices: labels(MESSAGE_KIND_CHOICES) }),
      col('Send', 'choice', 70, { choices: labels(YES_NO_CHOICES), note: 'No: this kind is never sent' }),
      optional('Subject', 'text', 280, { missing: 'stopsEmail' }),
      optional('Body', 'text', 520, {
        missing: 'stopsEmail',
        note: PLACEHOLDER_NOTE,
      }),
    ],
  },
  emailLog: {
    name: 'Email Log',
    key: 'Key',
    color: '#fef7e0',
    columns: [
      col('Key', 'id', 220),
      col('Date', 'date', 100),
      optional('Client ID', 'id', 80, { missing: 'derived' }),
      optional('Client', 'text', 160, { missing: 'derived' }),
      optional('Address', 'text', 200, { missing: 'derived' }),
      optional('Kind', 'text', 110, { missing: 'derived' }),
      optional('Subject', 'text', 260, { missing: 'derived' }),
      col('Status', 'text', 220, {
        note: 'sent / waiting (quota: next run) / sending (not confirmed: check, then type resend) / skipped: … / failed: …; type resend to send it again',
      }),
    ],
  },
  runLog: {
    name: 'Run Log',
    color: '#f1f3f4',
    columns: [
      col('Started', 'timestamp', 150),
      optional('Finished', 'timestamp', 150, { missing: 'derived' }),
      col('Job', 'text', 150),
      optional('Today', 'date', 100, { missing: 'derived' }),
      optional('User', 'text', 180, { missing: 'derived' }),
      optional('Invoices Created', 'int', 115, { missing: 'derived' }),
      optional('Adjustments Created', 'int', 140, { missing: 'derived' }),
      optional('Problems', 'int', 80, { missing: 'derived' }),
      optional('Details', 'text', 500, { missing: 'derived' }),
    ],
  },
} as const satisfies Record<string, TabSpec>;

export type TabName = keyof typeof TABS;

/** The headers of a tab spec, as a union of literals ('Sale ID' | 'Client ID' | …). */
export type HeaderOf<S extends { readonly columns: readonly { readonly header: string }[] }> =
  S['columns'][number]['header'];
/** One tab's headers: `Header<'sales'>` is 'Sale ID' | 'Client ID' | … | 'Request ID'. */
export type Header<T extends TabName> = HeaderOf<(typeof TABS)[T]>;
/** The package-term columns the Packages and Sales tabs share. */
export type TermHeader = HeaderOf<{ columns: typeof termColumns }>;

/** Number formats per kind (Sheets patterns). */
export const FORMATS: Record<ColumnKind, string> = {
  id: '@',
  text: '@',
  choice: '@',
  date: 'yyyy-mm-dd',
  timestamp: 'yyyy-mm-dd hh:mm:ss',
  money: '$#,##0.00',
  int: '0',
  count: '0',
};

/**
 * The Settings tab's rows: one entry per setting, with its label, the Value Set up workbook writes, its
 * note, and how its Value is read (src/domain/settings.ts, the one table of settings).
 */
export { SETTINGS, type SettingName } from '../src/domain';

/** A report tab: rewritten in one batch after every Daily Processes run. Row 1 title, row 2 headers. */
export interface ReportSpec {
  name: string;
  title: string;
  columns: readonly { header: string; kind: ColumnKind; width: number }[];
}

const rc = (header: string, kind: ColumnKind, width: number) => ({ header, kind, width });

export const REPORTS = {
  upcoming: {
    name: 'Upcoming Invoices',
    title: 'Invoices falling due in the next 30 days',
    columns: [
      rc('Due Date', 'date', 100),
      rc('Sale ID', 'id', 80),
      rc('Client', 'text', 180),
      rc('Package', 'text', 220),
      rc('Amount', 'money', 100),
    ],
  },
  overdue: {
    name: 'Overdue Invoices',
    title: 'Overdue invoices',
    columns: [
      rc('Invoice No', 'int', 90),
      rc('Sale ID', 'id', 80),
      rc('Client', 'text', 180),
      rc('Due Date', 'date', 100),
      rc('Amount', 'money', 100),
      rc('Paid', 'money', 100),
      rc('Outstanding', 'money', 110),
      rc('Days Overdue', 'int', 100),
    ],
  },
  sessions: {
    name: 'Sessions Remaining',
    title: 'Sessions remaining per client',
    columns: [
      rc('Client', 'text', 180),
      rc('Sale ID', 'id', 80),
      rc('Package', 'text', 220),
      rc('Sessions Left', 'int', 100),
      rc('Expires', 'date', 100),
      rc('Unearned Value', 'money', 120),
    ],
  },
  unearned: {
    name: 'Unearned Sessions',
    title: 'Unearned sessions: allocated, not yet used, and their value',
    columns: [rc('Package', 'text', 220), rc('Sales', 'int', 80), rc('Sessions', 'int', 90), rc('Value', 'money', 120)],
  },
  recognition: {
    name: 'Revenue Recognition',
    title: 'Revenue earned per month, net of tax: sessions used and lapsed; unearned carried',
    columns: [
      rc('Month', 'id', 90),
      rc('Invoiced (net)', 'money', 120),
      rc('Earned', 'money', 120),
      rc('Collected', 'money', 120),
      rc('Sessions Used', 'money', 120),
      rc('Sessions Lapsed', 'money', 120),
      rc('Unearned (month end)', 'money', 150),
      rc('Tax Invoiced', 'money', 110),
    ],
  },
  revenue: {
    name: 'Revenue by Month',
    title: 'Revenue invoiced and collected per month',
    columns: [rc('Month', 'id', 90), rc('Invoiced', 'money', 120), rc('Collected', 'money', 120)],
  },
} as const satisfies Record<string, ReportSpec>;
export type ReportName = keyof typeof REPORTS;
