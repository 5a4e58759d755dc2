/** What every endpoint returns: plain JSON, `ok: false` with field errors for anything a person can fix. */
import type { FieldError } from '../domain';
import { GoogleBusyError } from '../sheets/grid';
import { describeProblem, type Problem, TabUnusableError } from '../sheets/table';
import { BusyError } from './lock';

/** `busy`: another run holds the studio's lock (try again); `denied`: no edit access (the front desk). */
export type Failure = { ok: false; errors: FieldError[]; busy?: boolean; denied?: boolean };
export type Reply<T> = ({ ok: true } & T) | Failure;

export function failure(errors: FieldError[]): Failure {
  return { ok: false, errors };
}

/** Turns the errors a person can act on into a Failure; anything else is a bug and is thrown. */
export function endpoint<T>(fn: () => Reply<T>): Reply<T> {
  try {
    return fn();
  } catch (e) {
    if (e instanceof BusyError || e instanceof GoogleBusyError)
      return { ok: false, busy: true, errors: [{ field: '', message: e.message }] };
    if (e instanceof TabUnusableError) return failure([{ field: '', message: e.message }]);
    throw e;
  }
}

/** Problems met reading the tabs, as lines for a reply. */
export function problemLines(problems: readonly Problem[]): string[] {
  return problems.map(describeProblem);
}
