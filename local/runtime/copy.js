// @ts-check
// File › Make a copy of a spreadsheet, as Google does it (docs/platform.md, "Make a copy"):
//
//   const copy = copySpreadsheet(cloud, workbook, { user: 'helper@example.com', mode: 'bound' });
//
// - a new file with a new id, every sheet copied as it is (hidden ones, the add-on's system tab included),
//   owned by whoever made the copy and shared with nobody else (Drive's "Make a copy" dialog shares it
//   with the same people only when asked; not modelled);
// - a bound script is copied with its container (guides/bound: a bound script "cannot be detached from
//   the file"), so the copy runs the same code; a published add-on is no part of the file: it runs in
//   the copy for whoever has it installed;
// - installable triggers are not copied (they belong to a user and a document: guides/triggers/installable
//   › Restrictions; the copy has none until someone installs one);
// - properties: Google's pages say nothing about them. The runtime takes the side that tests the add-on
//   hardest: a bound script's copy is a new project that starts with the original's script properties and
//   document properties (state the copy must not trust), and no user properties (they are per project
//   and user); an add-on's properties belong to the add-on, not the file: the copy's document store is
//   empty, the script and user stores are the add-on's own, shared as before.

const { Workbook } = require('./workbook');

/**
 * A deep copy of a workbook model with a new id and `name`, owned by `owner` (no other sharing).
 * @param {Workbook} wb @param {string} name @param {string} owner @returns {Workbook}
 */
function cloneWorkbook(wb, name, owner) {
  const copy = Workbook.create({
    timeZone: wb.timeZone,
    name,
    sheets: [],
    locale: wb.locale,
    sharing: { owner, editors: [], viewers: [] },
  });
  copy.sheets = wb.sheets.map((s) =>
    Object.assign(Object.create(Object.getPrototypeOf(s)), s, {
      rows: s.rows.map((row) => row?.map((cell) => (cell ? { ...cell } : cell))),
      columnWidths: new Map(s.columnWidths),
      charts: structuredClone(s.charts),
      protections: structuredClone(s.protections),
    }),
  );
  copy.activeSheetName = wb.activeSheetName;
  return copy;
}

/**
 * Makes a copy of `workbook` in `cloud`'s Drive, as `user` would with File › Make a copy ("Copy of …"),
 * with the properties and triggers as the header says. Returns the copy (already in the Drive).
 * @param {import('./cloud').Cloud} cloud @param {Workbook} workbook
 * @param {{ user: string, mode?: 'bound' | 'addon', name?: string }} options
 * @returns {Workbook}
 */
function copySpreadsheet(cloud, workbook, options) {
  const copy = cloneWorkbook(workbook, options.name ?? `Copy of ${workbook.name}`, options.user);
  cloud.drive.set(copy.id, copy);
  if ((options.mode ?? 'bound') === 'bound') {
    const original = cloud.documentProperties[workbook.id];
    if (original) cloud.documentProperties[copy.id] = { ...original };
  }
  return copy;
}

module.exports = { copySpreadsheet, cloneWorkbook };
