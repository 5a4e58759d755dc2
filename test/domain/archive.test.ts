/**
 * Archiving (src/domain/archive.ts): moving settled history out and bringing the balance forward on a
 * Carry row changes nothing a studio sees. A studio archived on random days, with random cutoffs, bills
 * and checks in exactly like the same studio never archived: the live rows plus the archive are the
 * unarchived rows, key for key, and every live running balance is the same.
 */
import fc from 'fast-check';
import {
  type Adjustment,
  type ArchivePlan,
  addRevenue,
  archivePlan,
  balanceOf,
  cancelSale,
  checkIn,
  dailyProcesses,
  type Invoice,
  type IsoDate,
  ledgerOrder,
  ledgersBySale,
  liveLedger,
  revenueByMonth,
  type State,
  sell,
} from '../../src/domain';
import { addDaysIso, applyDaily, applySale, CLIENT, pkg, simulate } from './harness';
import { lastDay, type Scenario, scenarioArb } from './scenarios';

interface Archive {
  invoices: Invoice[];
  adjustments: Adjustment[];
  revenue: ReturnType<typeof revenueByMonth>;
}

/** What the sheet layer does with a plan: move the rows, append the Carry rows, keep the highest number. */
function applyArchive(state: State, plan: ArchivePlan, archive: Archive): void {
  archive.invoices.push(...state.invoices.filter((i) => plan.invoiceKeys.has(i.key)));
  archive.adjustments.push(...state.adjustments.filter((a) => plan.adjustmentKeys.has(a.key)));
  archive.revenue = addRevenue(archive.revenue, plan.revenue);
  state.invoices = state.invoices.filter((i) => !plan.invoiceKeys.has(i.key));
  state.adjustments = [...state.adjustments.filter((a) => !plan.adjustmentKeys.has(a.key)), ...plan.carries];
  state.highestInvoiceNumber = Math.max(state.highestInvoiceNumber ?? 0, plan.highestInvoiceNumber);
}

/** Invoices due two days ago or earlier are paid (the same in both runs), so that archiving moves some. */
function payOld(state: State, day: IsoDate): void {
  for (const inv of state.invoices) {
    if (inv.status !== 'void' && inv.dueDate <= addDaysIso(day, -2)) {
      inv.paidCents = inv.amountCents;
      inv.status = 'paid';
    }
  }
}

function run(s: Scenario, archiveOn: Map<IsoDate, number>) {
  const archive: Archive = { invoices: [], adjustments: [], revenue: [] };
  const plans: ArchivePlan[] = [];
  const result = simulate({
    from: s.from,
    to: lastDay(s),
    events: s.events,
    checkRerun: true,
    onDaily: (day, _r, state) => {
      payOld(state, day);
      const keep = archiveOn.get(day);
      if (keep === undefined) return;
      const plan = archivePlan(state, [], addDaysIso(day, -keep));
      applyArchive(state, plan, archive);
      plans.push(plan);
      // Archiving again with the same cutoff finds nothing more.
      const again = archivePlan(state, [], addDaysIso(day, -keep));
      expect([again.carries, [...again.adjustmentKeys], [...again.invoiceKeys]]).toEqual([[], [], []]);
    },
  });
  return { ...result, archive, plans };
}

/**
 * Weekly 1-session sales started 2026-01-05 (cancelled from `ends[id]` when given), billed every day up to
 * 2026-03-01, with every invoice due two days before that paid.
 */
function weeklyStudio(ids: string[], ends: Record<string, string | null> = {}): State {
  const state: State = { sales: [], invoices: [], adjustments: [] };
  for (const id of ids) {
    const weekly = pkg({ frequency: 'weekly', sessionsPerPeriod: 1 });
    const sold = sell(state, { id, client: CLIENT, pkg: weekly, startDate: '2026-01-05' }, '2026-01-05');
    if (!sold.ok) throw new Error('sell');
    applySale(state, sold.value);
  }
  state.sales = state.sales.map((s) => (ends[s.id] ? { ...s, endDate: ends[s.id] } : s));
  applyDaily(state, dailyProcesses(state, '2026-03-01'));
  payOld(state, '2026-03-01');
  return state;
}

/** A row as compared: a generated key of a person's row stands for its kind only. */
const strip = (a: Adjustment) => ({
  // A late check-in's row is keyed by the check-in's key: compared by the row it restates.
  key: /^[^:]+:(use|correct):(\d|\d{4}-\d\d-\d\d\.)/.test(a.key)
    ? `${a.saleId}:${a.type}:*`
    : a.key.replace(/:late-(\d|\d{4}-\d\d-\d\d\.).*$/, ':late-*'),
  date: a.date,
  type: a.type,
  sessions: a.sessions,
});
const view = (r: ReturnType<typeof strip>) => [r.key, r.date, r.type, r.sessions];
const byKey = <T extends { key: string; date: string }>(rows: readonly T[]) =>
  [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

describe('archiving', () => {
  test('a studio archived on random days bills and balances exactly like one never archived', () => {
    const moved = { carries: 0, adjustments: 0, invoices: 0 };
    fc.assert(
      fc.property(
        scenarioArb({ checkIns: true, cancels: true }),
        fc.array(fc.record({ day: fc.nat(), keep: fc.integer({ min: 6, max: 40 }) }), { minLength: 1, maxLength: 6 }),
        (scenario, archives) => {
          // Retries come within seconds, not days: a request id is recognized while its row is live, so
          // here each id is used on one day only. A late check-in goes back at most 5 days, less than the
          // days kept live: one dated before the archive's cutoff is refused (package-rules.test.ts).
          const s: Scenario = {
            ...scenario,
            events: scenario.events.map((e) => {
              if (e.kind !== 'checkIn') return e;
              const date = e.date && e.date < addDaysIso(e.day, -5) ? addDaysIso(e.day, -5) : e.date;
              return { ...e, date, ...(e.requestId ? { requestId: `${e.requestId}-${e.day}` } : {}) };
            }),
          };
          const plain = run(s, new Map());
          const archiveOn = new Map(archives.map((a) => [addDaysIso(s.from, a.day % s.horizon), a.keep]));
          const archived = run(s, archiveOn);
          for (const p of archived.plans) {
            moved.carries += p.carries.length;
            moved.adjustments += p.adjustmentKeys.size;
            moved.invoices += p.invoiceKeys.size;
          }

          expect(archived.problems).toEqual(plain.problems);
          expect(archived.outcomes).toEqual(plain.outcomes);
          // Invoices: live + archive = never archived (numbers, keys, dates, amounts).
          const all = [...archived.state.invoices, ...archived.archive.invoices].sort((a, b) => a.number - b.number);
          expect(all).toEqual([...plain.state.invoices].sort((a, b) => a.number - b.number));
          // Only settled invoices moved.
          expect(archived.archive.invoices.every((i) => i.status === 'paid' || i.status === 'void')).toBe(true);
          // Ledger: the rows other than Carry rows, live + archive, are the same rows (a person's row
          // without a request id is keyed afresh after a Carry row, so those keys are compared by kind).
          const rows = [...archived.state.adjustments, ...archived.archive.adjustments].filter(
            (a) => a.type !== 'carry',
          );
          expect(byKey(rows.map(strip)).map(view)).toEqual(byKey(plain.state.adjustments.map(strip)).map(view));
          const live = ledgersBySale(archived.state.adjustments);
          for (const sale of plain.state.sales) {
            const ledger = live.get(sale.id) ?? [];
            // Every live row that counts shows the running balance of the never-archived ledger.
            const counted = ledgerOrder(ledger).filter((r) => r.type !== 'carry');
            const plainOrder = ledgerOrder(plain.state.adjustments.filter((a) => a.saleId === sale.id));
            const tail = counted.length ? plainOrder.slice(-counted.length) : [];
            expect(counted.map(strip).map(view)).toEqual(tail.map(strip).map(view));
            expect(counted.map((r) => r.balance)).toEqual(tail.map((r) => r.balance));
            const plainRows = plain.state.adjustments.filter((a) => a.saleId === sale.id);
            expect(balanceOf(ledger)).toBe(balanceOf(plainRows));
            // The archived rows of a sale are all dated before its Carry row.
            const carry = ledger.find((r) => r.type === 'carry');
            for (const r of archived.archive.adjustments.filter((a) => a.saleId === sale.id)) {
              expect(carry).toBeDefined();
              expect(r.date < (carry as Adjustment).date).toBe(true);
            }
          }
          // Revenue by Month: the archive's totals + the live invoices = the whole history.
          expect(addRevenue(archived.archive.revenue, revenueByMonth(archived.state.invoices, []))).toEqual(
            revenueByMonth(plain.state.invoices, []),
          );
        },
      ),
      { numRuns: Number(process.env.ARCHIVE_RUNS ?? 120), seed: Number(process.env.ARCHIVE_SEED ?? 20261207) },
    );
    // The scenarios did archive: rows, invoices and carries moved (not a vacuous pass).
    expect(moved.carries).toBeGreaterThan(50);
    expect(moved.adjustments).toBeGreaterThan(200);
    expect(moved.invoices).toBeGreaterThan(100);
  });

  // A weekly Reset package sold on 2026-01-05; two sessions used; archived on 2026-02-20 keeping 14 days.
  function studio(): { state: State; archive: Archive } {
    const state: State = { sales: [], invoices: [], adjustments: [] };
    const sold = sell(
      state,
      { id: 'S-1', client: CLIENT, pkg: pkg({ frequency: 'weekly', sessionsPerPeriod: 2 }), startDate: '2026-01-05' },
      '2026-01-05',
    );
    if (!sold.ok) throw new Error('sell');
    applySale(state, sold.value);
    for (let day = '2026-01-06'; day <= '2026-02-20'; day = addDaysIso(day, 1)) {
      applyDaily(state, dailyProcesses(state, day));
      payOld(state, day);
      if (day === '2026-01-07' || day === '2026-02-10') {
        const r = checkIn(state, { saleId: 'S-1', date: day }, day);
        if (!r.ok) throw new Error('check in');
        state.adjustments.push(r.value.adjustment);
      }
    }
    const archive: Archive = { invoices: [], adjustments: [], revenue: [] };
    applyArchive(state, archivePlan(state, [], '2026-02-06'), archive);
    return { state, archive };
  }

  test('a Carry row of an Add sale lists its lots, so a later change to an expiring package lapses them period by period (found by the property above)', () => {
    const pkg = (id: string, extra: object) => ({
      id,
      name: 'weekly 1',
      frequency: 'weekly',
      rollover: 'add',
      sessionsPerPeriod: 1,
      recurWeeks: 0,
      priceCents: 0,
      minPeriods: 1,
      noticeDays: 0,
      introPeriods: 0,
      rolloverCap: null,
      usableDays: null,
      expireAfterPeriods: 0,
      introPriceCents: null,
      ...extra,
    });
    const s = {
      from: '2025-06-01',
      horizon: 161,
      events: [
        { kind: 'sell', day: '2025-06-14', id: 'S-1', pkg: pkg('P-1', {}), startDate: '2025-06-14' },
        {
          kind: 'change',
          day: '2025-07-26',
          saleId: 'S-1',
          pkg: pkg('P-10', { introPeriods: 1, expireAfterPeriods: 3, introPriceCents: 0 }),
          fromDate: 0,
          carry: 'all',
        },
      ],
      extraRunDays: [],
    } as unknown as Scenario;
    const plain = run(s, new Map());
    // Archived the day the package is changed, before it: nothing of the sale expired yet.
    const archived = run(s, new Map([['2025-07-26', 6]]));
    const expiries = (r: ReturnType<typeof run>) =>
      r.state.adjustments.filter((a) => a.type === 'expire').map((a) => [a.date, a.sessions]);
    expect(expiries(plain).length).toBeGreaterThan(1);
    expect(expiries(archived)).toEqual(expiries(plain));
  });

  test('a Carry row holds the balance of the rows before it, and the nightly run goes on from it', () => {
    const { state, archive } = studio();
    const carry = state.adjustments.find((a) => a.type === 'carry');
    expect(carry).toMatchObject({ key: 'S-1:carry:2026-02-06', date: '2026-02-06', sessions: 2, balance: 2 });
    // Periods due 2026-01-05 … 2026-02-02 moved (paid); the one due 2026-02-09 and later stayed.
    expect(archive.invoices.map((i) => i.dueDate)).toEqual([
      '2026-01-05',
      '2026-01-12',
      '2026-01-19',
      '2026-01-26',
      '2026-02-02',
    ]);
    expect(state.invoices.map((i) => i.dueDate)).toEqual(['2026-02-09', '2026-02-16']);
    expect(state.highestInvoiceNumber).toBe(5);
    // Nothing before the carry is billed again; the next period is numbered after every invoice.
    const next = dailyProcesses(state, '2026-02-23');
    expect(next.newInvoices.map((i) => [i.number, i.key])).toEqual([[8, 'S-1:7']]);
    expect(next.newAdjustments.map((a) => [a.key, a.sessions, a.balance])).toEqual([
      ['S-1:reset:7', -2, 0],
      ['S-1:allocate:7', 2, 2],
    ]);
  });

  test('an invoice still open stays live however old, and moves once it is paid', () => {
    const { state } = studio();
    const withOpen: State = structuredClone(state);
    const archive: Archive = { invoices: [], adjustments: [], revenue: [] };
    withOpen.invoices[0] = { ...withOpen.invoices[0], paidCents: 0, status: 'open' };
    const plan = archivePlan(withOpen, [], '2026-02-13');
    expect(plan.invoiceKeys.has(withOpen.invoices[0].key)).toBe(false);
    applyArchive(withOpen, plan, archive);
    expect(withOpen.invoices.map((i) => i.dueDate)).toContain('2026-02-09');
    withOpen.invoices[0] = { ...withOpen.invoices[0], paidCents: withOpen.invoices[0].amountCents, status: 'paid' };
    expect(archivePlan(withOpen, [], '2026-02-13').invoiceKeys.has(withOpen.invoices[0].key)).toBe(true);
  });

  test('history before the Carry row is closed: no check-in, cancel or pause dated before it', () => {
    const { state } = studio();
    const early = checkIn(state, { saleId: 'S-1', date: '2026-02-05' }, '2026-02-20');
    expect(early.ok).toBe(false);
    const cancel = cancelSale(state, { saleId: 'S-1', date: '2026-02-01' }, '2026-02-20');
    expect(cancel.ok ? [] : cancel.errors.map((e) => e.message)).toEqual([
      "Sale S-1's history before Fri 6 Feb 2026 is archived: cancel from Fri 6 Feb 2026 or later.",
    ]);
  });

  test('a row limit archives whole sales in id order; the next plan finishes the rest', () => {
    const state = weeklyStudio(['S-1', 'S-2', 'S-10']);
    const archive: Archive = { invoices: [], adjustments: [], revenue: [] };
    const first = archivePlan(state, [], '2026-02-20', 20);
    expect(first.complete).toBe(false);
    expect(first.carries.map((c) => c.saleId)).toEqual(['S-1']);
    applyArchive(state, first, archive);
    const second = archivePlan(state, [], '2026-02-20');
    expect(second.complete).toBe(true);
    expect(second.carries.map((c) => c.saleId)).toEqual(['S-2', 'S-10']);
    applyArchive(state, second, archive);
    // The live ledger of each sale is its Carry row and the rows from the cutoff on.
    for (const rows of ledgersBySale(state.adjustments).values()) {
      expect(ledgerOrder(rows)[0].type).toBe('carry');
      expect(rows.every((r) => r.date >= '2026-02-20')).toBe(true);
    }
  });

  test('rows left before a Carry row (a run stopped before removing them) no longer count, and move next time', () => {
    const { state } = studio();
    const leftover: Adjustment = {
      ...state.adjustments[0],
      key: 'S-1:use:old',
      date: '2026-01-08',
      type: 'use',
      sessions: -1,
      balance: 0,
    };
    const rows = [...state.adjustments, leftover];
    expect(liveLedger(rows)).toEqual(liveLedger(state.adjustments));
    const plan = archivePlan({ ...state, adjustments: rows }, [], '2026-02-06');
    expect([...plan.adjustmentKeys]).toEqual(['S-1:use:old']);
    expect(plan.carries).toEqual([]);
  });
});

describe('what archiving leaves alone', () => {
  const paidStudio = (s2EndDate: string | null = null) => weeklyStudio(['S-1', 'S-2'], { 'S-2': s2EndDate });

  test('a sale with a row that cannot be read, or missing from the Sales tab, is not archived', () => {
    const state = paidStudio();
    const plan = archivePlan({ ...state, reservedKeys: new Set(['S-1:use:7']) }, [], '2026-02-20');
    expect(plan.skipped).toEqual(['S-1']);
    expect(plan.carries.map((c) => c.saleId)).toEqual(['S-2']);
    expect([...plan.adjustmentKeys].some((k) => k.startsWith('S-1:'))).toBe(false);
    const orphan = archivePlan({ ...state, sales: state.sales.filter((s) => s.id !== 'S-2') }, [], '2026-02-20');
    expect(orphan.carries.map((c) => c.saleId)).toEqual(['S-1']);
  });

  test('an invoice number typed twice: neither invoice moves (their payments cannot be told apart)', () => {
    const state = paidStudio();
    const first = state.invoices.find((i) => i.saleId === 'S-1' && i.period === 0) as Invoice;
    const other = state.invoices.find((i) => i.saleId === 'S-2' && i.period === 1) as Invoice;
    other.number = first.number;
    const plan = archivePlan(state, [], '2026-02-20');
    expect(plan.invoiceKeys.has(first.key)).toBe(false);
    expect(plan.invoiceKeys.has(other.key)).toBe(false);
    expect(plan.invoiceKeys.size).toBeGreaterThan(5);
  });

  test("a finished sale's Carry row is renewed with the others, so the previous ones leave as one block", () => {
    const state = paidStudio('2026-01-26');
    const archive: Archive = { invoices: [], adjustments: [], revenue: [] };
    applyArchive(state, archivePlan(state, [], '2026-02-20'), archive);
    const next = archivePlan(state, [], '2026-02-27');
    expect(next.carries.map((c) => [c.saleId, c.sessions])).toEqual([
      ['S-1', 1],
      ['S-2', 0],
    ]);
    expect([...next.adjustmentKeys].filter((k) => k.includes(':carry:'))).toEqual([
      'S-1:carry:2026-02-20',
      'S-2:carry:2026-02-20',
    ]);
  });
});
