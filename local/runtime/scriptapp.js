// @ts-check
// ScriptApp: installable time-driven triggers (stored as plain records in the cloud, which the runtime
// persists and tests read), the EventType / AuthMode / TriggerSource enums, and getService() (the web
// app deployment: reference/script/service).
//
// Each trigger belongs to the user who created it and to the document that was active then:
// - guides/triggers/installable › Restrictions: "A given account cannot see triggers installed from a
//   second account, even though the first account can still activate those triggers."
// - reference/script/script-app#getProjectTriggers: "all installable triggers associated with the
//   current project and current user" (for an add-on: in every document the user runs it in).
// - reference/script/script-app#getUserTriggers(Spreadsheet): "all installable triggers owned by this
//   user in the given spreadsheet, for this script or add-on only".
// - add-ons/concepts/editor-triggers › Restrictions: "Each add-on can only have one trigger of each
//   type, per user, per document".

const crypto = require('node:crypto');
const { makeEnum } = require('./instrument');
const { isValidTimeZone } = require('./timezone');

const EventType = makeEnum(['CLOCK', 'ON_OPEN', 'ON_EDIT', 'ON_FORM_SUBMIT', 'ON_CHANGE', 'ON_EVENT_UPDATED']);
const AuthMode = makeEnum(['NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL']);
const TriggerSource = makeEnum(['SPREADSHEETS', 'CLOCK', 'FORMS', 'DOCUMENTS', 'CALENDAR']);
const AuthorizationStatus = makeEnum(['REQUIRED', 'NOT_REQUIRED']);
/** Apps Script allows 20 triggers per user per script (guides/services/quotas › Triggers). */
const MAX_TRIGGERS = 20;
const TOO_MANY_TRIGGERS =
  'This script has too many triggers. Triggers must be deleted from the script before more can be added.';
/** An add-on's second time-driven trigger in one document for one user (add-ons/concepts/editor-triggers). */
const ADDON_CLOCK_LIMIT =
  'This add-on has created too many time-based triggers in this document for this Google user account.';

/**
 * `user` and `documentId` were added later: a record without them belongs to the runtime's user and
 * workbook (ScriptContext.ownerOf).
 * @typedef {{ id: string, handlerFunction: string, eventType: 'CLOCK', triggerSource: 'CLOCK',
 *   atHour: number | null, nearMinute: number | null, everyDays: number | null, everyHours: number | null,
 *   timeZone: string | null, user?: string, documentId?: string | null }} TriggerRecord
 * @typedef {{ triggers: TriggerRecord[], mode: 'bound' | 'addon', user: string, documentId: string | null,
 *   scriptTimeZone: () => string, ownerOf: (t: TriggerRecord) => { user: string, documentId: string | null },
 *   webAppUrl: string | null, wanted: string[] | null, granted: () => string[] | null }} ScriptContext
 *   The execution as ScriptApp sees it: whose triggers, which document is active (null: none), the web
 *   app's URL (null: the project is not deployed as a web app), the manifest's scopes (null: inferred)
 *   and those the user granted (null: all of them).
 */

class ScriptAppApi {
  /** @param {import('./instrument').Env} env @param {ScriptContext} context */
  constructor(env, context) {
    this._env = env;
    this._context = context;
    this.EventType = EventType;
    this.AuthMode = AuthMode;
    this.TriggerSource = TriggerSource;
    this.AuthorizationStatus = AuthorizationStatus;
  }

  /**
   * reference/script/script-app#getAuthorizationInfo(AuthMode): REQUIRED when, in FULL, the manifest asks
   * for a scope the user has not granted (a new version added it); NOT_REQUIRED otherwise ("no other
   * authorization mode requires that users grant authorization"). A wrong argument: a signature error.
   * @param {unknown} authMode
   */
  getAuthorizationInfo(authMode) {
    if (!Object.values(AuthMode).includes(/** @type {never} */ (authMode)))
      throw this._env.exception(
        `The parameters (${typeof authMode}) don't match the method signature for ScriptApp.getAuthorizationInfo.`,
      );
    const { wanted, granted } = this._context;
    const have = granted();
    const missing = authMode === AuthMode.FULL && wanted && have ? wanted.filter((s) => !have.includes(s)) : [];
    return this._env.wrap(new AuthorizationInfo(missing), 'AuthorizationInfo', 'ScriptApp');
  }

  /** @param {string} functionName */
  newTrigger(functionName) {
    if (typeof functionName !== 'string' || !functionName) throw this._env.exception('Invalid argument: functionName');
    return this._env.wrap(new TriggerBuilder(this, functionName), 'TriggerBuilder', 'ScriptApp');
  }

  /** The project's publishing as a web app (reference/script/script-app#getService()). */
  getService() {
    return this._env.wrap(new Service(this._context.webAppUrl), 'Service', 'ScriptApp');
  }

  /** The current user's triggers of this project, in every document. */
  getProjectTriggers() {
    return this._env.array(this._mine().map((t) => this._trigger(t)));
  }

  /** The current user's triggers in `spreadsheet`. @param {{ getId(): string }} spreadsheet */
  getUserTriggers(spreadsheet) {
    const target = this._env.unwrap(spreadsheet);
    if (!target || typeof target.getId !== 'function') throw this._env.exception('Invalid argument: spreadsheet');
    const id = target.getId();
    const { ownerOf } = this._context;
    return this._env.array(this._mine((t) => ownerOf(t).documentId === id).map((t) => this._trigger(t)));
  }

  /**
   * Deletes one of the current user's triggers (an already deleted one: nothing happens). Google gives a
   * user no Trigger object for another account's trigger (they are not in its lists), so a trigger of
   * another user can only come from elsewhere: it is refused.
   * @param {Trigger} trigger
   */
  deleteTrigger(trigger) {
    const t = this._env.unwrap(trigger);
    if (!(t instanceof Trigger)) throw this._env.exception('Invalid argument: trigger');
    const { triggers, ownerOf, user } = this._context;
    const at = triggers.findIndex((r) => r.id === t._record.id);
    if (at < 0) return;
    if (ownerOf(triggers[at]).user !== user) throw this._env.exception('Invalid argument: trigger');
    triggers.splice(at, 1);
  }

  /** The current user's triggers (that also pass `filter`). @param {(t: TriggerRecord) => boolean} [filter] */
  _mine(filter = () => true) {
    const { triggers, ownerOf, user } = this._context;
    return triggers.filter((t) => ownerOf(t).user === user && filter(t));
  }

  /** @param {TriggerRecord} record */
  _trigger(record) {
    return this._env.wrap(new Trigger(record), 'Trigger', 'ScriptApp');
  }

  /** @param {TriggerRecord} record */
  _install(record) {
    const { mode, documentId, ownerOf } = this._context;
    const mine = this._mine();
    if (mine.length >= MAX_TRIGGERS) throw this._env.exception(TOO_MANY_TRIGGERS);
    if (
      mode === 'addon' &&
      mine.some((t) => t.eventType === record.eventType && ownerOf(t).documentId === documentId)
    ) {
      throw this._env.exception(ADDON_CLOCK_LIMIT);
    }
    this._context.triggers.push(record);
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
    const context = this._app._context;
    const record = {
      ...r,
      id: String(crypto.randomInt(1e9, 1e10)),
      timeZone: r.timeZone ?? context.scriptTimeZone(),
      user: context.user,
      documentId: context.documentId,
    };
    return this._app._install(record);
  }
}

class Service {
  /** @param {string | null} url */
  constructor(url) {
    this._url = url;
  }

  /** reference/script/service#getUrl(): "the URL of the web app, if it has been deployed; otherwise returns null". */
  getUrl() {
    return this._url;
  }

  /** reference/script/service#isEnabled(): true if the script is published as a web app. */
  isEnabled() {
    return this._url !== null;
  }
}

class AuthorizationInfo {
  /** @param {string[]} missing the scopes the user has yet to grant */
  constructor(missing) {
    this._missing = missing;
  }

  getAuthorizationStatus() {
    return this._missing.length ? AuthorizationStatus.REQUIRED : AuthorizationStatus.NOT_REQUIRED;
  }

  /** The page that asks the user's consent (a made-up address locally); null when none is required. */
  getAuthorizationUrl() {
    return this._missing.length ? 'https://script.google.com/macros/d/local-studio-packages/authorize' : null;
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

module.exports = {
  ScriptAppApi,
  EventType,
  AuthMode,
  AuthorizationStatus,
  TriggerSource,
  MAX_TRIGGERS,
  ADDON_CLOCK_LIMIT,
};
