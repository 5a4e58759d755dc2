// The project's tsconfig.json, parsed once per test file, for the tests that type-check code with the
// TypeScript compiler API (the conformance table, typed headers, the client contract).
import { join, relative } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');

export function projectConfig(): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('tsconfig.json could not be read');
  return parsed;
}

/**
 * Type-checks `virtual` files (path → text, not on disk) together with `real` files, in one Program with
 * the project's options; returns each file's syntactic and semantic diagnostics.
 */
export function diagnose(
  virtual: ReadonlyMap<string, string>,
  real: readonly string[] = [],
): Map<string, readonly ts.Diagnostic[]> {
  const { options } = projectConfig();
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (file, language, ...rest) => {
    const text = virtual.get(file);
    return text === undefined ? getSourceFile(file, language, ...rest) : ts.createSourceFile(file, text, language);
  };
  host.fileExists = (file) => virtual.has(file) || fileExists(file);
  host.readFile = (file) => virtual.get(file) ?? readFile(file);
  const files = [...virtual.keys(), ...real];
  const program = ts.createProgram({ rootNames: files, options, host });
  const result = new Map<string, readonly ts.Diagnostic[]>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`not in the program: ${file}`);
    result.set(file, [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]);
  }
  return result;
}

// Apps Script calls in the server code, found with the type checker (test/conformance/platform.test.ts
// explains what counts).
const GAS_TYPES = '/node_modules/@types/google-apps-script/';

/** Server code: src/**\/*.ts without the browser clients (paths relative to the repository, with /). */
export function isServerFile(rel: string): boolean {
  return (
    rel.startsWith('src/') &&
    rel.endsWith('.ts') &&
    !rel.endsWith('.d.ts') &&
    !rel.startsWith('src/ui/client/') &&
    !rel.endsWith('.client.ts')
  );
}

export function buildProgram(): ts.Program {
  const parsed = projectConfig();
  return ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
}

/** The name of the interface / class / enum / namespace (or type alias) a member is declared in. */
function ownerName(declaration: ts.Node): string | null {
  for (let node = declaration.parent; node; node = node.parent) {
    if (
      (ts.isInterfaceDeclaration(node) ||
        ts.isClassDeclaration(node) ||
        ts.isEnumDeclaration(node) ||
        ts.isModuleDeclaration(node) ||
        ts.isTypeAliasDeclaration(node)) &&
      node.name &&
      ts.isIdentifier(node.name)
    ) {
      return node.name.text;
    }
  }
  return null;
}

/** Every Apps Script method called (and enum member read) by server code → the files that do it. */
export function platformCalls(program: ts.Program): Map<string, Set<string>> {
  const checker = program.getTypeChecker();
  const found = new Map<string, Set<string>>();

  const record = (symbol: ts.Symbol | undefined, file: string, enumOnly: boolean) => {
    if (!symbol) return;
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (enumOnly && !(target.flags & ts.SymbolFlags.EnumMember)) return;
    for (const d of target.declarations ?? []) {
      if (!d.getSourceFile().fileName.replace(/\\/g, '/').includes(GAS_TYPES)) continue;
      const owner = ownerName(d);
      if (!owner) continue;
      const name = `${owner}.${target.name}`;
      const files = found.get(name) ?? new Set<string>();
      files.add(file);
      found.set(name, files);
    }
  };

  for (const sf of program.getSourceFiles()) {
    const rel = relative(ROOT, sf.fileName).replace(/\\/g, '/');
    if (sf.isDeclarationFile || !isServerFile(rel)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const at = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
        record(checker.getSymbolAtLocation(at), rel, false);
      } else if (ts.isPropertyAccessExpression(node)) {
        record(checker.getSymbolAtLocation(node.name), rel, true);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}
