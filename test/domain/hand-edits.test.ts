/**
 * Issue 28, items 3 and 4 (the domain's part): rows an owner deleted or retyped by hand. An invoice the
 * studio issued and whose row is gone is reported as deleted and never made again; a payment left without
 * its invoice, a Paid above the amount and a balance above what the rules allow are reported. Rows that
 * moved to the archive are none of these.
 */
import { archivePlan, dailyProcesses, type Payment, recordPayment, type State } from '../../src/domain';
import { applyDaily, pkg, type SimEvent, simulate } from './harness';

const WEEKLY = pkg({ name: 'Weekly 4', frequency: 'weekly', sessionsPerPeriod: 4, priceCents: 12000 });
const sold: SimEvent = { kind: 'sell', day: '2026-01-05', id: 'S-1', pkg: WEEKLY, startDate: '2026-01-05' };

/** Four weekly periods billed (invoices #1–#4, due 5, 12, 19 and 26 Jan), every one paid. */
function billedAndPaid(): { state: State; payments: Payment[] } {
  const { state, problems } = simulate({ from: '2026-01-05', to: '2026-01-26', events: [sold] });
  expect(problems).toEqual([]);
  const payments: Payment[] = [];
  for (const inv of state.invoices) {
    inv.paidCents = inv.amountCents;
    inv.status = 'paid';
    payments.push({
      key: `${inv.number}:pay:r-${inv.number}`,
      date: inv.dueDate,
      invoiceNumber: inv.number,
      saleId: inv.saleId,
      clientName: inv.clientName,
      amountCents: inv.amountCents,
      method: 'card',
    });
  }
  return { state, payments };
}

const without = (state: State, key: string): State => ({
  ...state,
  invoices: state.invoices.filter((i) => i.key !== key),
});

describe('a deleted invoice row', () => {
  test('is reported as deleted, naming its ledger row, and is not made again under a new number', () => {
    const { state, payments } = billedAndPaid();
    const run = dailyProcesses({ ...without(state, 'S-1:1'), payments }, '2026-01-27');
    expect(run.newInvoices).toEqual([]);
    expect(run.deleted).toEqual(['S-1:1']);
    expect(run.problems).toContainEqual(expect.stringMatching(/^Invoice S-1:1 .*S-1:allocate:1: its row was deleted/));
    // The payment left without its invoice is reported too.
    expect(run.problems).toContainEqual(expect.stringMatching(/^Payment 2:pay:r-2 .*invoice #2, which is not/));
  });

  test('known from the Email Log alone (its ledger rows deleted too) is not made again either', () => {
    const { state } = billedAndPaid();
    const edited = without(state, 'S-1:2');
    edited.adjustments = edited.adjustments.filter((a) => !/^S-1:(reset|allocate):2$/.test(a.key));
    const run = dailyProcesses(
      { ...edited, emailLogKeys: new Set(['invoice:S-1:2', 'receipt:3:pay:r-3']) },
      '2026-01-27',
    );
    expect(run.newInvoices).toEqual([]);
    expect(run.problems).toContainEqual(expect.stringContaining('the Email Log has its email invoice:S-1:2'));
  });

  test('never gives its number to the next invoice when a payment names it (the last one deleted)', () => {
    const { state, payments } = billedAndPaid();
    const run = dailyProcesses({ ...without(state, 'S-1:3'), payments }, '2026-02-02');
    // #4 is the deleted one (S-1:3, due 26 Jan); the next period's invoice is #5, never #4 again.
    expect(run.newInvoices.map((i) => [i.key, i.number])).toEqual([['S-1:4', 5]]);
    expect(run.deleted).toEqual(['S-1:3']);
  });

  test('a period never billed is still billed: no evidence, no report', () => {
    const { state, payments } = billedAndPaid();
    const run = dailyProcesses({ ...state, payments }, '2026-02-02');
    expect(run.newInvoices.map((i) => i.key)).toEqual(['S-1:4']);
    expect([run.problems, run.deleted]).toEqual([[], []]);
  });

  test('archived rows are not deleted ones: nothing reported, nothing made again', () => {
    const { state, payments } = billedAndPaid();
    const plan = archivePlan(state, payments, '2026-01-20');
    expect(plan.invoiceKeys.size).toBeGreaterThan(0);
    const live: State = {
      ...state,
      invoices: state.invoices.filter((i) => !plan.invoiceKeys.has(i.key)),
      adjustments: [...state.adjustments.filter((a) => !plan.adjustmentKeys.has(a.key)), ...plan.carries],
      highestInvoiceNumber: plan.highestInvoiceNumber,
      payments: payments.filter((p) => !plan.paymentKeys.has(p.key)),
    };
    const run = dailyProcesses(live, '2026-01-27');
    expect([run.newInvoices, run.newAdjustments, run.problems, run.deleted]).toEqual([[], [], [], []]);
  });
});

describe('figures that cannot be right', () => {
  test('a deleted Use row of a Reset sale: the balance above the period sessions is reported', () => {
    const { state } = simulate({
      from: '2026-01-05',
      to: '2026-01-13',
      events: [sold, { kind: 'checkIn', day: '2026-01-07', saleId: 'S-1', requestId: 'a' }],
    });
    // The Reset of 12 Jan took the 3 sessions left; the check-in's row is then deleted by hand.
    expect(state.adjustments.find((a) => a.key === 'S-1:reset:1')?.sessions).toBe(-3);
    state.adjustments = state.adjustments.filter((a) => a.key !== 'S-1:use:req.a');
    const run = dailyProcesses(state, '2026-01-14');
    expect(run.problems).toEqual([
      expect.stringMatching(
        /^Sale S-1 \(Ann Example\): the balance after the nightly rows of Mon 12 Jan 2026 \(S-1:allocate:1\) is 5 sessions, above what the rules allow \(4 sessions, a period's own after the Reset\)/,
      ),
    ]);
  });

  test('an Add sale with a cap: a balance above the cap after its Cap row is reported', () => {
    const capped = pkg({
      name: 'Add 2 cap 3',
      frequency: 'weekly',
      sessionsPerPeriod: 2,
      rollover: 'add',
      rolloverCap: 3,
    });
    const { state } = simulate({
      from: '2026-01-05',
      to: '2026-01-19',
      events: [
        { kind: 'sell', day: '2026-01-05', id: 'S-1', pkg: capped, startDate: '2026-01-05' },
        { kind: 'checkIn', day: '2026-01-13', saleId: 'S-1', requestId: 'a' },
      ],
    });
    // 2 + 2 − 1 (cap) = 3; − 1 used on 13 Jan; + 2 − 1 (cap) = 3 on 19 Jan. The check-in's row deleted:
    // 4 after the nightly rows of 19 Jan.
    expect(state.adjustments.find((a) => a.key === 'S-1:cap:2')?.sessions).toBe(-1);
    state.adjustments = state.adjustments.filter((a) => a.key !== 'S-1:use:req.a');
    const run = dailyProcesses(state, '2026-01-20');
    expect(run.problems).toEqual([
      expect.stringContaining('is 4 sessions, above what the rules allow (the rollover cap of 3 sessions)'),
    ]);
  });

  test('a Paid above the amount is reported with the excess (never taken as credit)', () => {
    const { state } = billedAndPaid();
    state.invoices[0].paidCents = 15000;
    const run = dailyProcesses(state, '2026-01-27');
    expect(run.problems).toEqual([
      'Invoice #1 (S-1:0, Ann Example): Paid $150.00 is above its amount $120.00. The $30.00 over is not counted as credit: correct Paid to what the payments add up to, and refund or record any overpayment yourself.',
    ]);
  });

  test('an unedited studio has none of these', () => {
    const { state, payments } = billedAndPaid();
    applyDaily(state, dailyProcesses({ ...state, payments }, '2026-02-02'));
    expect(dailyProcesses({ ...state, payments }, '2026-02-09').problems).toEqual([]);
  });
});

describe('recordPayment after a Paid typed above the amount', () => {
  test('refuses any further payment, saying nothing is left to pay and that Paid is above the amount', () => {
    const { state } = billedAndPaid();
    state.invoices[0].paidCents = 15000;
    const reply = recordPayment(state.invoices, [], { invoiceNo: 1, amount: 1000, method: 'cash' }, '2026-01-27');
    expect(reply).toEqual({
      ok: false,
      errors: [
        {
          field: 'amount',
          message: 'Invoice #1 has $0.00 left to pay (its Paid, $150.00, is above its amount $120.00: check the row).',
        },
      ],
    });
  });
});

describe('a deleted allocation row', () => {
  test('is reported and not made again when a later period was allocated; the last one is still made', () => {
    const { state } = billedAndPaid();
    const edited = { ...state, adjustments: state.adjustments.filter((a) => a.key !== 'S-1:allocate:1') };
    const run = dailyProcesses(edited, '2026-01-27');
    expect(run.newAdjustments.map((a) => a.key)).not.toContain('S-1:allocate:1');
    expect(run.problems).toContainEqual(
      expect.stringMatching(/^Adjustments: the allocation S-1:allocate:1 .* its row was deleted/),
    );
    // The newest allocation has nothing after it: a run stopped before it (not a deletion) makes it again.
    const last = { ...state, adjustments: state.adjustments.filter((a) => a.key !== 'S-1:allocate:3') };
    expect(dailyProcesses(last, '2026-01-27').newAdjustments.map((a) => a.key)).toContain('S-1:allocate:3');
  });
});
