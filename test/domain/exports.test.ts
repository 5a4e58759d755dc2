/**
 * Export for accounting (src/domain/exports.ts): each layout checked column by column against the
 * vendor's published header row, and the amounts, tax codes and dates of invoices priced tax inclusive,
 * tax exclusive and tax-free; void invoices left out; the range by invoice date and payment date.
 */
import {
  accountingExport,
  checkExportRange,
  EXPORT_RANGE,
  type ExportCodes,
  type Invoice,
  lastMonth,
  type Payment,
  parsedThen,
  QBO_INVOICE_HEADERS,
  type Sale,
  taxOn,
  XERO_BANK_HEADERS,
  XERO_INVOICE_HEADERS,
} from '../../src/domain';
import { CLIENT, pkg } from './harness';

// Xero's sales invoice import template, SalesInvoiceTemplate.csv (Business › Invoices › Import ›
// "Download template"; Xero Central, "Import sales invoices" — required columns marked with *):
const XERO_SALES_INVOICE_TEMPLATE =
  '*ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,POPostalCode,POCountry,*InvoiceNumber,Reference,*InvoiceDate,*DueDate,InventoryItemCode,*Description,*Quantity,*UnitAmount,Discount,*AccountCode,*TaxType,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2,Currency,BrandingTheme';
// Xero's bank statement import template (Bank account › Manage account › Import a statement; Xero Central,
// "Import a bank statement in CSV format": Date and Amount required, Payee … Cheque Number optional):
const XERO_BANK_STATEMENT_TEMPLATE = '*Date,*Amount,Payee,Description,Reference,Cheque Number';
// QuickBooks Online, Settings › Import data › Invoices: the column names mapped without asking
// (QuickBooks community answer "Do we need to map fields every time when importing invoices?",
// quickbooks.intuit.com/learn-support/en-ca/…/01/394876, and the sample file of "Import invoices in batches").
const QBO_INVOICE_TEMPLATE =
  'InvoiceNo,Customer,InvoiceDate,DueDate,Terms,Memo,Item(Product/Service),ItemDescription,ItemQuantity,ItemRate,ItemAmount,ItemTaxCode,ItemTaxAmount,Service Date';

const INCLUSIVE: ExportCodes = {
  salesAccount: '200',
  taxCode: 'GST on Income',
  taxFreeCode: 'GST Free Income',
  pricesIncludeTax: true,
};
const EXCLUSIVE: ExportCodes = { ...INCLUSIVE, pricesIncludeTax: false };
const FEB = { from: '2026-02-01', to: '2026-02-28' };
const GST = { name: 'GST', ratePpm: 100_000, inclusive: true, taxId: '' };
const GST_ADDED = { ...GST, inclusive: false };

function payment(key: string, date: string, invoiceNumber: number, amountCents: number): Payment {
  return { key, date, invoiceNumber, saleId: 'S-1', clientName: CLIENT.name, amountCents, method: 'cash' };
}

function sale(id: string, terms: Parameters<typeof pkg>[0] = {}, start = '2026-01-05'): Sale {
  const { id: _package, ...rest } = pkg({ name: 'Reformer Fortnightly', ...terms });
  return {
    id,
    clientId: CLIENT.id,
    clientName: CLIENT.name,
    packageId: 'P-1',
    terms: rest,
    soldOn: start,
    startDate: start,
    endDate: null,
  };
}

/** Invoice `number` of sale S-1, period k (0 = the first), priced `price` under `rule`. */
function invoice(number: number, k: number, dueDate: string, taxed: ReturnType<typeof taxOn>, saleId = 'S-1'): Invoice {
  return {
    number,
    key: `${saleId}:${k}`,
    saleId,
    clientName: CLIENT.name,
    period: k,
    dueDate,
    amountCents: taxed.grossCents,
    paidCents: 0,
    status: 'open',
    netCents: taxed.netCents,
    taxCents: taxed.taxCents,
  };
}

/** A row as { header: cell }. */
function byHeader(headers: readonly string[], row: readonly string[]): Record<string, string> {
  expect(row).toHaveLength(headers.length);
  return Object.fromEntries(headers.map((h, i) => [h, row[i]]));
}

describe('the layouts are the vendors’ templates, column by column', () => {
  test.each([
    ['Xero sales invoices', XERO_INVOICE_HEADERS, XERO_SALES_INVOICE_TEMPLATE, 27],
    ['Xero bank statement', XERO_BANK_HEADERS, XERO_BANK_STATEMENT_TEMPLATE, 6],
    ['QuickBooks Online invoices', QBO_INVOICE_HEADERS, QBO_INVOICE_TEMPLATE, 14],
  ])('%s', (_name, headers, template, count) => {
    const columns = template.split(',');
    expect(columns).toHaveLength(count);
    columns.forEach((column, i) => {
      expect([i, headers[i]]).toEqual([i, column]);
    });
    expect(headers).toHaveLength(count);
  });

  test('each tab starts with its header row, and every row is as wide', () => {
    const out = accountingExport(
      { invoices: [invoice(1, 2, '2026-02-02', taxOn(6050, GST))], payments: [], sales: [sale('S-1')] },
      INCLUSIVE,
      FEB,
    );
    expect(out.xeroInvoices[0].join(',')).toBe(XERO_SALES_INVOICE_TEMPLATE);
    expect(out.xeroPayments[0].join(',')).toBe(XERO_BANK_STATEMENT_TEMPLATE);
    expect(out.qboInvoices[0].join(',')).toBe(QBO_INVOICE_TEMPLATE);
    for (const tab of [out.xeroInvoices, out.qboInvoices])
      for (const row of tab) expect(row).toHaveLength(tab[0].length);
  });
});

describe('invoices', () => {
  test('prices include tax: the gross, taxed code, text dates, the package and period described', () => {
    const out = accountingExport(
      {
        invoices: [invoice(7, 2, '2026-02-02', taxOn(6050, GST))],
        payments: [],
        sales: [sale('S-1')],
        clients: [CLIENT],
      },
      INCLUSIVE,
      FEB,
    );
    expect(byHeader(XERO_INVOICE_HEADERS, out.xeroInvoices[1])).toEqual({
      ...Object.fromEntries(XERO_INVOICE_HEADERS.map((h) => [h, ''])),
      '*ContactName': 'Ann Example',
      EmailAddress: 'ann@example.com',
      '*InvoiceNumber': '7',
      Reference: 'S-1',
      '*InvoiceDate': '2026-02-02',
      '*DueDate': '2026-02-02',
      '*Description': 'Reformer Fortnightly: period 3, 2 Feb 2026',
      '*Quantity': '1',
      '*UnitAmount': '60.50',
      '*AccountCode': '200',
      '*TaxType': 'GST on Income',
    });
    expect(byHeader(QBO_INVOICE_HEADERS, out.qboInvoices[1])).toEqual({
      InvoiceNo: '7',
      Customer: 'Ann Example',
      InvoiceDate: '2026-02-02',
      DueDate: '2026-02-02',
      Terms: '',
      Memo: 'S-1',
      'Item(Product/Service)': 'Reformer Fortnightly',
      ItemDescription: 'Reformer Fortnightly: period 3, 2 Feb 2026',
      ItemQuantity: '1',
      ItemRate: '60.50',
      ItemAmount: '60.50',
      ItemTaxCode: 'GST on Income',
      ItemTaxAmount: '5.50',
      'Service Date': '2026-02-02',
    });
    expect(out).toMatchObject({ invoices: 1, grossCents: 6050, taxCents: 550, voided: 0 });
  });

  test('prices exclude tax: the net (the importer adds the tax), the tax beside it', () => {
    const taxed = taxOn(6050, GST_ADDED); // $60.50 + $6.05 = $66.55
    expect(taxed.grossCents).toBe(6655);
    const out = accountingExport(
      { invoices: [invoice(3, 1, '2026-02-16', taxed)], payments: [], sales: [sale('S-1')] },
      EXCLUSIVE,
      FEB,
    );
    const xero = byHeader(XERO_INVOICE_HEADERS, out.xeroInvoices[1]);
    expect([xero['*UnitAmount'], xero['*TaxType'], xero.EmailAddress]).toEqual(['60.50', 'GST on Income', '']);
    const qbo = byHeader(QBO_INVOICE_HEADERS, out.qboInvoices[1]);
    expect([qbo.ItemRate, qbo.ItemAmount, qbo.ItemTaxAmount]).toEqual(['60.50', '60.50', '6.05']);
    expect(out).toMatchObject({ grossCents: 6655, taxCents: 605 });
  });

  test('a tax-free package, and an invoice with no tax, take the tax-free code', () => {
    const out = accountingExport(
      {
        invoices: [
          invoice(1, 1, '2026-02-16', taxOn(6050, GST, true)),
          invoice(2, 1, '2026-02-16', taxOn(30000, { ...GST, ratePpm: 0 }), 'S-2'),
        ],
        payments: [],
        sales: [sale('S-1', { taxFree: true }), sale('S-2')],
      },
      EXCLUSIVE,
      FEB,
    );
    expect(out.xeroInvoices.slice(1).map((r) => byHeader(XERO_INVOICE_HEADERS, r))).toMatchObject([
      { '*UnitAmount': '60.50', '*TaxType': 'GST Free Income' },
      { '*UnitAmount': '300.00', '*TaxType': 'GST Free Income' },
    ]);
    expect(out.qboInvoices.slice(1).map((r) => byHeader(QBO_INVOICE_HEADERS, r).ItemTaxAmount)).toEqual([
      '0.00',
      '0.00',
    ]);
  });

  test('the range counts an invoice by the day it was made; void invoices are left out and counted', () => {
    const sold = sale('S-1', {}, '2026-02-09'); // sold and started 9 Feb: invoice 1 made that day
    const early = { ...sale('S-2', {}, '2026-02-10'), soldOn: '2026-01-30' }; // sold 30 Jan, starts 10 Feb
    const invoices = [
      invoice(1, 0, '2026-02-09', taxOn(30000, GST)),
      { ...invoice(2, 1, '2026-02-23', taxOn(30000, GST)), status: 'void' as const },
      invoice(3, 2, '2026-03-09', taxOn(30000, GST)), // March: out
      invoice(4, 0, '2026-02-10', taxOn(30000, GST), 'S-2'), // made 30 Jan: out
      invoice(5, 1, '2026-02-24', taxOn(30000, GST), 'S-2'),
    ];
    const out = accountingExport({ invoices, payments: [], sales: [sold, early] }, INCLUSIVE, FEB);
    expect(out.xeroInvoices.slice(1).map((r) => [r[10], r[12], r[13]])).toEqual([
      ['1', '2026-02-09', '2026-02-09'],
      ['5', '2026-02-24', '2026-02-24'],
    ]);
    expect(out).toMatchObject({ invoices: 2, voided: 1, grossCents: 60000, taxCents: 5454 });
    // Sold before it starts: that invoice is dated the sale, and due on the start date.
    const january = accountingExport({ invoices, payments: [], sales: [sold, early] }, INCLUSIVE, {
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(january.qboInvoices.slice(1).map((r) => [r[0], r[2], r[3]])).toEqual([['4', '2026-01-30', '2026-02-10']]);
  });

  test('typed text goes out as typed, behind a single quote when it would start a formula (issue 28, finding 9)', () => {
    const out = accountingExport(
      {
        invoices: [{ ...invoice(1, 1, '2026-02-16', taxOn(100, GST)), clientName: '=HYPERLINK("x","y")' }],
        payments: [],
        sales: [sale('S-1', { name: '+61 Pilates, "Reformer"' })],
      },
      INCLUSIVE,
      FEB,
    );
    expect(out.xeroInvoices[1][0]).toBe('\'=HYPERLINK("x","y")');
    expect(out.qboInvoices[1][6]).toBe('\'+61 Pilates, "Reformer"');
    expect(out.qboInvoices[1][7]).toBe('\'+61 Pilates, "Reformer": period 2, 16 Feb 2026');
  });
});

describe('exports safe to open (issue 28, finding 9: OWASP CSV injection)', () => {
  const NAMES = ['=IMPORTXML("http://x","//a")', '=HYPERLINK("http://x","y")', '+1', '-1', '@x', '\t=1+1', '\r=1+1'];

  test.each(NAMES)('a client named %j is exported with a single quote in front, in every layout', (name) => {
    const out = accountingExport(
      {
        invoices: [{ ...invoice(1, 1, '2026-02-16', taxOn(100, GST)), clientName: name }],
        payments: [{ ...payment('1:pay:1', '2026-02-16', 1, 1000), clientName: name }],
        sales: [sale('S-1')],
      },
      INCLUSIVE,
      FEB,
    );
    expect([out.xeroInvoices[1][0], out.qboInvoices[1][1], out.xeroPayments[1][2]]).toEqual([
      `'${name}`,
      `'${name}`,
      `'${name}`,
    ]);
  });

  test('amounts stay numbers, a negative one too; ordinary text, dates and numbers are untouched', () => {
    const out = accountingExport(
      {
        invoices: [invoice(1, 1, '2026-02-16', taxOn(6050, GST))],
        payments: [payment('1:pay:1', '2026-02-16', 1, -500)],
        sales: [sale('S-1', { name: "O'Brien's Reformer" })],
      },
      { ...INCLUSIVE, salesAccount: '-200', taxCode: '@GST' },
      FEB,
    );
    expect(out.xeroPayments[1]).toEqual(['2026-02-16', '-5.00', CLIENT.name, 'Refund of invoice 1 (Cash)', '1', '']);
    expect(out.qboInvoices[1].slice(6, 13)).toEqual([
      "O'Brien's Reformer",
      "O'Brien's Reformer: period 2, 16 Feb 2026",
      '1',
      '60.50',
      '60.50',
      "'@GST",
      '5.50',
    ]);
    // Codes typed in the Settings are text too.
    expect(out.xeroInvoices[1].slice(19, 21)).toEqual(["'-200", "'@GST"]);
    expect(out.xeroInvoices[0]).toEqual([...XERO_INVOICE_HEADERS]);
  });
});

describe('payments, as Xero bank statement lines', () => {
  test('dated in the range, by date; the invoice number as the Reference', () => {
    const pay = (key: string, date: string, invoiceNumber: number, amountCents: number): Payment => ({
      key,
      date,
      invoiceNumber,
      saleId: 'S-1',
      clientName: CLIENT.name,
      amountCents,
      method: 'card',
    });
    const out = accountingExport(
      {
        invoices: [],
        payments: [
          pay('P-3', '2026-02-20', 2, 123456),
          pay('P-1', '2026-01-31', 1, 30000),
          pay('P-2', '2026-02-01', 1, 5),
          pay('P-4', '2026-03-01', 3, 30000),
        ],
        sales: [],
      },
      INCLUSIVE,
      FEB,
    );
    expect(out.xeroPayments.slice(1).map((r) => byHeader(XERO_BANK_HEADERS, r))).toEqual([
      {
        '*Date': '2026-02-01',
        '*Amount': '0.05',
        Payee: 'Ann Example',
        Description: 'Payment of invoice 1 (Card)',
        Reference: '1',
        'Cheque Number': '',
      },
      {
        '*Date': '2026-02-20',
        '*Amount': '1234.56',
        Payee: 'Ann Example',
        Description: 'Payment of invoice 2 (Card)',
        Reference: '2',
        'Cheque Number': '',
      },
    ]);
    expect(out).toMatchObject({ payments: 2, paidCents: 123461 });
  });
});

describe('the range', () => {
  const today = '2026-03-10';
  test('last calendar month by default', () => {
    expect(lastMonth(today)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(lastMonth('2026-01-31')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(lastMonth('2024-03-01')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });

  test('real dates, From not after To; errors name the field', () => {
    expect(checkExportRange({ from: '2026-02-01', to: '2026-02-28' }, today)).toEqual({
      ok: true,
      value: { from: '2026-02-01', to: '2026-02-28' },
    });
    const fields = (input: unknown) => {
      const r = parsedThen(EXPORT_RANGE, input, (range) => checkExportRange(range, today));
      return r.ok ? [] : r.errors.map((e) => e.field);
    };
    expect(fields({ from: '2026-02-30', to: '2026-02-28' })).toEqual(['from']);
    expect(fields({ from: '2026-02-01' })).toEqual(['to']);
    expect(fields(null)).toEqual(['from', 'to']);
    expect(fields({ from: '1900-01-01', to: '2026-02-28' })).toEqual(['from']);
    expect(fields({ from: '2026-02-01', to: '2999-12-31' })).toEqual(['to']);
    expect(fields({ from: '2026-03-01', to: '2026-02-28' })).toEqual(['to']);
  });
});
