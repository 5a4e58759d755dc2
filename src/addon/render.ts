/**
 * Builds a sidebar's HTML on the server: the shared shell (Google's add-on styles) with the page's
 * bundled client script inlined (HtmlService sidebars run in the IFRAME sandbox; no external scripts).
 */
import shell from '../ui/shell.html';

declare const __CLIENT_SCRIPTS__: Record<string, string>;

export const SIDEBARS = {
  package: 'Set up package',
  clients: 'Add or edit a client',
  sale: 'Sell package',
  checkin: 'Check in',
  history: 'Adjustments history',
  payment: 'Record payment',
  pause: 'Pause sales',
  exports: 'Export for accounting',
  stripe: 'Get paid with Stripe',
} as const;
export type SidebarName = keyof typeof SIDEBARS;

/**
 * Inline scripts must not close their own tag. (The shell's placeholder is `__CLIENT_SCRIPT__`, a JS
 * identifier, because the formatter rewrites the script element's content as JavaScript.)
 */
function inlineScript(code: string): string {
  return code.replace(/<\/script/gi, '<\\/script');
}

/** Text as HTML text: never markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What a sidebar says above its page about the nightly run. */
export interface NightlyBanner {
  /** A failed or stopped nightly run (shown as a notice), or null. */
  notice: string | null;
  /** Who installed it and how it last went (a muted line), or null. */
  status: string | null;
  /** Today in the studio (the spreadsheet's time zone): the date fields' default. */
  today?: string;
}

/** The page, with the nightly run's notice and status line above it. */
export function sidebarHtml(name: SidebarName, nightly: NightlyBanner = { notice: null, status: null }): string {
  const banner = [
    nightly.notice ? `<p class="notice" role="status" id="nightly-notice">${escapeHtml(nightly.notice)}</p>` : '',
    nightly.status ? `<p class="note" id="nightly-status">${escapeHtml(nightly.status)}</p>` : '',
  ].join('');
  return page({ title: SIDEBARS[name], page: name, today: nightly.today, notice: banner });
}

/** The front desk web app's page for the spreadsheet `spreadsheetId` (its id goes on the page, not its data). */
export function deskHtml(spreadsheetId: string, today: string): string {
  return page({ title: 'Front desk', page: 'desk', today, spreadsheet: spreadsheetId });
}

/** A page of the web app that only says something (no access, no link): a heading and a paragraph. */
export function deskMessageHtml(title: string, text: string, signedInAs = ''): string {
  const who = signedInAs ? `<p class="note">Signed in as ${escapeHtml(signedInAs)}.</p>` : '';
  const body = `<h1>${escapeHtml(title)}</h1><p class="lead" role="alert">${escapeHtml(text)}</p>${who}`;
  return page({ title, page: 'desk', main: body, script: false });
}

/**
 * The shell filled in, in one pass: text put in (the notice, the script) is never searched for
 * placeholders. `script: false` leaves the page without its client script (a message page).
 */
function page(p: {
  title: string;
  page: string;
  today?: string;
  spreadsheet?: string;
  notice?: string;
  main?: string;
  script?: false;
}): string {
  const fill: Record<string, string> = {
    '{{title}}': escapeHtml(p.title),
    '{{page}}': p.page,
    '{{today}}': p.today && /^\d{4}-\d{2}-\d{2}$/.test(p.today) ? p.today : '',
    '{{spreadsheet}}': escapeHtml(p.spreadsheet ?? ''),
    '{{notice}}': p.notice ?? '',
    '{{main}}': p.main ?? '',
  };
  const script = p.script === false ? '' : (__CLIENT_SCRIPTS__[p.page] ?? '');
  return shell.replace(/\{\{(?:title|page|today|spreadsheet|notice|main)\}\}|__CLIENT_SCRIPT__;?/g, (token) =>
    token.startsWith('{{') ? fill[token] : inlineScript(script),
  );
}
