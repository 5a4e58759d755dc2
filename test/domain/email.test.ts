/**
 * Client email (issue 16), the pure part: templates and their placeholders, escaping, and which messages
 * a day's run plans (once per key; skipped for no address or opted out; reminders spaced and capped).
 */
import {
  DEFAULT_TEMPLATES,
  type EmailInput,
  escapeHtml,
  type MessageKind,
  type Outgoing,
  planEmails,
  render,
  type State,
  type Template,
  taxLine,
  unknownPlaceholders,
} from '../../src/domain';
import { pkg, type SimEvent, simulate } from './harness';

const templates = (over: Partial<Record<MessageKind, Partial<Template>>> = {}) =>
  new Map(DEFAULT_TEMPLATES.map((t) => [t.kind, { ...t, ...(over[t.kind] ?? {}) }]));

function studio(to: string): State {
  const events: SimEvent[] = [
    {
      kind: 'sell',
      day: '2026-01-05',
      id: 'S-1',
      pkg: pkg({ frequency: 'weekly', sessionsPerPeriod: 2, priceCents: 5000 }),
      startDate: '2026-01-05',
      client: { id: 'C-1', name: '<b>Ann</b> =HYPERLINK("x")', email: 'ann@example.com', phone: '' },
    },
  ];
  return simulate({ from: '2026-01-05', to, events }).state;
}

const input = (state: State, today: string, more: Partial<EmailInput> = {}): EmailInput => ({
  state,
  payments: [],
  clients: [{ id: 'C-1', name: '<b>Ann</b> =HYPERLINK("x")', email: 'ann@example.com', phone: '' }],
  log: new Map(),
  templates: templates(),
  settings: {
    studioName: 'Pilates & Co',
    paymentInstructions: 'BSB 000-000',
    graceDays: 7,
    maxReminders: 2,
    reminderSpacing: 7,
    monthlyStatements: false,
    taxName: 'GST',
    taxId: '',
  },
  today,
  ...more,
});

test('a template fills its placeholders; the HTML body escapes every value, the text body keeps it as typed', () => {
  const t: Template = {
    kind: 'invoice',
    send: true,
    subject: 'Hi {client}',
    body: 'Dear {client},\n{amount} <b>now</b>',
  };
  const out = render(t, { client: '<img src=x onerror=alert(1)>', amount: '$5.00' });
  expect(out.subject).toBe('Hi <img src=x onerror=alert(1)>');
  expect(out.text).toBe('Dear <img src=x onerror=alert(1)>,\n$5.00 <b>now</b>');
  expect(out.html).toContain('Dear &lt;img src=x onerror=alert(1)&gt;,<br>$5.00 &lt;b&gt;now&lt;/b&gt;');
  expect(out.html).not.toMatch(/<img|<b>/);
  expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
});

test('unknown placeholders are found per kind; every default template is clean', () => {
  expect(unknownPlaceholders({ kind: 'receipt', subject: '{amout}', body: '{due} {client}' })).toEqual([
    'amout',
    'due',
  ]);
  for (const t of DEFAULT_TEMPLATES) expect(unknownPlaceholders(t)).toEqual([]);
});

test('the invoices of the last 7 days are planned once each; a logged key is never planned again', () => {
  const state = studio('2026-01-19');
  const plan = planEmails(input(state, '2026-01-19'));
  // 5 Jan is 14 days back: only 12 and 19 Jan (and a reminder for the 5 Jan invoice, overdue).
  expect(plan.messages.filter((m) => m.kind === 'invoice').map((m) => [m.key, m.to, m.subject])).toEqual([
    ['invoice:S-1:1', 'ann@example.com', 'Pilates & Co: invoice 2 for Fortnightly 6'],
    ['invoice:S-1:2', 'ann@example.com', 'Pilates & Co: invoice 3 for Fortnightly 6'],
  ]);
  const log = new Map([
    ['invoice:S-1:1', { status: 'sent', date: '2026-01-12' }],
    ['invoice:S-1:2', { status: 'sending', date: '2026-01-19' }],
  ]);
  const invoices = (i: EmailInput) => planEmails(i).messages.filter((m) => m.kind === 'invoice');
  expect(invoices(input(state, '2026-01-19', { log }))).toEqual([]);
  // Waiting (quota) and resend (typed by the owner) are planned again.
  const again = new Map([
    ['invoice:S-1:1', { status: 'waiting', date: '2026-01-12' }],
    ['invoice:S-1:2', { status: 'resend', date: '2026-01-19' }],
  ]);
  expect(invoices(input(state, '2026-01-19', { log: again }))).toHaveLength(2);
});

test('no address or opted out: planned as skipped; a kind switched off: nothing; a broken template: a problem', () => {
  const state = studio('2026-01-12');
  const noAddress = planEmails(
    input(state, '2026-01-12', { clients: [{ id: 'C-1', name: 'Ann', email: ' ', phone: '' }] }),
  );
  // The invoices of 5 and 12 Jan (both within the 7 days).
  expect(noAddress.messages.map((m) => m.skipped)).toEqual(['skipped: no address', 'skipped: no address']);
  const optedOut = planEmails(
    input(state, '2026-01-12', { clients: [{ id: 'C-1', name: 'Ann', email: 'a@x.com', phone: '', noEmail: true }] }),
  );
  expect(optedOut.messages.map((m) => m.skipped)).toEqual(['skipped: opted out', 'skipped: opted out']);
  expect(
    planEmails(input(state, '2026-01-12', { templates: templates({ invoice: { send: false } }) })).messages,
  ).toEqual([]);
  const broken = planEmails(input(state, '2026-01-12', { templates: templates({ invoice: { body: 'Pay {amout}' } }) }));
  expect(broken.messages).toEqual([]);
  expect(broken.problems).toEqual([
    "Messages: the invoice template uses {amout}, which it can't fill: no invoice emails are sent until it is fixed.",
  ]);
});

/** The log after `messages` went: each message's row as `status`, a reminder's invoice rows listed in it. */
function logged(log: Log, messages: readonly Outgoing[], date: string, status = 'sent'): Log {
  const next = new Map(log);
  for (const m of messages) {
    next.set(m.key, { status: m.skipped ?? status, date });
    for (const i of m.items ?? []) next.set(i.key, { status: `listed in ${m.key}`, date });
  }
  return next;
}
type Log = Map<string, { status: string; date: string }>;
const reminders = (i: EmailInput) => planEmails(i).messages.filter((m) => m.kind === 'reminder');

test('overdue reminders: only for an emailed invoice, after the grace days, at most 2, 7 days apart', () => {
  const state = studio('2026-01-05');
  const on = (today: string, log: Log) => reminders(input(state, today, { log })).map((m) => m.key);
  expect(on('2026-01-20', new Map())).toEqual([]); // never emailed: never reminded
  const emailed: Log = new Map([['invoice:S-1:0', { status: 'sent', date: '2026-01-05' }]]);
  expect(on('2026-01-12', emailed)).toEqual([]); // 7 days: still in its grace
  const first = reminders(input(state, '2026-01-13', { log: emailed }));
  expect(first.map((m) => [m.key, m.items])).toEqual([
    ['reminder:C-1:2026-01-13', [{ key: 'reminder:S-1:0:1', note: 'Invoice 1: reminder 1' }]],
  ]);
  const after = logged(emailed, first, '2026-01-13');
  expect(on('2026-01-13', after)).toEqual([]); // a rerun
  expect(on('2026-01-19', after)).toEqual([]);
  const second = reminders(input(state, '2026-01-20', { log: after }));
  expect(second.flatMap((m) => m.items?.map((i) => i.key))).toEqual(['reminder:S-1:0:2']);
  expect(on('2026-02-20', logged(after, second, '2026-01-20'))).toEqual([]);
  // Emailed late (the owner typed resend on 1 Feb): the grace days count from then.
  const late: Log = new Map([['invoice:S-1:0', { status: 'sent', date: '2026-02-01' }]]);
  expect(on('2026-02-08', late)).toEqual([]);
  expect(on('2026-02-09', late)).toEqual(['reminder:C-1:2026-02-09']);
  // Not confirmed sent, skipped or failed: no reminder until the owner sees to it.
  for (const status of ['sending', 'skipped: no address', 'failed: x', 'waiting'])
    expect(on('2026-01-20', new Map([['invoice:S-1:0', { status, date: '2026-01-05' }]]))).toEqual([]);
});

/** Ann (C-1) on a weekly package from 5 Jan, Ben (C-2) fortnightly from 12 Jan, billed every day to `to`. */
function twoClients(to: string): State {
  const ben = { id: 'C-2', name: 'Ben', email: 'ben@example.com', phone: '' };
  const events: SimEvent[] = [
    {
      kind: 'sell',
      day: '2026-01-05',
      id: 'S-1',
      pkg: pkg({ name: 'Weekly 1', frequency: 'weekly' }),
      startDate: '2026-01-05',
    },
    { kind: 'sell', day: '2026-01-12', id: 'S-2', pkg: pkg(), startDate: '2026-01-12', client: ben },
  ];
  return simulate({ from: '2026-01-05', to, events }).state;
}

test('nine weeks without a run: one reminder per client, listing only the invoices they were emailed', () => {
  const state = twoClients('2026-03-16');
  const clients = [
    { id: 'C-1', name: 'Ann', email: 'ann@example.com', phone: '' },
    { id: 'C-2', name: 'Ben', email: 'ben@example.com', phone: '' },
  ];
  // Runs on 5 and 12 Jan emailed Ann's first two invoices (Ben's, sold after the 12 Jan run, never went);
  // then nothing until 16 Mar, whose run emails only the invoices of the last 7 days.
  const number = (key: string) => state.invoices.find((i) => i.key === key)?.number;
  const log: Log = new Map([
    ['invoice:S-1:0', { status: 'sent', date: '2026-01-05' }],
    ['invoice:S-1:1', { status: 'sent', date: '2026-01-12' }],
  ]);
  const run = planEmails(input(state, '2026-03-16', { log, clients }));
  const sent = run.messages.filter((m) => m.kind === 'reminder');
  expect(sent.map((m) => [m.key, m.to, m.subject])).toEqual([
    ['reminder:C-1:2026-03-16', 'ann@example.com', 'Pilates & Co: 2 invoices overdue'],
  ]);
  expect(sent[0].items?.map((i) => i.key)).toEqual(['reminder:S-1:0:1', 'reminder:S-1:1:1']);
  expect(sent[0].text).toContain(
    `Our records show 2 invoices overdue:\n\n- Invoice ${number('S-1:0')}, Weekly 1: $300.00 owing, due Mon 5 Jan 2026 (70 days ago)\n- Invoice ${number('S-1:1')}, Weekly 1: $300.00 owing, due Mon 12 Jan 2026 (63 days ago)\n\nStill owing: $600.00.`,
  );
  expect(run.problems).toEqual([]);
  // The run's invoice emails are logged; a rerun that day, and the days after, send no reminder.
  let after = logged(log, run.messages, '2026-03-16');
  for (const day of ['2026-03-16', '2026-03-17', '2026-03-22'])
    expect(reminders(input(state, day, { log: after, clients }))).toEqual([]);
  // A week on: the second (and last) reminder of both, in one message; the 9 and 16 Mar invoices are still
  // in their grace days from 16 Mar, when they were emailed.
  const week = reminders(input(twoClients('2026-03-23'), '2026-03-23', { log: after, clients }));
  expect(week.map((m) => [m.key, m.items?.map((i) => i.key)])).toEqual([
    ['reminder:C-1:2026-03-23', ['reminder:S-1:0:2', 'reminder:S-1:1:2']],
  ]);
  after = logged(after, week, '2026-03-23');
  const later = reminders(input(twoClients('2026-03-30'), '2026-03-30', { log: after, clients }));
  expect(later.map((m) => [m.key, m.items?.map((i) => i.key)])).toEqual([
    ['reminder:C-1:2026-03-30', ['reminder:S-1:9:1', 'reminder:S-1:10:1']],
    ['reminder:C-2:2026-03-30', ['reminder:S-2:4:1']],
  ]);
});

test('a reminder that waits for the quota goes again under its own key, with what is still owing', () => {
  const state = twoClients('2026-03-16');
  const log: Log = new Map([
    ['invoice:S-1:0', { status: 'sent', date: '2026-01-05' }],
    ['invoice:S-1:1', { status: 'sent', date: '2026-01-12' }],
  ]);
  const waiting = logged(log, reminders(input(state, '2026-03-16', { log })), '2026-03-16', 'waiting');
  const next = reminders(input(state, '2026-03-17', { log: waiting }));
  expect(next.map((m) => [m.key, m.items?.map((i) => i.key), m.skipped])).toEqual([
    ['reminder:C-1:2026-03-16', ['reminder:S-1:0:1', 'reminder:S-1:1:1'], undefined],
  ]);
  // Typed resend by the owner: the same. Paid in full since: logged as not needed, never sent.
  const resend = new Map([...waiting, ['reminder:C-1:2026-03-16', { status: 'resend', date: '2026-03-16' }]]);
  expect(reminders(input(state, '2026-03-17', { log: resend })).map((m) => m.key)).toEqual(['reminder:C-1:2026-03-16']);
  const paid = { ...state, invoices: state.invoices.map((i) => ({ ...i, paidCents: i.amountCents })) };
  const skipped = reminders(input(paid, '2026-03-17', { log: waiting }));
  expect(skipped.map((m) => [m.key, m.skipped, m.items])).toEqual([
    ['reminder:C-1:2026-03-16', 'skipped: nothing overdue now', []],
  ]);
  // Once it went, its invoices have had reminder 1: the next is 2, a week after it went.
  const went = logged(waiting, next, '2026-03-17');
  expect(reminders(input(state, '2026-03-23', { log: went }))).toEqual([]);
  expect(reminders(input(state, '2026-03-24', { log: went })).flatMap((m) => m.items?.map((i) => i.key))).toEqual([
    'reminder:S-1:0:2',
    'reminder:S-1:1:2',
  ]);
});

test('reminders logged one per invoice (before messages were combined) still count, and space the next', () => {
  const state = studio('2026-01-19');
  const log: Log = new Map([
    ['invoice:S-1:0', { status: 'sent', date: '2026-01-05' }],
    ['invoice:S-1:1', { status: 'sent', date: '2026-01-12' }],
    ['reminder:S-1:0:1', { status: 'sent', date: '2026-01-15' }],
  ]);
  expect(reminders(input(state, '2026-01-21', { log }))).toEqual([]);
  expect(reminders(input(state, '2026-01-22', { log })).flatMap((m) => m.items?.map((i) => i.key))).toEqual([
    'reminder:S-1:0:2',
    'reminder:S-1:1:1',
  ]);
});

test('an older reminder template without {invoices} still reads, and the Run Log says how to list them', () => {
  const state = twoClients('2026-03-16');
  const old = templates({
    reminder: {
      subject: '{studio}: invoice {number} is overdue',
      body: 'Invoice {number} ({package}) for {amount} was due {due}, {days} days ago; {owed} is still owing.',
    },
  });
  const log: Log = new Map([
    ['invoice:S-1:0', { status: 'sent', date: '2026-01-05' }],
    ['invoice:S-1:1', { status: 'sent', date: '2026-01-12' }],
  ]);
  const plan = planEmails(input(state, '2026-03-16', { log, templates: old }));
  const [reminder] = plan.messages.filter((m) => m.kind === 'reminder');
  expect(reminder.subject).toBe('Pilates & Co: invoice 1 and 2 is overdue');
  expect(reminder.text).toBe(
    'Invoice 1 and 2 (Weekly 1) for $600.00 was due Mon 5 Jan 2026, 70 days ago; $600.00 is still owing.',
  );
  expect(plan.problems).toEqual([expect.stringContaining('the reminder template has no {invoices}')]);
  // One invoice: its own values, as before, and nothing to report.
  const one = planEmails(input(state, '2026-03-16', { log: new Map([...log].slice(0, 1)), templates: old }));
  expect(one.messages.find((m) => m.kind === 'reminder')?.text).toBe(
    'Invoice 1 (Weekly 1) for $300.00 was due Mon 5 Jan 2026, 70 days ago; $300.00 is still owing.',
  );
  expect(one.problems).toEqual([]);
});

test('an invoice the owner marks resend (or adds with resend) goes whatever its age; its reminders follow', () => {
  const state = studio('2026-03-16');
  expect(state.invoices.find((i) => i.key === 'S-1:1')?.dueDate).toBe('2026-01-12');
  const log: Log = new Map([['invoice:S-1:1', { status: 'resend', date: '2026-03-16' }]]);
  const plan = planEmails(input(state, '2026-03-16', { log }));
  expect(plan.messages.map((m) => m.key)).toEqual(['invoice:S-1:1', 'invoice:S-1:9', 'invoice:S-1:10']);
  const sentThen: Log = new Map([['invoice:S-1:1', { status: 'sent', date: '2026-03-16' }]]);
  expect(reminders(input(state, '2026-03-23', { log: sentThen }))).toEqual([]);
  expect(reminders(input(state, '2026-03-24', { log: sentThen })).flatMap((m) => m.items?.map((i) => i.key))).toEqual([
    'reminder:S-1:1:1',
  ]);
});

test('an invoice with tax says so, with the tax id: the tax-invoice line', () => {
  const invoice = {
    number: 7,
    key: 'S-1:0',
    saleId: 'S-1',
    clientName: 'Ann',
    period: 0,
    dueDate: '2026-01-05',
    amountCents: 30000,
    paidCents: 0,
    status: 'open' as const,
  };
  expect(
    taxLine({ ...invoice, netCents: 27273, taxCents: 2727 }, { taxName: 'GST', taxId: 'ABN 12 345 678 901' }),
  ).toBe('Tax invoice (ABN 12 345 678 901): $272.73 + GST $27.27 = $300.00');
  expect(taxLine(invoice, { taxName: 'GST', taxId: 'ABN 1' })).toBe('');
  expect(taxLine({ ...invoice, netCents: 30000, taxCents: 0 }, { taxName: 'GST', taxId: '' })).toBe('');
});

test('an invoice email after part of it was paid says so, and a {tax} line with no tax leaves no gap (issue 31, item 25)', () => {
  const state = studio('2026-01-19');
  const paid = {
    ...state,
    invoices: state.invoices.map((i) =>
      i.key === 'S-1:2' ? { ...i, paidCents: 2000, status: 'part-paid' as const } : i,
    ),
  };
  const plan = planEmails(input(paid, '2026-01-19'));
  const email = plan.messages.find((m) => m.key === 'invoice:S-1:2');
  const inv = paid.invoices.find((i) => i.key === 'S-1:2') as (typeof paid.invoices)[number];
  const left = inv.amountCents - 2000;
  const money = (c: number) => `$${(c / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
  expect(email?.text).toContain(
    `${money(inv.amountCents)} ($20.00 paid, ${money(left)} left to pay), due Mon 19 Jan 2026.`,
  );
  // No tax set: the {tax} line is gone, not an empty line between two paragraphs.
  expect(email?.text).not.toMatch(/\n\n\n/);
  expect(email?.html).not.toContain('<br><br><br>');
});
