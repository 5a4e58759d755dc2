import { newRuntime } from '../support/local-runtime';

describe('PropertiesService', () => {
  test('stores strings per scope; setProperties can replace all; delete and keys', () => {
    const { rt, g } = newRuntime();
    const doc = g.PropertiesService.getDocumentProperties();
    doc.setProperty('a', 1).setProperty('b', 'two');
    expect(doc.getProperty('a')).toBe('1');
    expect(doc.getProperty('missing')).toBeNull();
    expect(g.PropertiesService.getScriptProperties().getKeys()).toEqual([]);
    doc.setProperties({ c: 'three' });
    expect(doc.getKeys().sort()).toEqual(['a', 'b', 'c']);
    doc.setProperties({ d: 'four' }, true);
    expect(doc.getProperties()).toEqual({ d: 'four' });
    doc.deleteProperty('d');
    g.PropertiesService.getUserProperties().setProperty('u', 'x').deleteAllProperties();
    expect(rt.properties).toEqual({ document: {}, script: {}, user: {} });
  });

  test('enforces 9 KB per value and 500 KB per store', () => {
    const { g } = newRuntime();
    const props = g.PropertiesService.getScriptProperties();
    props.setProperty('fits', 'x'.repeat(9 * 1024));
    expect(() => props.setProperty('big', 'x'.repeat(9 * 1024 + 1))).toThrow('Argument too large: value');
    expect(() => {
      for (let i = 0; i < 60; i++) props.setProperty(`k${i}`, 'y'.repeat(9000));
    }).toThrow('You have exceeded the property storage quota. Please remove some properties and try again.');
    expect(props.getKeys().length).toBeLessThan(60);
  });
});

describe('ScriptApp triggers', () => {
  test('create a daily clock trigger, list it, delete it', () => {
    const { rt, g, ss } = newRuntime();
    const { ScriptApp } = g;
    const trigger = ScriptApp.newTrigger('nightly')
      .timeBased()
      .atHour(2)
      .nearMinute(30)
      .everyDays(1)
      .inTimezone('Australia/Sydney')
      .create();
    expect(trigger.getHandlerFunction()).toBe('nightly');
    expect(trigger.getEventType()).toBe(ScriptApp.EventType.CLOCK);
    expect(trigger.getTriggerSource()).toBe(ScriptApp.TriggerSource.CLOCK);
    expect(String(ScriptApp.AuthMode.FULL)).toBe('FULL');
    expect(rt.triggers).toEqual([
      expect.objectContaining({
        handlerFunction: 'nightly',
        atHour: 2,
        nearMinute: 30,
        everyDays: 1,
        timeZone: 'Australia/Sydney',
      }),
    ]);
    const listed = ScriptApp.getProjectTriggers();
    expect(listed.map((t: { getUniqueId(): string }) => t.getUniqueId())).toEqual([trigger.getUniqueId()]);
    expect(ScriptApp.getUserTriggers(ss)).toHaveLength(1);
    ScriptApp.deleteTrigger(listed[0]);
    expect(ScriptApp.getProjectTriggers()).toHaveLength(0);
  });

  test('checks arguments and allows at most 20 triggers', () => {
    const { g } = newRuntime();
    const { ScriptApp } = g;
    expect(() => ScriptApp.newTrigger('f').timeBased().atHour(24)).toThrow('Invalid argument: hour');
    expect(() => ScriptApp.newTrigger('f').timeBased().atHour(1).create()).toThrow();
    for (let i = 0; i < 20; i++) ScriptApp.newTrigger(`f${i}`).timeBased().everyDays(1).create();
    expect(() => ScriptApp.newTrigger('one-too-many').timeBased().everyDays(1).create()).toThrow(
      'This script has too many triggers.',
    );
    // Without inTimezone the trigger runs in the script's time zone.
    expect(ScriptApp.getProjectTriggers()[0]).toBeDefined();
  });
});

describe('Utilities, Session, HtmlService, Ui', () => {
  test('Utilities.formatDate uses the time zone and SimpleDateFormat letters', () => {
    const { g } = newRuntime();
    const { Utilities } = g;
    const instant = new Date('2026-03-01T13:05:09.007Z');
    expect(Utilities.formatDate(instant, 'Australia/Sydney', 'yyyy-MM-dd')).toBe('2026-03-02');
    expect(Utilities.formatDate(instant, 'America/New_York', "EEE, d MMM yyyy 'at' h:mm:ss.SSS a Z")).toBe(
      'Sun, 1 Mar 2026 at 8:05:09.007 AM -0500',
    );
    expect(Utilities.formatDate(instant, 'Australia/Sydney', "EEEE MMMM HH'h' XXX X")).toBe(
      'Monday March 00h +11:00 +11',
    );
    expect(Utilities.formatDate(instant, 'UTC', "yy-M-d'T'H:m:s X ''")).toBe("26-3-1T13:5:9 Z '");
    expect(() => Utilities.formatDate(instant, 'UTC', 'qq')).toThrow();
    expect(Utilities.getUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const started = Date.now();
    Utilities.sleep(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  test('Session reports the script time zone and the user', () => {
    const { g } = newRuntime({ userEmail: 'owner@studio.test' });
    expect(g.Session.getScriptTimeZone()).toBe('Australia/Sydney');
    expect(g.Session.getActiveUser().getEmail()).toBe('owner@studio.test');
    expect(g.Session.getEffectiveUser().getEmail()).toBe('owner@studio.test');
    expect(g.Session.getTemporaryActiveUserKey()).toBe(g.Session.getTemporaryActiveUserKey());
  });

  test('Ui records menus, sidebars, dialogs and alerts', () => {
    const { rt, g } = newRuntime();
    const ui = g.SpreadsheetApp.getUi();
    const sub = ui.createMenu('More').addItem('Two', 'two');
    ui.createAddonMenu().addItem('One', 'one').addSeparator().addSubMenu(sub).addToUi();
    const html = g.HtmlService.createHtmlOutput('<p>Hi</p>')
      .append('<p>there</p>')
      .setTitle('Sell')
      .setWidth(300)
      .setSandboxMode(g.HtmlService.SandboxMode.IFRAME)
      .addMetaTag('viewport', 'width=device-width');
    expect(html.getTitle()).toBe('Sell');
    expect(html.getWidth()).toBe(300);
    ui.showSidebar(html);
    ui.showModalDialog(g.HtmlService.createHtmlOutput('x'), 'Confirm');
    expect(ui.alert('Done')).toBe(ui.Button.OK);
    expect(ui.alert('Title', 'Sure?', ui.ButtonSet.YES_NO)).toBe(ui.Button.YES);
    rt.ui.alertResponses.push('NO');
    expect(ui.alert('Sure?', ui.ButtonSet.YES_NO)).toBe(ui.Button.NO);
    expect(rt.ui.menus).toEqual([
      {
        caption: null,
        addon: true,
        items: [
          { type: 'item', caption: 'One', functionName: 'one' },
          { type: 'separator' },
          { type: 'submenu', caption: 'More', items: [{ type: 'item', caption: 'Two', functionName: 'two' }] },
        ],
      },
    ]);
    expect(rt.ui.sidebars[0]).toMatchObject({ title: 'Sell', content: '<p>Hi</p><p>there</p>', width: 300 });
    expect(rt.ui.dialogs[0]).toMatchObject({ title: 'Confirm', content: 'x' });
    expect(rt.ui.alerts).toEqual([
      { title: null, prompt: 'Done', buttons: 'OK' },
      { title: 'Title', prompt: 'Sure?', buttons: 'YES_NO' },
      { title: null, prompt: 'Sure?', buttons: 'YES_NO' },
    ]);
  });
});
