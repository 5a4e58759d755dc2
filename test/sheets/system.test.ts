// The lease cell (src/sheets/system.ts): a plain write, read back by the next reading. Who may write it,
// and when, is the lock's business (src/addon/lock.ts: under the script lock), proven under every
// interleaving by test/reliability/chaos-interleave.test.ts.
import { FREE_LEASE, leaseText, SystemTab } from '../../src/sheets/system';

const { createRuntime, Workbook } = require('../../local/runtime');

function spreadsheet() {
  const rt = createRuntime({ workbook: Workbook.create({ timeZone: 'UTC' }), now: '2026-03-02' });
  return { rt, ss: rt.globals().SpreadsheetApp.getActive() };
}

const lease = (holder: string) => ({ holder, until: '2026-03-02T12:06:30.000Z' });

test('a lease written is what the next reading finds; given back, the cell reads free', () => {
  const { ss } = spreadsheet();
  SystemTab.read(ss).writeFixed('desk', null); // the tab, with its fixed rows (the lease free)
  const a = SystemTab.read(ss);
  expect(a.lease()).toBeNull();
  a.writeLease(leaseText(lease('A')));
  expect(a.lease()).toEqual(lease('A'));
  expect(SystemTab.read(ss).lease()).toEqual(lease('A'));
  a.writeLease(FREE_LEASE);
  expect(SystemTab.read(ss).lease()).toBeNull();
});

test('a lease cell emptied or retyped by hand reads free and is written over; an older version’s lease in the Value cell still counts', () => {
  const { ss } = spreadsheet();
  const tab = SystemTab.read(ss);
  tab.writeFixed('desk', null);
  const sheet = ss.getSheets().find((s: { isSheetHidden(): boolean }) => s.isSheetHidden());
  sheet.getRange(2, 1).setValues([['']]);
  const emptied = SystemTab.read(ss);
  expect(emptied.lease()).toBeNull();
  emptied.writeLease(leaseText(lease('C')));
  expect(SystemTab.read(ss).lease()).toEqual(lease('C'));
  // The older version kept {holder, until} as JSON in the Value cell, with the Key cell "lease".
  sheet.getRange(2, 1, 1, 2).setValues([['lease', JSON.stringify({ ...lease('old'), user: 'x@y' })]]);
  expect(SystemTab.read(ss).lease()).toMatchObject(lease('old'));
});
