// @ts-check
// The project deployed as a web app (https://developers.google.com/apps-script/guides/web): what the
// manifest's `webapp` section says, who may load the page and as whom it runs, the event object doGet(e)
// gets, and what google.script.run may call and return. The Runtime runs the executions (index.js:
// webApp, webAppCall).
//
// Manifest (https://developers.google.com/apps-script/manifest/web-app-api-executable#webapp):
//   "webapp": { "executeAs": "USER_ACCESSING" | "USER_DEPLOYING", "access": "MYSELF" | "DOMAIN" | "ANYONE" | "ANYONE_ANONYMOUS" }
// - access: MYSELF only the deployer; DOMAIN accounts of the deployer's domain; ANYONE any signed-in
//   Google account; ANYONE_ANONYMOUS anyone, signed in or not. A visitor who must sign in and has not
//   gets Google's sign-in page; a signed-in account the access excludes gets Drive's "You need access".
// - executeAs: USER_ACCESSING runs as the visitor (who must then be signed in, whatever the access says:
//   the deploy dialog offers "Anyone" only with "Execute as: Me"), USER_DEPLOYING as the deployer.
// - Session.getActiveUser() under USER_DEPLOYING: reference/base/session#getActiveUser "the user's
//   email address is not available in … a web app deployed to 'execute as me' … these restrictions
//   generally do not apply if the developer runs the script themselves or belongs to the same Google
//   Workspace domain as the user": the visitor's email for the deployer or a same-domain visitor (not
//   gmail.com, which is no Workspace domain), else ''.
// Where the manifest page is silent the runtime chooses: a `webapp` section without executeAs runs as
// the deployer, without access admits the deployer only (the deploy dialog's defaults, "Me" and "Only
// myself").

const fs = require('node:fs');
const path = require('node:path');

/** A made-up deployment id (real ones start with AKfycb): the web app's URL is fixed for a project. */
const LOCAL_DEPLOYMENT_ID = 'AKfycbLocalStudioPackagesFrontDesk';
const EXECUTE_AS = ['USER_ACCESSING', 'USER_DEPLOYING'];
const ACCESS = ['MYSELF', 'DOMAIN', 'ANYONE', 'ANYONE_ANONYMOUS'];
/** What a doGet that returns no HtmlOutput shows (Google's wording). */
const NOTHING_RETURNED = 'The script completed but did not return anything.';

/**
 * @typedef {{ executeAs: 'USER_ACCESSING' | 'USER_DEPLOYING', access: 'MYSELF' | 'DOMAIN' | 'ANYONE' | 'ANYONE_ANONYMOUS' }} WebAppDeployment
 * @typedef {Record<string, string | string[]> | string} WebAppQuery  the URL's query: parsed, or the string after "?"
 * @typedef {{ user?: string | null }} WebAppVisit  `user`: the signed-in Google account; null or '' for nobody
 * @typedef {{ status: 'signin' } | { status: 'denied', user: string }} Refusal
 *   signin: Google's sign-in page, nothing runs; denied: Drive's "You need access" page, nothing runs
 * @typedef {{ user: string | null, runAs: string, activeUser: string }} Admission
 *   `user` the visitor (null: anonymous), `runAs` the effective user, `activeUser` what
 *   Session.getActiveUser() tells the script
 * @typedef {Refusal
 *   | { status: 'ok', user: string | null, runAs: string, title: string, html: string, metaTags: { name: string, content: string }[] }
 *   | { status: 'error', user: string | null, runAs: string, message: string }} WebAppPage
 *   what a visit shows: the page doGet returned, or Google's error page with the message
 */

/**
 * The manifest's `webapp` section in `distDir`, or null when the project has none (it is not deployed
 * as a web app). An unknown executeAs or access throws: Apps Script refuses such a manifest.
 * @param {string} distDir @returns {WebAppDeployment | null}
 */
function manifestWebApp(distDir) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'appsscript.json'), 'utf8'));
  } catch {
    return null;
  }
  const webapp = manifest?.webapp;
  if (!webapp || typeof webapp !== 'object') return null;
  const executeAs = webapp.executeAs ?? 'USER_DEPLOYING';
  const access = webapp.access ?? 'MYSELF';
  if (!EXECUTE_AS.includes(executeAs))
    throw new Error(`appsscript.json: webapp.executeAs must be one of ${EXECUTE_AS}`);
  if (!ACCESS.includes(access)) throw new Error(`appsscript.json: webapp.access must be one of ${ACCESS}`);
  return { executeAs, access };
}

/** The URL of the deployed web app (what ScriptApp.getService().getUrl() returns). */
function defaultWebAppUrl() {
  return `https://script.google.com/macros/s/${LOCAL_DEPLOYMENT_ID}/exec`;
}

/** @param {string} email */
function domainOf(email) {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * Whether the visit runs, and as whom.
 * @param {WebAppDeployment} deployment @param {string} deployer the runtime's user
 * @param {string | null | undefined} visitor @returns {Refusal | Admission}
 */
function admit(deployment, deployer, visitor) {
  const user = visitor ? String(visitor) : null;
  const sameAccount = user !== null && user.toLowerCase() === deployer.toLowerCase();
  const sameDomain = user !== null && domainOf(user) === domainOf(deployer);
  if (user === null && (deployment.access !== 'ANYONE_ANONYMOUS' || deployment.executeAs === 'USER_ACCESSING'))
    return { status: 'signin' };
  if (user !== null && deployment.access === 'MYSELF' && !sameAccount) return { status: 'denied', user };
  if (user !== null && deployment.access === 'DOMAIN' && !sameDomain) return { status: 'denied', user };
  if (deployment.executeAs === 'USER_ACCESSING')
    return { user, runAs: /** @type {string} */ (user), activeUser: /** @type {string} */ (user) };
  const visible = sameAccount || (sameDomain && domainOf(deployer) !== 'gmail.com');
  return { user, runAs: deployer, activeUser: visible ? /** @type {string} */ (user) : '' };
}

/**
 * The event object of doGet(e) (guides/web › Request parameters): `queryString` (null without one),
 * `parameter` (the first value of each name), `parameters` (every value), `contextPath` '' and
 * `contentLength` -1, as a GET request shows them. No `pathInfo`: the page is the web app's root.
 * @param {WebAppQuery | undefined} query
 */
function webAppEvent(query) {
  const params = new URLSearchParams();
  if (typeof query === 'string') {
    for (const [name, value] of new URLSearchParams(query.replace(/^\?/, ''))) params.append(name, value);
  } else {
    for (const [name, value] of Object.entries(query ?? {}))
      for (const v of Array.isArray(value) ? value : [value]) params.append(name, String(v));
  }
  /** @type {Record<string, string>} */
  const parameter = {};
  /** @type {Record<string, string[]>} */
  const parameters = {};
  for (const [name, value] of params) {
    if (!(name in parameters)) {
      parameter[name] = value;
      parameters[name] = [];
    }
    parameters[name].push(value);
  }
  const queryString = typeof query === 'string' ? query.replace(/^\?/, '') : params.toString();
  return { queryString: queryString || null, parameter, parameters, contextPath: '', contentLength: -1 };
}

/** True when `value` holds something google.script.run can't return (a Date, a function …). */
function illegalResult(/** @type {unknown} */ value, seen = new Set()) {
  if (value === null || value === undefined) return false;
  const type = typeof value;
  if (type === 'function' || type === 'symbol' || type === 'bigint') return true;
  if (type !== 'object') return false;
  if (Object.prototype.toString.call(value) === '[object Date]') return true;
  if (seen.has(value)) return true;
  seen.add(value);
  const found = Object.values(/** @type {object} */ (value)).some((v) => illegalResult(v, seen));
  seen.delete(value);
  return found;
}

/**
 * What the page's success handler gets for a server function's result (guides/html/reference/run):
 * plain JSON data; undefined, or a result holding an illegal value (a Date…), arrives as null.
 * @param {unknown} result
 */
function toClientValue(result) {
  return result === undefined || illegalResult(result) ? null : JSON.parse(JSON.stringify(result));
}

/**
 * Whether google.script.run may call `name`: a top-level function of the bundle (`entryPoints`) whose
 * name does not end in "_" (guides/html/reference/run: private functions are hidden from the client).
 * @param {string[]} entryPoints @param {string} name
 */
function isCallable(entryPoints, name) {
  return !name.endsWith('_') && entryPoints.includes(name);
}

module.exports = {
  LOCAL_DEPLOYMENT_ID,
  NOTHING_RETURNED,
  manifestWebApp,
  defaultWebAppUrl,
  admit,
  webAppEvent,
  illegalResult,
  toClientValue,
  isCallable,
};
