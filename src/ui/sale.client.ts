/**
 * "Sell package": client (pick one or add a new one), package, Package Start Date, and a preview of the
 * first invoice, the first allocation and the next three due dates before confirming. After the sale:
 * the invoice number and the client's balance. One request id per submission makes a double click safe.
 */
import type { Client, PackageView, SalePreview, SaleReceipt } from '../contract';
import { focusOnOpen, h, root, show } from './client/dom';
import { button, Confirmation, Form, input, select, whileBusy } from './client/form';
import { formatMoney, longDate, sessions, todayIso } from './client/format';
import { call, newRequestId } from './client/rpc';

const NEW = '__new__';
const form = new Form();
let clients: Client[] = [];
let packages: PackageView[] = [];
/** One id per intended sale: kept across retries of the same form, renewed when the form changes. */
let requestId = newRequestId('sale');

const client = select([['', 'Loading clients…']]);
const newName = input({ autocomplete: 'off', maxlength: 100 });
const newEmail = input({ type: 'email', autocomplete: 'off' });
const newPhone = input({ type: 'tel', autocomplete: 'off' });
// Asked when the server asks it: another client has this name or email.
const confirmNew = new Confirmation(form, 'Confirm: add them as someone new', [newName, newEmail]);
const newClient = h(
  'fieldset',
  { hidden: true },
  h('legend', {}, 'New client'),
  form.field('name', 'Name', newName),
  form.field('email', 'Email (optional)', newEmail),
  form.field('phone', 'Phone (optional)', newPhone),
  ...confirmNew.elements,
);
const pkg = select([['', 'Loading packages…']]);
const packageHelp = h('span', {}, 'What the client buys.');
const startDate = input({ type: 'date', value: todayIso(), required: true });
const preview = h('div', { class: 'summary', 'aria-live': 'polite', hidden: true });
const sell = h('button', { type: 'submit', class: 'action' }, 'Sell package');
const done = h('div', { hidden: true });
const saleForm = h(
  'form',
  { novalidate: true },
  form.field('clientId', 'Client', client),
  newClient,
  form.field('packageId', 'Package', pkg, packageHelp),
  form.field('startDate', 'Package Start Date', startDate, 'The first invoice falls due on this date.'),
  h('h2', {}, 'Preview'),
  preview,
  form.notice,
  h('div', { class: 'buttons' }, sell),
);

function clientOptions(selected: string): void {
  show(
    client,
    h('option', { value: '' }, 'Choose a client…'),
    ...clients.map((c) => h('option', { value: c.id }, c.name)),
    h('option', { value: NEW }, '+ Add a new client'),
  );
  client.value = selected;
}

let previewSeq = 0;
async function refreshPreview(): Promise<void> {
  const seq = ++previewSeq;
  const chosen = packages.find((p) => p.id === pkg.value);
  show(packageHelp, chosen ? chosen.description : 'What the client buys.');
  if (!pkg.value || !startDate.value) {
    preview.hidden = false;
    show(preview, h('span', { class: 'muted' }, 'Choose a package and a start date to see the first invoice.'));
    return;
  }
  const reply = await call('previewSale', { packageId: pkg.value, startDate: startDate.value });
  if (seq !== previewSeq) return;
  preview.hidden = false;
  if (!reply.ok) {
    show(preview, ...reply.errors.map((e) => h('div', { class: 'error' }, e.message)));
    return;
  }
  show(preview, ...describePreview(reply.preview));
}

/** Invoices a past-start warning lists one by one; past this, the first three, "… N more …" and the last two. */
const SHOWN_INVOICES = 6;

/** A start date in the past: what the sale creates at once, already due, said before Sell. */
function catchUp(p: SalePreview): HTMLElement | null {
  if (!p.atSale.pastStart) return null;
  const n = p.atSale.invoices.length;
  const total = p.atSale.invoices.reduce((sum, i) => sum + i.amountCents, 0);
  // A long list is cut to its first and last few: the count and the total say the rest.
  const shown =
    n > SHOWN_INVOICES ? [...p.atSale.invoices.slice(0, 3), null, ...p.atSale.invoices.slice(-2)] : p.atSale.invoices;
  return h(
    'div',
    { class: 'warning', id: 'catch-up', role: 'note' },
    h('strong', {}, 'The start date is in the past.'),
    ` Selling creates ${n === 1 ? 'its first invoice' : `${n} invoices`} at once, already due${n === 1 ? '' : `, ${formatMoney(total)} in all`}:`,
    h(
      'ul',
      { class: 'dates' },
      ...shown.map((i) =>
        i ? h('li', {}, `${formatMoney(i.amountCents)} due ${longDate(i.dueDate)}`) : h('li', {}, `… ${n - 5} more …`),
      ),
    ),
    h('div', {}, `The client then has ${sessions(p.atSale.balance)}.`),
  );
}

/** A start date after today: the sale still gives its first sessions now, said before Sell (README). */
function startsLater(p: SalePreview): HTMLElement | null {
  if (p.firstInvoice.dueDate <= p.firstAllocation.date) return null;
  return h(
    'div',
    { class: 'note', id: 'starts-later', role: 'note' },
    `Starts later, on ${longDate(p.firstInvoice.dueDate)}: the first invoice is made now and falls due then, and its ${sessions(p.firstAllocation.sessions)} can be used from today, ${longDate(p.firstAllocation.date)}.`,
  );
}

function describePreview(p: SalePreview): HTMLElement[] {
  const warning = catchUp(p) ?? startsLater(p);
  return [
    ...(warning ? [warning] : []),
    h(
      'dl',
      {},
      h('dt', {}, 'First invoice'),
      h('dd', {}, `${formatMoney(p.firstInvoice.amountCents)} due ${longDate(p.firstInvoice.dueDate)}`),
      h('dt', {}, 'First sessions'),
      h('dd', {}, `${sessions(p.firstAllocation.sessions)} on ${longDate(p.firstAllocation.date)}`),
      h('dt', {}, 'Next due'),
      h(
        'dd',
        {},
        p.nextDueDates.length
          ? h('ul', { class: 'dates' }, ...p.nextDueDates.map((d) => h('li', {}, longDate(d))))
          : 'No more invoices',
      ),
    ),
    // The package's terms in words show once, under the Package field.
  ];
}

/** The chosen client's id, adding the new client first when asked to. */
async function clientId(): Promise<string | null> {
  if (client.value !== NEW) return client.value;
  const reply = await call('saveClient', {
    name: newName.value.trim(),
    email: newEmail.value.trim(),
    phone: newPhone.value.trim(),
    confirm: confirmNew.checked,
  });
  if (!reply.ok) {
    form.showFailure(reply);
    confirmNew.askIf(reply);
    return null;
  }
  confirmNew.reset();
  // The client exists now: a retry sells to them instead of adding them twice.
  clients.push(reply.client);
  clients.sort((a, b) => a.name.localeCompare(b.name));
  clientOptions(reply.client.id);
  newClient.hidden = true;
  for (const i of [newName, newEmail, newPhone]) i.value = '';
  return reply.client.id;
}

async function submit(): Promise<void> {
  await whileBusy(sell, 'Selling…', async () => {
    form.clear();
    const missing = [
      !client.value && { field: 'clientId', message: 'Choose a client, or add a new one.' },
      !pkg.value && { field: 'packageId', message: 'Choose a package.' },
      !startDate.value && { field: 'startDate', message: 'Choose the date the first invoice falls due.' },
    ].filter((e): e is { field: string; message: string } => !!e);
    if (missing.length) {
      const first = form.showErrors(missing);
      if (first) form.focus(first.field);
      return;
    }
    const id = await clientId();
    if (!id) return;
    const reply = await call('sellPackage', {
      clientId: id,
      packageId: pkg.value,
      startDate: startDate.value,
      requestId,
    });
    if (!reply.ok) {
      const first = form.showFailure(reply);
      if (first) form.focus(first.field);
      return;
    }
    showReceipt(reply.receipt, clients.find((c) => c.id === id)?.name ?? id);
  });
}

function showReceipt(r: SaleReceipt, clientName: string): void {
  saleForm.hidden = true;
  const invoices = r.invoiceNumbers.map((n) => `#${n}`).join(', ');
  show(
    done,
    h(
      'div',
      { class: 'ok', role: 'status' },
      h('div', {}, h('strong', {}, `Sold to ${clientName}`), ` (sale ${r.saleId})`),
      h(
        'div',
        {},
        `Invoice ${invoices}: ${formatMoney(r.preview.firstInvoice.amountCents)} due ${longDate(r.preview.firstInvoice.dueDate)}`,
      ),
    ),
    h('dl', {}, h('dt', {}, 'Balance'), h('dd', { class: 'balance-text' }, sessions(r.balance))),
    h('p', { class: 'help' }, r.preview.description),
    h(
      'div',
      { class: 'buttons' },
      button('Sell another', () => restart(), 'action'),
      button('Close', () =>
        (window as unknown as { google?: { script?: { host?: { close(): void } } } }).google?.script?.host?.close(),
      ),
    ),
  );
  done.hidden = false;
  (done.querySelector('button') as HTMLButtonElement).focus();
}

function restart(): void {
  requestId = newRequestId('sale');
  done.hidden = true;
  saleForm.hidden = false;
  client.value = '';
  form.clear();
  client.focus();
}

for (const control of [client, pkg, startDate]) {
  control.addEventListener('change', () => {
    requestId = newRequestId('sale');
  });
}
client.addEventListener('change', () => {
  newClient.hidden = client.value !== NEW;
  if (!newClient.hidden) newName.focus();
});
pkg.addEventListener('change', () => void refreshPreview());
startDate.addEventListener('change', () => void refreshPreview());
saleForm.addEventListener('submit', (e) => {
  e.preventDefault();
  void submit();
});

async function load(): Promise<void> {
  const [c, p] = [await call('listClients'), await call('listPackages')];
  if (!c.ok) form.showFailure(c);
  else {
    clients = c.clients.slice().sort((a, b) => a.name.localeCompare(b.name));
    clientOptions('');
  }
  if (!p.ok) form.showFailure(p);
  else {
    packages = p.packages;
    show(
      pkg,
      h('option', { value: '' }, packages.length ? 'Choose a package…' : 'No packages yet: set one up first'),
      ...packages.map((x) => h('option', { value: x.id }, x.name)),
    );
  }
  await refreshPreview();
}

show(root(), saleForm, done);
focusOnOpen(client);
void load();
