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
    'My Studio: invoice 1 is overdue',
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
