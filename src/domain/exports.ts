/**
 * Export for accounting: the invoices and payments of a date range, as rows in the import layouts of
 * Xero (sales invoices; payments as bank statement lines) and QuickBooks Online (invoices). Every cell is
 * text (the sheet layer writes it as plain text): dates `YYYY-MM-DD`, amounts `1234.50` (no currency
 * symbol, no thousands separator, a dot whatever the spreadsheet's locale).
 *
 * The headers are the vendors' own, column for column (README, "Exports for accounting", cites them):
 * - Xero's sales invoice template (Business › Invoices › Import › "Download template", SalesInvoiceTemplate.csv);
 * - Xero's bank statement template (Bank account › Manage account › Import a statement): Xero has no
 *   payment import, so a payment is a statement line whose Reference is the invoice number, to match;
 * - QuickBooks Online's invoice import (Settings › Import data › Invoices), its default column names.
 *
 * The rules: an invoice is exported when its date (the day it was made: recognition.invoiceDate) falls in
 * the range, one line per invoice, quantity 1; a void invoice is left out (neither Xero nor QuickBooks
 * imports a voided invoice) and counted. Its amount is the gross when the Settings say prices include
 * tax (import it as "Tax inclusive"), else its net ("Tax exclusive"): both are on the invoice row, fixed
 * when it was made. A tax-free package's invoice, or one with no tax, takes the tax-free code.
 *
 * The tabs are downloaded as CSV, and a spreadsheet program opening that file runs any cell that starts
 * like a formula. So every cell is guarded as OWASP's CSV-injection guidance says (guardCell): text that
 * starts with = + - @, a tab or a line break gets a single quote in front (`'=1+1`, `'-1`), which every
 * spreadsheet program reads as text and Xero and QuickBooks import as part of the name; the number columns
 * (amounts, "-5.00" included, and quantities) are left as they are: numbers.
 */
import { type IsoDate, longDate } from './dates';
import type { ExportInput } from './inputs';
import type { Cents } from './money';
import { invoiceDate } from './recognition';
import { type Client, type Invoice, PAYMENT_METHOD_CHOICES, type Payment, type Sale } from './records';
import { type FieldError, fail, ok, type Result } from './result';
import { invoiceTaxed } from './tax';
import { checkDate } from './validate';

/** Xero's SalesInvoiceTemplate.csv header row (an asterisk marks a column Xero requires). */
export const XERO_INVOICE_HEADERS = [
  '*ContactName',
  'EmailAddress',
  'POAddressLine1',
  'POAddressLine2',
  'POAddressLine3',
  'POAddressLine4',
  'POCity',
  'PORegion',
  'POPostalCode',
  'POCountry',
  '*InvoiceNumber',
  'Reference',
  '*InvoiceDate',
  '*DueDate',
  'InventoryItemCode',
  '*Description',
  '*Quantity',
  '*UnitAmount',
  'Discount',
  '*AccountCode',
  '*TaxType',
  'TrackingName1',
  'TrackingOption1',
  'TrackingName2',
  'TrackingOption2',
  'Currency',
  'BrandingTheme',
] as const;

/** Xero's bank statement import template (the statement lines the payments are reconciled against). */
export const XERO_BANK_HEADERS = ['*Date', '*Amount', 'Payee', 'Description', 'Reference', 'Cheque Number'] as const;

/** QuickBooks Online's invoice import: the column names it maps without asking. */
export const QBO_INVOICE_HEADERS = [
  'InvoiceNo',
  'Customer',
  'InvoiceDate',
  'DueDate',
  'Terms',
  'Memo',
  'Item(Product/Service)',
  'ItemDescription',
  'ItemQuantity',
  'ItemRate',
  'ItemAmount',
  'ItemTaxCode',
  'ItemTaxAmount',
  'Service Date',
] as const;

/** The days an export covers, both included. */
export interface ExportRange {
  from: IsoDate;
  to: IsoDate;
}

/** What the Settings say about exports: the income account, the tax codes, and how prices are given. */
export interface ExportCodes {
  salesAccount: string;
  taxCode: string;
  taxFreeCode: string;
  pricesIncludeTax: boolean;
}

/** The records an export reads (the archived invoices and payments included, when the range reaches them). */
export interface ExportData {
  invoices: readonly Invoice[];
  payments: readonly Payment[];
  sales: readonly Sale[];
  clients?: readonly Client[];
}

export interface AccountingExport {
  /** Each tab's rows, the vendor's header row first. */
  xeroInvoices: string[][];
  xeroPayments: string[][];
  qboInvoices: string[][];
  /** Invoices and payments exported, void invoices left out, and the totals (cents). */
  invoices: number;
  payments: number;
  voided: number;
  grossCents: Cents;
  taxCents: Cents;
  paidCents: Cents;
}

/** How far back and ahead of today an export may reach. */
export const EXPORT_DAYS_BACK = 20 * 366;
export const EXPORT_DAYS_AHEAD = 366;

/** `{ from, to }`, both real dates, `from` on or before `to`. */
export function checkExportRange(raw: ExportInput, today: IsoDate): Result<ExportRange> {
  const errors: FieldError[] = [];
  const limits = { maxDaysBack: EXPORT_DAYS_BACK, maxDaysAhead: EXPORT_DAYS_AHEAD };
  const from = checkDate(errors, 'from', raw.from, 'From', today, limits);
  const to = checkDate(errors, 'to', raw.to, 'To', today, limits);
  if (errors.length === 0 && to < from)
    errors.push({ field: 'to', message: `To (${longDate(to)}) must be on or after From (${longDate(from)}).` });
  return errors.length ? fail(errors) : ok({ from, to });
}

/** What a spreadsheet program reads as the start of a formula (OWASP, "CSV Injection"); LF too, to be safe. */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/** A text cell of an export, safe to open: a single quote before text a spreadsheet would run as a formula. */
export function guardCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The columns that hold numbers (amountText, quantities): a number, "-5.00" too, is never a formula. */
const NUMBER_COLUMNS: ReadonlySet<string> = new Set([
  '*Quantity',
  '*UnitAmount',
  '*Amount',
  'ItemQuantity',
  'ItemRate',
  'ItemAmount',
  'ItemTaxAmount',
]);

/** A layout's rows (its header first) with every text cell guarded; its number columns as they are. */
function guardRows(rows: readonly (readonly string[])[]): string[][] {
  const numbers = rows[0].map((header) => NUMBER_COLUMNS.has(header));
  return rows.map((row, r) => row.map((cell, c) => (r > 0 && numbers[c] ? cell : guardCell(cell))));
}

/** Cents as an amount the importers read: "1234.50", "-5.00". */
export function amountText(cents: Cents): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "2 Feb 2026". */
function dayMonthYear(date: IsoDate): string {
  return longDate(date).replace(/^\w{3} /, '');
}

/** One exported invoice, whichever layout it goes to. */
interface Line {
  number: string;
  contact: string;
  email: string;
  saleId: string;
  date: IsoDate;
  dueDate: IsoDate;
  item: string;
  description: string;
  unit: string;
  tax: string;
  taxType: string;
}

/** The invoices made in the range, in number order (void ones counted, not exported). */
function invoiceLines(data: ExportData, codes: ExportCodes, range: ExportRange) {
  const saleOf = new Map(data.sales.map((s) => [s.id, s]));
  const emailOf = new Map((data.clients ?? []).map((c) => [c.id, c.email]));
  const lines: Line[] = [];
  const totals = { voided: 0, grossCents: 0, taxCents: 0 };
  for (const inv of [...data.invoices].sort((a, b) => a.number - b.number)) {
    const sale = saleOf.get(inv.saleId);
    const date = invoiceDate(inv, sale);
    if (date < range.from || date > range.to) continue;
    if (inv.status === 'void') {
      totals.voided++;
      continue;
    }
    const taxed = invoiceTaxed(inv);
    totals.grossCents += taxed.grossCents;
    totals.taxCents += taxed.taxCents;
    const item = sale?.terms.name || 'Package';
    lines.push({
      number: String(inv.number),
      contact: inv.clientName || sale?.clientName || inv.saleId,
      email: (sale && emailOf.get(sale.clientId)) || '',
      saleId: inv.saleId,
      date,
      dueDate: inv.dueDate,
      item,
      description: `${item}: period ${inv.period + 1}, ${dayMonthYear(inv.dueDate)}`,
      unit: amountText(codes.pricesIncludeTax ? taxed.grossCents : taxed.netCents),
      tax: amountText(taxed.taxCents),
      taxType: sale?.terms.taxFree || taxed.taxCents === 0 ? codes.taxFreeCode : codes.taxCode,
    });
  }
  return { lines, ...totals };
}

function xeroInvoiceRow(l: Line, codes: ExportCodes): string[] {
  const address = ['', '', '', '', '', '', '', ''];
  const tracking = ['', '', '', ''];
  return [
    l.contact,
    l.email,
    ...address,
    l.number,
    l.saleId,
    l.date,
    l.dueDate,
    '',
    l.description,
    '1',
    l.unit,
    '',
    codes.salesAccount,
    l.taxType,
    ...tracking,
    '',
    '',
  ];
}

function qboInvoiceRow(l: Line): string[] {
  return [
    l.number,
    l.contact,
    l.date,
    l.dueDate,
    '',
    l.saleId, // the Memo is the sale id, as Xero's Reference (README, "Export for accounting")
    l.item,
    l.description,
    '1',
    l.unit,
    l.unit,
    l.taxType,
    l.tax,
    l.dueDate,
  ];
}

/** The payments dated in the range, as bank statement lines (money in), by date. */
function paymentRows(payments: readonly Payment[], range: ExportRange): { rows: string[][]; paidCents: Cents } {
  const method = new Map<string, string>(PAYMENT_METHOD_CHOICES.map((c) => [c.value, c.label]));
  const inRange = payments
    .filter((p) => p.date >= range.from && p.date <= range.to)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.invoiceNumber - b.invoiceNumber));
  return {
    rows: inRange.map((p) => [
      p.date,
      amountText(p.amountCents),
      p.clientName,
      `${p.amountCents < 0 ? 'Refund' : 'Payment'} of invoice ${p.invoiceNumber} (${method.get(p.method) ?? p.method})`,
      String(p.invoiceNumber),
      '',
    ]),
    paidCents: inRange.reduce((t, p) => t + p.amountCents, 0),
  };
}

/** Every export tab's rows for the range. */
export function accountingExport(data: ExportData, codes: ExportCodes, range: ExportRange): AccountingExport {
  const { lines, voided, grossCents, taxCents } = invoiceLines(data, codes, range);
  const paid = paymentRows(data.payments, range);
  return {
    xeroInvoices: guardRows([[...XERO_INVOICE_HEADERS], ...lines.map((l) => xeroInvoiceRow(l, codes))]),
    xeroPayments: guardRows([[...XERO_BANK_HEADERS], ...paid.rows]),
    qboInvoices: guardRows([[...QBO_INVOICE_HEADERS], ...lines.map(qboInvoiceRow)]),
    invoices: lines.length,
    payments: paid.rows.length,
    voided,
    grossCents,
    taxCents,
    paidCents: paid.paidCents,
  };
}
