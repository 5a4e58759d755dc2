import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createCloud,
  createRuntime,
  createSharedLocks,
  fixtureBundle,
  readSidecar,
  tempDir,
  Workbook,
  withWorkbook,
} from '../support/local-runtime';

// The two deployments (a bound script, a published editor add-on), several users and spreadsheets
// sharing one cloud, and the executions: open, install, interactive loads, time-driven triggers.

const ADDON_LIMIT =
  'This add-on has created too many time-based triggers in this document for this Google user account.';

/** A stand-in bundle: onOpen as Google's AuthMode example writes it, a nightly handler that reports its context. */
const CODE = `
var opened = null;
var installed = null;
function onOpen(e) {
  var menu = SpreadsheetApp.getUi().createAddonMenu();
  if (e && e.authMode === ScriptApp.AuthMode.NONE) {
    menu.addItem('Start', 'start');
  } else {
    var started = PropertiesService.getDocumentProperties().getProperty('started');
    menu.addItem(started ? 'Status' : 'Start', 'start');
  }
  menu.addToUi();
  opened = {
    authMode: String(e.authMode),
    none: e.authMode === ScriptApp.AuthMode.NONE,
    limited: e.authMode === ScriptApp.AuthMode.LIMITED,
    sourceId: e.authMode === ScriptApp.AuthMode.NONE ? null : e.source.getId(),
    user: e.user ? e.user.getEmail() : null,
  };
}
function onInstall(e) {
  installed = { full: e.authMode === ScriptApp.AuthMode.FULL };
  onOpen(e);
}
function start() {
  PropertiesService.getDocumentProperties().setProperty('started', 'yes');
}
function attempt(f) {
  try { f(); return 'ok'; } catch (err) { return err.message; }
}
function nightly(e) {
  var report = {
    event: e,
    full: e.authMode === ScriptApp.AuthMode.FULL,
    active: SpreadsheetApp.getActiveSpreadsheet() && SpreadsheetApp.getActiveSpreadsheet().getId(),
    getActive: SpreadsheetApp.getActive() === null ? null : 'spreadsheet',
    ui: attempt(function () { SpreadsheetApp.getUi(); }),
    documentLock: LockService.getDocumentLock() === null ? null : 'lock',
    documentProperties: PropertiesService.getDocumentProperties() === null ? null : 'store',
    activeUser: Session.getActiveUser().getEmail(),
    effectiveUser: Session.getEffectiveUser().getEmail(),
    projectTriggers: ScriptApp.getProjectTriggers().length,
    who: PropertiesService.getUserProperties().getProperty('who'),
  };
  var target = PropertiesService.getUserProperties().getProperty('sheet:' + e.triggerUid);
  if (target) {
    var ss = SpreadsheetApp.openById(target);
    ss.getSheets()[0].getRange('A1').setValue('billed');
    report.opened = ss.getName();
  }
  LockService.getScriptLock().waitLock(100);
  Logger.log(JSON.stringify(report));
}
function failing() {
  LockService.getScriptLock().waitLock(100);
  throw new Error('boom');
}
`;

const quiet = { log() {} };
const DIST = fixtureBundle(CODE, { timeZone: 'Europe/Paris' });
type Options = Record<string, unknown>;

function runtime(options: Options = {}) {
  const workbook = (options.workbook as unknown) ?? Workbook.create({ timeZone: 'Australia/Sydney', name: 'Studio' });
  return createRuntime({ distDir: DIST, console: quiet, now: '2026-03-04T10:20:30Z', ...options, workbook });
}

function nightlyTrigger(rt: any, handler = 'nightly') {
  return rt.globals().ScriptApp.newTrigger(handler).timeBased().atHour(2).everyDays(1).create();
}

const lastReport = (rt: any) => JSON.parse(rt.logs[rt.logs.length - 1]);

describe('the cloud: several users and spreadsheets of one script project', () => {
  test('user properties follow the user into every spreadsheet; document properties stay with each', () => {
    const cloud = createCloud();
    const a = runtime({ cloud, userEmail: 'owner@studio.test' });
    const b = runtime({ cloud, userEmail: 'owner@studio.test', workbook: Workbook.create({ name: 'Other' }) });
    const helper = runtime({ cloud, userEmail: 'helper@studio.test', workbook: a.workbook });
    const ga = a.globals();
    ga.PropertiesService.getUserProperties().setProperty('who', 'owner');
    ga.PropertiesService.getDocumentProperties().setProperty('doc', 'A');
    ga.PropertiesService.getScriptProperties().setProperty('script', 'shared');

    const gb = b.globals();
    expect(gb.PropertiesService.getUserProperties().getProperty('who')).toBe('owner');
    expect(gb.PropertiesService.getDocumentProperties().getProperty('doc')).toBeNull();
    expect(gb.PropertiesService.getScriptProperties().getProperty('script')).toBe('shared');
    const gh = helper.globals();
    expect(gh.PropertiesService.getUserProperties().getProperty('who')).toBeNull();
    expect(gh.PropertiesService.getDocumentProperties().getProperty('doc')).toBe('A');

    expect(cloud.userProperties).toEqual({ 'owner@studio.test': { who: 'owner' }, 'helper@studio.test': {} });
    expect(cloud.documentProperties[a.workbook.id]).toEqual({ doc: 'A' });
    expect(a.properties.document).toBe(cloud.documentProperties[a.workbook.id]);
    expect(a.properties.user).toEqual({ who: 'owner' });
    // Both spreadsheets are in the shared Drive: each opens the other by id.
    expect(gb.SpreadsheetApp.openById(a.workbook.id).getName()).toBe('Studio');
    expect(() => createRuntime({ workbook: a.workbook, cloud, triggers: [] })).toThrow('either cloud or');
  });

  test('without a cloud, `properties`, `triggers` and `drive` stay shared by reference, written in place', () => {
    const properties = { document: {}, script: {}, user: {} } as Record<string, Record<string, string>>;
    const triggers: unknown[] = [];
    const workbook = Workbook.create();
    const first = runtime({ workbook, properties, triggers });
    const store = properties.document;
    first.globals().PropertiesService.getDocumentProperties().setProperty('a', '1').setProperties({ b: '2' });
    expect(store).toEqual({ a: '1', b: '2' });
    properties.document.c = '3'; // the bench writes the store directly
    const second = runtime({ workbook, properties, triggers });
    expect(second.globals().PropertiesService.getDocumentProperties().getProperties()).toEqual({
      a: '1',
      b: '2',
      c: '3',
    });
    second.globals().PropertiesService.getDocumentProperties().deleteAllProperties();
    expect(store).toEqual({});
    expect(properties.document).toBe(store);
    nightlyTrigger(second);
    expect(first.triggers).toBe(triggers);
    expect(triggers).toHaveLength(1);
  });
});

describe('triggers belong to a user and a document', () => {
  test('another account sees none of the owner’s triggers and cannot delete them', () => {
    const cloud = createCloud();
    const owner = runtime({ cloud, userEmail: 'owner@studio.test', mode: 'addon' });
    const helper = runtime({ cloud, userEmail: 'helper@studio.test', mode: 'addon', workbook: owner.workbook });
    const trigger = nightlyTrigger(owner);
    expect(cloud.triggers).toEqual([
      expect.objectContaining({ handlerFunction: 'nightly', user: 'owner@studio.test', documentId: owner.workbook.id }),
    ]);
    const g = helper.globals();
    expect(g.ScriptApp.getProjectTriggers()).toHaveLength(0);
    expect(g.ScriptApp.getUserTriggers(g.SpreadsheetApp.getActive())).toHaveLength(0);
    expect(() => g.ScriptApp.deleteTrigger(trigger)).toThrow('Invalid argument: trigger');
    expect(cloud.triggers).toHaveLength(1);
    // The owner deletes it; deleting it again does nothing.
    const mine = owner.globals().ScriptApp;
    mine.deleteTrigger(mine.getProjectTriggers()[0]);
    mine.deleteTrigger(trigger);
    expect(cloud.triggers).toHaveLength(0);
  });

  test('a record from before users and documents is the runtime user’s, in its workbook', () => {
    const old = { id: '42', handlerFunction: 'nightly', eventType: 'CLOCK', triggerSource: 'CLOCK' };
    const rt = runtime({ triggers: [old], userEmail: 'owner@studio.test' });
    const g = rt.globals();
    expect(g.ScriptApp.getProjectTriggers().map((t: any) => t.getUniqueId())).toEqual(['42']);
    expect(g.ScriptApp.getUserTriggers(g.SpreadsheetApp.getActive())).toHaveLength(1);
  });

  test('getProjectTriggers spans the user’s spreadsheets; getUserTriggers is one spreadsheet’s', () => {
    const cloud = createCloud();
    const a = runtime({ cloud, mode: 'addon' });
    const b = runtime({ cloud, mode: 'addon', workbook: Workbook.create({ name: 'B' }) });
    const inA = nightlyTrigger(a).getUniqueId();
    const inB = nightlyTrigger(b).getUniqueId();
    const { ScriptApp, SpreadsheetApp } = a.globals();
    const ids = (list: any[]) => list.map((t) => t.getUniqueId());
    expect(ids(ScriptApp.getProjectTriggers())).toEqual([inA, inB]);
    expect(ids(ScriptApp.getUserTriggers(SpreadsheetApp.getActive()))).toEqual([inA]);
    expect(ids(ScriptApp.getUserTriggers(SpreadsheetApp.openById(b.workbook.id)))).toEqual([inB]);
  });

  test('an add-on gets one time-driven trigger per user per document; a bound script several', () => {
    const cloud = createCloud();
    const owner = runtime({ cloud, mode: 'addon', userEmail: 'owner@studio.test' });
    nightlyTrigger(owner);
    expect(() => nightlyTrigger(owner, 'housekeeping')).toThrow(ADDON_LIMIT);
    try {
      nightlyTrigger(owner, 'housekeeping');
    } catch (e) {
      expect((e as Error).message).toBe(ADDON_LIMIT);
    }
    // Another user in the same document, the same user in another document: one each.
    nightlyTrigger(runtime({ cloud, mode: 'addon', userEmail: 'helper@studio.test', workbook: owner.workbook }));
    nightlyTrigger(runtime({ cloud, mode: 'addon', userEmail: 'owner@studio.test', workbook: Workbook.create() }));
    expect(cloud.triggers).toHaveLength(3);

    const bound = runtime();
    nightlyTrigger(bound);
    nightlyTrigger(bound, 'housekeeping');
    expect(bound.triggers).toHaveLength(2);
  });
});

describe('runTrigger: a time-driven execution', () => {
  /** The owner installs `nightly` in the add-on and maps its id to the spreadsheet, as the platform notes advise. */
  function installedAddon() {
    const cloud = createCloud();
    const lock = createSharedLocks();
    const owner = runtime({ cloud, lock, mode: 'addon', userEmail: 'owner@studio.test' });
    const id: string = nightlyTrigger(owner).getUniqueId();
    const user = owner.globals().PropertiesService.getUserProperties();
    user.setProperty('who', 'owner').setProperty(`sheet:${id}`, owner.workbook.id);
    owner.globals().PropertiesService.getDocumentProperties().setProperty('doc', 'A');
    const helper = runtime({ cloud, lock, mode: 'addon', userEmail: 'helper@studio.test', workbook: owner.workbook });
    return { cloud, lock, owner, helper, id };
  }

  test('in an add-on: no active spreadsheet, document lock or document properties; openById works', () => {
    const { owner, helper, id } = installedAddon();
    // The helper's runtime runs the owner's trigger: it runs as the owner.
    expect(helper.runTrigger(id)).toEqual({ ok: true });
    const report = lastReport(helper);
    expect(report).toMatchObject({
      full: true,
      active: null,
      getActive: null,
      ui: 'Cannot call SpreadsheetApp.getUi() from this context.',
      documentLock: null,
      documentProperties: null,
      activeUser: 'owner@studio.test',
      effectiveUser: 'owner@studio.test',
      projectTriggers: 1,
      who: 'owner',
      opened: 'Studio',
    });
    expect(owner.workbook.sheet('Sheet1').cell(1, 1).v).toBe('billed');
  });

  test('the event object of a time-driven trigger, triggerUid included', () => {
    const { owner, id } = installedAddon();
    owner.runTrigger(id);
    expect(lastReport(owner).event).toEqual({
      authMode: 'FULL',
      triggerUid: id,
      year: 2026,
      month: 3,
      'day-of-month': 4,
      'day-of-week': 3, // Wednesday (1 = Monday … 7 = Sunday)
      hour: 10,
      minute: 20,
      second: 30,
      timezone: 'UTC',
      'week-of-year': 10,
    });
  });

  test('in a bound script the container stays active, with its lock and properties; no UI', () => {
    const rt = runtime({ userEmail: 'owner@studio.test' });
    rt.globals().PropertiesService.getUserProperties().setProperty('who', 'owner');
    const id = nightlyTrigger(rt).getUniqueId();
    expect(rt.runTrigger(id)).toEqual({ ok: true });
    expect(lastReport(rt)).toMatchObject({
      active: rt.workbook.id,
      getActive: 'spreadsheet',
      ui: 'Cannot call SpreadsheetApp.getUi() from this context.',
      documentLock: 'lock',
      documentProperties: 'store',
      activeUser: 'owner@studio.test',
      who: 'owner',
    });
  });

  test('a failing handler: a bound script emails the trigger’s owner, an add-on stays silent; locks are released', () => {
    const lock = createSharedLocks();
    const bound = runtime({ lock, userEmail: 'owner@studio.test' });
    const failing = nightlyTrigger(bound, 'failing').getUniqueId();
    const missing = nightlyTrigger(bound, 'nope').getUniqueId();
    expect(bound.runTrigger(failing)).toEqual({ ok: false, error: 'boom' });
    expect(bound.runTrigger(missing)).toEqual({ ok: false, error: 'Script function not found: nope' });
    expect(bound.cloud.failureEmails).toEqual([
      // When it failed: the trigger's time, moved on by the calls made since (ScriptApp's, the lock's).
      {
        to: 'owner@studio.test',
        handler: 'failing',
        message: 'boom',
        at: expect.stringMatching(/^2026-03-04T10:20:30\.00\dZ$/),
      },
      { to: 'owner@studio.test', handler: 'nope', message: 'Script function not found: nope', at: expect.any(String) },
    ]);
    expect(runtime({ lock }).globals().LockService.getScriptLock().tryLock(0)).toBe(true);

    const { cloud, helper } = installedAddon();
    const addonFailing = nightlyTrigger(helper, 'failing').getUniqueId();
    expect(helper.runTrigger(addonFailing)).toEqual({ ok: false, error: 'boom' });
    expect(cloud.failureEmails).toEqual([]);
    expect(() => helper.runTrigger('no-such-trigger')).toThrow('runTrigger: no trigger no-such-trigger');
  });

  test('a trigger run is an execution of its own: the interactive one keeps its locks', () => {
    const lock = createSharedLocks();
    const rt = runtime({ lock });
    const held = rt.globals().LockService.getScriptLock();
    held.waitLock(0);
    const id = nightlyTrigger(rt, 'failing').getUniqueId();
    expect(rt.runTrigger(id)).toEqual({
      ok: false,
      error: 'Lock timeout: another process was holding the lock for too long.',
    });
    expect(held.hasLock()).toBe(true);
  });
});

describe('authorization modes', () => {
  const denied = (what: string) => `You do not have permission to call ${what}`;

  test('NONE builds menus and reads enums; the spreadsheet, properties and triggers throw', () => {
    const rt = runtime();
    const g = rt.globals({ authMode: 'NONE' });
    g.SpreadsheetApp.getUi().createAddonMenu().addItem('Start', 'start').addToUi();
    g.SpreadsheetApp.getUi().createMenu('Studio').addSeparator().addToUi();
    expect(rt.ui.menus).toHaveLength(2);
    expect(g.ScriptApp.AuthMode.NONE.name()).toBe('NONE');
    expect(g.Utilities.getUuid()).toMatch(/-/);
    g.Logger.log('fine');
    expect(() => g.SpreadsheetApp.getActiveSpreadsheet()).toThrow(
      `${denied('SpreadsheetApp.getActiveSpreadsheet')}. Required permissions: https://www.googleapis.com/auth/spreadsheets`,
    );
    expect(() => g.PropertiesService.getDocumentProperties()).toThrow(
      denied('PropertiesService.getDocumentProperties'),
    );
    expect(() => g.PropertiesService.getUserProperties()).toThrow(denied('PropertiesService.getUserProperties'));
    expect(() => g.ScriptApp.getProjectTriggers()).toThrow(denied('ScriptApp.getProjectTriggers'));
    expect(() => g.ScriptApp.newTrigger('nightly')).toThrow(denied('ScriptApp.newTrigger'));
    expect(() => g.LockService.getDocumentLock()).toThrow(denied('LockService.getDocumentLock'));
    expect(() => g.Session.getActiveUser()).toThrow(denied('Session.getActiveUser'));
    expect(g.Session.getActiveUserLocale()).toBe('en');
  });

  test('LIMITED reads and writes the active spreadsheet and toasts; no other file, sidebar or trigger', () => {
    const rt = runtime();
    const full = rt.globals();
    const sidebar = full.HtmlService.createHtmlOutput('<p>x</p>');
    const g = rt.globals({ authMode: 'LIMITED' });
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    ss.getSheetByName('Sheet1').getRange('A1').setValue('hello');
    expect(ss.getSheetByName('Sheet1').getRange('A1').getValue()).toBe('hello');
    ss.toast('Saved', 'Studio');
    ss.toast('Still working', null, -1);
    expect(rt.ui.toasts).toEqual([
      { message: 'Saved', title: 'Studio', timeoutSeconds: 5 },
      { message: 'Still working', title: null, timeoutSeconds: -1 },
    ]);
    g.PropertiesService.getDocumentProperties().setProperty('ok', 'yes');
    expect(g.LockService.getDocumentLock().tryLock(0)).toBe(true);
    g.SpreadsheetApp.getUi().createAddonMenu().addItem('Start', 'start').addToUi();
    expect(() => g.SpreadsheetApp.openById(rt.workbook.id)).toThrow(denied('SpreadsheetApp.openById'));
    expect(() => g.SpreadsheetApp.create('Archive')).toThrow(denied('SpreadsheetApp.create'));
    expect(() => g.SpreadsheetApp.getUi().showSidebar(sidebar)).toThrow(
      `${denied('Ui.showSidebar')}. Required permissions: https://www.googleapis.com/auth/script.container.ui`,
    );
    expect(() => g.SpreadsheetApp.getUi().alert('Hi')).toThrow(denied('Ui.alert'));
    expect(() => g.HtmlService.createHtmlOutput('x')).toThrow(denied('HtmlService.createHtmlOutput'));
    expect(() => g.ScriptApp.newTrigger('nightly')).toThrow(denied('ScriptApp.newTrigger'));
    expect(() => g.ScriptApp.getUserTriggers(ss)).toThrow(denied('ScriptApp.getUserTriggers'));
    // FULL again: everything.
    const again = rt.globals();
    again.SpreadsheetApp.getUi().showSidebar(sidebar);
    expect(again.SpreadsheetApp.openById(rt.workbook.id).getId()).toBe(rt.workbook.id);
    expect(() => rt.globals({ authMode: 'SOME' })).toThrow('Unknown authMode SOME');
  });

  test('load({ authMode }) runs the bundle in that mode; load(distDir) still works', () => {
    const rt = runtime();
    expect(() => rt.load({ authMode: 'NONE' }).start()).toThrow(denied('PropertiesService.getDocumentProperties'));
    rt.load(DIST).start();
    expect(rt.properties.document).toEqual({ started: 'yes' });
  });
});

describe('open and install', () => {
  test('a bound script’s onOpen runs in LIMITED with the spreadsheet and the user', () => {
    const rt = runtime({ userEmail: 'owner@studio.test' });
    const script = rt.open();
    expect(script.opened).toEqual({
      authMode: 'LIMITED',
      none: false,
      limited: true,
      sourceId: rt.workbook.id,
      user: 'owner@studio.test',
    });
  });

  test('an add-on opens in NONE until used in the document (by anyone), then in LIMITED', () => {
    const cloud = createCloud();
    const owner = runtime({ cloud, mode: 'addon', userEmail: 'owner@studio.test' });
    const helper = runtime({ cloud, mode: 'addon', userEmail: 'helper@studio.test', workbook: owner.workbook });
    expect(owner.open().opened).toEqual({ authMode: 'NONE', none: true, limited: false, sourceId: null, user: null });
    expect(owner.ui.menus).toEqual([
      { caption: null, addon: true, items: [{ type: 'item', caption: 'Start', functionName: 'start' }] },
    ]);
    expect(helper.open().opened.authMode).toBe('NONE');
    expect(owner.globals().SpreadsheetApp.getActive().getId()).toBe(owner.workbook.id); // the open ended: FULL again

    owner.load().start(); // the owner uses the menu item: a FULL execution
    expect([...cloud.enabled]).toEqual([`owner@studio.test|${owner.workbook.id}`]);
    expect(owner.open().opened).toMatchObject({ authMode: 'LIMITED', sourceId: owner.workbook.id });
    expect(owner.ui.menus[0].items[0].caption).toBe('Status');
    expect(helper.open().opened).toMatchObject({ authMode: 'LIMITED', user: 'helper@studio.test' });
    // A NONE or LIMITED load enables nothing.
    const other = runtime({ cloud, mode: 'addon', workbook: Workbook.create() });
    other.load({ authMode: 'LIMITED' });
    expect(cloud.enabled.size).toBe(1);
  });

  test('install runs onInstall in FULL and enables the add-on in the document', () => {
    const cloud = createCloud();
    const rt = runtime({ cloud, mode: 'addon', userEmail: 'owner@studio.test' });
    const script = rt.install();
    expect(script.installed).toEqual({ full: true });
    expect(script.opened.authMode).toBe('FULL');
    expect(cloud.enabled.has(`owner@studio.test|${rt.workbook.id}`)).toBe(true);
    expect(rt.open().opened.authMode).toBe('LIMITED');
  });
});

describe('the script time zone', () => {
  test('an add-on’s is its manifest’s, whatever the options; a bound script’s follows scriptTimeZone', () => {
    const addon = runtime({ mode: 'addon', scriptTimeZone: 'Australia/Sydney' });
    expect(addon.globals().Session.getScriptTimeZone()).toBe('Europe/Paris');
    expect(nightlyTrigger(addon).getUniqueId()).toBeTruthy();
    expect(addon.triggers[0].timeZone).toBe('Europe/Paris');
    const bound = runtime({ scriptTimeZone: 'Australia/Sydney' });
    expect(bound.globals().Session.getScriptTimeZone()).toBe('Australia/Sydney');
    expect(() => runtime({ mode: 'container' })).toThrow("mode must be 'bound' or 'addon'");
  });
});

describe('the sidecar keeps the cloud', () => {
  test('users’ and documents’ stores, triggers’ owners, failure emails and enabled documents round-trip', async () => {
    const file = join(tempDir(), 'studio.xlsx');
    const options = { distDir: DIST, console: quiet, now: '2026-03-04T10:20:30Z', userEmail: 'owner@studio.test' };
    await withWorkbook(
      file,
      (rt: any) => {
        const g = rt.globals();
        g.PropertiesService.getUserProperties().setProperty('who', 'owner');
        g.PropertiesService.getDocumentProperties().setProperty('doc', 'A');
        rt.runTrigger(nightlyTrigger(rt, 'failing').getUniqueId());
      },
      { ...options, create: { timeZone: 'Australia/Sydney' } },
    );
    await withWorkbook(file, (rt: any) => rt.load().start(), { ...options, mode: 'addon' });
    const sidecar = readSidecar(file);
    const id = (await Workbook.load(file)).id;
    expect(sidecar.properties).toEqual({ document: { doc: 'A', started: 'yes' }, script: {}, user: { who: 'owner' } });
    expect(sidecar.documentProperties).toEqual({ [id]: { doc: 'A', started: 'yes' } });
    expect(sidecar.userProperties).toEqual({ 'owner@studio.test': { who: 'owner' } });
    expect(sidecar.triggers).toEqual([expect.objectContaining({ user: 'owner@studio.test', documentId: id })]);
    expect(sidecar.failureEmails).toEqual([expect.objectContaining({ to: 'owner@studio.test', message: 'boom' })]);
    expect(sidecar.enabled).toEqual([`owner@studio.test|${id}`]);
    expect(sidecar.spreadsheets).toEqual({});

    const seen = await withWorkbook(
      file,
      (rt: any) => {
        const g = rt.globals();
        return [g.PropertiesService.getUserProperties().getProperty('who'), g.ScriptApp.getProjectTriggers().length];
      },
      { ...options, userEmail: 'helper@studio.test' },
    );
    expect(seen).toEqual([null, 0]);
    expect(readSidecar(file).userProperties).toEqual({
      'owner@studio.test': { who: 'owner' },
      'helper@studio.test': {},
    });
  });

  test('an old sidecar (one user, triggers without owners) still loads', async () => {
    const file = join(tempDir(), 'studio.xlsx');
    await Workbook.create({ timeZone: 'Australia/Sydney' }).save(file);
    const old = { id: '7', handlerFunction: 'nightly', eventType: 'CLOCK', triggerSource: 'CLOCK', atHour: 2 };
    writeFileSync(
      `${file}.runtime.json`,
      JSON.stringify({ properties: { document: { a: '1' }, script: { s: '2' }, user: { u: '3' } }, triggers: [old] }),
    );
    const seen = await withWorkbook(file, (rt: any) => {
      const g = rt.globals();
      return {
        document: g.PropertiesService.getDocumentProperties().getProperties(),
        script: g.PropertiesService.getScriptProperties().getProperties(),
        user: g.PropertiesService.getUserProperties().getProperties(),
        mine: g.ScriptApp.getUserTriggers(g.SpreadsheetApp.getActive()).length,
      };
    });
    expect(seen).toEqual({ document: { a: '1' }, script: { s: '2' }, user: { u: '3' }, mine: 1 });
  });
});
