// @ts-check
// The script's clock. `new Date()` and `Date.now()` inside the bundle follow the runtime's `now`
// option; the prelude below replaces the context's Date with a subclass-compatible wrapper.

const vm = require('node:vm');
const { MONTHS } = require('./formatdate');
const { fromWallClock } = require('./timezone');

/**
 * @typedef {(() => Date | number | string) | Date | number | string | undefined} NowOption
 */

/** Runs inside the script's context; returns the context's new Date constructor. */
const PRELUDE = `(function installClock(hostNow) {
  var RealDate = Date;
  function ClockDate(a, b, c, d, e, f, g) {
    if (!new.target) return new RealDate(hostNow()).toString();
    var n = arguments.length;
    if (new.target === ClockDate) {
      // Direct construction (the common case, and the fast one: scripts build many dates).
      switch (n) {
        case 0: return new RealDate(hostNow());
        case 1: return new RealDate(a);
        case 2: return new RealDate(a, b);
        case 3: return new RealDate(a, b, c);
        case 4: return new RealDate(a, b, c, d);
        case 5: return new RealDate(a, b, c, d, e);
        case 6: return new RealDate(a, b, c, d, e, f);
        default: return new RealDate(a, b, c, d, e, f, g);
      }
    }
    var args = n === 0 ? [hostNow()] : Array.prototype.slice.call(arguments);
    return Reflect.construct(RealDate, args, new.target);
  }
  Object.defineProperty(ClockDate, 'name', { value: 'Date' });
  ClockDate.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: ClockDate, writable: true, configurable: true });
  ClockDate.now = function now() { return hostNow(); };
  ClockDate.parse = RealDate.parse;
  ClockDate.UTC = RealDate.UTC;
  globalThis.Date = ClockDate;
  return ClockDate;
})`;

/**
 * Milliseconds of a `now` value. A "yyyy-MM-dd" string is noon of that day in `timeZone` (noon keeps
 * the calendar date the same in any zone within ±12 h); "yyyy-MM-ddTHH:mm[:ss]" without an offset is a
 * wall clock in `timeZone`; anything else goes through Date.parse.
 * @param {Date | number | string} value @param {string} timeZone
 */
function toMillis(value, timeZone) {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return value.getTime();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/.exec(value.trim());
  if (m) {
    const [y, mo, d, h = '12', mi = '0', s = '0', ms = '0'] = m.slice(1);
    const wrong = calendarError(value.trim().slice(0, 10)) ?? timeError(Number(h), Number(mi), Number(s));
    if (wrong) throw new Error(`Invalid clock value: ${value} (${wrong})`);
    const wall = Date.UTC(
      Number(y),
      Number(mo) - 1,
      Number(d),
      Number(h),
      Number(mi),
      Number(s),
      Number(ms.padEnd(3, '0')),
    );
    return fromWallClock(wall, timeZone);
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new Error(`Invalid clock value: ${value}`);
  return parsed;
}

/**
 * Why "yyyy-MM-dd" is not a real calendar date (null when it is): no silent roll-over, as JavaScript's
 * Date does (2026-02-30 would be 2 March; 2026-13-01 is refused outright).
 * @param {string} day @returns {string | null}
 */
function calendarError(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return 'not YYYY-MM-DD';
  const [y, mo, d] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12) return `there is no month ${mo}`;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > days) return `${MONTHS[mo - 1]} ${y} has ${days} days`;
  return null;
}

/** @param {number} h @param {number} mi @param {number} s @returns {string | null} */
function timeError(h, mi, s) {
  return h > 23 || mi > 59 || s > 59 ? 'not a time of day' : null;
}

/**
 * A clock function: a fixed instant for a Date/number/string, a callback's value, or real time.
 * @param {NowOption} now @param {() => string} timeZone
 * @returns {() => number}
 */
function makeClock(now, timeZone) {
  if (now === undefined || now === null) return () => Date.now();
  if (typeof now === 'function') return () => toMillis(now(), timeZone());
  const fixed = toMillis(now, timeZone());
  return () => fixed;
}

/** Installs the clock into a vm context and returns the context's Date. @param {vm.Context} context @param {() => number} clock */
function installClock(context, clock) {
  return vm.runInContext(PRELUDE, context)(clock);
}

/**
 * A `now` for a studio's own tools (the CLI, the preview, the demo): a "yyyy-MM-dd" day is noon of that
 * day in the spreadsheet's zone, so the studio's today is the day named, whatever zone the script has (a
 * runtime's "yyyy-MM-dd" is noon in the script's: Australia/Sydney is a day ahead of the Americas then).
 * Any other value is left as it is.
 * @template T @param {T} now @param {string} spreadsheetTimeZone @returns {T | number}
 */
function studioDay(now, spreadsheetTimeZone) {
  return typeof now === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(now.trim()) ? toMillis(now, spreadsheetTimeZone) : now;
}

module.exports = { makeClock, installClock, toMillis, calendarError, studioDay };
