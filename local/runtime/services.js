// @ts-check
// The small services: Utilities, Session and Logger.

const crypto = require('node:crypto');
const util = require('node:util');
const { formatDate } = require('./formatdate');
const { sleepSync } = require('./lock');
const { isValidTimeZone } = require('./timezone');
const { isDate } = require('./values');

const MAX_SLEEP_MS = 300000;
const EMAIL_SCOPE = 'https://www.googleapis.com/auth/userinfo.email';

class UtilitiesApi {
  /**
   * @param {import('./instrument').Env} env
   * @param {(ms: number) => void} [sleep] how a sleep passes (default: the thread really blocks); a runtime
   *   on a fixed clock moves its clock on instead
   */
  constructor(env, sleep = sleepSync) {
    this._env = env;
    this._sleep = sleep;
  }

  /** @param {Date} date @param {string} timeZone @param {string} format */
  formatDate(date, timeZone, format) {
    if (!isDate(date) || typeof format !== 'string') {
      throw this._env.exception(`The parameters don't match the method signature for Utilities.formatDate.`);
    }
    if (!isValidTimeZone(timeZone)) throw this._env.exception(`Invalid argument: timeZone`);
    return formatDate(date, timeZone, format, (m) => this._env.exception(`Invalid argument: ${m}`));
  }

  getUuid() {
    return crypto.randomUUID();
  }

  /** Blocks for `milliseconds` (at most 5 minutes; reference/utilities/utilities#sleep). @param {number} milliseconds */
  sleep(milliseconds) {
    if (typeof milliseconds !== 'number' || milliseconds < 0)
      throw this._env.exception('Invalid argument: milliseconds');
    if (milliseconds > MAX_SLEEP_MS) throw this._env.exception('Invalid argument: milliseconds');
    this._sleep(milliseconds);
  }
}

/** A Google account (reference/base/user): Session's users, a spreadsheet's owner and editors. */
class User {
  /** @param {string} email */
  constructor(email) {
    this._email = email;
  }

  getEmail() {
    return this._email;
  }
}

class SessionApi {
  /**
   * `userEmail`: the user the execution runs as (a trigger's runs as the user who created it).
   * @param {import('./instrument').Env} env
   * `scopes`: the manifest's explicit oauthScopes, or null when it lists none (Apps Script infers them).
   * `activeUserEmail`: who getActiveUser() names when it differs from the effective user (a web app run as
   * its deployer: '' for a visitor Google hides, see webapp.js).
   * @param {{ scriptTimeZone: () => string, userEmail: string, activeUserEmail?: string, locale?: string, scopes?: string[] | null }} options
   */
  constructor(env, options) {
    this._env = env;
    this._options = options;
  }

  getScriptTimeZone() {
    return this._options.scriptTimeZone();
  }

  /** The user's language, e.g. "en" (reference/base/session#getActiveUserLocale). */
  getActiveUserLocale() {
    return (this._options.locale ?? 'en_US').split(/[_-]/)[0];
  }

  /**
   * The user. A manifest that lists its scopes explicitly must list userinfo.email for the user's email
   * (reference/base/session#getActiveUser: the method's scope); without it Apps Script throws the
   * permission error. A project without explicit scopes gets it inferred.
   */
  getActiveUser() {
    this._needsEmailScope('getActiveUser');
    return this._env.wrap(new User(this._options.activeUserEmail ?? this._options.userEmail), 'User', 'Session');
  }

  getEffectiveUser() {
    this._needsEmailScope('getEffectiveUser');
    return this._user();
  }

  /** @param {string} method */
  _needsEmailScope(method) {
    const scopes = this._options.scopes;
    if (scopes && !scopes.includes(EMAIL_SCOPE))
      throw this._env.exception(
        `You do not have permission to call Session.${method}. Required permissions: ${EMAIL_SCOPE}`,
      );
  }

  /** The User object, without counting a call (for event objects). */
  _user() {
    return this._env.wrap(new User(this._options.userEmail), 'User', 'Session');
  }

  /** A stable, opaque key for the active user in this script. */
  getTemporaryActiveUserKey() {
    return crypto.createHash('sha256').update(`studio:${this._options.userEmail}`).digest('base64url').slice(0, 43);
  }
}

class LoggerApi {
  /** @param {{ log: (...args: unknown[]) => void }} output @param {string[]} lines */
  constructor(output, lines) {
    this._output = output;
    this._lines = lines;
  }

  /** Logger.log(data) or Logger.log(format, ...values) with %s-style placeholders. @param {unknown[]} args */
  log(...args) {
    const line = typeof args[0] === 'string' ? util.format(...args) : util.inspect(args[0]);
    this._lines.push(line);
    this._output.log(line);
    return this;
  }
}

module.exports = { UtilitiesApi, SessionApi, LoggerApi, User };
