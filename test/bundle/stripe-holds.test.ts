// A sale paused until paid (Settings › "Pause a sale when its card's last try fails": Yes), on the built
// bundle under the local runtime and the emulated Stripe: the last try of a declined card pauses the sale
// from its next due date ("… (until invoice 1 is paid)"), each night lengthens the pause while the invoice
// owes, so nothing falls due; once it is paid, the pause is cut to end within a week and written to the
// ledger, and the next instalment falls due at its end.
import { clientWithCard, paidStudio } from '../support/stripe';
import { ok, type Studio, setSetting } from '../support/studio';

const dump = (studio: Studio, tab: string) => studio.dump(tab)[tab];
const saleRow = (studio: Studio, saleId: string) => dump(studio, 'Sales').find((s) => s['Sale ID'] === saleId);
const dueDates = (studio: Studio, saleId: string) =>
  dump(studio, 'Invoices')
    .filter((i) => i['Sale ID'] === saleId)
    .map((i) => i['Due Date']);
const nights = (studio: Studio, from: string, to: string) => {
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1))
    ok(studio.call(d.toISOString().slice(0, 10), 'runDailyProcesses', {}));
};

describe('a sale paused until paid', () => {
  test('the last try fails: paused from the next due date while the invoice owes; paid: the pause ends within a week, then billing goes on', () => {
    const paid = paidStudio();
    const { studio } = paid;
    setSetting(studio, 'Retry a declined card after (days)', '2');
    setSetting(studio, "Pause a sale when its card's last try fails", 'Yes');
    const bo = clientWithCard(paid, 'Bo Ray', '4000000000009995');
    nights(studio, '2026-03-02', '2026-03-04');
    // The last try (4 Mar) failed: paused from the next due date, 16 Mar, until invoice 1 is paid.
    expect(saleRow(studio, bo.saleId)?.Pauses).toBe('2026-03-16 for 1 week (until invoice 1 is paid)');
    const log = dump(studio, 'Run Log').filter((r) => r.Job === 'Daily Processes');
    expect(log.at(-1)?.Details).toBe(
      `Sale ${bo.saleId} paused from Mon 16 Mar 2026 until invoice 1 is paid (its card's last try failed).`,
    );
    // Nights go by: the pause grows to reach past the coming week; 16 Mar falls inside it, so no invoice.
    nights(studio, '2026-03-05', '2026-03-19');
    expect(saleRow(studio, bo.saleId)?.Pauses).toBe('2026-03-16 for 2 weeks (until invoice 1 is paid)');
    expect(dueDates(studio, bo.saleId)).toEqual(['2026-03-02']);
    // A part payment leaves it held: the invoice still owes.
    ok(studio.call('2026-03-19', 'recordPayment', { invoiceNo: 1, amount: 1000, method: 'cash', requestId: 'p-0' }));
    ok(studio.call('2026-03-19', 'runDailyProcesses', {}));
    expect(saleRow(studio, bo.saleId)?.Pauses).toBe('2026-03-16 for 2 weeks (until invoice 1 is paid)');
    // A rerun the same night changes nothing.
    const before = JSON.stringify(dump(studio, 'Sales'));
    ok(studio.call('2026-03-19', 'runDailyProcesses', {}));
    expect(JSON.stringify(dump(studio, 'Sales'))).toBe(before);
    // Paid by hand on 20 Mar: that night the pause is cut to one week (16–22 Mar) and goes in the ledger.
    ok(studio.call('2026-03-20', 'recordPayment', { invoiceNo: 1, amount: 29000, method: 'cash', requestId: 'p-1' }));
    ok(studio.call('2026-03-20', 'runDailyProcesses', {}));
    expect(saleRow(studio, bo.saleId)?.Pauses).toBe('2026-03-16 for 1 week');
    expect(dump(studio, 'Run Log').at(-1)?.Details).toBe(
      `Sale ${bo.saleId}: invoice 1 owes nothing now, so its pause until paid is now Mon 16 Mar 2026 to Sun 22 Mar 2026 (1 week).`,
    );
    const pauseRows = dump(studio, 'Adjustments').filter((a) => a['Sale ID'] === bo.saleId && a.Type === 'Pause');
    expect(pauseRows.map((a) => [a.Date, a.Sessions, a.Note])).toEqual([
      [
        '2026-03-16',
        0,
        'Paused for 1 week from Mon 16 Mar 2026 to Sun 22 Mar 2026: the invoice due Mon 2 Mar 2026 comes before it; the next falls due Mon 23 Mar 2026.',
      ],
    ]);
    // The next instalment falls due at the pause's end (23 Mar); the card is declined again, and after its
    // last try (25 Mar) the sale is held again from the next due date, moved a week too (6 Apr).
    nights(studio, '2026-03-21', '2026-04-06');
    expect(dueDates(studio, bo.saleId)).toEqual(['2026-03-02', '2026-03-23']);
    expect(saleRow(studio, bo.saleId)?.Pauses).toBe(
      '2026-03-16 for 1 week; 2026-04-06 for 2 weeks (until invoice 2 is paid)',
    );
  });

  test('paid before the pause begins: it is taken off, nothing written to the ledger; an unpaid one stays held', () => {
    const paid = paidStudio();
    const { studio } = paid;
    setSetting(studio, 'Retry a declined card after (days)', '2');
    setSetting(studio, "Pause a sale when its card's last try fails", 'Yes');
    const bo = clientWithCard(paid, 'Bo Ray', '4000000000009995');
    const cy = clientWithCard(paid, 'Cy Lo', '4000000000009995');
    nights(studio, '2026-03-02', '2026-03-04');
    expect(saleRow(studio, bo.saleId)?.Pauses).toBe('2026-03-16 for 1 week (until invoice 1 is paid)');
    ok(studio.call('2026-03-05', 'recordPayment', { invoiceNo: 1, amount: 30000, method: 'cash', requestId: 'p-1' }));
    ok(studio.call('2026-03-05', 'runDailyProcesses', {}));
    expect(saleRow(studio, bo.saleId)?.Pauses).toBe('');
    expect(dump(studio, 'Adjustments').filter((a) => a['Sale ID'] === bo.saleId && a.Type === 'Pause')).toEqual([]);
    nights(studio, '2026-03-06', '2026-03-16');
    expect(dueDates(studio, bo.saleId)).toEqual(['2026-03-02', '2026-03-16']);
    // Cy, who did not pay, is still held: the pause has grown to reach past the coming week.
    expect(saleRow(studio, cy.saleId)?.Pauses).toBe('2026-03-16 for 2 weeks (until invoice 2 is paid)');
    expect(dueDates(studio, cy.saleId)).toEqual(['2026-03-02']);
  });

  test('setting off: the last try fails and the sale goes on billing', () => {
    const paid = paidStudio();
    const { studio } = paid;
    setSetting(studio, 'Retry a declined card after (days)', '2');
    const bo = clientWithCard(paid, 'Bo Ray', '4000000000009995');
    nights(studio, '2026-03-02', '2026-03-16');
    expect(saleRow(studio, bo.saleId)?.Pauses).toBe('');
    expect(dueDates(studio, bo.saleId)).toEqual(['2026-03-02', '2026-03-16']);
  });
});
