// @ts-check
// Calling into a loaded bundle the way the add-on's clients do, for the CLI, the demo seed and the preview
// server. It requires nothing of theirs, so each of them can require it at the top.

/**
 * Calls one endpoint with a JSON-serialisable argument and returns its plain-JSON result, as
 * google.script.run would. The result is `any`: it is whatever the (untyped) bundle returned.
 * @param {Record<string, Function>} script @param {string} name @param {unknown} [arg]
 * @returns {any}
 */
function callEndpoint(script, name, arg) {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name) || typeof script[name] !== 'function') {
    throw new Error(`Unknown endpoint "${name}".`);
  }
  const result = arg === undefined ? script[name]() : script[name](JSON.parse(JSON.stringify(arg)));
  return result === undefined ? null : JSON.parse(JSON.stringify(result));
}

/**
 * The active spreadsheet of an interactive execution (what the CLI and the preview run): there is always
 * one; only an add-on's time-driven trigger runs without it.
 * @param {import('./runtime').Runtime} runtime
 */
function activeSpreadsheet(runtime) {
  const ss = runtime.globals().SpreadsheetApp.getActive();
  if (!ss) throw new Error('No active spreadsheet in this execution.');
  return ss;
}

module.exports = { callEndpoint, activeSpreadsheet };
