/**
 * The front desk on a phone (the web app's page): search a client by name, see each sale's sessions
 * left, when the next ones come and what is owed, and check in with one tap. At zero the server refuses;
 * the card then asks to confirm an overdraw. Recent check-ins can be undone with a reason.
 *
 * Every call names the spreadsheet (from the page: its id is in the link anyway) and runs as the person
 * signed in; the server checks their edit access on every call. No client data goes in the URL or title.
 */
import type { DeskCheckIn, DeskClient, OkOf, SaleSummary } from '../contract';
import { nameContains, narrows, RECENT_CHECK_INS } from '../domain/desk';
import { h, root, show } from './client/dom';
import { Form, input, whileBusy } from './client/form';
import { longDate, sessions } from './client/format';
import { call, newRequestId } from './client/rpc';
import { saleCard } from './client/salecard';

const spreadsheetId = document.body.dataset.spreadsheet ?? '';
const page = root();
const top = new Form();
const search = input({
  type: 'search',
  placeholder: 'Type 2 letters or more',
  autocomplete: 'off',
  enterkeyhint: 'search',
});
const found = h('div', { 'aria-live': 'polite' });

/** A reply that says this person has no edit access: the page becomes that message. */
function deniedPage(message: string): void {
  show(page, h('h1', {}, 'No access'), h('p', { class: 'lead', role: 'alert' }, message));
}

// ---- Search -------------------------------------------------------------------------------------------

let searchTimer: ReturnType<typeof setTimeout> | undefined;
let searchSeq = 0;
/**
 * The last search the server answered in full (no "more"): a longer name that contains it is answered
 * here, from these clients, without a call ("av" → "ava" → "ava c"). Dropped when the search page is
 * shown again, so a client added since is found by the next search.
 */
let held: { query: string; clients: DeskClient[] } | null = null;

async function runSearch(): Promise<void> {
  const query = search.value.trim();
  top.clear();
  const seq = ++searchSeq; // a reply to an earlier search is dropped
  if (query.length < 2) {
    show(found);
    return;
  }
  if (held && narrows(query, held.query)) {
    showFound(
      held.clients.filter((c) => nameContains(c.name, query)),
      false,
    );
    return;
  }
  show(found, h('p', { class: 'muted' }, 'Searching…'));
  const reply = await call('deskSearch', { spreadsheetId, query });
  if (seq !== searchSeq) return; // a newer search is under way
  if (!reply.ok) {
    if (reply.denied) return deniedPage(reply.errors[0]?.message ?? '');
    show(found);
    top.showFailure(reply);
    return;
  }
  held = reply.more ? null : { query, clients: reply.clients };
  showFound(reply.clients, reply.more);
}

function showFound(clients: DeskClient[], more: boolean): void {
  if (!clients.length) {
    show(found, h('p', { class: 'muted' }, 'No client with that name.'));
    return;
  }
  show(
    found,
    h('ul', { class: 'found', 'aria-label': 'Clients found' }, ...clients.map((c) => h('li', {}, pick(c)))),
    more ? h('p', { class: 'muted' }, 'More clients match: type more of the name.') : null,
  );
}

function pick(client: DeskClient): HTMLButtonElement {
  return h('button', { type: 'button', onclick: () => void openClient(client) }, client.name);
}

function searchPage(): void {
  pageSeq++;
  held = null;
  show(page, h('h1', {}, 'Front desk'), top.field('search', 'Client', search), top.notice, found);
  search.focus();
}

search.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => void runSearch(), 300);
});

// ---- A client -----------------------------------------------------------------------------------------

/** The page being shown: a reply for a page left since (Back, another client) is dropped. */
let pageSeq = 0;

/** What a client's page shows: the server's reply, kept so a check-in updates it without asking again. */
type ClientPage = Omit<OkOf<'deskClient'>, 'ok' | 'checkIns'> & { checkIns: ShownCheckIn[] };
/** A check-in as the page lists it: `justNow` for one made from this page since the client was opened. */
type ShownCheckIn = DeskCheckIn & { justNow?: boolean };
/** A check-in the server recorded (or had recorded: a repeated request). */
type CheckedIn = OkOf<'deskCheckIn'>;

async function openClient(client: DeskClient, said?: HTMLElement): Promise<void> {
  const seq = ++pageSeq;
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const form = new Form();
  frame(client, said ?? null, form, body);
  const reply = await call('deskClient', { spreadsheetId, clientId: client.id });
  if (seq !== pageSeq) return;
  if (!reply.ok) {
    if (reply.denied) return deniedPage(reply.errors[0]?.message ?? '');
    show(body);
    form.showFailure(reply);
    return;
  }
  drawClient(client, reply, said ?? null);
}

/** The page's frame: back to search, the client's name, what was just done, the page's notice, its body. */
function frame(client: DeskClient, said: HTMLElement | null, form: Form, body: HTMLElement): void {
  const back = h('button', { type: 'button', class: 'link', onclick: searchPage }, '‹ Search');
  show(page, back, h('h1', {}, client.name), h('div', { role: 'status' }, said), form.notice, body);
}

function drawClient(client: DeskClient, held: ClientPage, said: HTMLElement | null): void {
  const body = h('div');
  frame(client, said, new Form(), body);
  const reload = (message: string) => openClient(client, h('div', { class: 'ok' }, message));
  // A check-in changes only its sale's balance, its person's count and the recent list: the page
  // updates them from the reply instead of reading the client again (one Sheets API request fewer).
  // A reply that comes after Back or another client was opened is not drawn over that page.
  const seq = pageSeq;
  const checkedIn = (sale: SaleSummary, reply: CheckedIn, message: string) => {
    if (seq === pageSeq) drawClient(client, afterCheckIn(held, sale, reply), h('div', { class: 'ok' }, message));
  };
  show(
    body,
    // Rows the add-on can't read are said first, as text: never "no package" for a sale it can't read.
    ...held.unreadable.map((message) => h('p', { class: 'warning', role: 'alert' }, message)),
    ...(held.sales.length
      ? held.sales.map((sale) => card(client, sale, checkedIn))
      : held.unreadable.length
        ? []
        : [h('p', { class: 'muted' }, 'No active package. Sell one from the spreadsheet.')]),
    recent(client, held.checkIns, reload),
  );
}

/** The page after a check-in on `sale`: its balance from the server, the check-in newest in the list. */
function afterCheckIn(held: ClientPage, sale: SaleSummary, reply: CheckedIn): ClientPage {
  const { key, date, attendee } = reply.adjustment;
  // A repeated request the page already shows (a double tap) adds nothing; one whose first reply was
  // lost is new to the page.
  const known = held.checkIns.some((c) => c.key === key);
  const who = attendee?.id ?? sale.clientId;
  const sales = held.sales.map((s) =>
    s.id !== sale.id
      ? s
      : {
          ...s,
          balance: reply.balance,
          usage: known ? s.usage : s.usage.map((p) => (p.id === who ? { ...p, used: p.used + 1 } : p)),
        },
  );
  const entry: ShownCheckIn = {
    key,
    saleId: sale.id,
    packageName: sale.packageName,
    date,
    undone: false,
    undoable: true,
    justNow: true,
  };
  const checkIns = known ? held.checkIns : [entry, ...held.checkIns].slice(0, RECENT_CHECK_INS);
  return { ...held, sales, checkIns };
}

/** The question asked at zero sessions: "Check in anyway" (an overdraw) or "Cancel". */
function overdrawQuestion(
  name: string,
  confirm: (button: HTMLButtonElement) => void,
  cancel: () => void,
): HTMLElement[] {
  const yes = h('button', { type: 'button', class: 'create' }, 'Check in anyway');
  yes.addEventListener('click', () => confirm(yes));
  return [
    h(
      'p',
      { class: 'warning', role: 'alert' },
      `No sessions left. Check ${name} in anyway? The balance goes below zero.`,
    ),
    h('div', { class: 'buttons' }, yes, h('button', { type: 'button', onclick: cancel }, 'Cancel')),
  ];
}

/** What the page says after a check-in: who, and the sessions left. */
function checkedInWords(client: DeskClient, sale: SaleSummary, reply: CheckedIn): string {
  const left = sessions(reply.balance);
  return reply.duplicate
    ? `Already checked in: ${left} left on ${sale.packageName}.`
    : `Checked in ${client.name}: ${left} left on ${sale.packageName}.`;
}

function card(
  client: DeskClient,
  sale: SaleSummary,
  checkedIn: (sale: SaleSummary, reply: CheckedIn, message: string) => void,
): HTMLElement {
  const form = new Form();
  const go = h('button', { type: 'button', class: 'action' }, 'Check in');
  const confirmBox = h('div', { hidden: true });
  // One request id for this card until its check-in succeeds: a double tap, or a retry after a lost
  // reply, counts once. A card is drawn afresh each time the client is opened, with a new id.
  let requestId = newRequestId('desk');
  const asking = (yes: boolean) => {
    confirmBox.hidden = !yes;
    go.hidden = yes;
  };
  const checkIn = (overdraw: boolean, button: HTMLButtonElement) =>
    whileBusy(button, 'Checking in…', async () => {
      form.clear();
      const reply = await call('deskCheckIn', {
        spreadsheetId,
        saleId: sale.id,
        clientId: client.id,
        overdraw,
        requestId,
      });
      if (!reply.ok) {
        if (reply.denied) return deniedPage(reply.errors[0]?.message ?? '');
        if (!reply.errors.some((e) => e.field === 'overdraw')) return void form.showFailure(reply);
        // Zero sessions left: ask before going below zero.
        show(
          confirmBox,
          ...overdrawQuestion(
            client.name,
            (yes) => void checkIn(true, yes),
            () => asking(false),
          ),
        );
        asking(true);
        return;
      }
      requestId = newRequestId('desk'); // the next check-in is a new one
      checkedIn(sale, reply, checkedInWords(client, sale, reply));
    });
  go.addEventListener('click', () => void checkIn(false, go));
  return saleCard('section', { 'aria-label': sale.packageName }, sale, {
    title: [h('h3', {}, sale.packageName)],
    for: client.id,
    controls: [form.notice, confirmBox, h('div', { class: 'buttons' }, go)],
  }).card;
}

/** The client's last check-ins, newest first, each with Undo (a reason, then one tap). */
function recent(client: DeskClient, checkIns: ShownCheckIn[], reload: (message: string) => Promise<void>): HTMLElement {
  if (!checkIns.length) return h('div');
  return h(
    'section',
    { 'aria-label': 'Recent check-ins' },
    h('h2', {}, 'Recent check-ins'),
    ...checkIns.map((c) => undoRow(client, c, reload)),
  );
}

function undoRow(client: DeskClient, c: ShownCheckIn, reload: (message: string) => Promise<void>): HTMLElement {
  // Rows hold the day, not the time: the one just made here is said as such.
  const label = `${longDate(c.date)} · ${c.packageName}${c.justNow ? ' (just now)' : ''}`;
  if (c.undone) return h('div', { class: 'card' }, h('div', {}, label), h('div', { class: 'meta' }, 'Undone'));
  if (!c.undoable) return h('div', { class: 'card' }, h('div', {}, label));
  const form = new Form();
  const reason = input({ maxlength: 200, placeholder: 'e.g. Checked in the wrong client' });
  const confirm = h('button', { type: 'button', class: 'create' }, 'Undo check-in');
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const ask = h(
    'div',
    { hidden: true },
    form.field('reason', 'Reason', reason),
    h('div', { class: 'buttons' }, confirm, cancel),
  );
  cancel.addEventListener('click', () => {
    form.clear();
    ask.hidden = true;
    open.hidden = false;
  });
  const open = h(
    'button',
    {
      type: 'button',
      class: 'link',
      'aria-label': `Undo the check-in of ${label}`,
      onclick: () => {
        ask.hidden = false;
        open.hidden = true;
        reason.focus();
      },
    },
    'Undo',
  );
  confirm.addEventListener(
    'click',
    () =>
      void whileBusy(confirm, 'Undoing…', async () => {
        form.clear();
        const reply = await call('deskUndo', {
          spreadsheetId,
          saleId: c.saleId,
          checkInKey: c.key,
          reason: reason.value,
        });
        if (!reply.ok) {
          if (reply.denied) return deniedPage(reply.errors[0]?.message ?? '');
          form.showFailure(reply);
          return;
        }
        await reload(`Undone: ${client.name} has ${sessions(reply.balance)} on ${c.packageName}.`);
      }),
  );
  return h('div', { class: 'card' }, h('div', {}, label), form.notice, open, ask);
}

searchPage();
