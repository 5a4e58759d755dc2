/**
 * A new version that asks for a new permission (an OAuth scope its manifest adds). Google asks each person
 * for it the next time they use the add-on, but an add-on's time-driven trigger cannot ask: it "executes
 * until it reaches code that uses an unauthorized service" (developers.google.com/workspace/add-ons/
 * concepts/editor-triggers). So the nightly run checks first, as Google's sample there does, and when
 * consent is missing runs nothing, records it in the system tab (every editor sees the notice at open)
 * and waits: the installer opens the add-on, Google asks, and the next hour's run goes on.
 */
import { type Installed, type NightlyStatus, NO_STATUS } from '../domain';
import { systemTab, userEmail, useSpreadsheet } from './context';

/** True when this user has yet to give a permission the add-on's current version asks for. */
export function authorizationRequired(): boolean {
  const info = ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL);
  return info.getAuthorizationStatus() === ScriptApp.AuthorizationStatus.REQUIRED;
}

export const CONSENT_NEEDED =
  'Studio Packages needs a permission its installer has not given yet: the nightly run did nothing. Open the spreadsheet and choose Extensions › Studio Packages › Nightly run status… to give it.';

/**
 * The nightly trigger `id`'s first step: false when it may run. Otherwise it notes, once, in the status
 * row of its spreadsheet (when it can still open it: the missing permission may be that one) that the
 * run waits for consent, and true (the caller stops).
 */
export function awaitingConsent(id: string, spreadsheetId: string | null): boolean {
  if (!authorizationRequired()) return false;
  try {
    const ss = spreadsheetId ? SpreadsheetApp.openById(spreadsheetId) : SpreadsheetApp.getActiveSpreadsheet();
    if (!ss) return true;
    useSpreadsheet(ss, id || null);
    // Only the trigger the spreadsheet names writes its status row.
    if (systemTab().json<Partial<Installed>>('nightly')?.triggerId !== id) return true;
    const status: NightlyStatus = { ...NO_STATUS, ...systemTab().json<NightlyStatus>('nightly status') };
    if (!status.consent) {
      systemTab().writeFixed('nightly status', {
        ...status,
        consent: { at: new Date().toISOString(), user: userEmail() },
      });
      SpreadsheetApp.flush();
    }
  } catch {
    // Nothing can be recorded without the spreadsheet's own permission: the run still stops here.
  }
  return true;
}
