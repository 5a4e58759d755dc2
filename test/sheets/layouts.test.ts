/**
 * The layout history (sheets-template/layouts.ts) against the template: each layout names columns,
 * dropdown values, settings and messages the template has, each added once; and the template is the one
 * recorded for LAYOUT_VERSION (layout-snapshot.json). A change to a column, a dropdown, a setting or a
 * default message without a new layout would never reach an existing studio (the nightly run upgrades a
 * workbook only when it records an older layout): this test names that trap.
 *
 * After adding the layout: UPDATE_LAYOUT=1 npx jest test/sheets/layouts.test.ts writes the new snapshot
 * (only for a LAYOUT_VERSION above the recorded one).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAYOUT_VERSION, LAYOUTS, replacedSince } from '../../sheets-template/layouts';
import { SETTINGS, TABS, type TabName } from '../../sheets-template/tabs';
import { DEFAULT_TEMPLATES, MESSAGE_KIND_CHOICES } from '../../src/domain';
import {
  describeChanges,
  describeSetup,
  dropdownChange,
  UP_TO_DATE,
  type UpgradeReport,
} from '../../src/sheets/upgrade';

const SNAPSHOT = join(__dirname, 'layout-snapshot.json');

/** The template as the upgrade brings it to a workbook: columns, their kinds and dropdowns, settings, words. */
function currentLayout() {
  const tabs = Object.fromEntries(
    Object.entries(TABS).map(([key, tab]) => [
      key,
      tab.columns.map((c) => [c.header, c.kind, ...(c.choices ? [c.choices.join(' | ')] : [])].join(' : ')),
    ]),
  );
  const settings = Object.values(SETTINGS).map((s) => s.label);
  const messages = Object.fromEntries(DEFAULT_TEMPLATES.map((t) => [t.kind, `${t.send}\n${t.subject}\n${t.body}`]));
  return { tabs, settings, messages };
}

/** What differs between two layouts, one line per tab, settings or message. */
function differences(was: ReturnType<typeof currentLayout>, now: ReturnType<typeof currentLayout>): string[] {
  const out: string[] = [];
  for (const key of new Set([...Object.keys(was.tabs), ...Object.keys(now.tabs)])) {
    const [a, b] = [was.tabs[key] ?? [], now.tabs[key] ?? []];
    const added = b.filter((c) => !a.includes(c));
    const gone = a.filter((c) => !b.includes(c));
    if (added.length || gone.length) out.push(`${key}: now ${added.join('; ') || '-'}, was ${gone.join('; ') || '-'}`);
  }
  if (was.settings.join('\n') !== now.settings.join('\n')) out.push('settings');
  for (const kind of new Set([...Object.keys(was.messages), ...Object.keys(now.messages)]))
    if (was.messages[kind] !== now.messages[kind]) out.push(`the default words of the ${kind} message`);
  return out;
}

describe('the template is the layout LAYOUT_VERSION recorded', () => {
  it('or a new layout says what changed (and the earlier words of a default message it changed)', () => {
    const stored = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as {
      version: number;
      layout: ReturnType<typeof currentLayout>;
    };
    if (process.env.UPDATE_LAYOUT && LAYOUT_VERSION > stored.version) {
      writeFileSync(SNAPSHOT, `${JSON.stringify({ version: LAYOUT_VERSION, layout: currentLayout() }, null, 2)}\n`);
      return;
    }
    const changed = differences(stored.layout, currentLayout());
    if (changed.length && LAYOUT_VERSION === stored.version)
      throw new Error(
        `The workbook's layout changed (${changed.join('; ')}) and LAYOUT_VERSION is still ${stored.version}: existing studios would never get it. Add layout ${stored.version + 1} to sheets-template/layouts.ts (what it adds; for a default message changed, its earlier words in \`replaced\`), then run UPDATE_LAYOUT=1 npx jest test/sheets/layouts.test.ts.`,
      );
    expect({ version: LAYOUT_VERSION, changed }).toEqual({ version: stored.version, changed: [] });
  });
});

describe('each layout names what the template has, each thing added once', () => {
  it('versions run 1, 2, 3 … in the order they shipped', () => {
    expect(LAYOUTS.map((l) => l.version)).toEqual(LAYOUTS.map((_, i) => i + 1));
    expect(LAYOUTS.map((l) => l.since)).toEqual(LAYOUTS.map((l) => l.since).sort());
    expect(LAYOUT_VERSION).toBe(LAYOUTS.length);
  });

  it('a column a layout added is an optional column of a tab an earlier layout had, added once', () => {
    const seen = new Set<string>();
    for (const layout of LAYOUTS)
      for (const [tab, headers] of Object.entries(layout.columns ?? {}) as [TabName, string[]][]) {
        const created = LAYOUTS.find((l) => l.tabs?.includes(tab));
        expect({ tab, since: layout.version, createdBy: created && created.version >= layout.version }).toEqual({
          tab,
          since: layout.version,
          createdBy: undefined,
        });
        for (const header of headers) {
          const spec = TABS[tab].columns.find((c) => c.header === header);
          expect({ tab, header, optional: spec?.required === false }).toEqual({ tab, header, optional: true });
          expect(seen.has(`${tab}.${header}`)).toBe(false);
          seen.add(`${tab}.${header}`);
        }
      }
  });

  it('a dropdown value a layout added is one of its column’s choices; a replaced default differs from today’s', () => {
    for (const layout of LAYOUTS) {
      for (const [tab, columns] of Object.entries(layout.choices ?? {}) as [TabName, Record<string, string[]>][])
        for (const [header, values] of Object.entries(columns)) {
          const choices = TABS[tab].columns.find((c) => c.header === header)?.choices ?? [];
          expect(values.filter((v) => !choices.includes(v))).toEqual([]);
        }
      for (const words of layout.replaced ?? []) {
        const now = DEFAULT_TEMPLATES.find((t) => t.kind === words.kind);
        expect(now && (now.subject !== words.subject || now.body !== words.body)).toBe(true);
      }
    }
    expect(replacedSince('invoice', 0).map((w) => w.kind)).toEqual(['invoice']);
    expect(replacedSince('reminder', 5)).toHaveLength(1);
    expect(replacedSince('reminder', LAYOUT_VERSION)).toEqual([]);
    expect(MESSAGE_KIND_CHOICES.map((c) => c.value)).toEqual(DEFAULT_TEMPLATES.map((t) => t.kind));
  });

  it('a setting a layout added is in the template, added once', () => {
    const added = LAYOUTS.flatMap((l) => l.settings ?? []);
    expect(new Set(added).size).toBe(added.length);
    for (const name of added) expect(SETTINGS[name]).toBeDefined();
  });
});

describe('what the upgrade says, in plain words', () => {
  it('a dropdown: the values it now offers, no longer offers, or back in their order; null when the same', () => {
    const now = ['Cash', 'Card', 'Transfer', 'Other'];
    expect(dropdownChange(now, now)).toBeNull();
    expect(dropdownChange(['Cash', 'Card', 'Other'], now)).toBe('the dropdown now offers "Transfer"');
    expect(dropdownChange(['Cash', 'Card', 'Cheque', 'Transfer', 'Other'], now)).toBe(
      'the dropdown no longer offers "Cheque"',
    );
    expect(dropdownChange(['Cash', 'Cheque'], now)).toBe(
      'the dropdown now offers "Card", "Transfer" and "Other" and no longer offers "Cheque"',
    );
    expect(dropdownChange(['Card', 'Cash', 'Transfer', 'Other'], now)).toBe(
      'the dropdown lists "Cash", "Card", "Transfer" and "Other", in that order',
    );
    expect(dropdownChange(null, ['Yes', 'No'])).toBe('the dropdown is back, offering "Yes" and "No"');
  });

  it('each change a line; nothing changed: the workbook is up to date', () => {
    const report: UpgradeReport = {
      createdTabs: ['Email Log'],
      addedColumns: ['Sales: Tax Free', 'Sales: Shared With', 'Clients: No Email'],
      addedSettings: ['Tax rate (%)'],
      notRestored: [],
      dropdowns: ['Adjustments › Type: the dropdown now offers "Change"'],
      messages: [],
      changes: [],
      layout: { from: 0, to: LAYOUT_VERSION },
    };
    expect(describeChanges(report)).toEqual([
      'Created the tab "Email Log"',
      'Sales: added the columns "Tax Free" and "Shared With"',
      'Clients: added the column "No Email"',
      'Settings: added the row "Tax rate (%)", with its default',
      'Adjustments › Type: the dropdown now offers "Change"',
    ]);
    expect(describeSetup({ ...report, changes: ['Clients: added the column "No Email"'] })).toBe(
      '• Clients: added the column "No Email".',
    );
    expect(describeSetup({ ...report, changes: [] })).toBe(UP_TO_DATE);
    expect(describeSetup({ ...report, changes: [], notRestored: ['Sales: "Cancel Date" (type it back)'] })).toMatch(
      /^Renamed or deleted by hand, and not added again: Sales: "Cancel Date"/,
    );
  });
});
