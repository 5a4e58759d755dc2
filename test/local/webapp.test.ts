// The project deployed as a web app (the front desk on a phone) and spreadsheet sharing in the local
// runtime: who may load the page and as whom doGet runs, its event object, an execution without a
// document, openById / the Sheets API / getOwner / getEditors under sharing, google.script.run from the
// page, and ScriptApp.getService().getUrl().
import { createRuntime, fixtureBundle, tempDir, Workbook } from '../support/local-runtime';

const { share } = require('../../local/runtime/sharing');

const ACCESS_DENIED = 'You do not have permission to access the requested document.';
const SHARING = { owner: 'owner@example.com', editors: ['frontdesk@example.com'], viewers: ['accountant@example.com'] };

/** doGet reports what the execution sees; `open` names a spreadsheet to open by id as the desk would. */
const CODE = `
function attempt(f) {
  try { return { ok: f() }; } catch (err) { return { error: err.message, name: err.name }; }
}
function doGet(e) {
  Logger.log('doGet ran');
  if (e.parameter.fail) throw new Error('boom');
  if (e.parameter.nothing) return;
  var report = {
    event: e,
    activeUser: Session.getActiveUser().getEmail(),
    effectiveUser: Session.getEffectiveUser().getEmail(),
    active: SpreadsheetApp.getActiveSpreadsheet(),
    getActive: SpreadsheetApp.getActive(),
    documentLock: LockService.getDocumentLock(),
    documentProperties: PropertiesService.getDocumentProperties(),
    scriptLock: LockService.getScriptLock().tryLock(100),
    ui: attempt(function () { SpreadsheetApp.getUi(); }),
    url: ScriptApp.getService().getUrl(),
    enabled: ScriptApp.getService().isEnabled(),
  };
  if (e.parameter.open) report.desk = desk(e.parameter.open);
  return HtmlService.createHtmlOutput('<p>' + JSON.stringify(report) + '</p>')
    .setTitle('Front desk')
    .addMetaTag('viewport', 'width=device-width, initial-scale=1');
}
function desk(id) {
  return {
    opened: attempt(function () { return SpreadsheetApp.openById(id).getName(); }),
    owner: attempt(function () { return SpreadsheetApp.openById(id).getOwner().getEmail(); }),
    editors: attempt(function () {
      return SpreadsheetApp.openById(id).getEditors().map(function (u) { return u.getEmail(); });
    }),
    api: attempt(function () { return Sheets.Spreadsheets.get(id, { fields: 'spreadsheetId' }).spreadsheetId; }),
  };
}
function whoAmI() { return Session.getActiveUser().getEmail(); }
function echo(a, b) { return { a: a, b: b }; }
function today() { return new Date(); }
function fails() { throw new Error('desk failed'); }
function secret_() { return 'hidden'; }
function openedName(id) { return SpreadsheetApp.openById(id).getName(); }
function tryWrites(id) {
  var ss = SpreadsheetApp.openById(id);
  var sheet = ss.getSheets()[0];
  return {
    read: attempt(function () { return sheet.getRange(1, 1, 1, 1).getValues()[0][0]; }),
    setValue: attempt(function () { sheet.getRange(1, 1).setValue('changed'); SpreadsheetApp.flush(); return 'set'; }),
    insertRows: attempt(function () { sheet.insertRowsAfter(1, 1); SpreadsheetApp.flush(); return 'inserted'; }),
    replace: attempt(function () { return sheet.createTextFinder('changed').replaceAllWith('again'); }),
    insertSheet: attempt(function () { return ss.insertSheet('Mine').getName(); }),
  };
}
function warnOnA1(id) {
  SpreadsheetApp.openById(id).getSheets()[0].getRange('A1').protect().setWarningOnly(true);
}
function describeProtection(id, text) {
  var p = SpreadsheetApp.openById(id).getSheets()[0].getProtections(SpreadsheetApp.ProtectionType.RANGE)[0];
  return attempt(function () { p.setDescription(text); return p.getDescription(); });
}
`;

type Deployment = { executeAs?: string; access?: string };
const quiet = { log() {} };

function manifest(webapp?: Deployment) {
  return {
    timeZone: 'Australia/Sydney',
    dependencies: { enabledAdvancedServices: [{ userSymbol: 'Sheets', serviceId: 'sheets', version: 'v4' }] },
    ...(webapp ? { webapp } : {}),
  };
}
const DESK = fixtureBundle(CODE, manifest({ executeAs: 'USER_ACCESSING', access: 'ANYONE' }));

/** A runtime (the deployer: owner@example.com unless `userEmail`) over a studio shared as SHARING. */
function studio(options: Record<string, unknown> = {}) {
  const workbook = Workbook.create({ name: 'Studio', sharing: SHARING, ...((options.create as object) ?? {}) });
  return createRuntime({ distDir: DESK, console: quiet, workbook, ...options });
}

/** The report doGet put on the page. */
function report(page: any) {
  expect(page).toMatchObject({ status: 'ok' });
  return JSON.parse(page.html.replace(/^<p>|<\/p>$/g, ''));
}

describe('a visit: doGet(e)', () => {
  test('the event object of guides/web, from a query string or a parsed query', () => {
    const rt = studio();
    const visit = (query: unknown) => report(rt.webApp(query, { user: 'frontdesk@example.com' })).event;
    expect(visit('s=abc&n=1&n=2&q=a%20b')).toEqual({
      queryString: 's=abc&n=1&n=2&q=a%20b',
      parameter: { s: 'abc', n: '1', q: 'a b' },
      parameters: { s: ['abc'], n: ['1', '2'], q: ['a b'] },
      contextPath: '',
      contentLength: -1,
    });
    expect(visit({ s: 'abc', n: ['1', '2'] })).toEqual({
      queryString: 's=abc&n=1&n=2',
      parameter: { s: 'abc', n: '1' },
      parameters: { s: ['abc'], n: ['1', '2'] },
      contextPath: '',
      contentLength: -1,
    });
    // "null if no query string is specified".
    expect(visit('').queryString).toBeNull();
    expect(visit({}).parameters).toEqual({});
  });

  test('the page: title, HTML and meta tags of the HtmlOutput; the user it ran for', () => {
    const page = studio().webApp({}, { user: 'frontdesk@example.com' });
    expect(page).toMatchObject({
      status: 'ok',
      user: 'frontdesk@example.com',
      runAs: 'frontdesk@example.com',
      title: 'Front desk',
      metaTags: [{ name: 'viewport', content: 'width=device-width, initial-scale=1' }],
    });
    expect(page.html).toMatch(/^<p>\{/);
  });

  test("doGet throws, returns nothing, or is missing: Google's error page with the message", () => {
    const rt = studio();
    const as = { user: 'frontdesk@example.com' };
    expect(rt.webApp('fail=1', as)).toMatchObject({ status: 'error', message: 'boom' });
    expect(rt.webApp('nothing=1', as)).toEqual({
      status: 'error',
      user: 'frontdesk@example.com',
      runAs: 'frontdesk@example.com',
      message: 'The script completed but did not return anything.',
    });
    const noDoGet = createRuntime({
      workbook: Workbook.create(),
      console: quiet,
      distDir: fixtureBundle('function other() {}', manifest({ executeAs: 'USER_ACCESSING', access: 'ANYONE' })),
    });
    expect(noDoGet.webApp({}, as)).toMatchObject({ status: 'error', message: 'Script function not found: doGet' });
  });

  test('a project without a webapp section has no web app', () => {
    const rt = createRuntime({ workbook: Workbook.create(), console: quiet, distDir: fixtureBundle(CODE, manifest()) });
    expect(() => rt.webApp({}, { user: 'owner@example.com' })).toThrow(/no web app deployment/);
    expect(() => rt.webAppCall('whoAmI', [], { user: 'owner@example.com' })).toThrow(/no web app deployment/);
  });
});

describe('access and executeAs', () => {
  const deployed = (webapp: Deployment, options: Record<string, unknown> = {}) =>
    studio({ distDir: fixtureBundle(CODE, manifest(webapp)), ...options });

  test('ANYONE: any signed-in account; nobody signed in gets the sign-in page and nothing runs', () => {
    const rt = deployed({ executeAs: 'USER_ACCESSING', access: 'ANYONE' });
    expect(rt.webApp({}, { user: null })).toEqual({ status: 'signin' });
    expect(rt.webApp({}, { user: '' })).toEqual({ status: 'signin' });
    expect(rt.webApp({})).toEqual({ status: 'signin' });
    expect(rt.logs).toEqual([]);
    expect(rt.webApp({}, { user: 'stranger@gmail.com' })).toMatchObject({ status: 'ok', user: 'stranger@gmail.com' });
    expect(rt.logs).toEqual(['doGet ran']);
  });

  test('MYSELF: the deployer only; DOMAIN: the deployer’s domain; ANYONE_ANONYMOUS: anyone', () => {
    const myself = deployed({ executeAs: 'USER_DEPLOYING', access: 'MYSELF' });
    expect(myself.webApp({}, { user: 'owner@example.com' })).toMatchObject({ status: 'ok' });
    expect(myself.webApp({}, { user: 'frontdesk@example.com' })).toEqual({
      status: 'denied',
      user: 'frontdesk@example.com',
    });
    expect(myself.webApp({}, {})).toEqual({ status: 'signin' });
    const domain = deployed({ executeAs: 'USER_ACCESSING', access: 'DOMAIN' });
    expect(domain.webApp({}, { user: 'frontdesk@example.com' })).toMatchObject({ status: 'ok' });
    expect(domain.webApp({}, { user: 'stranger@gmail.com' })).toMatchObject({ status: 'denied' });
    const anonymous = deployed({ executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS' });
    const page = anonymous.webApp({}, { user: null });
    expect(page).toMatchObject({ status: 'ok', user: null, runAs: 'owner@example.com' });
    expect(report(page)).toMatchObject({ activeUser: '', effectiveUser: 'owner@example.com' });
    // Run as the visitor, the visitor must sign in whatever the access says.
    expect(deployed({ executeAs: 'USER_ACCESSING', access: 'ANYONE_ANONYMOUS' }).webApp({}, {})).toEqual({
      status: 'signin',
    });
  });

  test('USER_ACCESSING runs as the visitor; USER_DEPLOYING as the deployer, hiding a visitor of another domain', () => {
    const accessing = deployed({ executeAs: 'USER_ACCESSING', access: 'ANYONE' });
    expect(report(accessing.webApp({}, { user: 'stranger@gmail.com' }))).toMatchObject({
      activeUser: 'stranger@gmail.com',
      effectiveUser: 'stranger@gmail.com',
    });
    const deploying = deployed({ executeAs: 'USER_DEPLOYING', access: 'ANYONE' });
    const seen = (user: string) => report(deploying.webApp({}, { user }));
    expect(seen('stranger@gmail.com')).toMatchObject({ activeUser: '', effectiveUser: 'owner@example.com' });
    expect(seen('frontdesk@example.com')).toMatchObject({
      activeUser: 'frontdesk@example.com',
      effectiveUser: 'owner@example.com',
    });
    expect(seen('owner@example.com')).toMatchObject({ activeUser: 'owner@example.com' });
    // gmail.com is no Workspace domain: its users stay hidden from each other.
    const gmail = deployed({ executeAs: 'USER_DEPLOYING', access: 'ANYONE' }, { userEmail: 'studio@gmail.com' });
    expect(report(gmail.webApp({}, { user: 'desk@gmail.com' }))).toMatchObject({ activeUser: '' });
  });

  test('user properties are the effective user’s', () => {
    const rt = studio();
    rt.globals().PropertiesService.getUserProperties().setProperty('who', 'owner');
    const code =
      'function doGet() { return HtmlService.createHtmlOutput(String(PropertiesService.getUserProperties().getProperty("who"))); }';
    const as = (executeAs: string) =>
      createRuntime({
        workbook: rt.workbook,
        cloud: rt.cloud,
        console: quiet,
        distDir: fixtureBundle(code, manifest({ executeAs, access: 'ANYONE' })),
      }).webApp({}, { user: 'frontdesk@example.com' }).html;
    expect(as('USER_DEPLOYING')).toBe('owner');
    expect(as('USER_ACCESSING')).toBe('null');
  });
});

describe('the execution of a visit', () => {
  test.each(['bound', 'addon'])(
    '%s: FULL, no active spreadsheet, no document lock or properties, no editor UI',
    (mode) => {
      const rt = studio({ mode });
      const seen = report(rt.webApp({}, { user: 'frontdesk@example.com' }));
      expect(seen).toMatchObject({
        active: null,
        getActive: null,
        documentLock: null,
        documentProperties: null,
        scriptLock: true,
        ui: { error: 'Cannot call SpreadsheetApp.getUi() from this context.' },
      });
      // The execution ended: its script lock is free again, and the runtime's own execution is untouched.
      expect(rt.globals().LockService.getScriptLock().tryLock(0)).toBe(true);
      expect(rt.globals().SpreadsheetApp.getActiveSpreadsheet().getName()).toBe('Studio');
    },
  );

  test('ScriptApp.getService(): the web app URL (runtime option webAppUrl; /dev outside a visit unless serviceUrl is exec), null when not deployed', () => {
    const seen = report(studio().webApp({}, { user: 'frontdesk@example.com' }));
    expect(seen).toMatchObject({
      url: 'https://script.google.com/macros/s/AKfycbLocalStudioPackagesFrontDesk/exec',
      enabled: true,
    });
    const custom = studio({ webAppUrl: 'https://script.google.com/a/macros/example.com/s/XYZ/exec' });
    expect(custom.globals().ScriptApp.getService().getUrl()).toBe(
      'https://script.google.com/a/macros/example.com/s/XYZ/dev',
    );
    const exec = studio({ webAppUrl: 'https://script.google.com/macros/s/XYZ/exec', serviceUrl: 'exec' });
    expect(exec.globals().ScriptApp.getService().getUrl()).toBe('https://script.google.com/macros/s/XYZ/exec');
    const undeployed = createRuntime({ workbook: Workbook.create(), distDir: fixtureBundle('', manifest()) });
    const service = undeployed.globals().ScriptApp.getService();
    expect([service.getUrl(), service.isEnabled()]).toEqual([null, false]);
    expect(undeployed.stats.byMethod).toMatchObject({ 'ScriptApp.getService': 1, 'Service.getUrl': 1 });
  });
});

describe('sharing: openById, the Sheets API, getOwner, getEditors', () => {
  const desk = (rt: any, user: string) => report(rt.webApp({ open: rt.workbook.id }, { user })).desk;

  test('a stranger cannot open the spreadsheet; a viewer, an editor and the owner can', () => {
    const rt = studio();
    expect(desk(rt, 'stranger@example.com')).toEqual({
      opened: { error: ACCESS_DENIED, name: 'Exception' },
      owner: { error: ACCESS_DENIED, name: 'Exception' },
      editors: { error: ACCESS_DENIED, name: 'Exception' },
      api: {
        error: 'API call to sheets.spreadsheets.get failed with error: The caller does not have permission',
        name: 'GoogleJsonResponseException',
      },
    });
    expect(desk(rt, 'accountant@example.com')).toEqual({
      opened: { ok: 'Studio' },
      owner: { ok: 'owner@example.com' },
      editors: { error: ACCESS_DENIED, name: 'Exception' },
      api: { ok: rt.workbook.id },
    });
    for (const user of ['frontdesk@example.com', 'owner@example.com', 'FrontDesk@Example.com']) {
      expect(desk(rt, user)).toEqual({
        opened: { ok: 'Studio' },
        owner: { ok: 'owner@example.com' },
        editors: { ok: ['frontdesk@example.com'] },
        api: { ok: rt.workbook.id },
      });
    }
  });

  test('a viewer reads but changes nothing: every write their script makes is refused (an editor’s goes through)', () => {
    const rt = studio();
    const denied = { error: ACCESS_DENIED, name: 'Exception' };
    const before = JSON.stringify(rt.workbook.sheets.map((m: any) => [m.name, m.maxRows, m.cell(1, 1)?.v ?? null]));
    expect(rt.webAppCall('tryWrites', [rt.workbook.id], { user: 'accountant@example.com' })).toEqual({
      read: { ok: expect.anything() },
      setValue: denied,
      insertRows: denied,
      replace: denied,
      insertSheet: denied,
    });
    expect(JSON.stringify(rt.workbook.sheets.map((m: any) => [m.name, m.maxRows, m.cell(1, 1)?.v ?? null]))).toBe(
      before,
    );
    expect(rt.webAppCall('tryWrites', [rt.workbook.id], { user: 'frontdesk@example.com' })).toEqual({
      read: { ok: expect.anything() },
      setValue: { ok: 'set' },
      insertRows: { ok: 'inserted' },
      replace: { ok: 1 },
      insertSheet: { ok: 'Mine' },
    });
  });

  test('a warning-only protection stops no editor, and lets no viewer change it either', () => {
    const rt = studio();
    rt.webAppCall('warnOnA1', [rt.workbook.id], { user: 'frontdesk@example.com' });
    expect(rt.webAppCall('describeProtection', [rt.workbook.id, 'viewer'], { user: 'accountant@example.com' })).toEqual(
      { error: ACCESS_DENIED, name: 'Exception' },
    );
    expect(rt.webAppCall('describeProtection', [rt.workbook.id, 'desk'], { user: 'frontdesk@example.com' })).toEqual({
      ok: 'desk',
    });
  });

  test('without a sharing record everyone can open and edit; the owner is the runtime’s user, no editors listed', () => {
    const rt = studio({ create: { sharing: null }, userEmail: 'studio@example.com' });
    expect(rt.workbook.sharing).toBeNull();
    expect(desk(rt, 'stranger@gmail.com')).toEqual({
      opened: { ok: 'Studio' },
      owner: { ok: 'studio@example.com' },
      editors: { ok: [] },
      api: { ok: rt.workbook.id },
    });
  });

  test('the other spreadsheets of the Drive follow their own sharing; the check applies to every execution', () => {
    const rt = studio({ userEmail: 'stranger@example.com' });
    const archive = Workbook.create({ name: 'Archive', sharing: { owner: 'stranger@example.com' } });
    rt.drive.set(archive.id, archive);
    const script = rt.load();
    expect(() => script.openedName(rt.workbook.id)).toThrow(ACCESS_DENIED);
    expect(script.openedName(archive.id)).toBe('Archive');
    expect(rt.webAppCall('openedName', [archive.id], { user: 'stranger@example.com' })).toBe('Archive');
    expect(() => rt.webAppCall('openedName', [archive.id], { user: 'frontdesk@example.com' })).toThrow(ACCESS_DENIED);
    // getOwner/getEditors are reads: one round trip each, counted like any Spreadsheet read.
    const g = rt.globals();
    rt.resetStats();
    const ss = g.SpreadsheetApp.openById(archive.id);
    expect(ss.getOwner().getEmail()).toBe('stranger@example.com');
    expect(ss.getEditors()).toEqual([]);
    expect(Array.isArray(ss.getEditors())).toBe(true);
    expect(rt.stats.byMethod).toMatchObject({
      'Spreadsheet.getOwner': 1,
      'Spreadsheet.getEditors': 2,
      'User.getEmail': 1,
    });
  });

  test('an unknown id is still the unexpected error, not the permission one', () => {
    const rt = studio();
    const page = report(rt.webApp({ open: 'no-such-id' }, { user: 'frontdesk@example.com' }));
    expect(page.desk.opened.error).toBe(
      'Unexpected error while getting the method or property openById on object SpreadsheetApp.',
    );
    expect(page.desk.api.error).toMatch(/Requested entity was not found/);
  });

  test('sharing is saved in the .xlsx and read back; none stays none', async () => {
    const dir = tempDir();
    const shared = Workbook.create({ name: 'Studio', sharing: SHARING });
    await shared.save(`${dir}/shared.xlsx`);
    expect((await Workbook.load(`${dir}/shared.xlsx`)).sharing).toEqual(SHARING);
    const open = Workbook.create();
    await open.save(`${dir}/open.xlsx`);
    expect((await Workbook.load(`${dir}/open.xlsx`)).sharing).toBeNull();
    expect(() => Workbook.create({ sharing: { owner: 'not an email' } })).toThrow('sharing.owner must be an email');
    // The owner is never also an editor or a viewer; an editor never also a viewer.
    expect(
      Workbook.create({
        sharing: { owner: 'a@x.com', editors: ['a@x.com', 'b@x.com'], viewers: ['b@x.com', 'c@x.com'] },
      }).sharing,
    ).toEqual({ owner: 'a@x.com', editors: ['b@x.com'], viewers: ['c@x.com'] });
  });

  test('share(): the sharing dialog (a new owner leaves the old one an editor; the owner cannot be removed)', () => {
    let s = share(null, 'frontdesk@example.com', 'editor', 'owner@example.com');
    expect(s).toEqual({ owner: 'owner@example.com', editors: ['frontdesk@example.com'], viewers: [] });
    s = share(s, 'frontdesk@example.com', 'viewer', 'x@example.com');
    expect(s).toEqual({ owner: 'owner@example.com', editors: [], viewers: ['frontdesk@example.com'] });
    s = share(s, 'frontdesk@example.com', 'owner', 'x@example.com');
    expect(s).toEqual({ owner: 'frontdesk@example.com', editors: ['owner@example.com'], viewers: [] });
    s = share(s, 'owner@example.com', 'none', 'x@example.com');
    expect(s).toEqual({ owner: 'frontdesk@example.com', editors: [], viewers: [] });
    expect(() => share(s, 'frontdesk@example.com', 'viewer', 'x@example.com')).toThrow(/owns the spreadsheet/);
    expect(() => share(s, 'nobody', 'viewer', 'x@example.com')).toThrow(/Not an email/);
    expect(() => share(s, 'a@example.com', 'admin', 'x@example.com')).toThrow(/role must be one of/);
  });
});

describe('google.script.run from the web app page: webAppCall', () => {
  test('runs as the visitor, returns plain JSON, refuses private and unknown names', () => {
    const rt = studio();
    const as = { user: 'frontdesk@example.com' };
    expect(rt.webAppCall('whoAmI', [], as)).toBe('frontdesk@example.com');
    expect(rt.webAppCall('echo', [{ n: 1 }, undefined], as)).toEqual({ a: { n: 1 }, b: null });
    // A result holding a Date arrives as null, as in Apps Script.
    expect(rt.webAppCall('today', [], as)).toBeNull();
    expect(() => rt.webAppCall('secret_', [], as)).toThrow('Script function not found: secret_');
    expect(() => rt.webAppCall('nope', [], as)).toThrow('Script function not found: nope');
    // The runtime's own globals (Date, the services) are no endpoints.
    expect(() => rt.webAppCall('Date', [], as)).toThrow('Script function not found: Date');
    expect(() => rt.webAppCall('fails', [], as)).toThrow('desk failed');
    expect(() => rt.webAppCall('whoAmI', [], { user: '' })).toThrow('Sign in to use the web app.');
  });
});
