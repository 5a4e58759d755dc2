// MailApp in the local runtime (local/runtime/mail.js): the four sendEmail signatures, the daily recipient
// quota (per user, 24 hours from the first message, shared by every execution of a cloud), Apps Script's
// error messages, the script.send_mail scope, the .eml outbox beside a workbook file, and sendEmail as a
// fault-injection point.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createCloud,
  createRuntime,
  fixtureBundle,
  readSidecar,
  tempDir,
  Workbook,
  withWorkbook,
} from '../support/local-runtime';

const { readOutbox, outboxDirOf, createMailbox } = require('../../local/runtime');

const SEND_MAIL = 'https://www.googleapis.com/auth/script.send_mail';
const SCOPES = ['https://www.googleapis.com/auth/spreadsheets', SEND_MAIL];
const QUOTA_ERROR = 'Service invoked too many times for one day: email.';

/** A bundle folder whose manifest lists `scopes` (null: no oauthScopes, Apps Script infers them). */
function dist(scopes: string[] | null = SCOPES, code = '') {
  return fixtureBundle(
    code,
    scopes ? { timeZone: 'Australia/Sydney', oauthScopes: scopes } : { timeZone: 'Australia/Sydney' },
  );
}

function runtime(options: Record<string, unknown> = {}) {
  return createRuntime({
    workbook: Workbook.create({ timeZone: 'Australia/Sydney' }),
    now: '2026-03-02T10:00',
    distDir: dist(),
    ...options,
  });
}

/** `n` distinct addresses. */
const people = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `client${from + i}@example.com`);

describe('sendEmail', () => {
  test('sendEmail(recipient, subject, body): a plain text message from the user', () => {
    const rt = runtime();
    const sentAt = new Date(rt.now()).toISOString(); // the message's date: when it is sent, before the call's time
    rt.globals().MailApp.sendEmail('sam@example.com', 'Your invoice', 'Amount: $300.00');
    expect(rt.outbox()).toEqual([
      expect.objectContaining({
        id: 'mail-1',
        user: 'owner@example.com',
        from: 'owner@example.com',
        to: ['sam@example.com'],
        cc: [],
        bcc: [],
        replyTo: null,
        subject: 'Your invoice',
        body: 'Amount: $300.00',
        htmlBody: null,
        date: sentAt,
        file: null,
      }),
    ]);
  });

  test('sendEmail(recipient, subject, body, options): html body, name, reply-to, cc, bcc, attachments', () => {
    const rt = runtime();
    rt.globals().MailApp.sendEmail('sam@example.com, Jo Lee <jo@example.com>', 'Receipt', 'Thanks', {
      htmlBody: '<p>Thanks</p>',
      name: 'Harbour Pilates',
      replyTo: 'desk@studio.test',
      cc: 'accounts@studio.test',
      bcc: 'archive@studio.test',
      noReply: false,
      attachments: [{ getName: () => 'receipt.pdf' }],
    });
    expect(rt.outbox()[0]).toEqual(
      expect.objectContaining({
        to: ['sam@example.com', 'jo@example.com'],
        cc: ['accounts@studio.test'],
        bcc: ['archive@studio.test'],
        replyTo: 'desk@studio.test',
        name: 'Harbour Pilates',
        body: 'Thanks',
        htmlBody: '<p>Thanks</p>',
        attachments: ['receipt.pdf'],
      }),
    );
  });

  test('sendEmail(message): the object form; sendEmail(to, replyTo, subject, body)', () => {
    const rt = runtime();
    const { MailApp } = rt.globals();
    MailApp.sendEmail({
      to: 'sam@example.com',
      subject: 'Statement',
      htmlBody: '<b>5 sessions left</b>',
      name: 'Studio',
      replyTo: 'desk@studio.test',
    });
    MailApp.sendEmail('jo@example.com', 'desk@studio.test', 'Reminder', 'Overdue');
    const [statement, reminder] = rt.outbox();
    expect(statement).toEqual(
      expect.objectContaining({
        to: ['sam@example.com'],
        subject: 'Statement',
        body: '',
        htmlBody: '<b>5 sessions left</b>',
      }),
    );
    expect(reminder).toEqual(
      expect.objectContaining({
        to: ['jo@example.com'],
        replyTo: 'desk@studio.test',
        subject: 'Reminder',
        body: 'Overdue',
      }),
    );
  });

  test('a message object made in the script realm (a loaded bundle)', () => {
    const code = `function send() { MailApp.sendEmail({ to: 'sam@example.com', cc: ['x'].length ? 'jo@example.com' : '', subject: 'Hi', body: 'b', attachments: [] }); return MailApp.getRemainingDailyQuota(); }`;
    const rt = runtime({ distDir: dist(SCOPES, code) });
    expect(rt.load().send()).toBe(98);
    expect(rt.outbox()[0]).toEqual(expect.objectContaining({ to: ['sam@example.com'], cc: ['jo@example.com'] }));
  });

  test("noReply sends from the domain's no-reply address, for Workspace accounts only", () => {
    const workspace = runtime({ userEmail: 'owner@studio.test' });
    workspace.globals().MailApp.sendEmail('sam@example.com', 'S', 'B', { noReply: true });
    expect(workspace.outbox()[0].from).toBe('noreply@studio.test');
    const consumer = runtime({ userEmail: 'owner@gmail.com' });
    consumer.globals().MailApp.sendEmail('sam@example.com', 'S', 'B', { noReply: true });
    expect(consumer.outbox()[0].from).toBe('owner@gmail.com');
  });

  test("Apps Script's errors: bad addresses, no recipient, too many recipients, long subject, big body, wrong arguments", () => {
    const rt = runtime();
    const { MailApp } = rt.globals();
    expect(() => MailApp.sendEmail('not an address', 'S', 'B')).toThrow('Invalid email: not an address');
    expect(() => MailApp.sendEmail('sam@example.com, jo@', 'S', 'B')).toThrow('Invalid email: jo@');
    expect(() => MailApp.sendEmail('sam@example.com', 'S', 'B', { cc: 'x@y' })).toThrow('Invalid email: x@y');
    expect(() => MailApp.sendEmail({ to: 'sam@example.com', replyTo: '<oops>', subject: 'S' })).toThrow(
      'Invalid email: <oops>',
    );
    expect(() => MailApp.sendEmail('', 'S', 'B')).toThrow('Failed to send email: no recipient');
    expect(() => MailApp.sendEmail({ subject: 'S', body: 'B' })).toThrow('Failed to send email: no recipient');
    expect(() => MailApp.sendEmail(people(51).join(','), 'S', 'B')).toThrow(
      'Limit Exceeded: Email Recipients Per Message.',
    );
    expect(() => MailApp.sendEmail('sam@example.com', 'x'.repeat(251), 'B')).toThrow('Argument too large: subject');
    expect(() => MailApp.sendEmail('sam@example.com', 'S', 'x'.repeat(200 * 1024 + 1))).toThrow(
      'Limit Exceeded: Email Body Size.',
    );
    expect(() => MailApp.sendEmail('sam@example.com', 'S')).toThrow(
      "The parameters (String,String) don't match the method signature for MailApp.sendEmail.",
    );
    let error: unknown;
    try {
      MailApp.sendEmail('bad', 'S', 'B');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'Exception', message: 'Invalid email: bad' });
    // Nothing was sent, and nothing counted against the quota.
    expect(rt.outbox()).toEqual([]);
    expect(MailApp.getRemainingDailyQuota()).toBe(100);
  });
});

describe('the daily quota', () => {
  test('100 recipients a day by default: to, cc and bcc each count; the message that does not fit throws', () => {
    const rt = runtime();
    const { MailApp } = rt.globals();
    expect(MailApp.getRemainingDailyQuota()).toBe(100);
    MailApp.sendEmail('a@example.com', 'S', 'B', { cc: 'b@example.com', bcc: 'c@example.com' });
    expect(MailApp.getRemainingDailyQuota()).toBe(97);
    for (let i = 0; i < 97; i++) MailApp.sendEmail(`p${i}@example.com`, 'S', 'B');
    expect(MailApp.getRemainingDailyQuota()).toBe(0);
    expect(() => MailApp.sendEmail('late@example.com', 'S', 'B')).toThrow(QUOTA_ERROR);
    expect(rt.outbox()).toHaveLength(98);
    expect(rt.stats.mailsSent).toBe(98);
    expect(rt.stats.mailRecipients).toBe(100);
    expect(rt.stats.byMethod['MailApp.sendEmail']).toBe(99);
  });

  test('a message to more recipients than are left is refused whole', () => {
    const rt = runtime();
    const { MailApp } = rt.globals();
    for (let i = 0; i < 2; i++) MailApp.sendEmail(people(49, i * 49).join(','), 'S', 'B');
    expect(MailApp.getRemainingDailyQuota()).toBe(2);
    expect(() => MailApp.sendEmail(people(3, 200).join(','), 'S', 'B')).toThrow(QUOTA_ERROR);
    expect(MailApp.getRemainingDailyQuota()).toBe(2);
    MailApp.sendEmail(people(2, 300).join(','), 'S', 'B');
    expect(MailApp.getRemainingDailyQuota()).toBe(0);
  });

  test('shared by every execution of the cloud, per user; resets 24 hours after the first message', () => {
    const cloud = createCloud();
    const workbook = Workbook.create({ timeZone: 'Australia/Sydney' });
    const distDir = dist();
    const at = (now: string, userEmail = 'owner@example.com') =>
      createRuntime({ workbook, cloud, now, distDir, userEmail });
    const send = (now: string, n: number, userEmail?: string) =>
      at(now, userEmail).globals().MailApp.sendEmail(people(n).join(','), 'S', 'B');
    send('2026-03-02T10:00', 50);
    send('2026-03-02T18:00', 50);
    expect(() => send('2026-03-02T23:59', 1)).toThrow(QUOTA_ERROR);
    // The next calendar day, still within 24 hours of the first message: nothing left.
    expect(at('2026-03-03T09:59').globals().MailApp.getRemainingDailyQuota()).toBe(0);
    expect(() => send('2026-03-03T09:59', 1)).toThrow(QUOTA_ERROR);
    // Another user has a quota of their own.
    expect(at('2026-03-02T12:00', 'frontdesk@example.com').globals().MailApp.getRemainingDailyQuota()).toBe(100);
    // 24 hours after the first message the window closes: the whole quota again.
    expect(at('2026-03-03T10:00').globals().MailApp.getRemainingDailyQuota()).toBe(100);
    send('2026-03-03T10:00', 1);
    expect(at('2026-03-03T11:00').globals().MailApp.getRemainingDailyQuota()).toBe(99);
    expect(cloud.mail.outbox).toHaveLength(3);
  });

  test('mailQuota: 1 500 for a Workspace account; the one-user options share a mailbox with `mail`', () => {
    const workspace = runtime({ mailQuota: 1500 });
    expect(workspace.globals().MailApp.getRemainingDailyQuota()).toBe(1500);
    expect(() => runtime({ mailQuota: -1 })).toThrow('mailQuota must be a whole number');
    const mail = createMailbox();
    const workbook = Workbook.create({ timeZone: 'Australia/Sydney' });
    const distDir = dist();
    const properties = { document: {}, script: {}, user: {} };
    const send = (now: string) =>
      createRuntime({ workbook, now, distDir, properties, mail, mailQuota: 1 })
        .globals()
        .MailApp.sendEmail('sam@example.com', now, 'B');
    send('2026-03-02');
    expect(() => send('2026-03-02T13:00')).toThrow(QUOTA_ERROR);
    send('2026-03-03');
    expect(mail.outbox.map((m: { subject: string }) => m.subject)).toEqual(['2026-03-02', '2026-03-03']);
  });
});

describe('authorization', () => {
  test('a manifest listing its scopes without script.send_mail: Apps Script refuses both methods', () => {
    const rt = runtime({ distDir: dist(['https://www.googleapis.com/auth/spreadsheets']) });
    const { MailApp } = rt.globals();
    expect(() => MailApp.sendEmail('sam@example.com', 'S', 'B')).toThrow(
      `Specified permissions are not sufficient to call MailApp.sendEmail. Required permissions: ${SEND_MAIL}`,
    );
    expect(() => MailApp.getRemainingDailyQuota()).toThrow(
      `Specified permissions are not sufficient to call MailApp.getRemainingDailyQuota. Required permissions: ${SEND_MAIL}`,
    );
    expect(rt.outbox()).toEqual([]);
  });

  test('a manifest without oauthScopes has them inferred: MailApp works', () => {
    const rt = runtime({ distDir: dist(null) });
    rt.globals().MailApp.sendEmail('sam@example.com', 'S', 'B');
    expect(rt.outbox()).toHaveLength(1);
  });

  test('outside FULL (a simple trigger) MailApp is refused with the scope it needs', () => {
    const rt = runtime();
    const { MailApp } = rt.globals({ authMode: 'LIMITED' });
    expect(() => MailApp.sendEmail('sam@example.com', 'S', 'B')).toThrow(
      `You do not have permission to call MailApp.sendEmail. Required permissions: ${SEND_MAIL}`,
    );
  });
});

describe('fault injection', () => {
  test('sendEmail is a write: a fault before it sends nothing, a fault after it has sent the message', () => {
    const rt = runtime();
    const g = rt.globals();
    const sheet = g.SpreadsheetApp.getActive().getSheetByName('Sheet1');
    const run = () => {
      sheet.getRange('A1').setValue('billed'); // write 1
      g.MailApp.sendEmail('sam@example.com', 'Invoice', 'B'); // write 2
      sheet.getRange('B1').setValue('logged'); // write 3
    };
    rt.faults = { failBeforeWrite: 2 };
    expect(run).toThrow('Injected fault before write #2 (MailApp.sendEmail)');
    expect(rt.outbox()).toHaveLength(0);
    // A write fault is a crash: the execution is over (every later call throws); the next one sees the quota.
    expect(() => g.MailApp.getRemainingDailyQuota()).toThrow('Injected fault before write #2');
    rt.endExecution();
    expect(rt.globals().MailApp.getRemainingDailyQuota()).toBe(100);

    const after = runtime();
    const h = after.globals();
    after.faults = { failAfterWrite: 1 };
    expect(() => h.MailApp.sendEmail('sam@example.com', 'Invoice', 'B')).toThrow(
      'Injected fault after write #1 (MailApp.sendEmail)',
    );
    expect(after.outbox()).toHaveLength(1);
    after.endExecution();
    expect(after.globals().MailApp.getRemainingDailyQuota()).toBe(99);
    expect(after.writeCount).toBe(1);
  });
});

describe('the outbox of a workbook file', () => {
  test('each message is an .eml file in <workbook>.outbox/, numbered; the quota is kept in the sidecar', async () => {
    const dir = tempDir();
    const file = join(dir, 'studio.xlsx');
    const distDir = dist();
    const options = { create: { timeZone: 'Australia/Sydney' }, distDir, now: '2026-11-25T09:30' };
    await withWorkbook(
      file,
      (rt: any) => {
        expect(rt.outboxDir).toBe(join(dir, 'studio.outbox'));
        const { MailApp } = rt.globals();
        MailApp.sendEmail('sam@example.com', 'Invoice INV-3: $300.00', 'Amount due: $300.00\nDue: 2 Dec 2026');
        MailApp.sendEmail({
          to: 'Zoë Müller <zoe@example.com>',
          cc: 'accounts@studio.test',
          subject: 'Reçu — 5 séances restantes',
          body: 'Merci, Zoë!',
          htmlBody: '<p>Merci, <b>Zoë</b>!</p>',
          name: 'Studio Zoë',
          replyTo: 'desk@studio.test',
        });
      },
      options,
    );
    expect(outboxDirOf(file)).toBe(join(dir, 'studio.outbox'));
    expect(readdirSync(join(dir, 'studio.outbox'))).toEqual([
      '0001-invoice-inv-3-300-00.eml',
      '0002-recu-5-seances-restantes.eml',
    ]);
    const plain = readFileSync(join(dir, 'studio.outbox', '0001-invoice-inv-3-300-00.eml'), 'utf8');
    expect(plain).toMatch(/^Message-ID: <[^>]+@studio-packages\.local>\r\n/);
    expect(plain).toContain('\r\nDate: Wed, 25 Nov 2026 09:30:00 +1100\r\n');
    expect(plain).toContain('\r\nFrom: owner@example.com\r\n');
    expect(plain).toContain('\r\nTo: sam@example.com\r\n');
    expect(plain).toContain('\r\nSubject: Invoice INV-3: $300.00\r\n');
    expect(plain).toContain('\r\nMIME-Version: 1.0\r\n');
    expect(plain).toContain('Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable');
    expect(plain).toContain('\r\n\r\nAmount due: $300.00\r\nDue: 2 Dec 2026\r\n');

    const rich = readFileSync(join(dir, 'studio.outbox', '0002-recu-5-seances-restantes.eml'), 'utf8');
    const subject = /\r\nSubject: (.*(?:\r\n .*)*)\r\n/.exec(rich)?.[1] ?? '';
    expect(subject).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=(\r\n =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=)*$/);
    expect(rich).toMatch(/\r\nFrom: =\?UTF-8\?B\?[^?]+\?= <owner@example\.com>\r\n/);
    expect(rich).toContain('\r\nReply-To: desk@studio.test\r\n');
    expect(rich).toContain('\r\nCc: accounts@studio.test\r\n');
    expect(rich).toMatch(/\r\nContent-Type: multipart\/alternative;\r\n boundary="([^"]+)"\r\n/);
    expect(rich).toContain('Content-Type: text/plain; charset=UTF-8');
    expect(rich).toContain('Content-Type: text/html; charset=UTF-8');
    expect(rich).toContain('Merci, Zo=C3=AB!');
    for (const line of rich.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);

    // Read back, newest first: what the preview's Outbox and `studio outbox` show.
    const messages = readOutbox(join(dir, 'studio.outbox'));
    expect(messages.map((m: { id: string }) => m.id)).toEqual([
      '0002-recu-5-seances-restantes',
      '0001-invoice-inv-3-300-00',
    ]);
    expect(messages[0]).toEqual(
      expect.objectContaining({
        subject: 'Reçu — 5 séances restantes',
        name: 'Studio Zoë',
        from: 'owner@example.com',
        to: ['zoe@example.com'],
        cc: ['accounts@studio.test'],
        replyTo: 'desk@studio.test',
        body: 'Merci, Zoë!',
        htmlBody: '<p>Merci, <b>Zoë</b>!</p>',
        date: '2026-11-24T22:30:00.000Z',
      }),
    );
    expect(messages[1]).toEqual(
      expect.objectContaining({
        body: 'Amount due: $300.00\nDue: 2 Dec 2026',
        htmlBody: null,
        to: ['sam@example.com'],
      }),
    );
    expect(readSidecar(file).mailQuota).toEqual({
      'owner@example.com': { since: Date.parse('2026-11-24T22:30:00Z'), used: 3 },
    });

    // A later process: the numbering goes on, the quota window is the same.
    await withWorkbook(
      file,
      (rt: any) => {
        const { MailApp } = rt.globals();
        expect(MailApp.getRemainingDailyQuota()).toBe(97);
        MailApp.sendEmail('sam@example.com', '', 'No subject');
      },
      { distDir, now: '2026-11-25T15:00' },
    );
    expect(readdirSync(join(dir, 'studio.outbox'))).toContain('0003-message.eml');
    expect(existsSync(join(dir, 'studio.outbox', '0003-message.eml'))).toBe(true);
  });

  test('header injection: newlines in a subject or a name stay inside the encoded header', async () => {
    const dir = tempDir();
    const file = join(dir, 'wb.xlsx');
    await withWorkbook(
      file,
      (rt: any) =>
        rt
          .globals()
          .MailApp.sendEmail('sam@example.com', 'Hi\r\nBcc: victim@example.com', 'B', { name: 'X"\r\nTo: y@z.com' }),
      { create: { timeZone: 'UTC' }, distDir: dist(), now: '2026-01-05' },
    );
    const [name] = readdirSync(join(dir, 'wb.outbox'));
    const eml = readFileSync(join(dir, 'wb.outbox', name), 'utf8');
    expect(eml).not.toMatch(/^Bcc:/m);
    expect(eml.match(/^To:/gm)).toHaveLength(1);
    const [message] = readOutbox(join(dir, 'wb.outbox'));
    expect(message.subject).toBe('Hi\r\nBcc: victim@example.com');
    expect(message.bcc).toEqual([]);
  });
});
