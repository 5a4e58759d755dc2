/**
 * "Set up package": one short form — name, how often and how much the client is billed, sessions each
 * time, what happens to unused sessions, how long it keeps recurring — with a live summary above it in
 * the owner's words ("$240.00 every month, 8 sessions each month, unused sessions carry over, up to 12,
 * no end date"). Errors show next to their field and go once the field is fixed.
 */
import type { FieldError, PackageView } from '../contract';
import { describeTerms, type Rollover, validatePackageTerms } from '../domain/package';
import { FREQUENCY_CHOICES, type Frequency, inWholeWeeks, PERIOD_WORDS, periodWeeks } from '../domain/schedule';
import { counted } from '../domain/words';
import { focusOnOpen, h, root, show } from './client/dom';
import { button, Form, input, select, whileBusy } from './client/form';
import { formatMoney, parseMoney } from './client/format';
import { call } from './client/rpc';

const WHOLE = /^\d+$/;

const form = new Form();
let packages: PackageView[] = [];

const existing = select([['', 'New package']]);
const name = input({ autocomplete: 'off', maxlength: 100 });
const frequency = select(
  FREQUENCY_CHOICES.map((c) => [c.value, c.label] as const),
  'fortnightly' satisfies Frequency,
);
const amount = input({ inputmode: 'decimal', placeholder: '300.00' });
const sessionsPerPeriod = input({ inputmode: 'numeric', placeholder: 'e.g. 6' });
const reset = h('input', { type: 'radio', name: 'rollover', value: 'reset' satisfies Rollover, checked: true });
const add = h('input', { type: 'radio', name: 'rollover', value: 'add' satisfies Rollover });
const cap = input({ inputmode: 'numeric', placeholder: 'no limit' });
const recurWeeks = input({ inputmode: 'numeric', value: '0' });
const usableDays = input({ inputmode: 'numeric', placeholder: 'forever' });
const minPeriods = input({ inputmode: 'numeric', placeholder: 'none' });
const noticeDays = input({ inputmode: 'numeric', placeholder: 'none' });
const expireAfter = input({ inputmode: 'numeric', placeholder: 'never' });
const introPeriods = input({ inputmode: 'numeric', placeholder: 'none' });
const introPrice = input({ inputmode: 'decimal', placeholder: '99.00' });
const taxFree = h('input', { type: 'checkbox' });

const editNote = h('div', { class: 'help', hidden: true });
const amountHelp = h('span');
const sessionsHelp = h('span');
const weeksHelp = h('span');
const capField = form.field(
  'rolloverCap',
  'Carry over up to (sessions, optional)',
  cap,
  'The client never holds more than this after a new period starts; the rest lapse.',
);
const usableField = form.field(
  'usableDays',
  'Usable after the end (days, optional)',
  usableDays,
  'Once the sale ends (its last period, or a cancellation), unused sessions lapse after this many days: 0 lapses them with the last period; empty keeps them forever.',
);
const expireField = form.field(
  'expireAfterPeriods',
  'Each period’s sessions usable for (periods, optional)',
  expireAfter,
  'Sessions are used oldest first; those still unused this many periods after they were given lapse. Empty: they never lapse.',
);
const introPriceField = form.field(
  'introPriceCents',
  'Intro price each time ($)',
  introPrice,
  'Billed for each intro period instead of the amount above (0 for free).',
);
const rolloverGroup = h(
  'fieldset',
  {},
  h('legend', {}, 'Unused sessions'),
  h(
    'label',
    { class: 'choice' },
    reset,
    h('span', {}, h('strong', {}, 'Lapse (Reset)'), 'Sessions not used in a period are lost when the next starts.'),
  ),
  h(
    'label',
    { class: 'choice' },
    add,
    h('span', {}, h('strong', {}, 'Carry over (Add)'), 'Sessions not used add to the next period’s.'),
  ),
);
const summary = h('div', { class: 'summary', id: 'package-summary', 'aria-live': 'polite' });
const save = h('button', { type: 'submit', class: 'action' }, 'Save package');
// The sidebar's title already says "Set up package": the heading shows only once the package is saved.
const heading = h('h1', { hidden: true }, '');
const done = h('div', { hidden: true });
const packageForm = h(
  'form',
  { novalidate: true, 'aria-labelledby': 'package-title' },
  summary,
  form.field('id', 'Package', existing, editNote),
  form.field('name', 'Package name', name, 'e.g. "Reformer Pilates – Fortnightly".'),
  form.field('frequency', 'Billed', frequency, 'The client pays by instalments, one each period.'),
  form.field('priceCents', 'Amount each time ($)', amount, amountHelp),
  form.field('sessionsPerPeriod', 'Sessions each time', sessionsPerPeriod, sessionsHelp),
  rolloverGroup,
  form.slot('rollover', rolloverGroup),
  capField,
  expireField,
  usableField,
  form.field('recurWeeks', 'Keep recurring for (weeks)', recurWeeks, weeksHelp),
  form.field(
    'introPeriods',
    'Intro periods (optional)',
    introPeriods,
    'The first this many periods are billed at the intro price, e.g. 1 for "first month $99".',
  ),
  introPriceField,
  form.slot('taxFree', taxFree),
  h(
    'label',
    { class: 'choice' },
    taxFree,
    h('span', {}, 'Tax-free: no tax on its invoices (e.g. some health services)'),
  ),
  form.field(
    'minPeriods',
    'Minimum billing periods (optional)',
    minPeriods,
    'A client who cancels earlier keeps paying until these are over.',
  ),
  form.field(
    'noticeDays',
    'Notice to cancel (days, optional)',
    noticeDays,
    'A cancellation ends the sale no sooner than this many days after it is asked for.',
  ),
  form.notice,
  h('div', { class: 'buttons' }, save),
);
heading.id = 'package-title';

const freq = () => frequency.value as Frequency;
const period = () => PERIOD_WORDS[freq()];
const round1 = (n: number) => String(Math.round(n * 10) / 10);

/** The help lines under the fields and the summary, from what is typed so far. */
function update(): void {
  const f = freq();
  capField.hidden = !add.checked;
  usableField.hidden = !add.checked;
  expireField.hidden = !add.checked;
  introPriceField.hidden = !introPeriods.value.trim() || introPeriods.value.trim() === '0';
  const cents = parseMoney(amount.value);
  const spp = WHOLE.test(sessionsPerPeriod.value.trim()) ? Number(sessionsPerPeriod.value.trim()) : 0;
  const each = cents !== null && spp > 0 ? ` That is ${formatMoney(Math.round(cents / spp))} a session.` : '';
  show(amountHelp, `Billed ${period().every}: the first invoice falls due on the start date.${each}`);
  if (spp === 0) show(sessionsHelp, `How many sessions the client gets each ${period().one}.`);
  else if (f === 'weekly') show(sessionsHelp, `${spp} a week.`);
  else show(sessionsHelp, `${inWholeWeeks(f) ? '' : 'About '}${round1(spp / periodWeeks(f))} a week.`);
  show(weeksHelp, weeksText(f));
  renderSummary();
}

function weeksText(f: Frequency): string {
  const text = recurWeeks.value.trim();
  if (!WHOLE.test(text) || Number(text) === 0) return '0 means open-ended: it bills until it is cancelled.';
  // Past what a package may be: the server's words, not "Ends after 100000 weeks: 50000 invoices".
  const wrong = validatePackageTerms({ ...payload(), name: 'x' });
  const about = wrong.ok ? undefined : wrong.errors.find((e) => e.field === 'recurWeeks');
  if (about) return about.message;
  const weeks = Number(text);
  if (!inWholeWeeks(f))
    return `Ends after ${counted(weeks, 'week', 'weeks')}: it bills each ${period().one} that starts within them.`;
  return `Ends after ${counted(weeks, 'week', 'weeks')}: ${counted(Math.ceil(weeks / periodWeeks(f)), 'invoice', 'invoices')}.`;
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
    usableDays: add.checked && usableDays.value.trim() ? num(usableDays.value) : null,
    minPeriods: minPeriods.value.trim() ? num(minPeriods.value) : 0,
    noticeDays: noticeDays.value.trim() ? num(noticeDays.value) : 0,
    expireAfterPeriods: add.checked && expireAfter.value.trim() ? num(expireAfter.value) : 0,
    introPeriods: introPeriods.value.trim() ? num(introPeriods.value) : 0,
    introPriceCents: introPeriods.value.trim() ? (parseMoney(introPrice.value) ?? introPrice.value.trim()) : null,
    taxFree: taxFree.checked,
  };
}

/**
 * The package in one line, once what is typed makes a package (the domain's own check, the one the
 * server runs); until then what to fill in, or what is wrong in the server's words — never impossible
 * input described back ("-$5.00 every fortnight … for -1 weeks").
 */
function renderSummary(): void {
  const p = payload();
  const started = typeof p.priceCents === 'number' && typeof p.sessionsPerPeriod === 'number';
  // The name is not part of the terms described: a placeholder lets the rest be checked before it is typed.
  const checked = validatePackageTerms({ ...p, name: name.value.trim() || 'New package' });
  show(
    summary,
    h('p', {}, h('strong', {}, name.value.trim() || 'New package')),
    !started
      ? h('p', { class: 'muted' }, 'Type the amount and the sessions to see the package.')
      : checked.ok
        ? h('p', {}, describeTerms(checked.value))
        : h(
            'div',
            { class: 'muted' },
            h('p', {}, 'Not a package yet:'),
            h('ul', {}, ...checked.errors.map((e) => h('li', {}, e.message))),
          ),
    existing.value ? h('p', { class: 'help' }, 'Changes apply to future sales: sold packages keep their terms.') : null,
  );
}

/** What the form can tell before asking the server (which checks everything again). */
function check(): FieldError[] {
  const errors: FieldError[] = [];
  const cents = parseMoney(amount.value);
  if (!name.value.trim()) errors.push({ field: 'name', message: 'Type a name for the package.' });
  // 0 is a free package: the server accepts it (from $0.00), and so does the form.
  if (cents === null) errors.push({ field: 'priceCents', message: 'Type the amount, like 300 or 300.00.' });
  else if (cents < 0)
    errors.push({ field: 'priceCents', message: 'The amount cannot be negative: type 0 for a free package.' });
  if (!WHOLE.test(sessionsPerPeriod.value.trim()) || Number(sessionsPerPeriod.value) === 0)
    errors.push({ field: 'sessionsPerPeriod', message: `Type how many sessions each ${period().one} gives, like 6.` });
  if (add.checked && cap.value.trim() && !WHOLE.test(cap.value.trim()))
    errors.push({ field: 'rolloverCap', message: 'Type a whole number of sessions, or leave it empty for no limit.' });
  if (!WHOLE.test(recurWeeks.value.trim()))
    errors.push({ field: 'recurWeeks', message: 'Type a whole number of weeks: 0 means open-ended.' });
  if (add.checked && usableDays.value.trim() && !WHOLE.test(usableDays.value.trim()))
    errors.push({ field: 'usableDays', message: 'Type a whole number of days, or leave it empty for forever.' });
  if (minPeriods.value.trim() && !WHOLE.test(minPeriods.value.trim()))
    errors.push({ field: 'minPeriods', message: 'Type a whole number of billing periods, or leave it empty.' });
  if (noticeDays.value.trim() && !WHOLE.test(noticeDays.value.trim()))
    errors.push({ field: 'noticeDays', message: 'Type a whole number of days, or leave it empty.' });
  if (add.checked && expireAfter.value.trim() && !WHOLE.test(expireAfter.value.trim()))
    errors.push({
      field: 'expireAfterPeriods',
      message: 'Type a whole number of periods, or leave it empty for never.',
    });
  if (introPeriods.value.trim() && !WHOLE.test(introPeriods.value.trim()))
    errors.push({ field: 'introPeriods', message: 'Type a whole number of periods, or leave it empty.' });
  else if (Number(introPeriods.value.trim()) > 0 && parseMoney(introPrice.value) === null)
    errors.push({ field: 'introPriceCents', message: 'Type the intro price, like 99 or 99.00 (0 for free).' });
  return errors;
}

async function submit(): Promise<void> {
  // The form's own hints first, then the domain's check the server runs: only terms it accepts are sent.
  const sent = payload();
  const checked = validatePackageTerms(sent);
  const errors = check();
  if (!errors.length && !checked.ok) errors.push(...checked.errors);
  const edited = typeof sent.id === 'string' ? { id: sent.id } : {};
  const reply = errors.length || !checked.ok ? null : await call('savePackage', { ...checked.value, ...edited });
  if (!reply?.ok) {
    const first = form.showErrors(reply ? reply.errors : errors, reply?.busy);
    if (first) form.focus(first.field);
    return;
  }
  form.clear();
  const p = reply.package;
  packageForm.hidden = true;
  show(heading, 'Package saved');
  heading.hidden = false;
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
}

packageForm.addEventListener('submit', (e) => {
  e.preventDefault();
  void whileBusy(save, 'Saving…', submit);
});
for (const control of [
  name,
  frequency,
  reset,
  add,
  cap,
  recurWeeks,
  usableDays,
  minPeriods,
  noticeDays,
  expireAfter,
  introPeriods,
  introPrice,
  taxFree,
  sessionsPerPeriod,
  amount,
]) {
  control.addEventListener('input', update);
  control.addEventListener('change', update);
}
existing.addEventListener('change', () => fill(packages.find((x) => x.id === existing.value)));

/** The form for editing `p`, or empty for a new package. */
function fill(p: PackageView | undefined): void {
  name.value = p?.name ?? '';
  frequency.value = p?.frequency ?? 'fortnightly';
  reset.checked = (p?.rollover ?? 'reset') === 'reset';
  add.checked = p?.rollover === 'add';
  cap.value = p?.rolloverCap ? String(p.rolloverCap) : '';
  recurWeeks.value = String(p?.recurWeeks ?? 0);
  usableDays.value = p?.usableDays !== null && p?.usableDays !== undefined ? String(p.usableDays) : '';
  minPeriods.value = p?.minPeriods ? String(p.minPeriods) : '';
  noticeDays.value = p?.noticeDays ? String(p.noticeDays) : '';
  expireAfter.value = p?.expireAfterPeriods ? String(p.expireAfterPeriods) : '';
  taxFree.checked = p?.taxFree === true;
  introPeriods.value = p?.introPeriods ? String(p.introPeriods) : '';
  introPrice.value =
    p?.introPriceCents !== null && p?.introPriceCents !== undefined ? (p.introPriceCents / 100).toFixed(2) : '';
  sessionsPerPeriod.value = p ? String(p.sessionsPerPeriod) : '';
  amount.value = p ? (p.priceCents / 100).toFixed(2) : '';
  show(editNote, p ? `Editing ${p.id}. Clients who already bought it keep the terms they bought.` : '');
  editNote.hidden = !p;
  show(save, p ? 'Save changes' : 'Save package');
  form.clear();
  update();
}

function closeSidebar(): void {
  (window as unknown as { google?: { script?: { host?: { close(): void } } } }).google?.script?.host?.close();
}

function restart(): void {
  existing.value = '';
  fill(undefined);
  heading.hidden = true;
  done.hidden = true;
  packageForm.hidden = false;
  existing.focus();
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

show(root(), heading, packageForm, done);
update();
focusOnOpen(existing);
void loadPackages();
