// Issue 29, finding 6: a new version that adds a scope. Google asks each person for the new permission the
// next time they use the add-on, but an add-on's trigger "executes until it reaches code that uses an
// unauthorized service" (developers.google.com/workspace/add-ons/concepts/editor-triggers). The runtime
// models it (auth.js, scriptapp.js): a user whose granted scopes are an older version's set gets REQUIRED
// from getAuthorizationInfo(FULL), and a trigger's call that needs the new scope fails with Google's text.
// The nightly run checks first (Google's sample), runs nothing, records it, and every editor is told.
import { SYSTEM_TAB } from '../../sheets-template/tabs';
import { FORTNIGHTLY_RESET, MODES, type Mode, newStudio, ok, type Studio } from '../support/studio';

const OWNER = 'owner@studio.test';
const EDITOR = 'frontdesk@studio.test';
const MAIL = 'https://www.googleapis.com/auth/script.send_mail';
const manifestScopes: string[] = require('../../dist/appsscript.json').oauthScopes;
/** The scopes of the version before this one, which sent no email. */
const OLD_SCOPES = manifestScopes.filter((s) => s !== MAIL);

function studioFor(mode: Mode): Studio {
  const studio = newStudio({ mode });
  const pkg = ok(studio.call('2026-01-05', 'savePackage', FORTNIGHTLY_RESET)).package;
  const client = ok(studio.call('2026-01-05', 'saveClient', { name: 'Ava Chen', email: 'ava@example.com' })).client;
  ok(studio.call('2026-01-05', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-01-05' }));
  ok(studio.call('2026-01-18', 'installNightlyTrigger', undefined, { userEmail: OWNER }));
  return studio;
}

function fire(studio: Studio, at: string) {
  return studio.cloud.triggers
    .filter((t: any) => t.documentId === studio.workbook.id)
    .map((t: any) => studio.runtime(at).runTrigger(t.id));
}

function nightlyStatus(studio: Studio): any {
  const row = studio.dump(SYSTEM_TAB.name)[SYSTEM_TAB.name].find((r) => r.Key === 'nightly status');
  return row?.Value ? JSON.parse(String(row.Value)) : null;
}

describe('the runtime: a new version that adds a scope', () => {
  it('getAuthorizationInfo(FULL) is REQUIRED for a user who granted the old set; a trigger call needing the new scope fails', () => {
    const studio = newStudio({ mode: 'addon' });
    studio.cloud.authorizations[OWNER] = OLD_SCOPES;
    const rt = studio.runtime('2026-01-19T02:00', { userEmail: OWNER });
    const trigger = rt.globals({ timeDriven: true, user: OWNER });
    const { ScriptApp, MailApp, PropertiesService } = trigger;
    const info = ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL);
    expect(info.getAuthorizationStatus()).toBe(ScriptApp.AuthorizationStatus.REQUIRED);
    expect(info.getAuthorizationUrl()).toMatch(/^https:\/\//);
    expect(ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.LIMITED).getAuthorizationStatus()).toBe(
      ScriptApp.AuthorizationStatus.NOT_REQUIRED,
    );
    expect(() => MailApp.getRemainingDailyQuota()).toThrow('Authorization is required to perform that action.');
    // What the old set covers still works, and so does what needs no scope.
    expect(() => PropertiesService.getUserProperties().getProperty('x')).not.toThrow();
    expect(trigger.SpreadsheetApp.openById(studio.workbook.id).getId()).toBe(studio.workbook.id);
    // A person using the add-on is asked, and accepts: granted from then on.
    rt.load();
    expect(studio.cloud.authorizations[OWNER]).toBeUndefined();
    const again = rt.globals({ timeDriven: true, user: OWNER }).ScriptApp;
    expect(again.getAuthorizationInfo(again.AuthMode.FULL).getAuthorizationStatus()).toBe(
      again.AuthorizationStatus.NOT_REQUIRED,
    );
  });
});

describe.each(MODES)('%s: the nightly run after an update that asks for a new permission (finding 6)', (mode) => {
  it('runs nothing, records it, tells every editor at open, and resumes once the installer has said yes', () => {
    const studio = studioFor(mode);
    const before = studio.dump('Invoices').Invoices.length;
    studio.cloud.authorizations[OWNER] = OLD_SCOPES;
    const [outcome] = fire(studio, '2026-01-19T02:00');
    expect(outcome).toEqual({
      ok: false,
      error: expect.stringMatching(/needs a permission its installer has not given/),
    });
    // Nothing half done: no invoice, no email.
    expect(studio.dump('Invoices').Invoices).toHaveLength(before);
    expect(studio.cloud.mail.outbox).toHaveLength(0);
    expect(nightlyStatus(studio)).toMatchObject({ consent: { user: OWNER } });
    // Every editor is told at open, with what to do.
    const opened = studio.runtime('2026-01-19T08:00', { userEmail: EDITOR });
    opened.open();
    expect(opened.ui.toasts.map((t: { message: string }) => t.message)).toEqual([
      expect.stringMatching(/needs a permission that owner@studio\.test has not given yet.*Nightly run status…/),
    ]);
    // The owner opens "Nightly run status…": Google asks, they accept; the alert says so.
    const owner = studio.runtime('2026-01-19T08:05', { userEmail: OWNER });
    owner.load().menuNightlyStatus();
    expect(owner.ui.alerts.at(-1).prompt).toMatch(/^You have given the permission/);
    // The next hour bills, sends, and the notice goes.
    expect(fire(studio, '2026-01-19T09:00')).toEqual([{ ok: true }]);
    expect(studio.dump('Invoices').Invoices).toHaveLength(before + 1);
    expect(nightlyStatus(studio).consent).toBeNull();
    const later = studio.runtime('2026-01-19T10:00', { userEmail: EDITOR });
    later.open();
    expect(later.ui.toasts).toEqual([]);
  });
});
