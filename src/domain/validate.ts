/** Field checks shared by every input the server accepts (sidebars, CLI, sheet rows): never trust a caller. */
import { daysBetween, type IsoDate, isIsoDate } from './dates';
import { type Cents, formatMoney, isCents, MAX_CENTS } from './money';
import type { FieldError } from './result';

export const MAX_NAME_LENGTH = 100;
export const MAX_NOTE_LENGTH = 500;

/**
 * An id or number a caller sent, as it may appear in a message: text up to 40 characters (longer is cut),
 * a finite number, or "(none)". Never "[object Object]", never 10 000 characters echoed back.
 */
export function shownId(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.trim() === '') return '(none)';
  const text = value.trim();
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

export function asRecord(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}

/** How text may be laid out: names, emails and phones are one line; a note (a reason) may hold line breaks. */
export type TextKind = 'line' | 'note';

/**
 * Characters no text the server stores may hold, because they can't be seen and so can't be typed into a
 * search (the desk's), or they make text read differently from what it is (Trojan Source): control
 * characters, text-direction controls and invisible characters. Refused, never removed: what is stored is
 * what was typed, and what the desk searches. A note may hold a plain line break (U+000A), nothing else here;
 * an emoji's own zero-width joiner (🧘‍♀️) is part of the emoji.
 */
const HIDDEN: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /[\n\r\u2028\u2029]/, what: 'a line break' },
  { pattern: /\t/, what: 'a tab' },
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this rule's purpose.
  { pattern: /[\u0000-\u001f\u007f-\u009f]/, what: 'a control character' },
  { pattern: /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/, what: 'a text-direction control' },
  { pattern: /[\u00ad\u200b-\u200d\u2060-\u2064\ufeff]/, what: 'an invisible character' },
];

const EMOJI_JOINER = /(\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?)\u200D(?=\p{Extended_Pictographic})/gu;

/** Why `text` can't be stored as `kind` (the first hidden character, named with its code), or null. */
export function hiddenCharacter(text: string, label: string, kind: TextKind = 'line'): string | null {
  // A zero-width joiner inside an emoji sequence draws one emoji (🧘‍♀️); between letters it hides.
  const joined = text.replace(EMOJI_JOINER, '$1');
  const checked = kind === 'note' ? joined.replace(/\n/g, '') : joined;
  for (const { pattern, what } of HIDDEN) {
    const found = pattern.exec(checked);
    if (!found) continue;
    const code = `U+${(found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    if (what === 'a line break' && kind === 'line')
      return `${label} must be one line: it holds a line break (${code}).`;
    return `${label} holds ${what} (${code}) that can't be seen or searched for: type it again without it.`;
  }
  return null;
}

/** A required text: trimmed, not empty, at most `max` characters, no hidden characters. */
export function checkText(
  errors: FieldError[],
  field: string,
  value: unknown,
  label: string,
  max = MAX_NAME_LENGTH,
  kind: TextKind = 'line',
): string {
  if (typeof value !== 'string' || value.trim() === '') {
    errors.push({ field, message: `${label} is required.` });
    return '';
  }
  return checkedText(errors, field, value, label, max, kind);
}

/** An optional text: empty when missing. */
export function checkOptionalText(
  errors: FieldError[],
  field: string,
  value: unknown,
  label: string,
  max = MAX_NAME_LENGTH,
  kind: TextKind = 'line',
): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string') {
    errors.push({ field, message: `${label} must be text.` });
    return '';
  }
  return checkedText(errors, field, value, label, max, kind);
}

function checkedText(
  errors: FieldError[],
  field: string,
  value: string,
  label: string,
  max: number,
  kind: TextKind,
): string {
  const text = value.trim();
  if (text.length > max) errors.push({ field, message: `${label} must be at most ${max} characters.` });
  const hidden = hiddenCharacter(value, label, kind);
  if (hidden) errors.push({ field, message: hidden });
  return text;
}

export function checkWhole(
  errors: FieldError[],
  field: string,
  value: unknown,
  label: string,
  min: number,
  max: number,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    errors.push({ field, message: `${label} must be a whole number from ${min} to ${max}.` });
    return min;
  }
  return value;
}

export function checkCents(errors: FieldError[], field: string, value: unknown, label: string, min: Cents): Cents {
  if (!isCents(value) || value < min || value > MAX_CENTS) {
    errors.push({
      field,
      // In the owner's words: the sidebars send cents, the owner typed dollars.
      message: `${label} must be an amount from ${formatMoney(Math.max(min, 0))} to ${formatMoney(MAX_CENTS)}.`,
    });
    return 0;
  }
  return value;
}

/**
 * A calendar date `YYYY-MM-DD` within `maxDaysBack` days before and `maxDaysAhead` days after today
 * (`fallback` when not sent at all and a fallback is given; '' or null is refused).
 */
export function checkDate(
  errors: FieldError[],
  field: string,
  value: unknown,
  label: string,
  today: IsoDate,
  range: { maxDaysBack: number; maxDaysAhead: number; fallback?: IsoDate },
): IsoDate {
  // Only a date not sent at all means the fallback: a form with a date field sends what it holds, and ''
  // (nothing typed, or a date the browser could not read, like 02/30) is refused, never taken as today.
  if (value === undefined && range.fallback) return range.fallback;
  if (value === '' || value === null) {
    errors.push({
      field,
      message: `${label}: that date does not exist, or none was given. Pick a day in the calendar.`,
    });
    return today;
  }
  if (!isIsoDate(value)) {
    errors.push({ field, message: `${label} must be a real date written YYYY-MM-DD.` });
    return today;
  }
  const offset = daysBetween(today, value);
  if (offset > range.maxDaysAhead) {
    errors.push({
      field,
      message:
        range.maxDaysAhead === 0
          ? `${label} cannot be in the future.`
          : `${label} is more than ${range.maxDaysAhead} days ahead.`,
    });
  } else if (-offset > range.maxDaysBack) {
    const message =
      range.maxDaysBack === 0
        ? `${label} cannot be in the past.`
        : `${label} is more than ${range.maxDaysBack} days in the past.`;
    errors.push({ field, message });
  }
  return value;
}

const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The caller's idempotency key (a sidebar makes one per form submission): a retried call with the same
 * id finds its record instead of writing a second one.
 */
export function checkRequestId(errors: FieldError[], value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !REQUEST_ID.test(value)) {
    errors.push({ field: 'requestId', message: 'Request id must be 1 to 64 letters, digits, - or _.' });
    return null;
  }
  return value;
}

export function checkBoolean(errors: FieldError[], field: string, value: unknown, label: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') errors.push({ field, message: `${label} must be true or false.` });
  return value === true;
}
