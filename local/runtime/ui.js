// @ts-check
// The editor UI (SpreadsheetApp.getUi()): menus, sidebars, modal dialogs and alerts, recorded in a
// UiRecord so a preview server or a test can read what the script showed.

const { makeEnum, signature } = require('./instrument');

const Button = makeEnum(['CLOSE', 'OK', 'CANCEL', 'YES', 'NO']);
const ButtonSet = makeEnum(['OK', 'OK_CANCEL', 'YES_NO', 'YES_NO_CANCEL']);
const FIRST_BUTTON = { OK: Button.OK, OK_CANCEL: Button.OK, YES_NO: Button.YES, YES_NO_CANCEL: Button.YES };

/**
 * @typedef {{ type: 'item', caption: string, functionName: string } | { type: 'separator' }
 *   | { type: 'submenu', caption: string, items: MenuItem[] }} MenuItem
 * @typedef {{ caption: string | null, addon: boolean, items: MenuItem[] }} MenuRecord
 * @typedef {{ title: string, content: string, width: number | null, height: number | null }} HtmlRecord
 * @typedef {{ title: string | null, prompt: string, buttons: string }} AlertRecord
 * @typedef {{ message: string, title: string | null, timeoutSeconds: number }} ToastRecord
 * @typedef {{ menus: MenuRecord[], sidebars: HtmlRecord[], dialogs: HtmlRecord[], alerts: AlertRecord[],
 *   alertResponses: string[], toasts: ToastRecord[], prompts?: AlertRecord[],
 *   promptResponses?: { button: string, text: string }[] }} UiRecord
 */

/** @returns {UiRecord} */
function createUiRecord() {
  return {
    menus: [],
    sidebars: [],
    dialogs: [],
    alerts: [],
    alertResponses: [],
    toasts: [],
    prompts: [],
    promptResponses: [],
  };
}

class Ui {
  /** @param {import('./instrument').Env} env @param {UiRecord} record */
  constructor(env, record) {
    this._env = env;
    this._record = record;
    this.Button = Button;
    this.ButtonSet = ButtonSet;
  }

  /** @param {string} caption */
  createMenu(caption) {
    return this._env.wrap(new Menu(this._env, this._record, String(caption), false), 'Menu', 'SpreadsheetApp');
  }

  createAddonMenu() {
    return this._env.wrap(new Menu(this._env, this._record, null, true), 'Menu', 'SpreadsheetApp');
  }

  /** @param {unknown} htmlOutput */
  showSidebar(htmlOutput) {
    this._record.sidebars.push(this._html(htmlOutput, 'showSidebar'));
  }

  /** @param {unknown} htmlOutput @param {string} title */
  showModalDialog(htmlOutput, title) {
    this._record.dialogs.push({ ...this._html(htmlOutput, 'showModalDialog'), title: String(title) });
  }

  /** @param {unknown} htmlOutput @param {string} method @returns {HtmlRecord} */
  _html(htmlOutput, method) {
    const out = /** @type {{ _snapshot?: () => HtmlRecord }} */ (this._env.unwrap(htmlOutput));
    if (!out || typeof out._snapshot !== 'function') {
      throw this._env.exception(
        `The parameters (${signature([htmlOutput])}) don't match the method signature for Ui.${method}.`,
      );
    }
    return out._snapshot();
  }

  /**
   * alert(prompt), alert(prompt, buttons), alert(title, prompt, buttons). Returns the next queued
   * response from `record.alertResponses` (a Button name), else the set's first button (OK or YES).
   * @param {...unknown} args
   */
  alert(...args) {
    const [a, b, c] = args;
    const [title, prompt, buttons] = args.length >= 3 ? [String(a), String(b), c] : [null, String(a), b];
    const set = buttons === undefined ? ButtonSet.OK : buttons;
    const name = Object.keys(ButtonSet).find((k) => ButtonSet[/** @type {keyof typeof ButtonSet} */ (k)] === set);
    if (!name)
      throw this._env.exception(`The parameters (${signature(args)}) don't match the method signature for Ui.alert.`);
    this._record.alerts.push({ title, prompt, buttons: name });
    const queued = this._record.alertResponses.shift();
    return queued
      ? Button[/** @type {keyof typeof Button} */ (queued)]
      : FIRST_BUTTON[/** @type {keyof typeof FIRST_BUTTON} */ (name)];
  }

  /**
   * prompt(prompt), prompt(prompt, buttons), prompt(title, prompt, buttons) (reference/base/ui#prompt):
   * a dialog with one line of text. Recorded in `record.prompts`; answers the next queued
   * `record.promptResponses` entry ({ button, text }), else the set's first button with an empty text.
   * @param {...unknown} args
   */
  prompt(...args) {
    const [a, b, c] = args;
    const [title, prompt, buttons] = args.length >= 3 ? [String(a), String(b), c] : [null, String(a), b];
    const set = buttons === undefined ? ButtonSet.OK : buttons;
    const name = Object.keys(ButtonSet).find((k) => ButtonSet[/** @type {keyof typeof ButtonSet} */ (k)] === set);
    if (!name)
      throw this._env.exception(`The parameters (${signature(args)}) don't match the method signature for Ui.prompt.`);
    const record = this._record;
    record.prompts = record.prompts ?? [];
    record.prompts.push({ title, prompt, buttons: name });
    const queued = (record.promptResponses ?? []).shift();
    const button = queued
      ? Button[/** @type {keyof typeof Button} */ (queued.button)]
      : FIRST_BUTTON[/** @type {keyof typeof FIRST_BUTTON} */ (name)];
    return this._env.wrap(new PromptResponse(button, queued?.text ?? ''), 'PromptResponse', 'SpreadsheetApp');
  }
}

class PromptResponse {
  /** @param {unknown} button @param {string} text */
  constructor(button, text) {
    this._button = button;
    this._text = String(text);
  }

  getResponseText() {
    return this._text;
  }

  getSelectedButton() {
    return this._button;
  }
}

class Menu {
  /** @param {import('./instrument').Env} env @param {UiRecord} record @param {string | null} caption @param {boolean} addon */
  constructor(env, record, caption, addon) {
    this._env = env;
    this._record = record;
    this._caption = caption;
    this._addon = addon;
    /** @type {MenuItem[]} */
    this._items = [];
  }

  /** @param {string} caption @param {string} functionName */
  addItem(caption, functionName) {
    this._items.push({ type: 'item', caption: String(caption), functionName: String(functionName) });
    return this;
  }

  addSeparator() {
    this._items.push({ type: 'separator' });
    return this;
  }

  /** @param {Menu} menu */
  addSubMenu(menu) {
    const sub = this._env.unwrap(menu);
    if (!(sub instanceof Menu))
      throw this._env.exception(
        `The parameters (${signature([menu])}) don't match the method signature for Menu.addSubMenu.`,
      );
    this._items.push({ type: 'submenu', caption: sub._caption ?? '', items: sub._items.slice() });
    return this;
  }

  /** Adds the menu to the editor (replacing an earlier menu with the same caption). */
  addToUi() {
    const menus = this._record.menus;
    const existing = menus.findIndex((m) => m.caption === this._caption && m.addon === this._addon);
    const record = { caption: this._caption, addon: this._addon, items: structuredClone(this._items) };
    if (existing >= 0) menus[existing] = record;
    else menus.push(record);
  }
}

module.exports = { Ui, Menu, Button, ButtonSet, createUiRecord };
