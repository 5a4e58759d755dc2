// docs/exactly-once.md, "What owners may edit": its table of what a missing optional column stops is the
// rule in sheets-template/tabs.ts, not a hand copy that can drift from it.
import { readFileSync } from 'node:fs';
import { TABS, whenMissing } from '../../sheets-template/tabs';

const doc = readFileSync('docs/exactly-once.md', 'utf8');
const section = doc.slice(doc.indexOf('## What owners may edit'), doc.indexOf('## Deleted rows'));
const RULES = ['stops', 'stopsEmail', 'blank', 'derived'] as const;

const tabs = Object.values(TABS).filter((t) => t.columns.some((c) => !c.required));

it.each(tabs.map((t) => [t.name, t] as const))(
  '%s: the docs table gives each optional column its rule',
  (name, tab) => {
    const line = section.split('\n').find((l) => l.split('|')[1]?.trim() === name);
    expect(line).toBeDefined();
    const cells = (line as string)
      .split('|')
      .slice(2, 6)
      .map((c) => c.trim());
    const want = RULES.map(
      (rule) =>
        tab.columns
          .filter((c) => !c.required && whenMissing(c) === rule)
          .map((c) => c.header)
          .join(', ') || '—',
    );
    expect(cells).toEqual(want);
  },
);
