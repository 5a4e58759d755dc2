/**
 * "Check in": search a client, see each active sale's balance, check in one session (the date defaults to
 * today). At zero the server refuses; the card then offers an explicit "Allow overdraw" choice.
 */
import type { SaleSummary } from '../contract';
import { stillInUse } from '../domain/desk';
import { focusOnOpen, h, root, show } from './client/dom';
import { dateError, dateToSend, Form, input, whileBusy } from './client/form';
import { longDate, todayIso } from './client/format';
import { call, newRequestId } from './client/rpc';
import { saleCard } from './client/salecard';

const MAX_SHOWN = 12;
const top = new Form();
const search = input({ type: 'search', placeholder: 'Type a name', autocomplete: 'off' });
const date = input({ type: 'date', value: todayIso() });
const list = h('div', { 'aria-live': 'polite' });
let sales: SaleSummary[] = [];

/** Lower case without accents, so "chloe" finds "Chloé". */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * One request id per sale until its check-in succeeds: a retry after a lost reply (even after the list
 * re-rendered) is recognised by the server and counted once.
 */
const requestIds = new Map<string, string>();
/** What each card's last check-in said, kept when the list is drawn again (by sale and person). */
const results = new Map<string, HTMLElement[]>();
function requestIdFor(key: string): string {
  let id = requestIds.get(key);
  if (!id) {
    id = newRequestId('checkin');
    requestIds.set(key, id);
  }
  return id;
}

/**
 * The date to send: the one the owner picked, or none — then the server uses today in the spreadsheet's
 * time zone (a sidebar left open past midnight, or a browser in another zone, can't get it wrong).
 */
const chosenDate = () => dateToSend(date, true);

/** A date typed that the browser can't read: shown by the field, and nothing is sent. */
function refusedDate(): boolean {
  const unreadable = dateError(date, 'date', true);
  if (unreadable) {
    top.showErrors([unreadable]);
    date.focus();
  }
  return unreadable !== null;
}
date.addEventListener('input', () => {
  date.dataset.touched = '1';
});

function render(): void {
  const q = fold(search.value.trim());
  // One card per person who may check in: a shared sale's own client, and each person it is shared with.
  const active = sales
    .filter(stillInUse)
    .flatMap((s) => [{ id: s.clientId, name: s.clientName }, ...s.sharedWith].map((person) => ({ sale: s, person })))
    .filter(({ person }) => fold(person.name).includes(q))
    .sort((a, b) => a.person.name.localeCompare(b.person.name));
  if (!sales.some(stillInUse)) {
    show(list, h('p', { class: 'muted' }, 'No active sales yet. Sell a package first.'));
    return;
  }
  if (!active.length) {
    show(list, h('p', { class: 'muted' }, 'No active sale for a client with that name.'));
    return;
  }
  const shown = active.slice(0, MAX_SHOWN);
  show(
    list,
    ...shown.map(({ sale, person }) => card(sale, person)),
    active.length > shown.length
      ? h('p', { class: 'muted' }, `${active.length - shown.length} more: type more of the name.`)
      : null,
  );
}

/** 2 → "2nd", 11 → "11th", 23 → "23rd". */
function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** "Checked in Ben on Wed 25 Nov 2026", then "… (the 2nd session that day)". */
function checkedIn(name: string, date: string, count: number): string {
  const nth = ordinal(count);
  return `Checked in ${name} on ${longDate(date)}${count > 1 ? ` (the ${nth} session that day)` : ''}.`;
}

/** Who checks in, on which sale ("Reformer 4 · S-3 · shared by Ann Lee" when it is not their own). */
function cardTitle(sale: SaleSummary, person: { id: string; name: string }): HTMLElement[] {
  const sharedBy = person.id === sale.clientId ? '' : ` · shared by ${sale.clientName}`;
  return [h('h3', {}, person.name), h('div', { class: 'meta' }, `${sale.packageName} · ${sale.id}${sharedBy}`)];
}

/** The "Allow overdraw" box, shown when the server says the balance is used up. */
function overdrawChoice(overdraw: HTMLInputElement): HTMLElement {
  const label = h(
    'label',
    { class: 'choice' },
    overdraw,
    h('span', {}, 'Allow overdraw (the balance goes below zero)'),
  );
  return h('div', { hidden: true }, label);
}

function card(sale: SaleSummary, person: { id: string; name: string }): HTMLElement {
  const form = new Form();
  const requestKey = `${sale.id} ${person.id}`;
  const overdraw = h('input', { type: 'checkbox' });
  const overdrawBox = overdrawChoice(overdraw);
  const result = h('div', { role: 'status' });
  const go = h('button', { type: 'submit', class: 'action' }, 'Check in');
  const { card: el } = saleCard(
    'form',
    { novalidate: true, 'aria-label': `${person.name}: ${sale.packageName}`, 'data-card': requestKey },
    sale,
    {
      title: cardTitle(sale, person),
      for: person.id,
      controls: [form.slot('overdraw', overdraw), overdrawBox, form.notice, result, h('div', { class: 'buttons' }, go)],
    },
  );
  el.addEventListener('submit', (e) => {
    e.preventDefault();
    void whileBusy(go, 'Checking in…', async () => {
      form.clear();
      top.clear();
      show(result);
      if (refusedDate()) return;
      const reply = await call('checkIn', {
        saleId: sale.id,
        clientId: person.id,
        date: chosenDate(),
        overdraw: overdraw.checked,
        requestId: requestIdFor(requestKey),
      });
      if (!reply.ok) {
        if (reply.errors.some((x) => x.field === 'date'))
          top.showErrors(reply.errors.filter((x) => x.field === 'date'));
        form.showFailure({ ...reply, errors: reply.errors.filter((x) => x.field !== 'date') });
        if (reply.errors.some((x) => x.field === 'overdraw')) {
          overdrawBox.hidden = false;
          overdraw.focus();
        }
        return;
      }
      requestIds.set(requestKey, newRequestId('checkin')); // the next check-in is a new one
      // The sale as it stands now: every card of it (a shared sale's too) redrawn, what comes next with it.
      sale.balance = reply.balance;
      const used = sale.usage.find((p) => p.id === person.id);
      if (used) used.used += 1;
      results.set(requestKey, [
        h('div', { class: 'ok' }, checkedIn(person.name, reply.adjustment.date, reply.usedThatDay)),
        ...reply.restated.map((note) => h('div', { class: 'help' }, note)),
      ]);
      render();
      document.querySelector<HTMLElement>(`[data-card="${CSS.escape(requestKey)}"] button`)?.focus();
    });
  });
  show(result, ...(results.get(requestKey) ?? []));
  return el;
}

async function load(): Promise<void> {
  show(list, h('p', { class: 'muted' }, 'Loading…'));
  const reply = await call('getAdjustments', {});
  if (!reply.ok) {
    show(list);
    top.showFailure(reply);
    return;
  }
  sales = reply.sales;
  render();
}

search.addEventListener('input', render);
show(
  root(),
  top.field('search', 'Client', search, 'Search by name; each active sale shows its balance.'),
  top.field('date', 'Date', date, 'The day of the session (today unless you change it).'),
  top.notice,
  list,
);
focusOnOpen(search);
void load();
