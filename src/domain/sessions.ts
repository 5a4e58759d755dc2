/** People's rows in the ledger: checking in a session, and manual corrections. */

import { type Changes, NO_CHANGES } from './changes';
import { daysBetween, type IsoDate, longDate } from './dates';
import type { CheckInInput, CorrectInput, UndoInput } from './inputs';
import { lateEffects } from './late';
import {
  type BalanceUpdate,
  balanceOf,
  carryDate,
  closedUntil,
  ledgerOrder,
  ledgersBySale,
  staleBalances,
} from './ledger';
import { type Adjustment, adjustmentKey, type Sale, type State } from './records';
import { type Compared, dateCompared, legacySuffix, ORDINAL_OR_UNDO, requestSuffix, reusedRequest } from './requests';
import { type FieldError, fail, ok, type Result } from './result';
import { attendee, type Person } from './shared';
import { firstAllocationDate, sessionsExpire } from './term';
import { checkDate, shownId } from './validate';
import { counted } from './words';

export interface LedgerWrite {
  adjustment: Adjustment;
  /** True when the request id had already been recorded: nothing new is written. */
  duplicate: boolean;
  balance: number;
  /** Sessions checked in on this sale on the row's date, this one included ("the 2nd today"). */
  usedThatDay: number;
  balanceUpdates: BalanceUpdate[];
  /** The row and the balances after it (nothing for a duplicate). */
  changes: Changes;
}

/** Past sessions may be recorded up to this many days back. */
const BACKDATE = { maxDaysBack: 366, maxDaysAhead: 0 };

interface Common {
  sale: Sale;
  rows: Adjustment[];
  date: IsoDate;
  requestId: string | null;
  /** Keys of rows that could not be read: never generated again. */
  reserved: ReadonlySet<string>;
  today: IsoDate;
}

/** What every ledger input names: the sale, the day (default today) and the request. */
type LedgerInput = Pick<CheckInInput, 'saleId' | 'date' | 'requestId'>;

function common(state: State, raw: LedgerInput, today: IsoDate, errors: FieldError[]): Common | null {
  const sale = state.sales.find((s) => s.id === raw.saleId);
  if (!sale) {
    errors.push({
      field: 'saleId',
      message: `No sale with id ${shownId(raw.saleId)}.`,
    });
  }
  const date = checkDate(errors, 'date', raw.date, 'Date', today, { ...BACKDATE, fallback: today });
  const requestId = raw.requestId ?? null;
  if (!sale) return null;
  const rows = ledgersBySale(state.adjustments).get(sale.id) ?? [];
  if (errors.length === 0) {
    if (date < firstAllocationDate(sale)) {
      errors.push({
        field: 'date',
        message: `Sale ${sale.id} has no sessions before ${longDate(firstAllocationDate(sale))}.`,
      });
    }
    const carried = carryDate(rows);
    if (carried && date < carried) {
      errors.push({
        field: 'date',
        message: `Sale ${sale.id}'s sessions before ${longDate(carried)} are in the archive; date it ${carried} or later.`,
      });
    }
  }
  return { sale, rows, date, requestId, reserved: state.reservedKeys ?? new Set(), today };
}

/**
 * The key for a person's row: from the request id (in its own namespace, `S-1:use:req.<id>`), or the next
 * free ordinal. Once a sale has archived rows, ordinals are counted afresh after its Carry row's date
 * (`S-1:use:2026-02-06.1`), so that a key never repeats one that moved to the archive.
 */
function personalKey(c: Common, type: 'use' | 'correct'): string {
  if (c.requestId) return adjustmentKey(c.sale.id, type, requestSuffix(c.requestId));
  const carried = carryDate(c.rows);
  const key = (n: number) => adjustmentKey(c.sale.id, type, carried === null ? n : `${carried}.${n}`);
  const keys = new Set([...c.rows.map((r) => r.key), ...c.reserved]);
  let n = c.rows.filter((r) => r.type === type).length + 1;
  while (keys.has(key(n))) n++;
  return key(n);
}

/**
 * The row the request's first call wrote on this sale: under its key, or under the bare key an older
 * version wrote (`S-1:use:desk-3f2a…`) when that can only have been a request id (requests.ts).
 */
function firstCall(c: Common, type: 'use' | 'correct'): Adjustment | undefined {
  if (!c.requestId) return undefined;
  const legacy = legacySuffix(c.requestId, ORDINAL_OR_UNDO);
  const keys = [personalKey(c, type), ...(legacy ? [adjustmentKey(c.sale.id, type, legacy)] : [])];
  return c.rows.find((r) => r.type === type && keys.includes(r.key));
}

/** A retry answered with its first call's row, or refused when it asks for something else. */
function retried(c: Common, first: Adjustment, compared: readonly Compared[]): Result<LedgerWrite> {
  const what = `${first.type === 'use' ? 'the check-in' : 'the correction'} ${first.key}`;
  const reused = reusedRequest(c.requestId as string, what, compared);
  return reused ? fail([reused]) : ok(recorded(c, first));
}

/** The reply for a row already on record: nothing new is written. */
function recorded(c: Common, row: Adjustment): LedgerWrite {
  return {
    adjustment: row,
    duplicate: true,
    balance: balanceOf(c.rows),
    usedThatDay: usedOn(c.rows, row.date),
    balanceUpdates: [],
    changes: NO_CHANGES,
  };
}

function usedOn(rows: readonly Adjustment[], date: IsoDate): number {
  return rows.filter((r) => r.type === 'use' && r.date === date).length;
}

/** Corrections may not be dated before the sale's latest nightly row (that period is closed). */
function checkOpen(c: Common): FieldError[] {
  const closed = closedUntil(c.rows);
  if (!closed || c.date >= closed) return [];
  return [
    { field: 'date', message: `Sessions up to ${closed} are already settled; date the correction ${closed} or later.` },
  ];
}

/** A check-in dated before the sale's latest nightly row: recorded on its day, its effect appended (late.ts). */
function isLate(c: Common): boolean {
  const closed = closedUntil(c.rows);
  return closed !== null && c.date < closed;
}

interface WriteOptions {
  /** A check-in dated before the sale's latest nightly row (its effect is appended). */
  late?: boolean;
  /** Who attended, when the sale is shared and it is not its own client. */
  attendee?: Person | null;
  /** The row's key, when it is not the person's own (an undo's, from the check-in it undoes). */
  key?: string;
}

function write(
  c: Common,
  type: 'use' | 'correct',
  sessions: number,
  note: string,
  opts: WriteOptions = {},
): LedgerWrite {
  const key = opts.key ?? personalKey(c, type);
  const already = c.rows.find((r) => r.key === key);
  if (already) return recorded(c, already);
  const row: Adjustment = {
    key,
    date: c.date,
    saleId: c.sale.id,
    clientName: c.sale.clientName,
    type,
    sessions,
    balance: 0,
    note,
    ...(opts.attendee ? { attendee: opts.attendee } : {}),
  };
  const effects = opts.late ? lateEffects(c.sale, c.rows, row, c.today) : [];
  const all = [...c.rows, row, ...effects];
  const updates = new Map(staleBalances(all).map((u) => [u.key, u.balance]));
  const created = [row, ...effects].map((r) => ({ ...r, balance: updates.get(r.key) ?? 0 }));
  const createdKeys = new Set(created.map((r) => r.key));
  const balanceUpdates = [...updates].filter(([k]) => !createdKeys.has(k)).map(([k, balance]) => ({ key: k, balance }));
  return {
    adjustment: created[0],
    duplicate: false,
    balance: balanceOf(all),
    usedThatDay: usedOn(all, c.date),
    balanceUpdates,
    changes: { newAdjustments: created, balanceUpdates },
  };
}

/** Checks in one session on `date` (default today). Refused at a zero balance unless `overdraw` is set. */
export function checkIn(state: State, raw: CheckInInput, today: IsoDate): Result<LedgerWrite> {
  const errors: FieldError[] = [];
  const overdraw = raw.overdraw === true;
  const c = common(state, raw, today, errors);
  const who = c ? attendee(c.sale, raw.clientId, errors) : null;
  if (!c || errors.length) return fail(errors);
  const first = firstCall(c, 'use');
  if (first) {
    const attended = (p: Person | null | undefined) => p?.id ?? c.sale.clientId;
    const person = { label: 'client', first: attended(first.attendee), now: attended(who) };
    return retried(c, first, [...dateCompared(first.date, raw.date), person]);
  }
  const expiry = sessionsExpire(c.sale);
  if (expiry !== null && c.date >= expiry) {
    return fail([{ field: 'date', message: `The sessions of sale ${c.sale.id} expired on ${longDate(expiry)}.` }]);
  }
  // A late check-in draws on the balance of its own day (the sessions a reset since has counted as lost).
  const late = isLate(c);
  const balance = late ? balanceOf(c.rows.filter((r) => r.date <= c.date)) : balanceOf(c.rows);
  if (balance <= 0 && !overdraw) {
    return fail([
      {
        field: 'overdraw',
        message: `${c.sale.clientName} has no sessions left on sale ${c.sale.id} (balance ${balance}). Choose "allow overdraw" to check in anyway.`,
      },
    ]);
  }
  const note = [
    `Checked in${who ? `: ${who.name}` : ''}`,
    overdraw && balance <= 0 ? ' (overdraw)' : '',
    late ? ` (late: recorded ${longDate(c.today)})` : '',
  ].join('');
  return ok(write(c, 'use', -1, note, { late, attendee: who }));
}

/** A manual correction of ± sessions, with a required reason. */
export function correctSessions(state: State, raw: CorrectInput, today: IsoDate): Result<LedgerWrite> {
  const errors: FieldError[] = [];
  const { sessions, reason } = raw;
  const confirmed = raw.confirm === true;
  const c = common(state, raw, today, errors);
  const first = c && !errors.length ? firstCall(c, 'correct') : undefined;
  if (c && first) {
    const same = [
      { label: 'sessions', first: first.sessions, now: sessions },
      { label: 'reason', first: first.note, now: reason, text: true },
    ];
    return retried(c, first, [...dateCompared(first.date, raw.date), ...same]);
  }
  if (c) errors.push(...checkOpen(c));
  if (!c || errors.length) return fail(errors);
  const unusual = confirmed ? null : unusualCorrection(c, sessions);
  if (unusual) return fail([{ field: 'confirm', message: unusual }]);
  return ok(write(c, 'correct', sessions, reason));
}

/** A correction larger than this many periods' allocation needs the owner's confirmation. */
export const CONFIRM_PERIODS = 3;

/**
 * Why a correction needs confirming (null when it doesn't): it leaves the balance below zero, or it moves
 * more than CONFIRM_PERIODS periods' sessions (a typo like −100 for −1).
 */
export function unusualCorrection(c: Pick<Common, 'sale' | 'rows'>, sessions: number): string | null {
  const before = balanceOf(c.rows);
  const after = before + sessions;
  const limit = CONFIRM_PERIODS * c.sale.terms.sessionsPerPeriod;
  const leaves = `This correction leaves ${c.sale.clientName} ${counted(after, 'session', 'sessions')} on sale ${c.sale.id} (${before} now)`;
  if (after < 0) return `${leaves}: below zero. Tick "Confirm" to record it anyway.`;
  if (Math.abs(sessions) > limit)
    return `${leaves}: more than ${CONFIRM_PERIODS} periods' sessions (${limit}). Tick "Confirm" to record it anyway.`;
  return null;
}

/** The key of the correction that undoes the check-in `useKey` (one per check-in: a second undo finds it). */
export function undoKey(saleId: string, useKey: string): string {
  return adjustmentKey(saleId, 'correct', `undo-${useKey.slice(`${saleId}:use:`.length)}`);
}

/**
 * Why the check-in `used` (a row of `rows`, one sale's ledger) can't be undone at the front desk today,
 * or null when it can (or already was: asking again answers with that undo).
 */
export function whyNoUndo(rows: readonly Adjustment[], used: Adjustment, today: IsoDate): string | null {
  if (rows.some((r) => r.key === undoKey(used.saleId, used.key))) return null;
  // A lapse after it in ledger order (a Reset on the same due date comes first: it did not count it).
  const ordered = ledgerOrder(rows);
  const lapsed = ordered
    .slice(ordered.findIndex((r) => r.key === used.key) + 1)
    .some((r) => r.type === 'reset' || r.type === 'cap' || r.type === 'expire');
  if (!lapsed && daysBetween(used.date, today) <= UNDO_DAYS) return null;
  const why = lapsed ? 'its sessions have been settled since' : `it is more than ${UNDO_DAYS} days old`;
  return `The check-in of ${longDate(used.date)} can't be undone here: ${why}. Correct it from the Adjustments history.`;
}

/** How far back the front desk may undo a check-in (older ones are corrected from the history sidebar). */
export const UNDO_DAYS = 7;

/**
 * Undoes a recent check-in: `{ saleId, checkInKey, reason }`. A +1 correction dated today with the
 * reason, whose key comes from the check-in's, so the same check-in is undone once however often it is
 * asked (a double tap, a retry). The check-in row stays: the ledger shows both. Refused for a check-in
 * more than UNDO_DAYS old, or one a lapse has counted since (a Reset, cap or expiry on or after its day:
 * giving the session back today would give a session that lapsed); those are the owner's corrections.
 */
export function undoCheckIn(state: State, raw: UndoInput, today: IsoDate): Result<LedgerWrite> {
  const errors: FieldError[] = [];
  const { reason } = raw;
  const c = common(state, { saleId: raw.saleId }, today, errors);
  if (!c || errors.length) return fail(errors);
  const used = c.rows.find((r) => r.key === raw.checkInKey && r.type === 'use');
  if (!used) {
    return fail([{ field: 'checkInKey', message: `Sale ${c.sale.id} has no check-in ${shownId(raw.checkInKey)}.` }]);
  }
  const refused = whyNoUndo(c.rows, used, today);
  if (refused) return fail([{ field: 'checkInKey', message: refused }]);
  const note = `Undo check-in of ${longDate(used.date)}: ${reason}`;
  return ok(write(c, 'correct', 1, note, { attendee: used.attendee, key: undoKey(c.sale.id, used.key) }));
}
