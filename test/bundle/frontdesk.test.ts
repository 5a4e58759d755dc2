// The front desk on a phone: the web app (doGet and its endpoints) over the built bundle, as Google runs
// it (executeAs USER_ACCESSING, signed-in accounts, no active document), on a spreadsheet shared with an
// owner, an editor and a viewer. Only the owner and editors get the page; nothing is read for anyone the
// spreadsheet isn't shared with, and nothing is changed by anyone who may only view it; the desk's check-in is the sidebars' (same rules, lock and ledger), counted once per
// request id, and costs the same in a studio ten times larger.
import { SYSTEM_TAB } from '../../sheets-template/tabs';
import { newStudio, ok, type Studio, withSyntheticSales } from '../support/studio';

const TODAY = '2026-03-02';
const OWNER = 'owner@studio.test';
const DESK = 'Frontdesk@Studio.test'; // Google accounts compare without case
const VIEWER = 'accountant@studio.test';
const STRANGER = 'someone@elsewhere.test';

/** A studio shared with an owner, an editor and a viewer; `filler` synthetic sales beside our client. */
function sharedStudio(filler = 0): Studio & { id: string; saleId: string; clientId: string } {
  const studio = newStudio();
  if (filler) withSyntheticSales(studio, filler);
  const pkg = ok(
    studio.call('2026-01-05', 'savePackage', {
      name: 'Desk Weekly',
      sessionsPerPeriod: 1,
      frequency: 'weekly',
      rollover: 'reset',
      recurWeeks: 0,
      priceCents: 5000,
    }),
  ).package;
  const client = ok(studio.call('2026-01-05', 'saveClient', { name: 'Chloé Martin' })).client;
  const sale = ok(
    studio.call('2026-01-05', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-01-05' }),
  ).receipt;
  ok(studio.call('2026-03-01', 'runDailyProcesses', {}));
  studio.workbook.sharing = { owner: OWNER, editors: ['frontdesk@studio.test'], viewers: [VIEWER] };
  return Object.assign(studio, { id: studio.workbook.id as string, saleId: sale.saleId, clientId: client.id });
}

/** A visit to the web app as `user`, with the Sheets figures it cost. */
function visit(studio: Studio, query: Record<string, string>, user: string | null) {
  const rt = studio.runtime(TODAY);
  rt.resetStats();
  const page = rt.webApp(query, { user });
  return { page, stats: rt.stats };
}

/** google.script.run from the desk page, as `user`, with the Sheets figures it cost. */
function deskCall(studio: Studio, user: string, name: string, arg: unknown, day = TODAY) {
  const rt = studio.runtime(day);
  rt.resetStats();
  const reply = rt.webAppCall(name, [arg], { user }) as any;
  return { reply, stats: rt.stats };
}

const snapshot = (studio: Studio) => JSON.stringify(studio.dump());

describe('who gets in', () => {
  const studio = sharedStudio();

  it('the page: editors and the owner get the desk; a viewer, a stranger and a bad id get "No access"', () => {
    for (const user of [DESK, OWNER]) {
      const { page } = visit(studio, { s: studio.id }, user);
      expect(page).toMatchObject({ status: 'ok', title: 'Front desk · Studio Packages' });
      expect(page.html).toContain(`data-spreadsheet="${studio.id}"`);
      expect(page.html).toContain('data-page="desk"');
      expect(page.metaTags).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'viewport' })]));
    }
    for (const [user, s] of [
      [VIEWER, studio.id],
      [STRANGER, studio.id],
      [DESK, 'no-such-spreadsheet'],
      [DESK, '"><img src=x>'],
    ]) {
      const { page, stats } = visit(studio, { s }, user);
      expect(page.status).toBe('ok');
      expect(page.html).toMatch(/<h1>No access<\/h1>/);
      expect(page.html).not.toContain('<img');
      expect(page.html).not.toContain('data-page="desk" data-today="2');
      // Nothing of the studio read: no cell, no tab.
      expect(stats.cellsRead).toBe(0);
      expect(stats.byService.Sheets ?? 0).toBe(0);
    }
    // No link: how to get one. Nobody signed in: Google's sign-in page, the script does not run.
    expect(visit(studio, {}, DESK).page.html).toContain('Front desk link');
    expect(visit(studio, { s: studio.id }, null).page).toEqual({ status: 'signin' });
  });

  it('a stranger is refused by every endpoint before anything is read; a viewer changes nothing', () => {
    // A check-in or an undo by a viewer: its first request, the lease's find-and-replace, is a write Google
    // refuses (and the only one it tries). A search or a client page opens the spreadsheet with the person's
    // own access, so a stranger's fails at the opening, and a viewer (whom the page itself turns away:
    // above) is answered with what Sheets shows them anyway.
    const change = (name: string) => name === 'deskCheckIn' || name === 'deskUndo';
    const before = snapshot(studio);
    const uses = studio.dump('Adjustments').Adjustments.filter((r) => r.Type === 'Use');
    const calls: [string, object][] = [
      ['deskSearch', { query: 'chlo' }],
      ['deskClient', { clientId: studio.clientId }],
      ['deskCheckIn', { saleId: studio.saleId, requestId: 'intruder-1', overdraw: true }],
      ['deskUndo', { saleId: studio.saleId, checkInKey: String(uses[0]?.Key ?? 'x'), reason: 'x' }],
    ];
    const deniedReply = {
      ok: false,
      denied: true,
      errors: [{ field: 'spreadsheetId', message: expect.stringMatching(/edit access/) }],
    };
    for (const user of [VIEWER, STRANGER]) {
      for (const [name, arg] of calls) {
        // The id in the link is no key: with it or any other, the answer is the same.
        for (const spreadsheetId of [studio.id, 'no-such-spreadsheet', undefined]) {
          const { reply, stats } = deskCall(studio, user, name, { ...arg, spreadsheetId });
          const reads = user === VIEWER && !change(name) && spreadsheetId === studio.id;
          if (reads) {
            expect({ name, ok: reply.ok }).toEqual({ name, ok: true });
          } else {
            expect({ name, user, reply }).toEqual({ name, user, reply: deniedReply });
            expect(stats.cellsRead).toBe(0);
          }
          const refused = user === VIEWER && change(name) && spreadsheetId === studio.id;
          expect(stats.writeCalls).toBe(refused ? 1 : 0);
          if (refused) expect(stats.byMethod['TextFinder.replaceAllWith']).toBe(1);
        }
      }
    }
    // What a viewer's search and client page read is what the spreadsheet shows them.
    const search = deskCall(studio, VIEWER, 'deskSearch', { query: 'chlo', spreadsheetId: studio.id }).reply;
    expect(search.clients).toEqual([{ id: studio.clientId, name: 'Chloé Martin' }]);
    expect(snapshot(studio)).toBe(before);
  });

  it('the sidebar endpoints, called from the desk page, find no spreadsheet and write nothing', () => {
    const before = snapshot(studio);
    for (const [name, arg] of [
      ['checkIn', { saleId: studio.saleId, requestId: 'side-door' }],
      ['getAdjustments', { clientId: studio.clientId }],
    ] as const) {
      expect(() => deskCall(studio, DESK, name, arg)).toThrow(/no spreadsheet/);
    }
    expect(snapshot(studio)).toBe(before);
  });
});

describe('search, check in, undo', () => {
  const studio = sharedStudio();
  const desk = (name: string, arg: object) => deskCall(studio, DESK, name, { spreadsheetId: studio.id, ...arg }).reply;

  it('finds a client by part of the name, without case or accents; too short a query is refused', () => {
    for (const query of ['chlo', 'CHLOE', 'Chloé M', 'loé mar']) {
      expect(desk('deskSearch', { query })).toEqual({
        ok: true,
        clients: [{ id: studio.clientId, name: 'Chloé Martin' }],
        more: false,
      });
    }
    expect(desk('deskSearch', { query: 'zz' })).toEqual({ ok: true, clients: [], more: false });
    expect(desk('deskSearch', { query: 'c' })).toMatchObject({ ok: false, errors: [{ field: 'query' }] });
    // A regex in the query is text: it finds nothing rather than everything.
    expect(desk('deskSearch', { query: '.*' })).toEqual({ ok: true, clients: [], more: false });
  });

  it('"more" counts the rows found, so a reply without it holds every match (the page narrows it as typed)', () => {
    // 21 clients called "Rush …", one of them with an id another row has (a row that can't be read).
    for (let i = 0; i < 21; i++)
      ok(studio.call('2026-01-06', 'saveClient', { name: `Rush ${String(i).padStart(2, '0')}` }, { userEmail: OWNER }));
    // The owner edits by hand (only an editor can change the spreadsheet).
    const clients = studio
      .runtime(TODAY, { userEmail: OWNER })
      .globals()
      .SpreadsheetApp.getActive()
      .getSheetByName('Clients');
    const rows: unknown[][] = clients.getDataRange().getValues();
    const last = rows.findIndex((r) => r[1] === 'Rush 20') + 1;
    clients.getRange(last, 1).setValue(rows[last - 2][0]); // Rush 20 takes Rush 19's id
    const reply = desk('deskSearch', { query: 'rush' });
    expect(reply.clients.length).toBeLessThanOrEqual(20);
    expect(reply.more).toBe(true);
  });

  it('the client: sessions left, when the next come, what is owed; a double tap checks in once; overdraw asks first; undo once', () => {
    const client = desk('deskClient', { clientId: studio.clientId });
    expect(client).toMatchObject({
      ok: true,
      // Billed up to 1 Mar (8 weekly invoices unpaid); the 9th period's session comes today, with tonight's run.
      sales: [{ id: studio.saleId, balance: 1, nextDueDate: '2026-03-02', rollover: 'reset', outstandingCents: 40000 }],
      checkIns: [],
    });

    const tap = { saleId: studio.saleId, requestId: 'desk-tap-1' };
    const first = desk('deskCheckIn', tap);
    const second = desk('deskCheckIn', tap); // the double tap, or a retry after a lost reply
    expect(first).toMatchObject({ ok: true, duplicate: false, balance: 0, adjustment: { date: TODAY, sessions: -1 } });
    expect(second).toMatchObject({ ok: true, duplicate: true, balance: 0 });
    const rows = () => studio.dump('Adjustments').Adjustments.filter((r) => r['Sale ID'] === studio.saleId);
    expect(rows().filter((r) => r.Type === 'Use')).toHaveLength(1);

    // At zero: refused with the overdraw question, then checked in when confirmed.
    expect(desk('deskCheckIn', { saleId: studio.saleId, requestId: 'desk-tap-2' })).toMatchObject({
      ok: false,
      errors: [{ field: 'overdraw' }],
    });
    expect(desk('deskCheckIn', { saleId: studio.saleId, requestId: 'desk-tap-2', overdraw: true })).toMatchObject({
      ok: true,
      balance: -1,
    });

    const { checkIns } = desk('deskClient', { clientId: studio.clientId });
    expect(checkIns.map((c: any) => [c.key, c.date, c.undone])).toEqual([
      [`${studio.saleId}:use:req.desk-tap-2`, TODAY, false],
      [`${studio.saleId}:use:req.desk-tap-1`, TODAY, false],
    ]);
    const undo = { saleId: studio.saleId, checkInKey: checkIns[0].key, reason: 'Checked in the wrong client' };
    expect(desk('deskUndo', { ...undo, reason: '' })).toMatchObject({ ok: false, errors: [{ field: 'reason' }] });
    expect(desk('deskUndo', undo)).toMatchObject({ ok: true, duplicate: false, balance: 0 });
    expect(desk('deskUndo', { ...undo, reason: 'tapped twice' })).toMatchObject({
      ok: true,
      duplicate: true,
      balance: 0,
    });
    expect(rows().filter((r) => r.Type === 'Correct')).toEqual([
      expect.objectContaining({
        Sessions: 1,
        Note: 'Undo check-in of Mon 2 Mar 2026: Checked in the wrong client',
      }),
    ]);
    expect(desk('deskClient', { clientId: studio.clientId }).checkIns[0]).toMatchObject({ undone: true });
    // The sidebars see the same ledger: a check-in and an undo are rows like theirs.
    const history = ok(studio.call(TODAY, 'getAdjustments', { saleId: studio.saleId }, { userEmail: OWNER }));
    expect(history.sales[0].balance).toBe(0);
  });

  it('a text typed at the desk is stored as text, never a formula', () => {
    const uses = studio.dump('Adjustments').Adjustments.filter((r) => r.Type === 'Use');
    const key = String(uses[uses.length - 1]?.Key);
    desk('deskCheckIn', { saleId: studio.saleId, requestId: 'desk-tap-3', overdraw: true });
    const reply = desk('deskUndo', { saleId: studio.saleId, checkInKey: key, reason: '=HYPERLINK("x")' });
    expect(reply.ok || reply.errors).toBe(true);
    const formulas = studio
      .services()
      .SpreadsheetApp.getActive()
      .getSheetByName('Adjustments')
      .getDataRange()
      .getFormulas()
      .flat()
      .filter(Boolean);
    expect(formulas).toEqual([]);
  });
});

describe('the cost of a check-in', () => {
  it('is the same calls and cells in a studio ten times larger', () => {
    const measure = (filler: number) => {
      const studio = sharedStudio(filler);
      const arg = { spreadsheetId: studio.id, saleId: studio.saleId, requestId: 'cost-1' };
      const { reply, stats } = deskCall(studio, DESK, 'deskCheckIn', arg);
      expect(reply).toMatchObject({ ok: true });
      const client = deskCall(studio, DESK, 'deskClient', { spreadsheetId: studio.id, clientId: studio.clientId });
      return {
        adjustments: studio.dump('Adjustments').Adjustments.length,
        checkIn: [stats.sheetsCalls, stats.cellsRead],
        client: [client.stats.sheetsCalls, client.stats.cellsRead],
      };
    };
    const small = measure(20);
    const large = measure(200);
    expect(large.adjustments).toBeGreaterThan(5 * small.adjustments);
    expect(large.checkIn).toEqual(small.checkIn);
    expect(large.client).toEqual(small.client);
  });

  it("is 7 round trips from a staff member's phone or the owner's: the budget in docs/architecture.md", () => {
    const studio = sharedStudio();
    const cost = (user: string, requestId: string) => {
      const arg = { spreadsheetId: studio.id, saleId: studio.saleId, requestId, overdraw: true };
      const { reply, stats } = deskCall(studio, user, 'deskCheckIn', arg);
      expect(reply).toMatchObject({ ok: true });
      return { trips: stats.roundTrips, owner: stats.byMethod['Spreadsheet.getOwner'] ?? 0 };
    };
    // Nobody is asked who edits: the lease's find-and-replace, a write, is Google's own check.
    expect(cost(DESK, 'trips-1')).toEqual({ trips: 7, owner: 0 });
    expect(cost(OWNER, 'trips-2')).toEqual({ trips: 7, owner: 0 });
    // The lease was claimed with one find-and-replace and given back with the rows: it is free again.
    const system = studio.dump(SYSTEM_TAB.name)[SYSTEM_TAB.name];
    const lease = system.find((r) => String(r.Key).startsWith('lease'))?.Key;
    expect(lease).toBe('lease');
  });
});

describe('Front desk link…', () => {
  const studio = sharedStudio();
  const linkAlert = (options: Record<string, unknown>) => {
    const rt = studio.runtime(TODAY, { userEmail: OWNER, ...options });
    rt.load().menuFrontDeskLink();
    rt.endExecution();
    // A dialog (issue 31, item 14): the link as a link, and whole in a field to copy.
    const shown = rt.ui.dialogs.at(-1) as { title: string; content: string };
    return { title: shown.title, prompt: shown.content };
  };

  it("gives the web app's address with this spreadsheet's id, or says how to deploy it", () => {
    const deployed = linkAlert({ webAppUrl: 'https://script.google.com/macros/s/DEPLOYMENT/exec', serviceUrl: 'exec' });
    expect(deployed.title).toBe('Front desk link');
    const link = `https://script.google.com/macros/s/DEPLOYMENT/exec?s=${studio.id}`;
    expect(deployed.prompt).toContain(`<a href="${link}" rel="noopener">${link}</a>`);
    expect(deployed.prompt).toContain(`<input readonly value="${link}"`);
    expect(deployed.prompt).toMatch(/editors/);
  });

  // Issue 29, finding 7: getUrl() "returns the development mode url" in some contexts (the runtime gives
  // /dev outside a visit of the web app), and names no deployment in particular when there are several.
  it("the desk link is the deployment's /exec address, stored when set up; a /dev or missing one is refused with what to do", () => {
    const fresh = sharedStudio();
    const run = (
      options: Record<string, unknown>,
      answers: { button: string; text: string }[],
      item = 'menuFrontDeskLink',
    ) => {
      const rt = fresh.runtime(TODAY, { userEmail: OWNER, ...options });
      rt.ui.promptResponses.push(...answers);
      rt.load()[item]();
      rt.endExecution();
      return rt.ui;
    };
    // Google gives the development address: never shown as the desk's link; the owner is asked for /exec.
    const dev = run({ webAppUrl: 'https://script.google.com/macros/s/HEAD/exec' }, [
      { button: 'OK', text: 'https://script.google.com/macros/s/HEAD/dev' },
    ]);
    expect(dev.prompts[0].prompt).toMatch(/ends in \/dev.*Deploy › Manage deployments/s);
    expect(dev.alerts.at(-1).prompt).toMatch(/^Not saved\. That address ends in \/dev/);
    expect(JSON.stringify(dev.alerts)).not.toContain('/dev?s=');
    expect(JSON.stringify(dev.dialogs)).not.toContain('/dev?s=');
    // Not deployed: said, and a pasted non-address is refused.
    const none = run({ webAppUrl: null }, [{ button: 'OK', text: 'https://docs.google.com/spreadsheets/d/x/edit' }]);
    expect(none.prompts[0].prompt).toMatch(/not deployed yet/);
    expect(none.alerts.at(-1).prompt).toMatch(/is not a web app address/);
    // The owner pastes the deployment's /exec address: stored, and the link uses it from then on.
    const pasted = run({ webAppUrl: 'https://script.google.com/macros/s/HEAD/exec' }, [
      { button: 'OK', text: ' https://script.google.com/macros/s/PROD/exec ' },
    ]);
    expect(pasted.dialogs.at(-1).content).toContain(`https://script.google.com/macros/s/PROD/exec?s=${fresh.id}`);
    const later = run({ webAppUrl: 'https://script.google.com/macros/s/HEAD/exec' }, []);
    expect(later.prompts).toEqual([]);
    expect(later.dialogs.at(-1).content).toContain(`https://script.google.com/macros/s/PROD/exec?s=${fresh.id}`);
    // "Front desk address…" changes it (after a new deployment); a cancelled prompt changes nothing.
    run({}, [{ button: 'CANCEL', text: 'https://script.google.com/macros/s/OTHER/exec' }], 'menuFrontDeskAddress');
    const changed = run(
      {},
      [{ button: 'OK', text: 'https://script.google.com/a/macros/studio.test/s/NEW/exec' }],
      'menuFrontDeskAddress',
    );
    expect(changed.prompts[0].prompt).toContain('https://script.google.com/macros/s/PROD/exec');
    expect(run({}, []).dialogs.at(-1).content).toContain(
      `https://script.google.com/a/macros/studio.test/s/NEW/exec?s=${fresh.id}`,
    );
  });

  it('a client named like markup is text on the desk page too (the page builds text nodes, the server sends JSON)', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    ok(studio.call(TODAY, 'saveClient', { name: hostile }, { userEmail: OWNER }));
    const { reply } = deskCall(studio, DESK, 'deskSearch', { spreadsheetId: studio.id, query: 'img src' });
    expect(reply).toMatchObject({ ok: true, clients: [{ name: hostile }] });
    // The page itself never carries a client's data: it asks for it.
    expect(visit(studio, { s: studio.id }, DESK).page.html).not.toContain('Chloé');
  });
});

describe('the lease given back with the last writes', () => {
  const leaseCell = (studio: Studio) =>
    String(studio.dump(SYSTEM_TAB.name)[SYSTEM_TAB.name].find((r) => String(r.Key).startsWith('lease'))?.Key);

  it('a failed last batch gives the lease back once, never over a lease another run took since', () => {
    for (const taken of [false, true]) {
      const studio = sharedStudio();
      const rt = studio.runtime(TODAY);
      const flushes = { n: 0 };
      const env = rt.env;
      const beforeCall = env.beforeCall.bind(env);
      const other = 'lease another-run 2099-01-01T00:00:00.000Z';
      // The last flush (the rows and the give-back) fails after its writes landed; with `taken`, another
      // run has claimed the free lease before this run can look again.
      env.beforeCall = (service: string, method: string, args: unknown[]) => {
        if (method === 'SpreadsheetApp.flush' && ++flushes.n === 1 && leaseCell(studio) === 'lease') {
          if (taken) studio.workbook.sheet(SYSTEM_TAB.name).cellForWrite(2, 1).v = other;
          throw new Error('Service Spreadsheets failed while accessing document');
        }
        return beforeCall(service, method, args);
      };
      const arg = { spreadsheetId: studio.id, saleId: studio.saleId, requestId: `batch-${taken}`, overdraw: true };
      // Google's error reaches the page's failure handler, as any service error does.
      expect(() => rt.webAppCall('deskCheckIn', [arg], { user: DESK })).toThrow(/Service Spreadsheets failed/);
      expect(flushes.n).toBe(1);
      expect(leaseCell(studio)).toBe(taken ? other : 'lease');
    }
  });
});
