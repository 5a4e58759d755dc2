/**
 * The front desk on a phone: a web app of the same Apps Script project (`doGet`), deployed to execute as
 * the user accessing it, for signed-in Google accounts (appsscript.json `webapp`). Editor add-ons have no
 * menu or sidebar in the Sheets mobile apps, so the door's phone or tablet opens this page instead.
 *
 * The link carries the spreadsheet's id (`?s=<id>`). The id is not a secret and grants nothing: every
 * call runs as the person signed in and opens the spreadsheet with their own access. The page is served
 * only to its owner and editors (asked before anything is read); a search or a client page reads no more
 * than the person could read in Sheets; a check-in or an undo is refused by Google itself to anyone who
 * may only view (its first request writes), and they are told so (`atTheStudio`).
 *
 * Each call then runs the sidebars' own endpoints on that spreadsheet: the same rules, lock and ledger.
 */
import {
  containsPattern,
  DESK_CHECK_IN,
  DESK_CLIENT,
  DESK_SEARCH,
  DESK_UNDO,
  type Declared,
  type DeskCheckInInput,
  type DeskClientInput,
  type DeskSearchInput,
  type DeskUndoInput,
  type IsoDate,
  MAX_FOUND,
  RECENT_CHECK_INS,
  stillInUse,
  undoKey,
  whyNoUndo,
} from '../domain';
import type { Focus } from '../sheets/store';
import { openDeskStore, userEmail, useSpreadsheet } from './context';
import { deskHtml, deskMessageHtml } from './render';
import { endpoint, type Failure, failure, type Reply } from './reply';
import { checkIn, getAdjustments, type LedgerRow, type SaleSummary, undoCheckIn } from './sessions';

const TITLE = 'Front desk · Studio Packages';
/** What a spreadsheet id looks like (letters, digits, - and _): anything else opens nothing. */
const SPREADSHEET_ID = /^[A-Za-z0-9_-]{1,200}$/;

export const NO_ACCESS =
  "You don't have edit access to this studio's spreadsheet. Ask its owner to share it with your Google account as an editor, then open the link again.";

/** The spreadsheet `id` opened as the person signed in (with whatever access they have), or null. */
function openAsPerson(id: unknown): GoogleAppsScript.Spreadsheet.Spreadsheet | null {
  if (typeof id !== 'string' || !SPREADSHEET_ID.test(id) || !userEmail()) return null;
  try {
    return SpreadsheetApp.openById(id);
  } catch {
    // openById refuses a file the person cannot open.
    return null;
  }
}

/**
 * Whether the person signed in owns `ss` or edits it (view or comment access is not enough). Sharing
 * through a Google Group or with a whole domain is not listed by getEditors(): share with each person's
 * account.
 */
function editsIt(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): boolean {
  const me = userEmail().toLowerCase();
  try {
    // The editors first: the staff at the door are listed there, so their calls ask once, not twice.
    if (ss.getEditors().some((user) => user.getEmail().toLowerCase() === me)) return true;
    const owner = ss.getOwner();
    return !!owner && owner.getEmail().toLowerCase() === me;
  } catch {
    // getEditors refuses a person who cannot edit.
    return false;
  }
}

/** The spreadsheet `id` opened as the person signed in, when they own it or edit it; null otherwise. */
function openAsEditor(id: unknown): GoogleAppsScript.Spreadsheet.Spreadsheet | null {
  const ss = openAsPerson(id);
  return ss && editsIt(ss) ? ss : null;
}

type Denied = Failure & { denied: true };

const denied: Denied = { ok: false, denied: true, errors: [{ field: 'spreadsheetId', message: NO_ACCESS }] };

/**
 * Runs `fn` on the spreadsheet the request names, with the request parsed as `declared` says
 * (src/domain/inputs.ts): a spreadsheet id that is not one is no access; any other field that is wrong is
 * refused before the spreadsheet is opened. The spreadsheet is opened with the person's own access, so
 * Google refuses anyone it is not shared with. Who may use the desk is asked where the page is served
 * (`doGet`: its owner and editors); a search or a client page (`change` false) reads only what the person
 * could read in Sheets, so it does not ask again (one round trip less, on the two calls made while a client
 * waits). A change (a check-in, an undo) is one Google itself refuses to a person who may only view: its
 * first request is a write (the studio's lease, claimed before any row is read: src/addon/lock.ts), so who
 * may edit is asked only when the change failed, and a person who may not is told so.
 */
function atTheStudio<I extends { spreadsheetId: string }, T>(
  declared: Declared<I>,
  input: I,
  fn: (request: I) => Reply<T>,
  change = false,
): Reply<T> | Denied {
  const parsed = declared.parse(input);
  if (!parsed.ok) return parsed.errors.some((e) => e.field === 'spreadsheetId') ? denied : failure(parsed.errors);
  const ss = openAsPerson(parsed.value.spreadsheetId);
  if (!ss) return denied;
  useSpreadsheet(ss);
  if (!change) return fn(parsed.value);
  let reply: Reply<T>;
  try {
    reply = fn(parsed.value);
  } catch (e) {
    // Google's refusal of the first write, to a person who may only view; any other failure stands.
    if (mayOnlyView(ss)) return denied;
    throw e;
  }
  return reply.ok || !mayOnlyView(ss) ? reply : denied;
}

/**
 * After a change failed: whether the person signed in may only view `ss`. Anyone who may open it can ask
 * for its owner, only those who may edit it for its editors (getEditors refuses the rest, whether or not
 * they are listed: an editor through a group or a domain is not). So a failure to ask for the owner tells
 * nothing (the execution failed, and its failure stands); a refusal to list the editors, just after, is
 * Google saying the person may not edit.
 */
function mayOnlyView(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): boolean {
  try {
    ss.getOwner();
  } catch {
    return false;
  }
  try {
    ss.getEditors();
    return false;
  } catch {
    return true;
  }
}

/** The studio's today (its spreadsheet's time zone), for the page's dates. */
function studioToday(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): IsoDate {
  return Utilities.formatDate(new Date(), ss.getSpreadsheetTimeZone(), 'yyyy-MM-dd');
}

/** The page: the front desk for an editor of the spreadsheet in `?s=`, else why not. */
export function doGet(e?: GoogleAppsScript.Events.DoGet): GoogleAppsScript.HTML.HtmlOutput {
  const id = e?.parameter?.s;
  let html: string;
  if (!id) {
    html = deskMessageHtml(
      'Open the front desk from its link',
      "In the studio's spreadsheet, choose Extensions › Studio Packages › Front desk link…, and open that link here.",
    );
  } else {
    const ss = openAsEditor(id);
    html = ss ? deskHtml(id, studioToday(ss)) : deskMessageHtml('No access', NO_ACCESS, userEmail());
  }
  // No client's name ever goes in the title: it shows in the browser's tabs and history.
  return HtmlService.createHtmlOutput(html)
    .setTitle(TITLE)
    .addMetaTag('viewport', 'width=device-width, initial-scale=1');
}

/** A client a search found. */
export interface DeskClient {
  id: string;
  name: string;
}

/** Clients whose name contains `query` (2 letters at least): `{ spreadsheetId, query }`. */
export function deskSearch(input: DeskSearchInput): Reply<{ clients: DeskClient[]; more: boolean }> | Denied {
  return atTheStudio(DESK_SEARCH, input, ({ query }) =>
    endpoint(() => {
      // One search of the Name column, done by Google before anything is read; only the rows found are
      // read, in the store's first request.
      const names: Focus = { tab: 'clients', by: 'Name', patterns: [containsPattern(query)], limit: MAX_FOUND + 1 };
      const store = openDeskStore([names]);
      store.focus(names);
      const found = store
        .clients()
        .records.map((c) => ({ id: c.id, name: c.name }))
        .sort((a, b) => a.name.localeCompare(b.name));
      // More: the rows found, not the clients read from them (a row that can't be read still matched),
      // so a reply without "more" holds every match and the page may narrow it as the name is typed on.
      const rows = store.rawKeys('clients', 'Client ID').length;
      return { ok: true, clients: found.slice(0, MAX_FOUND), more: Math.max(rows, found.length) > MAX_FOUND };
    }),
  );
}

/** A check-in the desk may undo. */
export interface DeskCheckIn {
  key: string;
  saleId: string;
  packageName: string;
  date: IsoDate;
  undone: boolean;
  /** False for a check-in too old to undo here, or one a lapse has counted since (whyNoUndo). */
  undoable: boolean;
}

/**
 * A client's sales (sessions left, when the next come, what is owed) and their recent check-ins:
 * `{ spreadsheetId, clientId }`. Reads that client's rows only.
 */
export function deskClient(
  input: DeskClientInput,
): Reply<{ sales: SaleSummary[]; checkIns: DeskCheckIn[]; unreadable: string[] }> | Denied {
  // One client's rows, never the studio's: without a client there is nothing to show.
  return atTheStudio(DESK_CLIENT, input, ({ clientId }) => {
    const reply = getAdjustments({ clientId });
    if (!reply.ok) return reply;
    const names = new Map(reply.sales.map((s) => [s.id, s.packageName]));
    const keys = new Set(reply.adjustments.map((a) => a.key));
    const ledger = (saleId: string) => reply.adjustments.filter((a) => a.saleId === saleId);
    // Newest first: by date, then by the sheet row (the add-on appends each check-in below the last row,
    // so of two the same day, on any of the client's packages, the lower row is the later one).
    const later = (a: LedgerRow, b: LedgerRow) =>
      a.date !== b.date ? (a.date < b.date ? 1 : -1) : (b.sheetRow ?? 0) - (a.sheetRow ?? 0);
    const checkIns = reply.adjustments
      .filter((a) => a.type === 'use')
      .sort(later)
      .slice(0, RECENT_CHECK_INS)
      .map((a) => ({
        key: a.key,
        saleId: a.saleId,
        packageName: names.get(a.saleId) ?? '',
        date: a.date,
        undone: keys.has(undoKey(a.saleId, a.key)),
        undoable: whyNoUndo(ledger(a.saleId), a, reply.today) === null,
      }));
    // Finished sales drop off the desk unless they still hold sessions.
    const sales = reply.sales.filter(stillInUse);
    // Rows of this client's that can't be read are shown as such: the page never says "no package" for them.
    return { ok: true, sales, checkIns, unreadable: reply.unreadable };
  });
}

/** Checks in one session today: `{ spreadsheetId, saleId, clientId?, overdraw?, requestId }` (clientId: who attends a shared sale). */
export function deskCheckIn(input: DeskCheckInInput): ReturnType<typeof checkIn> | Denied {
  return atTheStudio(DESK_CHECK_IN, input, ({ spreadsheetId: _, ...request }) => checkIn(request), true);
}

/** Undoes a check-in with a reason: `{ spreadsheetId, saleId, checkInKey, reason }` (once per check-in). */
export function deskUndo(input: DeskUndoInput): ReturnType<typeof undoCheckIn> | Denied {
  return atTheStudio(DESK_UNDO, input, ({ spreadsheetId: _, ...request }) => undoCheckIn(request), true);
}
