/**
 * "Record payment": pick a client, see what they owe invoice by invoice, record a payment (cash, card,
 * transfer, other) against one. The client's outstanding balance updates after each payment.
 */
import type { ArgOf, Invoice } from '../contract';
import { PAYMENT_METHOD_CHOICES } from '../domain/records';
import { counted } from '../domain/words';
import { focusOnOpen, h, root, show } from './client/dom';
import { Confirmation, dateError, dateToSend, Form, input, select, whileBusy } from './client/form';
import { formatMoney, longDate, parseMoney, todayIso } from './client/format';
import { call, newRequestId } from './client/rpc';

const form = new Form();
const client = select([['', 'Loading clients…']]);
const owed = h('div', { class: 'balance', 'aria-live': 'polite' });
const invoice = select([['', 'Pick a client first']]);
const amount = input({ inputmode: 'decimal', placeholder: '0.00' });
const method = select(
  PAYMENT_METHOD_CHOICES.map((c): [string, string] => [c.value, c.label]),
  'card',
);
const date = input({ type: 'date', value: todayIso() });
const result = h('div', { role: 'status' });
const save = h('button', { type: 'submit', class: 'action' }, 'Record payment');
// Asked when the server asks it: a payment dated before its invoice was made.
const confirm = new Confirmation(form, 'Confirm: record this payment with this date', [date]);
let invoices: Invoice[] = [];
let requestId = newRequestId('pay');

const due = (i: Invoice) => i.amountCents - i.paidCents;

async function loadInvoices(): Promise<void> {
  show(invoice, h('option', { value: '' }, 'Loading…'));
  show(owed);
  if (!client.value) return;
  const reply = await call('listInvoices', { clientId: client.value });
  if (!reply.ok) {
    form.showFailure(reply);
    return;
  }
  invoices = reply.invoices.filter((i) => i.status === 'open' || i.status === 'part-paid').reverse();
  const total = invoices.reduce((t, i) => t + due(i), 0);
  show(
    owed,
    total > 0 ? `Owes ${formatMoney(total)} on ${counted(invoices.length, 'invoice', 'invoices')}` : 'Nothing owed',
  );
  show(
    invoice,
    ...(invoices.length
      ? invoices.map((i) =>
          h(
            'option',
            { value: String(i.number) },
            `#${i.number} due ${longDate(i.dueDate)}: ${formatMoney(due(i))} to pay`,
          ),
        )
      : [h('option', { value: '' }, 'No open invoices')]),
  );
  fillAmount();
}

function fillAmount(): void {
  const chosen = invoices.find((i) => String(i.number) === invoice.value);
  amount.value = chosen ? (due(chosen) / 100).toFixed(2) : '';
  requestId = newRequestId('pay');
}

async function submit(e: Event): Promise<void> {
  e.preventDefault();
  await whileBusy(save, 'Recording…', async () => {
    form.clear();
    show(result);
    const cents = parseMoney(amount.value);
    const missing = [
      !client.value && { field: 'clientId', message: 'Choose the client who paid.' },
      client.value && !invoice.value && { field: 'invoiceNo', message: 'Choose the invoice this pays.' },
      // The amount follows the invoice chosen: without a client, the client is all there is to ask for.
      client.value && cents === null && { field: 'amount', message: 'Type the amount paid, like 120 or 120.50.' },
      dateError(date, 'date', true),
    ].filter((e): e is { field: string; message: string } => !!e);
    if (missing.length || cents === null) {
      const first = form.showErrors(missing);
      if (first) form.focus(first.field);
      return;
    }
    const reply = await call('recordPayment', {
      invoiceNo: Number(invoice.value),
      amount: cents,
      // One of the choices the select offers (the server refuses anything else).
      method: method.value as ArgOf<'recordPayment'>['method'],
      date: dateToSend(date, true), // untouched: the server's today
      confirm: confirm.checked,
      requestId,
    });
    if (!reply.ok) {
      form.showFailure(reply);
      confirm.askIf(reply);
      return;
    }
    confirm.reset();
    const left = due(reply.invoice);
    show(
      result,
      h(
        'div',
        { class: 'ok' },
        `Recorded ${formatMoney(cents)} on invoice #${reply.invoice.number}: ${left > 0 ? `${formatMoney(left)} left to pay` : 'paid in full'}.`,
      ),
    );
    await loadInvoices();
  });
}

async function load(): Promise<void> {
  const reply = await call('listClients');
  if (!reply.ok) {
    form.showFailure(reply);
    return;
  }
  const clients = reply.clients.slice().sort((a, b) => a.name.localeCompare(b.name));
  show(
    client,
    h('option', { value: '' }, 'Choose a client'),
    ...clients.map((c) => h('option', { value: c.id }, c.name)),
  );
}

client.addEventListener('change', () => void loadInvoices());
date.addEventListener('input', () => {
  date.dataset.touched = '1';
});
invoice.addEventListener('change', fillAmount);
const el = h(
  'form',
  { novalidate: true, 'aria-label': 'Record payment' },
  form.field('clientId', 'Client', client),
  owed,
  form.field('invoiceNo', 'Invoice', invoice, 'Open and part-paid invoices, oldest first.'),
  form.field('amount', 'Amount', amount, 'Dollars and cents; at most what is left to pay.'),
  form.field('method', 'Method', method),
  form.field('date', 'Date paid', date),
  ...confirm.elements,
  form.notice,
  result,
  h('div', { class: 'buttons' }, save),
);
el.addEventListener('submit', (e) => void submit(e));
show(root(), el);
focusOnOpen(client);
void load();
