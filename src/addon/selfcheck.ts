/**
 * "Check this installation…": run in the real spreadsheet after installing (README), it tries each thing
 * the local runtime assumes about Google and no test here can confirm, changing none of the studio's data,
 * and says what it found in words an owner can send to support.
 */
import { counted, type Installed, type NightlyStatus, NO_STATUS } from '../domain';
import { readArchiveInfo } from '../sheets/archive-info';
import { probeSheetsApi } from '../sheets/selfcheck';
import { authorizationRequired } from './consent';
import { activeSpreadsheet, systemTab, userEmail } from './context';
import { findDeskAddress } from './desklink';
import { endpoint, type Reply } from './reply';
import { NIGHTLY_HANDLER } from './triggers';

export interface Check {
  name: string;
  /** true: as expected; false: not, `detail` says what to do; null: nothing to check yet. */
  ok: boolean | null;
  detail: string;
}

function tryCheck(name: string, run: () => Omit<Check, 'name'>): Check {
  try {
    return { name, ...run() };
  } catch (e) {
    return { name, ok: false, detail: `the check itself failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function authorizationCheck(): Omit<Check, 'name'> {
  if (authorizationRequired())
    return { ok: false, detail: 'you have not given every permission this version asks for: reopen the add-on.' };
  const status = { ...NO_STATUS, ...systemTab().json<NightlyStatus>('nightly status') };
  if (status.consent)
    return {
      ok: false,
      detail: `the nightly run waits for ${status.consent.user || 'its installer'} to give a permission this version asks for (since ${status.consent.at}): they should open the add-on's Nightly run status….`,
    };
  return { ok: true, detail: 'every permission this version asks for is given.' };
}

function triggerCheck(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): Omit<Check, 'name'> {
  const installed = systemTab().json<Partial<Installed>>('nightly');
  if (!installed?.triggerId) return { ok: false, detail: 'not installed: choose Install nightly trigger.' };
  if (installed.user && installed.user.toLowerCase() !== userEmail().toLowerCase())
    return {
      ok: null,
      detail: `installed by ${installed.user}; Google shows a trigger only to its owner, so they should run this check.`,
    };
  const mine = ScriptApp.getUserTriggers(ss);
  const found = mine.find((t) => t.getUniqueId() === installed.triggerId);
  if (found?.getHandlerFunction() === NIGHTLY_HANDLER)
    return { ok: true, detail: `Google lists it for this spreadsheet (trigger ${installed.triggerId}).` };
  return {
    ok: false,
    detail: `the system tab names trigger ${installed.triggerId}, but Google lists ${counted(mine.length, 'other trigger', 'other triggers')} of yours here and not that one: choose Install nightly trigger again.`,
  };
}

function deskCheck(): Omit<Check, 'name'> {
  const found = findDeskAddress();
  if (!found.url) return { ok: false, detail: `${found.why} Then choose Front desk address….` };
  const where = found.source === 'stored' ? 'stored' : 'given by Google, not stored yet (choose Front desk link…)';
  return { ok: true, detail: `${found.url} (${where}).` };
}

function archiveCheck(): Omit<Check, 'name'> {
  const id = readArchiveInfo(systemTab()).id;
  if (!id) return { ok: null, detail: 'no archive yet (the first archive run creates it).' };
  try {
    const archive = SpreadsheetApp.openById(id);
    return { ok: true, detail: `"${archive.getName()}" (${id}) opens for you.` };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      detail: `the archive ${id} does not open for you (${why}): ask its owner to share it with you as an editor.`,
    };
  }
}

function mailCheck(): Omit<Check, 'name'> {
  const left = MailApp.getRemainingDailyQuota();
  if (left > 0) return { ok: true, detail: `${counted(left, 'email recipient', 'email recipients')} left today.` };
  return { ok: false, detail: "today's email quota is used up: emails wait for tomorrow's quota." };
}

/** Every check, in the order the report lists them. Reads only. */
export function checkInstallation(): Reply<{ checks: Check[]; report: string }> {
  return endpoint(() => {
    const ss = activeSpreadsheet();
    const checks = [
      tryCheck('Authorization', authorizationCheck),
      tryCheck('Nightly trigger', () => triggerCheck(ss)),
      tryCheck('Sheets API', () => probeSheetsApi(ss)),
      tryCheck('Front desk link', deskCheck),
      tryCheck('Archive', archiveCheck),
      tryCheck('Email quota', mailCheck),
    ];
    return { ok: true, checks, report: reportOf(ss, checks) };
  });
}

function reportOf(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, checks: readonly Check[]): string {
  const failed = checks.filter((c) => c.ok === false).length;
  const mark = (c: Check) => (c.ok === true ? 'OK' : c.ok === false ? 'PROBLEM' : 'NOTE');
  return [
    `Studio Packages installation check, ${new Date().toISOString()}`,
    `Spreadsheet ${ss.getId()}, checked by ${userEmail() || 'an unknown account'}.`,
    failed ? `${counted(failed, 'problem', 'problems')} found.` : 'Everything checked is as expected.',
    '',
    ...checks.map((c) => `${mark(c)} ${c.name}: ${c.detail}`),
  ].join('\n');
}

/** The menu item: the report in an alert, to read or copy to support. */
export function menuCheckInstallation(): void {
  const reply = checkInstallation();
  const ui = SpreadsheetApp.getUi();
  const text = reply.ok ? reply.report : reply.errors.map((e) => e.message).join('\n');
  ui.alert('Check this installation', text, ui.ButtonSet.OK);
}
