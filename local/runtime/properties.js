// @ts-check
// PropertiesService: document, script and user stores of string key/value pairs, with Apps Script's
// quotas (9 KB per value, 500 KB per store). The stores are plain objects owned by the runtime, so
// they can be persisted (sidecar JSON) or shared between runtimes in a test.

const VALUE_LIMIT = 9 * 1024;
const TOTAL_LIMIT = 500 * 1024;

/** @typedef {{ document: Record<string, string>, script: Record<string, string>, user: Record<string, string> }} PropertyStores */

/** @returns {PropertyStores} */
function emptyPropertyStores() {
  return { document: {}, script: {}, user: {} };
}

/** @param {string} s */
const bytes = (s) => Buffer.byteLength(s, 'utf8');

class PropertiesServiceApi {
  /** @param {import('./instrument').Env} env @param {PropertyStores} stores */
  constructor(env, stores) {
    this._env = env;
    this._stores = stores;
  }

  getDocumentProperties() {
    return this._open('document');
  }

  getScriptProperties() {
    return this._open('script');
  }

  getUserProperties() {
    return this._open('user');
  }

  /** @param {keyof PropertyStores} kind */
  _open(kind) {
    return this._env.wrap(new Properties(this._env, this._stores, kind), 'Properties', 'PropertiesService');
  }
}

class Properties {
  /** @param {import('./instrument').Env} env @param {PropertyStores} stores @param {keyof PropertyStores} kind */
  constructor(env, stores, kind) {
    this._env = env;
    this._stores = stores;
    this._kind = kind;
  }

  get _data() {
    return this._stores[this._kind];
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
    /** @type {Record<string, string>} */
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
    this._stores[this._kind] = {};
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

  /** @param {Record<string, string>} next */
  _commit(next) {
    let total = 0;
    for (const [k, v] of Object.entries(next)) total += bytes(k) + bytes(v);
    if (total > TOTAL_LIMIT) {
      throw this._env.exception(
        'You have exceeded the property storage quota. Please remove some properties and try again.',
      );
    }
    this._stores[this._kind] = next;
  }
}

module.exports = { PropertiesServiceApi, emptyPropertyStores, VALUE_LIMIT, TOTAL_LIMIT };
