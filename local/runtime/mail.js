// @ts-check
// MailApp (reference/mail/mail-app): sendEmail in its four signatures and getRemainingDailyQuota, with
// the daily recipient quota, and an outbox instead of the Internet.
//
// - Scope: both methods need https://www.googleapis.com/auth/script.send_mail. A manifest that lists its
//   oauthScopes without it gets Apps Script's "Specified permissions are not sufficient to call
//   MailApp.sendEmail. Required permissions: …" (a manifest without oauthScopes has them inferred).
//   Outside FULL the proxy refuses the call first (auth.js: MailApp is not in LIMITED).
// - Quota (guides/services/quotas): "Email recipients per day" 100 on consumer accounts, 1 500 on
//   Workspace (the runtime's `mailQuota` option, default 100); every address in to, cc and bcc counts.
//   "Quotas are per user and reset 24 hours after the first request": a window per user opens at the
//   first message sent and closes 24 hours later, on the runtime's clock, shared by every execution of
//   the cloud (and kept in the workbook's sidecar by the CLI). A message that does not fit in what is
//   left throws "Service invoked too many times for one day: email." and is not sent.
// - Limits (same page, "Current limitations"): 50 recipients per message ("Limit Exceeded: Email
//   Recipients Per Message."), 200 KB of body ("Limit Exceeded: Email Body Size."); a subject over 250
//   characters throws "Argument too large: subject" (reported by users; Google's page gives no figure).
// - Every message sent is kept in the cloud's outbox (`cloud.mail.outbox`, `runtime.outbox()`) and, when
//   the runtime has an `outboxDir` (the CLI and the preview server: `<workbook>.outbox/` beside the
//   .xlsx), written there as an RFC 5322 message, `0001-<subject slug>.eml`, numbered in sending order.
// - Before a message goes, `beforeSend` (the CLI's: persist.js) makes the spreadsheets' state durable as
//   Google would hold it, so a process killed after the message was written finds its Email Log row.
// - sendEmail is a write for fault injection (instrument.js): `failBeforeWrite` at it throws before the
//   message is sent, `failAfterWrite` after it was.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { signature } = require('./instrument');
const { offsetAt } = require('./timezone');
const { writeAtomic } = require('./durable');

const SEND_MAIL_SCOPE = 'https://www.googleapis.com/auth/script.send_mail';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Recipients per day of a consumer account (gmail.com); a Workspace account has 1 500. */
const CONSUMER_DAILY_RECIPIENTS = 100;
const WORKSPACE_DAILY_RECIPIENTS = 1500;
const MAX_RECIPIENTS_PER_MESSAGE = 50;
const MAX_BODY_BYTES = 200 * 1024;
const MAX_SUBJECT_CHARS = 250;

const QUOTA_MESSAGE = 'Service invoked too many times for one day: email.';
const NO_RECIPIENT_MESSAGE = 'Failed to send email: no recipient';

/**
 * One message as sent. `to`, `cc`, `bcc`: the addresses (without display names), in order. `id`: the
 * .eml file's name without `.eml` when written to a folder, else `mail-<n>`. `date`: ISO 8601 (UTC).
 * @typedef {{ id: string, date: string, user: string, from: string, name: string | null, replyTo: string | null,
 *   to: string[], cc: string[], bcc: string[], subject: string, body: string, htmlBody: string | null,
 *   noReply: boolean, attachments: string[], file: string | null }} SentMail
 * @typedef {{ since: number, used: number }} QuotaWindow  a user's window: when it opened (ms), recipients used
 * @typedef {{ outbox: SentMail[], quota: Record<string, QuotaWindow> }} Mailbox
 *   what every execution of a project shares (cloud.js): the messages sent, each user's quota window
 * @typedef {{ user: string, scopes: string[] | null, mailbox: Mailbox, dailyRecipients: number,
 *   now: () => number, timeZone: () => string, outboxDir: string | null, stats: () => import('./instrument').Stats,
 *   beforeSend?: () => void }} MailContext
 *   `beforeSend`: called just before a message goes (a file-backed runtime makes what Google holds durable
 *   first: persist.js)
 */

/** An empty mailbox. @param {Partial<Mailbox>} [parts] @returns {Mailbox} */
function createMailbox(parts = {}) {
  return { outbox: [], quota: {}, ...parts };
}

/** The outbox folder of a workbook file: `<dir>/<name>.outbox` for `<dir>/<name>.xlsx`. @param {string} workbookPath */
function outboxDirOf(workbookPath) {
  return `${workbookPath.replace(/\.xlsx$/i, '')}.outbox`;
}

class MailAppApi {
  /** @param {import('./instrument').Env} env @param {MailContext} context */
  constructor(env, context) {
    this._env = env;
    this._context = context;
  }

  /**
   * sendEmail(message), sendEmail(recipient, subject, body), sendEmail(recipient, subject, body, options),
   * sendEmail(to, replyTo, subject, body). Returns nothing.
   * @param {unknown[]} args
   */
  sendEmail(...args) {
    this._needsScope('sendEmail');
    const message = this._message(args);
    const to = this._addresses(message.to);
    const cc = this._addresses(message.cc);
    const bcc = this._addresses(message.bcc);
    const replyTo = message.replyTo ? (this._addresses(message.replyTo)[0] ?? null) : null;
    const recipients = to.length + cc.length + bcc.length;
    if (recipients === 0) throw this._env.exception(NO_RECIPIENT_MESSAGE);
    if (recipients > MAX_RECIPIENTS_PER_MESSAGE)
      throw this._env.exception('Limit Exceeded: Email Recipients Per Message.');
    if (message.subject.length > MAX_SUBJECT_CHARS) throw this._env.exception('Argument too large: subject');
    const size = Buffer.byteLength(message.body) + Buffer.byteLength(message.htmlBody ?? '');
    if (size > MAX_BODY_BYTES) throw this._env.exception('Limit Exceeded: Email Body Size.');
    const now = this._context.now();
    const window = this._window(now);
    if (window.used + recipients > this._context.dailyRecipients) throw this._env.exception(QUOTA_MESSAGE);
    window.used += recipients;
    const { user } = this._context;
    /** @type {SentMail} */
    const mail = {
      id: '',
      date: new Date(now).toISOString(),
      user,
      from: message.noReply && !isConsumer(user) ? `noreply@${domainOf(user)}` : user,
      name: message.name,
      replyTo,
      to,
      cc,
      bcc,
      subject: message.subject,
      body: message.body,
      htmlBody: message.htmlBody,
      noReply: message.noReply,
      attachments: message.attachments,
      file: null,
    };
    this._context.beforeSend?.();
    const dir = this._context.outboxDir;
    if (dir) {
      const written = writeEml(dir, mail, this._context.timeZone());
      mail.id = written.id;
      mail.file = written.file;
    } else {
      mail.id = `mail-${this._context.mailbox.outbox.length + 1}`;
    }
    this._context.mailbox.outbox.push(mail);
    const stats = this._context.stats();
    stats.mailsSent = (stats.mailsSent ?? 0) + 1;
    stats.mailRecipients = (stats.mailRecipients ?? 0) + recipients;
  }

  /** Recipients the user can still send to in the current window (the whole quota when none is open). */
  getRemainingDailyQuota() {
    this._needsScope('getRemainingDailyQuota');
    const window = this._context.mailbox.quota[this._context.user];
    const used = window && this._context.now() - window.since < DAY_MS ? window.used : 0;
    return Math.max(0, this._context.dailyRecipients - used);
  }

  /** The user's open quota window (a new one when none is open or the last closed). @param {number} now */
  _window(now) {
    const { quota } = this._context.mailbox;
    const user = this._context.user;
    const open = quota[user];
    if (open && now - open.since < DAY_MS) return open;
    quota[user] = { since: now, used: 0 };
    return quota[user];
  }

  /** @param {string} method */
  _needsScope(method) {
    const scopes = this._context.scopes;
    if (scopes && !scopes.includes(SEND_MAIL_SCOPE))
      throw this._env.exception(
        `Specified permissions are not sufficient to call MailApp.${method}. Required permissions: ${SEND_MAIL_SCOPE}`,
      );
  }

  /** The message of any of the four signatures, normalised. @param {unknown[]} args */
  _message(args) {
    const mismatch = () =>
      this._env.exception(
        `The parameters (${signature(args)}) don't match the method signature for MailApp.sendEmail.`,
      );
    const text = (/** @type {unknown} */ v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    /** @type {Record<string, unknown>} */
    let m;
    if (args.length === 1 && isObject(args[0])) {
      m = /** @type {Record<string, unknown>} */ (args[0]);
    } else if (args.length === 3 && args.every(text)) {
      m = { to: args[0], subject: args[1], body: args[2] };
    } else if (args.length === 4 && text(args[0]) && text(args[1]) && text(args[2]) && isObject(args[3])) {
      m = { .../** @type {object} */ (args[3]), to: args[0], subject: args[1], body: args[2] };
    } else if (args.length === 4 && args.every(text)) {
      m = { to: args[0], replyTo: args[1], subject: args[2], body: args[3] };
    } else {
      throw mismatch();
    }
    const str = (/** @type {unknown} */ v) => (v === undefined || v === null ? '' : String(v));
    const attachments = Array.isArray(m.attachments) ? m.attachments : [];
    return {
      to: str(m.to),
      cc: str(m.cc),
      bcc: str(m.bcc),
      replyTo: str(m.replyTo),
      subject: str(m.subject),
      body: str(m.body),
      htmlBody: m.htmlBody === undefined || m.htmlBody === null ? null : String(m.htmlBody),
      name: m.name === undefined || m.name === null || m.name === '' ? null : String(m.name),
      noReply: m.noReply === true,
      attachments: attachments.map((a, i) => attachmentName(a, i)),
    };
  }

  /**
   * The addresses of a comma-separated list ("a@x.com, Sam <b@y.com>"); empty entries are skipped. An
   * entry that is no address throws "Invalid email: <entry>".
   * @param {string} list @returns {string[]}
   */
  _addresses(list) {
    return splitAddresses(list).map((entry) => {
      const address = addressOf(entry);
      if (!address) throw this._env.exception(`Invalid email: ${entry}`);
      return address;
    });
  }
}
// A send changes the world: fault injection may cut an execution just before or just after it.
MailAppApi.WRITES = new Set(['sendEmail']);

/** @param {unknown} v @returns {v is object} */
function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A blob's name (getName()), else "attachment-<n>". @param {unknown} blob @param {number} i */
function attachmentName(blob, i) {
  const getName = /** @type {{ getName?: unknown }} */ (blob)?.getName;
  const name = typeof getName === 'function' ? getName.call(blob) : null;
  return typeof name === 'string' && name ? name : `attachment-${i + 1}`;
}

const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** The list's entries, split at commas outside quotes and angle brackets, trimmed, empty ones dropped. @param {string} list */
function splitAddresses(list) {
  /** @type {string[]} */
  const out = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const c of list) {
    if (c === '"') quoted = !quoted;
    else if (c === '<' && !quoted) angle = true;
    else if (c === '>' && !quoted) angle = false;
    if (c === ',' && !quoted && !angle) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out.map((s) => s.trim()).filter(Boolean);
}

/** The address of "addr" or "Name <addr>", or null when it is none. @param {string} entry */
function addressOf(entry) {
  const m = /^(?:"(?:[^"\\]|\\.)*"|[^<>"]*)\s*<([^<>\s]+)>$/.exec(entry);
  const address = m ? m[1] : entry;
  return ADDRESS.test(address) && address.length <= 254 ? address : null;
}

/** @param {string} email */
function domainOf(email) {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** A consumer account (Google's noReply option is for Workspace accounts only). @param {string} email */
function isConsumer(email) {
  return ['gmail.com', 'googlemail.com'].includes(domainOf(email));
}

// ---- .eml files --------------------------------------------------------------------------------------

const CRLF = '\r\n';
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 date-time of `ms` in `timeZone`: "Wed, 25 Nov 2026 12:00:00 +1100". @param {number} ms @param {string} timeZone */
function rfc5322Date(ms, timeZone) {
  const offset = Math.round(offsetAt(ms, timeZone) / 60000);
  const d = new Date(ms + offset * 60000);
  const two = (/** @type {number} */ n) => String(n).padStart(2, '0');
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${two(Math.floor(Math.abs(offset) / 60))}${two(Math.abs(offset) % 60)}`;
  return `${WEEKDAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${zone}`;
}

/** Printable ASCII without "=?" (which would read as an encoded word). @param {string} text */
function isPlainHeaderText(text) {
  return /^[\x20-\x7e]*$/.test(text) && !text.includes('=?');
}

/**
 * RFC 2047 encoded words (UTF-8, base64) for a header value that is not plain ASCII; each word encodes
 * at most 45 bytes, so each line stays under 78 characters; words are folded onto continuation lines.
 * @param {string} text
 */
function encodeWords(text) {
  /** @type {string[]} */
  const words = [];
  let chunk = '';
  for (const c of text) {
    if (Buffer.byteLength(chunk + c) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += c;
  }
  words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

/** A header value: as is when plain ASCII, else encoded words. @param {string} text */
function headerText(text) {
  return isPlainHeaderText(text) ? text : encodeWords(text);
}

/** `"Name" <address>` (the name quoted, or encoded when not ASCII). @param {string | null} name @param {string} address */
function mailbox(name, address) {
  if (!name) return address;
  const display = isPlainHeaderText(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodeWords(name);
  return `${display} <${address}>`;
}

/** An address list folded at commas so lines stay short. @param {string} field @param {string[]} items */
function addressHeader(field, items) {
  let line = `${field}: `;
  let out = '';
  items.forEach((item, i) => {
    const piece = i < items.length - 1 ? `${item},` : item;
    if (i > 0 && line.length + piece.length + 1 > 76) {
      out += `${line}${CRLF}`;
      line = ` ${piece}`;
    } else line += i > 0 ? ` ${piece}` : piece;
  });
  return out + line;
}

/** Quoted-printable (RFC 2045 § 6.7) of UTF-8 text, lines ending CRLF, soft breaks at 76. @param {string} text */
function quotedPrintable(text) {
  const lines = text.replace(/\r\n|\r|\n/g, '\n').split('\n');
  return lines
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      let out = '';
      let width = 0;
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i];
        const last = i === bytes.length - 1;
        const plain = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
        const piece = plain ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
        if (width + piece.length > 75) {
          out += `=${CRLF}`;
          width = 0;
        }
        out += piece;
        width += piece.length;
      }
      return out;
    })
    .join(CRLF);
}

/** The message as RFC 5322 text (CRLF line ends). @param {SentMail} mail @param {string} timeZone */
function toEml(mail, timeZone) {
  const boundary = `=_studio_${crypto.randomBytes(12).toString('hex')}`;
  const headers = [
    `Message-ID: <${crypto.randomUUID()}@studio-packages.local>`,
    `Date: ${rfc5322Date(Date.parse(mail.date), timeZone)}`,
    `From: ${mailbox(mail.name, mail.from)}`,
    ...(mail.replyTo ? [`Reply-To: ${mail.replyTo}`] : []),
    ...(mail.to.length ? [addressHeader('To', mail.to)] : []),
    ...(mail.cc.length ? [addressHeader('Cc', mail.cc)] : []),
    ...(mail.bcc.length ? [addressHeader('Bcc', mail.bcc)] : []),
    `Subject: ${headerText(mail.subject)}`,
    'MIME-Version: 1.0',
    `X-Studio-Sent-By: ${mail.user}`,
  ];
  const part = (/** @type {string} */ type, /** @type {string} */ text) =>
    [
      `Content-Type: ${type}; charset=UTF-8`,
      'Content-Transfer-Encoding: quoted-printable',
      '',
      quotedPrintable(text),
    ].join(CRLF);
  if (mail.htmlBody === null) return [...headers, part('text/plain', mail.body), ''].join(CRLF);
  return [
    ...headers,
    `Content-Type: multipart/alternative;${CRLF} boundary="${boundary}"`,
    '',
    `--${boundary}`,
    part('text/plain', mail.body),
    `--${boundary}`,
    part('text/html', mail.htmlBody),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

/** A file-name slug of the subject: lower-case ASCII letters, digits and dashes, at most 40. @param {string} subject */
function slug(subject) {
  const s = subject
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return s || 'message';
}

/** The .eml files of a folder, oldest first (by their number). @param {string} dir */
function emlFiles(dir) {
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^\d+-[a-z0-9-]*\.eml$/.test(n))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b));
}

/**
 * Writes the message as `<dir>/<nnnn>-<slug>.eml`, the next number after the folder's last (written to a
 * temporary file, fsynced and renamed, so a reader never sees half a message: durable.js).
 * @param {string} dir @param {SentMail} mail @param {string} timeZone
 */
function writeEml(dir, mail, timeZone) {
  fs.mkdirSync(dir, { recursive: true });
  const files = emlFiles(dir);
  const last = files.length ? Number.parseInt(files[files.length - 1], 10) : 0;
  const id = `${String(last + 1).padStart(4, '0')}-${slug(mail.subject)}`;
  const file = path.join(dir, `${id}.eml`);
  writeAtomic(file, toEml(mail, timeZone));
  return { id, file };
}

// ---- reading .eml files back (the preview's Outbox, `studio outbox`) ----------------------------------

/** Decodes RFC 2047 encoded words (B and Q) in a header value. @param {string} value */
function decodeWords(value) {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset, enc, text) => {
    const bytes = enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : qpBytes(text.replace(/_/g, ' '));
    return bytes.toString('utf8');
  });
}

/** The bytes of quoted-printable text (soft line breaks removed). @param {string} text */
function qpBytes(text) {
  const clean = text.replace(/=\r?\n/g, '');
  /** @type {number[]} */
  const out = [];
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(clean.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(clean.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(out);
}

/** Headers (unfolded, names lower-cased) and body of an entity. @param {string} text */
function splitEntity(text) {
  const at = text.search(/\r?\n\r?\n/);
  const head = at < 0 ? text : text.slice(0, at);
  const body = at < 0 ? '' : text.slice(at).replace(/^\r?\n\r?\n/, '');
  /** @type {Record<string, string>} */
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

/** The decoded text of a leaf entity. @param {Record<string, string>} headers @param {string} body */
function decodeBody(headers, body) {
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'quoted-printable') return qpBytes(body).toString('utf8').replace(/\r\n/g, '\n');
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8').replace(/\r\n/g, '\n');
  return body.replace(/\r\n/g, '\n');
}

/** The addresses of an address header. @param {string | undefined} value */
function headerAddresses(value) {
  return value ? splitAddresses(decodeWords(value)).map((e) => addressOf(e) ?? e) : [];
}

/**
 * One .eml file read back as a SentMail (`user` from X-Studio-Sent-By; the text and HTML parts of a
 * multipart/alternative message).
 * @param {string} file @returns {SentMail}
 */
function readEml(file) {
  const { headers, body } = splitEntity(fs.readFileSync(file, 'utf8'));
  const type = headers['content-type'] ?? 'text/plain';
  let text = '';
  /** @type {string | null} */
  let html = null;
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(`--${boundary}`).slice(1);
    for (const raw of parts) {
      if (raw.startsWith('--')) break;
      const part = splitEntity(raw.replace(/^\r?\n/, ''));
      const partType = (part.headers['content-type'] ?? 'text/plain').toLowerCase();
      const decoded = decodeBody(part.headers, part.body.replace(/\r?\n$/, ''));
      if (partType.startsWith('text/html')) html = decoded;
      else if (partType.startsWith('text/plain')) text = decoded;
    }
  } else if (/^text\/html/i.test(type)) {
    html = decodeBody(headers, body.replace(/\r?\n$/, ''));
  } else {
    text = decodeBody(headers, body.replace(/\r?\n$/, ''));
  }
  const fromHeader = decodeWords(headers.from ?? '');
  const fromName = /^\s*"?((?:[^"\\]|\\.)*?)"?\s*<[^<>]+>\s*$/.exec(fromHeader)?.[1]?.replace(/\\(.)/g, '$1') ?? null;
  const date = Date.parse(headers.date ?? '');
  const from = headerAddresses(headers.from)[0] ?? '';
  return {
    id: path.basename(file, '.eml'),
    date: Number.isNaN(date) ? '' : new Date(date).toISOString(),
    user: headers['x-studio-sent-by'] ?? from,
    from,
    name: fromName || null,
    replyTo: headerAddresses(headers['reply-to'])[0] ?? null,
    to: headerAddresses(headers.to),
    cc: headerAddresses(headers.cc),
    bcc: headerAddresses(headers.bcc),
    subject: decodeWords(headers.subject ?? ''),
    body: text,
    htmlBody: html,
    noReply: false,
    attachments: [],
    file,
  };
}

/** Every message of an outbox folder, newest first (a folder that does not exist is an empty outbox). @param {string} dir */
function readOutbox(dir) {
  return emlFiles(dir)
    .reverse()
    .map((name) => readEml(path.join(dir, name)));
}

/** A message id as the outbox names it (its file name without .eml): nothing else reaches the disk. @param {string} id */
function isOutboxId(id) {
  return /^\d{1,9}-[a-z0-9-]{0,60}$/.test(id);
}

module.exports = {
  MailAppApi,
  createMailbox,
  outboxDirOf,
  readOutbox,
  readEml,
  toEml,
  isOutboxId,
  SEND_MAIL_SCOPE,
  CONSUMER_DAILY_RECIPIENTS,
  WORKSPACE_DAILY_RECIPIENTS,
  QUOTA_MESSAGE,
};
