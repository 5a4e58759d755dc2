/**
 * Client email (issue 16), the pure part: templates and their placeholders, escaping, and which messages
 * a day's run plans (once per key; skipped for no address or opted out; reminders spaced and capped).
 */
import {
  DEFAULT_TEMPLATES,
  type EmailInput,
  escapeHtml,
  type MessageKind,
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
    reminderSpacingDays: 7,
    monthlyStatements: false,
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

test('overdue reminders: after the grace days, at most 2, 7 days apart', () => {
  const state = studio('2026-01-05');
  const on = (today: string, log = new Map<string, { status: string; date: string }>()) =>
    planEmails(input(state, today, { log }))
      .messages.filter((m) => m.kind === 'reminder')
      .map((m) => m.key);
  expect(on('2026-01-12')).toEqual([]); // 7 days: still in its grace
  expect(on('2026-01-13')).toEqual(['reminder:S-1:0:1']);
  const first = new Map([['reminder:S-1:0:1', { status: 'sent', date: '2026-01-13' }]]);
  expect(on('2026-01-19', first)).toEqual([]);
  expect(on('2026-01-20', first)).toEqual(['reminder:S-1:0:2']);
  const both = new Map([...first, ['reminder:S-1:0:2', { status: 'sent', date: '2026-01-20' }]]);
  expect(on('2026-02-20', both)).toEqual([]);
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
