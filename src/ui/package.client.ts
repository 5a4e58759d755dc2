/**
 * "Set up package": a wizard following the seed's screens — name and sessions, instalments and frequency,
 * Reset or Add, keep recurring for W weeks, sessions per billing period, amount per billing period, and a
 * summary before saving. Every step's inputs stay in the page, so Back and Next keep what was typed.
 */
import type { FieldError, PackageView } from '../contract';
import { describeTerms, type PackageTerms, ROLLOVER_CHOICES, type Rollover } from '../domain/package';
import { FREQUENCY_CHOICES, type Frequency, PERIOD_NOUN } from '../domain/schedule';
import { h, root, show } from './client/dom';
import { button, Form, input, select, whileBusy } from './client/form';
import { formatMoney, parseMoney } from './client/format';
import { call } from './client/rpc';

/** The words for each frequency and rollover: the domain's choice tables (the sheet's dropdowns use the same). */
const labels = <V extends string>(choices: readonly { value: V; label: string }[]) =>
  Object.fromEntries(choices.map((c) => [c.value, c.label])) as Record<V, string>;
const FREQUENCY_LABELS = labels(FREQUENCY_CHOICES);
const ROLLOVER_LABELS = labels(ROLLOVER_CHOICES);
/** Weeks in one billing period (months are 52/12 weeks on average). */
const PERIOD_WEEKS: Record<Frequency, number> = {
  weekly: 1,
  fortnightly: 2,
  'every 3 weeks': 3,
  'every 4 weeks': 4,
  monthly: 52 / 12,
  quarterly: 13,
};
const WEEK_BASED = (f: Frequency) => !['monthly', 'quarterly'].includes(f);

const form = new Form();
let packages: PackageView[] = [];

// ---- the inputs (created once, so every step keeps its values) -----------------------------------
const existing = select([['', 'New package']]);
const name = input({ autocomplete: 'off', maxlength: 100 });
const perWeek = input({ inputmode: 'numeric', placeholder: 'e.g. 3' });
const instalments = h('input', { type: 'checkbox', checked: true });
const frequency = select(
  FREQUENCY_CHOICES.map((c) => [c.value, c.label] as const),
  'fortnightly' satisfies Frequency,
);
const reset = h('input', { type: 'radio', name: 'rollover', value: 'reset' satisfies Rollover, checked: true });
const add = h('input', { type: 'radio', name: 'rollover', value: 'add' satisfies Rollover });
const cap = input({ inputmode: 'numeric', placeholder: 'no cap' });
const recurWeeks = input({ inputmode: 'numeric', value: '0' });
const sessionsPerPeriod = input({ inputmode: 'numeric' });
const amount = input({ inputmode: 'decimal', placeholder: '300.00' });

const editNote = h('div', { class: 'help', hidden: true });
const capField = form.field(
  'rolloverCap',
  'Rollover cap (optional)',
  cap,
  'Never hold more than this many sessions after an allocation; the excess is recorded as lost.',
  2,
);
const weeksHelp = h('span');
const sessionsHelp = h('span');
const amountHelp = h('span');
const frequencyWords = h('span');
const summary = h('div', { class: 'summary', 'aria-live': 'polite' });

const rolloverGroup = h(
  'fieldset',
  {},
  h('legend', {}, 'Reset or Add session count per frequency period'),
  h('p', { class: 'help' }, 'Sessions are allocated every billing period.'),
  h(
    'label',
    { class: 'choice' },
    reset,
    h(
      'span',
      {},
      h('strong', {}, ROLLOVER_LABELS.reset),
      "If the client doesn't use their sessions in the period, they lose them.",
    ),
  ),
  h(
    'label',
    { class: 'choice' },
    add,
    h('span', {}, h('strong', {}, ROLLOVER_LABELS.add), 'Unused sessions accrue each billing period.'),
  ),
);

interface Step {
  title: string;
  body: HTMLElement;
  check?: () => FieldError[];
}

const steps: Step[] = [
  {
    title: 'Name and sessions',
    body: h(
      'div',
      {},
      form.field('id', 'Package', existing, editNote, 0),
      form.field('name', 'Package name', name, 'A multiple-session package, e.g. "Reformer Pilates – Fortnightly".', 0),
      form.field('perWeek', 'Sessions a week (optional)', perWeek, 'Helps fill in the sessions per billing period.', 0),
    ),
    check: () => {
      const errors: FieldError[] = [];
      if (!name.value.trim()) errors.push({ field: 'name', message: 'Type a name for the package.' });
      if (perWeek.value.trim() && !/^\d+$/.test(perWeek.value.trim()))
        errors.push({ field: 'perWeek', message: 'Type a whole number of sessions, or leave it empty.' });
      return errors;
    },
  },
  {
    title: 'Instalments',
    body: h(
      'div',
      {},
      h(
        'label',
        { class: 'choice' },
        instalments,
        h('span', {}, h('strong', {}, 'Service is to be paid for by instalments')),
      ),
      h('div', { class: 'error', id: 'instalments-error' }),
      form.field('frequency', 'Payment frequency', frequency, 'How often the client is billed.', 1),
    ),
    check: () =>
      instalments.checked
        ? []
        : [{ field: 'instalments', message: 'Studio Packages sells packages paid by instalments: tick this box.' }],
  },
  {
    title: 'Reset or Add',
    body: h('div', {}, rolloverGroup, form.slot('rollover', rolloverGroup, 2), capField),
    check: () => {
      if (add.checked && cap.value.trim() && !/^\d+$/.test(cap.value.trim()))
        return [{ field: 'rolloverCap', message: 'Type a whole number of sessions, or leave it empty for no cap.' }];
      return [];
    },
  },
  {
    title: 'Keep recurring',
    body: h('div', {}, form.field('recurWeeks', 'Keep recurring for (weeks)', recurWeeks, weeksHelp, 3)),
    check: () =>
      /^\d+$/.test(recurWeeks.value.trim())
        ? []
        : [{ field: 'recurWeeks', message: 'Type a whole number of weeks: 0 means no end date.' }],
  },
  {
    title: 'Sessions per billing period',
    body: h(
      'div',
      {},
      form.field('sessionsPerPeriod', 'Sessions given each billing period', sessionsPerPeriod, sessionsHelp, 4),
    ),
    check: () =>
      /^\d+$/.test(sessionsPerPeriod.value.trim()) && Number(sessionsPerPeriod.value) > 0
        ? []
        : [{ field: 'sessionsPerPeriod', message: 'Type how many sessions each billing period gives, e.g. 6.' }],
  },
  {
    title: 'Amount per billing period',
    body: h('div', {}, form.field('priceCents', 'Amount billed per period ($)', amount, amountHelp, 5)),
    check: () => {
      const cents = parseMoney(amount.value);
      return cents === null || cents < 0
        ? [{ field: 'priceCents', message: 'Type an amount in dollars, like 300 or 300.00.' }]
        : [];
    },
  },
  {
    title: 'Summary',
    body: h('div', {}, h('p', { class: 'lead' }, 'Check the package, then save it.'), summary),
  },
];

// ---- derived help texts ----------------------------------------------------------------------------
const freq = () => frequency.value as Frequency;
const noun = () => PERIOD_NOUN[freq()];
const round1 = (n: number) => String(Math.round(n * 10) / 10);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function updateHelp(): void {
  const f = freq();
  show(frequencyWords, FREQUENCY_LABELS[f].toLowerCase());
  cap.disabled = !add.checked;
  capField.hidden = !add.checked;

  const weeks = Number(recurWeeks.value.trim());
  if (!/^\d+$/.test(recurWeeks.value.trim())) show(weeksHelp, '0 means no expiry: the package is open-ended.');
  else if (weeks === 0)
    show(weeksHelp, '0 weeks: no expiry date. The package is open-ended and bills until it is cancelled.');
  else if (WEEK_BASED(f)) {
    const invoices = Math.ceil(weeks / PERIOD_WEEKS[f]);
    show(weeksHelp, `Ends after ${plural(weeks, 'week')}: ${plural(invoices, 'invoice')}, one every ${noun()}.`);
  } else show(weeksHelp, `Ends after ${plural(weeks, 'week')}: it bills each ${noun()} that starts within them.`);

  const spp = Number(sessionsPerPeriod.value.trim());
  if (!/^\d+$/.test(sessionsPerPeriod.value.trim()) || spp === 0)
    show(sessionsHelp, `How many sessions the client gets each ${noun()}.`);
  else if (f === 'weekly') show(sessionsHelp, `${spp} per week.`);
  else {
    const w = spp / PERIOD_WEEKS[f];
    show(sessionsHelp, `${WEEK_BASED(f) ? '' : 'about '}${round1(w)} per week = ${spp} per ${noun()}.`);
  }

  const cents = parseMoney(amount.value);
  const each = cents !== null && spp > 0 ? ` That is ${formatMoney(Math.round(cents / spp))} a session.` : '';
  show(amountHelp, `Billed every ${noun()}: the first invoice falls due on the start date.${each}`);
}

/** What would be saved: the typed values, numbers as numbers when they are numbers. */
function payload(): Record<string, unknown> {
  const num = (s: string) => (/^-?\d+(\.\d+)?$/.test(s.trim()) ? Number(s.trim()) : s.trim());
  const cents = parseMoney(amount.value);
  return {
    ...(existing.value ? { id: existing.value } : {}),
    name: name.value.trim(),
    sessionsPerPeriod: num(sessionsPerPeriod.value),
    frequency: freq(),
    rollover: add.checked ? 'add' : 'reset',
    recurWeeks: num(recurWeeks.value),
    priceCents: cents ?? amount.value,
    rolloverCap: add.checked && cap.value.trim() ? num(cap.value) : null,
  };
}

function renderSummary(): void {
  const p = payload();
  const terms = p as unknown as PackageTerms;
  show(
    summary,
    h('p', {}, h('strong', {}, terms.name)),
    h('p', {}, describeTerms(terms)),
    existing.value
      ? h('p', { class: 'help' }, 'Saving changes this package for future sales only: sold packages keep their terms.')
      : null,
  );
}

// ---- the wizard ------------------------------------------------------------------------------------
let current = 0;
const stepLabel = h('p', { class: 'steps' });
const heading = h('h1');
const back = button('Back', () => go(current - 1));
const next = h('button', { type: 'submit', class: 'action' }, 'Next');
const done = h('div', { hidden: true });
const wizard = h(
  'form',
  { novalidate: true, 'aria-labelledby': 'wizard-title' },
  ...steps.map((s) => {
    s.body.hidden = true;
    return s.body;
  }),
  form.notice,
  h('div', { class: 'buttons' }, back, next),
);
heading.id = 'wizard-title';

function go(step: number, focusField?: string): void {
  current = Math.max(0, Math.min(steps.length - 1, step));
  steps.forEach((s, i) => {
    s.body.hidden = i !== current;
  });
  if (current === 4 && !sessionsPerPeriod.value.trim() && /^\d+$/.test(perWeek.value.trim())) {
    sessionsPerPeriod.value = String(Math.round(Number(perWeek.value) * PERIOD_WEEKS[freq()]));
  }
  updateHelp();
  if (current === steps.length - 1) renderSummary();
  show(heading, steps[current].title);
  show(stepLabel, `Step ${current + 1} of ${steps.length}`);
  back.disabled = current === 0;
  show(next, current === steps.length - 1 ? (existing.value ? 'Save changes' : 'Save package') : 'Next');
  if (focusField) form.focus(focusField);
  else (steps[current].body.querySelector('input, select') as HTMLElement | null)?.focus();
}

function showErrors(errors: FieldError[], busy = false): void {
  const first = form.showErrors(errors, busy);
  const instalmentsError = document.getElementById('instalments-error');
  if (instalmentsError) show(instalmentsError, errors.find((e) => e.field === 'instalments')?.message);
  if (first) go(form.stepOf(first.field) ?? current, first.field);
}

async function save(): Promise<void> {
  await whileBusy(next, 'Saving…', async () => {
    const reply = await call('savePackage', payload());
    if (!reply.ok) {
      showErrors(reply.errors, reply.busy);
      return;
    }
    form.clear();
    const p = reply.package;
    wizard.hidden = true;
    stepLabel.hidden = true;
    show(heading, 'Package saved');
    show(
      done,
      h(
        'div',
        { class: 'ok', role: 'status' },
        h('div', {}, h('strong', {}, p.name), ` (${p.id})`),
        h('div', {}, p.description),
      ),
      h(
        'div',
        { class: 'buttons' },
        button('Set up another', () => restart(), 'action'),
        button('Close', () => closeSidebar()),
      ),
    );
    done.hidden = false;
    (done.querySelector('button') as HTMLButtonElement).focus();
    await loadPackages();
  });
}

wizard.addEventListener('submit', (e) => {
  e.preventDefault();
  if (next.disabled) return;
  const errors = steps[current].check?.() ?? [];
  if (errors.length) {
    showErrors(errors);
    return;
  }
  form.clear();
  const instalmentsError = document.getElementById('instalments-error');
  if (instalmentsError) show(instalmentsError);
  if (current < steps.length - 1) go(current + 1);
  else void save();
});
for (const control of [frequency, reset, add, recurWeeks, sessionsPerPeriod, amount, perWeek]) {
  control.addEventListener('input', updateHelp);
  control.addEventListener('change', updateHelp);
}
existing.addEventListener('change', () => {
  const p = packages.find((x) => x.id === existing.value);
  if (p) {
    name.value = p.name;
    perWeek.value = '';
    frequency.value = p.frequency;
    reset.checked = p.rollover === 'reset';
    add.checked = p.rollover === 'add';
    cap.value = p.rolloverCap ? String(p.rolloverCap) : '';
    recurWeeks.value = String(p.recurWeeks);
    sessionsPerPeriod.value = String(p.sessionsPerPeriod);
    amount.value = (p.priceCents / 100).toFixed(2);
    show(editNote, `Editing ${p.id}. Clients who already bought it keep the terms they bought.`);
  } else {
    for (const i of [name, perWeek, cap, sessionsPerPeriod, amount]) i.value = '';
    recurWeeks.value = '0';
    show(editNote);
  }
  editNote.hidden = !p;
  updateHelp();
});

function closeSidebar(): void {
  (window as unknown as { google?: { script?: { host?: { close(): void } } } }).google?.script?.host?.close();
}

function restart(): void {
  existing.value = '';
  existing.dispatchEvent(new Event('change'));
  frequency.value = 'fortnightly';
  reset.checked = true;
  done.hidden = true;
  wizard.hidden = false;
  stepLabel.hidden = false;
  go(0);
}

async function loadPackages(): Promise<void> {
  const reply = await call('listPackages');
  if (!reply.ok) {
    form.showFailure(reply);
    return;
  }
  packages = reply.packages;
  const chosen = existing.value;
  show(
    existing,
    h('option', { value: '' }, 'New package'),
    ...packages.map((p) => h('option', { value: p.id }, `Edit ${p.name} (${p.id})`)),
  );
  existing.value = packages.some((p) => p.id === chosen) ? chosen : '';
}

show(root(), heading, stepLabel, wizard, done);
go(0);
void loadPackages();
