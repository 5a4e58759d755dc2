// A job reads each tab once and writes each once: the number of Sheets calls of Daily Processes does not
// grow with the number of sales (or rows). Counted by the emulated SpreadsheetApp.
import { newStudio, ok, withSyntheticSales } from '../support/studio';

function nightlyCalls(sales: number) {
  const studio = newStudio();
  withSyntheticSales(studio, sales, 120);
  // The first run catches up four months of history; then measure ordinary nights.
  ok(studio.call('2026-03-01', 'runDailyProcesses', {}));
  const nights = ['2026-03-02', '2026-03-03', '2026-03-04'].map((day) => {
    const rt = studio.runtime(day);
    const reply = rt.load().runDailyProcesses({});
    expect(reply.ok).toBe(true);
    return { calls: rt.stats.sheetsCalls, created: reply.summary.invoicesCreated, byMethod: rt.stats.byMethod };
  });
  return { nights, rows: studio.dump('Adjustments').Adjustments.length };
}

describe('Sheets calls of Daily Processes', () => {
  it('are the same at 10 and at 1 000 sales', () => {
    const small = nightlyCalls(10);
    const large = nightlyCalls(1000);
    expect(large.rows).toBeGreaterThan(50 * small.rows);
    for (let night = 0; night < 3; night++) {
      // Both studios bill someone every night of the test, so both write to the same tabs.
      expect(small.nights[night].created).toBeGreaterThan(0);
      expect(large.nights[night].created).toBeGreaterThan(small.nights[night].created);
      expect(large.nights[night].calls).toBe(small.nights[night].calls);
    }
    // No single-cell access at all.
    expect(large.nights[0].byMethod['Range.getValue'] ?? 0).toBe(0);
    expect(large.nights[0].byMethod['Range.setValue'] ?? 0).toBe(0);
  });
});
