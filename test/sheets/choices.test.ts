/**
 * Each choice list (label ↔ value) is defined once, as a table in the domain, and everything else derives
 * from it: the template's dropdowns, the domain's value lists and types, the mappers' parsing (labels
 * matched case-insensitively, so no two labels of a list may differ only in case) and their writing.
 */
import { TABS } from '../../sheets-template/tabs';
import {
  ADJUSTMENT_TYPE_CHOICES,
  ADJUSTMENT_TYPES,
  type Choice,
  FREQUENCIES,
  FREQUENCY_CHOICES,
  INVOICE_STATUS_CHOICES,
  INVOICE_STATUSES,
  MESSAGE_KIND_CHOICES,
  OVERDUE_LABEL,
  PAYMENT_METHOD_CHOICES,
  PAYMENT_METHODS,
  ROLLOVER_CHOICES,
  ROLLOVERS,
  SALE_STATUS_CHOICES,
  type Sale,
  saleStatus,
  YES_NO_CHOICES,
} from '../../src/domain';
import { DateCodec } from '../../src/sheets/cells';
import * as map from '../../src/sheets/mappers';
import { Table } from '../../src/sheets/table';
import { saleStatusLabel } from '../../src/sheets/writes';

const { createRuntime, Workbook } = require('../../local/runtime');

const TABLES: Record<string, readonly Choice[]> = {
  frequency: FREQUENCY_CHOICES,
  rollover: ROLLOVER_CHOICES,
  saleStatus: SALE_STATUS_CHOICES,
  invoiceStatus: INVOICE_STATUS_CHOICES,
  adjustmentType: ADJUSTMENT_TYPE_CHOICES,
  paymentMethod: PAYMENT_METHOD_CHOICES,
  taxFree: YES_NO_CHOICES,
  messageKind: MESSAGE_KIND_CHOICES,
};

/** Which table each choice column of the template shows. */
const COLUMNS: [tab: keyof typeof TABS, header: string, table: keyof typeof TABLES][] = [
  ['packages', 'Frequency', 'frequency'],
  ['packages', 'Reset/Add', 'rollover'],
  ['sales', 'Frequency', 'frequency'],
  ['sales', 'Reset/Add', 'rollover'],
  ['sales', 'Status', 'saleStatus'],
  ['invoices', 'Status', 'invoiceStatus'],
  ['payments', 'Method', 'paymentMethod'],
  ['adjustments', 'Type', 'adjustmentType'],
  ['packages', 'Tax Free', 'taxFree'],
  ['sales', 'Tax Free', 'taxFree'],
  ['clients', 'No Email', 'taxFree'],
  ['packages', 'Charge Automatically', 'taxFree'],
  ['messages', 'Kind', 'messageKind'],
  ['messages', 'Send', 'taxFree'],
];

describe('one table per choice list', () => {
  it('every choice column of the template is listed here, and its dropdown is its table’s labels in order', () => {
    const choiceColumns = Object.entries(TABS).flatMap(([tab, spec]) =>
      spec.columns.filter((c) => c.kind === 'choice').map((c) => `${tab}.${c.header}`),
    );
    expect(choiceColumns.sort()).toEqual(COLUMNS.map(([tab, header]) => `${tab}.${header}`).sort());
    for (const [tab, header, table] of COLUMNS) {
      const column = TABS[tab].columns.find((c) => c.header === header);
      expect({ column: `${tab}.${header}`, choices: column?.choices }).toEqual({
        column: `${tab}.${header}`,
        choices: TABLES[table].map((c) => c.label),
      });
    }
    // The dropdowns the owners saw before the lists moved: unchanged.
    expect(TABS.invoices.columns.find((c) => c.header === 'Status')?.choices).toEqual([
      'Open',
      'Part-paid',
      'Overdue',
      'Paid',
      'Void',
    ]);
  });

  it.each(Object.entries(TABLES))('%s: labels differ case-insensitively, values are unique', (_name, table) => {
    const labels = table.map((c) => c.label.toLowerCase());
    expect(new Set(labels).size).toBe(labels.length);
    const statuses = table.filter((c) => !('overdue' in c)).map((c) => c.value);
    expect(new Set(statuses).size).toBe(statuses.length);
  });

  it("the domain's value lists are the tables' values", () => {
    expect(FREQUENCIES).toEqual(FREQUENCY_CHOICES.map((c) => c.value));
    expect(ROLLOVERS).toEqual(['reset', 'add']);
    expect(INVOICE_STATUSES).toEqual(['open', 'part-paid', 'paid', 'void']);
    expect(ADJUSTMENT_TYPES).toEqual(ADJUSTMENT_TYPE_CHOICES.map((c) => c.value));
    expect(PAYMENT_METHODS).toEqual(PAYMENT_METHOD_CHOICES.map((c) => c.value));
    expect(INVOICE_STATUS_CHOICES.find((c) => 'overdue' in c)).toEqual({
      value: 'open',
      label: OVERDUE_LABEL,
      overdue: true,
    });
  });

  it('labelFor gives the first label of a value (Open, never Overdue, for an open invoice)', () => {
    expect(map.labelFor(INVOICE_STATUS_CHOICES, 'open')).toBe('Open');
    expect(map.labelFor(FREQUENCY_CHOICES, 'every 3 weeks')).toBe('Every 3 weeks');
    expect(map.labelFor(PAYMENT_METHOD_CHOICES, 'transfer')).toBe('Transfer');
  });

  it('the Sales Status the writes queue (writes.ts saleStatusLabel) is the label of the domain status', () => {
    const base: Sale = {
      id: 'S-1',
      clientId: 'C-1',
      clientName: 'Ann',
      packageId: 'P-1',
      terms: {
        name: 'Weekly',
        sessionsPerPeriod: 1,
        frequency: 'weekly',
        rollover: 'reset',
        recurWeeks: 0,
        priceCents: 100,
        rolloverCap: null,
        minPeriods: 0,
        noticeDays: 0,
        usableDays: null,
        expireAfterPeriods: 0,
        introPeriods: 0,
        introPriceCents: null,
      },
      soldOn: '2026-01-05',
      startDate: '2026-01-05',
      endDate: null,
    };
    const sales: Sale[] = [
      base,
      { ...base, endDate: '2026-02-01' },
      { ...base, terms: { ...base.terms, recurWeeks: 2 } },
    ];
    const today = '2026-06-01';
    expect(sales.map((s) => saleStatus(s, today))).toEqual(['active', 'cancelled', 'finished']);
    for (const s of sales)
      expect(saleStatusLabel(s, today)).toBe(map.labelFor(SALE_STATUS_CHOICES, saleStatus(s, today)));
  });
});

describe('the mappers read labels as typed (any case) and report others with the list', () => {
  function packagesTab(rows: (string | number)[][]) {
    const rt = createRuntime({ workbook: Workbook.create({ timeZone: 'UTC' }), now: '2026-03-02' });
    const g = rt.globals();
    (globalThis as Record<string, unknown>).Utilities = g.Utilities;
    const ss = g.SpreadsheetApp.getActive();
    const header = TABS.packages.columns.map((c) => c.header);
    const sheet = ss.insertSheet(TABS.packages.name);
    // Columns the rows leave out (the commitment's, added later) are blank: no commitment.
    const padded = rows.map((r) => [...r, ...Array(header.length - r.length).fill('')]);
    sheet.getRange(1, 1, rows.length + 1, header.length).setValues([header, ...padded]);
    return map.readRows(Table.read(ss, TABS.packages, new DateCodec('UTC')), map.packages.parse, map.packages.key);
  }

  it('parses "every 3 WEEKS" and "add" to their values', () => {
    const read = packagesTab([['P-1', 'Yoga', 4, 'every 3 WEEKS', 'add', 0, 160, '']]);
    expect(read.problems).toEqual([]);
    expect(read.records[0]).toMatchObject({ frequency: 'every 3 weeks', rollover: 'add' });
  });

  it('names every label of the list for a word not in it', () => {
    const read = packagesTab([['P-1', 'Yoga', 4, 'Biweekly', 'Keep', 0, 160, '']]);
    expect(read.problems.map((p) => p.message)).toEqual([
      'Frequency "Biweekly" is not one of Weekly, Fortnightly, Every 3 weeks, Every 4 weeks, Monthly, Quarterly; ' +
        'Reset/Add "Keep" is not one of Reset, Add. Row skipped.',
    ]);
  });
});
