// README's "The sheet tabs" lists each tab's columns for owners; sheets-template/tabs.ts is the one source
// of them. This keeps the owner's manual from drifting (issue 32: README's column lists were hand copies
// that no test checked): every column of every tab is named, in backticks, in that tab's paragraph.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TABS } from '../../sheets-template/tabs';

const README = readFileSync(join(__dirname, '../../README.md'), 'utf8');

/** The paragraph that starts with the tab's name in bold, its line breaks made spaces. */
function paragraphOf(tab: string): string | null {
  const start = README.indexOf(`**${tab}** —`);
  if (start < 0) return null;
  const end = README.indexOf('\n\n', start);
  return README.slice(start, end < 0 ? undefined : end).replace(/\s+/g, ' ');
}

test("README names every column of every tab, in the tab's own paragraph", () => {
  const missing: string[] = [];
  for (const spec of Object.values(TABS)) {
    const paragraph = paragraphOf(spec.name);
    if (!paragraph) {
      missing.push(`${spec.name}: no paragraph starting **${spec.name}** —`);
      continue;
    }
    // Sales copies a package's terms: its paragraph may name them as "the term columns as in Packages".
    const named = paragraph.includes('the term columns as in Packages')
      ? `${paragraph} ${paragraphOf(TABS.packages.name) ?? ''}`
      : paragraph;
    for (const column of spec.columns)
      if (!named.includes(`\`${column.header}\``)) missing.push(`${spec.name}: \`${column.header}\``);
  }
  expect(missing).toEqual([]);
});
