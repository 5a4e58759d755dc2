/**
 * The front desk's link: the web app deployment's /exec address, stored in the hidden system tab when it
 * is set up (src/domain/desklink.ts says why getUrl() alone can't be trusted), with the spreadsheet's id.
 */

import { deskAddress, deskLink } from '../domain';
import { activeSpreadsheet, systemTab } from './context';
import { withDocumentLock } from './lock';
import { escapeHtml } from './render';

/** The system tab's key/value row holding the address. */
const KEY = 'desk link';

/** What the studio knows of the desk's address: stored, offered by Google (getUrl()), or neither. */
export interface DeskAddress {
  /** The /exec address to use, or null. */
  url: string | null;
  /** Where it came from: the system tab, or getUrl() (an /exec address not stored yet). */
  source: 'stored' | 'getUrl' | null;
  /** Why there is none (what to do), when url is null. */
  why: string | null;
}

/** The address as stored, else getUrl()'s when it is an /exec one; never written here. */
export function findDeskAddress(): DeskAddress {
  const stored = systemTab().json<string>(KEY);
  const checked = stored ? deskAddress(stored) : null;
  if (checked?.ok) return { url: checked.url, source: 'stored', why: null };
  const offered = ScriptApp.getService().getUrl();
  const fromGoogle = deskAddress(offered);
  if (fromGoogle.ok) return { url: fromGoogle.url, source: 'getUrl', why: null };
  const why = offered
    ? fromGoogle.why
    : `The front desk web app is not deployed yet, or its address was never given (README: "The front desk on a phone"). ${fromGoogle.why}`;
  return { url: null, source: null, why };
}

/** Stores an /exec address (under the studio's lock: the system tab's key rows are written as one block). */
function store(url: string): void {
  withDocumentLock(() => {
    systemTab().put(KEY, url);
    systemTab().flush();
  });
}

/** Asks the owner for the address; the stored one, or null (cancelled, or refused: they are told why). */
function askForAddress(reason: string): string | null {
  const ui = SpreadsheetApp.getUi();
  const answer = ui.prompt(
    'Front desk address',
    `${reason}\n\nPaste the front desk web app's address (it ends in /exec):`,
    ui.ButtonSet.OK_CANCEL,
  );
  if (answer.getSelectedButton() !== ui.Button.OK) return null;
  const checked = deskAddress(answer.getResponseText());
  if (!checked.ok) {
    ui.alert('Front desk address', `Not saved. ${checked.why}`, ui.ButtonSet.OK);
    return null;
  }
  store(checked.url);
  return checked.url;
}

function showLink(url: string): void {
  const link = deskLink(url, activeSpreadsheet().getId());
  const html = HtmlService.createHtmlOutput(linkDialogHtml(link)).setWidth(560).setHeight(250);
  SpreadsheetApp.getUi().showModalDialog(html, 'Front desk link');
}

/**
 * The link as a link (it opens in a new tab), and whole in a field to copy: an alert's plain text cut
 * it off and could not be clicked. The address is escaped: it is text, never markup.
 */
function linkDialogHtml(link: string): string {
  const a = escapeHtml(link);
  return [
    '<!DOCTYPE html><html><head><base target="_blank"><style>',
    'body{font:14px/20px Roboto,Arial,sans-serif;color:#1f1f1f;margin:0;padding:4px}',
    'p{margin:0 0 10px}a{color:#0b57d0;overflow-wrap:anywhere}',
    'input{box-sizing:border-box;width:100%;font:inherit;padding:6px 8px;margin:0 0 10px;border:1px solid #747775;border-radius:4px}',
    '</style></head><body>',
    "<p>Open this link on the studio's phone or tablet (and add it to the home screen):</p>",
    `<p><a href="${a}" rel="noopener">${a}</a></p>`,
    `<input readonly value="${a}" aria-label="The front desk link, to copy" onfocus="this.select()">`,
    '<p>It works for the people this spreadsheet is shared with as editors, each signed in with their own Google account. The link is not a password: anyone else who opens it sees that they have no access.</p>',
    '</body></html>',
  ].join('');
}

/** The front desk's link, to copy to the studio's devices; the address is asked for once when unknown. */
export function menuFrontDeskLink(): void {
  const found = findDeskAddress();
  if (found.source === 'getUrl' && found.url) store(found.url);
  const url = found.url ?? askForAddress(found.why ?? '');
  if (url) showLink(url);
}

/** Gives (or changes) the front desk's address: after a new deployment, or when getUrl() gave none. */
export function menuFrontDeskAddress(): void {
  const found = findDeskAddress();
  const now = found.url ? `The front desk's address is now ${found.url}.` : (found.why ?? '');
  const url = askForAddress(now);
  if (url) showLink(url);
}
