// @ts-check
// Stripe's request bodies and query strings: application/x-www-form-urlencoded, with nested fields in
// brackets (https://docs.stripe.com/api, "Form-encoded requests"): `metadata[invoice]=S-1:2`,
// `expand[]=setup_intent`, `payment_method_types[0]=card`. decodeForm turns them into plain objects and
// arrays; canonical gives the same text for the same parameters whatever their order (what the
// idempotency layer compares).

/** @typedef {{ [key: string]: any }} FormObject  fields: strings, arrays and objects of them */

/** The fields of a form-encoded text, nested as the brackets say. @param {string} text @returns {FormObject} */
function decodeForm(text) {
  /** @type {FormObject} */
  const root = {};
  if (!text) return root;
  for (const [name, value] of new URLSearchParams(text)) {
    const parts = splitName(name);
    if (!parts) continue;
    /** @type {any} */
    let node = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = !last && (parts[i + 1] === '' || /^\d+$/.test(parts[i + 1]));
      if (Array.isArray(node)) {
        const index = part === '' ? node.length : Number(part);
        if (last) node[index] = value;
        else node = node[index] ??= nextIsIndex ? [] : {};
      } else if (last) node[part] = value;
      else node = node[part] ??= nextIsIndex ? [] : {};
    });
  }
  return root;
}

/** `a[b][]` → ['a', 'b', '']; null for a name that is no field. @param {string} name */
function splitName(name) {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
  if (!m) return null;
  return [m[1], ...[...m[2].matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1])];
}

/** The same text for the same fields in any order. @param {unknown} value @returns {string} */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(/** @type {Record<string, unknown>} */ (value)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** Form-encodes a nested object (what a client library sends). @param {Record<string, unknown>} fields */
function encodeForm(fields) {
  const form = new URLSearchParams();
  /** @param {string} name @param {unknown} value */
  const add = (name, value) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) add(`${name}[${i}]`, v);
    } else if (typeof value === 'object')
      for (const [k, v] of Object.entries(/** @type {object} */ (value))) add(`${name}[${k}]`, v);
    else form.append(name, String(value));
  };
  for (const [k, v] of Object.entries(fields)) add(k, v);
  return form.toString();
}

module.exports = { decodeForm, canonical, encodeForm };
