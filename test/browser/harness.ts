/**
 * Browser tests: the preview server in-process over a temp workbook, driven in real headless Chromium
 * (@sparticuz/chromium + playwright-core). Screenshots go to test/artifacts/ (git-ignored); with
 * UPDATE_DOCS=1 the sidebar screenshots also replace docs/sidebar-<name>.png.
 */

import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, expect } from '@jest/globals';
import sparticuz from '@sparticuz/chromium';
import ExcelJS from 'exceljs';
import { type Browser, type Frame, type FrameLocator, type Page, chromium as playwright } from 'playwright-core';
import { type ColumnKind, TABS, type TabSpec } from '../../sheets-template/tabs';

// local/ is plain CommonJS.
const { serve } = require('../../local/server') as {
  serve(opts: { workbook: string; today: string; port: number; quiet: boolean }): Promise<{
    url: string;
    /** The front desk web app's page for this workbook (the preview's second address). */
    deskUrl: string | null;
    port: number;
    session: Session;
    close(): Promise<void>;
  }>;
};
/** A session on the server's own queue (the file lock is per process: never open a second one beside it). */
type Session = <T>(fn: (script: Record<string, (...args: unknown[]) => unknown>, runtime: Runtime) => T) => Promise<T>;
const { init, callEndpoint } = require('../../local/studio') as {
  init(opts: { workbook: string; today: string; empty?: boolean }): Promise<unknown>;
  callEndpoint(script: Record<string, unknown>, name: string, arg?: unknown): Record<string, unknown>;
};
const { dumpTabs } = require('../../local/dump') as {
  dumpTabs(runtime: Runtime, tab?: string): Record<string, Record<string, unknown>[]>;
};
/** The little of the local runtime these tests touch. */
type Runtime = {
  globals(): {
    SpreadsheetApp: {
      getActive(): { getSheetByName(name: string): { getDataRange(): { getFormulas(): string[][] } } };
    };
  };
};

export const TODAY = '2026-11-25';
const ROOT = resolve(__dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test/artifacts');
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--lang=en-AU',
];

/** @sparticuz/chromium unpacks itself into the temp dir on first use: one test file at a time. */
async function executablePath(): Promise<string> {
  const lock = join(tmpdir(), 'studio-packages-chromium.lock');
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await sparticuz.executablePath();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface Studio {
  url: string;
  deskUrl: string;
  workbook: string;
  browser: Browser;
  page: Page;
  /** Alerts (window.alert/confirm/prompt) any page or sidebar opened: none are expected. */
  dialogs: string[];
  session: Session;
  /** Uncaught errors in the page or the sidebar. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** A fresh workbook (empty unless `demo`), the preview server over it, and a browser page on it. */
export async function startStudio(name: string, opts: { demo?: boolean } = {}): Promise<Studio> {
  const dir = mkdtempSync(join(tmpdir(), `studio-browser-${name}-`));
  const workbook = join(dir, 'workbook.xlsx');
  await init({ workbook, today: TODAY, empty: !opts.demo });
  const server = await serve({ workbook, today: TODAY, port: 0, quiet: true });
  const browser = await playwright.launch({
    executablePath: await executablePath(),
    args: [...sparticuz.args, ...FLAGS],
    headless: true,
  });
  const context = await browser.newContext({ viewport: { width: 1180, height: 760 }, locale: 'en-AU' });
  // A wait that fails is a hang, not a slow step: speed goals live in `npm run bench`.
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`http://127.0.0.1:${server.port}/`);
  await page.getByRole('tab', { name: 'Packages' }).waitFor();
  return {
    url: server.url,
    deskUrl: server.deskUrl ?? '',
    workbook,
    browser,
    page,
    dialogs,
    pageErrors,
    session: server.session,
    async close() {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Closes the file's studio after its tests, and checks after each test that no alert and no uncaught
 * error appeared in the page or a sidebar.
 */
export function closeAfterTests(current: () => Studio | undefined): void {
  afterAll(async () => {
    await current()?.close();
  });
  afterEach(() => {
    const studio = current();
    expect(studio?.dialogs ?? []).toEqual([]);
    expect(studio?.pageErrors ?? []).toEqual([]);
  });
}

const axe = require('axe-core') as { source: string };

/**
 * axe-core's WCAG 2.1 A and AA rules, run in a page or a sidebar's frame: each violation as
 * "rule (impact): target". It also fails when the checks saw too little (no contrast check, no control
 * named), so an empty page never passes.
 */
export async function axeViolations(target: Page | Frame): Promise<string[]> {
  await target.evaluate(axe.source);
  return target.evaluate(async () => {
    type Rule = { id: string; impact: string; nodes: { target: string[] }[] };
    type Result = { violations: Rule[]; passes: Rule[] };
    const run = (window as unknown as { axe: { run(context: Document, options: object): Promise<Result> } }).axe.run;
    const { violations, passes } = await run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
    });
    const passed = passes.map((p) => p.id);
    const named = passed.includes('label') || passed.includes('select-name');
    if (!passed.includes('color-contrast') || !named) return [`axe checked too little: ${passed}`];
    return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
  });
}

/** Extensions › Studio Packages › caption. */
export async function menu(page: Page, caption: string): Promise<void> {
  await page.getByRole('menuitem', { name: 'Extensions' }).click();
  await page.getByRole('menuitem', { name: 'Studio Packages' }).click();
  await page.getByRole('menuitem', { name: caption }).click();
}

/** Opens a sidebar from the menu and returns its frame once the page's script has run. */
export async function openSidebar(page: Page, caption: string, title: string): Promise<FrameLocator> {
  // An open sidebar is closed first, so that what follows waits for the new one, not the old one.
  const close = page.locator('#sidebar-close');
  if (await close.isVisible()) {
    await close.click();
    await page.locator('#sidebar-title').waitFor({ state: 'hidden' });
  }
  await menu(page, caption);
  await page.locator('#sidebar-title', { hasText: title }).waitFor();
  const frame = page.frameLocator('#sidebar-frame');
  await frame.locator('#app > *:not([hidden])').first().waitFor();
  return frame;
}

/** The workbook's tabs as the add-on reads them (read through the same file lock as the server). */
export async function dump(studio: Studio, tab?: string): Promise<Record<string, Record<string, unknown>[]>> {
  return studio.session((_script, runtime) => dumpTabs(runtime, tab));
}

/** The formulas in a tab (every cell; '' where there is none). */
export async function formulas(studio: Studio, tab: string): Promise<string[][]> {
  return studio.session((_script, runtime) =>
    runtime.globals().SpreadsheetApp.getActive().getSheetByName(tab).getDataRange().getFormulas(),
  );
}

/** Calls endpoints directly (to seed a workbook before the page loads). */
export async function seed(studio: Studio, calls: [string, unknown][]): Promise<unknown[]> {
  return studio.session((script) =>
    calls.map(([name, arg]) => {
      const reply = callEndpoint(script, name, arg);
      if (!reply.ok) throw new Error(`${name}: ${JSON.stringify(reply)}`);
      return reply;
    }),
  );
}

const phones = new WeakMap<Studio, Page>();

/**
 * A phone held in one hand (390 × 844 CSS pixels, touch), on the front desk page signed in as `user`.
 * One phone per studio, reused (the headless shell runs in one process: closing a second browser
 * context would close the browser).
 */
export async function openPhone(studio: Studio, user: string | null = 'frontdesk@example.com'): Promise<Page> {
  let phone = phones.get(studio);
  if (!phone) {
    const context = await studio.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'en-AU',
    });
    context.setDefaultTimeout(30_000);
    phone = await context.newPage();
    phone.on('dialog', (d) => {
      studio.dialogs.push(d.message());
      void d.dismiss();
    });
    phone.on('pageerror', (e) => studio.pageErrors.push(e.message));
    phones.set(studio, phone);
  }
  const url = new URL(studio.deskUrl);
  if (user !== null) url.searchParams.set('as', user);
  else url.searchParams.set('as', '');
  await phone.goto(url.toString());
  return phone;
}

/** Saves a phone page's screenshot to test/artifacts/desk-<name>.png (and docs/desk-<name>.png with UPDATE_DOCS=1). */
export async function phoneShot(phone: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `desk-${name}.png`);
  await phone.screenshot({ path: file });
  if (process.env.UPDATE_DOCS) copyFileSync(file, join(ROOT, 'docs', `desk-${name}.png`));
}

/** Saves a screenshot of the page to test/artifacts/<name>.png (and of the sidebar to docs/ with UPDATE_DOCS=1). */
export async function screenshot(page: Page, name: string, docsName?: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  if (docsName) {
    const file = join(ARTIFACTS, `sidebar-${docsName}.png`);
    await page.locator('#sidebar').screenshot({ path: file });
    if (process.env.UPDATE_DOCS) {
      mkdirSync(join(ROOT, 'docs'), { recursive: true });
      copyFileSync(file, join(ROOT, 'docs', `sidebar-${docsName}.png`));
    }
  }
}

/**
 * What is wrong with the formats of the saved .xlsx, as Excel or LibreOffice opens it (issue 31, item 2):
 * every data row of every data tab must carry its column's template format and none of the header's
 * style; a money column a currency format, a date column a date format, a text column text ('@'). Each
 * problem names the tab, the cell and what it holds; none: []. `file`: the workbook's .xlsx.
 */
export async function savedFormatProblems(file: string): Promise<string[]> {
  const xlsx = new ExcelJS.Workbook();
  await xlsx.xlsx.readFile(file);
  const problems: string[] = [];
  for (const spec of Object.values(TABS) as TabSpec[]) {
    const ws = xlsx.getWorksheet(spec.name);
    if (!ws) continue;
    const headers = (ws.getRow(1).values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
    const filled = (r: number) =>
      (ws.getRow(r).values as unknown[]).some((v) => v !== null && v !== undefined && v !== '');
    for (let r = 2; r <= ws.rowCount; r++) {
      if (!filled(r)) continue;
      for (const column of spec.columns) {
        const c = headers.indexOf(column.header);
        if (c < 1) continue;
        const cell = ws.getCell(r, c);
        const where = `${spec.name}!${cell.address} (${column.header})`;
        const format = cell.numFmt ?? 'General';
        if (!formatFits(column.kind, format)) problems.push(`${where}: format "${format}" for a ${column.kind} column`);
        if (cell.font?.bold) problems.push(`${where}: bold, like the header`);
        const fill = cell.fill as { fgColor?: { argb?: string } } | undefined;
        const argb = fill?.fgColor?.argb?.toLowerCase();
        if (argb?.endsWith(spec.color.slice(1).toLowerCase())) problems.push(`${where}: the header's fill`);
      }
    }
  }
  return problems;
}

/** Whether a number format is the kind a column of `kind` needs. */
function formatFits(kind: ColumnKind, format: string): boolean {
  switch (kind) {
    case 'money':
      return /0\.00/.test(format) && /[$€£¥]|"[^"]+"/.test(format);
    case 'date':
      return /y/.test(format) && /d/.test(format) && !/h/.test(format);
    case 'timestamp':
      return /y/.test(format) && /h/.test(format);
    case 'int':
    case 'count':
      return format === '0';
    default:
      return format === '@';
  }
}
