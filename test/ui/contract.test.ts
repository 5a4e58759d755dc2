/**
 * The sidebars' contract with the server (src/contract.ts) is derived from src/addon/index.ts, so it can
 * only be as strict as the compiler makes it. These tests compile small sidebar-like fixtures against it
 * with the TypeScript compiler API (one Program, the options of tsconfig.json, only the fixtures and the
 * real sidebars checked) and require that:
 *
 * - a correct client compiles, and so do the real sidebars (src/ui);
 * - calling an endpoint the server does not export, or an export that is not a google.script.run
 *   endpoint (a menu item, a trigger), does not compile;
 * - reading a field the reply lacks, or a reply's fields before checking `ok`, does not compile;
 * - passing an argument to an endpoint that takes none does not compile;
 * - an input with a misspelled field, without a required one, or with a value of the wrong type does not
 *   compile (the inputs are declared once, in src/domain/inputs.ts);
 *
 * and, for the bundles, that the contract is types only: no sidebar bundle includes server code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSync } from 'esbuild';
import * as ts from 'typescript';
import { diagnose } from '../support/typescript';

const ROOT = join(__dirname, '..', '..');
const UI = join(ROOT, 'src', 'ui');

/** Fixtures live (virtually) beside the sidebars, importing what a sidebar imports. */
const HEADER = [
  "import type { Client, Endpoint, OkOf, SaleSummary } from '../contract';",
  "import { call } from './client/rpc';",
  '',
].join('\n');

const FIXTURES: Record<string, { code: string; errors: number[] }> = {
  correct: {
    errors: [],
    code: `
      export async function ok(): Promise<string> {
        const clients = await call('listClients');
        if (!clients.ok) return clients.errors.map((e) => e.message).join(' ');
        const first: Client = clients.clients[0];
        const checked = await call('checkIn', { saleId: 'S-1', requestId: 'r' });
        if (!checked.ok) return checked.busy ? 'busy' : checked.errors[0].field;
        const history = await call('getAdjustments', { clientId: first.id });
        const sales: SaleSummary[] = history.ok ? history.sales : [];
        const endpoint: Endpoint = 'sellPackage';
        const receipt: OkOf<typeof endpoint>['receipt']['invoiceNumbers'] = [1];
        return [first.name, checked.adjustment.date, checked.balance, sales.length, receipt].join();
      }`,
  },
  unknownEndpoint: {
    errors: [2345],
    code: `export const p = call('listClient');`,
  },
  menuItemIsNoEndpoint: {
    errors: [2345, 2322],
    code: `
      export const p = call('showSaleSidebar');
      export const e: Endpoint = 'onOpen';`,
  },
  missingReplyField: {
    errors: [2551],
    code: `
      export async function f() {
        const r = await call('listClients');
        return r.ok ? r.client : null;
      }`,
  },
  missingRecordField: {
    errors: [2339],
    code: `export const f = (s: SaleSummary) => s.remaining;`,
  },
  fieldsBeforeOk: {
    errors: [2339],
    code: `export const f = async () => (await call('listPackages')).packages;`,
  },
  argumentToNoArgumentEndpoint: {
    errors: [2345],
    code: `export const p = call('listClients', {});`,
  },
  // The inputs are the server's declarations (src/domain/inputs.ts): a field misspelled, left out or of the
  // wrong type is a compile error in the sidebar, not a refusal at run time.
  // Every endpoint's argument is a declared type: none is \`unknown\` (which any call would satisfy).
  everyArgumentTyped: {
    errors: [],
    code: `
      import type { ArgOf } from '../contract';
      type Untyped = { [K in Endpoint]: unknown extends ArgOf<K> ? K : never }[Endpoint];
      export const none: [Untyped] extends [never] ? true : Untyped = true;`,
  },
  misspelledInputField: {
    errors: [2561],
    code: `export const p = call('checkIn', { saleID: 'S-1', requestId: 'r' });`,
  },
  missingInputField: {
    errors: [2345],
    code: `export const p = call('correctSessions', { saleId: 'S-1', sessions: 1 });`,
  },
  wrongInputType: {
    errors: [2322, 2322],
    code: `export const p = call('recordPayment', { invoiceNo: '7', amount: 1000, method: 'cheque' });`,
  },
};

const clientFiles = readdirSync(UI, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(UI, f));
const fixturePath = (name: string) => join(UI, `__contract_${name}__.client.ts`);

/** Diagnostics per fixture and per real sidebar file, from one Program. */
function check(): Map<string, readonly ts.Diagnostic[]> {
  const virtual = new Map(Object.entries(FIXTURES).map(([name, f]) => [fixturePath(name), HEADER + f.code]));
  return diagnose(virtual, clientFiles);
}

const describeDiagnostic = (d: ts.Diagnostic) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;

describe('the sidebars compile against the server only as the server is', () => {
  let diagnostics: Map<string, readonly ts.Diagnostic[]>;
  beforeAll(() => {
    diagnostics = check();
  });

  it.each(Object.keys(FIXTURES))('%s', (name) => {
    const found = diagnostics.get(fixturePath(name)) ?? [];
    expect(found.map((d) => d.code).sort()).toEqual([...FIXTURES[name].errors].sort());
  });

  it('the real sidebars compile', () => {
    const found = clientFiles.flatMap((f) =>
      (diagnostics.get(f) ?? []).map((d) => `${relative(ROOT, f)}: ${describeDiagnostic(d)}`),
    );
    expect(clientFiles.length).toBeGreaterThan(5);
    expect(found).toEqual([]);
  });
});

describe('the contract is types only', () => {
  it('src/ui holds browser code only: the sidebars and their shared modules (the HTML is built in src/addon)', () => {
    const server = clientFiles
      .map((f) => relative(ROOT, f).split('\\').join('/'))
      .filter((f) => !f.endsWith('.client.ts') && !f.startsWith('src/ui/client/'));
    expect(server).toEqual([]);
  });

  it('the sidebars reach the server only through src/contract.ts, and it imports types only', () => {
    const direct = clientFiles.filter((f) => /from '(\.\.\/)+(addon|sheets)(\/|')/.test(readFileSync(f, 'utf8')));
    expect(direct.map((f) => relative(ROOT, f))).toEqual([]);
    const contract = readFileSync(join(ROOT, 'src', 'contract.ts'), 'utf8');
    const imports = contract.split('\n').filter((l) => /^\s*(import|export)\b.*\bfrom\b/.test(l));
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((l) => !/^\s*(import|export) type\b/.test(l))).toEqual([]);
  });

  it('no sidebar bundle includes a file of src/addon or src/sheets', () => {
    for (const entry of clientFiles.filter((f) => f.endsWith('.client.ts'))) {
      const { metafile } = buildSync({
        entryPoints: [entry],
        bundle: true,
        write: false,
        format: 'iife',
        target: 'es2019',
        metafile: true,
        logLevel: 'silent',
      });
      const inputs = Object.keys(metafile.inputs).filter((f) => /(^|\/)src\/(addon|sheets)\//.test(f));
      expect({ entry: relative(ROOT, entry), inputs }).toEqual({ entry: relative(ROOT, entry), inputs: [] });
    }
  });
});
