/**
 * The rollover cap of Add packages, check-ins (overdraw refusal, idempotent retries, closed periods) and
 * manual corrections.
 */
import {
  CORRECT_SESSIONS,
  checkIn,
  correctSessions,
  dailyProcesses,
  parsedThen,
  type State,
  UNDO_CHECK_IN,
  undoCheckIn,
  undoKey,
} from '../../src/domain';
import { allLedgers, applyDaily, applyWrite, ledgerTable, pkg, type SimEvent, simulate } from './harness';

describe('rollover cap (Add)', () => {
  const capped = (cap: number) => pkg({ rollover: 'add', rolloverCap: cap });

  test('cap 10: balance never exceeds 10 after an allocation; cap rows record the excess', () => {
    const events: SimEvent[] = [
      { kind: 'sell', day: '2026-01-05', id: 'S-1', pkg: capped(10), startDate: '2026-01-05' },
      { kind: 'checkIn', day: '2026-01-06', saleId: 'S-1' },
    ];
    const { state } = simulate({ from: '2026-01-05', to: '2026-03-02', events, checkRerun: true });
    expect(ledgerTable(state, 'S-1')).toEqual([
      ['S-1:allocate:0', '2026-01-05', 'allocate', 6, 6],
      ['S-1:use:1', '2026-01-06', 'use', -1, 5],
      ['S-1:allocate:1', '2026-01-19', 'allocate', 6, 11],
      ['S-1:cap:1', '2026-01-19', 'cap', -1, 10],
      ['S-1:allocate:2', '2026-02-02', 'allocate', 6, 16],
      ['S-1:cap:2', '2026-02-02', 'cap', -6, 10],
      ['S-1:allocate:3', '2026-02-16', 'allocate', 6, 16],
      ['S-1:cap:3', '2026-02-16', 'cap', -6, 10],
      ['S-1:allocate:4', '2026-03-02', 'allocate', 6, 16],
      ['S-1:cap:4', '2026-03-02', 'cap', -6, 10],
    ]);
    // the same from one catch-up run
    const caught = simulate({ from: '2026-01-05', to: '2026-03-02', events, runOn: (d) => d === '2026-03-02' });
    expect(allLedgers(caught.state)).toEqual(allLedgers(state));
  });

  test('cap exactly reached: no zero cap row', () => {
    const { state } = simulate({
      from: '2026-01-05',
      to: '2026-02-02',
      events: [{ kind: 'sell', day: '2026-01-05', id: 'S-1', pkg: capped(12), startDate: '2026-01-05' }],
    });
    expect(ledgerTable(state, 'S-1')).toEqual([
      ['S-1:allocate:0', '2026-01-05', 'allocate', 6, 6],
      ['S-1:allocate:1', '2026-01-19', 'allocate', 6, 12],
      ['S-1:allocate:2', '2026-02-02', 'allocate', 6, 18],
      ['S-1:cap:2', '2026-02-02', 'cap', -6, 12],
    ]);
  });
});

describe('check-in and overdraw', () => {
  function oneSessionAWeek(): State {
    return simulate({
      from: '2026-01-05',
      to: '2026-01-07',
      events: [
        {
          kind: 'sell',
          day: '2026-01-05',
          id: 'S-1',
          pkg: pkg({ frequency: 'weekly', sessionsPerPeriod: 1 }),
          startDate: '2026-01-05',
        },
        { kind: 'checkIn', day: '2026-01-06', saleId: 'S-1' },
      ],
    }).state;
  }

  test('at balance 0 a check-in is refused with a message about overdraw, and nothing is written', () => {
    const state = oneSessionAWeek();
    expect(ledgerTable(state, 'S-1').at(-1)).toEqual(['S-1:use:1', '2026-01-06', 'use', -1, 0]);
    const r = checkIn(state, { saleId: 'S-1' }, '2026-01-07');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0].field).toBe('overdraw');
      expect(r.errors[0].message).toMatch(/overdraw/);
      expect(r.errors[0].message).toMatch(/balance 0/);
    }
    expect(checkIn(state, { saleId: 'S-1', overdraw: false }, '2026-01-07').ok).toBe(false);
  });

  test('with overdraw: true it succeeds and the balance goes negative; a retry with the same requestId writes nothing', () => {
    const state = oneSessionAWeek();
    const first = checkIn(state, { saleId: 'S-1', overdraw: true, requestId: 'form-42' }, '2026-01-07');
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.value.duplicate).toBe(false);
    expect(first.value.balance).toBe(-1);
    expect(first.value.adjustment).toMatchObject({
      key: 'S-1:use:req.form-42',
      date: '2026-01-07',
      type: 'use',
      sessions: -1,
      balance: -1,
      note: 'Checked in (overdraw)',
    });
    applyWrite(state, first.value);
    const count = state.adjustments.length;

    // retried (the same submission), with or without the overdraw flag: found, not written again
    for (const input of [
      { saleId: 'S-1', overdraw: true, requestId: 'form-42' },
      { saleId: 'S-1', requestId: 'form-42' },
    ]) {
      const retry = checkIn(state, input, '2026-01-07');
      expect(retry.ok).toBe(true);
      if (!retry.ok) return;
      expect(retry.value.duplicate).toBe(true);
      expect(retry.value.adjustment.key).toBe('S-1:use:req.form-42');
      expect(retry.value.balanceUpdates).toEqual([]);
      applyWrite(state, retry.value);
      expect(state.adjustments).toHaveLength(count);
    }
    // a new submission is a new row
    const another = checkIn(state, { saleId: 'S-1', overdraw: true }, '2026-01-07');
    expect(another.ok && [another.value.adjustment.key, another.value.balance]).toEqual(['S-1:use:3', -2]);
  });

  test('Reset does not wipe an overdrawn balance: the next allocation pays it back (no reset row)', () => {
    const state = oneSessionAWeek();
    const r = checkIn(state, { saleId: 'S-1', overdraw: true }, '2026-01-07');
    if (r.ok) applyWrite(state, r.value);
    applyDaily(state, dailyProcesses(state, '2026-01-12'));
    expect(ledgerTable(state, 'S-1').slice(-2)).toEqual([
      ['S-1:use:2', '2026-01-07', 'use', -1, -1],
      ['S-1:allocate:1', '2026-01-12', 'allocate', 1, 0],
    ]);
  });

  test('a correction cannot be dated before the latest nightly row; a late check-in draws on its own day; no future, no unknown sale', () => {
    const state = oneSessionAWeek();
    applyDaily(state, dailyProcesses(state, '2026-01-12'));
    const early = correctSessions(state, { saleId: 'S-1', date: '2026-01-11', sessions: 1, reason: 'x' }, '2026-01-12');
    expect(early.ok ? '' : early.errors[0].message).toMatch(/up to 2026-01-12 are already settled/);
    // Sunday's balance was 0 (the 6 Jan check-in): refused without an overdraw, even though 1 is left today.
    const late = checkIn(state, { saleId: 'S-1', date: '2026-01-11' }, '2026-01-12');
    expect(late.ok ? [] : late.errors.map((e) => e.field)).toEqual(['overdraw']);
    const overdrawn = checkIn(state, { saleId: 'S-1', date: '2026-01-11', overdraw: true }, '2026-01-12');
    // Nothing was reset on 12 Jan (0 left), so nothing is restated: the check-in alone, on its day.
    expect(
      overdrawn.ok && (overdrawn.value.changes.newAdjustments ?? []).map((a) => [a.key, a.date, a.balance]),
    ).toEqual([['S-1:use:2', '2026-01-11', -1]]);
    const future = checkIn(state, { saleId: 'S-1', date: '2026-01-13' }, '2026-01-12');
    expect(future.ok ? [] : future.errors.map((e) => e.field)).toEqual(['date']);
    const unknown = checkIn(state, { saleId: 'S-7' }, '2026-01-12');
    expect(unknown.ok ? [] : unknown.errors.map((e) => e.field)).toEqual(['saleId']);
    const ok = checkIn(state, { saleId: 'S-1', date: '2026-01-12' }, '2026-01-12');
    expect(ok.ok && ok.value.balance).toBe(0);
  });

  test('corrections: ± sessions with a reason, keyed by request id or ordinal', () => {
    const state = oneSessionAWeek();
    const sent = { saleId: 'S-1', sessions: 0, reason: ' ' };
    const bad = parsedThen(CORRECT_SESSIONS, sent, (input) => correctSessions(state, input, '2026-01-07'));
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual(['sessions', 'reason']);
    const plus = correctSessions(state, { saleId: 'S-1', sessions: 2, reason: 'Gift', requestId: 'c1' }, '2026-01-07');
    expect(plus.ok && plus.value.adjustment).toMatchObject({
      key: 'S-1:correct:req.c1',
      sessions: 2,
      balance: 2,
      note: 'Gift',
    });
    if (plus.ok) applyWrite(state, plus.value);
    const again = correctSessions(state, { saleId: 'S-1', sessions: 2, reason: 'Gift', requestId: 'c1' }, '2026-01-07');
    expect(again.ok && again.value.duplicate).toBe(true);
    const minus = correctSessions(state, { saleId: 'S-1', sessions: -1, reason: 'Typo' }, '2026-01-07');
    expect(minus.ok && [minus.value.adjustment.key, minus.value.balance]).toEqual(['S-1:correct:2', 1]);
  });

  test('a correction below zero or of more than three periods needs confirm; a confirmed one is recorded', () => {
    const state = oneSessionAWeek(); // 1 session a week: more than 3 needs confirming
    const args = { saleId: 'S-1', reason: 'Check', date: '2026-01-07' };
    const below = correctSessions(state, { ...args, sessions: -2 }, '2026-01-07');
    expect(below.ok ? [] : below.errors).toEqual([
      { field: 'confirm', message: expect.stringMatching(/leaves .* -2 sessions on sale S-1 \(0 now\): below zero/) },
    ]);
    const large = correctSessions(state, { ...args, sessions: 4 }, '2026-01-07');
    expect(large.ok ? '' : large.errors[0].message).toMatch(/more than 3 periods' sessions \(3\)/);
    expect(correctSessions(state, { ...args, sessions: 3 }, '2026-01-07').ok).toBe(true);
    const confirmed = correctSessions(state, { ...args, sessions: -2, confirm: true }, '2026-01-07');
    expect(confirmed.ok && confirmed.value.balance).toBe(-2);
    // A retry of a recorded correction is answered as it is, confirmed or not.
    const first = correctSessions(state, { ...args, sessions: -5, confirm: true, requestId: 'big' }, '2026-01-07');
    if (first.ok) applyWrite(state, first.value);
    const retry = correctSessions(state, { ...args, sessions: -5, requestId: 'big' }, '2026-01-07');
    expect(retry.ok && retry.value.duplicate).toBe(true);
  });
});

describe('undoing a check-in (the front desk)', () => {
  function checkedInTwice(): State {
    const { state } = simulate({
      from: '2026-01-05',
      to: '2026-01-07',
      events: [
        { kind: 'sell', day: '2026-01-05', id: 'S-1', pkg: pkg({ sessionsPerPeriod: 4 }), startDate: '2026-01-05' },
        { kind: 'checkIn', day: '2026-01-06', saleId: 'S-1' },
      ],
    });
    const tapped = checkIn(state, { saleId: 'S-1', requestId: 'desk-1' }, '2026-01-07');
    if (!tapped.ok) throw new Error('check-in refused');
    applyWrite(state, tapped.value);
    return state;
  }

  test('a +1 correction today, with the reason and the date of the check-in it undoes; asked again, nothing new', () => {
    const state = checkedInTwice();
    // 4 allocated, two check-ins: 2 left. Undoing the one of 6 Jan on 7 Jan:
    const undo = undoCheckIn(state, { saleId: 'S-1', checkInKey: 'S-1:use:1', reason: 'Wrong client' }, '2026-01-07');
    expect(undo.ok && undo.value.adjustment).toEqual({
      key: 'S-1:correct:undo-1',
      date: '2026-01-07',
      saleId: 'S-1',
      clientName: 'Ann Example',
      type: 'correct',
      sessions: 1,
      balance: 3,
      note: 'Undo check-in of Tue 6 Jan 2026: Wrong client',
    });
    expect(undoKey('S-1', 'S-1:use:1')).toBe('S-1:correct:undo-1');
    if (!undo.ok) return;
    applyWrite(state, undo.value);
    const again = undoCheckIn(state, { saleId: 'S-1', checkInKey: 'S-1:use:1', reason: 'Tapped twice' }, '2026-01-07');
    expect(again.ok && [again.value.duplicate, again.value.balance]).toEqual([true, 3]);
    // The other check-in (keyed by its request id) is undone on its own.
    const other = undoCheckIn(state, { saleId: 'S-1', checkInKey: 'S-1:use:req.desk-1', reason: 'x' }, '2026-01-07');
    expect(other.ok && [other.value.adjustment.key, other.value.balance]).toEqual(['S-1:correct:undo-req.desk-1', 4]);
  });

  test('refused: no reason, no such check-in, a row that is not a check-in, another sale', () => {
    const state = checkedInTwice();
    const errors = (input: object) => {
      const r = parsedThen(UNDO_CHECK_IN, input, (parsed) => undoCheckIn(state, parsed, '2026-01-07'));
      return r.ok ? [] : r.errors.map((e) => `${e.field}: ${e.message}`);
    };
    expect(errors({ saleId: 'S-1', checkInKey: 'S-1:use:1', reason: ' ' })).toEqual(['reason: Reason is required.']);
    expect(errors({ saleId: 'S-1', checkInKey: 'S-1:use:9', reason: 'x' })).toEqual([
      'checkInKey: Sale S-1 has no check-in S-1:use:9.',
    ]);
    expect(errors({ saleId: 'S-1', checkInKey: 'S-1:allocate:0', reason: 'x' })).toHaveLength(1);
    expect(errors({ saleId: 'S-2', checkInKey: 'S-1:use:1', reason: 'x' })).toEqual(['saleId: No sale with id S-2.']);
  });
});

describe('what the front desk may undo', () => {
  test('a check-in a Reset has counted since, or one more than 7 days old, is refused; an undone one answers again', () => {
    const weekly = (rollover: 'reset' | 'add') =>
      simulate({
        from: '2026-01-05',
        to: '2026-01-20',
        events: [
          {
            kind: 'sell',
            day: '2026-01-05',
            id: 'S-1',
            pkg: pkg({ frequency: 'weekly', sessionsPerPeriod: 2, rollover }),
            startDate: '2026-01-05',
          },
          { kind: 'checkIn', day: '2026-01-06', saleId: 'S-1' },
          { kind: 'checkIn', day: '2026-01-19', saleId: 'S-1' },
        ],
      }).state;
    const undo = (state: State, key: string, today: string) => {
      const r = undoCheckIn(state, { saleId: 'S-1', checkInKey: key, reason: 'Wrong client' }, today);
      return r.ok ? `ok ${r.value.balance}` : r.errors[0].message;
    };
    // Reset: the check-in of 6 Jan was counted by the Reset of 12 Jan (1 unused session lapsed, not 2).
    const reset = weekly('reset');
    expect(undo(reset, 'S-1:use:1', '2026-01-20')).toBe(
      "The check-in of Tue 6 Jan 2026 can't be undone here: its sessions have been settled since. Correct it from the Adjustments history.",
    );
    expect(undo(reset, 'S-1:use:2', '2026-01-20')).toBe('ok 2');
    // Add: nothing lapses, but 14 days is not recent.
    const add = weekly('add');
    expect(undo(add, 'S-1:use:1', '2026-01-20')).toMatch(/more than 7 days old/);
    expect(undo(add, 'S-1:use:2', '2026-01-26')).toMatch(/^ok /); // 7 days on
    expect(undo(add, 'S-1:use:2', '2026-01-27')).toMatch(/more than 7 days old/);
    // Undone once (within the 7 days), asked again later: the same undo, not a refusal.
    const first = undoCheckIn(add, { saleId: 'S-1', checkInKey: 'S-1:use:2', reason: 'x' }, '2026-01-20');
    if (!first.ok) throw new Error('refused');
    applyWrite(add, first.value);
    const later = undoCheckIn(add, { saleId: 'S-1', checkInKey: 'S-1:use:2', reason: 'x' }, '2026-02-20');
    expect(later.ok && later.value.duplicate).toBe(true);
  });
});
