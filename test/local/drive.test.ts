// The runtime's Drive as strict as Google's (issue 29): a file belongs to whoever created it, and File ›
// Make a copy (runtime/copy.js) makes a new file with a new id, no triggers, the properties as documented.
const { createRuntime, createCloud, copySpreadsheet, Workbook } = require('../../local/runtime');

const OWNER = 'owner@example.com';
const HELPER = 'helper@example.com';

function runtimeAs(cloud: any, workbook: any, userEmail: string) {
  return createRuntime({ workbook, cloud, userEmail, distDir: 'dist' });
}

it('SpreadsheetApp.create: owned by its creator, shared with nobody; others are refused until addEditors', () => {
  const cloud = createCloud();
  const workbook = Workbook.create({ sharing: { owner: OWNER, editors: [HELPER] } });
  const mine = runtimeAs(cloud, workbook, OWNER).globals().SpreadsheetApp;
  const created = mine.create('Archive');
  const id = created.getId();
  expect(created.getOwner().getEmail()).toBe(OWNER);
  const theirs = () => runtimeAs(cloud, workbook, HELPER).globals().SpreadsheetApp.openById(id);
  expect(theirs).toThrow('You do not have permission to access the requested document.');
  expect(() => created.addEditors(['not an email'])).toThrow('Invalid argument: email');
  created.addEditors([HELPER, OWNER]);
  expect(
    theirs()
      .getEditors()
      .map((u: any) => u.getEmail()),
  ).toEqual([HELPER]);
  expect(theirs().getOwner().getEmail()).toBe(OWNER);
});

it('Make a copy: a new id, every sheet, owned by the copier; no triggers; a bound copy keeps the document properties', () => {
  const cloud = createCloud();
  const workbook = Workbook.create({
    name: 'Studio',
    sheets: ['A', 'Hidden'],
    sharing: { owner: OWNER, editors: [HELPER] },
  });
  workbook.sheet('A').cellForWrite(1, 1).v = 'kept';
  workbook.sheet('Hidden').hidden = true;
  const rt = runtimeAs(cloud, workbook, OWNER);
  rt.properties.document = { k: 'v' };
  cloud.triggers.push({ id: 't1', handlerFunction: 'h', user: OWNER, documentId: workbook.id });
  const copy = copySpreadsheet(cloud, workbook, { user: HELPER });
  expect(copy.id).not.toBe(workbook.id);
  expect(copy.name).toBe('Copy of Studio');
  expect(copy.sharing).toEqual({ owner: HELPER, editors: [], viewers: [] });
  expect(copy.sheet('A').cell(1, 1).v).toBe('kept');
  expect(copy.sheet('Hidden').hidden).toBe(true);
  copy.sheet('A').cellForWrite(1, 1).v = 'changed';
  expect(workbook.sheet('A').cell(1, 1).v).toBe('kept');
  expect(cloud.triggers.filter((t: any) => t.documentId === copy.id)).toEqual([]);
  expect(cloud.documentProperties[copy.id]).toEqual({ k: 'v' });
  expect(cloud.drive.get(copy.id)).toBe(copy);
  const addonCopy = copySpreadsheet(cloud, workbook, { user: HELPER, mode: 'addon' });
  expect(cloud.documentProperties[addonCopy.id]).toBeUndefined();
});
