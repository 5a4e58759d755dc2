/**
 * Issue 15's package rules, worked by hand: rolled-over sessions that expire after N periods (used oldest
 * first), intro prices. (Commitments and finite Add ends are in finite-and-cancel.test.ts.)
 */
import {
  type Adjustment,
  archivePlan,
  CHANGE_PACKAGE,
  changePackage,
  checkIn,
  describeTerms,
  formatPeople,
  type IsoDate,
  lotsAfter,
  parsedThen,
  parsePeople,
  SHARE_SALE,
  type State,
  shareSale,
  undoCheckIn,
  usageByPerson,
  validatePackageTerms,
} from '../../src/domain';
import { applyWrite, invoiceTable, pkg, type SimEvent, simulate } from './harness';

const sellWeekly = (terms: Parameters<typeof pkg>[0]): SimEvent => ({
  kind: 'sell',
  day: '2026-01-05',
  id: 'S-1',
  pkg: pkg({ frequency: 'weekly', ...terms }),
  startDate: '2026-01-05',
});
const checkIns = (...days: IsoDate[]): SimEvent[] => days.map((day) => ({ kind: 'checkIn', day, saleId: 'S-1' }));
const lapses = (state: State) =>
  state.adjustments
    .filter((a) => a.type === 'expire' || a.type === 'cap')
    .map((a) => [a.key, a.date, a.sessions, a.balance]);

describe('rolled-over sessions expire after N periods (Add; used oldest first)', () => {
  // Weekly Add, 4 sessions a week, usable for 2 periods, from Mon 5 Jan 2026. By hand (lots by k, the
  // 0-based period; notes say period k + 1):
  //  5 Jan  allocate 4            lots k0:4             balance 4
  //  6 Jan  check-in (from k0)    k0:3                  3
  // 12 Jan  allocate 4            k0:3 k1:4             7
  // 13, 14 Jan  two check-ins     k0:1 k1:4             5
  // 19 Jan  allocate 4, then period 1's last one lapses: k1:4 k2:4    9 − 1 = 8
  // 26 Jan  allocate 4, then period 2's 4 lapse:         k2:4 k3:4    12 − 4 = 8
  const events = [
    sellWeekly({ rollover: 'add', sessionsPerPeriod: 4, expireAfterPeriods: 2 }),
    ...checkIns('2026-01-06', '2026-01-13', '2026-01-14'),
  ];

  test('each lapse is its own Expire row at the allocation that ages the sessions out', () => {
    const { state } = simulate({ from: '2026-01-05', to: '2026-01-26', events, checkRerun: true });
    expect(lapses(state)).toEqual([
      ['S-1:expire:2', '2026-01-19', -1, 8],
      ['S-1:expire:3', '2026-01-26', -4, 8],
    ]);
    expect(state.adjustments.find((a) => a.key === 'S-1:expire:2')?.note).toBe(
      'Unused sessions of period 1 expired (usable for 2 periods)',
    );
    expect(lotsAfter(state.adjustments).lots).toEqual([
      { period: 2, sessions: 4 },
      { period: 3, sessions: 4 },
    ]);
  });

  test('one catch-up run gives the same rows as running every day', () => {
    const daily = simulate({ from: '2026-01-05', to: '2026-01-26', events }).state;
    const once = simulate({
      from: '2026-01-05',
      to: '2026-01-26',
      events,
      runOn: (d) => d === '2026-01-05' || d === '2026-01-26',
    }).state;
    const view = (s: State) => s.adjustments.map((a) => [a.key, a.date, a.sessions]).sort();
    expect(view(once)).toEqual(view(daily));
  });

  test('with a rollover cap of 10: the cap takes the oldest first, so the lapse takes the rest (same total)', () => {
    const capped = [sellWeekly({ rollover: 'add', sessionsPerPeriod: 4, expireAfterPeriods: 2, rolloverCap: 10 })];
    const { state } = simulate({ from: '2026-01-05', to: '2026-01-26', events: capped });
    // 19 Jan: 12 → cap 10 (−2 of period 1) → period 1's other 2 lapse → 8. 26 Jan: 12 → cap 10 (−2 of
    // period 2) → period 2's other 2 lapse → 8.
    expect(lapses(state)).toEqual([
      ['S-1:cap:2', '2026-01-19', -2, 10],
      ['S-1:expire:2', '2026-01-19', -2, 8],
      ['S-1:cap:3', '2026-01-26', -2, 10],
      ['S-1:expire:3', '2026-01-26', -2, 8],
    ]);
  });

  test('an overdraw is paid off by the next allocation before anything is counted as unused', () => {
    const overdrawn: SimEvent[] = [
      sellWeekly({ rollover: 'add', sessionsPerPeriod: 2, expireAfterPeriods: 1 }),
      ...checkIns('2026-01-06', '2026-01-07'),
      { kind: 'checkIn', day: '2026-01-08', saleId: 'S-1', overdraw: true },
    ];
    // 5 Jan +2, three check-ins: −1. 12 Jan +2 pays the 1 owed: period 2 keeps 1, nothing of period 1 is
    // left to lapse. 19 Jan +2: period 2's one left lapses: 3 − 1 = 2.
    const { state } = simulate({ from: '2026-01-05', to: '2026-01-19', events: overdrawn });
    expect(lapses(state)).toEqual([['S-1:expire:2', '2026-01-19', -1, 2]]);
  });

  test('archiving keeps the lots: the Carry row lists them, and they lapse as they would have', () => {
    const full = simulate({ from: '2026-01-05', to: '2026-01-26', events }).state;
    const part = simulate({ from: '2026-01-05', to: '2026-01-19', events }).state;
    const plan = archivePlan(part, [], '2026-01-20');
    expect(plan.carries.map((c) => [c.key, c.sessions])).toEqual([['S-1:carry:2026-01-20:p1=4,p2=4', 8]]);
    part.adjustments = [...part.adjustments.filter((a) => !plan.adjustmentKeys.has(a.key)), ...plan.carries];
    const after = simulate({ from: '2026-01-20', to: '2026-01-26', state: part }).state;
    const last = (rows: Adjustment[]) => rows.filter((a) => a.date === '2026-01-26').map((a) => [a.key, a.sessions]);
    expect(last(after.adjustments)).toEqual(last(full.adjustments));
  });

  test('a Reset package may not set it; the wizard words say what it does', () => {
    const reset = validatePackageTerms({ ...pkg({ rollover: 'reset' }), expireAfterPeriods: 2 });
    expect(reset.ok ? [] : reset.errors.map((e) => e.field)).toEqual(['expireAfterPeriods']);
    expect(describeTerms(pkg({ rollover: 'add', frequency: 'monthly', expireAfterPeriods: 3 }))).toContain(
      "each month's sessions usable for 3 months",
    );
  });

  test('a check-in uses the oldest sessions: checking in the day before a lapse uses the one that would lapse', () => {
    const { state } = simulate({ from: '2026-01-05', to: '2026-01-18', events });
    const r = checkIn(state, { saleId: 'S-1' }, '2026-01-18');
    expect(r.ok && lotsAfter([...state.adjustments, r.value.adjustment]).lots).toEqual([{ period: 1, sessions: 4 }]);
  });
});

describe('intro price: the first K periods at another price', () => {
  test('first 2 fortnights at $99.00, then $300.00; the invoices carry it, free intro periods are paid', () => {
    const intro = [
      {
        kind: 'sell' as const,
        day: '2026-01-05',
        id: 'S-1',
        pkg: pkg({ introPeriods: 2, introPriceCents: 9900 }),
        startDate: '2026-01-05',
      },
    ];
    const { state } = simulate({ from: '2026-01-05', to: '2026-02-16', events: intro });
    expect(invoiceTable(state)).toEqual([
      [1, 'S-1:0', '2026-01-05', 9900],
      [2, 'S-1:1', '2026-01-19', 9900],
      [3, 'S-1:2', '2026-02-02', 30000],
      [4, 'S-1:3', '2026-02-16', 30000],
    ]);
    const free = simulate({
      from: '2026-01-05',
      to: '2026-01-19',
      events: [{ ...intro[0], pkg: pkg({ introPeriods: 1, introPriceCents: 0 }) }],
    }).state;
    expect(free.invoices.map((i) => [i.amountCents, i.status])).toEqual([
      [0, 'paid'],
      [30000, 'open'],
    ]);
    expect(describeTerms(pkg({ introPeriods: 2, introPriceCents: 9900 }))).toMatch(
      /^first 2 fortnights at \$99\.00, \$300\.00 every fortnight/,
    );
  });

  test('both or neither: periods without a price, or a price without periods, are refused', () => {
    const fields = (input: object) => {
      const r = validatePackageTerms({ ...pkg(), ...input });
      return r.ok ? [] : r.errors.map((e) => e.field);
    };
    expect(fields({ introPeriods: 2, introPriceCents: null })).toEqual(['introPriceCents']);
    expect(fields({ introPeriods: 0, introPriceCents: 9900 })).toEqual(['introPeriods']);
    expect(fields({ introPeriods: 1, introPriceCents: -1 })).toEqual(['introPriceCents']);
    expect(fields({ introPeriods: 1, introPriceCents: 0 })).toEqual([]);
  });
});

describe('late check-ins: accepted on their day, their effect stated by appended rows', () => {
  // Weekly Reset, 2 sessions a week from Mon 5 Jan 2026; one check-in on Tue 6 Jan. Mon 12 Jan's reset
  // loses the other one. On Wed 14 Jan the desk records Thursday 8 Jan's session, which it forgot.
  const reset: SimEvent[] = [sellWeekly({ sessionsPerPeriod: 2 }), ...checkIns('2026-01-06')];
  const late: SimEvent = { kind: 'checkIn', day: '2026-01-14', saleId: 'S-1', date: '2026-01-08' };
  const view = (state: State) => state.adjustments.map((a) => [a.key, a.date, a.sessions, a.balance, a.note]);

  test('Reset: the reset lost one session fewer; the balance today is unchanged', () => {
    const { state, outcomes } = simulate({ from: '2026-01-05', to: '2026-01-14', events: [...reset, late] });
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(view(state).slice(2)).toEqual([
      ['S-1:reset:1', '2026-01-12', -1, -1, 'Unused sessions lost at the start of period 2'],
      ['S-1:allocate:1', '2026-01-12', 2, 2, 'Period 2: 2 sessions'],
      ['S-1:use:2', '2026-01-08', -1, 0, 'Checked in (late: recorded Wed 14 Jan 2026)'],
      ['S-1:reset:1:late-2', '2026-01-12', 1, 0, 'Late check-in of Thu 8 Jan 2026: the reset lost 1 session fewer'],
    ]);
    // Had it been recorded on time, the reset would have found nothing: the same balance, 2.
    const onTime = simulate({
      from: '2026-01-05',
      to: '2026-01-14',
      events: [...reset, { ...late, day: '2026-01-08', date: undefined }],
    }).state;
    expect(onTime.adjustments.at(-1)?.balance).toBe(2);
    expect(state.adjustments.reduce((s, a) => s + a.sessions, 0)).toBe(2);
  });

  test('rerunning, and one catch-up run, add nothing more; the retry of the same request writes nothing', () => {
    const withId = { ...late, requestId: 'thu' };
    const daily = simulate({ from: '2026-01-05', to: '2026-01-20', events: [...reset, withId], checkRerun: true });
    const sparse = simulate({
      from: '2026-01-05',
      to: '2026-01-20',
      events: [...reset, withId, { ...withId }],
      runOn: (d) => ['2026-01-05', '2026-01-06', '2026-01-14', '2026-01-20'].includes(d),
    });
    expect(sparse.outcomes.at(-1)).toMatchObject({ ok: true, duplicate: true });
    expect(view(sparse.state)).toEqual(view(daily.state));
  });

  test('Add with a cap of 4: the cap lost one fewer; sessions that expire: the lapse lost one fewer', () => {
    const capped = [sellWeekly({ rollover: 'add', sessionsPerPeriod: 2, rolloverCap: 2 })];
    const c = simulate({ from: '2026-01-05', to: '2026-01-14', events: [...capped, late] }).state;
    expect(c.adjustments.filter((a) => a.key.includes(':late-')).map((a) => [a.key, a.sessions, a.note])).toEqual([
      ['S-1:cap:1:late-1', 1, 'Late check-in of Thu 8 Jan 2026: the rollover cap lost 1 session fewer'],
    ]);
    const expiring = [sellWeekly({ rollover: 'add', sessionsPerPeriod: 2, expireAfterPeriods: 1 })];
    const e = simulate({ from: '2026-01-05', to: '2026-01-14', events: [...expiring, late] }).state;
    expect(e.adjustments.filter((a) => a.key.includes(':late-')).map((a) => [a.key, a.sessions])).toEqual([
      ['S-1:expire:1:late-1', 1],
    ]);
    expect(lotsAfter(e.adjustments).lots).toEqual([{ period: 1, sessions: 2 }]);
  });

  test('before the archive’s Carry row it is refused, and a correction is still not dated into a closed period', () => {
    const { state } = simulate({ from: '2026-01-05', to: '2026-01-14', events: reset });
    const plan = archivePlan(state, [], '2026-01-10');
    state.adjustments = [...state.adjustments.filter((a) => !plan.adjustmentKeys.has(a.key)), ...plan.carries];
    const r = checkIn(state, { saleId: 'S-1', date: '2026-01-08' }, '2026-01-14');
    expect(r.ok ? '' : r.errors[0].message).toBe(
      "Sale S-1's sessions before Sat 10 Jan 2026 are in the archive; date it 2026-01-10 or later.",
    );
  });
});

describe('shared packages: others check in against the sale; each row names who attended', () => {
  const ann = { id: 'C-1', name: 'Ann Example', email: '', phone: '' };
  const sam = { id: 'C-2', name: 'Sam Example', email: '', phone: '' };
  const jo = { id: 'C-3', name: 'Jo (Jojo) Example', email: '', phone: '' };
  const sold = () =>
    simulate({ from: '2026-01-05', to: '2026-01-06', events: [sellWeekly({ sessionsPerPeriod: 4 })] }).state;

  test('sharing names the clients; the owner, unknown clients and too many are refused', () => {
    const state = sold();
    const r = shareSale(state, [ann, sam, jo], { saleId: 'S-1', clientIds: ['C-2', 'C-3', 'C-2'] }, '2026-01-06');
    expect(r.ok && r.value.sharedWith).toEqual([
      { id: 'C-2', name: 'Sam Example' },
      { id: 'C-3', name: 'Jo (Jojo) Example' },
    ]);
    const fields = (input: object) => {
      const x = parsedThen(SHARE_SALE, input, (parsed) => shareSale(state, [ann, sam, jo], parsed, '2026-01-06'));
      return x.ok ? [] : x.errors.map((e) => e.message);
    };
    expect(fields({ saleId: 'S-1', clientIds: ['C-1'] })).toEqual(['Ann Example owns sale S-1: share it with others.']);
    expect(fields({ saleId: 'S-1', clientIds: ['C-9'] })).toEqual(['No client with id C-9.']);
    expect(fields({ saleId: 'S-1', clientIds: 'C-2' })).toHaveLength(1);
    expect(fields({ saleId: 'S-1', clientIds: Array.from({ length: 9 }, (_, i) => `C-${i + 10}`) })).toEqual([
      'A sale can be shared with at most 8 people.',
    ]);
    expect(r.ok && parsePeople(formatPeople(r.value.sharedWith ?? []))).toEqual(r.ok && r.value.sharedWith);
  });

  test('check-ins by each person: the rows name them, usage per person adds up, undo gives back theirs', () => {
    const state = sold();
    const shared = shareSale(state, [ann, sam, jo], { saleId: 'S-1', clientIds: ['C-2'] }, '2026-01-06');
    if (!shared.ok) throw new Error('not shared');
    state.sales[0] = shared.value;
    const byAnn = checkIn(state, { saleId: 'S-1' }, '2026-01-06');
    if (byAnn.ok) applyWrite(state, byAnn.value);
    const bySam = checkIn(state, { saleId: 'S-1', clientId: 'C-2' }, '2026-01-06');
    if (bySam.ok) applyWrite(state, bySam.value);
    expect(bySam.ok && [bySam.value.adjustment.note, bySam.value.adjustment.attendee, bySam.value.balance]).toEqual([
      'Checked in: Sam Example',
      { id: 'C-2', name: 'Sam Example' },
      2,
    ]);
    const byJo = checkIn(state, { saleId: 'S-1', clientId: 'C-3' }, '2026-01-06');
    expect(byJo.ok ? '' : byJo.errors[0].message).toBe('Sale S-1 is not shared with client C-3.');
    const undo = undoCheckIn(state, { saleId: 'S-1', checkInKey: 'S-1:use:2', reason: 'wrong person' }, '2026-01-06');
    if (undo.ok) applyWrite(state, undo.value);
    expect(usageByPerson(state.sales[0], state.adjustments)).toEqual([
      { id: 'C-1', name: 'Ann Example', used: 1 },
      { id: 'C-2', name: 'Sam Example', used: 0 },
    ]);
  });
});

describe('change of package from a chosen period', () => {
  // Fortnightly Reset, 6 sessions at $300.00, from Mon 5 Jan 2026: periods 5 Jan, 19 Jan, 2 Feb … On
  // Wed 21 Jan the client moves to Weekly Add, 2 sessions at $90.00, from the 2 Feb period (period 3).
  const view = (state: State) => state.adjustments.map((a) => [a.key, a.date, a.sessions, a.balance]);
  const weekly = pkg(
    { name: 'Weekly 2', frequency: 'weekly', rollover: 'add', sessionsPerPeriod: 2, priceCents: 9000 },
    'P-2',
  );
  const events: SimEvent[] = [
    { kind: 'sell', day: '2026-01-05', id: 'S-1', pkg: pkg(), startDate: '2026-01-05' },
    ...checkIns('2026-01-06'),
    { kind: 'change', day: '2026-01-21', saleId: 'S-1', pkg: weekly, fromDate: '2026-02-02' },
  ];

  test('billed and allocated on the old terms until the change, then on the new; one Change row records it', () => {
    const { state, outcomes } = simulate({ from: '2026-01-05', to: '2026-02-16', events, checkRerun: true });
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(invoiceTable(state)).toEqual([
      [1, 'S-1:0', '2026-01-05', 30000],
      [2, 'S-1:1', '2026-01-19', 30000],
      [3, 'S-1:2', '2026-02-02', 9000],
      [4, 'S-1:3', '2026-02-09', 9000],
      [5, 'S-1:4', '2026-02-16', 9000],
    ]);
    expect(view(state)).toEqual([
      ['S-1:allocate:0', '2026-01-05', 6, 6],
      ['S-1:use:1', '2026-01-06', -1, 5],
      ['S-1:reset:1', '2026-01-19', -5, 0],
      ['S-1:allocate:1', '2026-01-19', 6, 6],
      ['S-1:reset:2', '2026-02-02', -6, 0],
      ['S-1:change:2', '2026-02-02', 0, 0],
      ['S-1:allocate:2', '2026-02-02', 2, 2],
      ['S-1:allocate:3', '2026-02-09', 2, 4],
      ['S-1:allocate:4', '2026-02-16', 2, 6],
    ]);
    expect(state.adjustments.find((a) => a.type === 'change')?.note).toBe(
      'Changed from Fortnightly 6 to Weekly 2 from period 3: unused sessions lapsed with the reset',
    );
    // The sale now shows the new terms, and keeps the old ones for the periods before.
    const sale = state.sales[0];
    expect([sale.packageId, sale.terms.name, sale.earlier?.[0].terms.name, sale.earlier?.[0].untilPeriod]).toEqual([
      'P-2',
      'Weekly 2',
      'Fortnightly 6',
      2,
    ]);
  });

  test('one catch-up run after the change gives the same rows and invoices', () => {
    const daily = simulate({ from: '2026-01-05', to: '2026-02-16', events }).state;
    const once = simulate({
      from: '2026-01-05',
      to: '2026-02-16',
      events,
      runOn: (d) => ['2026-01-05', '2026-01-06', '2026-01-21', '2026-02-16'].includes(d),
    }).state;
    expect(view(once).sort()).toEqual(view(daily).sort());
    expect(invoiceTable(once)).toEqual(invoiceTable(daily));
  });

  test('Add to Add: the balance keeps what the rule says (up to 3 here); the rest is on the Change row', () => {
    const addWeekly = pkg({ name: 'Add 4', frequency: 'weekly', rollover: 'add', sessionsPerPeriod: 4 });
    const monthly = pkg({ name: 'Monthly 8', frequency: 'monthly', rollover: 'add', sessionsPerPeriod: 8 }, 'P-2');
    const { state } = simulate({
      from: '2026-01-05',
      to: '2026-02-19',
      events: [
        { kind: 'sell', day: '2026-01-05', id: 'S-1', pkg: addWeekly, startDate: '2026-01-05' },
        { kind: 'change', day: '2026-01-06', saleId: 'S-1', pkg: monthly, fromDate: '2026-01-19', carry: 3 },
      ],
    });
    // 5 and 12 Jan: 4 + 4 = 8; 19 Jan: keeps 3 (−5), then 8 a month from 19 Jan: 19 Jan, 19 Feb.
    expect(view(state)).toEqual([
      ['S-1:allocate:0', '2026-01-05', 4, 4],
      ['S-1:allocate:1', '2026-01-12', 4, 8],
      ['S-1:change:2', '2026-01-19', -5, 3],
      ['S-1:allocate:2', '2026-01-19', 8, 11],
      ['S-1:allocate:3', '2026-02-19', 8, 19],
    ]);
  });

  test('only from the due date of a period not billed yet, onto another package', () => {
    const { state } = simulate({ from: '2026-01-05', to: '2026-01-21', events: events.slice(0, 2) });
    const messages = (input: object) => {
      const sent = { saleId: 'S-1', packageId: 'P-2', ...input };
      const r = parsedThen(CHANGE_PACKAGE, sent, (parsed) =>
        changePackage(state, [pkg(), weekly], parsed, '2026-01-21'),
      );
      return r.ok ? [] : r.errors.map((e) => e.message);
    };
    expect(messages({ fromDate: '2026-02-03' })).toEqual([
      'A change starts on a due date of sale S-1 not billed yet. The next are: Mon 2 Feb 2026, Mon 16 Feb 2026, Mon 2 Mar 2026.',
    ]);
    expect(messages({ fromDate: '2026-02-02', packageId: 'P-1' })).toEqual(['Sale S-1 is on Fortnightly 6 already.']);
    expect(messages({ fromDate: '2026-02-02', carry: -1 })).toHaveLength(1);
    expect(messages({ fromDate: '2026-02-02', carry: 'none' })).toEqual([]);
  });
});
