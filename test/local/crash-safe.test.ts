// Issue 29, finding 9: the local studio is crash-safe itself. The `studio` CLI is killed (SIGKILL, through
// STUDIO_CRASH_AT: local/runtime/durable.js) at every step where its files change — each file written
// but not yet in place, in place, the journal removed — during `studio call archiveHistory` and
// `studio daily` with client email on, then run again. Nothing is lost, no row is doubled, no message is
// sent twice, and a kill during a save leaves the previous file whole (docs/platform.md, "Durability").
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, Workbook, withWorkbook } from '../support/local-runtime';

const { readOutbox } = require('../../local/runtime/mail');

const CLI = join(__dirname, '..', '..', 'local', 'cli.js');
const DIST = join(__dirname, '..', '..', 'dist');
const INIT_DAY = '2026-01-05';
jest.setTimeout(600_000);
/**
 * Every step with STUDIO_CRASH_SWEEP=all (the full sweep: `STUDIO_CRASH_SWEEP=all npx jest
 * test/local/crash-safe.test.ts`); in `npm test`, the steps named by `sample` (each run is two processes).
 */
const FULL = process.env.STUDIO_CRASH_SWEEP === 'all';

/** The 1-based steps to kill at: all of them, or those matching one of `sample`. */
function chosen(steps: string[], sample: RegExp[]): number[] {
  const all = steps.map((_, i) => i + 1);
  return FULL ? all : all.filter((k) => sample.some((re) => re.test(steps[k - 1])));
}

/** Runs the CLI on `dir/s.xlsx`, optionally killed at step `crashAt`, or logging its steps to `log`. */
function studio(dir: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args, '--workbook', join(dir, 's.xlsx')], {
    encoding: 'utf8',
    env: { ...process.env, STUDIO_CRASH_AT: '', STUDIO_CRASH_LOG: '', ...env },
  });
}

/** The steps of an uninterrupted run of `args` on a copy of `base`: its file changes, in order. */
function stepsOf(base: string, args: string[]): string[] {
  const dir = copyOf(base);
  const log = join(dir, 'steps.log');
  const out = studio(dir, args, { STUDIO_CRASH_LOG: log });
  if (out.status !== 0) throw new Error(out.stderr);
  return readFileSync(log, 'utf8').trim().split('\n');
}

function copyOf(base: string): string {
  const dir = tempDir('studio-crash-');
  cpSync(base, dir, { recursive: true });
  return dir;
}

/** The Key column of a tab, in row order. */
function keys(workbook: any, tab: string): string[] {
  const sheet = workbook.sheet(tab);
  if (!sheet) return [];
  const header = (sheet.rows[0] ?? []).map((c: any) => c?.v);
  const column = header.indexOf('Key');
  const out: string[] = [];
  for (let r = 2; r <= sheet.lastRow(); r++) out.push(String(sheet.cell(r, column + 1)?.v ?? ''));
  return out;
}

/** The workbook and the archive (the Drive's other spreadsheet the sidecar lists), as saved. */
async function saved(dir: string): Promise<{ live: any; archive: any }> {
  const live = await Workbook.load(join(dir, 's.xlsx'));
  const sidecar = JSON.parse(readFileSync(join(dir, 's.xlsx.runtime.json'), 'utf8'));
  const files = Object.values(sidecar.spreadsheets) as string[];
  const archive = files.length ? await Workbook.load(join(dir, files[0])) : null;
  return { live, archive };
}

/** What a run must keep: each history tab's keys, live and archived (sorted: a rerun may append in another order). */
async function history(dir: string) {
  const { live, archive } = await saved(dir);
  const tabs = ['Invoices', 'Payments', 'Adjustments'];
  return Object.fromEntries(
    tabs.map((t) => [t, { live: keys(live, t).sort(), archived: archive ? keys(archive, t).sort() : [] }]),
  );
}

/** Leftovers of a killed process after the rerun: a journal or temporary files. */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.journal') || n.endsWith('.tmp'));
}

/** The demo studio on INIT_DAY, with settled history older than 14 days to archive, and email on. */
async function demo(): Promise<string> {
  const dir = tempDir('studio-crash-base-');
  const init = studio(dir, ['init', '--today', INIT_DAY]);
  if (init.status !== 0) throw new Error(init.stderr);
  await withWorkbook(
    join(dir, 's.xlsx'),
    (rt: any) => {
      const settings = rt.globals().SpreadsheetApp.getActive().getSheetByName('Settings');
      const labels = settings
        .getDataRange()
        .getValues()
        .map((r: unknown[]) => r[0]);
      settings.getRange(labels.indexOf('Archive after (days)') + 1, 2).setValue('14');
      expect(settings.getRange(labels.indexOf('Send client emails') + 1, 2).getValue()).toBe('Yes');
    },
    { distDir: DIST },
  );
  return dir;
}

let base: string;
beforeAll(async () => {
  base = await demo();
});

describe('studio call archiveHistory killed at every step of its saves, then run again', () => {
  const args = ['call', 'archiveHistory', '--today', INIT_DAY];

  it('loses no invoice, payment or ledger row, doubles none, and leaves the workbook whole', async () => {
    const steps = stepsOf(base, args);
    expect(steps.length).toBeGreaterThanOrEqual(6);
    const whole = copyOf(base);
    expect(studio(whole, args).status).toBe(0);
    const expected = await history(whole);
    expect(expected.Invoices.archived.length).toBeGreaterThan(0);
    const baseBytes = readFileSync(join(base, 's.xlsx'));
    const workbookInPlace = steps.findIndex((s) => s.endsWith(' s.xlsx: in place')) + 1;
    // The archive in place before the workbook; a kill during the workbook's save; right after it.
    const sample = [/ s\.xlsx: /, /^\d+ s\.[\w-]+\.xlsx: in place/];
    for (const k of chosen(steps, sample)) {
      const dir = copyOf(base);
      const killed = studio(dir, args, { STUDIO_CRASH_AT: String(k) });
      expect([steps[k - 1], killed.signal]).toEqual([steps[k - 1], 'SIGKILL']);
      // A kill before the workbook's new file is in place leaves the old one, byte for byte.
      if (k < workbookInPlace) expect(readFileSync(join(dir, 's.xlsx')).equals(baseBytes)).toBe(true);
      const again = studio(dir, args);
      expect([steps[k - 1], again.status, again.stderr]).toEqual([steps[k - 1], 0, '']);
      expect([steps[k - 1], await history(dir)]).toEqual([steps[k - 1], expected]);
      expect(leftovers(dir)).toEqual([]);
    }
  });
});

describe('studio daily with client email killed at every step, then run again', () => {
  const args = ['daily', '--today', '2026-01-12'];

  /** The messages in the outbox that this run sent (after the demo's), as "to: subject", oldest first. */
  function sent(dir: string, before: number): string[] {
    return readOutbox(join(dir, 's.outbox'))
      .filter((m: any) => Number.parseInt(m.id, 10) > before)
      .reverse()
      .map((m: any) => `${m.to.join(', ')}: ${m.subject}`);
  }

  it('never sends a message twice, and the Email Log holds every message the outbox has', async () => {
    const before = readdirSync(join(base, 's.outbox')).length;
    const steps = stepsOf(base, args);
    const whole = copyOf(base);
    expect(studio(whole, args).status).toBe(0);
    const all = sent(whole, before);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const invoices = (await history(whole)).Invoices;
    const firstMessage = steps.findIndex((s) => s.endsWith('.eml: in place')) + 1;
    // Right after the first message went (the run that sent an invoice twice); the workbook in place.
    const sample = [/ s\.xlsx: in place/];
    for (const k of [...new Set([firstMessage, ...chosen(steps, sample)])].sort((a, b) => a - b)) {
      const dir = copyOf(base);
      const killed = studio(dir, args, { STUDIO_CRASH_AT: String(k) });
      expect([steps[k - 1], killed.signal]).toEqual([steps[k - 1], 'SIGKILL']);
      const again = studio(dir, args);
      expect([steps[k - 1], again.status]).toEqual([steps[k - 1], 0]);
      const messages = sent(dir, before);
      // No message twice, none that the uninterrupted run did not send.
      expect([steps[k - 1], messages]).toEqual([steps[k - 1], [...new Set(messages)]]);
      expect(all).toEqual(expect.arrayContaining(messages));
      // Each message sent has its Email Log row (sending or sent): what Google would show after a kill.
      const { live } = await saved(dir);
      const log = live.sheet('Email Log');
      const logged = new Set<string>();
      for (let r = 2; r <= log.lastRow(); r++) {
        const row = log.rows[r - 1].map((c: any) => String(c?.v ?? ''));
        logged.add(row.join('|'));
      }
      for (const m of messages) {
        const [to, subject] = m.split(/: (.*)/s);
        expect([steps[k - 1], m, [...logged].some((l) => l.includes(`|${to}|`) && l.includes(subject))]).toEqual([
          steps[k - 1],
          m,
          true,
        ]);
      }
      expect((await history(dir)).Invoices).toEqual(invoices);
      expect(leftovers(dir)).toEqual([]);
    }
  });
});
