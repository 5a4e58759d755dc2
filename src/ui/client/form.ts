/**
 * Form plumbing for the sidebars: labelled fields with a help line and an error slot, the server's field
 * errors placed next to their inputs, and submit buttons that stay disabled while a call is in flight.
 */

import type { Failure, FieldError } from '../../contract';
import { type Child, h, newId, show } from './dom';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

interface Slot {
  control: HTMLElement;
  error: HTMLElement;
  /** Where the field lives (a wizard step), so the form can go there to show an error. */
  step?: number;
}

export class Form {
  readonly notice = h('div', { class: 'notice', role: 'alert', hidden: true });
  private readonly slots = new Map<string, Slot>();

  /** A labelled input. `name` is the server's field name for errors. */
  field(name: string, label: string, control: Control, help?: Child, step?: number): HTMLElement {
    const id = control.id || newId(name);
    control.id = id;
    const error = h('div', { class: 'error', id: `${id}-error`, hidden: true });
    const helpNode = help ? h('div', { class: 'help', id: `${id}-help` }, help) : null;
    control.setAttribute('aria-describedby', [helpNode ? `${id}-help` : '', `${id}-error`].filter(Boolean).join(' '));
    this.slots.set(name, { control, error, step });
    this.clearWhenChanged(name, control);
    return h('div', { class: 'field', 'data-field': name }, h('label', { for: id }, label), control, helpNode, error);
  }

  /** Registers an error slot for a field whose control is not a single input (radio groups). */
  slot(name: string, control: HTMLElement, step?: number): HTMLElement {
    const error = h('div', { class: 'error', hidden: true });
    this.slots.set(name, { control, error, step });
    this.clearWhenChanged(name, control);
    return error;
  }

  /** A field's error goes once the owner changes the field (the server checks again on the next send). */
  private clearWhenChanged(name: string, control: HTMLElement): void {
    const clear = () => this.clearField(name);
    control.addEventListener('input', clear);
    control.addEventListener('change', clear);
  }

  clearField(name: string): void {
    const slot = this.slots.get(name);
    if (!slot || slot.error.hidden) return;
    slot.control.removeAttribute('aria-invalid');
    slot.error.hidden = true;
    show(slot.error);
  }

  clear(): void {
    for (const { control, error } of this.slots.values()) {
      control.removeAttribute('aria-invalid');
      error.hidden = true;
      show(error);
    }
    this.notice.hidden = true;
    this.notice.className = 'notice';
    show(this.notice);
  }

  /** Shows a failed reply: field errors next to their inputs, the rest above the buttons. */
  showFailure(failure: Failure): FieldError | undefined {
    return this.showErrors(failure.errors, failure.busy);
  }

  showErrors(errors: FieldError[], busy = false): FieldError | undefined {
    this.clear();
    const general: string[] = [];
    let first: FieldError | undefined;
    for (const e of errors) {
      const slot = this.slots.get(e.field);
      if (!slot) {
        general.push(e.message);
        continue;
      }
      slot.control.setAttribute('aria-invalid', 'true');
      slot.error.hidden = false;
      slot.error.appendChild(h('div', {}, e.message));
      first ??= e;
    }
    if (general.length) this.message(general, busy ? 'notice busy' : 'notice');
    return first;
  }

  /** A form-level message (errors, or a success note with kind 'ok'). */
  message(lines: string[] | string, kind = 'notice'): void {
    this.notice.className = kind;
    this.notice.hidden = false;
    show(this.notice, ...(Array.isArray(lines) ? lines : [lines]).map((l) => h('div', {}, l)));
  }

  stepOf(field: string): number | undefined {
    return this.slots.get(field)?.step;
  }

  focus(field: string): void {
    const control = this.slots.get(field)?.control;
    const target = control?.matches('input, select, textarea, button') ? control : control?.querySelector('input');
    (target as HTMLElement | null | undefined)?.focus();
  }
}

/**
 * Runs `work` with `button` disabled (and labelled `busyLabel`), so a double click can't send twice.
 * Returns undefined when the button was already busy.
 */
export async function whileBusy<T>(button: HTMLButtonElement, busyLabel: string, work: () => Promise<T>) {
  if (button.disabled || button.dataset.busy) return undefined;
  const label = button.textContent;
  button.disabled = true;
  button.dataset.busy = '1';
  button.setAttribute('aria-busy', 'true');
  button.textContent = busyLabel;
  try {
    return await work();
  } finally {
    button.disabled = false;
    delete button.dataset.busy;
    button.removeAttribute('aria-busy');
    button.textContent = label;
  }
}

export function input(attrs: Record<string, string | number | boolean | undefined> = {}): HTMLInputElement {
  return h('input', { type: 'text', ...attrs });
}

export function select(options: readonly (readonly [value: string, label: string])[], value = ''): HTMLSelectElement {
  const s = h('select', {}, ...options.map(([v, l]) => h('option', { value: v }, l)));
  s.value = value;
  return s;
}

export function button(label: string, onClick: (e: Event) => void, kind: 'action' | 'secondary' | 'create' | '' = '') {
  return h('button', { type: 'button', class: kind || undefined, onclick: onClick }, label);
}

/** What a date field holds that the browser could not read (02/30/2026), or nothing typed in it. */
export const UNREADABLE_DATE =
  'That date does not exist, or none was typed: pick a day in the calendar (or type one that exists).';

/**
 * The date a form sends: undefined when the owner left a field prefilled with today alone (the server
 * then uses today in the spreadsheet's zone), else the field's value — '' when the browser could not
 * read what was typed, which the server refuses (never today in its place).
 */
export function dateToSend(input: HTMLInputElement, leftAloneMeansToday: boolean): string | undefined {
  if (leftAloneMeansToday && !input.dataset.touched) return undefined;
  return input.validity.badInput ? '' : input.value;
}

/** A field error when a date field holds a date the browser can't read, or none; else null. */
export function dateError(
  input: HTMLInputElement,
  field: string,
  leftAloneMeansToday: boolean,
): { field: string; message: string } | null {
  return dateToSend(input, leftAloneMeansToday) === '' ? { field, message: UNREADABLE_DATE } : null;
}

/**
 * A "Confirm: …" tick box the server asks for (a field error on `confirm`: a payment dated before its
 * invoice, a client another client already is): hidden until asked, unticked and hidden again when one
 * of `inputs` changes (the question was about what they held) or once the form has saved.
 */
export class Confirmation {
  readonly box = h('input', { type: 'checkbox' });
  /** The error slot and the hidden question, to place in the form. */
  readonly elements: HTMLElement[];
  private readonly question: HTMLElement;

  constructor(form: Form, label: string, inputs: readonly HTMLElement[]) {
    this.question = h('div', { hidden: true }, h('label', { class: 'choice' }, this.box, h('span', {}, label)));
    this.elements = [form.slot('confirm', this.box), this.question];
    for (const control of inputs) {
      control.addEventListener('input', () => this.reset());
      control.addEventListener('change', () => this.reset());
    }
  }

  get checked(): boolean {
    return this.box.checked;
  }

  /** Shows the question when the server's reply asks it; whether it did. */
  askIf(failure: Failure): boolean {
    if (!failure.errors.some((e) => e.field === 'confirm')) return false;
    this.question.hidden = false;
    this.box.focus();
    return true;
  }

  reset(): void {
    this.box.checked = false;
    this.question.hidden = true;
  }
}
