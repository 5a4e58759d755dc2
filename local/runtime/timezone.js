// @ts-check
// Time-zone arithmetic with Intl only: instants <-> wall clocks, and Sheets date serials.
//
// A "wall clock" is represented as the number of milliseconds a UTC clock would show for the same
// calendar fields (so `new Date(wall).toISOString()` prints the local date and time).

const DAY_MS = 86400000;
/** Days from the Sheets/Excel epoch (1899-12-30) to the Unix epoch. */
const SERIAL_EPOCH_DAYS = 25569;

/** @type {Map<string, Intl.DateTimeFormat>} */
const formatters = new Map();

/** @param {string} timeZone */
function formatterFor(timeZone) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone name that Intl knows. @param {unknown} timeZone */
function isValidTimeZone(timeZone) {
  if (typeof timeZone !== 'string' || !timeZone) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall clock (as UTC milliseconds) that `instant` shows in `timeZone`.
 * @param {number} instant @param {string} timeZone
 */
function toWallClock(instant, timeZone) {
  return memo(toWallCache, instant, timeZone, computeToWallClock);
}

/** @param {number} instant @param {string} timeZone */
function computeToWallClock(instant, timeZone) {
  const ms = ((instant % 1000) + 1000) % 1000;
  /** @type {Record<string, string>} */
  const p = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant - ms))) p[part.type] = part.value;
  const year = p.era === 'BC' ? 1 - Number(p.year) : Number(p.year);
  const d = new Date(0);
  d.setUTCFullYear(year, Number(p.month) - 1, Number(p.day));
  d.setUTCHours(Number(p.hour), Number(p.minute), Number(p.second), ms);
  return d.getTime();
}

// Both conversions are pure and Intl is slow: a sheet of dates repeats the same few thousand values.
/** @type {Map<string, number>} */
const toWallCache = new Map();
/** @type {Map<string, number>} */
const fromWallCache = new Map();
const CACHE_LIMIT = 200_000;

/**
 * @param {Map<string, number>} cache @param {number} value @param {string} timeZone
 * @param {(value: number, timeZone: string) => number} compute
 */
function memo(cache, value, timeZone, compute) {
  const key = `${timeZone}|${value}`;
  let result = cache.get(key);
  if (result === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    result = compute(value, timeZone);
    cache.set(key, result);
  }
  return result;
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (east positive). */
function offsetAt(/** @type {number} */ instant, /** @type {string} */ timeZone) {
  return toWallClock(instant, timeZone) - instant;
}

/**
 * The instant at which `timeZone` shows the wall clock `wall`. In a DST gap the clock is read with
 * the offset from before the gap (02:30 in a spring-forward gap becomes 03:30); in an overlap the
 * earlier instant wins.
 * @param {number} wall @param {string} timeZone
 */
function fromWallClock(wall, timeZone) {
  return memo(fromWallCache, wall, timeZone, computeFromWallClock);
}

/** @param {number} wall @param {string} timeZone */
function computeFromWallClock(wall, timeZone) {
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((d) => offsetAt(wall + d, timeZone)));
  const exact = [...offsets]
    .map((offset) => wall - offset)
    .filter((t) => toWallClock(t, timeZone) === wall)
    .sort((a, b) => a - b);
  return exact.length ? exact[0] : wall - offsetAt(wall - DAY_MS, timeZone);
}

/** Sheets serial (days since 1899-12-30, fraction = time of day) for a wall clock. @param {number} wall */
function wallToSerial(wall) {
  return wall / DAY_MS + SERIAL_EPOCH_DAYS;
}

/** Wall clock (UTC ms, rounded to the millisecond) for a Sheets serial. @param {number} serial */
function serialToWall(serial) {
  return Math.round((serial - SERIAL_EPOCH_DAYS) * DAY_MS);
}

module.exports = { DAY_MS, isValidTimeZone, toWallClock, fromWallClock, offsetAt, wallToSerial, serialToWall };
