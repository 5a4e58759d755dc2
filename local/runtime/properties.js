// @ts-check
// PropertiesService: document, script and user stores of string key/value pairs, with Apps Script's
// quotas (9 KB per value, 500 KB per store). The stores are plain objects owned by the cloud (cloud.js):
// one per document, one per user, one for the script. Writes change a store in place, so whoever holds
// a store object (a test, the bench, a second runtime) sees them.

const VALUE_LIMIT = 9 * 1024;
const TOTAL_LIMIT = 500 * 1024;

/**
 * @typedef {Record<string, string>} Store
 * @typedef {{ document: Store, script: Store, user: Store }} PropertyStores
 * @typedef {{ document: () => Store | null, script: () => Store, user: () => Store }} StoreLookup
 *   The stores of one execution. `document` is null where the execution has no document (an add-on's
 *   time-driven trigger): reference/properties/properties-service#getDocumentProperties "When document
 *   properties are not available this method returns null".
 */

/** @returns {PropertyStores} */
function emptyPropertyStores() {
  return { document: {}, script: {}, user: {} };
}

/** @param {string} s */
const bytes = (s) => Buffer.byteLength(s, 'utf8');

/** Makes `store` hold exactly `next`, keeping the same object. @param {Store} store @param {Store} next */
function replaceContents(store, next) {
  for (const key of Object.keys(store)) if (!Object.hasOwn(next, key)) delete store[key];
  Object.assign(store, next);
}

class PropertiesServiceApi {
  /** @param {import('./instrument').Env} env @param {StoreLookup} stores */
  constructor(env, stores) {
    this._env = env;
    this._stores = stores;
  }

  getDocumentProperties() {
    const store = this._stores.document();
    return store ? this._open(store) : null;
  }

  getScriptProperties() {
    return this._open(this._stores.script());
  }

  getUserProperties() {
    return this._open(this._stores.user());
  }

  /** @param {Store} store */
  _open(store) {
    return this._env.wrap(new Properties(this._env, store), 'Properties', 'PropertiesService');
  }
}

class Properties {
  /** @param {import('./instrument').Env} env @param {Store} data */
  constructor(env, data) {
    this._env = env;
    this._data = data;
  }

  /** @param {string} key @returns {string | null} */
  getProperty(key) {
    return Object.hasOwn(this._data, String(key)) ? this._data[String(key)] : null;
  }

  getProperties() {
    return { ...this._data };
  }

  getKeys() {
    return this._env.array(Object.keys(this._data));
  }

  /** @param {string} key @param {string} value */
  setProperty(key, value) {
    this._commit({ ...this._data, [this._key(key)]: this._value(value) });
    return this;
  }

  /** @param {Record<string, unknown>} properties @param {boolean} [deleteAllOthers] */
  setProperties(properties, deleteAllOthers = false) {
    if (!properties || typeof properties !== 'object') throw this._env.exception('Invalid argument: properties');
    /** @type {Store} */
    const next = deleteAllOthers ? {} : { ...this._data };
    for (const [k, v] of Object.entries(properties)) next[this._key(k)] = this._value(v);
    this._commit(next);
    return this;
  }

  /** @param {string} key */
  deleteProperty(key) {
    delete this._data[String(key)];
    return this;
  }

  deleteAllProperties() {
    replaceContents(this._data, {});
    return this;
  }

  /** @param {unknown} key */
  _key(key) {
    if (key === null || key === undefined || String(key) === '') throw this._env.exception('Invalid argument: key');
    return String(key);
  }

  /** @param {unknown} value */
  _value(value) {
    if (value === null || value === undefined) throw this._env.exception('Invalid argument: value');
    const s = String(value);
    if (bytes(s) > VALUE_LIMIT) throw this._env.exception('Argument too large: value');
    return s;
  }

  /** @param {Store} next */
  _commit(next) {
    let total = 0;
    for (const [k, v] of Object.entries(next)) total += bytes(k) + bytes(v);
    if (total > TOTAL_LIMIT) {
      throw this._env.exception(
        'You have exceeded the property storage quota. Please remove some properties and try again.',
      );
    }
    replaceContents(this._data, next);
  }
}

module.exports = { PropertiesServiceApi, emptyPropertyStores, VALUE_LIMIT, TOTAL_LIMIT };
