/**
 * "Pause selected sales": the sales selected in the Sales tab (or typed), a start date and a number of
 * weeks. Nothing falls due inside the pause; every later due date moves by its length.
 */

import { counted } from '../domain/words';
import { focusOnOpen, h, root, show } from './client/dom';
import { Form, input, whileBusy } from './client/form';
import { todayIso } from './client/format';
import { call } from './client/rpc';

const form = new Form();
const ids = h('textarea', { rows: 3, placeholder: 'S-1, S-2, …' });
const from = input({ type: 'date', value: todayIso() });
const weeks = input({ type: 'number', min: 1, max: 52, value: 2 });
const result = h('div', { role: 'status' });
const go = h('button', { type: 'submit', class: 'action' }, 'Pause');

async function submit(e: Event): Promise<void> {
  e.preventDefault();
  await whileBusy(go, 'Pausing…', async () => {
    form.clear();
    show(result);
    const saleIds = ids.value
      .split(/[\s,;]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const reply = await call('pauseSales', { saleIds, from: from.value, weeks: Number(weeks.value) });
    if (!reply.ok) {
      form.showFailure(reply);
      return;
    }
    showResult(reply.paused, reply.skipped);
  });
}

type Done = { saleId: string; note: string };
type Skip = { saleId: string; reason: string };

/** What was paused (green) and what was not, with why (red when nothing was paused at all). */
function showResult(paused: Done[], skipped: Skip[]): void {
  const head = paused.length
    ? h('div', { class: 'ok' }, `Paused ${counted(paused.length, 'sale', 'sales')}.`)
    : h(
        'div',
        { class: 'notice' },
        `Nothing was paused: ${skipped.length === 1 ? 'the sale' : 'each sale'} was skipped.`,
      );
  show(
    result,
    head,
    ...paused.slice(0, 20).map((p) => h('div', { class: 'meta' }, `${p.saleId}: ${p.note}`)),
    paused.length && skipped.length
      ? h('div', { class: 'notice' }, `Skipped ${counted(skipped.length, 'sale', 'sales')}:`)
      : null,
    ...skipped.map((s) => h('div', { class: 'meta' }, `${s.saleId}: ${s.reason}`)),
  );
}

async function load(): Promise<void> {
  const reply = await call('getSelectedSales');
  if (reply.ok) ids.value = reply.saleIds.join(', ');
  else form.message(`${reply.errors[0]?.message ?? ''} Or type the sale ids in the Sales box.`, 'help');
}

const el = h(
  'form',
  { novalidate: true, 'aria-label': 'Pause sales' },
  form.field('saleIds', 'Sales', ids, 'The rows selected in the Sales tab; edit the list if you like.'),
  form.field('from', 'Pause from', from, 'No invoice or sessions fall due from this day…'),
  form.field('weeks', 'For (weeks)', weeks, '…for this many weeks; later due dates move by as much.'),
  form.notice,
  result,
  h('div', { class: 'buttons' }, go),
);
el.addEventListener('submit', (e) => void submit(e));
show(root(), el);
focusOnOpen(ids);
void load();
