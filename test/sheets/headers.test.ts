/**
 * Each tab's headers are a union of literals derived from sheets-template/tabs.ts, and the Table, the row
 * reader and the mappers' cells are typed by it. These tests compile small fixtures (virtually in
 * src/sheets, importing what the datastore imports) with the TypeScript compiler API, the options of
 * tsconfig.json, and require that:
 *
 * - correct code compiles: the real headers, headers found at run time (an owner's own column, a header
 *   taken from Object.entries), a record built at run time with owners' columns;
 * - a misspelt header does not compile, nor another tab's header: in a row reader (`r.text('Nmae')`),
 *   in Table.set / raw / has / values through the Store (`store.table('sales').set(row, 'Stauts', …)`),
 *   in a record literal appended, in a mapper's cells;
 * - a choice is typed by its table: parsing Frequency with the Reset/Add table does not give a Frequency,
 *   and a value not in a table is not of its type.
 */
import { join } from 'node:path';
import * as ts from 'typescript';
import { diagnose } from '../support/typescript';

const ROOT = join(__dirname, '..', '..');
const SHEETS = join(ROOT, 'src', 'sheets');

const HEADER = [
  "import { type Header, TABS } from '../../sheets-template/tabs';",
  "import { FREQUENCY_CHOICES, type Frequency, type InvoiceStatus, ROLLOVER_CHOICES } from '../domain';",
  "import type { Cell } from './cells';",
  "import * as map from './mappers';",
  "import type { Store } from './store';",
  "import { type RowReader, Table } from './table';",
  'declare const store: Store;',
  'declare const ss: GoogleAppsScript.Spreadsheet.Spreadsheet;',
  'declare const r: RowReader<Header<"packages">>;',
  'export type Used = [typeof TABS, Cell, typeof map, typeof Table, Frequency, InvoiceStatus];',
  'export const used = [FREQUENCY_CHOICES, ROLLOVER_CHOICES];',
  '',
].join('\n');

/** Each fixture's code and the TypeScript error codes it must give (sorted), none for correct code. */
const FIXTURES: Record<string, { code: string; errors: number[] }> = {
  correct: {
    errors: [],
    code: `
      export function ok(row: number, ownerColumn: string): string {
        const name: string = r.text('Name');
        const frequency: Frequency | null = r.choice('Frequency', FREQUENCY_CHOICES);
        const sales = store.table('sales');
        sales.set(row, 'Status', 'Active');
        sales.set(row, ownerColumn, 'kept by name'); // a header known only at run time
        const cells = map.packages.cells({ ...store.packages().records[0], id: 'P-1', name });
        const packages = store.table('packages');
        for (const [header, value] of Object.entries(cells)) packages.set(row, header, value);
        const archived: Record<string, Cell> = { Key: 'S-1:0', 'Owner notes': 'an owner column' };
        store.table('invoices').append(archived);
        store.table('invoices').append({ Key: 'S-1:0', Status: 'Open' });
        const settings = Table.read(ss, TABS.settings, store.codec);
        const status: InvoiceStatus = 'part-paid';
        return [frequency, sales.has('Pauses'), settings.raw(2, 'Value'), store.table('invoices').values('Key'), status].join();
      }`,
  },
  readerTypo: { errors: [2345], code: `export const name = r.text('Nmae');` },
  readerOtherTab: { errors: [2345], code: `export const sold = r.date('Sold On');` },
  setTypo: { errors: [2769], code: `store.table('sales').set(2, 'Stauts', 'Active');` },
  setOtherTab: { errors: [2769], code: `store.table('invoices').set(2, 'Pauses', '');` },
  rawTypo: { errors: [2769], code: `export const v = Table.read(ss, TABS.settings, store.codec).raw(2, 'Vaule');` },
  hasAndValuesTypo: {
    errors: [2769, 2769],
    code: `
      export const has = store.table('invoices').has('Statu');
      export const keys = store.table('sales').values('SaleID');`,
  },
  appendTypo: { errors: [2561], code: `store.table('payments').append({ Key: 'k', Mehtod: 'Cash' });` },
  cellsTypo: {
    errors: [2551],
    code: `export const status = map.invoices.cells(store.invoices().records[0], store.codec).Stauts;`,
  },
  headerType: {
    errors: [2322, 2322],
    code: `
      export const a: Header<'sales'> = 'Cancel Date';
      export const b: Header<'sales'> = 'Name';
      export const c: Header<'clients'> = 'Emial';`,
  },
  choiceTyped: {
    errors: [2322, 2322, 2322],
    code: `
      export const f: Frequency | null = r.choice('Frequency', ROLLOVER_CHOICES);
      export const g: Frequency = 'biweekly';
      export const s: InvoiceStatus = 'overdue';`,
  },
};

const fixturePath = (name: string) => join(SHEETS, `__headers_${name}__.ts`);

/** Diagnostics per fixture, from one Program. */
function check(): Map<string, readonly ts.Diagnostic[]> {
  const virtual = new Map(Object.entries(FIXTURES).map(([name, f]) => [fixturePath(name), HEADER + f.code]));
  return diagnose(virtual);
}

/** TS2820 is TS2322 ("not assignable") with a spelling suggestion. */
const codeOf = (d: ts.Diagnostic) => (d.code === 2820 ? 2322 : d.code);
const describeDiagnostic = (d: ts.Diagnostic) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;

describe('headers are typed by the template: a misspelt header does not compile', () => {
  let diagnostics: Map<string, readonly ts.Diagnostic[]>;
  beforeAll(() => {
    diagnostics = check();
  });

  it.each(Object.keys(FIXTURES))('%s', (name) => {
    const found = diagnostics.get(fixturePath(name)) ?? [];
    expect({ name, errors: found.map(codeOf).sort(), messages: found.map(describeDiagnostic) }).toMatchObject({
      name,
      errors: [...FIXTURES[name].errors].sort(),
    });
  });

  it('the errors name the misspelt header', () => {
    const text = (name: string) => (diagnostics.get(fixturePath(name)) ?? []).map(describeDiagnostic).join('\n');
    expect(text('readerTypo')).toMatch(/"Nmae"/);
    expect(text('setTypo')).toMatch(/"Stauts"/);
    expect(text('appendTypo')).toMatch(/'Mehtod'.*Did you mean to write 'Method'\?/);
    expect(text('cellsTypo')).toMatch(/'Stauts'.*Did you mean 'Status'\?/);
  });
});
