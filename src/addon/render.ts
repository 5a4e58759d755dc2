/**
 * Builds a sidebar's HTML on the server: the shared shell (Google's add-on styles) with the page's
 * bundled client script inlined (HtmlService sidebars run in the IFRAME sandbox; no external scripts).
 */
import shell from '../ui/shell.html';

declare const __CLIENT_SCRIPTS__: Record<string, string>;

export const SIDEBARS = {
  package: 'Set up package',
  sale: 'Sell package',
  checkin: 'Check in',
  history: 'Adjustments history',
  payment: 'Record payment',
  pause: 'Pause sales',
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
  const today = nightly.today && /^\d{4}-\d{2}-\d{2}$/.test(nightly.today) ? nightly.today : '';
  const script = __CLIENT_SCRIPTS__[name] ?? '';
  const banner = [
    nightly.notice ? `<p class="notice" role="status" id="nightly-notice">${escapeHtml(nightly.notice)}</p>` : '',
    nightly.status ? `<p class="note" id="nightly-status">${escapeHtml(nightly.status)}</p>` : '',
  ].join('');
  // One pass over the shell: text put in (the notice, the script) is never searched for placeholders.
  const fill: Record<string, string> = {
    '{{title}}': SIDEBARS[name],
    '{{page}}': name,
    '{{today}}': today,
    '{{notice}}': banner,
  };
  return shell.replace(/\{\{(?:title|page|today|notice)\}\}|__CLIENT_SCRIPT__;?/g, (token) =>
    token.startsWith('{{') ? fill[token] : inlineScript(script),
  );
}
