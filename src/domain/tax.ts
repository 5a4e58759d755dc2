/**
 * Tax on invoices (GST, VAT, sales tax). An invoice's net, tax and gross are computed once, when it is
 * created, from the Settings of that day and the package's tax-free term, and stored on its row: a later
 * change of rate never touches an invoice already made.
 *
 * The rounding rule, per invoice (not per session or per line), half away from zero:
 * - prices exclude tax: tax = round(price × rate), gross = price + tax;
 * - prices include tax: tax = round(price × rate ÷ (1 + rate)), net = price − tax;
 * - a tax-free package, or a rate of 0: tax = 0, net = gross = price.
 * A negative amount (a refund) rounds the same way, away from zero: its tax is minus the tax of its
 * opposite, so a refund of a whole invoice gives back exactly the tax it charged.
 */
import type { Cents } from './money';
import type { Invoice } from './records';

/** The tax the Settings say to charge on new invoices. */
export interface TaxRule {
  /** "GST", "VAT", "Sales tax": the word on the reports. */
  name: string;
  /** The rate in parts per million (10 % = 100 000; 8.875 % = 88 750). */
  ratePpm: number;
  /** True: a package's price includes the tax; false: the tax is added to it. */
  inclusive: boolean;
  /** The studio's tax id (ABN, VAT number …), shown on tax invoices; '' when none. */
  taxId: string;
}

export const NO_TAX: TaxRule = { name: 'Tax', ratePpm: 0, inclusive: true, taxId: '' };

/** The most a rate may be: 100 %. */
export const MAX_RATE_PPM = 1_000_000;

export interface Taxed {
  netCents: Cents;
  taxCents: Cents;
  grossCents: Cents;
}

/** `a ÷ b` rounded half away from zero, exactly, for integers (`b` > 0). */
export function divideHalfAway(a: number, b: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b <= 0) throw new RangeError('divideHalfAway');
  const q = Math.floor((2 * Math.abs(a) + b) / (2 * b));
  return a < 0 && q !== 0 ? -q : q;
}

/** Net, tax and gross of one invoice whose package price is `priceCents`. */
export function taxOn(priceCents: Cents, rule: TaxRule, taxFree = false): Taxed {
  if (taxFree || rule.ratePpm === 0) return { netCents: priceCents, taxCents: 0, grossCents: priceCents };
  if (rule.inclusive) {
    const taxCents = divideHalfAway(priceCents * rule.ratePpm, 1_000_000 + rule.ratePpm);
    return { netCents: priceCents - taxCents, taxCents, grossCents: priceCents };
  }
  const taxCents = divideHalfAway(priceCents * rule.ratePpm, 1_000_000);
  return { netCents: priceCents, taxCents, grossCents: priceCents + taxCents };
}

/**
 * A new invoice with its tax: `amountCents` (the package's price for the period, as Daily Processes made
 * it) becomes the gross, and the net and tax are recorded beside it.
 */
export function withTax<I extends Pick<Invoice, 'amountCents'>>(
  invoice: I,
  rule: TaxRule,
  taxFree = false,
): I & { netCents: Cents; taxCents: Cents } {
  const t = taxOn(invoice.amountCents, rule, taxFree);
  return { ...invoice, amountCents: t.grossCents, netCents: t.netCents, taxCents: t.taxCents };
}

/**
 * What an invoice row says: its gross is its Amount; its tax the Tax column (0 for a row from before the
 * column, or left blank); its net the rest. An Amount edited by hand keeps its tax.
 */
export function invoiceTaxed(invoice: Pick<Invoice, 'amountCents' | 'taxCents'>): Taxed {
  const taxCents = invoice.taxCents ?? 0;
  return { netCents: invoice.amountCents - taxCents, taxCents, grossCents: invoice.amountCents };
}

/** "10", "10%", "8.875 %" → parts per million; null when it is not a rate from 0 to 100 % (4 decimals at most). */
export function parseRate(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,4}))?\s*%?$/.exec(text.trim());
  if (!m) return null;
  const ppm = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
  return ppm <= MAX_RATE_PPM ? ppm : null;
}

/** 100 000 → "10%"; 88 750 → "8.875%". */
export function formatRate(ppm: number): string {
  const whole = Math.floor(ppm / 10_000);
  const fraction = String(ppm % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}%`;
}

/** The heading tax rules ask for: "Tax invoice" when the studio charges tax (Australia's GST rules), else "Invoice". */
export function invoiceHeading(rule: TaxRule): string {
  const heading = rule.ratePpm > 0 ? 'Tax invoice' : 'Invoice';
  return rule.taxId ? `${heading} — ${rule.taxId}` : heading;
}
