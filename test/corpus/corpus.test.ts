// Every endpoint against the bad-input corpus (cases.ts), called directly (no JSON round trip, so NaN,
// Infinity, undefined and odd types reach the server as a hostile client could send them). Each bad case:
// ok false, an error naming the field with a readable message, not one write call, the workbook model
// byte-for-byte unchanged. Text people type is accepted and stored exactly, as text, never a formula.
import { readFileSync } from 'node:fs';
import { bench, cloneWorkbook, Summary, snapshot } from '../reliability/harness';
import { ADDON_PERMISSIONS } from '../support/stripe';
import { FORTNIGHTLY_RESET, ok } from '../support/studio';
import {
  CASES,
  DAY,
  DECLARED,
  declarationProblems,
  NO_INPUT,
  NOT_CLIENT_CALLABLE,
  NOT_OBJECTS,
  SAFE_TEXT,
  SELECTION_READERS,
  SPREADSHEET,
  STRIPE_ENDPOINTS,
  STRIPE_KEY,
} from './cases';

const { createApiQuota } = require('../../local/runtime/quota');

const summary = new Summary();
/** The lock's own writes: its desk flag set, then cleared, in the hidden system tab. */
const LOCK_FLAG_WRITES = 2;
const counts = { cases: 0, refused: 0, unchanged: 0, accepted: 0 };

/** A small studio on DAY: packages P-1 and P-2, clients C-1 and C-2, sale S-1 with invoice 1 open. */
/**
 * The corpus makes hundreds of calls in one execution at one moment: far past the Sheets API's 60 reads a
 * minute, which test/bundle/quota.test.ts covers. Here the quota is lifted, so every refusal is the input's.
 */
const NO_QUOTA = createApiQuota({
  read: { perProject: Number.POSITIVE_INFINITY, perUser: Number.POSITIVE_INFINITY },
  write: { perProject: Number.POSITIVE_INFINITY, perUser: Number.POSITIVE_INFINITY },
});

function corpusStudio() {
  const b = bench(undefined, {}, { apiQuota: NO_QUOTA });
  ok(b.call('2026-03-02', 'setUpWorkbook'));
  ok(b.call('2026-03-02', 'savePackage', FORTNIGHTLY_RESET));
  ok(
    b.call('2026-03-02', 'savePackage', {
      ...FORTNIGHTLY_RESET,
      name: 'Weekly Add',
      frequency: 'weekly',
      rollover: 'add',
    }),
  );
  ok(b.call('2026-03-02', 'saveClient', { name: 'Ava Chen' }));
  ok(b.call('2026-03-02', 'saveClient', { name: 'Ben Okafor' }));
  ok(b.call('2026-03-02', 'sellPackage', { clientId: 'C-1', packageId: 'P-1', startDate: '2026-03-02' }));
  ok(b.call('2026-03-09', 'runDailyProcesses', {}));
  ok(b.call('2026-03-09', 'checkIn', { saleId: 'S-1' }));
  return b;
}

const describeValue = (v: unknown) =>
  typeof v === 'string' ? JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…(${v.length})` : v) : String(v);

const exported = [...readFileSync('src/addon/index.ts', 'utf8').matchAll(/export \{([^}]*)\}/g)].flatMap((m) =>
  m[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

afterAll(() => {
  if (counts.cases === 0) return;
  summary.add('bad-input cases (endpoint x field x value)', counts.cases);
  summary.add('refused with an error naming the field', counts.refused);
  summary.add('workbook byte-for-byte unchanged (writes: at most the lock flag)', counts.unchanged);
  summary.add('typed text accepted and stored exactly as text', counts.accepted);
  summary.print('Bad-input corpus');
});

it('tries every field each endpoint declares, and only those (src/domain/inputs.ts)', () => {
  expect(declarationProblems()).toEqual([]);
  for (const [name, declared] of Object.entries(DECLARED))
    expect([name, CASES[name]?.fields.map((f) => f.field).sort()]).toEqual([name, Object.keys(declared.kinds).sort()]);
});

it('covers every endpoint a client can call', () => {
  const known = [...Object.keys(CASES), ...NO_INPUT, ...NOT_CLIENT_CALLABLE];
  // A new endpoint needs its cases in test/corpus/cases.ts (or a place in one of the lists there).
  expect(exported.filter((name) => !known.includes(name))).toEqual([]);
});

describe.each(Object.entries(CASES))('%s', (endpoint, spec) => {
  it('refuses every bad value of every field, naming the field, and changes nothing', () => {
    const b = corpusStudio();
    const before = snapshot(b.workbook);
    const pristine = cloneWorkbook(b.workbook);
    const rt = b.runtime(DAY);
    const script = rt.load();
    const failures: string[] = [];
    // Stripe's calls use a key of the runtime's (emulated) Stripe account; asking for a card needs it connected.
    const stripeKey = rt.cloud.stripe.issueKey({ permissions: ADDON_PERMISSIONS });
    if (STRIPE_ENDPOINTS.includes(endpoint)) {
      expect(
        script.connectStripe({ key: stripeKey, currency: 'aud', website: 'https://studio.example' }),
      ).toMatchObject({ ok: true });
      rt.endExecution();
    }
    // The front desk's calls name the studio's spreadsheet by its id.
    const withId = (input: unknown) => {
      if (!input || typeof input !== 'object') return input;
      const given = input as { spreadsheetId?: unknown; key?: unknown };
      if (given.spreadsheetId === SPREADSHEET) return { ...input, spreadsheetId: b.workbook.id };
      return given.key === STRIPE_KEY ? { ...input, key: stripeKey } : input;
    };
    const attempt = (input: unknown, field: string, label: string) => {
      counts.cases++;
      const writesBefore = rt.writeCalls;
      let reply: any;
      try {
        reply = script[endpoint](withId(input));
      } catch (e) {
        failures.push(`${label}: threw ${(e as Error).message}`);
        return;
      }
      rt.endExecution();
      const named = reply?.ok === false && reply.errors?.find((e: { field: string }) => e.field === field);
      if (!named)
        failures.push(`${label}: expected an error on "${field}", got ${JSON.stringify(reply).slice(0, 200)}`);
      else if (
        typeof named.message !== 'string' ||
        named.message.length < 10 ||
        named.message.length > 300 ||
        /undefined|\[object|NaN|Infinity|xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/.test(named.message)
      )
        failures.push(`${label}: unclear message ${JSON.stringify(named.message).slice(0, 200)}`);
      else counts.refused++;
      // A refusal found under the lock has written the lock's desk flag and cleared it again (two write
      // calls on the hidden system tab, src/addon/lock.ts): the workbook itself must be unchanged.
      const writes = rt.writeCalls - writesBefore;
      if (![0, LOCK_FLAG_WRITES].includes(writes) || snapshot(b.workbook) !== before) {
        failures.push(`${label}: the workbook changed (${writes} write calls)`);
        rt.env.writeCalls = 0;
        b.workbook.sheets = cloneWorkbook(pristine).sheets; // start the next case from the same workbook
      } else counts.unchanged++;
    };
    for (const { field, values } of spec.fields) {
      for (const value of values) {
        const input: Record<string, unknown> = { ...spec.valid };
        if (value === undefined) delete input[field];
        else input[field] = value;
        attempt(input, field, `${field} = ${describeValue(value)}`);
      }
    }
    if (spec.notObject) {
      for (const input of NOT_OBJECTS) attempt(input, spec.notObject, `input = ${describeValue(input)}`);
    }
    expect(failures).toEqual([]);
    // The valid call works, so each refusal above was about its one field.
    const reply = script[endpoint](withId({ ...spec.valid }));
    rt.endExecution();
    expect(reply).toMatchObject({ ok: true });
  });
});

describe('endpoints without input', () => {
  it.each(NO_INPUT)('%s ignores whatever it is passed and changes nothing', (endpoint) => {
    const b = corpusStudio();
    const rt = b.runtime(DAY);
    const script = rt.load();
    // Called once as the menu does (the archive records that it ran today), then with junk: no change.
    script[endpoint]();
    rt.endExecution();
    const before = snapshot(b.workbook);
    for (const junk of [...NOT_OBJECTS, { id: 'P-1', name: '=1' }, { __proto__: { admin: true } }]) {
      counts.cases++;
      const writesBefore = rt.writeCalls;
      const reply = script[endpoint](junk);
      rt.endExecution();
      // No selection on the Sales tab here: the selection reader answers with a form-level message.
      if (SELECTION_READERS.includes(endpoint)) expect(reply).toMatchObject({ ok: false, errors: [{ field: '' }] });
      else expect(reply.ok).toBe(true);
      // At most the lock's desk flag, set and cleared (src/addon/lock.ts).
      expect([0, LOCK_FLAG_WRITES]).toContain(rt.writeCalls - writesBefore);
      expect(snapshot(b.workbook)).toBe(before);
      counts.refused++;
      counts.unchanged++;
    }
  });
});

describe('text people type', () => {
  it('is accepted and stored exactly, as plain text that can never be a formula', () => {
    const b = corpusStudio();
    const rt = b.runtime(DAY);
    const script = rt.load();
    const ss = rt.globals().SpreadsheetApp.getActive();
    const cellOf = (tab: string, id: string, header: string) => {
      const sheet = ss.getSheetByName(tab);
      const values = sheet.getDataRange().getValues();
      const col = values[0].indexOf(header);
      const row = values.findIndex((r: unknown[]) => r.includes(id));
      return sheet.getRange(row + 1, col + 1);
    };
    SAFE_TEXT.forEach((text, i) => {
      const client = script.saveClient({ name: text, phone: text.slice(0, 40) });
      rt.endExecution();
      expect(client.ok).toBe(true);
      const name = cellOf('Clients', client.client.id, 'Name');
      expect(name.getValue()).toBe(text);
      expect(name.getFormulas()[0][0]).toBe('');
      expect(name.getNumberFormats()[0][0]).toBe('@');
      const pkg = script.savePackage({ ...FORTNIGHTLY_RESET, name: `${text.slice(0, 90)} ${i}` });
      rt.endExecution();
      expect(pkg.ok).toBe(true);
      expect(cellOf('Packages', pkg.package.id, 'Name').getValue()).toBe(`${text.slice(0, 90)} ${i}`);
      const corr = script.correctSessions({ saleId: 'S-1', sessions: 1, reason: text, requestId: `safe-${i}` });
      rt.endExecution();
      expect(corr.ok).toBe(true);
      const reason = cellOf('Adjustments', corr.adjustment.key, 'Note');
      expect(reason.getValue()).toBe(text);
      expect(reason.getFormulas()[0][0]).toBe('');
      counts.accepted += 3;
    });
    // And it reads back exactly through the endpoints.
    const names = script.listClients().clients.map((c: { name: string }) => c.name);
    expect(names).toEqual(expect.arrayContaining(SAFE_TEXT));
  });
});
