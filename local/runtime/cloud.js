// @ts-check
// The cloud: what every execution of one script project shares, whoever runs it and in whichever
// spreadsheet. Several runtimes (one per user and open spreadsheet) can share one cloud:
//
//   const cloud = createCloud();
//   const owner = createRuntime({ workbook: a, cloud, userEmail: 'owner@x', mode: 'addon' });
//   const helper = createRuntime({ workbook: a, cloud, userEmail: 'helper@x', mode: 'addon' });
//
// - triggers: every installable trigger of the project; each belongs to a user and a document.
// - documentProperties[docId], userProperties[email], scriptProperties: PropertiesService's stores.
// - drive: the spreadsheets users can open by id (who may open each: its `sharing`, sharing.js). A
//   runtime given a cloud adds its own workbook.
// - failureEmails: what Apps Script would email the owner of a failing trigger (bound scripts only).
// - enabled: `${email}|${docId}`, the add-on was used in that document by that user.
// - mail: MailApp's outbox (every message sent) and each user's daily quota window (mail.js).
// - apiQuota: the project's Sheets API per-minute counters (quota.js), made on first use.
// - internet: what UrlFetchApp reaches (urlfetch.js): a handler per host, and each user's daily quota
//   window. By default it serves the emulated Stripe API at api.stripe.com and its hosted pages at
//   checkout.stripe.com (a Checkout page) and buy.stripe.com (a Payment Link's page), all over `stripe`
//   (stripe/index.js), whose state (keys, customers, charges…)
//   every execution shares.
// - authorizations[email]: the OAuth scopes that user granted, when a test says so (an older version's
//   set); absent: every scope the manifest asks for (auth.js, scriptapp.js getAuthorizationInfo).

const { createMailbox } = require('./mail');
const { createInternet } = require('./urlfetch');
const { createStripe, API_HOST, CHECKOUT_HOST_NAME } = require('./stripe');
const { checkoutHost } = require('./stripe/hosted');
const { buyHost, BUY_HOST_NAME } = require('./stripe/buypage');

/**
 * @typedef {import('./scriptapp').TriggerRecord} TriggerRecord
 * @typedef {import('./properties').Store} Store
 * @typedef {import('./properties').PropertyStores} PropertyStores
 * @typedef {{ to: string, handler: string, message: string, at: string }} FailureEmail
 * @typedef {{ triggers: TriggerRecord[], documentProperties: Record<string, Store>,
 *   userProperties: Record<string, Store>, scriptProperties: Store,
 *   drive: Map<string, import('./workbook').Workbook>, failureEmails: FailureEmail[], enabled: Set<string>,
 *   mail: import('./mail').Mailbox, authorizations: Record<string, string[]>,
 *   apiQuota?: import('./quota').ApiQuota, internet: import('./urlfetch').Internet,
 *   stripe: import('./stripe').StripeEmulator }} Cloud
 */

/** A new, empty cloud (or one holding `parts`). @param {Partial<Cloud>} [parts] @returns {Cloud} */
function createCloud(parts = {}) {
  const stripe = parts.stripe ?? createStripe();
  return {
    triggers: [],
    documentProperties: {},
    userProperties: {},
    scriptProperties: {},
    drive: new Map(),
    failureEmails: [],
    enabled: new Set(),
    mail: createMailbox(),
    authorizations: {},
    internet: internetOf(stripe),
    ...parts,
    stripe,
  };
}

/** The internet a cloud reaches: the emulated Stripe API and its hosted pages. @param {import('./stripe').StripeEmulator} stripe */
function internetOf(stripe) {
  return createInternet({
    [API_HOST]: stripe,
    [CHECKOUT_HOST_NAME]: checkoutHost(stripe),
    [BUY_HOST_NAME]: buyHost(stripe),
  });
}

/** Makes `target[key]` read and write `holder[field]`, so either side may replace the object. */
function link(
  /** @type {object} */ target,
  /** @type {string} */ key,
  /** @type {PropertyStores} */ holder,
  /** @type {keyof PropertyStores} */ field,
) {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get: () => holder[field],
    set: (/** @type {Store} */ value) => {
      holder[field] = value;
    },
  });
}

/**
 * The private cloud of a runtime built with the one-user options: `properties` holds this document's,
 * this user's and the script's stores, `triggers` the trigger list and `drive` the other spreadsheets,
 * all shared by reference with whoever passed them, and `mail` MailApp's outbox and quota (likewise).
 * @param {{ properties?: PropertyStores, triggers?: TriggerRecord[], drive?: Map<string, import('./workbook').Workbook>,
 *   mail?: import('./mail').Mailbox, stripe?: import('./stripe').StripeEmulator }} options
 * @param {string} documentId @param {string} userEmail
 * @returns {Cloud}
 */
function cloudOf(options, documentId, userEmail) {
  const stores = options.properties ?? { document: {}, script: {}, user: {} };
  const cloud = createCloud({
    triggers: options.triggers ?? [],
    drive: options.drive ?? new Map(),
    mail: options.mail ?? createMailbox(),
    ...(options.stripe && { stripe: options.stripe, internet: internetOf(options.stripe) }),
  });
  link(cloud.documentProperties, documentId, stores, 'document');
  link(cloud.userProperties, userEmail, stores, 'user');
  link(cloud, 'scriptProperties', stores, 'script');
  return cloud;
}

/** @param {string} email @param {string} documentId */
function enabledKey(email, documentId) {
  return `${email}|${documentId}`;
}

/**
 * True once anyone used the add-on in the document: add-ons/concepts/editor-auth-lifecycle › Editor
 * add-on states "An add-on is enabled in a document … when anyone uses it there" (its onOpen then runs
 * in LIMITED for every collaborator).
 * @param {Cloud} cloud @param {string} documentId
 */
function isEnabledIn(cloud, documentId) {
  for (const key of cloud.enabled) if (key.endsWith(`|${documentId}`)) return true;
  return false;
}

module.exports = { createCloud, cloudOf, enabledKey, isEnabledIn, internetOf };
