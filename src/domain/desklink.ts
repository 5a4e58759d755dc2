/**
 * The front desk's address: the web app deployment's `/exec` URL, as the owner copies it from Apps Script
 * (Deploy › Manage deployments › Web app URL). Apps Script's `getService().getUrl()` can't be trusted for it:
 * "If you are running the development mode web app, this returns the development mode url"
 * (developers.google.com/apps-script/reference/script/service#getUrl()), and with several deployments it
 * names none in particular. A `/dev` address runs the latest saved code and opens for the script's
 * editors only, so the studio's phone would get "no access" or untested code.
 */

/** What the owner should do to find the right address. */
export const WHERE_TO_FIND_IT =
  'In the Apps Script project of Studio Packages, choose Deploy › Manage deployments, select the web app deployment and copy its Web app URL: it ends in /exec.';

const ADDRESS =
  /^https:\/\/script\.google\.com\/(?:a\/macros\/[^/?#\s]+\/|a\/[^/?#\s]+\/macros\/|macros\/)s\/([A-Za-z0-9_-]+)\/(exec|dev)\/?(?:[?#]\S*)?$/;

/** The address to store (its /exec URL, without any query), or why it is refused. */
export function deskAddress(text: string | null | undefined): { ok: true; url: string } | { ok: false; why: string } {
  const typed = (text ?? '').trim();
  if (!typed) return { ok: false, why: `No address was given. ${WHERE_TO_FIND_IT}` };
  const m = ADDRESS.exec(typed);
  if (!m)
    return {
      ok: false,
      why: `"${typed.slice(0, 120)}" is not a web app address (https://script.google.com/macros/s/…/exec). ${WHERE_TO_FIND_IT}`,
    };
  if (m[2] === 'dev')
    return {
      ok: false,
      why: `That address ends in /dev: it is the script's development address, which runs unpublished code and opens only for the script's own editors, not the studio's. ${WHERE_TO_FIND_IT}`,
    };
  return { ok: true, url: typed.replace(/\/?(?:[?#]\S*)?$/, '') };
}

/** The link the studio's phone opens: the address with this spreadsheet's id. */
export function deskLink(address: string, spreadsheetId: string): string {
  return `${address}?s=${encodeURIComponent(spreadsheetId)}`;
}
