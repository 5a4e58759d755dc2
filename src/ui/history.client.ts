/**
 * "Adjustments history": per client and sale, every allocation, use, reset, cap, expiry and correction
 * with its date and running balance; a manual correction with a required reason; pausing a sale (a
 * holiday, an injury) from a date for some weeks; cancelling a sale from a date.
 */

import type { Adjustment, ArgOf, OkOf, SaleSummary } from '../contract';
import { SALE_STATUS_CHOICES } from '../domain/sale';
import { counted } from '../domain/words';
import { focusOnOpen, h, root, show } from './client/dom';
import { button, dateError, dateToSend, Form, input, select, whileBusy } from './client/form';
import { formatMoney, longDate, sessions, todayIso } from './client/format';
import { call, newRequestId } from './client/rpc';

/** What the history shows: getAdjustments' answer for one client. */
type History = OkOf<'getAdjustments'>;

const TYPE_LABELS: Record<Adjustment['type'], string> = {
  allocate: 'Allocated',
  use: 'Used',
  reset: 'Reset',
  cap: 'Capped',
  expire: 'Expired',
  correct: 'Correction',
  pause: 'Paused',
  carry: 'Brought forward',
  change: 'Package changed',
};
const STATUS_LABELS = Object.fromEntries(SALE_STATUS_CHOICES.map((c) => [c.value, c.label]));

const top = new Form();
const client = select([['', 'Loading clients…']]);
const sale = select([['', 'All sales']]);
const saleField = top.field('saleId', 'Sale', sale);
const historyBox = h('div', { 'aria-live': 'polite' });

// Correction
const correction = new Form();
const corrSessions = input({ inputmode: 'numeric', placeholder: 'e.g. 1 or -1' });
const corrReason = h('textarea', { maxlength: 500 });
const corrDate = input({ type: 'date', value: todayIso() });
const corrButton = h('button', { type: 'submit', class: 'action' }, 'Correct');
// Shown when the server asks for it: a correction below zero, or of more than a few periods' sessions.
const corrConfirm = h('input', { type: 'checkbox' });
const corrConfirmBox = h(
  'div',
  { hidden: true },
  h('label', { class: 'choice' }, corrConfirm, h('span', {}, 'Confirm: record this correction')),
);
// What the typed correction will leave, before it is sent.
const corrLeaves = h('p', { class: 'muted', 'aria-live': 'polite' });
let corrRequest = newRequestId('correct');
// A changed correction is a new one: only an unchanged resubmission may be answered as a retry.
for (const control of [corrSessions, corrReason, corrDate]) {
  control.addEventListener('input', () => {
    corrRequest = newRequestId('correct');
  });
}
const correctionForm = h(
  'form',
  { novalidate: true, 'aria-labelledby': 'correct-title' },
  h('h2', { id: 'correct-title' }, 'Correct the balance'),
  correction.field('sessions', 'Sessions (+ to add, − to remove)', corrSessions),
  corrLeaves,
  correction.field('reason', 'Reason (required)', corrReason, 'Shown in the history and on the Adjustments tab.'),
  correction.field('date', 'Date', corrDate),
  correction.slot('confirm', corrConfirm),
  corrConfirmBox,
  correction.notice,
  h('div', { class: 'buttons' }, corrButton),
);

// Pause (one sale; many at once from "Pause selected sales…")
const pause = new Form();
const pauseFrom = input({ type: 'date', value: todayIso() });
const pauseWeeks = input({ type: 'number', min: 1, max: 52, value: 1 });
const pauseButton = h('button', { type: 'submit' }, 'Pause sale');
const pauseForm = h(
  'form',
  { novalidate: true, 'aria-labelledby': 'pause-title' },
  h('h2', { id: 'pause-title' }, 'Pause the sale'),
  pause.field('from', 'Pause from', pauseFrom, 'No invoice or sessions fall due from this day…'),
  pause.field('weeks', 'For (weeks)', pauseWeeks, '…for this many weeks; later due dates move by as much.'),
  pause.notice,
  h('div', { class: 'buttons' }, pauseButton),
);

// Cancellation
const cancel = new Form();
const cancelDate = input({ type: 'date', value: todayIso() });
const cancelConfirm = h('div', { hidden: true });
const cancelButton = h('button', { type: 'submit' }, 'Cancel sale…');
const cancelForm = h(
  'form',
  { novalidate: true, 'aria-labelledby': 'cancel-title' },
  h('h2', { id: 'cancel-title' }, 'Cancel the sale'),
  cancel.field('date', 'Cancel from', cancelDate, 'No invoice due on or after this date is created.'),
  cancelConfirm,
  cancel.notice,
  h('div', { class: 'buttons' }, cancelButton),
);
// Sharing (a family, a couple: others check in against the sale's balance)
const share = new Form();
const shareWith = h('select', { multiple: true, size: 4 });
const shareButton = h('button', { type: 'submit' }, 'Save sharing');
const shareForm = h(
  'form',
  { novalidate: true, 'aria-labelledby': 'share-title' },
  h('h2', { id: 'share-title' }, 'Share the sale'),
  share.field(
    'clientIds',
    'Shared with',
    shareWith,
    'Ctrl-click (⌘-click on a Mac) to choose several. They check in against this balance; the history shows who used what. Choose none to stop sharing.',
  ),
  share.notice,
  h('div', { class: 'buttons' }, shareButton),
);
let allClients: { id: string; name: string }[] = [];

// Change of package (from a due date not billed yet)
const change = new Form();
const changeTo = select([['', 'Loading packages…']]);
const changeFrom = input({ type: 'date' });
const changeCarry = select(
  [
    ['all', 'Carry over all unused sessions'],
    ['none', 'Unused sessions lapse'],
    ['up', 'Carry over up to…'],
  ],
  'all',
);
const changeUpTo = input({ inputmode: 'numeric', placeholder: 'e.g. 4' });
const changeButton = h('button', { type: 'submit' }, 'Change package');
const changeForm = h(
  'form',
  { novalidate: true, 'aria-labelledby': 'change-title' },
  h('h2', { id: 'change-title' }, 'Change package'),
  change.field('packageId', 'New package', changeTo),
  change.field('fromDate', 'From the period due on', changeFrom, 'A due date not billed yet: no proration.'),
  change.field('carry', 'Unused sessions (Add packages)', changeCarry, 'Reset sessions lapse as usual.'),
  change.field('carryUpTo', 'Up to (sessions)', changeUpTo),
  change.notice,
  h('div', { class: 'buttons' }, changeButton),
);

// Email statement (to the chosen client, now)
const statement = new Form();
const statementButton = h('button', { type: 'button' }, 'Email statement');
let statementRequest = newRequestId('statement');
const statementBox = h(
  'section',
  { 'aria-labelledby': 'statement-title' },
  h('h2', { id: 'statement-title' }, 'Email a statement'),
  h(
    'p',
    { class: 'help' },
    'Each active package: sessions left, when the next come, when unused ones lapse, what is owed.',
  ),
  statement.notice,
  h('div', { class: 'buttons' }, statementButton),
);

const actions = h('div', { hidden: true }, correctionForm, pauseForm, shareForm, changeForm, cancelForm);

let salesOfClient: SaleSummary[] = [];

function saleLabel(s: SaleSummary): string {
  return `${s.id} · ${s.packageName} (${STATUS_LABELS[s.status]})`;
}

async function loadClients(): Promise<void> {
  const reply = await call('listClients');
  if (!reply.ok) {
    top.showFailure(reply);
    return;
  }
  const clients = reply.clients.slice().sort((a, b) => a.name.localeCompare(b.name));
  allClients = clients;
  show(
    client,
    h('option', { value: '' }, clients.length ? 'Choose a client…' : 'No clients yet'),
    ...clients.map((c) => h('option', { value: c.id }, c.name)),
  );
}

/** Loads the chosen client's sales (keeping the chosen sale) and the history. */
async function loadHistory(): Promise<void> {
  top.clear();
  statementBox.hidden = !client.value;
  if (!client.value) {
    saleField.hidden = true;
    actions.hidden = true;
    show(historyBox, h('p', { class: 'muted' }, 'Choose a client to see their sessions.'));
    return;
  }
  show(historyBox, h('p', { class: 'muted' }, 'Loading…'));
  const reply = await call('getAdjustments', { clientId: client.value });
  if (!reply.ok) {
    show(historyBox);
    top.showFailure(reply);
    return;
  }
  salesOfClient = reply.sales;
  const chosen = sale.value;
  show(
    sale,
    ...(salesOfClient.length > 1 ? [h('option', { value: '' }, 'All sales')] : []),
    ...salesOfClient.map((s) => h('option', { value: s.id }, saleLabel(s))),
  );
  sale.value = salesOfClient.some((s) => s.id === chosen) ? chosen : (sale.options[0]?.value ?? '');
  saleField.hidden = salesOfClient.length === 0;
  renderHistory(reply);
}

/** The sale the action forms were last filled for, and the one shown now. */
let formsSale: string | null = null;
let shownSale: History['sales'][number] | undefined;

function renderHistory(data: History): void {
  const shown = data.sales.filter((s) => !sale.value || s.id === sale.value);
  actions.hidden = !sale.value || !shown.length;
  showLeaves();
  const current = shown[0];
  if (current) {
    cancelButton.disabled = current.status !== 'active';
    pauseButton.disabled = current.status !== 'active';
    changeButton.disabled = current.status !== 'active';
    // Another sale shown: its own next due date, never the date the last sale's form held.
    if (current.id !== formsSale) {
      formsSale = current.id;
      changeFrom.value = current.nextDueDate ?? '';
      closeCancelConfirm();
    }
    shownSale = current;
    const shared = new Set(current.sharedWith.map((p) => p.id));
    show(
      shareWith,
      ...allClients
        .filter((c) => c.id !== current.clientId)
        .map((c) => h('option', { value: c.id, selected: shared.has(c.id) }, c.name)),
    );
  }
  if (!shown.length) {
    show(historyBox, h('p', { class: 'muted' }, 'This client has no sales yet.'));
    return;
  }
  show(
    historyBox,
    ...data.problems.map((p) => h('div', { class: 'notice' }, p)),
    ...shown.map((s) =>
      saleCard(
        s,
        data.adjustments.filter((a) => a.saleId === s.id),
      ),
    ),
  );
}

/** One sale: its status and balance, then its ledger rows with their running balance. */
function saleCard(s: History['sales'][number], rows: History['adjustments']): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-label': `Sale ${s.id}` },
    h('h3', {}, `${s.packageName}`),
    h(
      'div',
      { class: 'meta' },
      `${s.id} · ${STATUS_LABELS[s.status]} · from ${longDate(s.startDate)}`,
      s.endDate ? ` · cancelled from ${longDate(s.endDate)}` : '',
    ),
    h('div', { class: s.balance <= 0 ? 'balance zero' : 'balance' }, sessions(s.balance), ' left'),
    s.outstandingCents > 0 ? h('div', { class: 'meta owed' }, `Owes ${formatMoney(s.outstandingCents)}`) : null,
    s.usage.length
      ? h('div', { class: 'meta shared' }, `Used by: ${s.usage.map((p) => `${p.name} ${p.used}`).join(', ')}`)
      : null,
    rows.length ? ledgerTable(rows) : h('p', { class: 'muted' }, 'No adjustments yet.'),
  );
}

function ledgerTable(rows: History['adjustments']): HTMLElement {
  const head = h(
    'tr',
    {},
    h('th', {}, 'Date'),
    h('th', {}, 'What'),
    h('th', { class: 'num' }, '±'),
    h('th', { class: 'num' }, 'Balance'),
  );
  return h(
    'table',
    {},
    h('thead', {}, head),
    h(
      'tbody',
      {},
      ...rows.map((a) =>
        h(
          'tr',
          { 'data-type': a.type },
          h('td', { class: 'date' }, longDate(a.date)),
          h('td', {}, TYPE_LABELS[a.type] ?? a.type, a.note ? h('div', { class: 'note' }, a.note) : null),
          h('td', { class: 'num' }, a.sessions > 0 ? `+${a.sessions}` : String(a.sessions)),
          h('td', { class: 'num' }, String(a.balance)),
        ),
      ),
    ),
  );
}

/** The typed correction as a number of sessions (null unless a whole number other than 0). */
function typedSessions(): number | null {
  const text = corrSessions.value.trim().replace(/^−/, '-');
  return /^[+-]?\d+$/.test(text) && Number(text) !== 0 ? Number(text) : null;
}

/** "Leaves 4 sessions (6 now)" under the field, as the owner types. */
function showLeaves(): void {
  const n = typedSessions();
  const current = salesOfClient.find((s) => s.id === sale.value);
  corrLeaves.textContent =
    n === null || !current ? '' : `Leaves ${sessions(current.balance + n)} (${sessions(current.balance)} now).`;
  corrLeaves.className = n !== null && current && current.balance + n < 0 ? 'notice' : 'muted';
}
corrSessions.addEventListener('input', () => {
  showLeaves();
  // A new amount is confirmed again if it needs it.
  corrConfirm.checked = false;
  corrConfirmBox.hidden = true;
});

correctionForm.addEventListener('submit', (e) => {
  e.preventDefault();
  void whileBusy(corrButton, 'Saving…', async () => {
    correction.clear();
    const n = typedSessions();
    const errors = [
      n === null ? { field: 'sessions', message: 'Type a whole number of sessions other than 0, like 1 or -1.' } : null,
      !corrReason.value.trim()
        ? { field: 'reason', message: 'Say why: the reason is kept with the correction.' }
        : null,
      dateError(corrDate, 'date', false),
    ].filter((x): x is { field: string; message: string } => x !== null);
    if (errors.length || n === null) {
      correction.showErrors(errors);
      correction.focus(errors[0].field);
      return;
    }
    const reply = await call('correctSessions', {
      saleId: sale.value,
      date: dateToSend(corrDate, false),
      sessions: n,
      reason: corrReason.value.trim(),
      confirm: corrConfirm.checked,
      requestId: corrRequest,
    });
    if (!reply.ok) {
      const first = correction.showFailure(reply);
      if (reply.errors.some((x) => x.field === 'confirm')) {
        corrConfirmBox.hidden = false;
        corrConfirm.focus();
      } else if (first) correction.focus(first.field);
      return;
    }
    corrRequest = newRequestId('correct');
    corrSessions.value = '';
    corrReason.value = '';
    corrLeaves.textContent = '';
    corrConfirm.checked = false;
    corrConfirmBox.hidden = true;
    await loadHistory();
    correction.message(`Corrected: the balance is now ${sessions(reply.balance)}.`, 'ok');
  });
});

pauseForm.addEventListener('submit', (e) => {
  e.preventDefault();
  pause.clear();
  void whileBusy(pauseButton as HTMLButtonElement, 'Pausing…', async () => {
    const weeks = Number(pauseWeeks.value);
    const reply = await call('pauseSale', { saleId: sale.value, from: pauseFrom.value, weeks });
    if (!reply.ok) {
      const first = pause.showFailure(reply);
      if (first) pause.focus(first.field);
      return;
    }
    await loadHistory();
    pause.message(
      `Paused from ${longDate(pauseFrom.value)} for ${counted(weeks, 'week', 'weeks')}: later due dates move by as much.`,
      'ok',
    );
  });
});

/** The confirmation hidden, the form's own button back (never three buttons at once). */
function closeCancelConfirm(): void {
  cancelConfirm.hidden = true;
  cancelButton.hidden = false;
}
// A new date: the question asked about the old one goes.
cancelDate.addEventListener('input', closeCancelConfirm);
cancelDate.addEventListener('change', closeCancelConfirm);

cancelForm.addEventListener('submit', (e) => {
  e.preventDefault();
  cancel.clear();
  if (!cancelDate.value) {
    cancel.showErrors([{ field: 'date', message: 'Choose the date the sale ends.' }]);
    return;
  }
  // Refused before the question, as the server would refuse it after (src/domain/sale.ts cancelSale).
  if (shownSale && cancelDate.value <= shownSale.startDate) {
    cancel.showErrors([
      { field: 'date', message: `Cancel date must be after the start date ${longDate(shownSale.startDate)}.` },
    ]);
    cancel.focus('date');
    return;
  }
  const confirm = button(
    'Cancel sale',
    () => {
      void whileBusy(confirm as HTMLButtonElement, 'Cancelling…', async () => {
        const reply = await call('cancelSale', { saleId: sale.value, date: cancelDate.value });
        closeCancelConfirm();
        if (!reply.ok) {
          const first = cancel.showFailure(reply);
          if (first) cancel.focus(first.field);
          return;
        }
        await loadHistory();
        // The package's commitment may end it later than asked: the server says so.
        cancel.message(reply.moved ?? `Cancelled from ${longDate(cancelDate.value)}.`, 'ok');
      });
    },
    'create',
  );
  show(
    cancelConfirm,
    h(
      'div',
      { class: 'notice busy', role: 'alert' },
      `Cancel ${sale.value} from ${longDate(cancelDate.value)}? No invoice due on or after that date will be created; invoices already created stay.`,
    ),
    h(
      'div',
      { class: 'buttons' },
      confirm,
      button('Keep the sale', () => {
        closeCancelConfirm();
        cancelButton.focus();
      }),
    ),
  );
  cancelConfirm.hidden = false;
  cancelButton.hidden = true;
  confirm.focus();
});

async function loadPackages(): Promise<void> {
  const reply = await call('listPackages');
  if (!reply.ok) return;
  show(
    changeTo,
    h('option', { value: '' }, 'Choose a package…'),
    ...reply.packages.map((p) => h('option', { value: p.id }, p.name)),
  );
}

const showUpTo = () =>
  (changeUpTo.closest('.field') as HTMLElement | null)?.toggleAttribute('hidden', changeCarry.value !== 'up');
changeCarry.addEventListener('change', showUpTo);
showUpTo();

changeForm.addEventListener('submit', (e) => {
  e.preventDefault();
  change.clear();
  void whileBusy(changeButton, 'Changing…', async () => {
    // "Up to" takes the number typed (a blank or a word is asked for here: it never becomes "all").
    const upTo = changeCarry.value === 'up';
    const typed = changeUpTo.value.trim();
    if (upTo && !/^\d+$/.test(typed)) {
      change.showErrors([{ field: 'carryUpTo', message: 'Type how many sessions to carry over, like 4.' }]);
      change.focus('carryUpTo');
      return;
    }
    const carry: ArgOf<'changePackage'>['carry'] = upTo ? Number(typed) : changeCarry.value === 'none' ? 'none' : 'all';
    const reply = await call('changePackage', {
      saleId: sale.value,
      packageId: changeTo.value,
      fromDate: changeFrom.value,
      carry,
    });
    if (!reply.ok) {
      // The server's words about the number carried go under the number.
      const errors = reply.errors.map((e) => (upTo && e.field === 'carry' ? { ...e, field: 'carryUpTo' } : e));
      const first = change.showFailure({ ...reply, errors });
      if (first) change.focus(first.field);
      return;
    }
    changeFrom.value = '';
    await loadHistory();
    change.message(
      `From ${longDate(reply.sale.from)}: ${reply.sale.packageName}. The history shows the change on that day.`,
      'ok',
    );
  });
});

statementButton.addEventListener('click', () => {
  statement.clear();
  void whileBusy(statementButton, 'Sending…', async () => {
    const reply = await call('emailStatement', { clientId: client.value, requestId: statementRequest });
    if (!reply.ok) return void statement.showFailure(reply);
    statementRequest = newRequestId('statement'); // the next click is a new statement
    const said =
      reply.status === 'sent' ? `Statement sent to ${reply.to}.` : `Not sent (${reply.status}): see the Email Log tab.`;
    statement.message(said, reply.status === 'sent' ? 'ok' : 'notice');
  });
});

shareForm.addEventListener('submit', (e) => {
  e.preventDefault();
  share.clear();
  void whileBusy(shareButton, 'Saving…', async () => {
    const clientIds = [...shareWith.selectedOptions].map((o) => o.value);
    const reply = await call('shareSale', { saleId: sale.value, clientIds });
    if (!reply.ok) {
      const first = share.showFailure(reply);
      if (first) share.focus(first.field);
      return;
    }
    await loadHistory();
    const names = reply.sale.sharedWith.map((p) => p.name);
    share.message(names.length ? `Shared with ${names.join(', ')}.` : 'No longer shared.', 'ok');
  });
});

client.addEventListener('change', () => {
  sale.value = '';
  void loadHistory();
});
sale.addEventListener('change', () => {
  correction.clear();
  pause.clear();
  cancel.clear();
  closeCancelConfirm();
  void loadHistory();
});

saleField.hidden = true;
statementBox.hidden = true;
show(root(), top.field('clientId', 'Client', client), saleField, top.notice, historyBox, statementBox, actions);
focusOnOpen(client);
void loadClients().then(loadHistory);
void loadPackages();
