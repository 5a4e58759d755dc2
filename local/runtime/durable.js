// @ts-check
// Crash-safe files for the local studio (docs/platform.md, "Durability: the local studio and Google").
//
// Every file the CLI and the preview server leave on disk (the .xlsx files, the sidecar, the journal, an
// outbox message) is written whole to a temporary file in the same folder, fsynced, then renamed over the
// old one (rename is atomic within a folder), and the folder fsynced: a kill at any moment leaves the old
// file or the new one, never half of one.
//
// The crash tests kill the process at each step: `STUDIO_CRASH_AT=k` sends SIGKILL to the process at its
// k-th step (1-based, counted over the whole process), and `STUDIO_CRASH_LOG=FILE` appends each step,
// numbered, to FILE. A step is a point where the files on disk change: a temporary file complete but not
// yet in place, a file in place, a file removed.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

let steps = 0;

/** One step of the files on disk: logged, and the process killed here when STUDIO_CRASH_AT says so. @param {string} what */
function step(what) {
  steps++;
  const log = process.env.STUDIO_CRASH_LOG;
  if (log) fs.appendFileSync(log, `${steps} ${what}\n`);
  if (process.env.STUDIO_CRASH_AT !== undefined && Number(process.env.STUDIO_CRASH_AT) === steps)
    process.kill(process.pid, 'SIGKILL');
}

/** A temporary name beside `file` (removeStaleTemps finds those of killed processes). @param {string} file */
function tempName(file) {
  return `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
}

/** Flushes a file or folder to the disk (a folder cannot be opened on Windows: skipped there). @param {string} p */
function fsync(p) {
  let fd;
  try {
    fd = fs.openSync(p, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // EISDIR/EPERM on some platforms for folders: nothing more can be done there.
  } finally {
    fs.closeSync(fd);
  }
}

/** Puts a complete temporary file in place of `file`: fsync, rename, fsync the folder. @param {string} tmp @param {string} file */
function putInPlace(tmp, file) {
  fsync(tmp);
  step(`${path.basename(file)}: written, not in place`);
  fs.renameSync(tmp, file);
  fsync(path.dirname(file));
  step(`${path.basename(file)}: in place`);
}

/** Writes `data` to `file` atomically. @param {string} file @param {string | Uint8Array} data */
function writeAtomic(file, data) {
  const tmp = tempName(file);
  try {
    fs.writeFileSync(tmp, data);
    putInPlace(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Removes `file` (when it exists), durably. @param {string} file */
function removeDurably(file) {
  if (!fs.existsSync(file)) return;
  fs.rmSync(file, { force: true });
  fsync(path.dirname(file));
  step(`${path.basename(file)}: removed`);
}

/**
 * Removes the temporary files a killed process left beside `file` (`<name>….<pid>.<hex>.tmp` whose
 * process is gone).
 * @param {string} file @param {(pid: number) => boolean} isAlive
 */
function removeStaleTemps(file, isAlive) {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name);
    if (m && name.startsWith(`${base}.`) && !isAlive(Number(m[1]))) fs.rmSync(path.join(dir, name), { force: true });
  }
}

module.exports = { step, tempName, putInPlace, writeAtomic, removeDurably, removeStaleTemps };
