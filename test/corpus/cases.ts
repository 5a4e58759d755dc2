// The bad-input corpus: for every endpoint that takes input, a valid call and, per field, the values a
// confused client (or a hostile one: google.script.run passes whatever it is given) might send. Each bad
// case must be refused with an error naming `field`, and change nothing at all.
//
// The fields come from the endpoints' own declarations (src/domain/inputs.ts, DECLARED below): every
// declared field is tried, with the values listed here for it or else the bad values of its kind (BY_KIND),
// and a field listed here that the endpoint does not declare fails the corpus (declarationProblems).

import type { Declared, FieldKind } from '../../src/domain/fields';
import * as Inputs from '../../src/domain/inputs';

const LONG = 'x'.repeat(10_000);
const FORMULAS = ['=1+1', '+61 400', '-1', '@A1', '\t=2', '=HYPERLINK("http://x","y")'];
const MARKUP = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>'];
/**
 * Text that reads as something it is not, or can't be searched for (issue 28, finding 8): controls,
 * text-direction overrides and isolates, zero-width characters. A note may hold a plain line break.
 */
const HIDDEN_IN_NOTES = [
  'Ann\u202Eelpmaxe',
  '\u2066Ann\u2069',
  'Ann\u200BExample',
  'Ann\u200CExample',
  'Ann\u200DExample',
  'Ann\u2060Example',
  '\uFEFFAnn',
  'Ann\rExample',
  'Ann\tExample',
  'Ann\u0000',
  'Ann\u001B[31m',
  'Ann\u2028Example',
];
const HIDDEN = [...HIDDEN_IN_NOTES, 'Ann\nExample'];

/** Values no field of each kind may accept. */
export const BAD = {
  text: [undefined, null, '', '   ', 42, true, {}, [], LONG, ...HIDDEN],
  /** A note (a reason): a line break is allowed. */
  note: [undefined, null, '', '   ', 42, true, {}, [], LONG, ...HIDDEN_IN_NOTES],
  optionalText: [42, true, {}, [], LONG, ...HIDDEN],
  whole: [undefined, null, '', '4', 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e12, true, {}, ...FORMULAS],
  cents: [
    undefined,
    null,
    '',
    '100',
    100.5,
    0.001,
    -100,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1e15,
    '$100',
    ...FORMULAS,
  ],
  date: [
    '2026-02-30',
    '2026-13-01',
    '2025-02-29',
    '26-03-10',
    '10/03/2026',
    '2026-3-10',
    '2026-03-10T00:00:00Z',
    20260310,
    '1900-01-01',
    '2999-12-31',
    '0000-00-00',
    {},
    LONG,
    ...FORMULAS,
    ...MARKUP,
  ],
  id: [undefined, null, '', 'X-999', 42, {}, [], ' ', LONG, ...FORMULAS, ...MARKUP, "S-1' OR '1'='1"],
  number: [undefined, null, '', 999, '1', 1.5, -1, 0, Number.NaN, {}, ...FORMULAS],
  choice: [undefined, null, '', 'Weekly ', 'daily', 1, {}, LONG, ...FORMULAS],
  boolean: ['true', 'yes', 1, 0, {}, []],
  requestId: ['has space', 'a'.repeat(65), '<x>', '=1', 42, {}, 'Ωmega', 'a/b'],
};

export interface Field {
  field: string;
  values: unknown[];
}

export interface EndpointCases {
  /** A call that succeeds (proves the cases fail because of the one bad field). */
  valid: Record<string, unknown>;
  fields: Field[];
  /** Whole inputs that are not objects at all (only for endpoints with a required field: the error names it). */
  notObject?: string;
}

const NOT_OBJECTS = [null, undefined, 'saleId=S-1', 42, [], true];

export { NOT_OBJECTS };

/** Day the corpus runs on; the corpus studio is built on the days before. */
export const DAY = '2026-03-10';

export const CASES: Record<string, EndpointCases> = {
  savePackage: {
    valid: {
      name: 'Corpus Pack',
      sessionsPerPeriod: 4,
      frequency: 'weekly',
      rollover: 'add',
      recurWeeks: 0,
      priceCents: 5000,
      rolloverCap: 8,
      expireAfterPeriods: 3,
      introPeriods: 1,
      introPriceCents: 2500,
    },
    fields: [
      { field: 'name', values: BAD.text },
      { field: 'sessionsPerPeriod', values: [...BAD.whole, 0] },
      { field: 'frequency', values: BAD.choice },
      { field: 'rollover', values: BAD.choice },
      { field: 'recurWeeks', values: BAD.whole },
      { field: 'priceCents', values: BAD.cents.filter((v) => v !== 0) },
      { field: 'rolloverCap', values: ['4', 1.5, -1, 0, Number.NaN, 1e12, true, {}, 2, ...FORMULAS] },
      // Optional (blank: none), so only what is wrong when given.
      { field: 'usableDays', values: ['4', 1.5, -1, Number.NaN, 1e12, true, {}, 731, ...FORMULAS] },
      { field: 'minPeriods', values: [...BAD.whole.filter((v) => v !== undefined && v !== null && v !== ''), 521] },
      { field: 'noticeDays', values: [...BAD.whole.filter((v) => v !== undefined && v !== null && v !== ''), 366] },
      { field: 'expireAfterPeriods', values: ['4', 1.5, -1, Number.NaN, 1e12, true, {}, 521, ...FORMULAS] },
      { field: 'introPeriods', values: ['4', 1.5, -1, 0, Number.NaN, 1e12, true, {}, 521, ...FORMULAS] },
      { field: 'introPriceCents', values: [...BAD.cents.filter((v) => v !== 0)] },
      { field: 'id', values: ['P-999', 42, {}, LONG, '=P-1'] },
    ],
    notObject: 'name',
  },
  saveClient: {
    valid: { name: 'Corpus Client', email: 'corpus@example.com', phone: '0400 000 000' },
    fields: [
      { field: 'name', values: BAD.text },
      { field: 'email', values: [...BAD.optionalText, 'not-an-email', 'a@b', 'a b@c.de', '@example.com'] },
      { field: 'phone', values: [...BAD.optionalText, 'x'.repeat(41)] },
      { field: 'noEmail', values: BAD.boolean },
      { field: 'confirm', values: BAD.boolean },
      { field: 'id', values: ['C-999', 42, {}, LONG, '=C-1'] },
    ],
    notObject: 'name',
  },
  previewSale: {
    valid: { packageId: 'P-1', startDate: DAY },
    fields: [
      { field: 'packageId', values: BAD.id },
      { field: 'startDate', values: [undefined, null, '', ...BAD.date] },
    ],
    notObject: 'packageId',
  },
  sellPackage: {
    valid: { clientId: 'C-2', packageId: 'P-1', startDate: DAY, requestId: 'corpus-sale' },
    fields: [
      { field: 'clientId', values: BAD.id },
      { field: 'packageId', values: BAD.id },
      { field: 'startDate', values: [undefined, null, '', ...BAD.date] },
      { field: 'requestId', values: BAD.requestId },
    ],
    notObject: 'clientId',
  },
  cancelSale: {
    valid: { saleId: 'S-1', date: '2026-04-20' },
    fields: [
      { field: 'saleId', values: BAD.id },
      { field: 'date', values: [undefined, null, '', ...BAD.date, '2026-03-02'] },
    ],
    notObject: 'saleId',
  },
  checkIn: {
    valid: { saleId: 'S-1', requestId: 'corpus-ci' },
    fields: [
      { field: 'saleId', values: BAD.id },
      { field: 'date', values: [...BAD.date, '2026-03-11', '2026-02-01'] },
      { field: 'overdraw', values: BAD.boolean },
      { field: 'requestId', values: BAD.requestId },
      // Who attends (a shared sale): absent is its own client; anyone it is not shared with is refused.
      { field: 'clientId', values: ['C-999', 42, {}, [], LONG, ...FORMULAS, ...MARKUP] },
    ],
    notObject: 'saleId',
  },
  changePackage: {
    valid: { saleId: 'S-1', packageId: 'P-2', fromDate: '2026-03-16', carry: 'all' },
    fields: [
      { field: 'saleId', values: BAD.id },
      { field: 'packageId', values: [...BAD.id.filter((v) => v !== 'X-999'), 'P-999'] },
      { field: 'fromDate', values: [undefined, null, '', ...BAD.date, '2026-03-17', '2026-03-02'] },
      { field: 'carry', values: ['some', -1, 1.5, Number.NaN, {}, [], true, ...FORMULAS] },
    ],
    notObject: 'saleId',
  },
  emailStatement: {
    valid: { clientId: 'C-1', requestId: 'corpus-statement' },
    fields: [
      { field: 'clientId', values: BAD.id },
      { field: 'requestId', values: [undefined, null, '', ...BAD.requestId] },
    ],
    notObject: 'clientId',
  },
  shareSale: {
    valid: { saleId: 'S-1', clientIds: ['C-2'] },
    fields: [
      { field: 'saleId', values: BAD.id },
      {
        field: 'clientIds',
        values: [undefined, null, '', 'C-2', {}, [42], ['C-999'], [LONG], ['=C-1'], [...MARKUP], [null]],
      },
    ],
    notObject: 'saleId',
  },
  correctSessions: {
    valid: { saleId: 'S-1', sessions: 2, reason: 'Corpus make-up', requestId: 'corpus-corr' },
    fields: [
      { field: 'saleId', values: BAD.id },
      { field: 'sessions', values: [...BAD.whole.filter((v) => v !== -1), 0, -1001, 1001] },
      { field: 'reason', values: BAD.note },
      { field: 'date', values: BAD.date },
      { field: 'confirm', values: BAD.boolean },
      { field: 'requestId', values: BAD.requestId },
    ],
    notObject: 'saleId',
  },
  recordPayment: {
    valid: { invoiceNo: 1, amount: 1000, method: 'cash', requestId: 'corpus-pay' },
    fields: [
      { field: 'invoiceNo', values: BAD.number },
      { field: 'amount', values: [...BAD.cents, 0, 30001] },
      { field: 'method', values: [...BAD.choice, 'Cash', 'cheque'] },
      { field: 'date', values: [...BAD.date, '2026-03-11'] },
      { field: 'requestId', values: BAD.requestId },
    ],
    notObject: 'invoiceNo',
  },
  runDailyProcesses: {
    valid: { dryRun: true },
    fields: [
      // A dry run may look one day ahead (the next nightly run); two days ahead is refused. A real run
      // for tomorrow is refused too: test/bundle/nightly.test.ts.
      { field: 'today', values: [...BAD.date, '2026-03-12'] },
      { field: 'dryRun', values: BAD.boolean },
      { field: 'reports', values: BAD.boolean },
    ],
  },
  listInvoices: {
    valid: { saleId: 'S-1' },
    fields: [
      { field: 'saleId', values: BAD.id.filter((v) => v !== undefined && v !== null && v !== '') },
      { field: 'clientId', values: BAD.id.filter((v) => v !== undefined && v !== null && v !== '') },
      { field: 'status', values: ['Open', 'bogus', 1, {}, LONG, ...FORMULAS] },
    ],
  },
  pauseSale: {
    valid: { saleId: 'S-1', from: '2026-06-01', weeks: 2 },
    fields: [
      { field: 'saleId', values: BAD.id },
      { field: 'from', values: BAD.date },
      { field: 'weeks', values: [...BAD.whole, 0, 53] },
    ],
    notObject: 'saleId',
  },
  pauseSales: {
    valid: { saleIds: ['S-1'], from: '2026-06-01', weeks: 2 },
    fields: [
      {
        field: 'saleIds',
        values: [undefined, null, '', 'S-1', [], [42], [null], {}, LONG, new Array(5001).fill('S-1')],
      },
      { field: 'from', values: BAD.date },
      { field: 'weeks', values: [...BAD.whole, 0, 53] },
    ],
    notObject: 'saleIds',
  },
  exportForAccounting: {
    // The range is checked whole before anything is read: each date real, within 20 years back and a
    // year ahead, and To not before From.
    valid: { from: '2026-03-01', to: DAY },
    fields: [
      { field: 'from', values: [undefined, null, '', ...BAD.date] },
      { field: 'to', values: [undefined, null, '', ...BAD.date, '2026-02-28'] },
    ],
    notObject: 'from',
  },
  getAdjustments: {
    valid: { saleId: 'S-1' },
    fields: [
      { field: 'saleId', values: BAD.id.filter((v) => v !== undefined && v !== null && v !== '') },
      { field: 'clientId', values: BAD.id.filter((v) => v !== undefined && v !== null && v !== '') },
    ],
  },
};

/** Stands for the corpus studio's spreadsheet id (random per workbook) in the front desk's calls. */
export const SPREADSHEET = '<the corpus spreadsheet>';

// The front desk web app's endpoints: the spreadsheet id comes first (anything but the studio's own, for
// someone who edits it, is refused on `spreadsheetId` before anything is read).
const deskId = { field: 'spreadsheetId', values: [...BAD.id, 'no-such-spreadsheet'] };
Object.assign(CASES, {
  deskSearch: {
    valid: { spreadsheetId: SPREADSHEET, query: 'ava' },
    fields: [
      deskId,
      { field: 'query', values: [...BAD.text.filter((v) => !HIDDEN.includes(v as string)), 'a', 'x'.repeat(61)] },
    ],
    notObject: 'spreadsheetId',
  },
  deskClient: {
    valid: { spreadsheetId: SPREADSHEET, clientId: 'C-1' },
    fields: [deskId, { field: 'clientId', values: BAD.id }],
    notObject: 'spreadsheetId',
  },
  deskCheckIn: {
    valid: { spreadsheetId: SPREADSHEET, saleId: 'S-1', requestId: 'corpus-desk' },
    fields: [
      deskId,
      { field: 'saleId', values: BAD.id },
      { field: 'overdraw', values: BAD.boolean },
      { field: 'requestId', values: BAD.requestId },
    ],
    notObject: 'spreadsheetId',
  },
  deskUndo: {
    valid: { spreadsheetId: SPREADSHEET, saleId: 'S-1', checkInKey: 'S-1:use:1', reason: 'Corpus undo' },
    fields: [
      deskId,
      { field: 'saleId', values: BAD.id },
      { field: 'checkInKey', values: [...BAD.id, 'S-1:allocate:0', 'S-1:use:2'] },
      { field: 'reason', values: BAD.note },
    ],
    notObject: 'spreadsheetId',
  },
} satisfies Record<string, EndpointCases>);

/** Stands for a key of the corpus runtime's (emulated) Stripe account: corpus.test.ts issues it. */
export const STRIPE_KEY = '<a key of the corpus Stripe account>';
/** The endpoints the corpus calls with Stripe connected (corpus.test.ts connects it first). */
export const STRIPE_ENDPOINTS = ['askForCard'];

// Getting paid with Stripe: the key is checked by its shape before Stripe is asked (and never echoed).
Object.assign(CASES, {
  connectStripe: {
    valid: { key: STRIPE_KEY, currency: 'aud', website: 'https://studio.example/thanks' },
    fields: [
      {
        field: 'key',
        values: [
          ...BAD.text,
          'pk_test_abcdefghijkl',
          'sk_test_short',
          'rk_prod_abcdefghijkl',
          'rk_test_has space in it',
        ],
      },
      { field: 'currency', values: [...BAD.choice, 'AUD', 'jpy'] },
      {
        field: 'website',
        values: [
          ...BAD.text,
          'http://studio.example',
          'javascript:alert(1)',
          'https://',
          'ftp://studio.example',
          'https://a b.com',
        ],
      },
    ],
    notObject: 'key',
  },
  askForCard: {
    valid: { clientId: 'C-1', requestId: 'corpus-card' },
    fields: [{ field: 'clientId', values: BAD.id }],
    notObject: 'clientId',
  },
} satisfies Record<string, EndpointCases>);

/**
 * Endpoints that take no input: whatever a client passes is ignored (they must still answer, and read-only
 * ones write nothing). UI-only entry points (menus, sidebars, triggers) are listed so the corpus knows them.
 */
export const NO_INPUT = [
  'listPackages',
  'listClients',
  'setUpWorkbook',
  'getSelectedSales',
  'archiveHistory',
  'getNightlyStatus',
  'checkInstallation',
  'stripeStatus',
  'disconnectStripe',
];
/** Of those, the ones whose answer depends on the sheet's selection (ok: false when it is not on Sales). */
export const SELECTION_READERS = ['getSelectedSales'];
export const NOT_CLIENT_CALLABLE = [
  'doGet',
  'menuFrontDeskLink',
  'menuFrontDeskAddress',
  'menuCheckInstallation',
  'onOpen',
  'onInstall',
  'menuArchiveHistory',
  'menuExportForAccounting',
  'nightlyHousekeeping',
  'menuInstallNightlyTrigger',
  'menuNightlyStatus',
  'menuPreviewDailyProcesses',
  'menuRemoveNightlyTrigger',
  'menuRunDailyProcesses',
  'menuSetUpWorkbook',
  'menuSendTestEmail',
  'nightlyDailyProcesses',
  'installNightlyTrigger',
  'removeNightlyTrigger',
  'showCheckInSidebar',
  'showHistorySidebar',
  'showPackageSidebar',
  'showSaleSidebar',
  'showPaymentSidebar',
  'showPauseSidebar',
  'showClientSidebar',
  'showStripeSidebar',
];

/** Text people type that is accepted, and must be stored exactly, as text (never a formula). */
export const SAFE_TEXT = [
  ...FORMULAS.map((t) => t.trim()),
  ...MARKUP,
  'Zoë Ŝtåhl-Ørsted',
  '李小龙',
  'محمد',
  '🧘‍♀️ Pilates',
  "O'Brien",
  'x'.repeat(100),
];

/** Each endpoint's declared input (src/domain/inputs.ts): the corpus tries every field it declares. */
export const DECLARED: Record<string, Declared<unknown, unknown>> = {
  savePackage: Inputs.SAVE_PACKAGE,
  saveClient: Inputs.SAVE_CLIENT,
  previewSale: Inputs.PREVIEW_SALE,
  sellPackage: Inputs.SELL_PACKAGE,
  cancelSale: Inputs.CANCEL_SALE,
  changePackage: Inputs.CHANGE_PACKAGE,
  shareSale: Inputs.SHARE_SALE,
  pauseSale: Inputs.PAUSE_SALE,
  pauseSales: Inputs.PAUSE_SALES,
  checkIn: Inputs.CHECK_IN,
  correctSessions: Inputs.CORRECT_SESSIONS,
  recordPayment: Inputs.RECORD_PAYMENT,
  listInvoices: Inputs.LIST_INVOICES,
  getAdjustments: Inputs.GET_ADJUSTMENTS,
  exportForAccounting: Inputs.EXPORT_RANGE,
  emailStatement: Inputs.EMAIL_STATEMENT,
  runDailyProcesses: Inputs.RUN_DAILY,
  deskSearch: Inputs.DESK_SEARCH,
  deskClient: Inputs.DESK_CLIENT,
  deskCheckIn: Inputs.DESK_CHECK_IN,
  deskUndo: Inputs.DESK_UNDO,
  connectStripe: Inputs.CONNECT_STRIPE,
  askForCard: Inputs.ASK_FOR_CARD,
};

const BLANK = [undefined, null, ''];

/**
 * The bad values of each kind of field, for a field the cases above don't list. An optional field's blank
 * means "not given", so it is left out of its bad values. 'other' fields (checked together with others, or
 * by their own rule) have no defaults: their cases are listed above.
 */
function byKind(kind: FieldKind, optional: boolean): unknown[] {
  const values: Record<FieldKind, unknown[]> = {
    id: BAD.id,
    number: BAD.number,
    ids: [undefined, null, '', 'S-1', {}, [42], [null]],
    text: BAD.text,
    note: BAD.note,
    optionalText: BAD.optionalText,
    whole: BAD.whole,
    cents: BAD.cents,
    date: [...BLANK, ...BAD.date],
    boolean: BAD.boolean,
    requestId: BAD.requestId,
    choice: BAD.choice,
    other: [],
  };
  return optional ? values[kind].filter((v) => !BLANK.includes(v as never)) : values[kind];
}

/** What the cases say that the declarations don't: a listed field no endpoint declares, an endpoint without one. */
export function declarationProblems(): string[] {
  const problems: string[] = [];
  for (const [name, cases] of Object.entries(CASES)) {
    const declared = DECLARED[name];
    if (!declared) {
      problems.push(`${name}: no declared input in DECLARED`);
      continue;
    }
    for (const f of cases.fields)
      if (!(f.field in declared.kinds)) problems.push(`${name}: "${f.field}" is not a field it declares`);
  }
  return problems;
}

/** Whether a declared field may be left out: parsing the valid call without it finds nothing wrong with it. */
function optional(declared: Declared<unknown, unknown>, valid: Record<string, unknown>, field: string): boolean {
  const { [field]: _, ...rest } = valid;
  const parsed = declared.parse(rest);
  return parsed.ok || !parsed.errors.some((e) => e.field === field);
}

// Every declared field: its listed values, or its kind's.
for (const [name, declared] of Object.entries(DECLARED)) {
  const cases = CASES[name];
  if (!cases) continue;
  const listed = new Map(cases.fields.map((f) => [f.field, f]));
  cases.fields = Object.entries(declared.kinds).map(
    ([field, kind]) => listed.get(field) ?? { field, values: byKind(kind, optional(declared, cases.valid, field)) },
  );
  for (const f of listed.values()) if (!(f.field in declared.kinds)) cases.fields.push(f);
}
