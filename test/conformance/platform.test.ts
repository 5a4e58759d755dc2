/**
 * docs/platform.md lists every Apps Script method the server code calls, with how the local runtime
 * models it. This test keeps that table exact, in both directions:
 *
 * - it fails when the code calls an Apps Script method that has no row (add one: what the local runtime
 *   does for it, from local/runtime/*.js, and the Google reference page), and
 * - it fails when a row names a method that no code calls any more (remove the row).
 *
 * What counts as "an Apps Script method the code calls", found with the TypeScript compiler's type
 * checker over the Program of tsconfig.json (built once):
 *
 * 1. every call expression `x.m(...)` (or `m(...)`) whose callee resolves to a declaration in
 *    @types/google-apps-script, named `Owner.m` after the interface (or class / enum / namespace) that
 *    declares it, without its namespace: `sheet.getRange(1, 1)` is `Sheet.getRange`,
 *    `SpreadsheetApp.getActiveSpreadsheet()` is `SpreadsheetApp.getActiveSpreadsheet` (declared on
 *    GoogleAppsScript.Spreadsheet.SpreadsheetApp), `lock.tryLock(ms)` is `Lock.tryLock`;
 * 2. every read of an Apps Script enum member, named `Enum.MEMBER`: `ui.ButtonSet.OK` is `ButtonSet.OK`,
 *    `Charts.ChartType.COLUMN` is `ChartType.COLUMN`, `ScriptApp.AuthMode.NONE` is `AuthMode.NONE`.
 *
 * Nothing else counts: reading a property that is not an enum member (`ui.ButtonSet`, `e.authMode`,
 * `Charts.ChartType`), a type annotation, or a method passed around without being called.
 *
 * Server code is every src/**\/*.ts file except the sidebar clients, which run in the browser and talk
 * to the server through `google.script.run` (the client-side API, not a server method): src/ui/client/**
 * and src/ui/*.client.ts (src/ui has no other code: the sidebar HTML is built by src/addon/render.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram, isServerFile, platformCalls } from '../support/typescript';

const ROOT = join(__dirname, '..', '..');
const TABLE = join(ROOT, 'docs', 'platform.md');
const REFERENCE = 'https://developers.google.com/apps-script/reference/';
/** An advanced service's methods are documented with the REST API they call (the Sheets API's, here). */
const ADVANCED = { SpreadsheetsCollection: 'https://developers.google.com/sheets/api/reference/rest/v4/' } as Record<
  string,
  string
>;
const referenceOf = (name: string) => ADVANCED[name.split('.')[0]] ?? REFERENCE;

interface Row {
  name: string;
  model: string;
  reference: string;
  line: number;
}

/** Where the conformance table ends: the comparison of the two deployments that follows is prose. */
const TABLE_END = '## Bound script vs published add-on';

/**
 * The table rows of docs/platform.md (above TABLE_END): every `| … |` line that is neither a header (a
 * line followed by a `|---|` separator) nor a separator. The first cell is the name (backticks allowed).
 */
function tableRows(markdown: string): { rows: Row[]; malformed: string[] } {
  const end = markdown.indexOf(TABLE_END);
  const lines = (end < 0 ? markdown : markdown.slice(0, end)).split('\n');
  const isSeparator = (line: string) => /^\|(\s*:?-+:?\s*\|)+\s*$/.test(line.trim());
  const rows: Row[] = [];
  const malformed: string[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line.startsWith('|') || isSeparator(line) || isSeparator(lines[i + 1] ?? '')) return;
    const cells = line
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((c) => c.trim());
    const name = (cells[0] ?? '').replace(/`/g, '');
    const [model = '', reference = ''] = cells.slice(1);
    if (cells.length !== 3 || !/^[A-Za-z]\w*\.\w+$/.test(name) || !model || !reference.startsWith(referenceOf(name))) {
      malformed.push(`line ${i + 1}: ${line}`);
      return;
    }
    rows.push({ name, model, reference, line: i + 1 });
  });
  return { rows, malformed };
}

describe('docs/platform.md lists exactly the Apps Script methods the server code calls', () => {
  let calls: Map<string, Set<string>>;
  let rows: Row[];
  let malformed: string[];

  beforeAll(() => {
    calls = platformCalls(buildProgram());
    ({ rows, malformed } = tableRows(readFileSync(TABLE, 'utf8')));
  });

  it('finds the calls (the analysis itself works)', () => {
    // A few calls the add-on cannot do without; if these vanish the walker is broken, not the code.
    for (const name of ['SpreadsheetApp.getActiveSpreadsheet', 'Sheet.getRange', 'Range.getValues', 'Lock.tryLock'])
      expect(calls.has(name)).toBe(true);
    // Browser code is not server code.
    for (const files of calls.values()) for (const f of files) expect(isServerFile(f)).toBe(true);
  });

  it('has well-formed rows: `| Class.method | local runtime model | Google reference URL |`, each once', () => {
    expect(malformed).toEqual([]);
    const seen = new Set<string>();
    const duplicates: string[] = [];
    for (const r of rows) {
      if (seen.has(r.name)) duplicates.push(`${r.name} (line ${r.line})`);
      seen.add(r.name);
    }
    expect(duplicates).toEqual([]);
  });

  it('has a row for every Apps Script method the server code calls', () => {
    const listed = new Set(rows.map((r) => r.name));
    const missing = [...calls.keys()]
      .filter((name) => !listed.has(name))
      .sort()
      .map((name) => `${name}  (called in ${[...(calls.get(name) ?? [])].sort().join(', ')})`);
    if (missing.length) {
      throw new Error(
        `docs/platform.md has no row for ${missing.length} Apps Script method(s) the server code calls. ` +
          'Add a row for each (how local/runtime models it, and its Google reference page):\n  ' +
          missing.join('\n  '),
      );
    }
  });

  it('has no stale rows (methods no server code calls any more)', () => {
    const stale = rows
      .filter((r) => !calls.has(r.name))
      .map((r) => `${r.name}  (docs/platform.md line ${r.line})`)
      .sort();
    if (stale.length) {
      throw new Error(
        `docs/platform.md lists ${stale.length} method(s) that no server code calls any more. Remove the row(s):\n  ` +
          stale.join('\n  '),
      );
    }
  });
});
