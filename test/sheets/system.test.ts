// The lease's compare-and-swap (src/sheets/system.ts): two executions that read the lease free at the same
// moment both try to take it; Google's find-and-replace of the cell's exact text lets only the first one.
import { FREE_LEASE, leaseText, SystemTab } from '../../src/sheets/system';

const { createRuntime, Workbook } = require('../../local/runtime');

function spreadsheet() {
  const rt = createRuntime({ workbook: Workbook.create({ timeZone: 'UTC' }), now: '2026-03-02' });
  return { rt, ss: rt.globals().SpreadsheetApp.getActive() };
}

const lease = (holder: string) => ({ holder, until: '2026-03-02T12:06:30.000Z' });

test('of two swaps from the same reading, one takes the lease; the other sees it on its next reading', () => {
  const { ss } = spreadsheet();
  SystemTab.read(ss).writeFixed('desk', null); // the tab, with its fixed rows (the lease free)
  const a = SystemTab.read(ss);
  const b = SystemTab.read(ss);
  expect([a.lease(), b.lease()]).toEqual([null, null]);
  expect(a.swapLease(leaseText(lease('A')))).toBe(true);
  expect(b.swapLease(leaseText(lease('B')))).toBe(false);
  expect(SystemTab.read(ss).lease()).toEqual(lease('A'));
  // Given back from exactly A's text; a giver-back holding a stale text changes nothing.
  expect(b.swapLease(FREE_LEASE, leaseText(lease('B')))).toBe(false);
  expect(a.swapLease(FREE_LEASE, leaseText(lease('A')))).toBe(true);
  expect(SystemTab.read(ss).lease()).toBeNull();
});

test('a lease cell emptied or retyped by hand is put back, then swapped; an older version’s lease in the Value cell still counts', () => {
  const { ss } = spreadsheet();
  const tab = SystemTab.read(ss);
  tab.writeFixed('desk', null);
  const sheet = ss.getSheets().find((s: { isSheetHidden(): boolean }) => s.isSheetHidden());
  sheet.getRange(2, 1).setValues([['']]);
  const emptied = SystemTab.read(ss);
  expect(emptied.lease()).toBeNull();
  expect(emptied.swapLease(leaseText(lease('C')))).toBe(true);
  expect(SystemTab.read(ss).lease()).toEqual(lease('C'));
  // The older version kept {holder, until} as JSON in the Value cell, with the Key cell "lease".
  sheet.getRange(2, 1, 1, 2).setValues([['lease', JSON.stringify({ ...lease('old'), user: 'x@y' })]]);
  expect(SystemTab.read(ss).lease()).toMatchObject(lease('old'));
});
