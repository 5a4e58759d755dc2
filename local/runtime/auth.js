// @ts-check
// What each authorization mode lets a script call. The Proxy in front of every service object
// (instrument.js) asks `isAllowed` before each method call; reading properties (the enums such as
// ScriptApp.AuthMode, Ui.ButtonSet) is never checked. Logger is not behind a proxy: always allowed.
//
// Sources:
// - reference/script/auth-mode: NONE "does not allow access to any services that require authorization";
//   LIMITED "allows access to a limited subset of services"; FULL "allows access to all services that
//   require authorization".
// - add-ons/concepts/editor-auth-lifecycle › Authorization modes: in NONE an add-on's onOpen can only
//   create menu items (plus Logger, Utilities and the user's locale); LIMITED adds the document the
//   script is bound to or opened in, Properties and Lock; triggers, other files and sidebars or dialogs
//   need FULL.
// - The wording of the error is Apps Script's, as executions logs show it: "You do not have permission
//   to call SpreadsheetApp.openById. Required permissions: https://www.googleapis.com/auth/spreadsheets".

/** @typedef {'NONE' | 'LIMITED' | 'FULL'} AuthModeName */

/** The calls each mode allows, as 'Class.method' or 'Class.*' (FULL allows every call). */
const ALLOWED = (() => {
  const none = [
    'SpreadsheetApp.getUi',
    'Ui.createAddonMenu',
    'Ui.createMenu',
    'Menu.*',
    'Utilities.*',
    'Session.getActiveUserLocale',
    'Logger.*',
  ];
  const limited = [
    ...none,
    // The active document only: openById and create are not listed.
    'SpreadsheetApp.getActive',
    'SpreadsheetApp.getActiveSpreadsheet',
    'SpreadsheetApp.newDataValidation',
    'SpreadsheetApp.flush',
    'Spreadsheet.*',
    'Sheet.*',
    'Range.*',
    'RangeList.*',
    'TextFinder.*',
    'DataValidationBuilder.*',
    'DataValidation.*',
    'EmbeddedChartBuilder.*',
    'EmbeddedChart.*',
    'Protection.*',
    'PropertiesService.*',
    'Properties.*',
    'LockService.*',
    'Lock.*',
    // Simple triggers may see the user "depending on a complex set of security restrictions"
    // (guides/triggers/events › Open): the emulator lets LIMITED read it.
    'Session.*',
    'User.*',
  ];
  return { NONE: new Set(none), LIMITED: new Set(limited) };
})();

/** The scope Apps Script names in the permission error, by class then by service. */
const SCOPES = {
  byClass: /** @type {Record<string, string>} */ ({ Ui: 'script.container.ui', HtmlOutput: 'script.container.ui' }),
  byService: /** @type {Record<string, string>} */ ({
    SpreadsheetApp: 'spreadsheets',
    ScriptApp: 'script.scriptapp',
    HtmlService: 'script.container.ui',
    Session: 'userinfo.email',
    // MailApp is not listed above: FULL only (a simple trigger cannot send mail).
    MailApp: 'script.send_mail',
    // UrlFetchApp (and the HTTPResponse it returns): FULL only, like MailApp.
    UrlFetchApp: 'script.external_request',
    // The Sheets advanced service (not listed above: FULL only, like openById).
    Sheets: 'spreadsheets',
  }),
};

/** @param {AuthModeName} mode @param {string} className @param {string} method */
function isAllowed(mode, className, method) {
  if (mode === 'FULL') return true;
  const allowed = ALLOWED[mode];
  return allowed.has(`${className}.${method}`) || allowed.has(`${className}.*`);
}

/** Apps Script's message for a call the mode does not allow. @param {string} className @param {string} method @param {string} service */
function permissionMessage(className, method, service) {
  const scope = SCOPES.byClass[className] ?? SCOPES.byService[service];
  const required = scope ? ` Required permissions: https://www.googleapis.com/auth/${scope}` : '';
  return `You do not have permission to call ${className}.${method}.${required}`;
}

/**
 * A new version whose manifest adds a scope: the user who authorized the old scope set has not granted
 * the new one. An interactive execution asks them first (Google's authorization dialog; the runtime
 * takes it as accepted, index.js load()); an add-on's time-driven trigger cannot ask, and "executes until
 * it reaches code that uses an unauthorized service" (developers.google.com/workspace/add-ons/concepts/
 * editor-triggers), where it stops with Apps Script's message.
 */
const AUTHORIZATION_REQUIRED = 'Authorization is required to perform that action.';

/** The full URL of the scope a call needs, or null (Properties, Lock, Utilities, Logger need none). @param {string} className @param {string} service */
function scopeOf(className, service) {
  const scope = SCOPES.byClass[className] ?? SCOPES.byService[service];
  return scope ? `https://www.googleapis.com/auth/${scope}` : null;
}

/**
 * True when the call needs a scope the user has not granted (`granted`: the scopes they authorized).
 * ScriptApp.getAuthorizationInfo never does: it is how a script finds out.
 * @param {string[]} granted @param {string} className @param {string} method @param {string} service
 */
function lacksScope(granted, className, method, service) {
  if (className === 'ScriptApp' && method === 'getAuthorizationInfo') return false;
  const scope = scopeOf(className, service);
  return scope !== null && !granted.includes(scope);
}

/** @param {unknown} mode @returns {AuthModeName} */
function checkAuthMode(mode) {
  if (mode === 'NONE' || mode === 'LIMITED' || mode === 'FULL') return mode;
  throw new Error(`Unknown authMode ${String(mode)}: use 'NONE', 'LIMITED' or 'FULL'`);
}

module.exports = { isAllowed, permissionMessage, checkAuthMode, lacksScope, AUTHORIZATION_REQUIRED };
