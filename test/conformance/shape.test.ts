/**
 * The code's shape, as docs/architecture.md states it, kept by the compiler rather than by review:
 *
 * - functions stay short: none in src/addon over 40 lines (an entry point is its rule and its
 *   operation), none elsewhere in src over 60. A function's lines run from its first line to its last,
 *   functions nested in it included;
 * - one write path: `Store.flush` (which writes the queued rows of every tab) is called only by
 *   src/sheets/apply.ts, where each operation's crash-safe order is declared once;
 * - src/addon holds no sheet I/O: no call of a Range, RangeList or Sheet method (reading and writing
 *   cells is src/sheets' job).
 *
 * Each rule is checked over the Program of tsconfig.json, with the type checker where a name alone could
 * mislead (a `flush` of another type, a `getRange` of a wrapper).
 */
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { buildProgram, platformCalls } from '../support/typescript';

const ROOT = join(__dirname, '..', '..');
const program = buildProgram();
const checker = program.getTypeChecker();

/** src/**\/*.ts (not declarations), relative to the repository with /. */
const sources = program
  .getSourceFiles()
  .filter((sf) => !sf.isDeclarationFile)
  .map((sf) => ({ sf, rel: relative(ROOT, sf.fileName).replace(/\\/g, '/') }))
  .filter(({ rel }) => rel.startsWith('src/'));

function each(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => each(child, visit));
}

/** A readable name for a function node: its own name, or the variable or property it is assigned to. */
function nameOf(node: ts.FunctionLikeDeclaration): string {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name))
    return parent.name.text;
  return '(anonymous)';
}

function functionLengths(): { where: string; lines: number; limit: number }[] {
  const out: { where: string; lines: number; limit: number }[] = [];
  for (const { sf, rel } of sources) {
    const limit = rel.startsWith('src/addon/') ? 40 : 60;
    each(sf, (node) => {
      if (!ts.isFunctionLike(node) || !('body' in node) || !node.body) return;
      const fn = node as ts.FunctionLikeDeclaration;
      const first = sf.getLineAndCharacterOfPosition(fn.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(fn.getEnd()).line;
      out.push({ where: `${rel}:${first + 1} ${nameOf(fn)}`, lines: last - first + 1, limit });
    });
  }
  return out;
}

test('no function in src/addon is over 40 lines, none elsewhere in src over 60', () => {
  const lengths = functionLengths();
  // The measure sees the functions (a file without any would make this test vacuous).
  expect(lengths.filter((f) => f.where.startsWith('src/addon/')).length).toBeGreaterThan(50);
  expect(lengths.some((f) => f.lines > 20)).toBe(true);
  const tooLong = lengths.filter((f) => f.lines > f.limit).map((f) => `${f.where}: ${f.lines} lines (${f.limit})`);
  expect(tooLong).toEqual([]);
});

test('Store.flush is called only by src/sheets/apply.ts (the one write path)', () => {
  const callers: string[] = [];
  for (const { sf, rel } of sources) {
    each(sf, (node) => {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      if (node.expression.name.text !== 'flush') return;
      const receiver = checker.getTypeAtLocation(node.expression.expression);
      if (receiver.getSymbol()?.getName() !== 'Store') return;
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      callers.push(`${rel}:${line}`);
    });
  }
  expect(callers.length).toBeGreaterThan(0);
  expect(callers.filter((c) => !c.startsWith('src/sheets/apply.ts:'))).toEqual([]);
});

test('src/addon calls no Range, RangeList or Sheet method (sheet I/O lives in src/sheets)', () => {
  const calls = platformCalls(program);
  const sheetIo = [...calls].filter(([name]) => /^(Range|RangeList|Sheet)\./.test(name));
  // The server does read and write ranges: from src/sheets only.
  expect(sheetIo.length).toBeGreaterThan(5);
  const inAddon = sheetIo.flatMap(([name, files]) =>
    [...files].filter((f) => f.startsWith('src/addon/')).map((f) => `${f}: ${name}`),
  );
  expect(inAddon).toEqual([]);
});
