// Workbook upgrades (the open issue's part 4): a workbook of each earlier layout (sheets-template/layouts.ts,
// rebuilt by test/support/layouts.ts from today's) brought to the current layout by Set up workbook, then
// sold to, billed and checked in on, with nothing lost: every earlier row with its values, the new columns
// with their formats and dropdowns, the dropdowns with their new choices, the message kinds, an edited
// message as the owner left it, and a second Set up workbook that finds nothing to change. The first run of
// a new version (the nightly run, the menu's Daily Processes) upgrades a workbook recording an older layout.
import { LAYOUT_VERSION, LAYOUTS } from '../../sheets-template/layouts';
import { FORMATS, SETTINGS, SYSTEM_TAB, TABS, type TabName } from '../../sheets-template/tabs';
import { DEFAULT_TEMPLATES, MESSAGE_KIND_CHOICES } from '../../src/domain';
import { UP_TO_DATE } from '../../src/sheets/upgrade';
import { asLayout, laterChoices } from '../support/layouts';
import { FORTNIGHTLY_RESET, newStudio, ok, type Studio } from '../support/studio';

const SOLD = '2026-01-05';
const OWNER = 'owner@studio.test';
/** The tabs of the studio's data (Messages: see its own test; the report tabs are rewritten, the Run Log grows). */
const DATA: TabName[] = ['packages', 'clients', 'sales', 'invoices', 'payments', 'adjustments', 'settings'];
/** The Statement message as an owner rewrote it (its default never changed). */
const MY_STATEMENT = 'Your sessions at {studio} on {date}';
/** The overdue reminder as an owner rewrote it, before layout 6 changed its default. */
const MY_REMINDER = '{studio}: a friendly reminder about invoice {number}';

const sheetOf = (s: Studio, tab: string) => s.services().SpreadsheetApp.getActive().getSheetByName(tab);
const headerOf = (s: Studio, tab: string): string[] =>
  sheetOf(s, tab).getRange(1, 1, 1, sheetOf(s, tab).getLastColumn()).getValues()[0].map(String);
const label = (kind: string) => MESSAGE_KIND_CHOICES.find((c) => c.value === kind)?.label ?? kind;
const messageOf = (s: Studio, kind: string) => s.dump('Messages').Messages.find((r) => r.Kind === label(kind));
const systemRow = (s: Studio, key: string) => {
  const value = s.dump(SYSTEM_TAB.name)[SYSTEM_TAB.name].find((r) => r.Key === key)?.Value;
  return value ? JSON.parse(String(value)) : null;
};
/** The list the dropdown of a tab's column offers at a sheet row (the runtime's cell: local/runtime/workbook.js). */
const dropdownAt = (s: Studio, tab: string, header: string, row: number): string[] | null =>
  s.workbook.sheet(tab).cell(row, headerOf(s, tab).indexOf(header) + 1)?.dv?.values ?? null;
const later = (version: number) => LAYOUTS.filter((l) => l.version > version);

/** Two clients on the fortnightly package since 5 Jan, billed to 19 Jan, a check-in and a payment. */
function studioWithHistory(mode?: 'addon'): Studio {
  const s = newStudio(mode ? { mode } : {});
  const pkg = ok(s.call(SOLD, 'savePackage', FORTNIGHTLY_RESET)).package;
  for (const [i, name] of ['Ava Chen', 'Ben Okafor'].entries()) {
    const client = ok(s.call(SOLD, 'saveClient', { name, email: `c${i}@example.com` })).client;
    ok(s.call(SOLD, 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: SOLD, requestId: `r-${i}` }));
  }
  ok(s.call('2026-01-06', 'checkIn', { saleId: 'S-1', requestId: 'c-1' }));
  ok(s.call('2026-01-06', 'recordPayment', { invoiceNo: 1, amount: 30000, method: 'card', requestId: 'p-1' }));
  ok(s.call('2026-01-19', 'runDailyProcesses', {}));
  return s;
}

/** A studio's workbook of layout `version`, with the owner's edits of its messages (when it has them). */
function fixture(version: number, options: { record?: boolean; mode?: 'addon' } = {}): Studio {
  const s = studioWithHistory(options.mode);
  asLayout(s, version, options);
  if (version >= 4) {
    const messages = sheetOf(s, 'Messages');
    const kinds = s.dump('Messages').Messages.map((r) => r.Kind);
    const subject = headerOf(s, 'Messages').indexOf('Subject') + 1;
    messages.getRange(kinds.indexOf('Statement') + 2, subject).setValue(MY_STATEMENT);
    if (version === 5) messages.getRange(kinds.indexOf('Overdue reminder') + 2, subject).setValue(MY_REMINDER);
  }
  return s;
}

/** "a", "a and b", "a, b and c". */
const inWords = (items: string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** What Set up workbook must say it changed, for a workbook of layout `version` (from the history). */
function expectedChanges(version: number): string[] {
  const tabs = later(version).flatMap((l) => l.tabs ?? []);
  const q = (items: string[]) => items.map((i) => `"${i}"`);
  const lines: string[] = [];
  if (tabs.length) lines.push(`Created the tabs ${q(tabs.map((t) => TABS[t].name)).join(' and ')}`);
  for (const [tab, spec] of Object.entries(TABS) as [TabName, (typeof TABS)[TabName]][]) {
    const added = later(version).flatMap((l) => (l.columns?.[tab] ?? []) as string[]);
    const ordered = spec.columns.map((c) => c.header as string).filter((h) => added.includes(h));
    if (ordered.length) lines.push(`${spec.name}: added the ${ordered.length === 1 ? 'column' : 'columns'} `);
  }
  if (later(version).some((l) => l.settings)) lines.push('Settings: added the row');
  if (laterChoices(version, 'payments', 'Method').length)
    lines.push('Payments › Method: the dropdown now offers "Stripe"');
  if (laterChoices(version, 'adjustments', 'Type').length)
    lines.push('Adjustments › Type: the dropdown now offers "Change"');
  const kinds = laterChoices(version, 'messages', 'Kind') as string[];
  if (!tabs.includes('messages') && kinds.length)
    lines.push(`Messages › Kind: the dropdown now offers ${inWords(q(kinds))}`);
  if (version === 4)
    lines.push(
      'Messages › Invoice: now has the current default words (it had an earlier default, unedited)',
      'Messages › Overdue reminder: now has the current default words (it had an earlier default, unedited)',
    );
  if (version === 5)
    lines.push(
      'Messages › Overdue reminder: left as you edited it; the default words have changed (to take them, delete its row and run Set up workbook)',
    );
  if (version === 8 || version === 9)
    lines.push('Messages › Card declined: now has the current default words (it had an earlier default, unedited)');
  if (tabs.includes('messages'))
    lines.push(
      'Messages: added the "Invoice", "Receipt", "Overdue reminder", "Statement", "Card request" and "Card declined" messages, with the default words',
    );
  else if (kinds.length)
    lines.push(
      `Messages: added the ${inWords(q(kinds))} ${kinds.length === 1 ? 'message' : 'messages'}, with the default words`,
    );
  return lines;
}

/**
 * Every row of `before` is still in its tab, in its place, with every value it had (rows may follow it);
 * `derived`: columns a run since has recomputed (an invoice's Status turns Overdue).
 */
function expectNothingLost(before: Record<string, Record<string, unknown>[]>, s: Studio, derived: string[] = []): void {
  for (const [tab, rows] of Object.entries(before)) {
    const now = s.dump(tab)[tab];
    expect(now.length).toBeGreaterThanOrEqual(rows.length);
    rows.forEach((kept, i) => {
      const row = Object.fromEntries(Object.entries(kept).filter(([h]) => !derived.includes(h)));
      expect({ tab, row: i + 2, values: now[i] }).toEqual({ tab, row: i + 2, values: expect.objectContaining(row) });
    });
  }
}

/** A column the upgrade added: its header styled, every body cell in its format, with its dropdown. */
function expectFormatted(s: Studio, tab: TabName, header: string): void {
  const spec = TABS[tab];
  const column = spec.columns.find((c) => c.header === header);
  const col = headerOf(s, spec.name).indexOf(header) + 1;
  const model = s.workbook.sheet(spec.name);
  expect(model.cell(1, col)).toMatchObject({ v: header, bold: true, bg: spec.color });
  for (const row of [2, sheetOf(s, spec.name).getMaxRows()]) {
    const cell = model.cell(row, col) ?? {};
    expect({ tab, header, row, fmt: cell.fmt, dropdown: cell.dv?.values ?? null }).toEqual({
      tab,
      header,
      row,
      fmt: FORMATS[column?.kind ?? 'text'],
      dropdown: column?.choices ? [...column.choices] : null,
    });
  }
}

describe.each(LAYOUTS.filter((l) => l.version < LAYOUT_VERSION).map((l) => [l.version, l.what]))(
  'a workbook of layout %i (%s)',
  (version) => {
    const s = fixture(version as number);
    const tabs = DATA.map((t) => TABS[t].name).filter((name) => sheetOf(s, name));
    const before = Object.fromEntries(tabs.map((name) => [name, s.dump(name)[name]]));
    const reply = ok(s.call('2026-01-20', 'setUpWorkbook'));
    const report = reply.report;

    it('Set up workbook says what it changed, in plain words', () => {
      const expected = expectedChanges(version as number);
      expect(report.changes).toHaveLength(expected.length);
      expected.forEach((line, i) => {
        expect(report.changes[i].startsWith(line)).toBe(true);
      });
      expect(report.layout).toEqual({ from: 0, to: LAYOUT_VERSION });
      expect(systemRow(s, 'layout')).toMatchObject({ version: LAYOUT_VERSION });
      const logged = s.dump('Run Log')['Run Log'].at(-1);
      expect(logged).toMatchObject({ Job: 'Set up workbook', Details: report.changes.join('\n') });
    });

    it('nothing is lost: every earlier row is there, with every value it had', () => {
      expectNothingLost(before, s);
    });

    it('each column a later layout added is there, with its header style, number format and dropdown', () => {
      const added = later(version as number).flatMap((l) =>
        Object.entries(l.columns ?? {}).flatMap(([tab, headers]) => (headers ?? []).map((h) => [tab, h] as const)),
      );
      for (const [tab, header] of added) expectFormatted(s, tab as TabName, header);
      // Each tab has today's columns (the added ones at the right of those it had).
      for (const tab of Object.values(TABS))
        expect({ tab: tab.name, headers: headerOf(s, tab.name).sort() }).toEqual({
          tab: tab.name,
          headers: tab.columns.map((c) => c.header as string).sort(),
        });
      const settings = later(version as number).flatMap((l) => l.settings ?? []);
      expect([...report.addedSettings].sort()).toEqual(settings.map((n) => SETTINGS[n].label).sort());
    });

    it('every dropdown offers its current choices, on the rows it had and the rows after', () => {
      for (const tab of Object.values(TABS))
        for (const c of tab.columns.filter((c) => c.choices))
          for (const row of [2, sheetOf(s, tab.name).getMaxRows()])
            expect({
              at: `${tab.name} › ${c.header} row ${row}`,
              list: dropdownAt(s, tab.name, c.header, row),
            }).toEqual({ at: `${tab.name} › ${c.header} row ${row}`, list: [...(c.choices ?? [])] });
    });

    it('every message kind is there; an edited message is left as it is, an unedited earlier default updated', () => {
      expect(s.dump('Messages').Messages.map((r) => r.Kind)).toEqual(MESSAGE_KIND_CHOICES.map((c) => c.label));
      for (const t of DEFAULT_TEMPLATES) {
        const row = messageOf(s, t.kind);
        const edited =
          (version >= 4 && t.kind === 'statement') || (version === 5 && t.kind === 'reminder') ? row?.Subject : null;
        if (edited) expect(edited).toBe(t.kind === 'statement' ? MY_STATEMENT : MY_REMINDER);
        else expect(row).toMatchObject({ Subject: t.subject, Body: t.body, Send: 'Yes' });
      }
    });

    it('then a sale is sold, Daily Processes bills it and the earlier sales, and check-ins are taken', () => {
      const client = ok(s.call('2026-02-02', 'saveClient', { name: 'Cleo Park' })).client;
      const sold = ok(
        s.call('2026-02-02', 'sellPackage', { clientId: client.id, packageId: 'P-1', startDate: '2026-02-02' }),
      ).receipt;
      const run = ok(s.call('2026-02-16', 'runDailyProcesses', {})).summary;
      expect(run.problems).toEqual([]);
      // S-1 and S-2 on 2 and 16 Feb, S-3 on 16 Feb (its first was made when it was sold).
      expect(run.invoicesCreated).toBe(5);
      ok(s.call('2026-02-16', 'checkIn', { saleId: sold.saleId, requestId: 'c-new' }));
      ok(s.call('2026-02-16', 'checkIn', { saleId: 'S-1', requestId: 'c-old' }));
      const invoices = s.dump('Invoices').Invoices;
      expect(invoices.map((r) => r.Key)).toEqual(
        expect.arrayContaining(['S-1:0', 'S-1:1', 'S-1:2', 'S-1:3', 'S-2:3', 'S-3:0', 'S-3:1']),
      );
      expect(invoices.filter((r) => r.Key === 'S-3:1')).toHaveLength(1);
      // The upgrade's columns are read and written like any other: the new sale has its terms in them.
      expect(s.dump('Sales').Sales.at(-1)).toMatchObject({ 'Sale ID': 'S-3', 'Shared With': '', 'Tax Free': '' });
      expect(s.dump('Adjustments').Adjustments.at(-1)).toMatchObject({ 'Sale ID': 'S-1', Type: 'Use' });
    });

    it('a second Set up workbook finds nothing to change, and says so', () => {
      expect(ok(s.call('2026-02-17', 'setUpWorkbook')).report.changes).toEqual([]);
      const rt = s.runtime('2026-02-17');
      rt.load().menuSetUpWorkbook();
      expect(rt.ui.alerts.at(-1)).toMatchObject({ title: 'Set up workbook', prompt: UP_TO_DATE });
    });
  },
);

describe('the first run of a new version brings the workbook to the current layout first', () => {
  it('the nightly run (published add-on): upgrades once, logs it, then bills; a missing tab is left to Set up', () => {
    const s = fixture(3, { record: true, mode: 'addon' });
    expect(systemRow(s, 'layout')).toMatchObject({ version: 3 });
    const before = Object.fromEntries(['Sales', 'Invoices'].map((tab) => [tab, s.dump(tab)[tab]]));
    ok(s.call('2026-01-20', 'installNightlyTrigger', undefined, { userEmail: OWNER }));
    const fire = (at: string) => s.runtime(at).runTrigger(s.cloud.triggers[0].id);
    expect(fire('2026-02-02T02:00')).toEqual({ ok: true });
    const log = s.dump('Run Log')['Run Log'].slice(-2);
    expect(log.map((r) => r.Job)).toEqual(['Workbook upgrade', 'Daily Processes']);
    expect(String(log[0].Details).split('\n')).toEqual([
      'Packages: added the column "Charge Automatically"',
      'Clients: added the columns "No Email", "Stripe Customer", "Card" and "Stripe Card"',
      'Invoices: added the columns "Collection", "Pay Link" and "Stripe Pay Link"',
      'Payments: added the column "Reference"',
      'Settings: added the rows "Send client emails", "Payment instructions", "Overdue reminders", "Reminder spacing (days)", "Monthly statements", "Retry a declined card after (days)" and "Pause a sale when its card\'s last try fails", with their defaults',
      'Payments › Method: the dropdown now offers "Stripe"',
    ]);
    expectNothingLost(before, s, ['Status']);
    expectFormatted(s, 'clients', 'No Email');
    expect(sheetOf(s, 'Messages')).toBeNull();
    expect(systemRow(s, 'layout')).toMatchObject({ version: LAYOUT_VERSION });
    expect(s.dump('Invoices').Invoices.map((r) => r['Due Date'])).toContain('2026-02-02');
    // Once: the next night bills without upgrading again.
    expect(fire('2026-02-16T02:00')).toEqual({ ok: true });
    expect(s.dump('Run Log')['Run Log'].filter((r) => r.Job === 'Workbook upgrade')).toHaveLength(1);
    // Set up workbook then makes the tabs the nightly run left to it.
    expect(ok(s.call('2026-02-16', 'setUpWorkbook')).report.createdTabs).toEqual(['Messages', 'Email Log']);
  });

  it("the menu's Run Daily Processes now: the alert starts with what the upgrade changed", () => {
    const s = fixture(1);
    const rt = s.runtime('2026-02-02');
    rt.load().menuRunDailyProcesses();
    const alert = rt.ui.alerts.at(-1);
    expect(alert.title).toBe('Daily Processes for Mon 2 Feb 2026');
    expect(alert.prompt).toMatch(
      /^The workbook was first brought to the current layout:\n• Packages: added the columns/,
    );
    expect(alert.prompt).toContain('• Adjustments › Type: the dropdown now offers "Change".');
    expect(alert.prompt).not.toContain('Created the tab');
    expect(dropdownAt(s, 'Adjustments', 'Type', 2)).toContain('Change');
    expect(systemRow(s, 'layout')).toMatchObject({ version: LAYOUT_VERSION });
    expect(s.dump('Invoices').Invoices.map((r) => r.Key)).toEqual(expect.arrayContaining(['S-1:2', 'S-2:2']));
  });

  it('a workbook at the current layout: Daily Processes makes no upgrade', () => {
    const s = studioWithHistory();
    const rt = s.runtime('2026-02-02');
    rt.load().menuRunDailyProcesses();
    expect(rt.ui.alerts.at(-1).prompt).not.toContain('current layout');
    expect(s.dump('Run Log')['Run Log'].map((r) => r.Job)).not.toContain('Workbook upgrade');
  });
});

describe('what a later layout may change, as the upgrade finds it', () => {
  it('a new message kind and a new choice of the Kind dropdown; the owner’s words stay', () => {
    const s = studioWithHistory();
    const messages = sheetOf(s, 'Messages');
    const header = headerOf(s, 'Messages');
    messages.getRange(2, header.indexOf('Body') + 1).setValue('Hi {client}, our own words. {studio}');
    messages.deleteRows(5, 1); // Statement, as a layout before that kind would have it
    const three = MESSAGE_KIND_CHOICES.slice(0, 3).map((c) => c.label);
    const rule = s.services().SpreadsheetApp.newDataValidation().requireValueInList(three, true).build();
    messages.getRange(2, header.indexOf('Kind') + 1, messages.getMaxRows() - 1, 1).setDataValidation(rule);
    const report = ok(s.call('2026-01-20', 'setUpWorkbook')).report;
    expect(report.changes).toEqual([
      'Messages › Kind: the dropdown now offers "Statement", "Card request" and "Card declined"',
      'Messages: added the "Statement" message, with the default words',
    ]);
    expect(messageOf(s, 'statement')).toMatchObject({ Subject: DEFAULT_TEMPLATES[3].subject, Send: 'Yes' });
    expect(messageOf(s, 'invoice')?.Body).toBe('Hi {client}, our own words. {studio}');
    expect(ok(s.call('2026-01-21', 'setUpWorkbook')).report.changes).toEqual([]);
  });

  it('a dropdown an owner cleared is put back; one a value was typed into keeps the value', () => {
    const s = studioWithHistory();
    const payments = sheetOf(s, 'Payments');
    const method = headerOf(s, 'Payments').indexOf('Method') + 1;
    payments.getRange(2, method, payments.getMaxRows() - 1, 1).clearDataValidations();
    const report = ok(s.call('2026-01-20', 'setUpWorkbook')).report;
    expect(report.dropdowns).toEqual([
      'Payments › Method: the dropdown is back, offering "Cash", "Card", "Transfer", "Other" and "Stripe"',
    ]);
    expect(s.dump('Payments').Payments[0].Method).toBe('Card');
  });
});
