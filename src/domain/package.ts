/** A package definition: what the studio sells, and the checks on what an owner types for one. */
import { type Cents, formatMoney } from './money';
import type { Choice } from './records';
import { type FieldError, fail, ok, type Result } from './result';
import { FREQUENCIES, type Frequency, isFrequency, PERIOD_WORDS } from './schedule';
import { asRecord, checkCents, checkText, checkWhole } from './validate';
import { counted, countOf } from './words';

/** Reset: unused sessions are lost at the next allocation. Add: unused sessions accrue. (The Reset/Add column.) */
export const ROLLOVER_CHOICES = [
  { value: 'reset', label: 'Reset' },
  { value: 'add', label: 'Add' },
] as const satisfies readonly Choice[];
export type Rollover = (typeof ROLLOVER_CHOICES)[number]['value'];
export const ROLLOVERS: readonly Rollover[] = ROLLOVER_CHOICES.map((c) => c.value);

/**
 * Yes and No, as every Yes/No column (Tax Free, No Email, a message's Send) and setting writes them: the one
 * Yes/No choice of the workbook.
 */
export const YES_NO_CHOICES = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
] as const satisfies readonly Choice[];

/** A Yes/No a person typed: Yes or No in any case (Y, N, TRUE and FALSE too); null for anything else. */
export function yesNo(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (t === 'yes' || t === 'y' || t === 'true') return true;
  if (t === 'no' || t === 'n' || t === 'false') return false;
  return null;
}

/** The terms of a package; copied onto each sale, so editing a package never changes what was sold. */
export interface PackageTerms {
  name: string;
  sessionsPerPeriod: number;
  frequency: Frequency;
  rollover: Rollover;
  /** Keep recurring for W weeks; 0 = open-ended (no expiry). */
  recurWeeks: number;
  priceCents: Cents;
  /** Add only: the balance never exceeds this after an allocation; the excess is recorded as lost. */
  rolloverCap: number | null;
  /** A cancellation ends the sale no earlier than the end of its first N billing periods (0 = none). */
  minPeriods: number;
  /** A cancellation ends the sale no earlier than D days after it is asked for (0 = none). */
  noticeDays: number;
  /**
   * Add only: once the sale has ended (its last period is over, or it was cancelled), unused sessions stay
   * usable this many days, then lapse as an Expire row (0: they lapse with the last period). Null: they
   * never lapse (packages from before this term).
   */
  usableDays: number | null;
  /**
   * Add only: sessions allocated in a period lapse, if still unused, at the allocation N periods later
   * (they are used oldest first); 0: they never lapse (packages from before this term).
   */
  expireAfterPeriods: number;
  /** The first K periods are billed at `introPriceCents` (0: no intro price). */
  introPeriods: number;
  /** The price of each intro period; null when the package has none. */
  introPriceCents: Cents | null;
  /** No tax is charged on its invoices (some health services); absent = taxed (packages from before). */
  taxFree?: boolean;
}

export interface Package extends PackageTerms {
  id: string;
  /**
   * The Packages tab's Charge Automatically: each invoice of its sales is charged to the client's card on
   * file (stripe.ts). Set in the tab; the package form never writes it, so an edit keeps it.
   */
  chargeAutomatically?: boolean;
}

export const MAX_SESSIONS = 1000;
export const MAX_WEEKS = 520;
export const MAX_NOTICE_DAYS = 365;

/** An optional whole number a package may leave out (blank, null, absent = 0: the old behaviour). */
function optionalWhole(errors: FieldError[], field: string, value: unknown, label: string, max: number): number {
  if (value === undefined || value === null || value === '') return 0;
  return checkWhole(errors, field, value, label, 0, max);
}

/** Add only: the most sessions a client holds after an allocation (at least one allocation); null: no cap. */
function checkRolloverCap(
  errors: FieldError[],
  raw: Record<string, unknown>,
  sessionsPerPeriod: number,
): number | null {
  if (raw.rolloverCap === undefined || raw.rolloverCap === null || raw.rolloverCap === '') return null;
  if (raw.rollover === 'reset') {
    errors.push({ field: 'rolloverCap', message: 'A rollover cap applies only to Add packages.' });
    return null;
  }
  const before = errors.length;
  const cap = checkWhole(errors, 'rolloverCap', raw.rolloverCap, 'Rollover cap', 1, MAX_SESSIONS * 10);
  // Compare only a valid cap: checkWhole returns its minimum for an invalid one.
  if (errors.length === before && cap < sessionsPerPeriod) {
    errors.push({
      field: 'rolloverCap',
      message: 'Rollover cap must be at least the sessions per period, or the allocation itself would be lost.',
    });
  }
  return cap;
}

/** Add only: days unused sessions stay usable after the sale ends (0: they lapse with it); null: forever. */
function checkUsableDays(errors: FieldError[], raw: Record<string, unknown>): number | null {
  if (raw.usableDays === undefined || raw.usableDays === null || raw.usableDays === '') return null;
  if (raw.rollover === 'reset') {
    errors.push({ field: 'usableDays', message: 'Days usable after the end apply only to Add packages.' });
    return null;
  }
  return checkWhole(errors, 'usableDays', raw.usableDays, 'Days usable after the end', 0, MAX_NOTICE_DAYS * 2);
}

/** Add only: periods after which unused sessions lapse (blank or 0: never). */
function checkExpireAfter(errors: FieldError[], raw: Record<string, unknown>): number {
  const periods = optionalWhole(
    errors,
    'expireAfterPeriods',
    raw.expireAfterPeriods,
    'Sessions expire after',
    MAX_WEEKS,
  );
  if (periods > 0 && raw.rollover === 'reset') {
    errors.push({
      field: 'expireAfterPeriods',
      message:
        'Sessions expiring after a number of periods applies only to Add packages (Reset sessions lapse every period).',
    });
  }
  return periods;
}

/** The intro price: K periods (0: none) at a price, both given or neither. */
function checkIntro(
  errors: FieldError[],
  raw: Record<string, unknown>,
): { introPeriods: number; introPriceCents: Cents | null } {
  const introPeriods = optionalWhole(errors, 'introPeriods', raw.introPeriods, 'Intro periods', MAX_WEEKS);
  const blank = raw.introPriceCents === undefined || raw.introPriceCents === null || raw.introPriceCents === '';
  if (introPeriods === 0) {
    if (!blank)
      errors.push({
        field: 'introPeriods',
        message: 'An intro price needs the number of periods it lasts (at least 1).',
      });
    return { introPeriods: 0, introPriceCents: null };
  }
  if (blank) {
    errors.push({
      field: 'introPriceCents',
      message: 'Intro price is required when there are intro periods (0 for free).',
    });
    return { introPeriods, introPriceCents: null };
  }
  return {
    introPeriods,
    introPriceCents: checkCents(errors, 'introPriceCents', raw.introPriceCents, 'Intro price', 0),
  };
}

/** Validates untrusted input (a sidebar form, a CLI call, a sheet row) into package terms. */
export function validatePackageTerms(sent: unknown): Result<PackageTerms> {
  const raw = asRecord(sent);
  const errors: FieldError[] = [];
  const name = checkText(errors, 'name', raw.name, 'Package name');
  const sessionsPerPeriod = checkWhole(
    errors,
    'sessionsPerPeriod',
    raw.sessionsPerPeriod,
    'Sessions per period',
    1,
    MAX_SESSIONS,
  );
  if (!isFrequency(raw.frequency)) {
    errors.push({ field: 'frequency', message: `Frequency must be one of: ${FREQUENCIES.join(', ')}.` });
  }
  if (!(ROLLOVERS as readonly unknown[]).includes(raw.rollover)) {
    errors.push({ field: 'rollover', message: 'Session count must be Reset or Add.' });
  }
  const recurWeeks = checkWhole(errors, 'recurWeeks', raw.recurWeeks, 'Keep recurring weeks', 0, MAX_WEEKS);
  const priceCents = checkCents(errors, 'priceCents', raw.priceCents, 'Amount per billing period', 0);
  const rolloverCap = checkRolloverCap(errors, raw, sessionsPerPeriod);
  const minPeriods = optionalWhole(errors, 'minPeriods', raw.minPeriods, 'Minimum billing periods', MAX_WEEKS);
  const noticeDays = optionalWhole(errors, 'noticeDays', raw.noticeDays, 'Notice (days)', MAX_NOTICE_DAYS);
  const usableDays = checkUsableDays(errors, raw);
  const expireAfterPeriods = checkExpireAfter(errors, raw);
  const intro = checkIntro(errors, raw);
  const taxFree = checkTaxFree(errors, raw.taxFree);
  if (errors.length) return fail(errors);
  return ok({
    name,
    sessionsPerPeriod,
    frequency: raw.frequency as Frequency,
    rollover: raw.rollover as Rollover,
    recurWeeks,
    priceCents,
    rolloverCap,
    minPeriods,
    noticeDays,
    usableDays,
    expireAfterPeriods,
    ...intro,
    // Only when set: terms from before the term read as they always did.
    ...(taxFree ? { taxFree: true } : {}),
  });
}

/** Tax-free: true / false, or blank (taxed). */
function checkTaxFree(errors: FieldError[], value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) return false;
  if (value === true) return true;
  errors.push({ field: 'taxFree', message: 'Tax-free must be true or false.' });
  return false;
}

/** The price of period k (0-based): the intro price for the first `introPeriods`, then the regular one. */
export function periodPrice(
  t: Pick<PackageTerms, 'priceCents' | 'introPeriods' | 'introPriceCents'>,
  k: number,
): Cents {
  return k < t.introPeriods && t.introPriceCents !== null ? t.introPriceCents : t.priceCents;
}

/** "$300.00 every fortnight, 6 sessions each fortnight, unused sessions are lost, no end date". */
export function describeTerms(t: PackageTerms): string {
  const period = PERIOD_WORDS[t.frequency];
  const rule =
    t.rollover === 'reset'
      ? 'unused sessions are lost'
      : t.rolloverCap
        ? `unused sessions carry over, up to ${t.rolloverCap}`
        : 'unused sessions carry over';
  const lapse =
    t.rollover === 'add' && t.usableDays !== null && t.usableDays !== undefined
      ? t.usableDays === 0
        ? 'unused sessions lapse when it ends'
        : `unused sessions usable ${counted(t.usableDays, 'day', 'days')} after it ends`
      : '';
  const expiring =
    t.rollover === 'add' && t.expireAfterPeriods > 0
      ? `each ${period.one}'s sessions usable for ${countOf(t.expireAfterPeriods, period)}`
      : '';
  const intro =
    t.introPeriods > 0 && t.introPriceCents !== null
      ? `first ${t.introPeriods === 1 ? period.one : countOf(t.introPeriods, period)} at ${formatMoney(t.introPriceCents)}`
      : '';
  const end = t.recurWeeks === 0 ? 'no end date' : `for ${counted(t.recurWeeks, 'week', 'weeks')}`;
  const commitment = [
    t.minPeriods > 0 ? `at least ${countOf(t.minPeriods, period)}` : '',
    t.noticeDays > 0 ? `${counted(t.noticeDays, "day's", "days'")} notice to cancel` : '',
  ].filter(Boolean);
  return [
    intro,
    `${formatMoney(t.priceCents)} ${period.every}`,
    `${counted(t.sessionsPerPeriod, 'session', 'sessions')} each ${period.one}`,
    rule,
    expiring,
    end,
    lapse,
    ...commitment,
    t.taxFree ? 'tax-free' : '',
  ]
    .filter(Boolean)
    .join(', ');
}
