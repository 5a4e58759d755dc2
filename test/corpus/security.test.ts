// Security: the smallest OAuth scopes, no sidebar turning data into HTML, no endpoint trusting the client.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bench } from '../reliability/harness';
import { ok } from '../support/studio';

const SCOPES = [
  'https://www.googleapis.com/auth/spreadsheets',
  'https://www.googleapis.com/auth/script.container.ui',
  'https://www.googleapis.com/auth/script.scriptapp',
  'https://www.googleapis.com/auth/script.send_mail',
  'https://www.googleapis.com/auth/script.external_request',
  'https://www.googleapis.com/auth/userinfo.email',
];

describe('OAuth scopes', () => {
  it.each(['appsscript.json', 'dist/appsscript.json'])('%s lists exactly the minimal set', (file) => {
    expect(JSON.parse(readFileSync(file, 'utf8')).oauthScopes).toEqual(SCOPES);
  });

  it('the bundle uses no service those scopes do not cover, and no eval', () => {
    const code = readFileSync('dist/Code.js', 'utf8');
    const forbidden =
      /\b(UrlFetchApp|DriveApp|GmailApp|MailApp|DocumentApp|FormApp|CalendarApp|ContactsApp|SlidesApp|eval\s*\(|new Function\s*\()/g;
    // MailApp (script.send_mail) sends the clients' emails, and nothing else reads or sends mail;
    // UrlFetchApp (script.external_request) reaches the studio's own Stripe account, and nothing else.
    expect((code.match(forbidden) ?? []).filter((m) => m !== 'MailApp' && m !== 'UrlFetchApp')).toEqual([]);
    expect(code.match(/UrlFetchApp\.\w+/g)).toEqual(['UrlFetchApp.fetchAll']);
    // The quota: read by the email step, and by "Check this installation…" (which sends nothing).
    expect(code.match(/MailApp\.\w+/g)?.sort()).toEqual([
      'MailApp.getRemainingDailyQuota',
      'MailApp.getRemainingDailyQuota',
      'MailApp.sendEmail',
      'MailApp.sendEmail',
    ]);
    expect(code).not.toMatch(/SpreadsheetApp\.open(ByUrl)?\(/);
  });

  it('only src/addon/stripe.ts fetches a URL, and only from api.stripe.com; no Stripe library is bundled', () => {
    const users = files('src').filter((f) => /UrlFetchApp\.\w+\(/.test(readFileSync(f, 'utf8')));
    expect(users).toEqual([join('src', 'addon', 'stripe.ts')]);
    const stripe = readFileSync(join('src', 'addon', 'stripe.ts'), 'utf8');
    // Every address in a string of the code (the comments cite Stripe's docs).
    expect(stripe.match(/(?<=['"`])https?:\/\/[^'"`\s]+/g)).toEqual(['https://api.stripe.com']);
    const code = readFileSync('dist/Code.js', 'utf8');
    // The official package is for its types only (import type): none of its code is in the bundle.
    expect(code).not.toMatch(/StripeResource|stripe-node|new Stripe\(|require\(["']stripe["']\)/);
  });

  it('only the archive job, the nightly trigger and the front desk open a spreadsheet', () => {
    // The archive job opens or creates its own archive (its sheet I/O: src/sheets/archive-book.ts); the nightly trigger, which has no active spreadsheet
    // in a published add-on, opens the one it was installed in (the id its installer's properties hold).
    // The front desk web app opens the one its link names, as the person signed in (their own access),
    // and goes on only for its owner and editors. The nightly trigger waiting for consent (consent.ts) opens
    // its own spreadsheet to say so; "Check this installation…" (selfcheck.ts) opens the archive the
    // system tab names, to see that it opens for this editor.
    const users = files('src').filter((f) => /SpreadsheetApp\.(openById|create)\(/.test(readFileSync(f, 'utf8')));
    expect(users.sort()).toEqual([
      join('src', 'addon', 'consent.ts'),
      join('src', 'addon', 'frontdesk.ts'),
      join('src', 'addon', 'selfcheck.ts'),
      join('src', 'addon', 'triggers.ts'),
      join('src', 'sheets', 'archive-book.ts'),
    ]);
    const desk = readFileSync(join('src', 'addon', 'frontdesk.ts'), 'utf8');
    expect(desk.match(/SpreadsheetApp\.openById\(/g)).toHaveLength(1);
    // The one openById opens it as the person (Google refuses anyone it isn't shared with). The page asks
    // who edits before anything else, and only it: a search and a client page read what the person could
    // read in Sheets; a check-in and an undo start with a write Google refuses to a viewer
    // (test/bundle/frontdesk.test.ts shows a stranger refused by all four and a viewer changing nothing).
    expect(desk).toMatch(/return ss && editsIt\(ss\) \? ss : null;/);
    expect(desk.match(/openAsEditor\(id\)/g)).toHaveLength(1);
    expect(desk).toMatch(/const ss = openAsEditor\(id\);\n\s+html = ss \? deskHtml/);
    expect(desk.match(/atTheStudio\(DESK_\w+/g)).toEqual([
      'atTheStudio(DESK_SEARCH',
      'atTheStudio(DESK_CLIENT',
      'atTheStudio(DESK_CHECK_IN',
      'atTheStudio(DESK_UNDO',
    ]);
    // A call marks itself a change with `true` as its last argument, before the statement ends.
    const changes = desk
      .split(/\batTheStudio\(/)
      .slice(1)
      .map((call) => [/^\s*(DESK_\w+)/.exec(call)?.[1], /^[^;]*\btrue,?\s*\);/.test(call)]);
    expect(changes).toEqual([
      ['DESK_SEARCH', false],
      ['DESK_CLIENT', false],
      ['DESK_CHECK_IN', true],
      ['DESK_UNDO', true],
    ]);
    const calls = readFileSync(join('src', 'addon', 'triggers.ts'), 'utf8').match(/SpreadsheetApp\.\w+\(/g);
    expect(new Set(calls)).toEqual(
      new Set(['SpreadsheetApp.getActiveSpreadsheet(', 'SpreadsheetApp.openById(', 'SpreadsheetApp.flush(']),
    );
    expect(calls?.filter((c) => c === 'SpreadsheetApp.openById(')).toHaveLength(1);
  });
});

/** Every file under `dir` (recursively). */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** A JS string literal with no interpolation (so no data can reach the HTML parser through it). */
const LITERAL = /^\s*(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`$]*`)\s*$/;

/** The places in `code` that hand a non-literal string to the HTML parser. */
function htmlSinks(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/\.(innerHTML|outerHTML)\s*\+?=\s*([^;\n]*)/g)) {
    if (!LITERAL.test(m[2])) found.push(m[0]);
  }
  for (const m of code.matchAll(/\.insertAdjacentHTML\s*\(\s*[^,]+,\s*([^)]*)\)/g)) {
    if (!LITERAL.test(m[1])) found.push(m[0]);
  }
  for (const m of code.matchAll(/document\.write(?:ln)?\s*\(([^)]*)\)/g)) {
    if (!LITERAL.test(m[1])) found.push(m[0]);
  }
  for (const m of code.matchAll(
    /createContextualFragment\s*\(|DOMParser\(\)\.parseFromString\s*\(|\$\([^)]*\)\.html\s*\(/g,
  )) {
    found.push(m[0]);
  }
  return found;
}

describe('sidebars never render data as HTML', () => {
  it('the scanner catches what it must', () => {
    expect(htmlSinks("el.innerHTML = '';")).toEqual([]);
    expect(htmlSinks('el.innerHTML = name;')).toHaveLength(1);
    expect(htmlSinks(['el.innerHTML += `<b>$', '{name}</b>`;'].join(''))).toHaveLength(1);
    expect(htmlSinks("el.insertAdjacentHTML('beforeend', row)")).toHaveLength(1);
    expect(htmlSinks('document.write(x)')).toHaveLength(1);
  });

  it('no client file under src/ui, and no client script inlined in the bundle, has an HTML sink with data', () => {
    const scanned = files('src/ui').filter((f) => /\.(ts|js|html)$/.test(f));
    expect(scanned.length).toBeGreaterThan(0);
    const sinks = [...scanned, 'dist/Code.js'].flatMap((f) =>
      htmlSinks(readFileSync(f, 'utf8')).map((s) => `${f}: ${s}`),
    );
    expect(sinks).toEqual([]);
  });

  it('the sidebar HTML the server builds holds no data (it comes later, as JSON, through google.script.run)', () => {
    const b = bench();
    ok(b.call('2026-03-02', 'setUpWorkbook'));
    ok(b.call('2026-03-02', 'saveClient', { name: '<img src=x onerror=alert(1)>' }));
    for (const name of ['showPackageSidebar', 'showSaleSidebar', 'showCheckInSidebar', 'showHistorySidebar']) {
      const rt = b.runtime('2026-03-02');
      rt.load()[name]();
      const html = JSON.stringify(rt.ui);
      expect(html.length).toBeGreaterThan(2000); // the sidebar was shown, its HTML recorded
      expect(html).not.toContain('onerror=alert');
    }
  });
});

describe('no endpoint trusts the client', () => {
  it('ignores fields the server computes: ids, numbers, dates of sale, balances, keys', () => {
    const b = bench();
    ok(b.call('2026-03-02', 'setUpWorkbook'));
    const pkg = ok(
      b.call('2026-03-02', 'savePackage', {
        name: 'P',
        sessionsPerPeriod: 2,
        frequency: 'weekly',
        rollover: 'reset',
        recurWeeks: 0,
        priceCents: 1000,
        description: '<b>x</b>',
      }),
    ).package;
    const client = ok(b.call('2026-03-02', 'saveClient', { name: 'A' })).client;
    const sold = ok(
      b.call('2026-03-02', 'sellPackage', {
        clientId: client.id,
        packageId: pkg.id,
        startDate: '2026-03-02',
        id: 'S-77',
        soldOn: '2020-01-01',
        terms: { priceCents: 1 },
        priceCents: 1,
        invoiceNumbers: [99],
      }),
    ).receipt;
    expect(sold).toMatchObject({ saleId: 'S-1', invoiceNumbers: [1] });
    const sale = b.dump('Sales').Sales[0];
    expect(sale).toMatchObject({ 'Sale ID': 'S-1', 'Sold On': '2026-03-02', 'Price per Period': 10 });
    const ci = ok(b.call('2026-03-03', 'checkIn', { saleId: 'S-1', sessions: -50, key: 'S-9:use:1', type: 'correct' }));
    expect(ci.adjustment).toMatchObject({ key: 'S-1:use:1', sessions: -1, type: 'use', balance: 1 });
    const paid = ok(
      b.call('2026-03-03', 'recordPayment', {
        invoiceNo: 1,
        amount: 500,
        method: 'cash',
        key: '9:pay:1',
        invoiceNumber: 9,
        paidCents: 1000,
      }),
    );
    expect(paid.payment).toMatchObject({ key: '1:pay:1', invoiceNumber: 1, amountCents: 500 });
    expect(paid.invoice).toMatchObject({ paidCents: 500, status: 'part-paid' });
  });

  it('takes only its input from google.script.run: a second argument cannot change how long it waits', () => {
    const b = bench();
    ok(b.call('2026-03-02', 'setUpWorkbook'));
    const holder = b.runtime('2026-03-02');
    expect(holder.globals().LockService.getDocumentLock().tryLock(0)).toBe(true);
    const rt = b.runtime('2026-03-02');
    const asked: number[] = [];
    const acquire = rt.lockSession.acquire.bind(rt.lockSession);
    rt.lockSession.acquire = (scope: string, ms: number) => {
      asked.push(ms);
      return acquire(scope, 0);
    };
    expect(rt.load().runDailyProcesses({}, 300_000)).toMatchObject({ ok: false, busy: true });
    expect(asked).toEqual([10_000]);
    holder.endExecution();
  });
});
