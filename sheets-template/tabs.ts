/**
 * The workbook's single source of truth: every tab, its columns (header, kind, width, format, dropdown)
 * in their default order. Owners may reorder columns and add their own: rows are mapped by header.
 */

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

export interface ColumnSpec {
  header: string;
  kind: ColumnKind;
  /** A row without this column cannot be read; a tab without this header cannot be used. */
  required: boolean;
  width: number;
  /** Dropdown values, for `choice` columns. */
  choices?: readonly string[];
  /** A short note shown in README / header note. */
  note?: string;
}

export interface TabSpec {
  name: string;
  columns: readonly ColumnSpec[];
  /** The header whose value is unique per row, if any. */
  key?: string;
  /** Header row background. */
  color: string;
}

const col = (header: string, kind: ColumnKind, width: number, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  header,
  kind,
  width,
  required: true,
  ...extra,
});
const optional = (header: string, kind: ColumnKind, width: number, extra: Partial<ColumnSpec> = {}): ColumnSpec =>
  col(header, kind, width, { ...extra, required: false });

export const FREQUENCY_CHOICES = [
  'Weekly',
  'Fortnightly',
  'Every 3 weeks',
  'Every 4 weeks',
  'Monthly',
  'Quarterly',
] as const;
export const ROLLOVER_CHOICES = ['Reset', 'Add'] as const;
export const SALE_STATUS_CHOICES = ['Active', 'Cancelled', 'Finished'] as const;
export const INVOICE_STATUS_CHOICES = ['Open', 'Part-paid', 'Paid', 'Void'] as const;
export const ADJUSTMENT_TYPE_CHOICES = ['Allocate', 'Use', 'Reset', 'Cap', 'Expire', 'Correct'] as const;
export const METHOD_CHOICES = ['Cash', 'Card', 'Transfer', 'Other'] as const;

const termColumns = [
  col('Sessions per Period', 'int', 90),
  col('Frequency', 'choice', 110, { choices: FREQUENCY_CHOICES }),
  col('Reset/Add', 'choice', 80, { choices: ROLLOVER_CHOICES }),
  col('Keep Recurring Weeks', 'int', 90, { note: '0 = open-ended (no expiry)' }),
  col('Price per Period', 'money', 100),
  optional('Rollover Cap', 'int', 90, { note: 'Add packages only: the most sessions a client can hold' }),
];

export const TABS = {
  packages: {
    name: 'Packages',
    key: 'Package ID',
    color: '#e8f0fe',
    columns: [col('Package ID', 'id', 90), col('Name', 'text', 200), ...termColumns],
  },
  clients: {
    name: 'Clients',
    key: 'Client ID',
    color: '#e8f0fe',
    columns: [
      col('Client ID', 'id', 90),
      col('Name', 'text', 200),
      optional('Email', 'text', 200),
      optional('Phone', 'text', 130),
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
      optional('Status', 'choice', 90, { choices: SALE_STATUS_CHOICES }),
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
      optional('Client', 'text', 180),
      col('Period', 'int', 70, { note: '1 = the invoice created at the sale' }),
      col('Due Date', 'date', 100),
      col('Amount', 'money', 100),
      optional('Paid', 'money', 100),
      optional('Status', 'choice', 90, { choices: INVOICE_STATUS_CHOICES }),
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
      optional('Client', 'text', 180),
      col('Amount', 'money', 100),
      col('Method', 'choice', 100, { choices: METHOD_CHOICES }),
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
      optional('Client', 'text', 180),
      col('Type', 'choice', 90, { choices: ADJUSTMENT_TYPE_CHOICES }),
      col('Sessions', 'int', 80),
      optional('Balance', 'count', 80, { note: "The sale's running balance after this row" }),
      optional('Note', 'text', 280),
    ],
  },
  runLog: {
    name: 'Run Log',
    color: '#f1f3f4',
    columns: [
      col('Started', 'timestamp', 150),
      optional('Finished', 'timestamp', 150),
      col('Job', 'text', 150),
      optional('Today', 'date', 100),
      optional('User', 'text', 180),
      optional('Invoices Created', 'int', 90),
      optional('Adjustments Created', 'int', 100),
      optional('Problems', 'int', 80),
      optional('Details', 'text', 500),
    ],
  },
} as const satisfies Record<string, TabSpec>;

export type TabName = keyof typeof TABS;

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
