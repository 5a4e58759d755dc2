/**
 * "Add or edit a client": a new client, or an existing one chosen from the list, with their name,
 * email, phone and whether they get the studio's emails. A name or email another client already has
 * (told apart only by case, accents or spaces) is said, and saved only once confirmed.
 */
import type { Client } from '../contract';
import { focusOnOpen, h, root, show } from './client/dom';
import { Confirmation, Form, input, select, whileBusy } from './client/form';
import { call } from './client/rpc';

const NEW = '';
const form = new Form();
let clients: Client[] = [];
/** The "No email" box as the client chosen had it. */
let noEmailWas = false;

const chosen = select([[NEW, 'Loading clients…']]);
const name = input({ autocomplete: 'off', maxlength: 100 });
const email = input({ type: 'email', autocomplete: 'off' });
const phone = input({ type: 'tel', autocomplete: 'off' });
const noEmail = h('input', { type: 'checkbox' });
// Asked when the server asks it: another client has this name or email.
const confirm = new Confirmation(form, 'Confirm: save this client as they are', [name, email]);
const save = h('button', { type: 'submit', class: 'action' }, 'Add client');
const result = h('div', { role: 'status' });

function options(selected: string): void {
  show(
    chosen,
    h('option', { value: NEW }, '+ A new client'),
    ...clients.map((c) => h('option', { value: c.id }, `${c.name} (${c.id})`)),
  );
  chosen.value = selected;
}

/** The form holds the client chosen (or is empty for a new one). */
function fill(): void {
  const c = clients.find((x) => x.id === chosen.value);
  name.value = c?.name ?? '';
  email.value = c?.email ?? '';
  phone.value = c?.phone ?? '';
  noEmail.checked = c?.noEmail === true;
  noEmailWas = noEmail.checked;
  form.clear();
  confirm.reset();
}

/** The button says what it does: add a new client, or save the one chosen. */
function label(): void {
  save.textContent = chosen.value === NEW ? 'Add client' : 'Save changes';
}

async function submit(e: Event): Promise<void> {
  e.preventDefault();
  await whileBusy(save, 'Saving…', async () => {
    form.clear();
    show(result);
    const editing = chosen.value !== NEW;
    const reply = await call('saveClient', {
      ...(editing ? { id: chosen.value } : {}),
      name: name.value,
      email: email.value,
      phone: phone.value,
      // Sent only when ticked or unticked here: an edit of the phone never undoes a "No email" typed in
      // the Clients tab since this list was loaded (the server keeps the row's own value).
      ...(noEmail.checked !== noEmailWas ? { noEmail: noEmail.checked } : {}),
      confirm: confirm.checked,
    });
    if (!reply.ok) {
      const first = form.showFailure(reply);
      if (!confirm.askIf(reply) && first) form.focus(first.field);
      return;
    }
    clients = [...clients.filter((c) => c.id !== reply.client.id), reply.client].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    // An edit stays on its client; after an add the form is empty again, for the next new client (typing
    // on would otherwise change the one just added).
    options(editing ? reply.client.id : NEW);
    fill();
    if (!editing) name.focus();
    show(
      result,
      h('div', { class: 'ok' }, `${editing ? 'Saved' : 'Added'} ${reply.client.name} (${reply.client.id}).`),
    );
  });
  label(); // after the busy label is put back
}

async function load(): Promise<void> {
  const reply = await call('listClients');
  if (!reply.ok) {
    form.showFailure(reply);
    return;
  }
  clients = reply.clients.slice().sort((a, b) => a.name.localeCompare(b.name));
  options(NEW);
}

chosen.addEventListener('change', () => {
  fill();
  label();
  show(result);
});
const el = h(
  'form',
  { novalidate: true, 'aria-label': 'Add or edit a client' },
  form.field('id', 'Client', chosen, 'A new client, or one to change.'),
  form.field('name', 'Name', name),
  form.field('email', 'Email (optional)', email),
  form.field('phone', 'Phone (optional)', phone),
  h('label', { class: 'choice' }, noEmail, h('span', {}, 'No email: this client said no to the studio’s emails')),
  form.slot('noEmail', noEmail),
  ...confirm.elements,
  h(
    'p',
    { class: 'help' },
    'A new name shows on the Clients tab, the front desk and new sales; sales, invoices and the Adjustments log keep the name they were written with.',
  ),
  form.notice,
  result,
  h('div', { class: 'buttons' }, save),
);
el.addEventListener('submit', (e) => void submit(e));
show(root(), el);
focusOnOpen(chosen);
void load();
