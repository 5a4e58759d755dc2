// Issue 28, items 3 and 4, on the built bundle: rows an owner deletes or retypes by hand (through the
// emulated SpreadsheetApp), then Daily Processes. A deleted invoice is reported and never made again; the
// payment left without it, a balance above the rules and a Paid above the amount are reported; a run for a
// day before the last one completed is refused from every way in (endpoint, nightly trigger), a dry run
// still looks.
import { SYSTEM_TAB } from '../../sheets-template/tabs';
import { FORTNIGHTLY_RESET, newStudio, ok, type Studio, setSetting } from '../support/studio';

/** Ava (with an address, client email on) on the fortnightly Reset package of 6, sold on 5 Jan. */
function studio(): Studio {
  const s = newStudio();
  setSetting(s, 'Send client emails', 'Yes');
  const pkg = ok(s.call('2026-01-05', 'savePackage', FORTNIGHTLY_RESET)).package;
  const client = ok(s.call('2026-01-05', 'saveClient', { name: 'Ava Chen', email: 'ava@example.com' })).client;
  ok(s.call('2026-01-05', 'sellPackage', { clientId: client.id, packageId: pkg.id, startDate: '2026-01-05' }));
  ok(s.call('2026-01-05', 'runDailyProcesses', {}));
  return s;
}

function sheet(s: Studio, tab: string): any {
  return s.services().SpreadsheetApp.getActive().getSheetByName(tab);
}

/** The sheet row (1-based) whose `header` cell shows `value`. */
function rowWhere(s: Studio, tab: string, header: string, value: string): number {
  const values: unknown[][] = sheet(s, tab).getDataRange().getValues();
  const col = values[0].indexOf(header);
  const i = values.findIndex((r, n) => n > 0 && String(r[col]) === value);
  if (i < 1) throw new Error(`no ${header} ${value} in ${tab}`);
  return i + 1;
}

const keys = (s: Studio, tab: string) => s.dump(tab)[tab].map((r) => String(r.Key));
const outbox = (s: Studio) => (s.cloud.mail.outbox as { subject: string }[]).map((m) => m.subject);
const lastLog = (s: Studio) => s.dump('Run Log')['Run Log'].at(-1) as Record<string, unknown>;

it("a paid invoice's row deleted: reported as deleted, never made again (no new number, no reminder); its payment reported", () => {
  const s = studio();
  ok(s.call('2026-01-06', 'recordPayment', { invoiceNo: 1, amount: 30000, method: 'card', requestId: 'p-1' }));
  ok(s.call('2026-01-19', 'runDailyProcesses', {}));
  ok(s.call('2026-01-20', 'recordPayment', { invoiceNo: 2, amount: 30000, method: 'card', requestId: 'p-2' }));
  expect(keys(s, 'Invoices')).toEqual(['S-1:0', 'S-1:1']);
  // The owner deletes invoice #2's row (S-1:1, paid).
  sheet(s, 'Invoices').deleteRows(rowWhere(s, 'Invoices', 'Key', 'S-1:1'), 1);
  const sent = outbox(s).length;

  const reply = ok(s.call('2026-02-02', 'runDailyProcesses', {}));
  const problems: string[] = reply.summary.problems;
  expect(problems).toContainEqual(
    expect.stringMatching(
      /^Invoice S-1:1 \(Ava Chen, period 2, due Mon 19 Jan 2026\) .*S-1:allocate:1: its row was deleted/,
    ),
  );
  expect(problems).toContainEqual(
    expect.stringMatching(/^Payment 2:pay:req.p-2 .*invoice #2, which is not in the Invoices tab/),
  );
  // Only the new period is billed, under a number never issued before (#2 is the deleted one's).
  expect(s.dump('Invoices').Invoices.map((r) => [r.Key, r['Invoice No']])).toEqual([
    ['S-1:0', 1],
    ['S-1:2', 3],
  ]);
  expect(outbox(s).slice(sent)).toEqual(['My Studio: invoice 3 for Reformer Fortnightly']);
  expect(String(lastLog(s).Details)).toContain('Invoice S-1:1 (Ava Chen');
  // Every later run says it again, and still makes nothing.
  expect(ok(s.call('2026-02-03', 'runDailyProcesses', {})).summary).toMatchObject({ invoicesCreated: 0 });
});

it('a deleted Use row of a Reset sale: the balance above the package is reported', () => {
  const s = studio();
  ok(s.call('2026-01-06', 'checkIn', { saleId: 'S-1', requestId: 'c-1' }));
  ok(s.call('2026-01-19', 'runDailyProcesses', {}));
  sheet(s, 'Adjustments').deleteRows(rowWhere(s, 'Adjustments', 'Key', 'S-1:use:req.c-1'), 1);
  const reply = ok(s.call('2026-01-20', 'runDailyProcesses', {}));
  expect(reply.summary.problems).toEqual([
    expect.stringMatching(
      /^Sale S-1 \(Ava Chen\): the balance after the nightly rows of Mon 19 Jan 2026 \(S-1:allocate:1\) is 7 sessions, above what the rules allow \(6 sessions, a period's own after the Reset\)/,
    ),
  ]);
});

it('a Paid typed above the amount is reported, and no payment is taken on it', () => {
  const s = studio();
  const paid = rowWhere(s, 'Invoices', 'Key', 'S-1:0');
  const header: string[] = sheet(s, 'Invoices').getRange(1, 1, 1, sheet(s, 'Invoices').getLastColumn()).getValues()[0];
  sheet(s, 'Invoices')
    .getRange(paid, header.indexOf('Paid') + 1)
    .setValue(400);
  const reply = ok(s.call('2026-01-06', 'runDailyProcesses', {}));
  expect(reply.summary.problems).toEqual([
    expect.stringMatching(
      /^Invoice #1 \(S-1:0, Ava Chen\): Paid \$400\.00 is above its amount \$300\.00\. The \$100\.00 over/,
    ),
  ]);
  const pay = s.call('2026-01-06', 'recordPayment', { invoiceNo: 1, amount: 100, method: 'cash', requestId: 'p' });
  expect(pay.errors).toEqual([
    {
      field: 'amount',
      message: 'Invoice #1 has $0.00 left to pay (its Paid, $400.00, is above its amount $300.00: check the row).',
    },
  ]);
});

describe('the clock never runs backwards', () => {
  const daily = (s: Studio) =>
    JSON.parse(String(s.dump(SYSTEM_TAB.name)[SYSTEM_TAB.name].find((r) => r.Key === 'daily')?.Value));
  const business = (s: Studio) => {
    const { [SYSTEM_TAB.name]: _system, 'Run Log': _log, ...rest } = s.dump();
    return rest;
  };

  it('a run for a day before the last one completed is refused, naming that day; nothing is written', () => {
    const s = studio();
    ok(s.call('2026-01-26', 'runDailyProcesses', {}));
    expect(daily(s).today).toBe('2026-01-26');
    const before = business(s);
    const logged = s.dump('Run Log')['Run Log'].length;
    const reply = s.call('2026-01-19', 'runDailyProcesses', {});
    expect(reply).toMatchObject({ ok: false, errors: [{ field: 'today', message: expect.any(String) }] });
    expect(reply.errors?.[0].message).toMatch(
      /^Daily Processes last completed for Mon 26 Jan 2026: a run for an earlier day \(Mon 19 Jan 2026\) is refused/,
    );
    expect(business(s)).toEqual(before);
    expect(s.dump('Run Log')['Run Log']).toHaveLength(logged);
    expect(daily(s).today).toBe('2026-01-26');
    // Asked for by date, on a later clock, the same.
    expect(s.call('2026-01-27', 'runDailyProcesses', { today: '2026-01-20' }).ok).toBe(false);
    // A dry run still looks, and says so.
    const look = ok(s.call('2026-01-19', 'runDailyProcesses', { dryRun: true }));
    expect(look.summary.problems[0]).toMatch(/^Daily Processes last completed for Mon 26 Jan 2026/);
    // The same day again, or a later one, runs.
    ok(s.call('2026-01-26', 'runDailyProcesses', {}));
    ok(s.call('2026-01-27', 'runDailyProcesses', {}));
    expect(daily(s).today).toBe('2026-01-27');
  });

  it('the nightly trigger on a clock behind the last run fails with that message and bills nothing', () => {
    const s = studio();
    ok(s.call('2026-01-05', 'installNightlyTrigger', undefined, { userEmail: 'owner@studio.test' }));
    ok(s.call('2026-01-26', 'runDailyProcesses', {}));
    const before = business(s);
    const triggers = s.cloud.triggers.filter((t: any) => t.documentId === s.workbook.id);
    for (const t of triggers) s.runtime('2026-01-19T02:00').runTrigger(t.id);
    expect(business(s)).toEqual(before);
    const status = JSON.parse(
      String(s.dump(SYSTEM_TAB.name)[SYSTEM_TAB.name].find((r) => r.Key === 'nightly status')?.Value),
    );
    expect(status.lastBilling).toMatchObject({ ok: false, today: '2026-01-19' });
    expect(status.lastBilling.message).toMatch(/Daily Processes last completed for Mon 26 Jan 2026/);
  });
});
