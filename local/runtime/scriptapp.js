// @ts-check
// ScriptApp: installable time-driven triggers (stored as plain records the runtime can persist and
// tests can read), and the EventType / AuthMode / TriggerSource enums.

const crypto = require('node:crypto');
const { makeEnum } = require('./instrument');
const { isValidTimeZone } = require('./timezone');

const EventType = makeEnum(['CLOCK', 'ON_OPEN', 'ON_EDIT', 'ON_FORM_SUBMIT', 'ON_CHANGE', 'ON_EVENT_UPDATED']);
const AuthMode = makeEnum(['NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL']);
const TriggerSource = makeEnum(['SPREADSHEETS', 'CLOCK', 'FORMS', 'DOCUMENTS', 'CALENDAR']);
/** Apps Script allows 20 triggers per user per script. */
const MAX_TRIGGERS = 20;

/**
 * @typedef {{ id: string, handlerFunction: string, eventType: 'CLOCK', triggerSource: 'CLOCK',
 *   atHour: number | null, nearMinute: number | null, everyDays: number | null, everyHours: number | null,
 *   timeZone: string | null }} TriggerRecord
 */

class ScriptAppApi {
  /** @param {import('./instrument').Env} env @param {TriggerRecord[]} triggers @param {() => string} scriptTimeZone */
  constructor(env, triggers, scriptTimeZone) {
    this._env = env;
    this._triggers = triggers;
    this._scriptTimeZone = scriptTimeZone;
    this.EventType = EventType;
    this.AuthMode = AuthMode;
    this.TriggerSource = TriggerSource;
  }

  /** @param {string} functionName */
  newTrigger(functionName) {
    if (typeof functionName !== 'string' || !functionName) throw this._env.exception('Invalid argument: functionName');
    return this._env.wrap(new TriggerBuilder(this, functionName), 'TriggerBuilder', 'ScriptApp');
  }

  getProjectTriggers() {
    return this._env.array(this._triggers.map((t) => this._trigger(t)));
  }

  /** The user's triggers for this script in `spreadsheet` (every trigger of this runtime). @param {unknown} spreadsheet */
  getUserTriggers(spreadsheet) {
    if (!spreadsheet) throw this._env.exception('Invalid argument: spreadsheet');
    return this.getProjectTriggers();
  }

  /** @param {Trigger} trigger */
  deleteTrigger(trigger) {
    const t = this._env.unwrap(trigger);
    if (!(t instanceof Trigger)) throw this._env.exception('Invalid argument: trigger');
    const at = this._triggers.findIndex((r) => r.id === t._record.id);
    if (at >= 0) this._triggers.splice(at, 1);
  }

  /** @param {TriggerRecord} record */
  _trigger(record) {
    return this._env.wrap(new Trigger(record), 'Trigger', 'ScriptApp');
  }

  /** @param {TriggerRecord} record */
  _install(record) {
    if (this._triggers.length >= MAX_TRIGGERS) {
      throw this._env.exception(
        'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
      );
    }
    this._triggers.push(record);
    return this._trigger(record);
  }
}

class TriggerBuilder {
  /** @param {ScriptAppApi} app @param {string} handler */
  constructor(app, handler) {
    this._app = app;
    this._handler = handler;
  }

  timeBased() {
    return this._app._env.wrap(new ClockTriggerBuilder(this._app, this._handler), 'ClockTriggerBuilder', 'ScriptApp');
  }
}

class ClockTriggerBuilder {
  /** @param {ScriptAppApi} app @param {string} handler */
  constructor(app, handler) {
    this._app = app;
    /** @type {TriggerRecord} */
    this._record = {
      id: '',
      handlerFunction: handler,
      eventType: 'CLOCK',
      triggerSource: 'CLOCK',
      atHour: null,
      nearMinute: null,
      everyDays: null,
      everyHours: null,
      timeZone: null,
    };
  }

  /** @param {unknown} n @param {number} min @param {number} max @param {string} name */
  _int(n, min, max, name) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      throw this._app._env.exception(`Invalid argument: ${name}`);
    }
    return n;
  }

  /** @param {number} hour 0-23 */
  atHour(hour) {
    this._record.atHour = this._int(hour, 0, 23, 'hour');
    return this;
  }

  /** @param {number} minute 0-59 (Apps Script runs within ±15 minutes of it) */
  nearMinute(minute) {
    this._record.nearMinute = this._int(minute, 0, 59, 'minute');
    return this;
  }

  /** @param {number} n */
  everyDays(n) {
    this._record.everyDays = this._int(n, 1, 365, 'n');
    return this;
  }

  /** @param {number} n one of 1, 2, 4, 6, 8, 12 */
  everyHours(n) {
    if (![1, 2, 4, 6, 8, 12].includes(n)) throw this._app._env.exception('Invalid argument: n');
    this._record.everyHours = n;
    return this;
  }

  /** @param {string} timezone */
  inTimezone(timezone) {
    if (!isValidTimeZone(timezone)) throw this._app._env.exception('Invalid argument: timezone');
    this._record.timeZone = timezone;
    return this;
  }

  create() {
    const r = this._record;
    if (r.everyDays === null && r.everyHours === null) {
      throw this._app._env.exception(
        'The trigger must have a schedule: call everyDays(n) or everyHours(n) before create().',
      );
    }
    if (r.atHour !== null && r.everyDays === null) throw this._app._env.exception('atHour() requires everyDays().');
    const record = {
      ...r,
      id: String(crypto.randomInt(1e9, 1e10)),
      timeZone: r.timeZone ?? this._app._scriptTimeZone(),
    };
    return this._app._install(record);
  }
}

class Trigger {
  /** @param {TriggerRecord} record */
  constructor(record) {
    this._record = record;
  }

  getUniqueId() {
    return this._record.id;
  }

  getHandlerFunction() {
    return this._record.handlerFunction;
  }

  getEventType() {
    return EventType[this._record.eventType];
  }

  getTriggerSource() {
    return TriggerSource[this._record.triggerSource];
  }
}

module.exports = { ScriptAppApi, EventType, AuthMode, TriggerSource, MAX_TRIGGERS };
