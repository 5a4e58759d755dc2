// Client email (issue 16) on the built bundle, with the runtime's MailApp (an outbox, the daily quota):
// each message sent once across reruns and after a crash at every write point, opted-out and addressless
// clients skipped and logged, the quota carried over, names rendered as text, template errors reported,
// the on-demand statement.
import { FORTNIGHTLY_RESET, newStudio, ok, type Studio, setSetting } from '../support/studio';

const { createRuntime, createSharedLocks, createCloud } = require('../../local/runtime');
const { cloneWorkbook } = require('../reliability/harness');

/** Three clients sold a fortnightly package on 5 Jan: one with an address, one without, one opted out. */
function studioWithClients(): Studio {
  const studio = newStudio();
  const day = '2026-01-05';
  setSetting(studio, 'Send client emails', 'Yes');
  const pkg = ok(studio.call(day, 'savePackage', FORTNIGHTLY_RESET)).package;
  const clients = [
    { name: '<b>Ava</b> =HYPERLINK("http://x","y")', email: 'ava@example.com' },
    { name: 'Ben Okafor', email: '' },
    { name: 'Cleo Park', email: 'cleo@example.com' },
  ].map((c) => ok(studio.call(day, 'saveClient', c)).client);
  const sheet = studio.services().SpreadsheetApp.getActive().getSheetByName('Clients');
  const header: string[] = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
  sheet.getRange(4, header.indexOf('No Email') + 1).setValue('Yes');
  for (const c of clients) ok(studio.call(day, 'sellPackage', { clientId: c.id, packageId: pkg.id, startDate: day }));
  return studio;
}

const outbox = (studio: Studio) => studio.cloud.mail.outbox as { to: string[]; subject: string; htmlBody: string }[];
const log = (studio: Studio) => studio.dump('Email Log')['Email Log'].map((r) => [r.Key, r.Address, r.Kind, r.Status]);

it('Daily Processes emails each invoice once; no address and opted out are logged as skipped', () => {
  const studio = studioWithClients();
  ok(studio.call('2026-01-05', 'runDailyProcesses', {}));
  expect(outbox(studio).map((m) => [m.to, m.subject])).toEqual([
    [['ava@example.com'], 'My Studio: invoice 1 for Reformer Fortnightly'],
  ]);
  expect(log(studio)).toEqual([
    ['invoice:S-1:0', 'ava@example.com', 'invoice', 'sent'],
    ['invoice:S-2:0', '', 'invoice', 'skipped: no address'],
    ['invoice:S-3:0', 'cleo@example.com', 'invoice', 'skipped: opted out'],
  ]);
  // The name is text in the HTML body: no tag, no link.
  expect(outbox(studio)[0].htmlBody).toContain('&lt;b&gt;Ava&lt;/b&gt; =HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)');
  expect(outbox(studio)[0].htmlBody).not.toMatch(/<b>|<a /);
  // Reruns, today and the next days, send nothing more until the next invoice.
  ok(studio.call('2026-01-05', 'runDailyProcesses', {}));
  ok(studio.call('2026-01-06', 'runDailyProcesses', {}));
  expect(outbox(studio)).toHaveLength(1);
  // 19 Jan: the next invoice, and a reminder for the first (unpaid 14 days, past the 7 days' grace).
  ok(studio.call('2026-01-19', 'runDailyProcesses', {}));
  expect(outbox(studio).map((m) => m.subject)).toEqual([
    'My Studio: invoice 1 for Reformer Fortnightly',
    'My Studio: invoice 4 for Reformer Fortnightly',
    'My Studio: 1 invoice overdue',
  ]);
});

it('when the quota runs out the rest wait, in order, and go with the next run', () => {
  const studio = studioWithClients();
  const sheet = studio.services().SpreadsheetApp.getActive().getSheetByName('Clients');
  const header: string[] = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
  sheet.getRange(3, header.indexOf('Email') + 1).setValue('ben@example.com');
  sheet.getRange(4, header.indexOf('No Email') + 1).setValue('');
  ok(studio.call('2026-01-05', 'runDailyProcesses', {}, { mailQuota: 2 }));
  expect(log(studio).map((r) => r[3])).toEqual(['sent', 'sent', 'waiting']);
  const summary = ok(studio.call('2026-01-07', 'runDailyProcesses', {}, { mailQuota: 2 })).summary;
  expect(summary.emails).toMatchObject({ sent: 1, waiting: 0 });
  expect(log(studio).map((r) => r[3])).toEqual(['sent', 'sent', 'sent']);
  expect(outbox(studio).map((m) => m.to[0])).toEqual(['ava@example.com', 'ben@example.com', 'cleo@example.com']);
});

it('a template with an unknown placeholder is reported in the Run Log, and only that kind waits', () => {
  const studio = studioWithClients();
  const messages = studio.services().SpreadsheetApp.getActive().getSheetByName('Messages');
  const rows: string[][] = messages.getDataRange().getValues();
  messages.getRange(rows.findIndex((r) => r[0] === 'Invoice') + 1, 4).setValue('Pay {amout} now');
  const summary = ok(studio.call('2026-01-05', 'runDailyProcesses', {})).summary;
  expect(summary.problems).toContain(
    "Messages: the invoice template uses {amout}, which it can't fill: no invoice emails are sent until it is fixed.",
  );
  expect(outbox(studio)).toEqual([]);
  const runLog = studio.dump('Run Log')['Run Log'];
  expect(String(runLog[runLog.length - 1].Details)).toContain('{amout}');
});

it("the preview lists tomorrow's emails and sends nothing; Email statement sends one now, once per request", () => {
  const studio = studioWithClients();
  const preview = ok(studio.call('2026-01-04', 'runDailyProcesses', { dryRun: true, today: '2026-01-05' })).summary;
  expect(preview.emails.planned.map((m: { key: string }) => m.key)).toEqual([
    'invoice:S-1:0',
    'invoice:S-2:0',
    'invoice:S-3:0',
  ]);
  expect(outbox(studio)).toEqual([]);
  const sent = ok(studio.call('2026-01-06', 'emailStatement', { clientId: 'C-1', requestId: 'st-1' }));
  expect(sent).toMatchObject({ status: 'sent', to: 'ava@example.com' });
  ok(studio.call('2026-01-06', 'emailStatement', { clientId: 'C-1', requestId: 'st-1' }));
  const statements = outbox(studio).filter((m) => m.subject.includes('your sessions'));
  expect(statements).toHaveLength(1);
  expect(statements[0].htmlBody).toContain('Reformer Fortnightly: 6 sessions left');
});

/** A run on `day` of a copy of `clean`, crashed by `faults`, then run again that day. */
function crashTrial(clean: unknown, day: string, faults?: Record<string, number>) {
  const workbook = cloneWorkbook(clean);
  const cloud = createCloud();
  const lock = createSharedLocks();
  const rt = () => createRuntime({ workbook, now: day, lock, cloud, distDir: 'dist' });
  const first = rt();
  if (faults) first.faults = faults;
  let crashed = false;
  try {
    first.load().runDailyProcesses({});
  } catch (e) {
    crashed = /Injected fault/.test(String((e as Error).message));
  }
  const writes: number = first.writeCalls;
  first.endExecution();
  const again = rt();
  const reply = again.load().runDailyProcesses({});
  again.endExecution();
  return { crashed, writes, reply, cloud, workbook };
}

it('crashed at every write point of a run: no email twice, none lost without a row that says so', () => {
  const studio = studioWithClients();
  const clean = studio.workbook;
  const trial = (faults?: Record<string, number>) => {
    const workbook = cloneWorkbook(clean);
    const cloud = createCloud();
    const lock = createSharedLocks();
    const rt = (day: string) => createRuntime({ workbook, now: day, lock, cloud, distDir: 'dist' });
    const first = rt('2026-01-05');
    if (faults) first.faults = faults;
    let crashed = false;
    try {
      first.load().runDailyProcesses({});
    } catch (e) {
      crashed = /Injected fault/.test(String((e as Error).message));
    }
    const writes = first.writeCalls;
    first.endExecution();
    const again = rt('2026-01-05');
    const reply = again.load().runDailyProcesses({});
    again.endExecution();
    return { crashed, writes, reply, cloud, workbook };
  };
  const reference = trial();
  expect(reference.cloud.mail.outbox).toHaveLength(1);
  const failures: string[] = [];
  for (const mode of ['failBeforeWrite', 'failAfterWrite']) {
    for (let n = 1; n <= reference.writes; n++) {
      const t = trial({ [mode]: n });
      if (!t.crashed) continue;
      const sent = t.cloud.mail.outbox.length;
      const problems: string[] = t.reply.summary?.problems ?? [];
      const unconfirmed = problems.some((p) => p.includes('not confirmed sent'));
      // Sent once, or not sent and reported for the owner to resend: never twice, never silently lost.
      if (sent > 1) failures.push(`${mode} ${n}: sent ${sent} times`);
      if (sent === 0 && !unconfirmed) failures.push(`${mode} ${n}: not sent and not reported`);
    }
  }
  expect(failures).toEqual([]);
});

/**
 * Nine weeks without a run (issue 28): Ava, on a weekly package from 5 Jan, was emailed her first two
 * invoices by the runs of 5 and 12 Jan; Ben, sold a fortnightly package after the 12 Jan run, none. The
 * next run is on 16 Mar: it bills the nine weeks and emails only the invoices of the last 7 days.
 */
function nineWeeksLate(): Studio {
  const studio = newStudio();
  setSetting(studio, 'Send client emails', 'Yes');
  const weekly = { ...FORTNIGHTLY_RESET, name: 'Reformer Weekly', frequency: 'weekly' };
  const packages = [weekly, FORTNIGHTLY_RESET].map((p) => ok(studio.call('2026-01-05', 'savePackage', p)).package);
  const [ava, ben] = [
    { name: 'Ava Chen', email: 'ava@example.com' },
    { name: 'Ben Okafor', email: 'ben@example.com' },
  ].map((c) => ok(studio.call('2026-01-05', 'saveClient', c)).client);
  const sell = (day: string, clientId: string, packageId: string) =>
    ok(studio.call(day, 'sellPackage', { clientId, packageId, startDate: day }));
  sell('2026-01-05', ava.id, packages[0].id);
  ok(studio.call('2026-01-05', 'runDailyProcesses', {}));
  ok(studio.call('2026-01-12', 'runDailyProcesses', {}));
  sell('2026-01-12', ben.id, packages[1].id);
  return studio;
}

const reminders = (studio: Studio) => outbox(studio).filter((m) => m.subject.includes('overdue'));

it('nine weeks without a run: no reminder for an invoice never emailed, one message per client listing the rest, once', () => {
  const studio = nineWeeksLate();
  expect(outbox(studio).map((m) => m.subject)).toEqual([
    'My Studio: invoice 1 for Reformer Weekly',
    'My Studio: invoice 2 for Reformer Weekly',
  ]);
  ok(studio.call('2026-03-16', 'runDailyProcesses', {}));
  // Ava: one message for invoices 1 and 2 (her 19 Jan to 2 Mar invoices were never emailed); Ben: none.
  expect(reminders(studio).map((m) => [m.to, m.subject])).toEqual([
    [['ava@example.com'], 'My Studio: 2 invoices overdue'],
  ]);
  const body = (reminders(studio)[0] as unknown as { body: string }).body;
  expect(body).toContain('Our records show 2 invoices overdue:');
  expect(body).toContain('- Invoice 1, Reformer Weekly: $300.00 owing, due Mon 5 Jan 2026 (70 days ago)');
  expect(body).toContain('- Invoice 2, Reformer Weekly: $300.00 owing, due Mon 12 Jan 2026 (63 days ago)');
  expect(body).toContain('Still owing: $600.00.');
  expect(body).not.toMatch(/Invoice [3-9]|Invoice 1\d/);
  expect(log(studio).filter((r) => String(r[0]).startsWith('reminder:'))).toEqual([
    ['reminder:C-1:2026-03-16', 'ava@example.com', 'reminder', 'sent'],
    ['reminder:S-1:0:1', 'ava@example.com', 'reminder item', 'listed in reminder:C-1:2026-03-16'],
    ['reminder:S-1:1:1', 'ava@example.com', 'reminder item', 'listed in reminder:C-1:2026-03-16'],
  ]);
  // Reruns that day and the next send nothing more; a week on, the second reminder, again one message.
  const sent = outbox(studio).length;
  ok(studio.call('2026-03-16', 'runDailyProcesses', {}));
  ok(studio.call('2026-03-17', 'runDailyProcesses', {}));
  expect(outbox(studio)).toHaveLength(sent);
  ok(studio.call('2026-03-23', 'runDailyProcesses', {}));
  expect(reminders(studio).map((m) => m.to[0])).toEqual(['ava@example.com', 'ava@example.com']);
});

it('an invoice never emailed goes when the owner adds its Email Log row with resend; its reminder comes later', () => {
  const studio = nineWeeksLate();
  ok(studio.call('2026-03-16', 'runDailyProcesses', {}));
  const sheet = studio.services().SpreadsheetApp.getActive().getSheetByName('Email Log');
  const header: string[] = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
  const row = new Array(header.length).fill('');
  row[header.indexOf('Key')] = 'invoice:S-1:2';
  row[header.indexOf('Date')] = '2026-03-16';
  row[header.indexOf('Status')] = 'resend';
  sheet.getRange(sheet.getLastRow() + 1, 1, 1, row.length).setValues([row]);
  const before = outbox(studio).length;
  ok(studio.call('2026-03-17', 'runDailyProcesses', {}));
  expect(
    outbox(studio)
      .slice(before)
      .map((m) => m.subject),
  ).toEqual(['My Studio: invoice 4 for Reformer Weekly']);
  ok(studio.call('2026-03-17', 'runDailyProcesses', {}));
  expect(outbox(studio)).toHaveLength(before + 1);
  // 23 Mar: the second reminder of invoices 1 and 2 (invoice 4 is in its grace days since 17 Mar); 30 Mar:
  // invoice 4's first, with the 9 and 16 Mar invoices emailed on 16 Mar, in one message (and Ben's first).
  ok(studio.call('2026-03-23', 'runDailyProcesses', {}));
  ok(studio.call('2026-03-30', 'runDailyProcesses', {}));
  const ava = reminders(studio).filter((m) => m.to[0] === 'ava@example.com');
  const bodies = ava.map((m) => (m as unknown as { body: string }).body);
  expect(bodies).toHaveLength(3);
  expect(reminders(studio).map((m) => m.to[0])).toEqual([...new Array(3).fill('ava@example.com'), 'ben@example.com']);
  expect(bodies[1]).toMatch(/Invoice 1,[^\n]*\n- Invoice 2,[^\n]*\n\n/);
  expect(bodies[2]).toContain('- Invoice 4, Reformer Weekly: $300.00 owing, due Mon 19 Jan 2026');
  expect(bodies[2]).toContain('3 invoices overdue');
});

it('nine weeks without a run, crashed at every write point: the reminder goes once, or is reported', () => {
  const clean = nineWeeksLate().workbook;
  const reference = crashTrial(clean, '2026-03-16');
  const subjects = (t: ReturnType<typeof crashTrial>) => t.cloud.mail.outbox.map((m: { subject: string }) => m.subject);
  expect(subjects(reference).filter((s: string) => s.includes('overdue'))).toEqual(['My Studio: 2 invoices overdue']);
  const failures: string[] = [];
  let crashes = 0;
  for (const mode of ['failBeforeWrite', 'failAfterWrite']) {
    for (let n = 1; n <= reference.writes; n++) {
      const t = crashTrial(clean, '2026-03-16', { [mode]: n });
      if (!t.crashed) continue;
      crashes++;
      const problems: string[] = t.reply.summary?.problems ?? [];
      const unconfirmed = problems.filter((p) => p.includes('not confirmed sent')).join('\n');
      const counts = new Map<string, number>();
      for (const s of subjects(t)) counts.set(s, (counts.get(s) ?? 0) + 1);
      for (const s of subjects(reference)) {
        const sent = counts.get(s) ?? 0;
        if (sent > 1) failures.push(`${mode} ${n}: "${s}" sent ${sent} times`);
        if (sent === 0 && !unconfirmed) failures.push(`${mode} ${n}: "${s}" not sent and not reported`);
      }
      if ((counts.get('My Studio: 2 invoices overdue') ?? 0) === 0 && !unconfirmed.includes('reminder:C-1:2026-03-16'))
        failures.push(`${mode} ${n}: the reminder neither sent nor reported`);
    }
  }
  expect(crashes).toBeGreaterThan(10);
  expect(failures).toEqual([]);
});
