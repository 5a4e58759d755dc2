// "Check this installation…" (issue 29): the self-check under the runtime. Each check passes on a studio
// set up as Google would have it, and fails when the runtime is set up to break that one assumption; the
// check itself changes none of the studio's data.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SYSTEM_TAB } from '../../sheets-template/tabs';
import { newStudio, ok, type Studio } from '../support/studio';

const OWNER = 'owner@studio.test';
const TODAY = '2026-01-19T10:00';
const EXEC = 'https://script.google.com/macros/s/DEPLOYED/exec';
const manifest = JSON.parse(fs.readFileSync('dist/appsscript.json', 'utf8'));
const OLD_SCOPES = manifest.oauthScopes.filter((s: string) => !s.endsWith('script.send_mail'));

/** An add-on studio with its nightly trigger installed by the owner and an archive spreadsheet. */
function installed(): Studio & { archiveId: string } {
  const studio = newStudio({ mode: 'addon' });
  ok(studio.call('2026-01-18', 'installNightlyTrigger', undefined, { userEmail: OWNER }));
  const { SpreadsheetApp } = studio.runtime('2026-01-18', { userEmail: OWNER }).globals();
  const archiveId = SpreadsheetApp.create('Studio Packages archive').getId();
  const system = SpreadsheetApp.openById(studio.workbook.id).getSheetByName(SYSTEM_TAB.name);
  const row = Math.max(system.getLastRow() + 1, SYSTEM_TAB.fixedRows.length + 2);
  system.getRange(row, 1, 1, 2).setValues([['archive', JSON.stringify({ id: archiveId, full: [] })]]);
  return Object.assign(studio, { archiveId });
}

/** The self-check's reply (the endpoint) and the menu item's alert, as the owner. */
function check(studio: Studio, options: Record<string, unknown> = {}) {
  const rt = studio.runtime(TODAY, { userEmail: OWNER, serviceUrl: 'exec', webAppUrl: EXEC, ...options });
  const script = rt.load();
  const reply = JSON.parse(JSON.stringify(script.checkInstallation()));
  script.menuCheckInstallation();
  rt.endExecution();
  const byName = Object.fromEntries(reply.checks.map((c: any) => [c.name, c]));
  return { reply, byName, alert: rt.ui.alerts.at(-1) };
}

/** A copy of dist/ whose manifest does not enable the Sheets advanced service. */
function distWithoutSheets(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-nosheets-'));
  fs.copyFileSync('dist/Code.js', path.join(dir, 'Code.js'));
  const { dependencies: _dropped, ...rest } = manifest;
  fs.writeFileSync(path.join(dir, 'appsscript.json'), JSON.stringify(rest));
  return dir;
}

describe('Check this installation…', () => {
  it('passes every check on a studio installed as Google would have it, and changes nothing', () => {
    const studio = installed();
    const before = JSON.stringify(studio.dump());
    const { reply, byName, alert } = check(studio);
    expect(reply.checks.map((c: any) => [c.name, c.ok])).toEqual([
      ['Authorization', true],
      ['Nightly trigger', true],
      ['Sheets API', true],
      ['Front desk link', true],
      ['Archive', true],
      ['Email quota', true],
    ]);
    expect(byName['Sheets API'].detail).toMatch(/2 ranges came back as 1 block starting at row 1/);
    expect(byName['Front desk link'].detail).toContain(EXEC);
    expect(byName['Email quota'].detail).toBe('100 email recipients left today.');
    expect(alert.title).toBe('Check this installation');
    expect(alert.prompt).toMatch(/Everything checked is as expected\./);
    expect(alert.prompt).toContain(`Spreadsheet ${studio.workbook.id}, checked by ${OWNER}.`);
    expect(JSON.stringify(studio.dump())).toBe(before);
  });

  const failures: [string, (s: Studio & { archiveId: string }) => Record<string, unknown>, RegExp][] = [
    [
      'Authorization',
      (s) => {
        s.cloud.authorizations[OWNER] = OLD_SCOPES;
        for (const t of s.cloud.triggers) s.runtime('2026-01-19T02:00').runTrigger(t.id);
        return {};
      },
      /waits for owner@studio\.test to give a permission/,
    ],
    [
      'Nightly trigger',
      (s) => {
        s.cloud.triggers.splice(0);
        return {};
      },
      /names trigger \d+, but Google lists 0 other triggers of yours here/,
    ],
    ['Sheets API', () => ({ distDir: distWithoutSheets() }), /Sheets advanced service is not enabled/],
    ['Front desk link', () => ({ serviceUrl: 'dev' }), /ends in \/dev.*Front desk address…/s],
    [
      'Archive',
      (s) => {
        s.cloud.drive.get(s.archiveId).sharing = { owner: 'first@studio.test', editors: [], viewers: [] };
        return {};
      },
      /does not open for you.*ask its owner to share it/s,
    ],
    ['Email quota', () => ({ mailQuota: 0 }), /today's email quota is used up/],
  ];
  it.each(failures)('fails %s when the runtime is set up to break it, and says what to do', (name, breakIt, says) => {
    const studio = installed();
    const options = breakIt(studio);
    const before = JSON.stringify(studio.dump());
    const { byName, alert } = check(studio, options);
    expect(byName[name]).toEqual({ name, ok: false, detail: expect.stringMatching(says) });
    const others = Object.values(byName).filter((c: any) => c.name !== name && c.ok === false);
    expect(others).toEqual([]);
    expect(alert.prompt).toMatch(/^Studio Packages installation check/);
    expect(alert.prompt).toContain('1 problem found.');
    expect(alert.prompt).toContain(`PROBLEM ${name}: `);
    expect(JSON.stringify(studio.dump())).toBe(before);
  });
});
