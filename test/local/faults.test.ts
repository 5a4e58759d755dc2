// Google as it fails (docs/platform.md › "Failures at any call and the 6-minute limit"): a failure can be
// injected at any service call, with Google's text for its service; every call advances the execution's
// clock by the bench's cost model; an execution past 6 minutes (30 s for onOpen) is stopped where it stands.
import { createRuntime, fixtureBundle, Workbook } from '../support/local-runtime';

const CODE = `
function readWriteMail() {
  var sheet = SpreadsheetApp.getActive().getSheetByName('Sheet1');
  sheet.getRange('A1').setValue('one');
  var read = sheet.getRange('A1').getValues();
  var found = sheet.createTextFinder('one').findAll().length;
  var lock = LockService.getScriptLock();
  lock.tryLock(1000);
  PropertiesService.getScriptProperties().setProperty('k', 'v');
  MailApp.sendEmail('sam@example.com', 'Hello', 'Body');
  Utilities.getUuid();
  Sheets.Spreadsheets.get(SpreadsheetApp.getActive().getId());
  return { read: read[0][0], found: found };
}
function clock() {
  var t0 = Date.now();
  var sheet = SpreadsheetApp.getActive().getSheetByName('Sheet1');
  for (var i = 0; i < 10; i++) sheet.getRange('A1').getValues();
  return Date.now() - t0;
}
function forever() {
  var sheet = SpreadsheetApp.getActive().getSheetByName('Sheet1');
  var reads = 0;
  try {
    for (;;) { sheet.getRange('A1').getValues(); reads++; }
  } catch (e) {
    // What a script's catch can still do once it is stopped: nothing that reaches a service.
    var after;
    try { sheet.getRange('A2').setValue('after the kill'); after = 'written'; } catch (e2) { after = e2.message; }
    return { reads: reads, message: e.message, after: after, minutes: 0 };
  }
}
function onOpen() {
  var sheet = SpreadsheetApp.getActive().getSheetByName('Sheet1');
  for (var i = 0; i < 2000; i++) sheet.getRange('A1').getValues();
  sheet.getRange('B1').setValue('menu built');
}
`;

const MANIFEST = {
  timeZone: 'Australia/Sydney',
  dependencies: { enabledAdvancedServices: [{ userSymbol: 'Sheets', serviceId: 'sheets', version: 'v4' }] },
};

function runtime(options: Record<string, unknown> = {}) {
  const workbook = Workbook.create({ timeZone: 'Australia/Sydney' });
  return createRuntime({
    workbook,
    distDir: fixtureBundle(CODE, MANIFEST),
    now: '2026-03-02',
    console: { log() {} },
    ...options,
  });
}

/** The service calls readWriteMail makes, in order, as "Class.method". */
function callsOf(): string[] {
  const rt = runtime();
  const env = rt.env;
  const calls: string[] = [];
  const before = env.beforeCall.bind(env);
  env.beforeCall = (service: string, method: string) => {
    calls.push(method);
    before(service, method);
  };
  rt.load().readWriteMail();
  return calls;
}

describe('a failure at any service call, with Google’s text', () => {
  const calls = callsOf();

  test('every call of every service counts: reads, searches, locks, properties, mail, Utilities, the Sheets API', () => {
    expect(calls).toEqual(
      expect.arrayContaining([
        'Range.getValues',
        'TextFinder.findAll',
        'LockService.getScriptLock',
        'Lock.tryLock',
        'Properties.setProperty',
        'MailApp.sendEmail',
        'Utilities.getUuid',
        'SpreadsheetsCollection.get',
      ]),
    );
  });

  const texts: [string, RegExp, string][] = [
    ['Range.getValues', /^Service Spreadsheets failed while accessing document with id .+\.$/, 'Exception'],
    ['TextFinder.findAll', /^Service Spreadsheets failed while accessing document with id/, 'Exception'],
    ['Lock.tryLock', /^Lock timeout: another process was holding the lock for too long\.$/, 'Exception'],
    ['MailApp.sendEmail', /^Service invoked too many times for one day: email\.$/, 'Exception'],
    ['Properties.setProperty', /server error occurred/, 'Exception'],
    ['Utilities.getUuid', /server error occurred/, 'Exception'],
    [
      'SpreadsheetsCollection.get',
      /^API call to sheets\.spreadsheets\.get failed with error: Quota exceeded for quota metric 'Read requests'/,
      'GoogleJsonResponseException',
    ],
  ];

  test.each(texts)('%s fails with Google’s text, before it takes effect', (method, text, name) => {
    const rt = runtime();
    rt.faults = { failAtCall: calls.indexOf(method) + 1 };
    let error: any;
    try {
      rt.load().readWriteMail();
    } catch (e) {
      error = e;
    }
    expect(error?.message).toMatch(text);
    expect(error?.name).toBe(name);
    if (method === 'MailApp.sendEmail') expect(rt.outbox()).toEqual([]);
    if (method === 'Properties.setProperty') expect(rt.properties.script).toEqual({});
  });

  test('`method` counts only that method’s calls; `error` gives the text (e.g. "Service error: Spreadsheets")', () => {
    const rt = runtime();
    rt.faults = { failAtCall: 1, method: 'TextFinder.findAll', error: 'Service error: Spreadsheets' };
    expect(() => rt.load().readWriteMail()).toThrow(/^Service error: Spreadsheets$/);
    // The write before the failed search landed; nothing after it ran.
    expect(rt.workbook.sheet('Sheet1').cell(1, 1)?.v).toBe('one');
    expect(rt.outbox()).toEqual([]);
  });

  test('the n-th call only: the same call succeeds on a retry in another execution', () => {
    const rt = runtime();
    rt.faults = { failAtCall: calls.indexOf('Range.getValues') + 1 };
    expect(() => rt.load().readWriteMail()).toThrow(/Service Spreadsheets failed/);
    rt.endExecution();
    expect(rt.load().readWriteMail()).toEqual({ read: 'one', found: 1 });
  });
});

describe('execution time: every call advances the clock; 6 minutes, 30 s for a simple trigger', () => {
  test('each read is a round trip (30 ms): Date.now() in the script moves on', () => {
    const rt = runtime();
    expect(rt.load().clock()).toBe(300);
    expect(rt.elapsedMs).toBeGreaterThanOrEqual(500 + 300); // starting the execution, then ten reads
  });

  test('a run past 6 minutes is stopped where it stands; a catch can reach no service after it', () => {
    const rt = runtime();
    const got = rt.load().forever();
    expect(got.message).toBe('Exceeded maximum execution time');
    expect(got.after).toBe('Exceeded maximum execution time');
    expect(rt.killed).toBe(true);
    // 6 minutes of reads at 30 ms (and a cell), less the 0.5 s start: the read that crossed the limit ran.
    expect(got.reads).toBeGreaterThan(11_900);
    expect(got.reads).toBeLessThan(12_000);
    expect(rt.workbook.sheet('Sheet1').cell(2, 1)?.v).toBeUndefined();
    rt.endExecution();
    expect(rt.killed).toBe(false); // the next execution starts afresh
  });

  test('onOpen (a simple trigger) is stopped at 30 s', () => {
    const rt = runtime();
    expect(() => rt.open()).toThrow('Exceeded maximum execution time');
    expect(rt.workbook.sheet('Sheet1').cell(1, 2)?.v).toBeUndefined();
  });

  test('`kill` stops the execution at the n-th call, as the limit would; `timeLimits: false` lifts the limit', () => {
    const rt = runtime();
    rt.faults = { failAtCall: 5, kill: true }; // getActive, getSheetByName, getRange, getValues, getRange
    expect(rt.load().forever()).toMatchObject({ reads: 1, message: 'Exceeded maximum execution time' });
    const free = runtime({ timeLimits: false });
    expect(() => free.open()).not.toThrow();
  });
});
