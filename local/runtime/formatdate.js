// @ts-check
// Utilities.formatDate: java.text.SimpleDateFormat patterns with real time zones.
// Letters: y M d H h k K m s S E a Z X z D u, and 'quoted text' ('' is a literal quote).

const { toWallClock, offsetAt } = require('./timezone');

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** @param {number} n @param {number} width */
const pad = (n, width) => String(n).padStart(width, '0');

/** "+1100", "+11:00", "+11" or "Z" for an offset in minutes. @param {number} minutes @param {number} style */
function offsetText(minutes, style) {
  const sign = minutes < 0 ? '-' : '+';
  const h = pad(Math.floor(Math.abs(minutes) / 60), 2);
  const m = pad(Math.abs(minutes) % 60, 2);
  if (style === 1) return `${sign}${h}${m === '00' ? '' : m}`;
  if (style === 3) return `${sign}${h}:${m}`;
  return `${sign}${h}${m}`;
}

/** @param {number} instant @param {string} timeZone */
function shortZoneName(instant, timeZone) {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
    .formatToParts(new Date(instant))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/**
 * @param {Date} date @param {string} timeZone @param {string} pattern
 * @param {(message: string) => Error} fail
 */
function formatDate(date, timeZone, pattern, fail) {
  const instant = date.getTime();
  const w = new Date(toWallClock(instant, timeZone));
  const offsetMinutes = Math.round(offsetAt(instant, timeZone) / 60000);
  const tokens = pattern.match(/'(?:[^']|'')*'|([A-Za-z])\1*|[^A-Za-z']+/g) ?? [];
  return tokens
    .map((token) => {
      if (token.startsWith("'")) return token === "''" ? "'" : token.slice(1, -1).replace(/''/g, "'");
      if (!/^[A-Za-z]/.test(token)) return token;
      const n = token.length;
      const year = w.getUTCFullYear();
      switch (token[0]) {
        case 'y':
        case 'Y':
          return n === 2 ? pad(year % 100, 2) : pad(year, n);
        case 'M':
        case 'L':
          if (n >= 4) return MONTHS[w.getUTCMonth()];
          if (n === 3) return MONTHS[w.getUTCMonth()].slice(0, 3);
          return pad(w.getUTCMonth() + 1, n);
        case 'd':
          return pad(w.getUTCDate(), n);
        case 'D': {
          const dayOfYear = Math.floor((w.getTime() - Date.UTC(year, 0, 1)) / 86400000) + 1;
          return pad(dayOfYear, n);
        }
        case 'E':
          return n >= 4 ? DAYS[w.getUTCDay()] : DAYS[w.getUTCDay()].slice(0, 3);
        case 'u':
          return pad(w.getUTCDay() || 7, n);
        case 'H':
          return pad(w.getUTCHours(), n);
        case 'k':
          return pad(w.getUTCHours() || 24, n);
        case 'h':
          return pad(w.getUTCHours() % 12 || 12, n);
        case 'K':
          return pad(w.getUTCHours() % 12, n);
        case 'm':
          return pad(w.getUTCMinutes(), n);
        case 's':
          return pad(w.getUTCSeconds(), n);
        case 'S':
          return pad(w.getUTCMilliseconds(), n);
        case 'a':
          return w.getUTCHours() < 12 ? 'AM' : 'PM';
        case 'Z':
          return offsetText(offsetMinutes, 2);
        case 'X':
          return offsetMinutes === 0 ? 'Z' : offsetText(offsetMinutes, Math.min(n, 3));
        case 'z':
          return shortZoneName(instant, timeZone);
        default:
          throw fail(`Illegal pattern character '${token[0]}'`);
      }
    })
    .join('');
}

module.exports = { formatDate, MONTHS, DAYS };
