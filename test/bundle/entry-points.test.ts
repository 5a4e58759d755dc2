import { readFileSync } from 'node:fs';
import { MENU_ITEMS } from '../../src/addon/menu';
import { newStudio } from '../support/studio';

// The one export list, read from the source: every name must be a top-level function of the bundle.
const exported = [...readFileSync('src/addon/index.ts', 'utf8').matchAll(/export \{([^}]*)\}/g)].flatMap((m) =>
  m[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

describe('the built bundle under gas-local', () => {
  const studio = newStudio({ setUp: false });
  const script = studio.runtime('2026-03-01').load();

  it('exposes every exported entry point as a top-level function, and nothing else of ours', () => {
    expect(exported.length).toBeGreaterThan(20);
    for (const name of exported) expect(typeof script[name]).toBe('function');
    const ours = Object.keys(script).filter((k) => typeof script[k] === 'function' && !/^[A-Z]/.test(k));
    expect(ours.sort()).toEqual([...exported].sort());
  });

  it('onOpen builds the Studio Packages menu with every item wired to an exposed function', () => {
    const rt = studio.runtime('2026-03-01');
    rt.load().onOpen({ authMode: 'LIMITED' });
    const menu = rt.ui.menus[0];
    const items = menu.items.filter((i: { caption?: string }) => i.caption);
    expect(items.map((i: { caption: string }) => i.caption)).toEqual(MENU_ITEMS.filter(Boolean).map((i) => i?.[0]));
    for (const item of items) expect(typeof script[item.functionName]).toBe('function');
  });

  // spreadsheets (not spreadsheets.currentonly): the archive job creates and opens the archive spreadsheet.
  it('ships a manifest with the V8 runtime and the minimal scopes', () => {
    const manifest = JSON.parse(readFileSync('dist/appsscript.json', 'utf8'));
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.oauthScopes).toEqual([
      'https://www.googleapis.com/auth/spreadsheets',
      'https://www.googleapis.com/auth/script.container.ui',
      'https://www.googleapis.com/auth/script.scriptapp',
      'https://www.googleapis.com/auth/script.send_mail',
      'https://www.googleapis.com/auth/script.external_request',
      'https://www.googleapis.com/auth/userinfo.email',
    ]);
  });
});
