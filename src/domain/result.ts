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
