// @ts-check
// `studio copy --to PATH`: File › Make a copy of the workbook (runtime/copy.js says what Google copies).
// The copy is a new .xlsx with a new spreadsheet id and a sidecar of its own: the properties a copy
// keeps, no triggers, and the other spreadsheets of the Drive (the archive) saved beside it, as they
// are. Locally each workbook file is its own Drive, so the copy's archive files are copies too: a test
// that needs the one Drive both spreadsheets share uses runtime/copy.js in one cloud.
const fs = require('node:fs');
const path = require('node:path');
const { createRuntime, writeSidecar } = require('./runtime');
const { copySpreadsheet } = require('./runtime/copy');
const { withStudio } = require('./studio');

/**
 * Copies the workbook of `opts` to `to` as `opts.user` (default the runtime's user). Refuses to write
 * over an existing file. Returns the copy's path, id and owner, and the original's id.
 * @param {import('./studio').StudioOptions} opts @param {string} to
 */
async function copyStudio(opts, to) {
  const target = path.resolve(to);
  if (fs.existsSync(target)) throw new Error(`${target} exists: choose another path for the copy.`);
  return withStudio(opts, async (runtime) => {
    const { cloud } = runtime;
    const name = path.basename(target).replace(/\.xlsx$/i, '');
    const copy = copySpreadsheet(cloud, runtime.workbook, { user: runtime.userEmail, mode: runtime.mode, name });
    cloud.drive.delete(copy.id); // the original's Drive keeps no file of the copy
    const bound = runtime.mode === 'bound';
    const drive = new Map([...cloud.drive].filter(([id]) => id !== runtime.workbook.id));
    drive.set(copy.id, copy);
    const copied = createRuntime({
      workbook: copy,
      mode: runtime.mode,
      userEmail: runtime.userEmail,
      scriptTimeZone: runtime.scriptTimeZone,
      distDir: runtime.distDir,
      properties: {
        document: bound ? { ...runtime.properties.document } : {},
        script: { ...runtime.properties.script },
        user: bound ? {} : { ...runtime.properties.user },
      },
      triggers: [],
      drive,
    });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    await copy.save(target);
    for (const [id, other] of drive)
      if (id !== copy.id)
        await other.save(`${target.replace(/\.xlsx$/i, '')}.${id.replace(/[^A-Za-z0-9_-]/g, '_')}.xlsx`);
    writeSidecar(target, copied);
    return { workbook: target, id: copy.id, owner: runtime.userEmail, copyOf: runtime.workbook.id };
  });
}

module.exports = { copyStudio };
