/**
 * What must never go wrong in the sidebars: a double click sells once, hostile client names stay text
 * (on screen and in the workbook), google.script.run keeps Apps Script's rules, and every sidebar
 * passes axe-core's WCAG 2.1 A/AA checks (contrast, labels, names, focusable controls).
 */
import { expect } from '@jest/globals';
import type { Frame } from 'playwright-core';
import {
  axeViolations,
  closeAfterTests,
  dump,
  formulas,
  menu,
  openSidebar,
  type Studio,
  screenshot,
  seed,
  startStudio,
} from './harness';

const { illegalResult } = require('../../local/server') as { illegalResult(value: unknown): boolean };

const XSS = '<img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("x")';

let studio: Studio;
beforeAll(async () => {
  studio = await startStudio('safety');
  await seed(studio, [
    [
      'savePackage',
      {
        name: 'Physio Weekly',
        sessionsPerPeriod: 2,
        frequency: 'weekly',
        rollover: 'add',
        recurWeeks: 0,
        priceCents: 12000,
        rolloverCap: 6,
      },
    ],
    ['saveClient', { name: 'Ben Okafor' }],
  ]);
}, 60_000);
closeAfterTests(() => studio);

test('a double click on "Sell package" sells once', async () => {
  const { page } = studio;
  const f = await openSidebar(page, 'Sell package…', 'Sell package');
  await f.getByLabel('Client').selectOption({ label: 'Ben Okafor' });
  await f.getByLabel('Package', { exact: true }).selectOption({ label: 'Physio Weekly' });
  await f.getByText('2 sessions on Wed 25 Nov 2026').waitFor();
  await f.getByRole('button', { name: 'Sell package' }).dblclick();
  await f.getByText('Sold to Ben Okafor').waitFor();
  await screenshot(page, 'sale-double-click');
  const tabs = await dump(studio);
  expect(tabs.Sales).toHaveLength(1);
  expect(tabs.Invoices).toHaveLength(1);
  expect(tabs.Adjustments).toHaveLength(1);
});

test('client names that look like HTML or a formula are shown and stored as text', async () => {
  const { page } = studio;
  for (const name of [XSS, FORMULA]) {
    const f = await openSidebar(page, 'Sell package…', 'Sell package');
    await f.getByLabel('Client').selectOption({ label: '+ Add a new client' });
    await f.getByLabel('Name', { exact: true }).fill(name);
    await f.getByLabel('Package', { exact: true }).selectOption({ label: 'Physio Weekly' });
    await f.getByRole('button', { name: 'Sell package' }).click();
    await f.getByText(`Sold to ${name}`).waitFor();
    await expect(f.locator('img').count()).resolves.toBe(0);
  }
  // On screen, in the check-in list and in the grid: the literal text.
  const f = await openSidebar(page, 'Check in…', 'Check in');
  await f.locator('form.card h3', { hasText: XSS }).waitFor();
  await f.locator('form.card h3', { hasText: FORMULA }).waitFor();
  await expect(f.locator('img').count()).resolves.toBe(0);
  await page.getByRole('tab', { name: 'Clients' }).click();
  await page.locator('.cells td', { hasText: XSS }).waitFor();
  await page.locator('.cells td', { hasText: FORMULA }).waitFor();
  await expect(page.locator('.cells img').count()).resolves.toBe(0);
  await screenshot(page, 'hostile-names');

  // In the workbook: text, not a formula.
  const { Clients } = await dump(studio, 'Clients');
  expect(Clients.map((c) => c.Name)).toEqual(['Ben Okafor', XSS, FORMULA]);
  expect((await formulas(studio, 'Clients')).flat().filter(Boolean)).toEqual([]);
  expect((await formulas(studio, 'Sales')).flat().filter(Boolean)).toEqual([]);
  expect(studio.dialogs).toEqual([]);
});

/** The sidebar's frame, to call google.script.run directly. */
async function sidebarFrame(): Promise<Frame> {
  const handle = await studio.page.locator('#sidebar-frame').elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('no sidebar frame');
  return frame;
}

test('google.script.run follows Apps Script: async handlers, user objects, legal arguments only', async () => {
  await openSidebar(studio.page, 'Adjustments history…', 'Adjustments history');
  const frame = await sidebarFrame();
  const result = await frame.evaluate(async () => {
    type Runner = { [name: string]: (...args: unknown[]) => Runner };
    const run = (window as unknown as { google: { script: { run: Runner } } }).google.script.run;
    const call = (name: string, ...args: unknown[]) =>
      new Promise<{ ok: boolean; value?: unknown; message?: string; user?: unknown; sync: boolean }>((resolve) => {
        let returned = false;
        run
          .withSuccessHandler((value: unknown, user: unknown) => resolve({ ok: true, value, user, sync: !returned }))
          .withFailureHandler((e: Error, user: unknown) =>
            resolve({ ok: false, message: e.message, user, sync: !returned }),
          )
          .withUserObject({ tag: name })
          [name](...args);
        returned = true;
      });
    return {
      list: await call('listClients'),
      date: await call('listClients', { when: new Date() }),
      fn: await call('getAdjustments', { f: () => 1 }),
      node: await call('getAdjustments', document.body),
      privateFn: typeof run.withSuccessHandler(() => {}).openStore_,
      unknownFn: typeof run.noSuchFunction,
      endpoints: ['sellPackage', 'checkIn', 'getAdjustments'].map((n) => typeof run[n]),
      chained: run.withSuccessHandler(() => {}) !== run,
    };
  });
  expect(result.list).toMatchObject({ ok: true, sync: false, user: { tag: 'listClients' } });
  expect((result.list.value as { clients: unknown[] }).clients).toHaveLength(3);
  expect(result.date).toMatchObject({ ok: false, sync: false, user: { tag: 'listClients' } });
  expect(result.date.message).toMatch(/Date/);
  expect(result.fn).toMatchObject({ ok: false, sync: false });
  expect(result.node).toMatchObject({ ok: false, sync: false });
  expect(result.privateFn).toBe('undefined');
  expect(result.unknownFn).toBe('undefined');
  expect(result.endpoints).toEqual(['function', 'function', 'function']);
  expect(result.chained).toBe(true);
  // A returned value holding a Date arrives as null (the server checks before sending).
  expect(illegalResult({ ok: true, when: new Date() })).toBe(true);
  expect(illegalResult({ ok: true, list: [1, 'a', null, { b: true }] })).toBe(false);
});

test('the server refuses private and unknown function names', async () => {
  const { page } = studio;
  const reply = await page.evaluate(async () => {
    const post = (name: string) =>
      fetch('/api/run', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, args: [] }),
      }).then((r) => r.json());
    return [await post('openStore_'), await post('nope'), await post('listPackages')];
  });
  expect(reply[0]).toMatchObject({ ok: false, error: { message: 'Script function not found: openStore_' } });
  expect(reply[1]).toMatchObject({ ok: false });
  expect(reply[2]).toMatchObject({ ok: true, value: { ok: true } });
});

test('a menu item that alerts shows its text in a dialog', async () => {
  const { page } = studio;
  await page.getByRole('menuitem', { name: 'Extensions' }).click();
  await page.getByRole('menuitem', { name: 'Studio Packages' }).click();
  await page.getByRole('menuitem', { name: "Preview tonight's run" }).click();
  const dialog = page.getByRole('dialog');
  // The studio's clock reads noon of 2026-11-25: the next nightly run (2:00) bills the 26th.
  await dialog.getByText('Preview of the nightly run, Thu 26 Nov 2026 at 2:00 (nothing written)').waitFor();
  await dialog.getByText(/Daily Processes for Thu 26 Nov 2026 would create/).waitFor();
  await screenshot(page, 'menu-alert');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog.isVisible()).resolves.toBe(false);
  // After a run, "Nightly run status…" says when it ran in the owner's format, at the studio's time.
  await menu(page, 'Run Daily Processes now');
  await dialog
    .getByText(/Wed 25 Nov 2026/)
    .first()
    .waitFor();
  await dialog.getByRole('button', { name: 'OK' }).click();
  await menu(page, 'Nightly run status…');
  await dialog
    .getByText(
      'Daily Processes last completed (from the menu, a sidebar or the trigger) for Wed 25 Nov 2026, run on Wed 25 Nov 2026 at 12:00.',
      { exact: false },
    )
    .waitFor();
  await expect(dialog.textContent()).resolves.not.toMatch(/\d{4}-\d{2}-\d{2}/);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog.isVisible()).resolves.toBe(false);
});

test('the menu and a sidebar work with the keyboard', async () => {
  const { page } = studio;
  await page.getByRole('menuitem', { name: 'Extensions' }).focus();
  await page.keyboard.press('ArrowDown'); // opens Extensions, focuses "Studio Packages"
  await page.keyboard.press('Enter'); // opens the submenu, focuses "Set up package…"
  await page.keyboard.press('ArrowDown'); // "Add or edit a client…"
  await page.keyboard.press('ArrowDown'); // "Sell package…"
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter'); // "Check in…"
  await page.locator('#sidebar-title', { hasText: 'Check in' }).waitFor();
  const f = page.frameLocator('#sidebar-frame');
  await f.locator('form.card').first().waitFor();
  // The search box has the focus: type, Tab to the card's button, Enter checks in.
  await f.getByLabel('Client').focus();
  await page.keyboard.type('ben');
  await expect(f.locator('form.card').count()).resolves.toBe(1);
  // An Add package: how many more sessions come, and when (this year's dates without the year).
  await expect(f.locator('form.card .next').textContent()).resolves.toBe('2 more sessions on Wed 2 Dec');
  await f.getByRole('button', { name: 'Check in' }).focus();
  await page.keyboard.press('Enter');
  await f.getByText('1 session left').waitFor();
});

/** axe-core's WCAG 2.1 A and AA rules, run inside the open sidebar. */
async function accessibilityViolations(): Promise<string[]> {
  return axeViolations(await sidebarFrame());
}

test('every sidebar passes axe-core (WCAG 2.1 AA: contrast, labels, names), also with its errors showing', async () => {
  const { page } = studio;
  const sidebars: [string, string][] = [
    ['Set up package…', 'Set up package'],
    ['Sell package…', 'Sell package'],
    ['Check in…', 'Check in'],
    ['Adjustments history…', 'Adjustments history'],
    ['Record payment…', 'Record payment'],
    ['Pause selected sales…', 'Pause sales'],
    ['Get paid with Stripe…', 'Get paid with Stripe'],
  ];
  const found: Record<string, string[]> = {};
  for (const [caption, title] of sidebars) {
    await openSidebar(page, caption, title);
    found[title] = await accessibilityViolations();
  }
  // With field errors and a form-level error showing (their red text on white must pass too).
  const f = await openSidebar(page, 'Set up package…', 'Set up package');
  await f.getByRole('button', { name: 'Save package' }).click();
  await f.locator('.error:not([hidden])').first().waitFor();
  found['Set up package, refused'] = await accessibilityViolations();
  const h = await openSidebar(page, 'Adjustments history…', 'Adjustments history');
  await h.getByLabel('Client').selectOption({ label: 'Ben Okafor' });
  await h.locator('section.card').or(h.getByText('This client has no sales yet.')).first().waitFor();
  found['Adjustments history, a client'] = await accessibilityViolations();
  expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
});

test('Front desk link… shows the link as a link, whole, and where the desk runs in this preview (issue 31, item 14)', async () => {
  const { page } = studio;
  await page.getByRole('menuitem', { name: 'Extensions' }).click();
  await page.getByRole('menuitem', { name: 'Studio Packages' }).click();
  await page.getByRole('menuitem', { name: 'Front desk link…' }).click();
  const modal = page.locator('#modal');
  await modal.getByRole('heading', { name: 'Front desk link' }).waitFor();
  const inside = page.frameLocator('#modal-frame');
  const link = inside.getByRole('link');
  await expect(link.getAttribute('href')).resolves.toMatch(
    /^https:\/\/script\.google\.com\/macros\/s\/[^/]+\/exec\?s=/,
  );
  // The whole address, in a field to copy: nothing cut off.
  await expect(inside.getByRole('textbox').inputValue()).resolves.toBe(await link.getAttribute('href'));
  // The dialog's frame fits inside the dialog: nothing of the text is cut off on the right.
  const [box, frameBox] = [await modal.boundingBox(), await page.locator('#modal-frame').boundingBox()];
  expect(frameBox && box && frameBox.x + frameBox.width <= box.x + box.width).toBe(true);
  const local = modal.locator('#modal-local a');
  await expect(local.getAttribute('href')).resolves.toMatch(/^http:\/\/127\.0\.0\.1:\d+\/desk\?s=/);
  await modal.getByRole('button', { name: 'Close' }).click();
  await expect(modal.isVisible()).resolves.toBe(false);
});

test('File › Download › Comma-separated values (.csv) in the preview: the tab shown, as Export for accounting asks (issue 31, item 15)', async () => {
  const { page } = studio;
  await page.getByRole('tab', { name: 'Packages' }).click();
  await page.getByRole('menuitem', { name: 'File' }).click();
  await page.getByRole('menuitem', { name: 'Download' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Comma-separated values (.csv)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/ - Packages\.csv$/);
  const text = await new Promise<string>((resolve, reject) => {
    download
      .createReadStream()
      .then((stream) => {
        let body = '';
        stream.on('data', (c: Buffer) => {
          body += c.toString('utf8');
        });
        stream.on('end', () => resolve(body));
      })
      .catch(reject);
  });
  expect(text.split('\r\n')[0]).toMatch(/^Package ID,Name,/);
});
