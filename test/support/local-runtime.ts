// The local Apps Script runtime is plain CommonJS JavaScript (the `studio` CLI runs it without a build
// step), so tests load it with require. Helpers here build small fixtures for the runtime tests.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runtime = require('../../local/runtime');

export const { createRuntime, createCloud, createSharedLocks, withWorkbook, Workbook, readSidecar } = runtime;

/** A fresh temporary directory for one test. */
export function tempDir(prefix = 'studio-runtime-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a hand-made "bundle" (Code.js, and a manifest with `manifest`) into a new folder and returns the folder. */
export function fixtureBundle(code: string, manifest?: Record<string, unknown>): string {
  const dir = join(tempDir('studio-bundle-'), 'dist');
  mkdirSync(dir);
  writeFileSync(join(dir, 'Code.js'), code);
  if (manifest) writeFileSync(join(dir, 'appsscript.json'), JSON.stringify(manifest));
  return dir;
}

/** A runtime over a new one-sheet workbook, with its services (no bundle loaded). */
export function newRuntime(options: Record<string, unknown> = {}) {
  const { timeZone = 'Australia/Sydney', ...rest } = options;
  const rt = createRuntime({ workbook: Workbook.create({ timeZone }), scriptTimeZone: 'Australia/Sydney', ...rest });
  const g = rt.globals();
  const ss = g.SpreadsheetApp.getActive();
  return { rt, g, ss, sheet: ss.getSheetByName('Sheet1') };
}
