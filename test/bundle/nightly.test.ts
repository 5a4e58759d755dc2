// The nightly run as Google runs it, in both deployments: a script bound to the spreadsheet, and the
// published editor add-on (one time-driven trigger per user per document, no active spreadsheet in the
// trigger, triggers invisible to other accounts, no failure email). Each test fires the stored triggers
// through the runtime, as Apps Script would at that hour.
import { SYSTEM_TAB } from '../../sheets-template/tabs';
import { FORTNIGHTLY_RESET, MODES, type Mode, newStudio, ok, type Studio } from '../support/studio';

const { Workbook } = require('../../local/runtime');

const OWNER = 'owner@studio.test';
const EDITOR = 'frontdesk@studio.test';

/** One client on the fortnightly package, sold on 2026-01-05: the next invoice falls due on the 19th. */
function sellOne(studio: Studio): void {
  const pkg = ok(studio.call('2026-01-05', 'savePackage', FORTNIGHTLY_RESET)).package;
  const client = ok(studio.call('2026-01-05', 'saveClient', { name: 'Ava Chen' })).client;
  ok(studio.call('2026-01-05', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-01-05' }));
}

/** The time-driven triggers stored for this spreadsheet (every user's). */
function triggersOf(studio: Studio): any[] {
  return studio.cloud.triggers.filter((t: any) => t.documentId === studio.workbook.id);
}

/** Apps Script firing every trigger of this spreadsheet at `at` (a wall-clock time, studio zone). */
function fire(studio: Studio, at: string): { ok: boolean; error?: string }[] {
  return triggersOf(studio).map((t) => studio.runtime(at).runTrigger(t.id));
}

const invoices = (studio: Studio) => studio.dump('Invoices').Invoices;
const runLog = (studio: Studio) => studio.dump('Run Log')['Run Log'];
const tabs = (studio: Studio) =>
  studio
    .services()
    .SpreadsheetApp.getActive()
    .getSheets()
    .map((s: { getName(): string }) => s.getName());

/** A fixed row of the hidden system tab, parsed. */
function systemRow(studio: Studio, key: string): any {
  const row = studio.dump(SYSTEM_TAB.name)[SYSTEM_TAB.name].find((r) => r.Key === key);
  return row?.Value ? JSON.parse(String(row.Value)) : null;
}

/** Another nightly run holding the studio's lease (e.g. another editor's trigger mid-run). */
function holdLease(studio: Studio): void {
  const sheet = studio.services().SpreadsheetApp.getActive().getSheetByName(SYSTEM_TAB.name);
  const lease = { holder: 'another-run', user: EDITOR, until: '2099-01-01T00:00:00.000Z' };
  sheet.getRange(2, 1, 1, 2).setValues([['lease', JSON.stringify(lease)]]);
}
function releaseLease(studio: Studio): void {
  studio
    .services()
    .SpreadsheetApp.getActive()
    .getSheetByName(SYSTEM_TAB.name)
    .getRange(2, 2)
    .setValues([['']]);
}

describe.each(MODES)('%s: the nightly run', (mode: Mode) => {
  const studioFor = () => {
    const studio = newStudio({ mode });
    sellOne(studio);
    return studio;
  };

  it('installs one hourly time-driven trigger for this spreadsheet; again changes nothing; remove deletes it', () => {
    const studio = studioFor();
    const first = ok(studio.call('2026-01-05', 'installNightlyTrigger', undefined, { userEmail: OWNER }));
    expect(first).toMatchObject({ installed: true, hour: 2, timeZone: 'Australia/Sydney', replaced: null });
    expect(ok(studio.call('2026-01-06', 'installNightlyTrigger', undefined, { userEmail: OWNER })).installed).toBe(
      false,
    );
    expect(triggersOf(studio)).toEqual([
      expect.objectContaining({
        handlerFunction: 'nightlyDailyProcesses',
        eventType: 'CLOCK',
        everyHours: 1,
        user: OWNER,
        documentId: studio.workbook.id,
      }),
    ]);
    expect(systemRow(studio, 'nightly')).toMatchObject({ triggerId: triggersOf(studio)[0].id, user: OWNER });
    expect(ok(studio.call('2026-01-07', 'removeNightlyTrigger', undefined, { userEmail: OWNER }))).toMatchObject({
      removed: 1,
      retiring: null,
    });
    expect(triggersOf(studio)).toEqual([]);
    expect(systemRow(studio, 'nightly')).toMatchObject({ removedBy: OWNER });
  });

  it('bills at the nightly hour, rewrites the reports an hour later, and is idle the other hours', () => {
    const studio = studioFor();
    ok(studio.call('2026-01-18', 'installNightlyTrigger', undefined, { userEmail: OWNER }));
    const before = runLog(studio).length;
    expect(fire(studio, '2026-01-19T01:00')).toEqual([{ ok: true }]);
    expect(invoices(studio)).toHaveLength(1);
    expect(fire(studio, '2026-01-19T02:00')).toEqual([{ ok: true }]);
    expect(invoices(studio).map((r) => r['Due Date'])).toEqual(['2026-01-05', '2026-01-19']);
    expect(tabs(studio)).not.toContain('Upcoming Invoices');
    expect(runLog(studio).slice(before)).toEqual([
      expect.objectContaining({ Job: 'Daily Processes', Today: '2026-01-19' }),
    ]);
    expect(fire(studio, '2026-01-19T03:00')).toEqual([{ ok: true }]);
    expect(tabs(studio)).toEqual(
      expect.arrayContaining(['Upcoming Invoices', 'Sessions Remaining', 'Revenue by Month']),
    );
    // Idle hours read the system tab and Settings, and write nothing.
    const idle = studio.runtime('2026-01-19T04:00');
    expect(idle.runTrigger(triggersOf(studio)[0].id)).toEqual({ ok: true });
    expect(idle.writeCalls).toBe(0);
    expect(systemRow(studio, 'nightly status')).toMatchObject({
      billedFor: '2026-01-19',
      housekeptFor: '2026-01-19',
      lastBilling: { ok: true, hour: 2, today: '2026-01-19' },
      lastHousekeeping: { ok: true, hour: 3 },
    });
    // Missed nights (the trigger did not fire): the next run catches up, each invoice on its own due date.
    fire(studio, '2026-02-03T02:00');
    expect(invoices(studio).map((r) => r['Due Date'])).toEqual(['2026-01-05', '2026-01-19', '2026-02-02']);
  });

  it("bills the studio's day at the studio's hour: the spreadsheet's time zone, not the script's", () => {
    // Kiritimati is UTC+14: 02:30 there on the 19th is 23:30 on the 18th in Sydney (the script's zone).
    const studio = newStudio({ mode, timeZone: 'Pacific/Kiritimati' });
    sellOne(studio);
    ok(studio.call('2026-01-18', 'installNightlyTrigger', undefined, { userEmail: OWNER }));
    expect(fire(studio, '2026-01-19T02:30:00+14:00')).toEqual([{ ok: true }]);
    expect(invoices(studio).map((r) => r['Due Date'])).toEqual(['2026-01-05', '2026-01-19']);
    expect(runLog(studio).at(-1)).toMatchObject({ Job: 'Daily Processes', Today: '2026-01-19' });
  });

  it("a second editor sees who installed the nightly run and its last result; installing theirs retires the owner's", () => {
    const studio = studioFor();
    ok(studio.call('2026-01-18', 'installNightlyTrigger', undefined, { userEmail: OWNER }));
    fire(studio, '2026-01-19T02:00');
    // The editor cannot see the owner's trigger (another account's), but the status says who and how it went.
    const editor = studio.runtime('2026-01-19T09:00', { userEmail: EDITOR });
    const g = editor.load() && editor.globals();
    expect(g.ScriptApp.getUserTriggers(g.SpreadsheetApp.getActive())).toHaveLength(0);
    const status = ok(studio.call('2026-01-19T09:00', 'getNightlyStatus', undefined, { userEmail: EDITOR })).nightly;
    expect(status).toMatchObject({
      installed: { user: OWNER, installedOn: '2026-01-18' },
      status: { lastBilling: { ok: true, today: '2026-01-19' } },
      notice: null,
    });
    const sidebar = studio.runtime('2026-01-19T09:00', { userEmail: EDITOR });
    sidebar.load().showCheckInSidebar();
    expect(sidebar.ui.sidebars[0].content).toContain(
      `<p class="note" id="nightly-status">Nightly run: installed by ${OWNER}; Daily Processes last ran for Mon 19 Jan 2026 at 2:00 (done).</p>`,
    );
    const menu = studio.runtime('2026-01-19T09:00', { userEmail: EDITOR });
    menu.load().menuNightlyStatus();
    expect(menu.ui.alerts.at(-1).prompt).toMatch(
      new RegExp(`^Installed by ${OWNER} on Sun 18 Jan 2026: Daily Processes from 2:00 \\(Australia/Sydney\\)`),
    );
    // The editor installs their own: the owner's trigger deletes itself at its next run; one bills.
    const theirs = ok(studio.call('2026-01-19T10:00', 'installNightlyTrigger', undefined, { userEmail: EDITOR }));
    expect(theirs).toMatchObject({ installed: true, replaced: OWNER });
    expect(triggersOf(studio).map((t) => t.user)).toEqual([OWNER, EDITOR]);
    fire(studio, '2026-02-02T02:00');
    expect(triggersOf(studio).map((t) => t.user)).toEqual([EDITOR]);
    expect(invoices(studio).filter((r) => r['Due Date'] === '2026-02-02')).toHaveLength(1);
    expect(runLog(studio).filter((r) => r.Today === '2026-02-02' && r.Job === 'Daily Processes')).toHaveLength(1);
    // Removing from the owner's side: theirs is not the owner's to delete, it stops at its next run.
    const removed = ok(studio.call('2026-02-02T09:00', 'removeNightlyTrigger', undefined, { userEmail: OWNER }));
    expect(removed).toEqual({ ok: true, removed: 0, retiring: EDITOR });
    fire(studio, '2026-02-16T02:00');
    expect(triggersOf(studio)).toEqual([]);
    expect(invoices(studio).filter((r) => r['Due Date'] === '2026-02-16')).toHaveLength(0);
  });

  it.each([
    ['the studio busy (another run holds the lease)', holdLease, releaseLease, /busy/],
    [
      'a header deleted',
      (s: Studio) =>
        s
          .services()
          .SpreadsheetApp.getActive()
          .getSheetByName('Invoices')
          .getRange(1, 6)
          .setValues([['Due']]),
      (s: Studio) =>
        s
          .services()
          .SpreadsheetApp.getActive()
          .getSheetByName('Invoices')
          .getRange(1, 6)
          .setValues([['Due Date']]),
      /Due Date/,
    ],
  ])(
    '%s: a Run Log row and a notice for every editor; the next hour catches up, nothing twice',
    (_label, breakIt, mendIt, message) => {
      const studio = studioFor();
      ok(studio.call('2026-01-18', 'installNightlyTrigger', undefined, { userEmail: OWNER }));
      breakIt(studio);
      const [outcome] = fire(studio, '2026-01-19T02:00');
      expect(outcome).toEqual({ ok: false, error: expect.stringMatching(message) });
      expect(invoices(studio)).toHaveLength(1);
      // Google emails a bound script's owner about a failed trigger; an add-on's trigger sends nothing.
      expect(studio.cloud.failureEmails).toHaveLength(mode === 'bound' ? 1 : 0);
      // Every editor is told: a toast when they open the spreadsheet, a banner above every sidebar.
      const opened = studio.runtime('2026-01-19T08:00', { userEmail: EDITOR });
      opened.open();
      expect(opened.ui.toasts).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^Last night's run of Daily Processes failed: /) }),
      ]);
      const desk = studio.runtime('2026-01-19T08:00', { userEmail: EDITOR });
      desk.load().showCheckInSidebar();
      expect(desk.ui.sidebars[0].content).toMatch(/<p class="notice" role="status" id="nightly-notice">Last night/);
      mendIt(studio);
      expect(fire(studio, '2026-01-19T03:00')).toEqual([{ ok: true }]);
      expect(invoices(studio).map((r) => r['Due Date'])).toEqual(['2026-01-05', '2026-01-19']);
      // The failure is in the Run Log (written at once, or by the next run that got the lock), once.
      const failed = runLog(studio).filter((r) => r.Job === 'Daily Processes (failed)');
      expect(failed).toHaveLength(1);
      expect(String(failed[0].Details)).toMatch(message);
      expect(systemRow(studio, 'nightly status')).toMatchObject({ billedFor: '2026-01-19', unlogged: [] });
      const later = studio.runtime('2026-01-19T08:00', { userEmail: EDITOR });
      later.open();
      expect(later.ui.toasts).toEqual([]);
      // Reruns create nothing more.
      fire(studio, '2026-01-19T04:00');
      fire(studio, '2026-01-19T05:00');
      expect(invoices(studio)).toHaveLength(2);
    },
  );
});

describe.each(MODES)('%s: an exception in the nightly run', (mode: Mode) => {
  it('leaves a Run Log row and a notice; the next hour bills, nothing twice', () => {
    const studio = newStudio({ mode });
    sellOne(studio);
    ok(studio.call('2026-01-18', 'installNightlyTrigger', undefined, { userEmail: OWNER }));
    const [trigger] = triggersOf(studio);
    // The third write call of the run throws (after the lease and the first rows: a half-written run).
    const night = studio.runtime('2026-01-19T02:00');
    night.faults = { failBeforeWrite: 3, transient: true }; // an exception, not a crash: the handler logs it
    expect(night.runTrigger(trigger.id)).toEqual({ ok: false, error: expect.stringMatching(/Injected fault/) });
    expect(runLog(studio).filter((r) => r.Job === 'Daily Processes (failed)')).toEqual([
      expect.objectContaining({ Today: '2026-01-19', Details: expect.stringMatching(/Injected fault/) }),
    ]);
    expect(systemRow(studio, 'nightly status')).toMatchObject({ billedFor: null, lastBilling: { ok: false } });
    const opened = studio.runtime('2026-01-19T08:00', { userEmail: EDITOR });
    opened.open();
    expect(opened.ui.toasts.map((t: { message: string }) => t.message)).toEqual([
      expect.stringMatching(/^Last night's run of Daily Processes failed: .*Injected fault/),
    ]);
    expect(fire(studio, '2026-01-19T03:00')).toEqual([{ ok: true }]);
    expect(invoices(studio).map((r) => r['Due Date'])).toEqual(['2026-01-05', '2026-01-19']);
    expect(studio.dump('Adjustments').Adjustments.filter((r) => r.Date === '2026-01-19')).toHaveLength(
      new Set(
        studio
          .dump('Adjustments')
          .Adjustments.filter((r) => r.Date === '2026-01-19')
          .map((r) => r.Key),
      ).size,
    );
  });
});

describe.each(MODES)('%s: the nightly run keeps going, and says when it cannot', (mode: Mode) => {
  const installed = () => {
    const studio = newStudio({ mode });
    sellOne(studio);
    ok(studio.call('2026-01-18', 'installNightlyTrigger', undefined, { userEmail: OWNER }));
    return studio;
  };

  it('a run Apps Script stopped (the 6-minute limit) is counted, reported by the next hour, and caught up', () => {
    const studio = installed();
    // What a run killed mid-billing leaves: its attempt marked running (the status row is written first).
    const sheet = studio.services().SpreadsheetApp.getActive().getSheetByName(SYSTEM_TAB.name);
    const running = { job: 'billing', at: '2026-01-18T15:00:00.000Z', today: '2026-01-19', hour: 2 };
    const status = { attempts: { day: '2026-01-19', billing: 1, housekeeping: 0 }, running };
    sheet.getRange(5, 1, 1, 2).setValues([['nightly status', JSON.stringify(status)]]);
    expect(fire(studio, '2026-01-19T03:00')).toEqual([{ ok: false, error: expect.stringMatching(/6-minute limit/) }]);
    // The same execution billed (attempt 2): the stopped one is in the Run Log, the invoice made once.
    expect(invoices(studio).map((r) => r['Due Date'])).toEqual(['2026-01-05', '2026-01-19']);
    expect(runLog(studio).filter((r) => r.Job === 'Daily Processes (failed)')).toEqual([
      expect.objectContaining({ Details: expect.stringMatching(/stopped before finishing/) }),
    ]);
    expect(systemRow(studio, 'nightly status')).toMatchObject({
      running: null,
      billedFor: '2026-01-19',
      attempts: { billing: 2 },
    });
  });

  it('someone running Daily Processes from the menu answers the failure notice', () => {
    const studio = installed();
    holdLease(studio);
    fire(studio, '2026-01-19T02:00');
    releaseLease(studio);
    const before = studio.runtime('2026-01-19T08:00', { userEmail: EDITOR });
    before.open();
    expect(before.ui.toasts).toHaveLength(1);
    ok(studio.call('2026-01-19T08:05', 'runDailyProcesses', {}, { userEmail: EDITOR }));
    const after = studio.runtime('2026-01-19T08:10', { userEmail: EDITOR });
    after.open();
    expect(after.ui.toasts).toEqual([]);
  });

  it('the nightly row cleared by hand: the trigger stops and every editor is told', () => {
    const studio = installed();
    const sheet = studio.services().SpreadsheetApp.getActive().getSheetByName(SYSTEM_TAB.name);
    sheet.getRange(4, 2).setValues([['']]);
    expect(fire(studio, '2026-01-19T02:00')).toEqual([{ ok: true }]);
    expect(triggersOf(studio)).toEqual([]);
    expect(invoices(studio)).toHaveLength(1);
    const opened = studio.runtime('2026-01-19T08:00', { userEmail: EDITOR });
    opened.open();
    expect(opened.ui.toasts.map((t: { message: string }) => t.message)).toEqual([
      expect.stringMatching(/^The nightly run stopped: the hidden system tab no longer records it/),
    ]);
  });
});

describe('addon: as a published editor add-on', () => {
  it('a second spreadsheet of the same user keeps its own trigger, and each trigger bills its own spreadsheet', () => {
    const a = newStudio({ mode: 'addon', name: 'Pilates North' });
    const b = newStudio({ mode: 'addon', name: 'Pilates South', cloud: a.cloud });
    sellOne(a);
    sellOne(b);
    ok(a.call('2026-01-18', 'installNightlyTrigger', undefined, { userEmail: OWNER }));
    ok(b.call('2026-01-18', 'installNightlyTrigger', undefined, { userEmail: OWNER }));
    expect(a.cloud.triggers).toHaveLength(2);
    const [ta] = triggersOf(a);
    // Installing again in B, or removing it there, leaves A's trigger alone.
    ok(b.call('2026-01-18', 'installNightlyTrigger', undefined, { userEmail: OWNER }));
    ok(b.call('2026-01-18', 'removeNightlyTrigger', undefined, { userEmail: OWNER }));
    expect(a.cloud.triggers).toEqual([ta]);
    expect(a.runtime('2026-01-19T02:00').runTrigger(ta.id)).toEqual({ ok: true });
    expect(invoices(a)).toHaveLength(2);
    expect(invoices(b)).toHaveLength(1);
  });

  it('a spreadsheet that cannot be opened: tried again for three hours, then the trigger deletes itself', () => {
    const studio = newStudio({ mode: 'addon' });
    sellOne(studio);
    ok(studio.call('2026-01-18', 'installNightlyTrigger', undefined, { userEmail: OWNER }));
    const [trigger] = triggersOf(studio);
    // The trigger runs with no spreadsheet open (the runtime's own is another file of the owner's).
    const elsewhere = Workbook.create({ timeZone: 'Australia/Sydney', name: 'Another file' });
    const at = (hour: string) =>
      studio.runtime(`2026-01-19T${hour}:00`, { workbook: elsewhere }).runTrigger(trigger.id);
    // An outage (or the file deleted): openById throws. Two hours of it, then it opens again: nothing lost.
    studio.cloud.drive.delete(studio.workbook.id);
    expect(at('02').ok).toBe(false);
    expect(at('03').ok).toBe(false);
    studio.cloud.drive.set(studio.workbook.id, studio.workbook);
    expect(at('04')).toEqual({ ok: true });
    expect(invoices(studio)).toHaveLength(2);
    // Gone for three hours in a row: the trigger and its map entry go.
    studio.cloud.drive.delete(studio.workbook.id);
    expect(at('05').ok).toBe(false);
    expect(at('06').ok).toBe(false);
    expect(triggersOf(studio)).toHaveLength(1);
    expect(at('07')).toEqual({ ok: true });
    expect(triggersOf(studio)).toEqual([]);
    expect(Object.keys(studio.cloud.userProperties[OWNER] ?? {})).toEqual([]);
  });

  it('a second time-driven trigger in one document is refused as Google refuses it', () => {
    const studio = newStudio({ mode: 'addon' });
    ok(studio.call('2026-01-18', 'installNightlyTrigger', undefined, { userEmail: OWNER }));
    const rt = studio.runtime('2026-01-18', { userEmail: OWNER });
    const g = rt.load() && rt.globals();
    expect(() => g.ScriptApp.newTrigger('nightlyDailyProcesses').timeBased().everyHours(1).create()).toThrow(
      'This add-on has created too many time-based triggers in this document for this Google user account.',
    );
  });

  it('onOpen before the add-on is used in the file builds the menu and touches nothing else (AuthMode.NONE)', () => {
    const studio = newStudio({ mode: 'addon', setUp: false });
    const rt = studio.runtime('2026-01-18', { userEmail: EDITOR });
    rt.open();
    expect(rt.ui.menus).toHaveLength(1);
    expect(rt.ui.menus[0].items.map((i: { caption?: string }) => i.caption)).toContain('Nightly run status…');
    expect(rt.stats.byService.PropertiesService ?? 0).toBe(0);
    expect(Object.keys(rt.stats.byMethod).filter((m) => !/^(Menu|Ui)\.|^SpreadsheetApp\.getUi$/.test(m))).toEqual([]);
    expect(rt.ui.toasts).toEqual([]);
  });
});

describe("the menu's run and preview say which day they bill", () => {
  /** The last alert a menu item showed at `at` (studio time). */
  const menuAlert = (studio: Studio, at: string, item: string) => {
    const rt = studio.runtime(at);
    rt.load()[item]();
    rt.endExecution();
    return rt.ui.alerts.at(-1) as { title: string; prompt: string };
  };

  it('the preview after the nightly hour shows the next nightly run: tomorrow, and writes nothing', () => {
    const studio = newStudio();
    sellOne(studio); // the next invoice falls due on Mon 19 Jan
    // The evening before: the next nightly run starts at 2:00 on the 19th and bills the 19th.
    const evening = menuAlert(studio, '2026-01-18T20:00', 'menuPreviewDailyProcesses');
    expect(evening.title).toBe('Preview of the nightly run, Mon 19 Jan 2026 at 2:00 (nothing written)');
    expect(evening.prompt).toMatch(
      /^Daily Processes for Mon 19 Jan 2026 would create 1 invoice and 2 session adjustments\./,
    );
    expect(evening.prompt).toContain('Ava Chen: $300.00 due Mon 19 Jan 2026');
    expect(evening.prompt).toContain('The nightly trigger is not installed');
    // Just after midnight, before the nightly hour: that run is still to come, for the same day.
    const night = menuAlert(studio, '2026-01-19T01:00', 'menuPreviewDailyProcesses');
    expect(night.title).toBe('Preview of the nightly run, Mon 19 Jan 2026 at 2:00 (nothing written)');
    // After it: the next one bills the 20th, catching up the 19th no run has billed (no trigger here).
    const morning = menuAlert(studio, '2026-01-19T09:00', 'menuPreviewDailyProcesses');
    expect(morning.title).toBe('Preview of the nightly run, Tue 20 Jan 2026 at 2:00 (nothing written)');
    expect(morning.prompt).toMatch(
      /^Daily Processes for Tue 20 Jan 2026 would create 1 invoice and 2 session adjustments\./,
    );
    expect(morning.prompt).toContain('due Mon 19 Jan 2026');
    expect(invoices(studio)).toHaveLength(1);
    // Running it now bills today, and says so.
    const run = menuAlert(studio, '2026-01-19T09:00', 'menuRunDailyProcesses');
    expect(run.title).toBe('Daily Processes for Mon 19 Jan 2026');
    expect(run.prompt).toMatch(/^Daily Processes for Mon 19 Jan 2026 created 1 invoice and 2 session adjustments\./);
    expect(invoices(studio)).toHaveLength(2);
    const after = menuAlert(studio, '2026-01-19T10:00', 'menuPreviewDailyProcesses');
    expect(after.prompt).toMatch(
      /^Daily Processes for Tue 20 Jan 2026 would create 0 invoices and 0 session adjustments\./,
    );
  });

  it('a run for tomorrow is refused; only a dry run may look one day ahead', () => {
    const studio = newStudio();
    sellOne(studio);
    const run = studio.call('2026-01-18T20:00', 'runDailyProcesses', { today: '2026-01-19' });
    expect(run.ok).toBe(false);
    const ahead = studio.call('2026-01-18T20:00', 'runDailyProcesses', { today: '2026-01-20', dryRun: true });
    expect(ahead.ok).toBe(false);
    expect(invoices(studio)).toHaveLength(1);
  });
});

describe("the sidebars' dates are the studio's", () => {
  it("each sidebar page carries the spreadsheet's today, in its time zone, for its date fields", () => {
    const studio = newStudio({ timeZone: 'Australia/Sydney' });
    // 2026-01-19T06:00 in Sydney is still the 18th in UTC (and in a browser set to UTC).
    const rt = studio.runtime('2026-01-19T06:00');
    rt.load().showSaleSidebar();
    rt.endExecution();
    expect(rt.ui.sidebars[0].content).toContain('data-today="2026-01-19"');
  });

  it('a sale with a past start date previews every invoice it creates at once, and the balance', () => {
    const studio = newStudio();
    const pkg = ok(studio.call('2026-01-05', 'savePackage', FORTNIGHTLY_RESET)).package;
    const preview = ok(
      studio.call('2026-02-03', 'previewSale', { packageId: pkg.id, startDate: '2026-01-05' }),
    ).preview;
    expect(preview.atSale).toEqual({
      pastStart: true,
      invoices: [
        { dueDate: '2026-01-05', amountCents: 30000 },
        { dueDate: '2026-01-19', amountCents: 30000 },
        { dueDate: '2026-02-02', amountCents: 30000 },
      ],
      balance: 6,
    });
    expect(preview.nextDueDates[0]).toBe('2026-02-16');
    const today = ok(studio.call('2026-02-03', 'previewSale', { packageId: pkg.id, startDate: '2026-02-03' })).preview;
    expect(today.atSale).toMatchObject({ pastStart: false, invoices: [{ dueDate: '2026-02-03' }], balance: 6 });
  });
});
