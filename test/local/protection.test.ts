// Protected ranges in the local runtime (local/runtime/protection.js), as Google documents them:
// reference/spreadsheet/range#protect(), reference/spreadsheet/protection, the Sheets API's
// ProtectedRange.warningOnly ("every user can edit data in the protected range, except editing will prompt
// a warning"). docs/platform.md, "Protection".
import { join } from 'node:path';
import { createRuntime, newRuntime, tempDir, Workbook } from '../support/local-runtime';

const PROTECTED =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';
const OWNER = 'owner@example.com';
const DESK = 'frontdesk@example.com';

/** A shared workbook, and its services as `user` sees them. */
function shared() {
  const workbook = Workbook.create({
    timeZone: 'UTC',
    sharing: { owner: OWNER, editors: [DESK], viewers: [] },
  });
  const as = (user: string) => {
    const g = createRuntime({ workbook, userEmail: user, scriptTimeZone: 'UTC' }).globals();
    const ss = g.SpreadsheetApp.getActive();
    return { g, ss, sheet: ss.getSheetByName('Sheet1'), RANGE: g.SpreadsheetApp.ProtectionType.RANGE };
  };
  return { workbook, owner: as(OWNER), desk: as(DESK) };
}

describe('Range.protect and the Protection it returns', () => {
  test('a new protection: not warning-only, no description, the range it was made on; setters chain', () => {
    const { g, sheet } = newRuntime();
    const p = sheet.getRange('A1:C1').protect();
    expect(p.isWarningOnly()).toBe(false);
    expect(p.getDescription()).toBe('');
    expect(p.getRange().getA1Notation()).toBe('A1:C1');
    expect(p.getProtectionType()).toBe(g.SpreadsheetApp.ProtectionType.RANGE);
    const same = p.setWarningOnly(true).setDescription('Headers');
    expect(same.isWarningOnly()).toBe(true);
    expect(same.getDescription()).toBe('Headers');
    expect(p.canEdit()).toBe(true);
  });

  test("getProtections lists a sheet's range protections (RANGE), none for SHEET, and refuses anything else", () => {
    const { g, ss, sheet } = newRuntime();
    const { RANGE, SHEET } = g.SpreadsheetApp.ProtectionType;
    const other = ss.insertSheet('Other');
    sheet.getRange('A1:B1').protect().setDescription('one');
    sheet.getRange('A1:A5').protect().setDescription('two'); // overlapping: a second protection
    other.getRange('C:C').protect().setDescription('three');
    expect(sheet.getProtections(RANGE).map((p: any) => p.getDescription())).toEqual(['one', 'two']);
    expect(sheet.getProtections(SHEET)).toEqual([]);
    expect(ss.getProtections(RANGE).map((p: any) => p.getDescription())).toEqual(['one', 'two', 'three']);
    expect(() => sheet.getProtections('RANGE')).toThrow(
      "The parameters (String) don't match the method signature for SpreadsheetApp.Sheet.getProtections.",
    );
  });

  test('remove() unprotects; the other protections stay', () => {
    const { g, sheet } = newRuntime();
    const { RANGE } = g.SpreadsheetApp.ProtectionType;
    sheet.getRange('A1').protect().setDescription('keep');
    sheet.getRange('B1').protect().setDescription('drop');
    sheet.getProtections(RANGE)[1].remove();
    expect(sheet.getProtections(RANGE).map((p: any) => p.getDescription())).toEqual(['keep']);
  });
});

describe('who a protection stops', () => {
  test('a warning-only protection never stops a script, whoever runs it and whoever its editors are', () => {
    const { owner, desk } = shared();
    const p = owner.sheet.getRange('B2:B').protect().setWarningOnly(true).setDescription('keys');
    p.removeEditors([DESK]);
    desk.sheet.getRange('B5').setValue('S-9');
    desk.sheet.getRange('A1:C3').setValues([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
      ['g', 'h', 'i'],
    ]);
    desk.sheet.insertRowsAfter(3, 2);
    desk.sheet.deleteRows(4, 1);
    expect(desk.sheet.getRange('B6').getValue()).toBe('S-9'); // two rows in above it, one out
    expect(desk.sheet.getProtections(desk.RANGE)[0].canEdit()).toBe(true);
  });

  test("a new protection mirrors the spreadsheet's editors: it stops nobody until its editors change", () => {
    const { owner, desk } = shared();
    const p = owner.sheet.getRange('A1:C1').protect();
    desk.sheet.getRange('A1').setValue('typed by the desk');
    expect(desk.sheet.getProtections(desk.RANGE)[0].canEdit()).toBe(true);

    // Google's sample: only the owner (and the script's user) stay.
    p.removeEditors(p.getEditors());
    expect(p.getEditors().map((u: any) => u.getEmail())).toEqual([OWNER]);
    expect(() => desk.sheet.getRange('B1').setValue('x')).toThrow(PROTECTED);
    expect(() => desk.sheet.getRange('A1:A3').setNumberFormat('@')).toThrow(PROTECTED);
    expect(() => desk.sheet.deleteRows(1, 1)).toThrow(PROTECTED);
    expect(() => desk.sheet.getProtections(desk.RANGE)[0].remove()).toThrow(PROTECTED);
    expect(desk.sheet.getProtections(desk.RANGE)[0].canEdit()).toBe(false);
    desk.sheet.getRange('A2:C2').setValues([['outside', 'the', 'range']]);
    owner.sheet.getRange('B1').setValue('the owner always may');
    expect(owner.sheet.getRange('A1:B1').getValues()).toEqual([['typed by the desk', 'the owner always may']]);

    p.addEditor(DESK);
    desk.sheet.getRange('B1').setValue('now an editor');
    expect(desk.sheet.getRange('B1').getValue()).toBe('now an editor');
  });

  test("made warning-only, a restricted protection lets everyone edit; back to false, the editors are the spreadsheet's", () => {
    const { owner, desk } = shared();
    const p = owner.sheet.getRange('A1').protect();
    p.removeEditor(DESK);
    p.setWarningOnly(true);
    desk.sheet.getRange('A1').setValue('warned, went on');
    p.setWarningOnly(false);
    desk.sheet.getRange('A1').setValue('an editor of the spreadsheet again');
    expect(desk.sheet.getRange('A1').getValue()).toBe('an editor of the spreadsheet again');
  });
});

describe('the protected cells move with the sheet', () => {
  test('an open range (B2:B) takes in the rows added at the end; a closed one does not', () => {
    const { g, sheet } = newRuntime();
    const { RANGE } = g.SpreadsheetApp.ProtectionType;
    sheet.getRange('B2:B').protect().setDescription('open');
    sheet.getRange('C2:C1000').protect().setDescription('closed');
    sheet.insertRowsAfter(1000, 5);
    const [open, closed] = sheet.getProtections(RANGE);
    expect(open.getRange().getA1Notation()).toBe('B2:B1005');
    expect(closed.getRange().getA1Notation()).toBe('C2:C1000');
    // Rows inserted inside a range grow it; rows inserted above move it.
    sheet.insertRowsAfter(10, 2);
    expect(closed.getRange().getA1Notation()).toBe('C2:C1002');
    sheet.insertRowsAfter(1, 1);
    expect(open.getRange().getA1Notation()).toBe('B3:B1008');
  });

  test('deleting rows and columns shrinks, moves or removes a protection', () => {
    const { g, sheet } = newRuntime();
    const { RANGE } = g.SpreadsheetApp.ProtectionType;
    sheet.getRange(1, 1, 1, 5).protect().setDescription('header');
    sheet.getRange('C2:C').protect().setDescription('keys');
    sheet.deleteColumns(2, 1); // left of the key column, inside the header
    expect(sheet.getProtections(RANGE).map((p: any) => p.getRange().getA1Notation())).toEqual(['A1:D1', 'B2:B1000']);
    sheet.deleteRows(2, 10);
    expect(sheet.getProtections(RANGE)[1].getRange().getA1Notation()).toBe('B2:B990');
    sheet.deleteColumns(2, 1); // the key column itself
    expect(sheet.getProtections(RANGE).map((p: any) => p.getDescription())).toEqual(['header']);
  });
});

describe('protections survive save and load', () => {
  test('description, warning-only, editors and an open end, in the workbook metadata', async () => {
    const file = join(tempDir(), 'protected.xlsx');
    const { owner, workbook } = shared();
    owner.sheet.getRange('B2:B').protect().setWarningOnly(true).setDescription('Sale ID names each sale');
    const strict = owner.sheet.getRange('A1:C1').protect().setDescription('owner only');
    strict.removeEditor(DESK);
    await workbook.save(file);

    const loaded = await Workbook.load(file);
    const g = createRuntime({ workbook: loaded, userEmail: DESK, scriptTimeZone: 'UTC' }).globals();
    const sheet = g.SpreadsheetApp.getActive().getSheetByName('Sheet1');
    const [keys, header] = sheet.getProtections(g.SpreadsheetApp.ProtectionType.RANGE);
    expect([keys.getDescription(), keys.isWarningOnly()]).toEqual(['Sale ID names each sale', true]);
    expect([header.getDescription(), header.isWarningOnly(), header.canEdit()]).toEqual(['owner only', false, false]);
    expect(() => sheet.getRange('A1').setValue('x')).toThrow(PROTECTED);
    sheet.insertRowsAfter(1000, 1);
    expect(keys.getRange().getA1Notation()).toBe('B2:B1001');
  });
});
