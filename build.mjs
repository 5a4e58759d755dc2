// Builds the Apps Script bundle: dist/Code.js + dist/appsscript.json, ready for `clasp push`.
//
// esbuild bundles src/addon/index.ts (and the sidebar client code it inlines) into one IIFE that assigns
// its exports to `StudioPackages`. Apps Script only calls top-level functions, so a footer declares one
// forwarding `function` per export; the list is read from the bundle itself, so src/addon/index.ts is the
// single export list.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import vm from 'node:vm';
import { build } from 'esbuild';

const GLOBAL = 'StudioPackages';
const outfile = 'dist/Code.js';

async function bundleClient() {
  // Sidebar client code (src/ui/*.client.ts), bundled for the browser and inlined as strings.
  const entries = existsSync('src/ui')
    ? readdirSync('src/ui')
        .filter((f) => f.endsWith('.client.ts'))
        .map((f) => `src/ui/${f}`)
    : [];
  const scripts = {};
  for (const entry of entries) {
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2019',
      minify: true,
    });
    scripts[entry.replace(/^src\/ui\//, '').replace(/\.client\.ts$/, '')] = out.outputFiles[0].text;
  }
  return scripts;
}

const clientScripts = await bundleClient();
const result = await build({
  entryPoints: ['src/addon/index.ts'],
  bundle: true,
  write: false,
  format: 'iife',
  globalName: GLOBAL,
  target: 'es2019',
  charset: 'utf8',
  legalComments: 'none',
  define: { __CLIENT_SCRIPTS__: JSON.stringify(clientScripts) },
  loader: { '.html': 'text', '.css': 'text' },
});
const body = result.outputFiles[0].text;

// Read the export names by evaluating the IIFE alone (it has no side effects at load time).
const probe = {};
vm.runInNewContext(`${body}\nthis.__names = Object.keys(${GLOBAL});`, probe);
const names = probe.__names.sort();
const footer = names.map((n) => `function ${n}() { return ${GLOBAL}.${n}.apply(this, arguments); }`).join('\n');

mkdirSync('dist', { recursive: true });
writeFileSync(
  outfile,
  `// Studio Packages — built by build.mjs from src/. Do not edit: edit src/ and run npm run build.\n${body}\n// Top-level entry points (Apps Script calls only these).\n${footer}\n`,
);
copyFileSync('appsscript.json', 'dist/appsscript.json');
const size = readFileSync(outfile).length;
console.log(`dist/Code.js: ${(size / 1024).toFixed(1)} KiB, ${names.length} entry points: ${names.join(', ')}`);
