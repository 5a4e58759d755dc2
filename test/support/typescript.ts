// The project's tsconfig.json, parsed once per test file, for the tests that type-check code with the
// TypeScript compiler API (the conformance table, typed headers, the client contract).
import { join } from 'node:path';
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
