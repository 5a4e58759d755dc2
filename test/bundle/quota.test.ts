// The front desk under Google's Sheets API quotas (local/runtime/quota.js: 60 read requests a minute per
// user and 300 per project, a 429 past them), on the built bundle: a class rush at one studio from one
// account and from three, a rush too fast for one account, and many studios on one add-on project. Each
// served check-in is recorded once; each refused one is a clean "Google is busy" that changed nothing.
import { newStudio, ok, type Studio, WEEKLY_ADD } from '../support/studio';

const { createCloud } = require('../../local/runtime/cloud');
const { createApiQuota } = require('../../local/runtime/quota');

const DAY = '2026-03-02';
const OWNER = 'owner@studio.test';
const desks = (n: number) => Array.from({ length: n }, (_, i) => `desk${i + 1}@studio.test`);

/** A studio with `clients` clients, each with a weekly package sold on 5 Jan and billed to 1 Mar. */
function studioWith(clients: number, options: { mode?: 'addon' | 'bound'; cloud?: any; editors?: string[] } = {}) {
  const studio = newStudio({ mode: options.mode, cloud: options.cloud });
  const pkg = ok(studio.call('2026-01-05', 'savePackage', WEEKLY_ADD)).package;
  const sales: { saleId: string; clientId: string; name: string }[] = [];
  // The owner enters one client a minute (setting up spends the project's quota too).
  const minute = (i: number) =>
    `2026-01-05T${String(6 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`;
  for (let i = 0; i < clients; i++) {
    const name = `Client ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))} Rush`;
    const client = ok(studio.call(minute(i), 'saveClient', { name })).client;
    const sale = ok(
      studio.call(minute(i), 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-01-05' }),
    ).receipt;
    sales.push({ saleId: sale.saleId, clientId: client.id, name });
  }
  ok(studio.call('2026-03-01', 'runDailyProcesses', {}));
  studio.workbook.sharing = { owner: OWNER, editors: options.editors ?? desks(3), viewers: [] };
  return Object.assign(studio, { id: studio.workbook.id as string, sales });
}

/** A time of DAY, `seconds` after 9 am, as the runtime's clock takes it. */
function at(seconds: number): string {
  const t = 9 * 3600 + seconds;
  const hh = String(Math.floor(t / 3600)).padStart(2, '0');
  const mm = String(Math.floor((t % 3600) / 60)).padStart(2, '0');
  const ss = String(t % 60).padStart(2, '0');
  return `${DAY}T${hh}:${mm}:${ss}`;
}

interface Answer {
  reply: any;
  /** The call's time by the runtime's cost model (its optimistic figures), waits for the quota included. */
  ms: number;
  waitedMs: number;
}

/** google.script.run from the desk page as `user` at `when`, under the project's quota counters. */
function deskCall(studio: Studio & { id: string }, user: string, when: string, name: string, arg: object): Answer {
  const rt = studio.runtime(when);
  const reply = rt.webAppCall(name, [{ spreadsheetId: studio.id, ...arg }], { user }) as any;
  return { reply, ms: rt.elapsedMs, waitedMs: rt.sleptMs };
}

/** One client served at the door: searched by name, opened, checked in (request id `req`). */
function serve(studio: any, user: string, start: number, client: { saleId: string; clientId: string; name: string }) {
  const query = client.name.slice(0, 9);
  return [
    deskCall(studio, user, at(start), 'deskSearch', { query }),
    deskCall(studio, user, at(start + 3), 'deskClient', { clientId: client.clientId }),
    deskCall(studio, user, at(start + 6), 'deskCheckIn', {
      saleId: client.saleId,
      requestId: `rush-${client.saleId}`,
      overdraw: true,
    }),
  ];
}

/** The Use rows of each request id (a served check-in has exactly one; a refused one none). */
function usesByRequest(studio: Studio): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of studio.dump('Adjustments').Adjustments) {
    if (r.Type !== 'Use') continue;
    const key = String(r.Key);
    const id = /req\.(.+)$/.exec(key)?.[1] ?? key;
    out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

const isBusy = (a: Answer) => a.reply.ok === false && a.reply.busy === true;

describe('one studio at a class rush (30 clients in 5 minutes)', () => {
  for (const accounts of [1, 3]) {
    it(`from ${accounts === 1 ? 'one signed-in account (the tablet at reception)' : 'three phones at once'}: every check-in recorded once, none refused, no waiting`, () => {
      const studio = studioWith(30);
      const quota = createApiQuota();
      studio.cloud.apiQuota = quota;
      const answers: Answer[] = [];
      // 30 clients, one every 10 s; with three phones, three at a time every 30 s.
      studio.sales.forEach((client, i) => {
        const user = desks(accounts)[i % accounts];
        const start = accounts === 1 ? i * 10 : Math.floor(i / 3) * 30;
        answers.push(...serve(studio, user, start, client));
      });
      expect(answers.every((a) => a.reply.ok === true)).toBe(true);
      expect(quota.refused).toBe(0);
      expect(Math.max(...answers.map((a) => a.waitedMs))).toBe(0);
      const uses = usesByRequest(studio);
      for (const client of studio.sales) expect(uses.get(`rush-${client.saleId}`)).toBe(1);
      // API reads per client served: search 1, open 2, check in 2 (docs/architecture.md).
      expect(quota.served.read / 30).toBe(5);
    });
  }

  it('two and a half times as fast from one account (30 clients in 2 minutes): past 60 reads a minute a call waits, then says Google is busy and changes nothing; served ones count once', () => {
    const studio = studioWith(30);
    const quota = createApiQuota();
    studio.cloud.apiQuota = quota;
    const checkIns: Answer[] = [];
    studio.sales.forEach((client, i) => {
      checkIns.push(serve(studio, desks(1)[0], i * 4, client)[2]);
    });
    const busy = checkIns.filter(isBusy);
    const served = checkIns.filter((a) => a.reply.ok === true);
    expect(busy.length).toBeGreaterThan(0);
    expect(served.length + busy.length).toBe(30);
    expect(quota.refused).toBeGreaterThan(0);
    for (const a of busy)
      expect(a.reply.errors).toEqual([
        { field: '', message: expect.stringMatching(/^Google is busy: try again in a minute\./) },
      ]);
    // Some calls were served after waiting (the backoff), within its 12 s.
    expect(Math.max(...checkIns.map((a) => a.waitedMs))).toBeGreaterThan(0);
    expect(Math.max(...checkIns.map((a) => a.waitedMs))).toBeLessThanOrEqual(12_000);
    const uses = usesByRequest(studio);
    studio.sales.forEach((client, i) => {
      expect(uses.get(`rush-${client.saleId}`) ?? 0).toBe(checkIns[i].reply.ok ? 1 : 0);
    });
    // No flag left: a minute later, the refused ones check in.
    const later = studio.sales.filter((_, i) => !checkIns[i].reply.ok);
    later.forEach((client, i) => {
      const again = deskCall(studio, desks(1)[0], at(600 + i * 20), 'deskCheckIn', {
        saleId: client.saleId,
        requestId: `rush-${client.saleId}`,
        overdraw: true,
      });
      expect(again.reply).toMatchObject({ ok: true, duplicate: false });
    });
    const after = usesByRequest(studio);
    for (const client of studio.sales) expect(after.get(`rush-${client.saleId}`)).toBe(1);
  });
});

describe('many studios on one add-on project (300 API reads a minute for all of them)', () => {
  it('check-ins within the project quota are all served; past it, clean refusals only, nothing lost or doubled', () => {
    const cloud = createCloud();
    const quota = createApiQuota();
    cloud.apiQuota = quota;
    const users = desks(40);
    const studios = Array.from({ length: 8 }, () => studioWith(1, { mode: 'addon', cloud, editors: users }));
    // Each studio's setup spent reads of the project too, days ago: a fresh minute now.
    const answers: { studio: number; request: string; answer: Answer }[] = [];
    // 25 check-ins a studio, all in the same minute, each from a different desk account (no per-user limit).
    for (let k = 0; k < 25; k++) {
      studios.forEach((studio, s) => {
        const request = `proj-${s}-${k}`;
        const answer = deskCall(studio, users[k % users.length], at(k * 2), 'deskCheckIn', {
          saleId: studio.sales[0].saleId,
          requestId: request,
          overdraw: true,
        });
        answers.push({ studio: s, request, answer });
      });
    }
    const readsPerCheckIn = 2;
    const capacity = 300 / readsPerCheckIn; // check-ins the project serves in a minute
    const firstBusy = answers.findIndex((a) => !a.answer.reply.ok);
    // No refusal before the project's minute is spent.
    expect(firstBusy).toBeGreaterThanOrEqual(capacity);
    for (const a of answers.filter((x) => !x.answer.reply.ok)) expect(isBusy(a.answer)).toBe(true);
    expect(answers.filter((a) => a.answer.reply.ok).length).toBeGreaterThanOrEqual(capacity);
    studios.forEach((studio, s) => {
      const uses = usesByRequest(studio);
      for (const a of answers.filter((x) => x.studio === s))
        expect([a.request, uses.get(a.request) ?? 0]).toEqual([a.request, a.answer.reply.ok ? 1 : 0]);
    });
  });
});
