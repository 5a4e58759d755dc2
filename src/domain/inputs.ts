/**
 * Every endpoint's input, declared once: its fields (checked by src/domain/fields.ts, from validate.ts's
 * checkers), its type (read off the declaration), and its parser. `writeEndpoint` (src/addon/write.ts)
 * parses an input before it waits for the lock, the rule takes the parsed input, `ArgOf` in src/contract.ts
 * gives the sidebars the caller's type, and test/corpus/cases.ts draws its fields from `kinds`.
 *
 * A field checks the value's shape only. Whether the sale exists, or a date is within the days allowed
 * from today, is the rule's to say, on the records it reads.
 */
import { clientFields, EMAIL_PATTERN } from './catalog';
import type { CarryRule } from './change';
import { MAX_BULK } from './closure';
import {
  cents,
  choice,
  custom,
  type Declared,
  date,
  declare,
  declareParsed,
  flag,
  id,
  optionalChoice,
  optionalDate,
  optionalId,
  optionalText,
  recordNumber,
  requestId,
  text,
  type WireOf,
  whole,
} from './fields';
import { type PackageTerms, validatePackageTerms } from './package';
import { type Client, INVOICE_STATUSES, PAYMENT_METHODS } from './records';
import { type FieldError, fail, ok, type Result } from './result';
import { MAX_PAUSE_WEEKS } from './sale';
import { MAX_SHARED } from './shared';
import { keyMode, STRIPE_CURRENCIES } from './stripe';
import { asRecord, checkRequestId, checkWhole, MAX_NOTE_LENGTH } from './validate';

// ---------------------------------------------------------------------------------------------------------
// The catalog: packages and clients.

/** The package terms a caller may leave out (blank: none). */
type OptionalTerms =
  | 'rolloverCap'
  | 'minPeriods'
  | 'noticeDays'
  | 'usableDays'
  | 'expireAfterPeriods'
  | 'introPeriods'
  | 'introPriceCents'
  | 'taxFree';

/** A package as the setup sidebar sends it: its terms, and `id` when it edits one. */
export type PackageInput = Omit<PackageTerms, OptionalTerms> &
  Partial<Pick<PackageTerms, OptionalTerms>> & { id?: string };

const packageId = optionalId('package');

/** The terms check each other (a cap only on Add, an intro price with its periods): their own parser. */
export const SAVE_PACKAGE: Declared<PackageInput, PackageTerms & { id?: string }> = declareParsed(
  {
    name: 'text',
    sessionsPerPeriod: 'whole',
    frequency: 'choice',
    rollover: 'choice',
    recurWeeks: 'whole',
    priceCents: 'cents',
    rolloverCap: 'other',
    usableDays: 'other',
    minPeriods: 'other',
    noticeDays: 'other',
    expireAfterPeriods: 'other',
    introPeriods: 'other',
    introPriceCents: 'other',
    taxFree: 'other',
    id: 'id',
  },
  (raw) => {
    const errors: FieldError[] = [];
    const terms = validatePackageTerms(raw);
    const edited = packageId.check(errors, 'id', asRecord(raw).id);
    if (!terms.ok || errors.length) return fail([...(terms.ok ? [] : terms.errors), ...errors]);
    return ok(edited === undefined ? terms.value : { ...terms.value, id: edited });
  },
);

export const SAVE_CLIENT = declare({
  name: custom(
    false,
    (errors, field, value) => text('Client name').check(errors, field, value)?.replace(/\s+/g, ' '),
    'text',
  ),
  email: custom(
    true,
    (errors, field, value) => {
      const email = optionalText('Email', 254).check(errors, field, value);
      if (email && !EMAIL_PATTERN.test(email))
        errors.push({ field, message: 'Email must look like name@example.com.' });
      return email;
    },
    'optionalText',
  ),
  phone: optionalText('Phone', 40),
  noEmail: flag('No email'),
  confirm: flag('Confirm'),
  id: optionalId('client'),
});

// ---------------------------------------------------------------------------------------------------------
// Sales.

export const PREVIEW_SALE = declare({ packageId: id('package'), startDate: date('Package Start Date') });

export const SELL_PACKAGE = declare({
  clientId: id('client'),
  packageId: id('package'),
  startDate: date('Package Start Date'),
  requestId: requestId(),
});

export const CANCEL_SALE = declare({ saleId: id('sale'), date: date('Cancel date') });

/** What an Add balance keeps at a change of package: "all" (blank), "none" or a number of sessions. */
const carry = custom<CarryRule, true>(true, (errors, field, value) => {
  if (value === undefined || value === null || value === '' || value === 'all') return 'all';
  if (value === 'none') return 'none';
  return checkWhole(errors, field, value, 'Sessions carried over ("all", "none" or a number)', 0, 10_000);
});

export const CHANGE_PACKAGE = declare({
  saleId: id('sale'),
  packageId: id('package'),
  fromDate: date('Change from'),
  carry,
});

export const SHARE_SALE = declare({
  saleId: id('sale'),
  clientIds: custom(
    false,
    (errors, field, value) => {
      if (!Array.isArray(value) || value.some((x) => typeof x !== 'string')) {
        errors.push({ field, message: 'Choose the clients to share it with (a list of client ids).' });
        return undefined;
      }
      if (new Set(value).size > MAX_SHARED) {
        errors.push({ field, message: `A sale can be shared with at most ${MAX_SHARED} people.` });
        return undefined;
      }
      return value as string[];
    },
    'ids',
  ),
});

const pauseFields = { from: date('Pause start'), weeks: whole('Pause weeks', 1, MAX_PAUSE_WEEKS) };

export const PAUSE_SALE = declare({ saleId: id('sale'), ...pauseFields });

export const PAUSE_SALES = declare({
  saleIds: custom(
    false,
    (errors, field, value) => {
      const valid =
        Array.isArray(value) &&
        value.length > 0 &&
        value.length <= MAX_BULK &&
        value.every((x) => typeof x === 'string');
      if (valid) return value as string[];
      const message = `Choose the sales to pause (select their rows in the Sales tab first): 1 to ${MAX_BULK} of them.`;
      errors.push({ field, message });
      return undefined;
    },
    'ids',
  ),
  ...pauseFields,
});

// ---------------------------------------------------------------------------------------------------------
// Sessions.

/** A check-in's fields (the desk's check-in sends the same, with its spreadsheet). */
const CHECK_IN_FIELDS = {
  saleId: id('sale'),
  date: optionalDate('Date'),
  overdraw: flag('Allow overdraw'),
  requestId: requestId(),
  /** Who attends a shared sale (absent: its own client). */
  clientId: optionalId('client'),
};

export const CHECK_IN = declare(CHECK_IN_FIELDS);

export const CORRECT_SESSIONS = declare({
  saleId: id('sale'),
  date: optionalDate('Date'),
  sessions: custom(
    false,
    (errors, field, value) => {
      const sessions = checkWhole(errors, field, value, 'Sessions', -1000, 1000);
      if (value === 0) errors.push({ field, message: 'Sessions must not be 0.' });
      return sessions;
    },
    'whole',
  ),
  reason: text('Reason', MAX_NOTE_LENGTH, 'note'),
  confirm: flag('Confirm'),
  requestId: requestId(),
});

/** Room left in the Note for the words around the reason ("Undo check-in of Mon 2 Mar 2026: "). */
export const UNDO_REASON_LENGTH = MAX_NOTE_LENGTH - 40;

export const UNDO_CHECK_IN = declare({
  saleId: id('sale'),
  checkInKey: id('check-in'),
  reason: text('Reason', UNDO_REASON_LENGTH, 'note'),
});

// ---------------------------------------------------------------------------------------------------------
// Money and the records' lists.

export const RECORD_PAYMENT = declare({
  invoiceNo: recordNumber('invoice number'),
  amount: cents('Amount', 1),
  method: choice('Method', PAYMENT_METHODS),
  date: optionalDate('Payment date'),
  confirm: flag('Confirm'),
  requestId: requestId(),
});

export const LIST_INVOICES = declare({
  saleId: optionalId('sale'),
  clientId: optionalId('client'),
  status: optionalChoice('Status', INVOICE_STATUSES),
});

export const GET_ADJUSTMENTS = declare({ saleId: optionalId('sale'), clientId: optionalId('client') });

export const EXPORT_RANGE = declare({ from: date('From'), to: date('To') });

/** A client chosen in a sidebar: anything but an id is "Choose a client first." */
const chosenClient = custom(
  false,
  (errors, field, value) => {
    if (typeof value === 'string' && value.trim() !== '') return value;
    errors.push({ field, message: 'Choose a client first.' });
    return undefined;
  },
  'id',
);

/** A request id the endpoint needs (what it sends is logged under it, so a retried request sends it once). */
const requiredRequestId = custom(
  false,
  (errors, field, value) => {
    const given = checkRequestId(errors, value);
    if (given === null && !errors.some((e) => e.field === field))
      errors.push({ field, message: 'A request id is required.' });
    return given ?? undefined;
  },
  'requestId',
);

export const EMAIL_STATEMENT = declare({
  clientId: chosenClient,
  /** Required: the statement is logged under it, so a retried request sends it once. */
  requestId: requiredRequestId,
});

// ---------------------------------------------------------------------------------------------------------
// Stripe (stripe.ts): the studio's own account.

export const CONNECT_STRIPE = declare({
  /** Never echoed: a message about it names the kind of key it should be, not what was sent. */
  key: custom(
    false,
    (errors, field, value) => {
      const key = typeof value === 'string' ? value.trim() : '';
      if (keyMode(key)) return key;
      errors.push({
        field,
        message:
          "That is not a Stripe secret or restricted key: it starts rk_test_, rk_live_, sk_test_ or sk_live_ (a publishable key, pk_…, can't charge a card).",
      });
      return undefined;
    },
    'text',
  ),
  currency: choice('Currency', STRIPE_CURRENCIES),
  website: custom(
    false,
    (errors, field, value) => {
      const url = typeof value === 'string' ? value.trim() : '';
      if (/^https:\/\/[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?:[/?#][^\s<>"]*)?$/.test(url) && url.length <= 500) return url;
      errors.push({
        field,
        message: "Your website's address, starting https:// (Stripe sends clients there once they saved a card).",
      });
      return undefined;
    },
    'text',
  ),
});

/** "Ask for a card": the client, and the request id the link's email is logged under. */
export const ASK_FOR_CARD = declare({ clientId: chosenClient, requestId: requiredRequestId });

export const RUN_DAILY = declare({
  today: optionalDate('Today'),
  dryRun: flag('Dry run'),
  /** Whether to refresh the report tabs (absent: yes; the nightly trigger leaves them to housekeeping). */
  reports: flag('Refresh reports'),
});

// ---------------------------------------------------------------------------------------------------------
// The front desk: the spreadsheet's id first (anything else opens nothing).

const SPREADSHEET_ID = /^[A-Za-z0-9_-]{1,200}$/;

const spreadsheetId = custom(
  false,
  (errors, field, value) => {
    if (typeof value === 'string' && SPREADSHEET_ID.test(value)) return value;
    errors.push({ field, message: 'That is not a spreadsheet id.' });
    return undefined;
  },
  'id',
);

export const DESK_SEARCH = declare({
  spreadsheetId,
  query: custom(
    false,
    (errors, field, value) => {
      const query = typeof value === 'string' ? value.trim() : '';
      if (query.length >= 2 && query.length <= 60) return query;
      errors.push({ field, message: 'Type 2 to 60 letters of the name.' });
      return undefined;
    },
    'text',
  ),
});

export const DESK_CLIENT = declare({ spreadsheetId, clientId: chosenClient });

export const DESK_CHECK_IN = declare({
  spreadsheetId,
  saleId: CHECK_IN_FIELDS.saleId,
  clientId: CHECK_IN_FIELDS.clientId,
  overdraw: CHECK_IN_FIELDS.overdraw,
  requestId: CHECK_IN_FIELDS.requestId,
});

export const DESK_UNDO = declare({
  spreadsheetId,
  saleId: id('sale'),
  checkInKey: id('check-in'),
  reason: text('Reason', UNDO_REASON_LENGTH, 'note'),
});

// The inputs' types, as callers send them (ArgOf in src/contract.ts) and as the rules take them.
export type PackageSaved = PackageTerms & { id?: string };
export type ClientInput = WireOf<typeof SAVE_CLIENT>;
export type PreviewSaleInput = WireOf<typeof PREVIEW_SALE>;
export type SellInput = WireOf<typeof SELL_PACKAGE>;
export type CancelInput = WireOf<typeof CANCEL_SALE>;
export type ChangeInput = WireOf<typeof CHANGE_PACKAGE>;
export type ShareInput = WireOf<typeof SHARE_SALE>;
export type PauseInput = WireOf<typeof PAUSE_SALE>;
export type PauseManyInput = WireOf<typeof PAUSE_SALES>;
export type CheckInInput = WireOf<typeof CHECK_IN>;
export type CorrectInput = WireOf<typeof CORRECT_SESSIONS>;
export type UndoInput = WireOf<typeof UNDO_CHECK_IN>;
export type PaymentInput = WireOf<typeof RECORD_PAYMENT>;
export type InvoiceFilters = WireOf<typeof LIST_INVOICES>;
export type LedgerFilters = WireOf<typeof GET_ADJUSTMENTS>;
export type ExportInput = WireOf<typeof EXPORT_RANGE>;
export type StatementInput = WireOf<typeof EMAIL_STATEMENT>;
export type DailyInput = WireOf<typeof RUN_DAILY>;
export type DeskSearchInput = WireOf<typeof DESK_SEARCH>;
export type DeskClientInput = WireOf<typeof DESK_CLIENT>;
export type DeskCheckInInput = WireOf<typeof DESK_CHECK_IN>;
export type DeskUndoInput = WireOf<typeof DESK_UNDO>;
export type ConnectStripeInput = WireOf<typeof CONNECT_STRIPE>;
export type AskForCardInput = WireOf<typeof ASK_FOR_CARD>;

/** A client's fields from what a caller sent (the sale form's new client, a test): parsed, then made a record's. */
export function validateClient(raw: unknown): Result<Omit<Client, 'id'>> {
  const parsed = SAVE_CLIENT.parse(raw);
  return parsed.ok ? ok(clientFields(parsed.value)) : parsed;
}
