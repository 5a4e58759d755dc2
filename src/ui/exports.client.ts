/**
 * "Export for accounting": a date range (last calendar month by default), then the three export tabs
 * (Xero Invoices, Xero Payments, QuickBooks Invoices) rewritten for it, ready for File › Download › CSV.
 */
import { lastMonth } from '../domain/dates';
import { focusOnOpen, h, root, show } from './client/dom';
import { Form, input, whileBusy } from './client/form';
import { todayIso } from './client/format';
import { call } from './client/rpc';

const form = new Form();
const month = lastMonth(todayIso());
const from = input({ type: 'date', value: month.from });
const to = input({ type: 'date', value: month.to });
const result = h('div', { role: 'status' });
const go = h('button', { type: 'submit', class: 'action' }, 'Export');

async function submit(e: Event): Promise<void> {
  e.preventDefault();
  await whileBusy(go, 'Exporting…', async () => {
    form.clear();
    show(result);
    const reply = await call('exportForAccounting', { from: from.value, to: to.value });
    if (!reply.ok) {
      form.showFailure(reply);
      return;
    }
    const { summary } = reply;
    show(
      result,
      h('div', { class: summary.archive === 'incomplete' ? 'notice' : 'ok' }, summary.message),
      h('p', { class: 'note' }, 'Open each tab, then File › Download › Comma-separated values (.csv), and import it.'),
    );
  });
}

const el = h(
  'form',
  { novalidate: true, 'aria-label': 'Export for accounting' },
  h(
    'p',
    { class: 'lead' },
    'Invoices and payments of these days, in the import layouts of Xero and QuickBooks Online.',
  ),
  form.field('from', 'From', from, 'Invoices made and payments received on or after this day…'),
  form.field('to', 'To', to, '…and on or before this day.'),
  form.notice,
  result,
  h('div', { class: 'buttons' }, go),
);
el.addEventListener('submit', (e) => void submit(e));
show(root(), el);
focusOnOpen(from);
