/**
 * Each tab's rows as typed records and back. A row that doesn't parse becomes a problem (reported with
 * its tab and row number), never an exception that stops the rest of the run.
 */

import { type Header, TABS, type TermHeader } from '../../sheets-template/tabs';
import {
  ADJUSTMENT_TYPE_CHOICES,
  type Adjustment,
  type Choice,
  type Client,
  counted,
  dollars,
  type EarlierTerms,
  type EmailLogEntry,
  FREQUENCY_CHOICES,
  formatPeople,
  INVOICE_STATUS_CHOICES,
  type Invoice,
  type IsoDate,
  invoiceStatus,
  isIsoDate,
  MAX_PAUSE_WEEKS,
  MESSAGE_KIND_CHOICES,
  OVERDUE_LABEL,
  PAYMENT_METHOD_CHOICES,
  type Package,
  type PackageTerms,
  type Pause,
  type Payment,
  type Person,
  parseEarlier,
  parsePeople,
  pauseEnd,
  ROLLOVER_CHOICES,
  type Sale,
  type Template,
  validatePackageTerms,
  YES_NO_CHOICES,
} from '../domain';
import { payLinkCellText, readPayLinkCell } from '../domain/paylinks';
import { isRefundKey } from '../domain/reconcile';
import type { Cell, DateCodec } from './cells';
import type { Problem, RowReader, Table } from './table';

/** The shape of the sale ids the add-on issues. */
const SALE_ID = /^S-\d+$/;

/** One tab's row reader: only that tab's headers compile. */
type Reader<T extends keyof typeof TABS> = RowReader<Header<T>>;
/** One tab's cells by header: every header of the tab, and no other. */
type Cells<T extends keyof typeof TABS> = Record<Header<T>, Cell>;
/** The Clients columns only the add-on writes (a client's Stripe customer and card: stripe.ts). */
export type StripeHeader = 'Stripe Customer' | 'Card' | 'Stripe Card';

/** The label of `value` in a choice table (the first entry with it); a value not in the table as it is. */
export function labelFor<V extends string>(choices: readonly Choice<V>[], value: V): string {
  return choices.find((c) => c.value === value)?.label ?? value;
}

/** The label of `value` in a label → value map (the first label with it). */
export function labelOf<T extends string>(map: Readonly<Record<string, T>>, value: T): string {
  return Object.entries(map).find(([, v]) => v === value)?.[0] ?? value;
}

/** A tab's records with the sheet row each came from. */
export interface Rows<T> {
  records: T[];
  rowOf: Map<string, number>;
}

/**
 * Reads every row of `table` with `parse`; rows with problems, and rows whose key repeats an earlier
 * row's, are reported and skipped.
 */
export function readRows<T, H extends string>(
  table: Table<H>,
  parse: (r: RowReader<H>) => T,
  keyOf: (t: T) => string,
): Rows<T> & { problems: Problem[] } {
  const records: T[] = [];
  const rowOf = new Map<string, number>();
  const problems: Problem[] = [...table.problems];
  for (const r of table.rows()) {
    const record = parse(r);
    if (r.problems.length) {
      problems.push({ tab: table.spec.name, row: r.rowNumber, message: `${r.problems.join('; ')}. Row skipped.` });
      continue;
    }
    const key = keyOf(record);
    const first = rowOf.get(key);
    if (first !== undefined) {
      problems.push({
        tab: table.spec.name,
        row: r.rowNumber,
        message: `${table.spec.key ?? 'Key'} "${key}" repeats row ${first}. Row skipped: delete one of the two.`,
      });
      continue;
    }
    rowOf.set(key, r.rowNumber);
    records.push(record);
  }
  return { records, rowOf, problems };
}

function terms(r: RowReader<TermHeader>, name: string): PackageTerms {
  const raw = {
    name,
    sessionsPerPeriod: r.int('Sessions per Period'),
    frequency: r.choice('Frequency', FREQUENCY_CHOICES),
    rollover: r.choice('Reset/Add', ROLLOVER_CHOICES),
    recurWeeks: r.int('Keep Recurring Weeks'),
    priceCents: r.money('Price per Period'),
    rolloverCap: r.optionalInt('Rollover Cap'),
    // Columns added later: a workbook without them (or a blank cell) has no commitment.
    usableDays: r.optionalInt('Usable Days After End'),
    minPeriods: r.optionalInt('Minimum Periods') ?? 0,
    noticeDays: r.optionalInt('Notice Days') ?? 0,
    expireAfterPeriods: r.optionalInt('Expire After Periods') ?? 0,
    introPeriods: r.optionalInt('Intro Periods') ?? 0,
    introPriceCents: r.optionalMoney('Intro Price'),
    taxFree: r.has('Tax Free') && r.raw('Tax Free') !== '' && r.choice('Tax Free', YES_NO_CHOICES) === 'yes',
  };
  if (r.problems.length) return raw as PackageTerms;
  // A name typed in the sheet is taken as typed (the sidebars refuse hidden characters; a cell with a line
  // break in a name is no reason to stop billing): the terms' rules are checked on a stand-in.
  const checked = validatePackageTerms({ ...raw, name: name === '' ? '' : 'name' });
  if (!checked.ok) {
    for (const e of checked.errors) r.problems.push(e.message.replace(/\.$/, ''));
    return raw as PackageTerms;
  }
  return { ...checked.value, name: checked.value.name === '' ? '' : name.trim() };
}

function termCells(t: PackageTerms): Record<TermHeader, Cell> {
  return {
    'Sessions per Period': t.sessionsPerPeriod,
    Frequency: labelFor(FREQUENCY_CHOICES, t.frequency),
    'Reset/Add': labelFor(ROLLOVER_CHOICES, t.rollover),
    'Keep Recurring Weeks': t.recurWeeks,
    'Price per Period': dollars(t.priceCents),
    'Rollover Cap': t.rolloverCap ?? '',
    'Usable Days After End': t.usableDays ?? '',
    'Minimum Periods': t.minPeriods || '',
    'Notice Days': t.noticeDays || '',
    'Expire After Periods': t.expireAfterPeriods || '',
    'Intro Periods': t.introPeriods || '',
    'Intro Price': t.introPriceCents === null ? '' : dollars(t.introPriceCents),
    'Tax Free': t.taxFree ? labelFor(YES_NO_CHOICES, 'yes') : '',
  };
}

export const packages = {
  spec: TABS.packages,
  parse(r: Reader<'packages'>): Package {
    const id = r.text('Package ID');
    const auto = r.has('Charge Automatically') && r.raw('Charge Automatically') !== '';
    const charge = auto && r.choice('Charge Automatically', YES_NO_CHOICES) === 'yes';
    return { id, ...terms(r, r.text('Name')), ...(charge ? { chargeAutomatically: true } : {}) };
  },
  /** Every cell but Charge Automatically, which the owner sets in the tab (an edit of the package keeps it). */
  cells(p: Package): Omit<Cells<'packages'>, 'Charge Automatically'> {
    return { 'Package ID': p.id, Name: p.name, ...termCells(p) };
  },
  key: (p: Package) => p.id,
};

export const clients = {
  spec: TABS.clients,
  parse(r: Reader<'clients'>): Client {
    const client: Client = {
      id: r.text('Client ID'),
      name: r.text('Name'),
      email: r.text('Email'),
      phone: r.text('Phone'),
    };
    if (r.has('No Email') && r.raw('No Email') !== '' && r.choice('No Email', YES_NO_CHOICES) === 'yes')
      client.noEmail = true;
    // Stripe's columns (stripe.ts): set only when the cell holds something.
    const stripe = { stripeCustomer: r.text('Stripe Customer'), card: r.text('Card'), cardId: r.text('Stripe Card') };
    for (const [field, value] of Object.entries(stripe))
      if (value.trim()) Object.assign(client, { [field]: value.trim() });
    return client;
  },
  /** The cells people edit: the Stripe columns are the add-on's own, written apart (writes.ts setClientCard). */
  cells(c: Client): Omit<Cells<'clients'>, StripeHeader> {
    const noEmail = c.noEmail ? labelFor(YES_NO_CHOICES, 'yes') : '';
    return { 'Client ID': c.id, Name: c.name, Email: c.email, Phone: c.phone, 'No Email': noEmail };
  },
  key: (c: Client) => c.id,
};

export const sales = {
  spec: TABS.sales,
  parse(r: Reader<'sales'>): Sale {
    const id = r.text('Sale ID');
    // Sale ids are the add-on's (S-1, S-2 …): anything else is a typo or a paste, never a new sale to bill.
    if (id !== '' && !SALE_ID.test(id))
      r.problems.push(`Sale ID "${id.slice(0, 40)}" is not a sale id (S- and a number, as the sale form gives)`);
    return {
      id,
      clientId: r.text('Client ID'),
      clientName: r.text('Client'),
      packageId: r.text('Package ID'),
      terms: terms(r, r.text('Package')),
      soldOn: r.date('Sold On'),
      startDate: r.date('Start Date'),
      endDate: r.optionalDate('Cancel Date'),
      pauses: r.has('Pauses') ? readPauses(r) : [],
      requestId: r.has('Request ID') ? r.text('Request ID') || null : null,
      sharedWith: readPeople(r, 'Shared With') ?? [],
      ...readEarlier(r),
    };
  },
  cells(s: Sale, codec: DateCodec, status: string): Cells<'sales'> {
    return {
      'Sale ID': s.id,
      'Client ID': s.clientId,
      Client: s.clientName,
      'Package ID': s.packageId,
      Package: s.terms.name,
      'Sold On': codec.write(s.soldOn),
      'Start Date': codec.write(s.startDate),
      ...termCells(s.terms),
      'Cancel Date': s.endDate ? codec.write(s.endDate) : '',
      Pauses: formatPauses(s.pauses ?? []),
      Status: status,
      'Request ID': s.requestId ?? '',
      'Shared With': formatPeople(s.sharedWith ?? []),
      'Package Changes': s.earlier?.length ? JSON.stringify(s.earlier) : '',
    };
  },
  key: (s: Sale) => s.id,
};

/** The terms a sale had before its changes of package (the Package Changes cell, JSON); none when blank. */
function readEarlier(r: Reader<'sales'>): { earlier?: EarlierTerms[] } {
  const text = r.has('Package Changes') ? r.text('Package Changes').trim() : '';
  if (text === '') return {};
  let parsed: EarlierTerms[] | null = null;
  try {
    parsed = parseEarlier(JSON.parse(text));
  } catch {
    parsed = null;
  }
  if (parsed === null) r.problems.push('Package Changes is not the data "Change package" wrote: undo the edit');
  return parsed?.length ? { earlier: parsed } : {};
}

/** A "Sam Lee (C-2); Jo Lee (C-3)" cell (blank or absent column: null), or a problem when it is not like that. */
function readPeople<H extends string>(r: RowReader<H>, header: H): Person[] | null {
  if (!r.has(header)) return null;
  const text = r.text(header);
  if (text.trim() === '') return null;
  const people = parsePeople(text);
  if (people === null) r.problems.push(`${header} "${text}" is not like "Sam Lee (C-2); Jo Lee (C-3)"`);
  return people;
}

const PAUSE = /^(\d{4}-\d{2}-\d{2}) for (\d{1,2}) weeks?(?: \(until invoice (\d{1,9}) is paid\))?$/;

/** "2026-12-21 for 2 weeks; 2027-04-06 for 1 week" */
export function formatPauses(pauses: readonly Pause[]): string {
  return pauses
    .map(
      (p) =>
        `${p.from} for ${counted(p.weeks, 'week', 'weeks')}${p.untilPaid ? ` (until invoice ${p.untilPaid} is paid)` : ''}`,
    )
    .join('; ');
}

function readPauses(r: Reader<'sales'>): Pause[] {
  const text = r.text('Pauses');
  if (text === '') return [];
  const pauses: Pause[] = [];
  for (const part of text.split(';').map((p) => p.trim())) {
    const m = PAUSE.exec(part);
    if (!m || !isIsoDate(m[1]) || Number(m[2]) < 1 || Number(m[2]) > MAX_PAUSE_WEEKS) {
      r.problems.push(`Pauses "${part}" is not like "2026-12-21 for 2 weeks" (or "… (until invoice 457 is paid)")`);
      return [];
    }
    pauses.push({ from: m[1], weeks: Number(m[2]), ...(m[3] ? { untilPaid: Number(m[3]) } : {}) });
  }
  pauses.sort((a, b) => (a.from < b.from ? -1 : 1));
  for (let i = 1; i < pauses.length; i++) {
    if (pauses[i].from < pauseEnd(pauses[i - 1]))
      r.problems.push(`Pauses overlap (${formatPauses(pauses.slice(i - 1, i + 1))})`);
  }
  return pauses;
}

export const invoices = {
  spec: TABS.invoices,
  parse(r: Reader<'invoices'>): Invoice {
    const amountCents = r.money('Amount');
    const paidCents = r.optionalMoney('Paid') ?? 0;
    // Void is the owner's call; otherwise the status follows Paid (typed by hand or recorded payments).
    const label = r.has('Status') && r.raw('Status') !== '' ? r.choice('Status', INVOICE_STATUS_CHOICES) : null;
    if (amountCents < 0) r.problems.push('Amount is negative');
    if (paidCents < 0) r.problems.push('Paid is negative');
    return {
      number: r.int('Invoice No'),
      key: r.text('Key'),
      saleId: r.text('Sale ID'),
      clientName: r.text('Client'),
      period: r.int('Period') - 1,
      dueDate: r.date('Due Date'),
      amountCents,
      paidCents,
      status: label === 'void' ? 'void' : invoiceStatus(amountCents, paidCents),
      ...taxOf(r),
      ...(r.text('Collection').trim() ? { collection: r.text('Collection').trim() } : {}),
      ...(r.text('Stripe Pay Link').trim()
        ? { payLink: r.text('Pay Link').trim(), ...readPayLinkCell(r.text('Stripe Pay Link')) }
        : {}),
    };
  },
  /** `overdue`: label an open or part-paid invoice Overdue (decided by the caller from the grace days). */
  cells(i: Invoice, codec: DateCodec, overdue = false): Cells<'invoices'> {
    return {
      'Invoice No': i.number,
      Key: i.key,
      'Sale ID': i.saleId,
      Client: i.clientName,
      Period: i.period + 1,
      'Due Date': codec.write(i.dueDate),
      Amount: dollars(i.amountCents),
      Paid: dollars(i.paidCents),
      Status:
        overdue && (i.status === 'open' || i.status === 'part-paid')
          ? OVERDUE_LABEL
          : labelFor(INVOICE_STATUS_CHOICES, i.status),
      Net: i.netCents === undefined ? '' : dollars(i.netCents),
      Tax: i.taxCents === undefined ? '' : dollars(i.taxCents),
      Collection: i.collection ?? '',
      'Pay Link': i.payLink ?? '',
      'Stripe Pay Link': payLinkCellText(i.payLinkId ?? '', i.payLinkCents),
    };
  },
  key: (i: Invoice) => i.key,
};

/** An invoice row's Net and Tax, when it has them (a row from before the columns has neither). */
function taxOf(r: Reader<'invoices'>): Pick<Invoice, 'netCents' | 'taxCents'> {
  const netCents = r.has('Net') ? r.optionalMoney('Net') : null;
  const taxCents = r.has('Tax') ? r.optionalMoney('Tax') : null;
  return {
    ...(netCents === null ? {} : { netCents }),
    ...(taxCents === null ? {} : { taxCents }),
  };
}

export const payments = {
  spec: TABS.payments,
  parse(r: Reader<'payments'>): Payment {
    const amountCents = r.money('Amount');
    // A refund made in Stripe is the one negative row (src/domain/reconcile.ts).
    if (amountCents <= 0 && !(amountCents < 0 && isRefundKey(r.text('Key'))))
      r.problems.push('Amount must be more than 0');
    return {
      key: r.text('Key'),
      date: r.date('Date'),
      invoiceNumber: r.int('Invoice No'),
      saleId: r.text('Sale ID'),
      clientName: r.text('Client'),
      amountCents,
      method: r.choice('Method', PAYMENT_METHOD_CHOICES) ?? 'other',
      ...(r.text('Reference').trim() ? { reference: r.text('Reference').trim() } : {}),
    };
  },
  cells(p: Payment, codec: DateCodec): Cells<'payments'> {
    return {
      Key: p.key,
      Date: codec.write(p.date),
      'Invoice No': p.invoiceNumber,
      'Sale ID': p.saleId,
      Client: p.clientName,
      Amount: dollars(p.amountCents),
      Method: labelFor(PAYMENT_METHOD_CHOICES, p.method),
      Reference: p.reference ?? '',
    };
  },
  key: (p: Payment) => p.key,
};

export const adjustments = {
  spec: TABS.adjustments,
  parse(r: Reader<'adjustments'>): Adjustment {
    return {
      key: r.text('Key'),
      date: r.date('Date'),
      saleId: r.text('Sale ID'),
      clientName: r.text('Client'),
      type: r.choice('Type', ADJUSTMENT_TYPE_CHOICES) ?? 'correct',
      sessions: r.int('Sessions'),
      balance: r.optionalInt('Balance') ?? Number.NaN,
      note: r.text('Note'),
      attendee: readPeople(r, 'Attended By')?.[0] ?? null,
      ...(r.has('Carried Value') && r.text('Carried Value') ? { carriedValue: r.text('Carried Value') } : {}),
    };
  },
  cells(a: Adjustment, codec: DateCodec): Cells<'adjustments'> {
    return {
      Key: a.key,
      Date: codec.write(a.date),
      'Sale ID': a.saleId,
      Client: a.clientName,
      Type: labelFor(ADJUSTMENT_TYPE_CHOICES, a.type),
      Sessions: a.sessions,
      Balance: a.balance,
      Note: a.note,
      'Attended By': a.attendee ? formatPeople([a.attendee]) : '',
      'Carried Value': a.carriedValue ?? '',
    };
  },
  key: (a: Adjustment) => a.key,
};

export const messages = {
  spec: TABS.messages,
  parse(r: Reader<'messages'>): Template {
    return {
      kind: r.choice('Kind', MESSAGE_KIND_CHOICES) ?? 'invoice',
      send: r.choice('Send', YES_NO_CHOICES) === 'yes',
      subject: r.text('Subject'),
      body: r.text('Body'),
    };
  },
  cells(t: Template): Cells<'messages'> {
    const send = labelFor(YES_NO_CHOICES, t.send ? 'yes' : 'no');
    return { Kind: labelFor(MESSAGE_KIND_CHOICES, t.kind), Send: send, Subject: t.subject, Body: t.body };
  },
  key: (t: Template) => t.kind,
};

export const emailLog = {
  spec: TABS.emailLog,
  parse(r: Reader<'emailLog'>): EmailLogEntry {
    return {
      key: r.text('Key'),
      date: r.date('Date'),
      clientId: r.text('Client ID'),
      clientName: r.text('Client'),
      address: r.text('Address'),
      kind: r.text('Kind'),
      subject: r.text('Subject'),
      status: r.text('Status'),
    };
  },
  cells(e: EmailLogEntry, codec: DateCodec): Cells<'emailLog'> {
    return {
      Key: e.key,
      Date: codec.write(e.date),
      'Client ID': e.clientId,
      Client: e.clientName,
      Address: e.address,
      Kind: e.kind,
      Subject: e.subject,
      Status: e.status,
    };
  },
  key: (e: EmailLogEntry) => e.key,
};

export interface RunLogEntry {
  started: Date;
  finished: Date;
  job: string;
  today: IsoDate;
  user: string;
  invoicesCreated: number;
  adjustmentsCreated: number;
  problems: string[];
  details: string;
}

/** Sheets holds at most 50 000 characters in a cell. */
const MAX_DETAILS = 45_000;

export const runLog = {
  spec: TABS.runLog,
  cells(e: RunLogEntry, codec: DateCodec): Cells<'runLog'> {
    const details = [e.details, ...e.problems].filter(Boolean).join('\n');
    return {
      Started: e.started,
      Finished: e.finished,
      Job: e.job,
      Today: codec.write(e.today),
      User: e.user,
      'Invoices Created': e.invoicesCreated,
      'Adjustments Created': e.adjustmentsCreated,
      Problems: e.problems.length,
      Details: details.length > MAX_DETAILS ? `${details.slice(0, MAX_DETAILS)}…` : details,
    };
  },
};
