/**
 * The fields an endpoint's input is declared with: each one a checker (from validate.ts) that turns what a
 * caller sent — anything at all: google.script.run passes whatever it is given — into a typed value, or
 * pushes an error naming the field. An input is an object of fields (`src/domain/inputs.ts`); its type is
 * read off the declaration (`InputOf`), so the sidebars' calls, the parser and the bad-input corpus all
 * come from one place.
 *
 * What a field checks is the value's shape alone: nothing read from the workbook, not today's date. Whether
 * the sale exists, or a date is too far back, is the rule's to say, on the records.
 */
import { type IsoDate, isIsoDate } from './dates';
import type { Cents } from './money';
import { type FieldError, fail, ok, type Result } from './result';
import {
  asRecord,
  checkBoolean,
  checkCents,
  checkOptionalText,
  checkRequestId,
  checkText,
  checkWhole,
  MAX_NAME_LENGTH,
  shownId,
  type TextKind,
} from './validate';

/** What kind of value a field holds: the bad-input corpus draws its bad values by kind. */
export type FieldKind =
  | 'id'
  | 'number'
  | 'ids'
  | 'text'
  | 'note'
  | 'optionalText'
  | 'whole'
  | 'cents'
  | 'date'
  | 'boolean'
  | 'requestId'
  | 'choice'
  | 'other';

/** One field of an input: `optional` fields may be left out (they are then absent from the parsed input). */
export interface Field<T, O extends boolean = boolean> {
  readonly kind: FieldKind;
  readonly optional: O;
  /** What `value` holds, typed; undefined when an optional field was not sent. Errors name `field`. */
  check(errors: FieldError[], field: string, value: unknown): T | undefined;
}

/** An input's declaration: its fields by name. */
export type Fields = Record<string, Field<unknown>>;

type ValueOf<F> = F extends Field<infer T> ? T : never;
type Flat<T> = { [K in keyof T]: T[K] };

/** The input a declaration describes: required fields as they are, optional ones with `?`. */
export type InputOf<S extends Fields> = Flat<
  { [K in keyof S as S[K]['optional'] extends true ? never : K]: ValueOf<S[K]> } & {
    [K in keyof S as S[K]['optional'] extends true ? K : never]?: ValueOf<S[K]>;
  }
>;

/** Parses what a caller sent against a declaration: the typed input, or every field's errors. */
export function parseInput<S extends Fields>(fields: S, raw: unknown): Result<InputOf<S>> {
  const record = asRecord(raw);
  const errors: FieldError[] = [];
  const input: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const value = field.check(errors, name, record[name]);
    if (value !== undefined) input[name] = value;
  }
  return errors.length ? fail(errors) : ok(input as InputOf<S>);
}

const absent = (value: unknown) => value === undefined || value === null || value === '';

function field<T, O extends boolean>(kind: FieldKind, optional: O, check: Field<T, O>['check']): Field<T, O> {
  return { kind, optional, check };
}

/** Whether an id could name a record: text of 1 to 64 characters (which one it names is the rule's). */
const idLike = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 64;

/** A required id of a `noun` (a sale, a client…): none is "Choose a sale.", anything else "No sale with id …". */
export function id(noun: string): Field<string, false> {
  return field('id', false, (errors, name, value) => {
    if (idLike(value)) return value;
    const message = absent(value) ? `Choose a ${noun}.` : `No ${noun} with id ${shownId(value)}.`;
    errors.push({ field: name, message });
    return undefined;
  });
}

/** An optional id (a filter, an edit's record): blank is absent. */
export function optionalId(noun: string): Field<string, true> {
  return field('id', true, (errors, name, value) => {
    if (absent(value)) return undefined;
    if (idLike(value)) return value;
    errors.push({ field: name, message: `No ${noun} with id ${shownId(value)}.` });
    return undefined;
  });
}

/** A required whole number naming a record (an invoice number). */
export function recordNumber(what: string): Field<number, false> {
  return field('number', false, (errors, name, value) => {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
    errors.push({ field: name, message: `No ${what} ${shownId(value)}.` });
    return undefined;
  });
}

/** A required text: trimmed, not empty, at most `max` characters, no hidden characters. */
export function text(label: string, max = MAX_NAME_LENGTH, kind: TextKind = 'line'): Field<string, false> {
  return field(kind === 'note' ? 'note' : 'text', false, (errors, name, value) =>
    checkText(errors, name, value, label, max, kind),
  );
}

/** An optional text: '' when blank. */
export function optionalText(label: string, max = MAX_NAME_LENGTH): Field<string, true> {
  return field('optionalText', true, (errors, name, value) =>
    value === undefined ? undefined : checkOptionalText(errors, name, value, label, max),
  );
}

/** A required whole number from `min` to `max`. */
export function whole(label: string, min: number, max: number): Field<number, false> {
  return field('whole', false, (errors, name, value) => checkWhole(errors, name, value, label, min, max));
}

/** A required amount in cents, at least `min`. */
export function cents(label: string, min: Cents): Field<Cents, false> {
  return field('cents', false, (errors, name, value) => checkCents(errors, name, value, label, min));
}

/** A calendar date's shape (`YYYY-MM-DD`, a real day); how far from today it may be is the rule's. */
function checkDateShape(errors: FieldError[], name: string, value: unknown, label: string): IsoDate | undefined {
  if (value === '' || value === null) {
    errors.push({
      field: name,
      message: `${label}: that date does not exist, or none was given. Pick a day in the calendar.`,
    });
    return undefined;
  }
  if (isIsoDate(value)) return value;
  errors.push({ field: name, message: `${label} must be a real date written YYYY-MM-DD.` });
  return undefined;
}

export function date(label: string): Field<IsoDate, false> {
  return field('date', false, (errors, name, value) => checkDateShape(errors, name, value, label));
}

/** A date that may be left out (the rule's default, often today); sent blank, it is refused. */
export function optionalDate(label: string): Field<IsoDate, true> {
  return field('date', true, (errors, name, value) =>
    value === undefined ? undefined : checkDateShape(errors, name, value, label),
  );
}

/** A yes/no the caller may leave out (no). */
export function flag(label: string): Field<boolean, true> {
  return field('boolean', true, (errors, name, value) =>
    value === undefined || value === null ? undefined : checkBoolean(errors, name, value, label),
  );
}

/** The caller's idempotency key (one per form submission), optional. */
export function requestId(): Field<string, true> {
  return field('requestId', true, (errors, _name, value) => checkRequestId(errors, value) ?? undefined);
}

/** One of `choices`, exactly as written. */
export function choice<C extends string>(label: string, choices: readonly C[]): Field<C, false> {
  return field('choice', false, (errors, name, value) => {
    if ((choices as readonly unknown[]).includes(value)) return value as C;
    errors.push({ field: name, message: `${label} must be one of: ${choices.join(', ')}.` });
    return undefined;
  });
}

/** One of `choices`, or left out. */
export function optionalChoice<C extends string>(label: string, choices: readonly C[]): Field<C, true> {
  const required = choice(label, choices);
  return field('choice', true, (errors, name, value) =>
    absent(value) ? undefined : required.check(errors, name, value),
  );
}

/** A field with its own check (a list of ids, a search): `kind` 'other' unless it is one of the above. */
export function custom<T, O extends boolean>(
  optional: O,
  check: (errors: FieldError[], field: string, value: unknown) => T | undefined,
  kind: FieldKind = 'other',
): Field<T, O> {
  return field(kind, optional, check);
}

/**
 * An endpoint's input, declared: its fields' names and kinds (the bad-input corpus reads them), its parser,
 * and, as types only, what a caller sends (`W`, what `ArgOf` in src/contract.ts gives the sidebars) and
 * what the parser makes of it (`P`, what the rule takes).
 */
export interface Declared<W, P = W> {
  readonly kinds: Readonly<Record<string, FieldKind>>;
  parse(raw: unknown): Result<P>;
  /** Never set: carries the caller's type. */
  readonly wire?: W;
}

/** What a caller sends to the endpoint that takes `D`. */
export type WireOf<D> = D extends Declared<infer W, infer _P> ? W : never;
/** What the rule behind it takes. */
export type ParsedOf<D> = D extends Declared<infer _W, infer P> ? P : never;

/** An input made of fields: sent and parsed alike. */
export function declare<S extends Fields>(fields: S): Declared<InputOf<S>> {
  const kinds = Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, f.kind]));
  return { kinds, parse: (raw) => parseInput(fields, raw) };
}

/** An input whose fields check each other (a package's terms): its own parser, its kinds listed. */
export function declareParsed<W, P>(
  kinds: Record<string, FieldKind>,
  parse: (raw: unknown) => Result<P>,
): Declared<W, P> {
  return { kinds, parse };
}

/**
 * A rule run as its endpoint runs it: what a caller sent, parsed as declared, then the rule on the parsed
 * input (a parse failure is the answer). For callers that hold raw input outside an endpoint (the CLI, tests).
 */
export function parsedThen<P, T>(
  declared: Declared<unknown, P>,
  raw: unknown,
  rule: (input: P) => Result<T>,
): Result<T> {
  const parsed = declared.parse(raw);
  return parsed.ok ? rule(parsed.value) : parsed;
}
