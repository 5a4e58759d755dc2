/** A problem with one named field of an input, in words an owner can act on. */
export interface FieldError {
  field: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T>(errors: FieldError[]): Result<T> {
  return { ok: false, errors };
}

export function fieldError<T>(field: string, message: string): Result<T> {
  return fail([{ field, message }]);
}

/** A success's value passed through `f`; a failure as it is. */
export function mapOk<T, U>(result: Result<T>, f: (value: T) => U): Result<U> {
  return result.ok ? ok(f(result.value)) : result;
}

/** A Result's errors (none for a success): a validator used as an endpoint's precheck. */
export function errorsOf(result: Result<unknown>): FieldError[] {
  return result.ok ? [] : result.errors;
}

/**
 * What a person is told when Google refuses to serve a call (a per-minute quota spent after the backoff,
 * too many executions at once): the server's busy reply and the pages' failure handler say the same.
 */
export const GOOGLE_BUSY = 'Google is busy: try again in a minute. Nothing was changed.';
