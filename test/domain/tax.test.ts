/**
 * Tax on invoices (src/domain/tax.ts): computed once per invoice, rounded half away from zero, inclusive
 * and exclusive prices, tax-free packages, refunds (negative amounts) and voids; fixed at creation.
 */
import fc from 'fast-check';
import {
  dailyProcesses,
  divideHalfAway,
  formatRate,
  invoiceTaxed,
  NO_TAX,
  parseRate,
  revenueRecognition,
  type State,
  sell,
  type TaxRule,
  taxOn,
  withTax,
} from '../../src/domain';
import { applyDaily, applySale, CLIENT, pkg } from './harness';

const GST: TaxRule = { name: 'GST', ratePpm: 100_000, inclusive: true, taxId: 'ABN 12 345 678 901' };
const VAT_ADDED: TaxRule = { name: 'VAT', ratePpm: 200_000, inclusive: false, taxId: '' };
const NY: TaxRule = { name: 'Sales tax', ratePpm: 88_750, inclusive: false, taxId: '' };

describe('the rounding rule: per invoice, half away from zero', () => {
  test('divideHalfAway rounds halves away from zero, both signs, exactly', () => {
    expect([5, 15, 25, -5, -15, 4, 6, -4, -6].map((a) => divideHalfAway(a, 10))).toEqual([
      1, 2, 3, -1, -2, 0, 1, 0, -1,
    ]);
    expect(divideHalfAway(1, 3)).toBe(0);
    expect(divideHalfAway(2, 3)).toBe(1);
    expect(divideHalfAway(-2, 3)).toBe(-1);
  });

  test('prices include tax (GST 10 %): tax = price × 10/110, the net the rest', () => {
    expect(taxOn(30000, GST)).toEqual({ netCents: 27273, taxCents: 2727, grossCents: 30000 }); // 2727.27
    expect(taxOn(11000, GST)).toEqual({ netCents: 10000, taxCents: 1000, grossCents: 11000 });
    // 5.5 cents of tax: half rounds up (away from zero).
    expect(taxOn(6050, GST)).toEqual({ netCents: 5500, taxCents: 550, grossCents: 6050 });
    expect(taxOn(61, GST)).toEqual({ netCents: 55, taxCents: 6, grossCents: 61 }); // 5.545…
    expect(taxOn(1, GST)).toEqual({ netCents: 1, taxCents: 0, grossCents: 1 }); // 0.09…
  });

  test('prices exclude tax (VAT 20 %, sales tax 8.875 %): the tax is added', () => {
    expect(taxOn(30000, VAT_ADDED)).toEqual({ netCents: 30000, taxCents: 6000, grossCents: 36000 });
    expect(taxOn(2, VAT_ADDED)).toEqual({ netCents: 2, taxCents: 0, grossCents: 2 }); // 0.4
    expect(taxOn(3, VAT_ADDED)).toEqual({ netCents: 3, taxCents: 1, grossCents: 4 }); // 0.6
    expect(taxOn(10000, NY)).toEqual({ netCents: 10000, taxCents: 888, grossCents: 10888 }); // 887.5 → 888
    expect(taxOn(4000, NY)).toEqual({ netCents: 4000, taxCents: 355, grossCents: 4355 }); // 355.0
  });

  test('a tax-free package, a rate of 0 and a free package carry no tax', () => {
    expect(taxOn(30000, GST, true)).toEqual({ netCents: 30000, taxCents: 0, grossCents: 30000 });
    expect(taxOn(30000, VAT_ADDED, true)).toEqual({ netCents: 30000, taxCents: 0, grossCents: 30000 });
    expect(taxOn(30000, NO_TAX)).toEqual({ netCents: 30000, taxCents: 0, grossCents: 30000 });
    expect(taxOn(0, VAT_ADDED)).toEqual({ netCents: 0, taxCents: 0, grossCents: 0 });
  });

  test('a refund (a negative amount) gives back exactly the tax its positive charged', () => {
    expect(taxOn(-6050, GST)).toEqual({ netCents: -5500, taxCents: -550, grossCents: -6050 });
    expect(taxOn(-10000, NY)).toEqual({ netCents: -10000, taxCents: -888, grossCents: -10888 });
  });

  test('property: net + tax = gross; refunds mirror charges; the tax is the nearest cent to the exact tax', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000_000, max: 100_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.boolean(),
        fc.boolean(),
        (price, ratePpm, inclusive, taxFree) => {
          const rule: TaxRule = { name: 'T', ratePpm, inclusive, taxId: '' };
          const t = taxOn(price, rule, taxFree);
          expect(t.netCents + t.taxCents).toBe(t.grossCents);
          expect(inclusive || taxFree || ratePpm === 0 ? t.grossCents : t.netCents).toBe(price);
          const back = taxOn(-price, rule, taxFree);
          expect([back.netCents, back.taxCents, back.grossCents].map((x) => x + 0)).toEqual(
            [-t.netCents, -t.taxCents, -t.grossCents].map((x) => x + 0),
          );
          const exact = taxFree ? 0 : inclusive ? (price * ratePpm) / (1_000_000 + ratePpm) : (price * ratePpm) / 1e6;
          expect(Math.abs(t.taxCents - exact)).toBeLessThanOrEqual(0.5 + 1e-9);
          // Half away from zero: an exact half goes outwards.
          if (Math.abs(Math.abs(t.taxCents - exact) - 0.5) < 1e-9)
            expect(Math.abs(t.taxCents)).toBeGreaterThan(Math.abs(exact));
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('rates as owners type them', () => {
    expect(['10', '10%', '10 %', '8.875', '0', '100', '12.5'].map(parseRate)).toEqual([
      100_000, 100_000, 100_000, 88_750, 0, 1_000_000, 125_000,
    ]);
    expect(['', 'ten', '-5', '101', '8.87501', '1e2'].map(parseRate)).toEqual([null, null, null, null, null, null]);
    expect([100_000, 88_750, 0, 125_000].map(formatRate)).toEqual(['10%', '8.875%', '0%', '12.5%']);
  });
});

describe('invoices carry their tax from the day they are made', () => {
  function studio(tax: TaxRule, taxFree = false): State {
    const state: State = { sales: [], invoices: [], adjustments: [], tax };
    const sold = sell(
      state,
      {
        id: 'S-1',
        client: CLIENT,
        pkg: pkg({ frequency: 'weekly', priceCents: 6050, taxFree }),
        startDate: '2026-01-05',
      },
      '2026-01-05',
    );
    if (!sold.ok) throw new Error('sell');
    applySale(state, sold.value);
    return state;
  }

  test('the sale and Daily Processes record net, tax and gross (Amount = gross)', () => {
    const state = studio(GST);
    applyDaily(state, dailyProcesses(state, '2026-01-12'));
    expect(state.invoices.map((i) => [i.amountCents, i.netCents, i.taxCents])).toEqual([
      [6050, 5500, 550],
      [6050, 5500, 550],
    ]);
  });

  test('prices exclusive of tax: the client is invoiced the price plus the tax', () => {
    const state = studio(VAT_ADDED);
    expect(state.invoices.map((i) => [i.amountCents, i.netCents, i.taxCents, i.status])).toEqual([
      [7260, 6050, 1210, 'open'],
    ]);
  });

  test('a tax-free package: no tax, whatever the rate', () => {
    const state = studio(GST, true);
    expect(state.invoices.map((i) => [i.amountCents, i.netCents, i.taxCents])).toEqual([[6050, 6050, 0]]);
  });

  test('a change of rate applies to new invoices only: made invoices are never recomputed', () => {
    const state = studio(GST);
    state.tax = { ...GST, ratePpm: 150_000 };
    applyDaily(state, dailyProcesses(state, '2026-01-12'));
    expect(state.invoices.map((i) => [i.amountCents, i.netCents, i.taxCents])).toEqual([
      [6050, 5500, 550],
      [6050, 5261, 789], // 6050 × 15/115 = 789.13
    ]);
  });

  test('without a rule (a workbook from before): invoices as before, read as net = amount, no tax', () => {
    const state = studio(undefined as unknown as TaxRule);
    delete state.tax;
    expect(state.invoices[0].netCents).toBeUndefined();
    expect(invoiceTaxed(state.invoices[0])).toEqual({ netCents: 6050, taxCents: 0, grossCents: 6050 });
    // A gross edited by hand keeps its tax.
    expect(invoiceTaxed({ amountCents: 7000, taxCents: 550 })).toEqual({
      netCents: 6450,
      taxCents: 550,
      grossCents: 7000,
    });
    expect(withTax({ amountCents: 6050 }, GST)).toEqual({ amountCents: 6050, netCents: 5500, taxCents: 550 });
  });

  test('a void invoice carries no tax in the reports; its sessions are worth nothing', () => {
    const state = studio(GST);
    applyDaily(state, dailyProcesses(state, '2026-01-12'));
    state.invoices[1].status = 'void';
    // Period 1 is void: its net and tax are not invoiced; period 0's sessions lapse at its reset, worth its net.
    expect(revenueRecognition(state)).toEqual([
      { month: '2026-01', netCents: 5500, taxCents: 550, earnedCents: 0, lapsedCents: 5500, unearnedCents: 0 },
    ]);
    // The void period's sessions lapse at the next reset worth nothing; period 2's are held.
    applyDaily(state, dailyProcesses(state, '2026-01-19'));
    expect(revenueRecognition(state)).toEqual([
      { month: '2026-01', netCents: 11000, taxCents: 1100, earnedCents: 0, lapsedCents: 5500, unearnedCents: 5500 },
    ]);
  });
});
